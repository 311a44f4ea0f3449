"""The `casebook case` commands: the case's own caption for bundle covers and report headers."""

from __future__ import annotations

from pathlib import Path

import click

from casebook.cli.common import case_option, emit_json, json_option, resolve_case_path
from casebook.services import caption as caption_service
from casebook.services.cases import open_case


@click.group("case")
def case_group() -> None:
    """The case's caption: court, case number, caption and filer, used on bundle covers and report headers."""


@case_group.command("set")
@click.option("--court", default=None, help='"United States District Court for the District of Columbia".')
@click.option("--number", default=None, help='The case number, "1:25-cv-01234-ABC".')
@click.option("--caption", default=None, help='"Taxpayer Rights Center v. U.S. Department of the Treasury".')
@click.option("--filer", default=None, help='Who files, "Counsel for Plaintiff".')
@click.option("--clear", multiple=True, type=click.Choice(list(caption_service.PARTS)),
              help="Empty a part of the caption (repeatable).")
@case_option
@json_option
def case_set(court: str | None, number: str | None, caption: str | None, filer: str | None,
             clear: tuple[str, ...], case_path: Path | None, as_json: bool) -> None:
    """Set the case caption (audited; `casebook undo` undoes it)."""
    changes = {part: value for part, value in (("court", court), ("number", number), ("caption", caption),
                                               ("filer", filer)) if value is not None}
    for part in clear:
        if part in changes:
            raise click.UsageError(f"--clear {part} and --{part} were both given")
        changes[part] = ""
    if not changes:
        raise click.UsageError("give --court, --number, --caption, --filer or --clear (see --help)")
    with open_case(resolve_case_path(case_path)) as case:
        result = caption_service.set_caption(case, changes)
    if as_json:
        emit_json(result.to_dict())
    else:
        _print(result)


@case_group.command("show")
@case_option
@json_option
def case_show(case_path: Path | None, as_json: bool) -> None:
    """Show the case caption (empty parts are not set; covers then fall back to the first exhibit's)."""
    with open_case(resolve_case_path(case_path)) as case:
        result = caption_service.get_caption(case)
        title = case.title
    if as_json:
        emit_json({"title": title, **result.to_dict()})
        return
    click.echo(f"{'Case':>12}: {title}")
    _print(result)


def _print(result: caption_service.CaseCaption) -> None:
    for part, label in caption_service.PARTS.items():
        click.echo(f"{label:>12}: {getattr(result, part) or '(not set)'}")
