"""What the document viewer needs: a document's pages, outline and original, rendered pages and article HTML."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from casebook.core.documents import OutlineEntry
from casebook.core.errors import CasebookError
from casebook.core.records import DocumentRecord, PageRecord
from casebook.pdf.render import RenderedPage, RenderError, RenderWorker, close_documents
from casebook.pdf.render import render_page as _render_original
from casebook.services import documents as document_service
from casebook.store import documents as document_store
from casebook.store.case_store import CaseStore

__all__ = [
    "DocumentView",
    "RenderError",
    "RenderWorker",
    "RenderedPage",
    "article_html",
    "close_renderer",
    "load_document_view",
    "original_path",
    "page_words",
    "render_original",
    "render_page",
]


@dataclass(frozen=True)
class DocumentView:
    """Everything the viewer shows for one document, read in one go off the GUI thread."""

    record: DocumentRecord
    pages: tuple[PageRecord, ...]
    outline: tuple[OutlineEntry, ...]
    original: Path
    html: str | None  # sanitised HTML for articles; None for PDFs

    @property
    def is_pdf(self) -> bool:
        return self.record.format == "pdf"


def original_path(case: CaseStore, document_id: int) -> Path:
    """The read-only stored original of a document (by SHA-256 in the case's vault)."""
    record = document_service.get_document(case, document_id)
    path = case.vault.path_for(record.sha256)
    if not path.is_file():
        raise CasebookError(f"document {document_id}: its original is missing from {case.vault.root}; "
                            "run Verify Case")
    return path


def article_html(case: CaseStore, document_id: int) -> str:
    """The sanitised HTML stored at import; for documents without any, the page text as numbered paragraphs."""
    stored = document_store.get_html(case.db, document_id)
    if stored:
        return stored
    pages = document_service.get_pages(case, document_id)
    parts = []
    for page in pages:
        if page.paragraphs:
            for para in page.paragraphs:
                body = html.escape(page.text[para.start:para.end])
                parts.append(f'<p id="p-{para.number}" data-para="{para.number}">{body}</p>')
        else:
            parts.extend(f"<p>{html.escape(chunk)}</p>" for chunk in page.text.split("\n\n") if chunk.strip())
    return "\n".join(parts)


def load_document_view(case: CaseStore, document_id: int, *, with_words: bool = True) -> DocumentView:
    """The document, its pages (with word boxes for PDFs unless `with_words` is False: the viewer can show
    pages without them and load them next, which on a long book saves most of the time to the first page)."""
    record = document_service.get_document(case, document_id)
    is_pdf = record.format == "pdf"
    pages = document_service.get_pages(case, document_id, with_words=is_pdf and with_words)
    return DocumentView(
        record=record,
        pages=tuple(pages),
        outline=tuple(document_service.get_outline(case, document_id)),
        original=original_path(case, document_id),
        html=None if is_pdf else article_html(case, document_id),
    )


def page_words(case: CaseStore, document_id: int) -> tuple[PageRecord, ...]:
    """A document's pages with their word boxes (the second step after `load_document_view(with_words=False)`)."""
    return tuple(document_service.get_pages(case, document_id, with_words=True))


def render_original(path: Path, page_number: int, zoom: float, *, password: str | None = None) -> RenderedPage:
    """Render a page of a stored original in this process. Call only from one thread (PyMuPDF is not
    thread-safe); the GUI uses `RenderWorker` instead, which renders in a child process so that MuPDF,
    which keeps the GIL while it rasterises, never stalls the window."""
    return _render_original(path, page_number, zoom, password=password)


def render_page(case: CaseStore, document_id: int, page_number: int, zoom: float, *,
                password: str | None = None) -> RenderedPage:
    """Render a page of a case document; same threading rule as `render_original`."""
    return render_original(original_path(case, document_id), page_number, zoom, password=password)


def close_renderer() -> None:
    """Release open PDFs; call from the render thread when it stops."""
    close_documents()
