"""The `casebook ocr` command: OCR scanned pages of a case's documents with Tesseract."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casebook.cli.common import (
    EXIT_CANCELLED,
    EXIT_FAILURES,
    ProgressLine,
    case_option,
    emit_json,
    json_option,
    resolve_case_path,
)
from casebook.pdf.ocr import DEFAULT_LANG, GOOD_QUALITY
from casebook.services import documents as document_service
from casebook.services.cases import open_case
from casebook.services.ocr import OCR_MODES, OcrReport, ocr_documents
from casebook.services.search import sync_index


@click.command("ocr")
@click.argument("docs", nargs=-1)
@click.option("--mode", type=click.Choice(OCR_MODES), default="image-only", show_default=True,
              help="image-only: OCR pages with no usable text layer; redo-all: replace every page's text with OCR; "
                   "skip: mark the documents never to be OCRed.")
@click.option("--lang", default=DEFAULT_LANG, show_default=True,
              help="Tesseract language(s), e.g. eng or eng+deu (the language data must be installed).")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@case_option
@json_option
def ocr(docs: tuple[str, ...], mode: str, lang: str, password: str | None, case_path: Path | None,
        as_json: bool) -> None:
    """OCR scanned pages so they can be searched and quoted. DOC is an id or a SHA-256 prefix (default: all).

    Excerpts on OCRed documents are re-anchored; any that moved or were lost are listed for review.
    Exit status: 0 when done, 1 when some page could not be read, 130 when cancelled.
    """
    bar = ProgressLine("OCR")
    with open_case(resolve_case_path(case_path)) as case:
        ids = [document_service.resolve_document(case, doc).id for doc in docs] or None
        try:
            report = ocr_documents(case, ids, mode=mode, lang=lang, password=password,  # type: ignore[arg-type]
                                   progress=bar)
            sync_index(case)
        finally:
            bar.finish()
    if as_json:
        emit_json(report.to_dict())
    else:
        print_ocr_report(report)
    if report.cancelled:
        sys.exit(EXIT_CANCELLED)
    if report.failed_pages:
        sys.exit(EXIT_FAILURES)


def print_ocr_report(report: OcrReport) -> None:
    for doc in report.documents:
        if doc.skipped:
            click.echo(f"skipped   #{doc.document_id} {doc.title[:50]}: {doc.skipped}")
            continue
        low = [p.number for p in doc.pages if p.needs_ocr]
        quality = f", mean quality {doc.mean_quality:.2f}" if doc.mean_quality is not None else ""
        click.echo(f"OCR       #{doc.document_id} {doc.title[:50]}: {len(doc.pages)} page(s){quality}")
        if low:
            click.echo(f"          quality below {GOOD_QUALITY:.2f} on page(s) {', '.join(map(str, low))}: "
                       "check them against the scan")
        for number, message in doc.failed_pages:
            click.echo(f"FAILED    #{doc.document_id} page {number}: {message}")
        if doc.metadata:
            found = ", ".join(f"{k}={v}" for k, v in sorted(doc.metadata.items()))
            click.echo(f"          found in the OCR text: {found}")
        if doc.reanchor is not None:
            r = doc.reanchor
            click.echo(f"          excerpts: {len(r.unchanged)} unchanged, {len(r.moved)} moved, "
                       f"{len(r.fuzzy)} fuzzy, {len(r.lost)} lost (kept for review)")
            for excerpt_id, note in r.moved + r.fuzzy + r.lost:
                click.echo(f"            excerpt {excerpt_id}: {note}")
    state = " (cancelled)" if report.cancelled else ""
    speed = f" ({report.seconds_per_page} s/page)" if report.seconds_per_page else ""
    click.echo(f"Summary{state}: {report.pages_done} page(s) OCRed{speed}, "
               f"{report.pages_still_needing_ocr} below the quality threshold, {report.failed_pages} failed.")
