"""extract_pdf: pages, labels, OCR flags, outline, flags, and the ImportRejected reason for each bad file."""

from __future__ import annotations

import zipfile

import pymupdf
import pytest

from casebook.core.errors import ImportRejected, RejectReason
from casebook.core.progress import Cancelled, CancelToken
from casebook.pdf.extract import extract_pdf, usable_text_chars
from casebook.pdf.text import EXTRACTOR_VERSION

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _rejected(path, **options) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        extract_pdf(path, **options)
    assert path.name in caught.value.message
    assert "\n" not in caught.value.message
    return caught.value


def test_text_pdf_gives_numbered_pages_with_text_and_boxes(text_pdf):
    document = extract_pdf(text_pdf)
    assert document.format == "pdf"
    assert document.extractor == f"{EXTRACTOR_VERSION} pymupdf/{pymupdf.VersionBind}"
    assert [p.number for p in document.pages] == [1, 2]
    assert [p.label for p in document.pages] == ["1", "2"]  # no page labels in the file
    first = document.pages[0]
    assert first.text.startswith("ORDER GRANTING MOTION TO DISMISS\n")
    assert (first.width, first.height) == (612, 792)
    assert not first.needs_ocr
    for page in document.pages:
        assert [page.text[w.start : w.end] for w in page.words] == page.text.split()
    assert document.pages[0].ecf is None and document.pages[0].paragraphs == []
    assert not document.encrypted and not document.has_javascript


def test_extraction_is_deterministic(two_column_pdf):
    first, second = extract_pdf(two_column_pdf), extract_pdf(two_column_pdf)
    assert first.pages[0].text == second.pages[0].text
    assert first.pages[0].words == second.pages[0].words


def test_page_labels_outline_and_title(labelled_pdf):
    document = extract_pdf(labelled_pdf)
    assert [p.label for p in document.pages] == ["i", "ii", "A-1", "A-2"]
    assert [(e.level, e.title, e.page) for e in document.outline] == [
        (1, "Table of Contents", 1),
        (1, "Appendix", 3),
        (2, "Declaration", 4),
    ]
    assert document.metadata.title == "Joint Appendix"
    assert document.metadata.kind.value == "other"


def test_scanned_pages_need_ocr_but_blank_pages_do_not(mixed_pdf):
    document = extract_pdf(mixed_pdf)
    assert [p.needs_ocr for p in document.pages] == [False, True, False, True]
    assert document.pages[3].text.startswith("Case 1:25-cv-01234-ABC")  # the header is still kept
    assert document.pages_needing_ocr == 2


def test_usable_text_ignores_the_ecf_header_and_replacement_characters():
    header = "Case: 07-30815 Document: 00511021443 Page: 1 Date Filed: 02/05/2010"
    assert usable_text_chars(header) == 0
    assert usable_text_chars("Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1\nXXXX") == 4
    assert usable_text_chars("\ufffd\ufffd ok") == 2


def test_user_password_file(user_password_pdf):
    rejected = _rejected(user_password_pdf)
    assert rejected.reason is RejectReason.PASSWORD_REQUIRED
    assert "--password" in rejected.message
    assert _rejected(user_password_pdf, password="guess").reason is RejectReason.WRONG_PASSWORD
    document = extract_pdf(user_password_pdf, password="secret")
    assert document.encrypted
    assert "Sealed exhibit" in document.pages[0].text


def test_owner_password_only_file_opens_and_is_marked_encrypted(owner_only_pdf):
    document = extract_pdf(owner_only_pdf)
    assert document.encrypted
    assert "Printing is restricted" in document.pages[0].text


def test_javascript_is_detected_not_run(javascript_pdf, text_pdf):
    assert extract_pdf(javascript_pdf).has_javascript
    assert not extract_pdf(text_pdf).has_javascript


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert _rejected(path).reason is RejectReason.EMPTY


def test_missing_file(tmp_path):
    assert _rejected(tmp_path / "gone.pdf").reason is RejectReason.UNREADABLE


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (b"<!DOCTYPE html><html><body>Docket</body></html>", "HTML"),
        (b"Plain notes about the hearing.\n", "plain text"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG"),
        (OLE2 + b"\x00" * 64 + "WordDocument".encode("utf-16-le"), "Word 97-2003"),
    ],
)
def test_not_a_pdf_says_what_it_looks_like(tmp_path, content, looks_like):
    path = tmp_path / "filing.pdf"
    path.write_bytes(content)
    rejected = _rejected(path)
    assert rejected.reason is RejectReason.NOT_PDF
    assert looks_like in rejected.message


def test_docx_renamed_pdf(docx_named_pdf):
    rejected = _rejected(docx_named_pdf)
    assert rejected.reason is RejectReason.NOT_PDF
    assert "Word" in rejected.message and "ZIP" in rejected.message


def test_other_zip_renamed_pdf(tmp_path):
    path = tmp_path / "bundle.pdf"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("exhibits/a.txt", "exhibit")
    assert "ZIP archive" in _rejected(path).message


def test_junk_before_the_header_is_still_a_pdf(text_pdf, tmp_path):
    path = tmp_path / "prefixed.pdf"
    path.write_bytes(b"X-Mailer junk line\r\n" * 20 + text_pdf.read_bytes())
    assert "ORDER GRANTING" in extract_pdf(path).pages[0].text


def test_zero_pages(zero_page_pdf):
    assert _rejected(zero_page_pdf).reason is RejectReason.ZERO_PAGES


def test_damaged_beyond_repair(tmp_path):
    path = tmp_path / "shredded.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    rejected = _rejected(path)
    assert rejected.reason is RejectReason.DAMAGED
    assert "damaged beyond repair" in rejected.message


def test_size_and_page_caps(text_pdf):
    assert _rejected(text_pdf, max_bytes=100).reason is RejectReason.TOO_LARGE
    rejected = _rejected(text_pdf, max_pages=1)
    assert rejected.reason is RejectReason.TOO_LARGE and "2 pages" in rejected.message


def test_a_page_that_cannot_be_read_becomes_a_warning_not_a_failure(tmp_path, monkeypatch):
    import casebook.pdf.extract as extract_module

    path = tmp_path / "three.pdf"
    doc = pymupdf.open()
    for n in range(3):
        doc.new_page().insert_text((72, 100), f"Page {n + 1} has a good deal of ordinary text on it.")
    doc.save(path)
    real_page_text = extract_module.page_text

    def failing_page_text(page, **options):
        if page.number == 1:
            raise RuntimeError("corrupt content stream")
        return real_page_text(page, **options)

    monkeypatch.setattr(extract_module, "page_text", failing_page_text)
    document = extract_pdf(path)
    assert [p.needs_ocr for p in document.pages] == [False, True, False]
    assert document.pages[1].text == "" and document.pages[1].words == []
    assert any("page 2" in w and "corrupt content stream" in w for w in document.warnings)


def test_progress_and_cancel(tmp_path):
    path = tmp_path / "long.pdf"
    doc = pymupdf.open()
    for n in range(25):
        doc.new_page().insert_text((72, 100), f"Transcript page {n + 1}")
    doc.save(path)
    updates = []
    extract_pdf(path, progress=updates.append)
    assert [u.done for u in updates] == [0, 10, 20, 25]
    assert all(u.total == 25 for u in updates)

    token = CancelToken()

    def cancel_after_first(update):
        if update.done >= 10:
            token.cancel()

    with pytest.raises(Cancelled):
        extract_pdf(path, cancel=token, progress=cancel_after_first)


def test_importing_the_package_does_not_load_pymupdf():
    import subprocess
    import sys

    code = "import sys, casebook.pdf.worker, casebook.pdf.extract; print('pymupdf' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
