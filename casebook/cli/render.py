"""Plain-text and JSON renderings of documents, pages and import summaries for the command line."""

from __future__ import annotations

import click

from casebook.core.citations import is_appellate_court
from casebook.core.documents import RiskKind
from casebook.core.imports import ImportSummary
from casebook.core.records import DocumentRecord, PageRecord


def document_json(doc: DocumentRecord) -> dict:
    return {
        "id": doc.id, "kind": doc.kind.value, "title": "" if doc.untitled else doc.title,
        "display_title": doc.title, "format": doc.format,
        "pages": doc.page_count, "pages_needing_ocr": doc.pages_needing_ocr,
        "court": doc.court, "case_number": doc.case_number, "ecf_document_number": doc.ecf_document_number,
        "filed_date": doc.filed_date, "author": doc.author, "publisher": doc.publisher,
        "published_date": doc.published_date, "url": doc.url, "sha256": doc.sha256, "size": doc.size,
        "imported_at": doc.imported_at, "extractor": doc.extractor, "encrypted": doc.encrypted,
        "has_javascript": doc.has_javascript, "short_cite": doc.short_cite, "warnings": list(doc.warnings),
        "docket_numbers": list(doc.docket_numbers), "appellate_document_id": doc.appellate_document_id,
        "date": doc.date, "date_basis": doc.dated_by, "parties": doc.parties, "description": doc.description,
        "title_as_printed": doc.title_as_printed, "set_by_person": sorted(doc.person_fields),
        "risk_flags": [{"kind": f.kind.value, "pages": list(f.pages), "detail": f.detail} for f in doc.risk_flags],
        "original_names": sorted({p.original_name for p in doc.provenance}),
        "original_paths": [p.original_path for p in doc.provenance],
    }


# Short labels for the import-time risk flags in `list`; pages needing OCR show as "OCR×N" from the live count.
RISK_LABELS = {RiskKind.BAD_REDACTION: "REDACT!", RiskKind.HIDDEN_TEXT: "HIDDEN", RiskKind.POOR_OCR: "OCR?"}


def _flags(doc: DocumentRecord) -> str:
    flags = []
    for kind, label in RISK_LABELS.items():
        if any(flag.kind is kind for flag in doc.risk_flags):
            flags.append(label)
    if doc.pages_needing_ocr:
        flags.append(f"OCR×{doc.pages_needing_ocr}")
    if doc.encrypted:
        flags.append("encrypted")
    if doc.has_javascript:
        flags.append("JS")
    if len(doc.provenance) > 1:
        flags.append(f"{len(doc.provenance)} sources")
    return ",".join(flags)


def print_document_table(title: str | None, docs: list[DocumentRecord], *, detailed: bool = False) -> None:
    if title is not None:
        click.echo(f"Case: {title} — {len(docs)} document(s)")
    if detailed:
        for doc in docs:
            for label, value in document_json(doc).items():
                if label != "risk_flags" and value not in (None, "", [], False):
                    click.echo(f"{label:>20}: {value}")
            for flag in doc.risk_flags:
                click.echo(f"{'risk':>20}: {flag.kind.value.replace('_', ' ').upper()} — {flag.detail}")
        return
    header = (
        f"{'ID':>3}  {'KIND':<11} {'PP':>4}  {'DATE':<10}  {'COURT / SOURCE':<34} {'DOCKET':<15} {'ECF':>4}  "
        f"{'FLAGS':<14} TITLE"
    )
    click.echo(header)
    for doc in docs:
        source = doc.court or doc.publisher or ""
        click.echo(
            f"{doc.id:>3}  {doc.kind.value:<11} {doc.page_count:>4}  {(doc.date or ''):<10}  {source[:34]:<34} "
            f"{(doc.case_number or '')[:15]:<15} {(doc.ecf_document_number or ''):>4}  {_flags(doc):<14} "
            f"{doc.title[:70]}"
        )


def stamped_page_label(doc: DocumentRecord | None) -> str:
    """What a page's header-stamp number is called: "ECF page" for district filings, "stamped page" for appellate
    filings (their stamps carry a document ID, not an ECF number)."""
    if doc is not None and (doc.appellate_document_id or is_appellate_court(doc.court)):
        return "stamped page"
    return "ECF page"


def print_page(page: PageRecord, doc: DocumentRecord | None = None) -> None:
    extra = f", {stamped_page_label(doc)} {page.ecf_page}" if page.ecf_page else ""
    flag = " — needs OCR (no usable text layer)" if page.needs_ocr else ""
    if page.text_source == "ocr":
        quality = f", quality {page.ocr_quality:.2f}" if page.ocr_quality is not None else ""
        flag += f" — text from OCR{quality}"
    click.echo(f"\n--- page {page.number} (label {page.label}{extra}){flag} ---")
    click.echo(page.text)


def print_import_summary(summary: ImportSummary) -> None:
    for doc in summary.imported:
        ocr = f", {doc.pages_needing_ocr} need OCR" if doc.pages_needing_ocr else ""
        click.echo(f"imported  #{doc.document_id} {doc.kind.value:<11} {doc.page_count:>4} pp{ocr}  {doc.path}")
    for dup in summary.duplicates:
        click.echo(f"duplicate of #{dup.document_id} ({dup.title[:40]}): {dup.path}")
    for failure in summary.failed:
        click.echo(f"FAILED    [{failure.reason}] {failure.message}")
    state = " (cancelled)" if summary.cancelled else ""
    click.echo(
        f"Summary{state}: {len(summary.imported)} imported, {len(summary.duplicates)} duplicate(s), "
        f"{len(summary.failed)} failed, {summary.pages_needing_ocr} page(s) need OCR."
    )
