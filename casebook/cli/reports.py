"""Command line for the case reports: claim–evidence chart, chronology, cast of characters and issue outline."""

from __future__ import annotations

from pathlib import Path

import click

from casebook.cli.common import case_option, resolve_case_path
from casebook.export.atomic import write_text_atomically
from casebook.services.cases import open_case
from casebook.services.report_docx import write_docx_report
from casebook.services.report_formats import FORMATS, REPORTS, render_report

_HELP = {
    "chart": "Claim–evidence chart: each claim, its status and source, and its evidence with pin cites.",
    "chronology": "Claims and events by event date, with document dates beside them and conflicts flagged.",
    "cast": "Cast of characters: people and organisations, roles, aliases and possible same-name clashes.",
    "issues": "The issue outline with the claims bearing on each issue.",
}


def _report_command(name: str) -> click.Command:
    @click.command(name, help=_HELP[name])
    @click.option("--format", "fmt", type=click.Choice((*FORMATS, "docx")), default="md", show_default=True,
                  help="docx: a Word document, written to --out or to the case's exports/ folder.")
    @click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
                  help="Write to this file instead of printing.")
    @case_option
    def command(fmt: str, out: Path | None, case_path: Path | None) -> None:
        if fmt == "docx":
            with open_case(resolve_case_path(case_path)) as case:
                written = write_docx_report(case, name, out.expanduser() if out is not None else None)
            click.echo(f"Wrote the {name} report (docx) to {written}", err=True)
            return
        with open_case(resolve_case_path(case_path)) as case:
            text = render_report(case, name, fmt)
        if out is None:
            click.echo(text, nl=not text.endswith("\n"))
        else:
            write_text_atomically(out, text)
            click.echo(f"Wrote the {name} report ({fmt}) to {out}", err=True)

    return command


REPORT_COMMANDS = [_report_command(name) for name in REPORTS]


def register(cli: click.Group) -> None:
    """Add the report commands to the `report` group (shared with other reports), creating it if absent."""
    group = cli.commands.get("report")
    if not isinstance(group, click.Group):
        group = click.Group("report", help="Case reports as Markdown, CSV or JSON.")
        cli.add_command(group)
    for command in REPORT_COMMANDS:
        group.add_command(command)
    from casebook.cli.timeline import timeline_command  # the timeline figure (PDF/PNG)

    group.add_command(timeline_command)
