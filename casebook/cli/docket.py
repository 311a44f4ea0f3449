"""The `casebook docket` command: the entries of the case's docket sheets and the filings they link to."""

from __future__ import annotations

from pathlib import Path

import click

from casebook.cli.common import case_option, emit_json, json_option, resolve_case_path
from casebook.services import documents as document_service
from casebook.services.cases import open_case
from casebook.services.dockets import DocketLine, docket_lines, missing_filings


def _status(line: DocketLine) -> str:
    if line.linked:
        return f"#{line.filing_id} {line.filing_title}"
    return "missing" if line.entry.number is not None else "—"


@click.command("docket")
@click.argument("doc", required=False)
@click.option("--missing", "only_missing", is_flag=True, help="Only numbered entries whose filing is not in the case.")
@case_option
@json_option
def docket(doc: str | None, only_missing: bool, case_path: Path | None, as_json: bool) -> None:
    """List docket entries: number, date filed, short text, and the imported filing each links to, or "missing".

    DOC limits the list to one docket sheet (its id or a SHA-256 prefix). Entries link to filings of the same case
    (judge initials and "No." aside) by ECF number; an attachment ("62-1") belongs to entry 62.
    """
    with open_case(resolve_case_path(case_path)) as case:
        docket_id = document_service.resolve_document(case, doc).id if doc else None
        lines = docket_lines(case, docket_id)
    if only_missing:
        lines = missing_filings(lines)
    if as_json:
        emit_json([line.to_dict() for line in lines])
        return
    if not lines:
        click.echo("No docket entries: import a docket sheet saved from PACER (HTML).")
        return
    sheet = None
    for line in lines:
        if line.docket_id != sheet:
            sheet = line.docket_id
            click.echo(f"Docket #{sheet}" + (f" — {line.entry.case_number}" if line.entry.case_number else ""))
            click.echo(f"{'NO.':>5}  {'FILED':<10}  {'DOCKET TEXT':<60}  FILING")
        entry = line.entry
        click.echo(f"{entry.number or '':>5}  {entry.date_filed or '':<10}  {entry.short_text(60):<60}  "
                   f"{_status(line)}")
    missing = missing_filings(lines)
    linked = sum(1 for line in lines if line.linked)
    click.echo(f"{len(lines)} entries: {linked} linked, {len(missing)} missing from the case.")
