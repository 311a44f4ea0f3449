"""Decide which importer should read a file, from its first bytes and then its extension.

Rules, in order (content beats the name, because users rename files and browsers save login pages as .pdf):

1. A zero-byte file is rejected as EMPTY.
2. ``%PDF`` within the first 1024 bytes → "pdf", whatever the file is called.
3. A recognised non-PDF binary format (OLE2 Word/Excel, ZIP/DOCX, PNG, JPEG, GIF, TIFF, RTF, gzip) is
   rejected. If the file is *named* ``.pdf`` the reason is NOT_PDF ("x.pdf: not a PDF: looks like a
   Microsoft Word 97-2003 document (OLE2)"), otherwise UNSUPPORTED_TYPE.
4. A MIME header block with ``MIME-Version`` and ``multipart/related`` → "mhtml"; a document starting with
   ``<!doctype html`` / ``<html`` (after a BOM, whitespace or comments) → "html". A ``.pdf`` file holding
   either is rejected as NOT_PDF (typically a court login or error page saved in place of the filing).
5. Otherwise the extension decides (.pdf .html .htm .xhtml .mhtml .mht .txt .text .md .markdown). A ``.pdf``
   whose content is unrecognised still goes to the PDF importer, which can repair PDFs that lost their
   header. Text extensions holding binary data (NUL bytes) are rejected.
6. A file with no extension whose bytes look like plain text → "text"; anything else is UNSUPPORTED_TYPE.

The byte patterns are casebook.core.filetypes (shared with the PDF importer); this module adds the routing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from casebook.core.errors import ImportRejected, RejectReason
from casebook.core.filetypes import (
    CONTAINER_SCAN_BYTES,
    HTML_PHRASE,
    MHTML_PHRASE,
    ascii_view,
    binary_format,
    describe_bytes,
    has_pdf_header,
    is_container,
    is_html,
    is_mhtml,
    looks_like_text,
)

__all__ = ["HEAD_SIZE", "describe_bytes", "sniff"]

log = logging.getLogger(__name__)

HEAD_SIZE = 8192  # enough for an MHTML header block and a page's <head> opening

_EXTENSIONS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}


def _read(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise ImportRejected(
            RejectReason.UNREADABLE, f"{path.name}: cannot read file: {exc.strerror or exc}"
        ) from exc


def sniff(path: Path, head: bytes | None = None) -> str:
    """Return "pdf", "html", "mhtml", "text" or "markdown" for `path`, or raise ImportRejected.

    `head` is the file's first bytes when the caller already has them (the whole file is fine too);
    otherwise the first HEAD_SIZE bytes are read from `path`.
    """
    path = Path(path)
    if head is None:
        head = _read(path, HEAD_SIZE)
    name = path.name
    suffix = path.suffix.lower()
    by_name = _EXTENSIONS.get(suffix)

    if not head:
        raise ImportRejected(RejectReason.EMPTY, f"{name}: the file is empty (0 bytes)")
    if has_pdf_header(head):
        return "pdf"

    if is_container(head) and len(head) < CONTAINER_SCAN_BYTES and path.exists():
        head = _read(path, CONTAINER_SCAN_BYTES)  # an Office file names its parts far from the start
    what = binary_format(head)
    view = ascii_view(head)
    if what is None and by_name == "pdf":
        if is_mhtml(view):
            what = MHTML_PHRASE
        elif is_html(view, lenient=True):
            what = f"{HTML_PHRASE} (perhaps a login or error page saved instead of the document)"
    if what is not None:
        if by_name == "pdf":
            raise ImportRejected(RejectReason.NOT_PDF, f"{name}: not a PDF: looks like {what}")
        raise ImportRejected(RejectReason.UNSUPPORTED_TYPE, f"{name}: unsupported type: looks like {what}")

    if is_mhtml(view):
        return "mhtml"
    if is_html(view, lenient=by_name not in ("text", "markdown")):
        return "html"

    if by_name == "pdf":
        log.debug("%s: no PDF header; handing to the PDF importer for repair", name)
        return "pdf"
    is_text = looks_like_text(head)
    if by_name is not None:
        if not is_text:
            raise ImportRejected(
                RejectReason.UNSUPPORTED_TYPE, f"{name}: unsupported type: looks like binary data"
            )
        return by_name
    if suffix == "" and is_text:
        return "text"
    raise ImportRejected(
        RejectReason.UNSUPPORTED_TYPE, f"{name}: unsupported type: looks like {describe_bytes(head)}"
    )
