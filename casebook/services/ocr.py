"""OCR of a case's scanned pages: replace their text, re-run filing analysis, re-index and re-anchor excerpts."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from casebook.core.documents import ExtractedDocument, ExtractedPage, WordBoxes
from casebook.core.errors import CasebookError, ImportRejected
from casebook.core.progress import (
    NEVER_CANCELLED,
    Cancelled,
    CancelToken,
    ProgressCallback,
    ProgressUpdate,
    no_progress,
)
from casebook.core.records import DocumentRecord, PageRecord
from casebook.ingest.filings import analyse_filing
from casebook.pdf.ocr import (
    DEFAULT_DPI,
    DEFAULT_LANG,
    OcrFailed,
    OcrPage,
    available_languages,
    check_language,
    engine_name,
)
from casebook.pdf.risks import refresh_after_ocr
from casebook.pdf.worker import PdfWorker
from casebook.services.documents import choose_documents
from casebook.services.evidence import ReanchorReport, list_excerpts, reanchor_document
from casebook.services.metadata import analysis_changes, display, stored_as_extracted
from casebook.store import audit, documents, outbox
from casebook.store import metadata as metadata_store
from casebook.store import ocr as store
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

OcrMode = Literal["image-only", "redo-all", "skip"]
OCR_MODES: tuple[str, ...] = store.OCR_MODES


@dataclass
class PageResult:
    """One page OCRed: its quality and whether it still needs a person to look at it."""

    number: int
    quality: float
    words: int
    needs_ocr: bool
    seconds: float


@dataclass
class DocumentResult:
    """What OCR did to one document."""

    document_id: int
    title: str
    mode: str
    pages: list[PageResult] = field(default_factory=list)
    failed_pages: list[tuple[int, str]] = field(default_factory=list)
    metadata: dict[str, str | None] = field(default_factory=dict)  # fields found in the OCR text
    reanchor: ReanchorReport | None = None
    skipped: str | None = None  # why nothing was done, when nothing was

    @property
    def mean_quality(self) -> float | None:
        return round(sum(p.quality for p in self.pages) / len(self.pages), 3) if self.pages else None

    def to_dict(self) -> dict:
        return {
            "document_id": self.document_id, "title": self.title, "mode": self.mode, "skipped": self.skipped,
            "pages": [p.__dict__ for p in self.pages], "mean_quality": self.mean_quality,
            "failed_pages": [{"page": n, "message": m} for n, m in self.failed_pages],
            "metadata": self.metadata, "reanchor": self.reanchor.to_dict() if self.reanchor else None,
        }


@dataclass
class OcrReport:
    """Everything one OCR run did; documents finished before a cancel stay done."""

    engine: str
    documents: list[DocumentResult] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def pages_done(self) -> int:
        return sum(len(d.pages) for d in self.documents)

    @property
    def pages_still_needing_ocr(self) -> int:
        return sum(1 for d in self.documents for p in d.pages if p.needs_ocr)

    @property
    def failed_pages(self) -> int:
        return sum(len(d.failed_pages) for d in self.documents)

    @property
    def seconds_per_page(self) -> float | None:
        return round(self.seconds / self.pages_done, 2) if self.pages_done else None

    def to_dict(self) -> dict:
        return {
            "engine": self.engine, "cancelled": self.cancelled, "pages_done": self.pages_done,
            "pages_still_needing_ocr": self.pages_still_needing_ocr, "failed_pages": self.failed_pages,
            "seconds": round(self.seconds, 2), "seconds_per_page": self.seconds_per_page,
            "documents": [d.to_dict() for d in self.documents],
        }


def installed_languages() -> tuple[str, ...]:
    """The language codes Tesseract has data for ("eng", "deu", …); empty when Tesseract is not installed."""
    try:
        return tuple(lang for lang in available_languages() if lang != "osd")
    except CasebookError:
        return ()


def ocr_documents(
    case: CaseStore,
    document_ids: Iterable[int] | None = None,
    *,
    mode: OcrMode = "image-only",
    lang: str = DEFAULT_LANG,
    dpi: int = DEFAULT_DPI,
    password: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
    worker: PdfWorker | None = None,
) -> OcrReport:
    """OCR the given documents (default: every PDF in the case) and record `mode` as each one's OCR mode.

    "image-only" OCRs the pages flagged as having no usable text layer, keeping any text they do have (an ECF
    stamp); "redo-all" replaces the text of every page with OCR; "skip" only records that the document is not
    to be OCRed. Without `document_ids`, documents set to "skip" are left alone. Each document's new text is
    stored in one transaction with its audit entry and index work; its excerpts are then re-anchored.
    """
    if mode not in OCR_MODES:
        raise CasebookError(f"{mode!r} is not an OCR mode (choose {', '.join(OCR_MODES)})")
    started = time.monotonic()
    chosen = choose_documents(case, document_ids)
    if mode == "skip":
        report = OcrReport(engine="")
        for record in chosen:
            _set_mode(case, record, "skip")
            report.documents.append(DocumentResult(record.id, record.title, "skip", skipped="OCR mode set to skip"))
        return report
    check_language(lang)
    report = OcrReport(engine=engine_name(lang, dpi))
    plans: list[tuple[DocumentRecord, list[int]]] = []
    for record in chosen:
        if record.format != "pdf":
            report.documents.append(DocumentResult(record.id, record.title, mode, skipped=f"a {record.format} "
                                                   "document, not a PDF: nothing to OCR"))
        elif document_ids is None and store.get_ocr_mode(case.db, record.id) == "skip":
            report.documents.append(DocumentResult(record.id, record.title, "skip",
                                                   skipped="OCR mode is skip; name the document to OCR it"))
        else:
            info = store.page_info(case.db, record.id)
            plans.append((record, [p.number for p in info if mode == "redo-all" or p.needs_ocr]))
    total = sum(len(numbers) for _, numbers in plans)
    own_worker = worker is None
    worker = worker or PdfWorker()
    done = 0
    try:
        for record, numbers in plans:
            if cancel.cancelled:
                report.cancelled = True
                break
            result = DocumentResult(record.id, record.title, mode)
            try:
                done = _ocr_document(case, record, numbers, result, worker=worker, mode=mode, lang=lang, dpi=dpi,
                                     password=password, progress=progress, cancel=cancel, done=done, total=total)
            except Cancelled:
                report.cancelled = True
                break
            report.documents.append(result)
    finally:
        if own_worker:
            worker.close()
    progress(ProgressUpdate(done, total, "cancelled" if report.cancelled else "OCR done"))
    report.seconds = time.monotonic() - started
    return report


def _set_mode(case: CaseStore, record: DocumentRecord, mode: str | None) -> None:
    if store.get_ocr_mode(case.db, record.id) == mode:
        return
    with case.transaction() as db:
        store.set_ocr_mode(db, record.id, mode)
        audit.append(db, "document.ocr_mode", f"document:{record.id}", {"mode": mode or "image-only"})


def _ocr_document(case: CaseStore, record: DocumentRecord, numbers: list[int], result: DocumentResult, *,
                  worker: PdfWorker, mode: str, lang: str, dpi: int, password: str | None,
                  progress: ProgressCallback, cancel: CancelToken, done: int, total: int) -> int:
    """OCR the pages `numbers` of one document and store them in one transaction; returns pages done so far."""
    path = case.vault.path_for(record.sha256)
    read: dict[int, OcrPage] = {}
    for number in numbers:
        cancel.raise_if_cancelled()
        progress(ProgressUpdate(done, total, f"{record.title[:30]}: page {number}"))
        try:
            read[number] = worker.ocr_page(path, number, lang=lang, dpi=dpi, keep_native=mode == "image-only",
                                           password=password, cancel=cancel)
        except (OcrFailed, ImportRejected) as exc:
            # One unreadable page does not cost the others; it stays flagged for OCR.
            result.failed_pages.append((number, str(exc)))
            log.warning("OCR of %s page %s failed: %s", record.title, number, exc)
        done += 1
    cancel.raise_if_cancelled()
    stored_mode = None if mode == "image-only" else mode
    if not read:
        if not numbers:
            result.skipped = "no page needs OCR"
        if store.get_ocr_mode(case.db, record.id) != stored_mode:
            _set_mode(case, record, stored_mode)
        return done
    pages = documents.get_pages(case.db, record.id, with_words=False)
    analysed = analyse_filing(_as_extracted(record, pages, read))
    # What the new text says replaces what the old text said, except any field a person set.
    found = analysis_changes(record, analysed.metadata, keep_missing=True)
    result.metadata = {name: display(value) or None for name, value in found.items()}
    with case.transaction() as db:
        for page in analysed.pages:
            ocr = read.get(page.number)
            if ocr is not None:
                store.replace_page_text(db, record.id, page.number, text=page.text, words=page.words,
                                        needs_ocr=not ocr.good, ocr_quality=ocr.quality, ocr_engine=ocr.engine)
                result.pages.append(PageResult(page.number, ocr.quality, ocr.ocr_words, not ocr.good, ocr.seconds))
            store.set_page_analysis(db, record.id, page.number, paragraphs=page.paragraphs,
                                    ecf_page=page.ecf.page if page.ecf else None, furniture=page.furniture)
        metadata_store.write_fields(db, record.id, found)
        store.set_ocr_mode(db, record.id, stored_mode)
        still = store.refresh_pages_needing_ocr(db, record.id)
        # NEEDS_OCR now lists the pages still needing it; OCRed pages no longer carry a poor OCR layer.
        flags = refresh_after_ocr(record.risk_flags, ocred=read,
                                  still_need_ocr=[p.number for p in store.page_info(db, record.id) if p.needs_ocr])
        documents.set_risk_flags(db, record.id, flags)
        outbox.enqueue(db, "index_document", record.id)
        audit.append(db, "document.ocr", f"document:{record.id}", {
            "mode": mode, "engine": engine_name(lang, dpi), "pages": sorted(read),
            "quality": {str(n): p.quality for n, p in sorted(read.items())},
            "failed_pages": [n for n, _ in result.failed_pages], "pages_needing_ocr": still,
            "metadata": result.metadata, "risk_flags": [f.kind.value for f in flags],
        })
    if read and list_excerpts(case, document_id=record.id):
        result.reanchor = reanchor_document(case, record.id)
    return done


def _as_extracted(record: DocumentRecord, pages: list[PageRecord], read: dict[int, OcrPage]) -> ExtractedDocument:
    """The document as the filing analysis expects it (blank metadata), with OCR text in place of the pages read."""
    labels = {page.number: page.label for page in pages}
    replaced = {
        number: ExtractedPage(number, labels.get(number, str(number)), ocr.text.text,
                              words=WordBoxes(ocr.text.boxes, ocr.text.offsets), needs_ocr=not ocr.good,
                              width=ocr.width, height=ocr.height)
        for number, ocr in read.items()
    }
    return stored_as_extracted(record, pages, replaced)
