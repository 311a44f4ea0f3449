"""Magic-byte sniffing: decide whether a file is a PDF, and if not, say what it looks like."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

# Acrobat accepts junk before the header as long as "%PDF" starts within the first 1024 bytes.
HEADER_WINDOW = 1024
# Files with no %PDF header but real PDF objects (MuPDF repairs them) still count as PDFs.
_OBJECT_RE = re.compile(rb"\d+\s+\d+\s+obj\b")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OLE2 directory entries name their streams in UTF-16LE; small files keep them near the start.
_OLE2_SCAN_BYTES = 4 * 1024 * 1024

_SIMPLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"{\\rtf", "a Rich Text Format (RTF) document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"AT&TFORM", "a DjVu document"),
)


def looks_like_pdf(head: bytes) -> bool:
    """True when the first KiB holds a %PDF header or a PDF object header."""
    window = head[:HEADER_WINDOW]
    return b"%PDF" in window or _OBJECT_RE.search(window) is not None


def describe_non_pdf(path: Path, head: bytes) -> str:
    """Name the format a non-PDF file appears to be, for the rejection message ("looks like …")."""
    if head.startswith(_OLE2_MAGIC):
        return _describe_ole2(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _describe_zip(path)
    for magic, description in _SIMPLE_MAGIC:
        if head.startswith(magic):
            return description
    text = _decode_text(head)
    if text is None:
        return "unrecognised binary data"
    lowered = text.lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered[:512]:
        return "an HTML web page"
    if lowered.startswith("mime-version:") or "multipart/related" in lowered[:1024]:
        return "a saved web archive (MHTML)"
    if lowered.startswith("<?xml"):
        return "an XML document"
    if lowered.startswith("%!ps"):
        return "a PostScript file"
    return "plain text"


def _describe_ole2(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(_OLE2_SCAN_BYTES)
    except OSError:
        data = b""
    for stream, description in (
        ("WordDocument", "a Microsoft Word 97-2003 document (OLE2)"),
        ("Workbook", "a Microsoft Excel 97-2003 workbook (OLE2)"),
        ("PowerPoint Document", "a Microsoft PowerPoint 97-2003 presentation (OLE2)"),
        ("__substg1.0_", "an Outlook message (.msg, OLE2)"),
    ):
        if stream.encode("utf-16-le") in data:
            return description
    return "a Microsoft Office 97-2003 file (OLE2)"


def _describe_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return "a ZIP archive"
    for prefix, description in (
        ("word/", "a Microsoft Word document (.docx, Office Open XML ZIP)"),
        ("xl/", "a Microsoft Excel workbook (.xlsx, Office Open XML ZIP)"),
        ("ppt/", "a Microsoft PowerPoint presentation (.pptx, Office Open XML ZIP)"),
    ):
        if any(name.startswith(prefix) for name in names):
            return description
    if "mimetype" in names:
        return "an OpenDocument or EPUB file (ZIP)"
    return "a ZIP archive"


def _decode_text(head: bytes) -> str | None:
    """Decode the head as text if it plausibly is text (no NULs, decodes as UTF-8 or mostly printable)."""
    sample = head[:HEADER_WINDOW]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return sample.decode("utf-16", errors="ignore")
    if b"\x00" in sample:
        return None
    try:
        return sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4:  # a multi-byte character cut off by the window
            return sample[: exc.start].decode("utf-8", errors="ignore")
    text = sample.decode("latin-1")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return text if printable >= 0.95 * len(text) else None
