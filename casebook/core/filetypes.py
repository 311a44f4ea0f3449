"""The one file-type sniffer: say what a file's first bytes are (PDF, Office, image, web page, text …).

Works on bytes only (callers read the file), so the ingest router and the PDF importer share one
magic-number table and one set of phrases for "not a PDF: looks like …".
"""

from __future__ import annotations

import re

# Acrobat accepts junk before the header as long as "%PDF" starts within the first 1024 bytes.
PDF_HEADER_WINDOW = 1024
# Office containers name their parts far from the start (an OLE2 directory is often at the end);
# callers read this much of an OLE2/ZIP file before asking `binary_format` for the precise name.
CONTAINER_SCAN_BYTES = 4 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Files with no %PDF header but real PDF objects (MuPDF repairs them) still count as PDFs.
_PDF_OBJECT_RE = re.compile(rb"\d+\s+\d+\s+obj\b")

# Magic numbers of formats people plausibly drop into a case folder by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"AT&TFORM", "a DjVu document"),
)
# OLE2 directory entries name their streams in UTF-16LE.
_OLE2_STREAMS = (
    ("WordDocument", "a Microsoft Word 97-2003 document (OLE2)"),
    ("Workbook", "a Microsoft Excel 97-2003 workbook (OLE2)"),
    ("PowerPoint Document", "a Microsoft PowerPoint 97-2003 presentation (OLE2)"),
    ("__substg1.0_", "an Outlook message (.msg, OLE2)"),
)
# ZIP local headers carry each member's name in clear.
_ZIP_MEMBERS = (
    (b"word/", "a Microsoft Word document (.docx, a ZIP archive)"),
    (b"xl/", "a Microsoft Excel workbook (.xlsx, a ZIP archive)"),
    (b"ppt/", "a Microsoft PowerPoint presentation (.pptx, a ZIP archive)"),
    (b"mimetypeapplication/", "an OpenDocument or EPUB file (a ZIP archive)"),
)

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<(?:html|head|body)[\s>]", re.I)

MHTML_PHRASE = "a saved web page archive (MHTML)"
HTML_PHRASE = "an HTML page"


def looks_like_pdf(head: bytes) -> bool:
    """True when the first KiB holds a %PDF header or a PDF object header (a file MuPDF can repair)."""
    window = head[:PDF_HEADER_WINDOW]
    return b"%PDF" in window or _PDF_OBJECT_RE.search(window) is not None


def has_pdf_header(head: bytes) -> bool:
    """True when "%PDF" starts within the first KiB."""
    return b"%PDF" in head[:PDF_HEADER_WINDOW]


def is_container(head: bytes) -> bool:
    """True for OLE2 and ZIP files, whose precise kind needs up to CONTAINER_SCAN_BYTES of the file."""
    return head.startswith(OLE2_MAGIC) or head.startswith(_ZIP_MAGICS)


def binary_format(data: bytes) -> str | None:
    """Name a recognised non-PDF binary format ("a PNG image"), or None when no magic number matches."""
    if data.startswith(OLE2_MAGIC):
        for stream, what in _OLE2_STREAMS:
            if stream.encode("utf-16-le") in data:
                return what
        return "a Microsoft Office 97-2003 file (OLE2)"
    if data.startswith(_ZIP_MAGICS):
        for member, what in _ZIP_MEMBERS:
            if member in data:
                return what
        return "a ZIP archive"
    for signature, what in _MAGIC:
        if data.startswith(signature):
            return what
    if data.startswith(b"BM") and len(data) >= 14 and data[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"
    return None


def ascii_view(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (BOM dropped, UTF-16 transcoded) for the text-pattern checks."""
    text16 = _utf16_text(head)
    if text16 is not None:
        return text16.encode("utf-8", errors="replace")
    for bom in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :]
    return head


def is_mhtml(view: bytes) -> bool:
    """A MIME header block naming multipart/related (the HTML part may be far below the headers)."""
    header_block = re.split(rb"\r?\n\r?\n", view, maxsplit=1)[0]
    lowered = header_block.lower()
    return b"mime-version:" in lowered and b"multipart/related" in lowered


def is_html(view: bytes, *, lenient: bool) -> bool:
    """A document starting with <!doctype html> or <html>; `lenient` also accepts junk before <html>."""
    if _HTML_START.match(view[:4096]):
        return True
    return lenient and view.lstrip()[:1] == b"<" and bool(_HTML_ANYWHERE.search(view[:4096]))


def looks_like_text(head: bytes) -> bool:
    """UTF-16 with a BOM, UTF-8, or single-byte text with few control characters and no NULs."""
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
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    return controls <= len(sample) // 100


def describe_bytes(data: bytes) -> str:
    """Say in a few words what the bytes look like, for messages such as "not a PDF: looks like …"."""
    if not data:
        return "an empty file"
    if has_pdf_header(data):
        return "a PDF document"
    what = binary_format(data)
    if what is not None:
        return what
    view = ascii_view(data)
    if is_mhtml(view):
        return MHTML_PHRASE
    if is_html(view, lenient=True):
        return HTML_PHRASE
    if not looks_like_text(data):
        return "binary data"
    lowered = view.lstrip()[:16].lower()
    if lowered.startswith(b"<?xml"):
        return "an XML document"
    if lowered.startswith(b"%!ps"):
        return "a PostScript file"
    return "plain text"


def _utf16_text(head: bytes) -> str | None:
    """Decode a BOM-marked UTF-16 head so HTML/text checks also work for UTF-16 saved files."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2 : len(head) - (len(head) % 2)].decode(codec, errors="replace")
    return None
