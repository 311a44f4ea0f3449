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

Only the standard library and casebook.core are imported so the PDF importer can reuse `describe_bytes`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from casebook.core.errors import ImportRejected, RejectReason

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

# Magic numbers of formats people plausibly drop into a case folder by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Word 97-2003 document (OLE2)"),
    (b"PK\x03\x04", "a ZIP archive (e.g. DOCX)"),
    (b"PK\x05\x06", "a ZIP archive (e.g. DOCX)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
)

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<(?:html|head|body)[\s>]", re.I)


def _strip_bom(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :]
    return head


def _utf16_text(head: bytes) -> str | None:
    """Decode a BOM-marked UTF-16 head so HTML/text checks also work for UTF-16 saved files."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2 : len(head) - (len(head) % 2)].decode(codec, errors="replace")
    return None


def _ascii_view(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (UTF-16 transcoded) for the text-pattern checks."""
    text16 = _utf16_text(head)
    if text16 is not None:
        return text16.encode("utf-8", errors="replace")
    return _strip_bom(head)


def _magic(head: bytes) -> str | None:
    for signature, what in _MAGIC:
        if head.startswith(signature):
            return what
    return None


def _is_mhtml(view: bytes) -> bool:
    # The MIME header block comes first; the HTML part may be far below, so look only at the headers.
    header_block = re.split(rb"\r?\n\r?\n", view, maxsplit=1)[0]
    lowered = header_block.lower()
    return b"mime-version:" in lowered and b"multipart/related" in lowered


def _is_html(view: bytes, *, lenient: bool) -> bool:
    if _HTML_START.match(view[:4096]):
        return True
    # A saved page sometimes has junk (a script, a stray comment) before <html>; accept it only when
    # nothing else (a .txt or .md name) argues for text.
    return lenient and view.lstrip()[:1] == b"<" and bool(_HTML_ANYWHERE.search(view[:4096]))


def _looks_like_text(head: bytes) -> bool:
    if _utf16_text(head) is not None:
        return True
    if b"\x00" in head:
        return False
    sample = head[:4096]
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a multi-byte character cut off by the head limit
            return True
    # Not UTF-8: accept single-byte text when control characters are rare.
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    return controls <= len(sample) // 100


def describe_bytes(head: bytes) -> str:
    """Say in a few words what the bytes look like, for messages such as "not a PDF: looks like …"."""
    if not head:
        return "an empty file"
    if b"%PDF" in head[:1024]:
        return "a PDF document"
    what = _magic(head)
    if what is not None:
        return what
    view = _ascii_view(head)
    if _is_mhtml(view):
        return "a saved web page archive (MHTML)"
    if _is_html(view, lenient=True):
        return "an HTML page"
    if _looks_like_text(head):
        return "plain text"
    return "binary data"


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_SIZE)
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
        head = _read_head(path)
    name = path.name
    suffix = path.suffix.lower()
    by_name = _EXTENSIONS.get(suffix)

    if not head:
        raise ImportRejected(RejectReason.EMPTY, f"{name}: the file is empty (0 bytes)")
    if b"%PDF" in head[:1024]:
        return "pdf"

    what = _magic(head)
    view = _ascii_view(head)
    if what is None and by_name == "pdf":
        if _is_mhtml(view):
            what = "a saved web page archive (MHTML)"
        elif _is_html(view, lenient=True):
            what = "an HTML page (perhaps a login or error page saved instead of the document)"
    if what is not None:
        if by_name == "pdf":
            raise ImportRejected(RejectReason.NOT_PDF, f"{name}: not a PDF: looks like {what}")
        raise ImportRejected(RejectReason.UNSUPPORTED_TYPE, f"{name}: unsupported type: looks like {what}")

    if _is_mhtml(view):
        return "mhtml"
    if _is_html(view, lenient=by_name not in ("text", "markdown")):
        return "html"

    if by_name == "pdf":
        log.debug("%s: no PDF header; handing to the PDF importer for repair", name)
        return "pdf"
    is_text = _looks_like_text(head)
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
