"""Entry point of the `casebook` command and its case commands: new, import, list, show, verify, log, demo."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from casebook import __version__
from casebook.cli.common import (
    EXIT_CANCELLED,
    EXIT_FAILURES,
    ProgressLine,
    case_option,
    emit_json,
    fail,
    json_option,
    resolve_case_path,
)
from casebook.cli.lazy import LAZY_COMMANDS, LazyCasebookGroup
from casebook.cli.render import document_json, print_document_table, print_import_summary, print_page

# Services are imported inside each command: `casebook --help` and small commands load only what they use.


@click.group(cls=LazyCasebookGroup, lazy_commands=LAZY_COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--case", "case_path", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Case folder to work on (default: the current folder).")
@click.option("-v", "--verbose", is_flag=True, help="Log what Casebook is doing to stderr.")
@click.version_option(__version__, prog_name="casebook")
@click.pass_context
def cli(ctx: click.Context, case_path: Path | None, verbose: bool) -> None:
    """Casebook: an offline case-evidence organiser.

    A case is a folder holding the store, the originals (by SHA-256, read-only), the search index and
    exports. Every command works on the case given by --case, or the current folder.
    """
    ctx.obj = {"case_path": case_path}
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", required=True, help='Case title, e.g. "Taxpayer Rights Center v. IRS".')
@json_option
def new(path: Path, title: str, as_json: bool) -> None:
    """Create a new case folder at PATH."""
    from casebook.services.cases import create_case

    with create_case(path, title=title) as case:
        root = case.layout.root
    if as_json:
        emit_json({"case": str(root), "title": title})
    else:
        click.echo(f"Created case “{title}” in {root}")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--password", default=None, help="Password for encrypted PDFs in this run.")
@click.option("--ocr", "run_ocr", is_flag=True, help="OCR imported pages that have no usable text layer (Tesseract).")
@case_option
@json_option
def import_command(paths: tuple[Path, ...], password: str | None, run_ocr: bool, case_path: Path | None,
                   as_json: bool) -> None:
    """Import files and folders (recursively): court PDFs, saved web pages (.html, .mhtml), text and Markdown.

    Exit status: 0 when every file was imported or was a duplicate, 1 when some failed, 130 when cancelled.
    """
    from casebook.cli import ocr as ocr_cli
    from casebook.services.cases import open_case
    from casebook.services.importing import import_paths
    from casebook.services.search import sync_index

    bar = ProgressLine("Importing")
    with open_case(resolve_case_path(case_path)) as case:
        try:
            summary = import_paths(case, list(paths), password=password, progress=bar)
            scanned = [d.document_id for d in summary.imported if d.pages_needing_ocr]
            # OCR before indexing, so the one index update carries the OCR text.
            ocr_report = (ocr_cli.ocr_documents(case, scanned, password=password, progress=bar)
                          if run_ocr and scanned else None)
            # New documents become searchable right away; if this is interrupted, the next sync resumes.
            sync_index(case)
        finally:
            bar.finish()
    if as_json:
        emit_json({**summary.to_dict(), **({"ocr": ocr_report.to_dict()} if ocr_report else {})})
    else:
        print_import_summary(summary)
        if ocr_report is not None:
            ocr_cli.print_ocr_report(ocr_report)
    if summary.cancelled or (ocr_report is not None and ocr_report.cancelled):
        sys.exit(EXIT_CANCELLED)
    if summary.failed:
        sys.exit(EXIT_FAILURES)


@cli.command("list")
@case_option
@json_option
def list_command(case_path: Path | None, as_json: bool) -> None:
    """List the case's documents with kind, pages, court, docket and ECF numbers, dates and flags."""
    from casebook.services import documents as document_service
    from casebook.services.cases import open_case

    with open_case(resolve_case_path(case_path)) as case:
        docs = document_service.list_documents(case)
        title = case.title
    if as_json:
        emit_json([document_json(d) for d in docs])
    else:
        print_document_table(title, docs)


@cli.command()
@click.argument("doc")
@click.option("--page", "page_number", type=int, default=None, help="Show only this page (1-based).")
@case_option
@json_option
def show(doc: str, page_number: int | None, case_path: Path | None, as_json: bool) -> None:
    """Show a document's metadata and page text. DOC is its id or a SHA-256 prefix."""
    from casebook.services import documents as document_service
    from casebook.services.cases import open_case

    with open_case(resolve_case_path(case_path)) as case:
        record = document_service.resolve_document(case, doc)
        pages = document_service.get_pages(case, record.id, numbers=[page_number] if page_number else None)
    if as_json:
        data = document_json(record)
        data["pages"] = [
            {"number": p.number, "label": p.label, "ecf_page": p.ecf_page, "needs_ocr": p.needs_ocr,
             "text_source": p.text_source, "ocr_quality": p.ocr_quality,
             "paragraphs": [
                {"number": q.number, "start": q.start, "end": q.end, "continued": q.continued}
                for q in p.paragraphs
            ], "text": p.text}
            for p in pages
        ]
        data["text"] = "\f".join(p.text for p in pages)
        emit_json(data)
        return
    print_document_table(None, [record], detailed=True)
    for page in pages:
        print_page(page, record)


@cli.command()
@case_option
@json_option
def verify(case_path: Path | None, as_json: bool) -> None:
    """Re-hash every original, check SQLite's integrity and the audit chain; exit 1 if anything is wrong."""
    from casebook.services.cases import open_case
    from casebook.services.verify import verify_case

    bar = ProgressLine("Verifying")
    with open_case(resolve_case_path(case_path)) as case:
        try:
            report = verify_case(case, progress=bar)
        finally:
            bar.finish()
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(f"Originals re-hashed: {report.originals_checked}; audit entries checked: {report.audit_entries}")
        for note in report.notes:
            click.echo(f"note: {note}")
        for problem in report.problems:
            click.echo(f"PROBLEM: {problem}")
        click.echo("Case verified: no problems found." if report.ok else f"{len(report.problems)} problem(s) found.")
    if not report.ok:
        sys.exit(EXIT_FAILURES)


@cli.command()
@click.option("--limit", type=int, default=None, help="Only the newest N entries.")
@case_option
@json_option
def log(limit: int | None, case_path: Path | None, as_json: bool) -> None:
    """Show the audit trail: every change made to the case, oldest first."""
    from casebook.services import documents as document_service
    from casebook.services.cases import open_case

    with open_case(resolve_case_path(case_path)) as case:
        entries = document_service.audit_trail(case, limit=limit)
    if as_json:
        emit_json([e.__dict__ for e in entries])
        return
    for e in entries:
        details = ", ".join(f"{k}={v}" for k, v in sorted(e.details.items()) if k != "original_path")
        click.echo(f"{e.seq:>5}  {e.at[:19]}  {e.actor:<10} {e.action:<20} {e.target:<14} {details}")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@json_option
def demo(path: Path, as_json: bool) -> None:
    """Build the bundled demo case (the IRS–DHS taxpayer-data matter, an illustrative reconstruction) at PATH."""
    from casebook.services.demo import build_demo

    bar = ProgressLine("Building demo")
    try:
        summary = build_demo(path, progress=bar)
    finally:
        bar.finish()
    if as_json:
        emit_json({"case": str(path), **summary.to_dict()})
    else:
        print_import_summary(summary)
        click.echo(f"Demo case ready in {path}. Try: casebook --case {path} list")
    if summary.failed:
        fail("the demo case did not build completely")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="casebook")


if __name__ == "__main__":
    main()
