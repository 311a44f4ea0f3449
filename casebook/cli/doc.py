"""The `casebook doc` commands: set and show a document's metadata (which fields a person set), re-analyse."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casebook.cli.common import EXIT_CANCELLED, ProgressLine, case_option, emit_json, json_option, resolve_case_path
from casebook.core.documents import DateBasis, DocumentKind
from casebook.services import documents as document_service
from casebook.services import metadata
from casebook.services.cases import open_case
from casebook.services.search import sync_index


@click.group()
def doc() -> None:
    """A document's metadata: show it, correct it (the lawyer has the last word), re-analyse it."""


@doc.command("set")
@click.argument("doc_ref", metavar="DOC")
@click.option("--title", default=None, help="The document's title as it should be cited.")
@click.option("--short-cite", default=None, help='Short cite used in pin cites, charts and indexes ("Romo Decl.").')
@click.option("--kind", type=click.Choice([k.value for k in DocumentKind]), default=None)
@click.option("--date", default=None, help="The document's date, YYYY-MM-DD.")
@click.option("--date-basis", type=click.Choice([b.value for b in DateBasis]), default=None,
              help="What the date is.")
@click.option("--court", default=None)
@click.option("--docket", multiple=True, help="A docket number (repeat for a consolidated filing; the first is "
                                              "the case number).")
@click.option("--ecf", default=None, help='District or bankruptcy docket-entry number ("62", "12-2").')
@click.option("--appellate-id", default=None, help="An appellate court's document ID (never cited as ECF).")
@click.option("--author", default=None)
@click.option("--publisher", default=None, help="News site or outlet.")
@click.option("--description", default=None)
@click.option("--parties", default=None, help='Short case name, "Calvary Chapel of Bangor v. Mills".')
@click.option("--clear", "clear", multiple=True, metavar="FIELD", help="Empty a field (repeatable).")
@click.option("--reset", "release", multiple=True, metavar="FIELD",
              help="Give a field back to the analysis: re-analysis and OCR may change it again (repeatable).")
@case_option
@json_option
def set_command(doc_ref: str, title: str | None, short_cite: str | None, kind: str | None, date: str | None,
                date_basis: str | None, court: str | None, docket: tuple[str, ...], ecf: str | None,
                appellate_id: str | None, author: str | None, publisher: str | None, description: str | None,
                parties: str | None, clear: tuple[str, ...], release: tuple[str, ...], case_path: Path | None,
                as_json: bool) -> None:
    """Correct a document's metadata. Each field set is remembered as set by a person: re-analysis, OCR and
    re-import never change it. `casebook undo` undoes the edit.

    FIELD for --clear and --reset: title, short-cite, kind, date, date-basis, court, docket, ecf, appellate-id,
    author, publisher, description, parties.
    """
    given = {"title": title, "short_cite": short_cite, "kind": kind, "date": date, "date_basis": date_basis,
             "court": court, "docket_numbers": list(docket) or None, "ecf_document_number": ecf,
             "appellate_document_id": appellate_id, "author": author, "publisher": publisher,
             "description": description, "parties": parties}
    changes: dict[str, object] = {name: value for name, value in given.items() if value is not None}
    for name in clear:
        field = metadata.canonical_field(name)
        if field in changes:
            raise click.UsageError(f"--clear {name} and a new value for it were both given")
        changes[field] = None
    if not changes and not release:
        raise click.UsageError("give at least one field to set, --clear or --reset (see --help)")
    with open_case(resolve_case_path(case_path)) as case:
        record = document_service.resolve_document(case, doc_ref)
        edit = metadata.edit_document_metadata(case, record.id, changes, release=release)
        sync_index(case)
    if as_json:
        emit_json(edit.to_dict())
        return
    if not edit.changes:
        click.echo(f"Document {record.id}: nothing changed.")
    for change in edit.changes:
        click.echo(f"Document {record.id}: {change.field}: {_shown(change.old)} → {_shown(change.new)}")
    person = sorted(edit.document.person_fields)
    click.echo(f"Set by person: {', '.join(person) if person else 'none'}")


def _shown(value: object) -> str:
    text = metadata.display(value)
    return f"“{text}”" if text else "(empty)"


@doc.command("show")
@click.argument("doc_ref", metavar="DOC")
@case_option
@json_option
def show_command(doc_ref: str, case_path: Path | None, as_json: bool) -> None:
    """Each metadata field of a document and whether it was extracted or set by a person; its risk flags."""
    with open_case(resolve_case_path(case_path)) as case:
        record = document_service.resolve_document(case, doc_ref)
    fields = metadata.document_fields(record)
    flags = [{"kind": f.kind.value, "pages": list(f.pages), "detail": f.detail} for f in record.risk_flags]
    if as_json:
        emit_json({"id": record.id, "sha256": record.sha256, "fields": {f.field: f.to_dict() for f in fields},
                   "filed_date": record.filed_date, "risk_flags": flags})
        return
    click.echo(f"Document {record.id} ({record.format}, {record.page_count} page(s), {record.original_name})")
    for f in fields:
        click.echo(f"{f.label:>22}: {f.text or '—':<60} [{f.origin}]")
    if record.filed_date:
        click.echo(f"{'Filed (ECF stamp)':>22}: {record.filed_date}")
    for flag in flags:
        pages = ", ".join(map(str, flag["pages"]))
        click.echo(f"{'RISK':>22}: {flag['kind']}{f' (page {pages})' if pages else ''}: {flag['detail']}")


@doc.command("reanalyse")
@click.argument("docs", nargs=-1)
@case_option
@json_option
def reanalyse_command(docs: tuple[str, ...], case_path: Path | None, as_json: bool) -> None:
    """Run today's filing analysis again on stored text (default: every document); fields a person set stay.

    Exit status: 0 when done, 130 when cancelled.
    """
    bar = ProgressLine("Re-analysing")
    with open_case(resolve_case_path(case_path)) as case:
        ids = [document_service.resolve_document(case, ref).id for ref in docs] or None
        try:
            report = metadata.reanalyse_documents(case, ids, progress=bar)
            sync_index(case)
        finally:
            bar.finish()
    if as_json:
        emit_json(report.to_dict())
    else:
        for result in report.documents:
            if result.skipped:
                click.echo(f"skipped   #{result.document_id} {result.title[:50]}: {result.skipped}")
            elif not result.changes:
                click.echo(f"unchanged #{result.document_id} {result.title[:50]}")
            else:
                found = "; ".join(f"{k}: {_shown(o)} → {_shown(n)}" for k, (o, n) in result.changes.items())
                click.echo(f"updated   #{result.document_id} {result.title[:50]}: {found}")
    if report.cancelled:
        sys.exit(EXIT_CANCELLED)
