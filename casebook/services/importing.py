"""Importing files and folders into a case: one transaction per file, one bad file never stops the batch."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from casebook.core.documents import ExtractedDocument, ExtractedPage
from casebook.core.errors import CaseError, ImportRejected, RejectReason
from casebook.core.imports import DuplicateFile, ImportFailure, ImportSummary
from casebook.core.progress import (
    NEVER_CANCELLED,
    Cancelled,
    CancelToken,
    ProgressCallback,
    ProgressUpdate,
    no_progress,
)
from casebook.core.records import ImportedDocument, untitled_label
from casebook.ingest.articles import import_article
from casebook.ingest.filings import FilingAnalysis
from casebook.ingest.sniff import sniff
from casebook.pdf.extract import CHUNK_PAGES
from casebook.pdf.worker import PdfWorker
from casebook.store import audit, dockets, documents
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024**3


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[ImportFailure]]:
    """Expand folders recursively (hidden files and folders skipped, links not followed), in a stable order."""
    files: list[Path] = []
    missing: list[ImportFailure] = []
    for raw in paths:
        path = Path(raw).expanduser().absolute()
        if path.is_dir():
            for folder, subdirs, names in os.walk(path):
                subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
                files.extend(Path(folder) / n for n in sorted(names) if not n.startswith("."))
        elif path.is_file():
            files.append(path)
        elif path.exists():
            missing.append(ImportFailure(str(path), RejectReason.UNSUPPORTED_TYPE.value,
                                         f"{path}: not a regular file"))
        else:
            missing.append(ImportFailure(str(path), RejectReason.UNREADABLE.value, f"{path}: no such file or folder"))
    return files, missing


def import_paths(
    case: CaseStore,
    paths: Iterable[Path],
    *,
    password: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> ImportSummary:
    """Import every file under `paths`; returns what was imported, what was a duplicate and what failed, and why."""
    files, failures = collect_files(paths)
    summary = ImportSummary(failed=failures)
    with PdfWorker() as worker:
        for done, path in enumerate(files):
            if cancel.cancelled:
                summary.cancelled = True
                break
            progress(ProgressUpdate(done, len(files), path.name))
            try:
                _import_one(case, path, worker, password, cancel, summary)
            except Cancelled:
                summary.cancelled = True
                break
            except ImportRejected as exc:
                summary.failed.append(ImportFailure(str(path), exc.reason.value, _name_file(exc.message, path)))
            except CaseError:
                raise  # the case itself cannot be written (disk full, read-only, busy): stop and say so once
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                    raise CaseError(f"{case.layout.root}: cannot store {path.name} in the case: "
                                    f"{exc.strerror}; the import stopped (files already imported are kept)"
                                    ) from exc
                summary.failed.append(ImportFailure(
                    str(path), RejectReason.UNREADABLE.value, f"{path}: cannot read the file: {exc.strerror or exc}"))
            except Exception as exc:  # one bad file must never stop the batch
                log.exception("unexpected failure importing %s", path)
                message = f"{path}: could not be imported ({type(exc).__name__}: {exc})"
                summary.failed.append(ImportFailure(str(path), RejectReason.DAMAGED.value, message))
    progress(ProgressUpdate(summary.files_seen, len(files) + len(failures), "done"))
    return summary


def _name_file(message: str, path: Path) -> str:
    """Make sure a failure message names the user's file, not a temporary or vault path."""
    if message.startswith(f"{path.name}:"):
        return f"{path}{message[len(path.name):]}"
    return message if str(path) in message else f"{path}: {message}"


def _import_one(case: CaseStore, path: Path, worker: PdfWorker, password: str | None,
                cancel: CancelToken, summary: ImportSummary) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ImportRejected(RejectReason.EMPTY, f"{path}: the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise ImportRejected(RejectReason.TOO_LARGE, f"{path}: too large to import ({size / 1024**3:.1f} GiB; "
                                                     f"the limit is {MAX_FILE_BYTES / 1024**3:.0f} GiB)")
    file_format = sniff(path)
    stored = case.vault.put(path, cancel=cancel)
    existing = documents.find_by_sha(case.db, stored.sha256)
    if existing is not None:
        _record_duplicate(case, path, existing, summary)
        return
    try:
        if file_format == "pdf":
            document_id, extracted, page_count, needing_ocr = _store_pdf(case, path, stored.sha256, stored.size,
                                                                         worker, password, cancel)
        else:
            # Articles are read from the stored original, so what is shown is exactly what was hashed.
            extracted = import_article(path, data=stored.path.read_bytes())
            cancel.raise_if_cancelled()
            with case.transaction() as db:
                document_id = documents.insert_document(db, extracted, sha256=stored.sha256, size=stored.size,
                                                        source=path)
                dockets.insert_entries(db, document_id, extracted.docket_entries)
            page_count, needing_ocr = len(extracted.pages), extracted.pages_needing_ocr
    except BaseException:
        if stored.newly_stored and documents.find_by_sha(case.db, stored.sha256) is None:
            case.vault.discard(stored.sha256)
        raise
    summary.imported.append(ImportedDocument(
        document_id=document_id, path=str(path), sha256=stored.sha256,
        title=extracted.metadata.title or untitled_label(
            extracted.metadata.kind, extracted.metadata.case_number, extracted.metadata.ecf_document_number,
            extracted.metadata.appellate_document_id), kind=extracted.metadata.kind,
        page_count=page_count, pages_needing_ocr=needing_ocr,
    ))


def _store_pdf(case: CaseStore, path: Path, sha256: str, size: int, worker: PdfWorker,
               password: str | None, cancel: CancelToken) -> tuple[int, ExtractedDocument, int, int]:
    """Stream a PDF's pages from the worker into one transaction, analyse them and complete the row.

    Returns the document id, the extracted document (without pages), the page count and the pages needing OCR.
    Memory does not grow with the page count: each chunk of pages is stored and surveyed (running headers and
    footers, the pages the metadata rules read) as it arrives, then read back from the store chunk by chunk to
    set each page's stamp, paragraphs and furniture. A failure, cancel or crash anywhere rolls the whole
    document back.
    """
    with case.transaction() as db:
        document_id = documents.begin_document(db, sha256=sha256, size=size, file_format="pdf", source=path)
        analysis = FilingAnalysis()
        needing_ocr = 0

        def store(chunk: list[ExtractedPage]) -> None:
            nonlocal needing_ocr
            documents.add_pages(db, document_id, chunk)
            for page in chunk:
                analysis.survey(page.text)
                needing_ocr += page.needs_ocr
            cancel.raise_if_cancelled()

        extracted = worker.extract(path, password=password, cancel=cancel, on_pages=store)
        for first in range(1, analysis.page_count + 1, CHUNK_PAGES):
            stored = documents.page_texts(db, document_id, first, first + CHUNK_PAGES - 1)
            done = analysis.annotate([ExtractedPage(number, label, text) for number, label, text in stored])
            documents.annotate_pages(db, document_id, done)
            cancel.raise_if_cancelled()
        documents.annotate_pages(db, document_id, analysis.finish())
        analysis.fill_metadata(extracted.metadata)
        documents.finish_document(db, document_id, extracted, sha256=sha256, size=size, source=path,
                                  page_count=analysis.page_count, pages_needing_ocr=needing_ocr)
        dockets.insert_entries(db, document_id, extracted.docket_entries)
    return document_id, extracted, analysis.page_count, needing_ocr


def _record_duplicate(case: CaseStore, path: Path, document_id: int, summary: ImportSummary) -> None:
    with case.transaction() as db:
        added = documents.add_provenance(db, document_id, path)
        if added:
            audit.append(db, "document.provenance", f"document:{document_id}", {"original_path": str(path)})
    record = documents.get_document(case.db, document_id)
    summary.duplicates.append(DuplicateFile(str(path), document_id, record.title if record else "", added))
