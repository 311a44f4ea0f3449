"""Read one PDF file with PyMuPDF into an ExtractedDocument, classifying every failure as ImportRejected."""

from __future__ import annotations

import logging
import re
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.core.documents import (
    DocumentMetadata,
    ExtractedDocument,
    ExtractedPage,
    OutlineEntry,
    RiskFlag,
    WordBoxes,
)
from casebook.core.errors import ImportRejected, RejectReason
from casebook.core.filetypes import (
    CONTAINER_SCAN_BYTES,
    PDF_HEADER_WINDOW,
    describe_bytes,
    is_container,
    looks_like_pdf,
)
from casebook.core.progress import CancelToken, ProgressCallback, ProgressUpdate
from casebook.pdf.active_content import scan_active_content
from casebook.pdf.risks import PageRisks, inspect_page, risk_flags, unreadable_page
from casebook.pdf.text import EXTRACTOR_VERSION, PageText, page_text, printable, text_flags

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 2 * 1024**3
DEFAULT_MAX_PAGES = 100_000
# A page with fewer usable characters than this (outside the ECF header stamp) has no real text layer.
MIN_TEXT_CHARS = 20
# An image smaller than this share of the page (a seal, a logo) does not make a page a scan.
MIN_IMAGE_SHARE = 0.05
# Text drawn as vector outlines shows up as many paths and no characters.
MIN_TEXT_LIKE_PATHS = 200
PROGRESS_EVERY = 10
# Pages the worker sends at a time: small enough that neither process holds a long document's word boxes.
CHUNK_PAGES = 200
MAX_ENGINE_WARNINGS = 5

# The CM/ECF (and appellate CM/ECF) header: "Case 1:20-cv-1 Document 5 Filed 01/02/20 Page 1 of 9",
# "Case: 07-30815 Document: 00511021443 Page: 1 Date Filed: 02/05/2010", "Appeal: 17-2218 Doc: 17 … Pg: 1".
_ECF_HEADER_RE = re.compile(
    r"^(?=.*\b(?:Case|Appeal)\b)(?=.*\b(?:Document|Doc|Dkt)\b)(?=.*\bFiled\b)(?=.*\b(?:Page|Pg)\b)",
    re.IGNORECASE,
)


@dataclass
class CompactPage:
    """A page as the worker process sends it: text and word boxes in flat arrays."""

    number: int
    label: str
    text: PageText
    needs_ocr: bool
    width: float
    height: float

    def to_page(self) -> ExtractedPage:
        return ExtractedPage(
            number=self.number,
            label=self.label,
            text=self.text.text,
            words=WordBoxes(self.text.boxes, self.text.offsets),
            needs_ocr=self.needs_ocr,
            width=self.width,
            height=self.height,
        )


@dataclass
class CompactDocument:
    """Everything read from one PDF in a form that pickles quickly; `to_document()` gives the public type."""

    extractor: str
    title: str
    pages: list[CompactPage]
    outline: list[tuple[int, str, int]] = field(default_factory=list)
    encrypted: bool = False
    has_javascript: bool = False
    warnings: list[str] = field(default_factory=list)
    risk_flags: list[RiskFlag] = field(default_factory=list)

    def to_document(self) -> ExtractedDocument:
        return ExtractedDocument(
            format="pdf",
            extractor=self.extractor,
            metadata=DocumentMetadata(title=self.title),
            pages=[page.to_page() for page in self.pages],
            outline=[OutlineEntry(level, title, page) for level, title, page in self.outline],
            encrypted=self.encrypted,
            has_javascript=self.has_javascript,
            warnings=list(self.warnings),
            risk_flags=list(self.risk_flags),
        )


def extract_pdf(
    path: Path,
    *,
    password: str | None = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> ExtractedDocument:
    """Extract text, word boxes, labels, outline and flags from a PDF in this process.

    Raises ImportRejected with a one-line reason for anything that is not a readable PDF,
    and Cancelled when `cancel` is set between pages.
    """
    return read_pdf(
        path, password=password, cancel=cancel, progress=progress, max_bytes=max_bytes, max_pages=max_pages
    ).to_document()


def read_pdf(
    path: Path,
    *,
    password: str | None = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> CompactDocument:
    """Like `extract_pdf` but returns the compact form the worker process sends back."""
    pages: list[CompactPage] = []
    for item in read_pdf_chunks(path, password=password, cancel=cancel, progress=progress, max_bytes=max_bytes,
                                max_pages=max_pages):
        if isinstance(item, CompactDocument):
            item.pages = pages
            return item
        pages.extend(item)
    raise AssertionError("read_pdf_chunks ended without the document")  # pragma: no cover


def read_pdf_chunks(
    path: Path,
    *,
    password: str | None = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    chunk_pages: int = CHUNK_PAGES,
) -> Iterator[list[CompactPage] | CompactDocument]:
    """Read a PDF as a stream: lists of at most `chunk_pages` pages as they are read, then the document
    (title, outline, flags, warnings, risk flags) with no pages. Memory does not grow with the page count."""
    path = Path(path)
    _check_file(path, max_bytes=max_bytes)
    import pymupdf

    with _quiet_engine(pymupdf):
        doc = _open(pymupdf, path, password=password)
        try:
            yield from _read_document(pymupdf, doc, path, cancel=cancel, progress=progress, max_pages=max_pages,
                                      chunk_pages=chunk_pages)
        finally:
            doc.close()


def _check_file(path: Path, *, max_bytes: int) -> None:
    """Reject before MuPDF sees the file: missing, empty, too large, or plainly another format."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(PDF_HEADER_WINDOW)
            if is_container(head):  # an Office file names its parts far from the start
                head += handle.read(CONTAINER_SCAN_BYTES - len(head))
    except FileNotFoundError:
        raise ImportRejected(RejectReason.UNREADABLE, f"{path.name}: file not found") from None
    except IsADirectoryError:
        raise ImportRejected(RejectReason.UNREADABLE, f"{path.name}: is a folder, not a file") from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise ImportRejected(RejectReason.UNREADABLE, f"{path.name}: cannot be read ({reason})") from None
    if size == 0:
        raise ImportRejected(RejectReason.EMPTY, f"{path.name}: the file is empty (0 bytes)")
    if size > max_bytes:
        raise ImportRejected(
            RejectReason.TOO_LARGE,
            f"{path.name}: {size / 1024**2:,.0f} MB is over the {max_bytes / 1024**2:,.0f} MB limit",
        )
    if not looks_like_pdf(head):
        raise ImportRejected(
            RejectReason.NOT_PDF, f"{path.name}: not a PDF; it looks like {describe_bytes(head)}"
        )


@contextmanager
def _quiet_engine(pymupdf: Any) -> Iterator[None]:
    """Keep MuPDF's complaints about damaged files off stderr; they are collected as warnings instead."""
    tools = pymupdf.TOOLS
    errors, warnings = tools.mupdf_display_errors(), tools.mupdf_display_warnings()
    tools.mupdf_display_errors(False)
    tools.mupdf_display_warnings(False)
    tools.mupdf_warnings(reset=True)
    try:
        yield
    finally:
        tools.mupdf_display_errors(errors)
        tools.mupdf_display_warnings(warnings)


def _open(pymupdf: Any, path: Path, *, password: str | None) -> Any:
    try:
        doc = pymupdf.open(str(path), filetype="pdf")
    except Exception as exc:
        raise ImportRejected(
            RejectReason.DAMAGED,
            f"{path.name}: damaged beyond repair; the PDF engine cannot open it ({printable(str(exc))})",
        ) from None
    try:
        if doc.needs_pass:
            if password is None:
                raise ImportRejected(
                    RejectReason.PASSWORD_REQUIRED,
                    f"{path.name}: the PDF is password-protected; give its password with --password",
                )
            if not doc.authenticate(password):
                raise ImportRejected(
                    RejectReason.WRONG_PASSWORD, f"{path.name}: the password given does not open this PDF"
                )
    except BaseException:
        doc.close()
        raise
    return doc


def _read_document(
    pymupdf: Any,
    doc: Any,
    path: Path,
    *,
    cancel: CancelToken | None,
    progress: ProgressCallback | None,
    max_pages: int,
    chunk_pages: int,
) -> Iterator[list[CompactPage] | CompactDocument]:
    name = path.name
    warnings: list[str] = []
    try:
        page_count = doc.page_count
    except Exception as exc:
        message = f"{name}: damaged beyond repair ({printable(str(exc))})"
        raise ImportRejected(RejectReason.DAMAGED, message) from None
    encrypted = _is_encrypted(doc, warnings)
    if page_count == 0:
        what = "an encrypted PDF" if encrypted else "a PDF"
        raise ImportRejected(RejectReason.ZERO_PAGES, f"{name}: {what} with no readable pages (0 pages)")
    if page_count > max_pages:
        raise ImportRejected(
            RejectReason.TOO_LARGE, f"{name}: {page_count:,} pages is over the {max_pages:,}-page limit"
        )
    if doc.is_repaired:
        warnings.append("the PDF engine repaired a damaged file structure; check the text against the file")

    labels = _page_labels(doc, page_count, warnings)
    pages: list[CompactPage] = []
    needing_ocr: list[int] = []
    risks: list[PageRisks] = []
    for index in range(page_count):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(ProgressUpdate(index, page_count, f"{name}: page {index + 1} of {page_count}"))
        page = _read_page(doc, index, labels[index], warnings, risks)
        if page.needs_ocr:
            needing_ocr.append(page.number)
        pages.append(page)
        if len(pages) >= chunk_pages:
            yield pages
            pages = []
    if pages:
        yield pages
    if progress is not None:
        progress(ProgressUpdate(page_count, page_count, f"{name}: {page_count} pages read"))

    warnings.extend(_engine_warnings(pymupdf))
    yield CompactDocument(
        extractor=f"{EXTRACTOR_VERSION} pymupdf/{pymupdf.VersionBind}",
        title=_title(doc),
        pages=[],
        outline=_outline(doc, page_count, warnings),
        encrypted=encrypted,
        has_javascript=has_javascript(doc, warnings),
        warnings=warnings,
        risk_flags=risk_flags(risks, needing_ocr),
    )


def _read_page(doc: Any, index: int, label: str, warnings: list[str], risks: list[PageRisks]) -> CompactPage:
    """Read one page and run the risk checks on it (kept when they find something).

    A page MuPDF cannot read becomes an empty page queued for OCR, not a failed file, and unchecked for risks.
    """
    number = index + 1
    try:
        page = doc.load_page(index)
        textpage = page.get_textpage(flags=text_flags())
        text = page_text(page, textpage=textpage)
        rect = page.rect
        needs_ocr = page_needs_ocr(page, text.text)
    except Exception as exc:
        warnings.append(f"page {number}: could not read its text ({printable(str(exc))}); queued for OCR")
        risks.append(unreadable_page(number, printable(str(exc))[:120]))
        return CompactPage(number, label, PageText("", array("d"), array("q")), True, 0.0, 0.0)
    found = inspect_page(page, number, text, textpage=textpage)  # never raises: a failure is recorded as unchecked
    if not found.empty:
        risks.append(found)
    return CompactPage(number, label, text, needs_ocr, rect.width, rect.height)


def usable_text_chars(text: str, *, enough: int | None = None) -> int:
    """Count characters that could carry meaning: not spaces, not U+FFFD, not in the ECF header line.

    With `enough`, stops counting once that many are found (most pages answer on their first lines).
    """
    count = 0
    for line in text.splitlines():
        if _ECF_HEADER_RE.match(line):
            continue
        visible = "".join(line.split())  # drops every kind of whitespace, in C
        count += len(visible) - visible.count("\ufffd")
        if enough is not None and count >= enough:
            break
    return count


def page_needs_ocr(page: Any, text: str) -> bool:
    """True when the page shows content but has no usable text layer.

    A page with almost no text is a scan if images cover a real part of it, or outlined text if it
    is full of vector paths; a genuinely blank page (or a slip sheet with a word or two) is not.
    """
    if usable_text_chars(text, enough=MIN_TEXT_CHARS) >= MIN_TEXT_CHARS:
        return False
    page_area = abs(page.rect)
    if page_area <= 0:
        return False
    image_area = 0.0
    for info in page.get_image_info():
        box = page.rect & info["bbox"]
        image_area += abs(box) if not box.is_empty else 0.0
    if image_area >= MIN_IMAGE_SHARE * page_area:
        return True
    try:
        return len(page.get_cdrawings()) >= MIN_TEXT_LIKE_PATHS
    except Exception:  # a damaged content stream: nothing to OCR that MuPDF could draw either
        return False


def _is_encrypted(doc: Any, warnings: list[str]) -> bool:
    """Owner-password-only files open without a password but are still encrypted.

    Fails closed: when the encryption dictionary cannot be read the file counts as encrypted, with a warning.
    """
    try:
        metadata = doc.metadata or {}
        if metadata.get("encryption"):
            return True
        return bool(doc.xref_get_key(-1, "Encrypt")[0] != "null")
    except Exception as exc:
        warnings.append(f"could not check whether the PDF is encrypted ({printable(str(exc))}); treated as encrypted")
        return True


def has_javascript(doc: Any, warnings: list[str] | None = None) -> bool:
    """Look for JavaScript in any object; nothing is ever run.

    Fails closed: objects that cannot be read mean "could not check", which counts as JavaScript present
    and adds a warning to `warnings`.
    """
    scan = scan_active_content(doc)
    if not scan.javascript and not scan.complete and warnings is not None:
        why = "; ".join(scan.unchecked)
        warnings.append(f"could not check all of the PDF for JavaScript ({why}); treated as present")
    return scan.javascript_or_unchecked


def _page_labels(doc: Any, page_count: int, warnings: list[str]) -> list[str]:
    """The printed labels ("i", "A-1") when the file defines them, else the page numbers."""
    numbers = [str(n) for n in range(1, page_count + 1)]
    try:
        if not doc.get_page_labels():
            return numbers
    except Exception:
        return numbers
    labels = []
    for index in range(page_count):
        try:
            label = doc.load_page(index).get_label()
        except Exception:
            label = ""
        labels.append(label or numbers[index])
    if labels == numbers:
        return numbers
    if any(not label for label in labels):
        warnings.append("some page labels could not be read; page numbers used instead")
    return labels


def _outline(doc: Any, page_count: int, warnings: list[str]) -> list[tuple[int, str, int]]:
    """Bookmarks that point at a page of this file; MuPDF guards against outlines that loop."""
    try:
        toc = doc.get_toc(simple=True)
    except Exception as exc:
        warnings.append(f"the bookmarks (outline) could not be read ({printable(str(exc))})")
        return []
    entries = []
    for level, title, page in toc:
        if 1 <= page <= page_count:
            entries.append((int(level), printable(str(title)).strip(), int(page)))
    return entries


def _title(doc: Any) -> str:
    metadata = doc.metadata or {}
    return printable(metadata.get("title") or "").strip()


def _engine_warnings(pymupdf: Any) -> list[str]:
    """The first few distinct MuPDF warnings about the file (damage it repaired, objects it skipped)."""
    try:
        raw = pymupdf.TOOLS.mupdf_warnings(reset=True)
    except Exception:
        return []
    seen: list[str] = []
    for line in raw.splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line)
    shown = [f"PDF engine: {printable(line)}" for line in seen[:MAX_ENGINE_WARNINGS]]
    if len(seen) > MAX_ENGINE_WARNINGS:
        shown.append(f"PDF engine: {len(seen) - MAX_ENGINE_WARNINGS} more warnings")
    return shown
