"""File sniffing: content first, then extension; clear rejections for everything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.core.errors import ImportRejected, RejectReason
from casebook.ingest.sniff import describe_bytes, sniff

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2 = OLE2_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le")  # the directory names a Word stream
DOCX = b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + b"\x00" * 40 + b"PK\x03\x04word/document.xml"
ZIP = b"PK\x03\x04\x14\x00\x06\x00" + b"exhibits/a.txt" + b"\x00" * 40
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
GIF = b"GIF89a\x01\x00\x01\x00"
MHTML = (
    b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/story\r\n"
    b"Subject: A story\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
    b'\ttype="text/html";\r\n\tboundary="----MultipartBoundary--abc"\r\n\r\n------MultipartBoundary--abc\r\n'
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("filing.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        ("renamed.bin", b"%PDF-1.4\n", "pdf"),  # content beats the name
        ("junk-header.pdf", b"\x00garbage before the header\n%PDF-1.5\n", "pdf"),
        ("no-header.pdf", b"1 0 obj\n<< /Type /Catalog >>\nendobj\n", "pdf"),  # left for PDF repair
        ("story.html", b"<!DOCTYPE html><html><head></head><body>x</body></html>", "html"),
        ("story.htm", b"\xef\xbb\xbf  <html lang='en'><body>x</body></html>", "html"),
        ("story.txt", b"<!doctype html>\n<html><body>x</body></html>", "html"),
        ("page", b"<!-- saved from url=(0014)about:internet -->\n<html><body>x</body></html>", "html"),
        ("fragment.html", b"<p>Just a fragment without an html element.</p>", "html"),
        ("story.mhtml", MHTML, "mhtml"),
        ("story.mht", MHTML, "mhtml"),
        ("misnamed.html", MHTML, "mhtml"),
        ("notes.txt", "Plain notes about the hearing — with a dash.\n".encode(), "text"),
        ("notes.txt", "caf\xe9 in latin-1\n".encode("latin-1"), "text"),
        ("notes.txt", "\ufeffUTF-16 notes\n".encode("utf-16"), "text"),
        ("README", b"An extension-less text file.\n", "text"),
        ("brief.md", b"# Heading\n\nSome *markdown* text.\n", "markdown"),
        ("brief.markdown", b"Intro line\n", "markdown"),
        ("brief.md", b"<p>inline html in markdown</p>\n", "markdown"),
    ],
)
def test_sniff_recognises(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = write(tmp_path, name, data)
    assert sniff(path) == expected
    assert sniff(tmp_path / name, head=data) == expected  # the head argument alone is enough


def test_sniff_reads_only_the_head_of_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, "long.html", b"<html><body>" + b"x" * 1_000_000 + b"</body></html>")
    assert sniff(path) == "html"


def test_zero_bytes_is_empty(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        sniff(write(tmp_path, "nothing.pdf", b""))
    assert caught.value.reason is RejectReason.EMPTY
    assert caught.value.message.startswith("nothing.pdf:")


@pytest.mark.parametrize(
    ("name", "data", "looks_like"),
    [
        ("opinion.pdf", OLE2, "looks like a Microsoft Word 97-2003 document (OLE2)"),
        ("opinion.pdf", DOCX, "looks like a Microsoft Word document (.docx, a ZIP archive)"),
        ("scan.pdf", PNG, "looks like a PNG image"),
        ("login.pdf", b"<!DOCTYPE html><html><body>Log in to PACER</body></html>", "looks like an HTML page"),
    ],
)
def test_non_pdf_named_pdf_is_not_pdf(tmp_path: Path, name: str, data: bytes, looks_like: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        sniff(write(tmp_path, name, data))
    assert caught.value.reason is RejectReason.NOT_PDF
    assert caught.value.message.startswith(f"{name}: not a PDF: ")
    assert looks_like in caught.value.message


@pytest.mark.parametrize(
    ("name", "data", "looks_like"),
    [
        ("opinion.doc", OLE2, "a Microsoft Word 97-2003 document (OLE2)"),
        ("brief.docx", DOCX, "a Microsoft Word document (.docx, a ZIP archive)"),
        ("exhibits.zip", ZIP, "a ZIP archive"),
        ("photo.png", PNG, "a PNG image"),
        ("photo.html", JPEG, "a JPEG image"),  # content beats a text-type name
        ("anim.txt", GIF, "a GIF image"),
        ("table.csv", b"a,b,c\n1,2,3\n", "plain text"),
        ("blob.bin", b"\x00\x01\x02\x03\xfe\xfd" * 10, "binary data"),
        ("story.txt", b"text\x00with\x00nuls\x00" * 20, "binary data"),
    ],
)
def test_unsupported_types_say_what_they_look_like(tmp_path: Path, name: str, data: bytes, looks_like: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        sniff(write(tmp_path, name, data))
    assert caught.value.reason is RejectReason.UNSUPPORTED_TYPE
    assert caught.value.message == f"{name}: unsupported type: looks like {looks_like}"


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        sniff(tmp_path / "missing.html")
    assert caught.value.reason is RejectReason.UNREADABLE
    assert "missing.html" in caught.value.message


@pytest.mark.parametrize(
    ("head", "description"),
    [
        (b"", "an empty file"),
        (b"%PDF-1.7", "a PDF document"),
        (OLE2, "a Microsoft Word 97-2003 document (OLE2)"),
        (OLE2_MAGIC + b"\x00" * 504, "a Microsoft Office 97-2003 file (OLE2)"),
        (OLE2_MAGIC + "Workbook".encode("utf-16-le"), "a Microsoft Excel 97-2003 workbook (OLE2)"),
        (DOCX, "a Microsoft Word document (.docx, a ZIP archive)"),
        (ZIP, "a ZIP archive"),
        (b"BM" + b"\x36\x00\x0c\x00" + b"\x00" * 8, "a BMP image"),
        (b"BMW service notes\n", "plain text"),
        (b"<?xml version='1.0'?><docket/>", "an XML document"),
        (PNG, "a PNG image"),
        (JPEG, "a JPEG image"),
        (GIF, "a GIF image"),
        (b"{\\rtf1\\ansi hello}", "an RTF document"),
        (MHTML, "a saved web page archive (MHTML)"),
        (b"<html><body>hi</body></html>", "an HTML page"),
        (b"Dear counsel,\nplease find attached.\n", "plain text"),
        (bytes(range(256)), "binary data"),
    ],
)
def test_describe_bytes(head: bytes, description: str) -> None:
    assert describe_bytes(head) == description


def test_corpus_word_file_named_pdf_is_rejected_as_word(corpus_dir: Path) -> None:
    path = corpus_dir / "bad_pdfs" / "doctor_word97-opinion_MISNAMED.pdf"
    if not path.exists():
        pytest.skip("corpus file missing")
    with pytest.raises(ImportRejected) as caught:
        sniff(path)
    assert caught.value.reason is RejectReason.NOT_PDF
    assert "Microsoft Word 97-2003 document" in caught.value.message


def test_corpus_pdfs_and_pages_sniff_as_expected(corpus_dir: Path) -> None:
    checked = 0
    for path in sorted((corpus_dir / "court_pdfs").glob("*.pdf")):
        assert sniff(path) == "pdf", path.name
        checked += 1
    for path in sorted((corpus_dir / "court_html").glob("*.html")):
        assert sniff(path) == "html", path.name
        checked += 1
    empty = corpus_dir / "bad_pdfs" / "doctor_empty_ZERO-BYTES.pdf"
    if empty.exists():
        with pytest.raises(ImportRejected) as caught:
            sniff(empty)
        assert caught.value.reason is RejectReason.EMPTY
    assert checked > 0


def test_corpus_damaged_pdfs_still_go_to_the_pdf_importer(corpus_dir: Path) -> None:
    names = ["pdfjs_bug1606566_NO-VERSION-HEADER.pdf", "pdfjs_poppler-742-0-fuzzed_UNOPENABLE.pdf"]
    paths = [corpus_dir / "bad_pdfs" / name for name in names if (corpus_dir / "bad_pdfs" / name).exists()]
    if not paths:
        pytest.skip("corpus files missing")
    for path in paths:
        assert sniff(path) == "pdf", path.name
