"""`casebook report timeline`: the case timeline as a PDF or PNG figure for a brief or a demonstrative exhibit."""

from __future__ import annotations

from pathlib import Path

import click

from casebook.cli.common import case_option, resolve_case_path
from casebook.services.cases import open_case
from casebook.services.cast import resolve_entity, resolve_issue
from casebook.services.timeline import TimelineFilters, write_figure


@click.command("timeline")
@click.option("--format", "fmt", type=click.Choice(("pdf", "png")), default="pdf", show_default=True,
              help="pdf: the figure and its numbered key (vector, searchable); png: the first page as an image.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Output file (default: the case's exports/timeline.FORMAT).")
@click.option("--issue", default=None, help="Only claims on this issue (id, outline number or title) and its "
                                            "sub-issues, with the documents bearing on them.")
@click.option("--tag", default=None, help="Only claims and documents carrying this tag (or a tag below it).")
@click.option("--person", default=None, help="Only what this person or organisation asserts, is named in or wrote.")
@click.option("--title", default=None, help="Figure title (default: Timeline — CASE TITLE).")
@case_option
def timeline_command(fmt: str, out: Path | None, issue: str | None, tag: str | None, person: str | None,
                     title: str | None, case_path: Path | None) -> None:
    """Claims by event date (ranges as bars) and documents by date, coloured by claim status, with a key."""
    with open_case(resolve_case_path(case_path)) as case:
        filters = TimelineFilters(issue_id=resolve_issue(case, issue).id if issue else None, tag=tag,
                                  entity_id=resolve_entity(case, person).id if person else None)
        target = out if out is not None else case.layout.exports / f"timeline.{fmt}"
        written = write_figure(case, target, fmt=fmt, filters=filters, title=title)
    click.echo(f"Wrote the timeline ({fmt}) to {written}", err=True)
