"""One sniffer and one JavaScript check: ingest routing, PDF import, pre-flight and bundle checks agree."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from casebook.core.errors import ImportRejected, RejectReason
from casebook.ingest.sniff import sniff
from casebook.pdf.active_content import scan_active_content
from casebook.pdf.bundle_check import read_bundle
from casebook.pdf.bundle_preflight import inspect_original
from casebook.pdf.extract import extract_pdf, has_javascript

from ..conftest import CORPUS

BAD = CORPUS / "bad_pdfs"
LETTER = (612.0, 792.0)


def _bad(name: str) -> Path:
    path = BAD / name
    if not path.is_file():
        pytest.skip("the shared corpus is not present")
    return path


def _looks_like(message: str) -> str:
    return message.split("looks like ", 1)[1]


@pytest.mark.corpus
def test_word_file_named_pdf_is_named_the_same_by_ingest_and_pdf_import():
    path = _bad("doctor_word97-opinion_MISNAMED.pdf")
    with pytest.raises(ImportRejected) as routed:
        sniff(path)
    with pytest.raises(ImportRejected) as imported:
        extract_pdf(path)
    assert routed.value.reason is imported.value.reason is RejectReason.NOT_PDF
    assert _looks_like(routed.value.message) == _looks_like(imported.value.message)
    assert _looks_like(routed.value.message) == "a Microsoft Word 97-2003 document (OLE2)"


def test_docx_named_pdf_is_named_the_same_by_ingest_and_pdf_import(docx_named_pdf):
    with pytest.raises(ImportRejected) as routed:
        sniff(docx_named_pdf)
    with pytest.raises(ImportRejected) as imported:
        extract_pdf(docx_named_pdf)
    assert _looks_like(routed.value.message) == _looks_like(imported.value.message)
    assert "Word" in routed.value.message and "ZIP" in routed.value.message


@pytest.mark.corpus
def test_document_javascript_is_found_by_import_preflight_and_bundle_check():
    path = _bad("pdfjs_doc_actions_DOCUMENT-JS.pdf")
    assert extract_pdf(path).has_javascript
    assert inspect_original(path, page_size=LETTER).javascript
    assert any("/JS" in found for found in read_bundle(path).forbidden)


def test_a_javascript_open_action_is_found_by_all_three(javascript_pdf):
    assert extract_pdf(javascript_pdf).has_javascript
    assert inspect_original(javascript_pdf, page_size=LETTER).javascript
    assert any("/OpenAction" in found for found in read_bundle(javascript_pdf).forbidden)


def test_a_plain_filing_has_no_active_content(text_pdf):
    assert not extract_pdf(text_pdf).has_javascript
    assert not inspect_original(text_pdf, page_size=LETTER).javascript
    with pymupdf.open(text_pdf) as doc:
        scan = scan_active_content(doc)
    assert scan.complete and not scan.javascript and scan.found == []


def test_a_name_that_only_starts_like_js_is_not_javascript(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "Exhibit list")
    doc.xref_set_key(doc.pdf_catalog(), "JSONLike", "/JSX")  # neither /JS nor /JavaScript
    path = tmp_path / "names.pdf"
    doc.save(path)
    assert not extract_pdf(path).has_javascript


class _Unreadable:
    """A document whose objects cannot be read: the checks must fail closed."""

    metadata = None

    def xref_length(self) -> int:
        return 4

    def xref_object(self, xref: int, compressed: bool = False) -> str:
        raise RuntimeError("object stream damaged")

    def xref_get_key(self, xref: int, key: str) -> tuple[str, str]:
        raise RuntimeError("object stream damaged")


def test_an_unreadable_document_counts_as_javascript_with_a_warning():
    warnings: list[str] = []
    assert has_javascript(_Unreadable(), warnings)
    assert warnings and "treated as present" in warnings[0]
    scan = scan_active_content(_Unreadable())
    assert not scan.complete and scan.javascript_or_unchecked and not scan.javascript


def test_an_unreadable_encryption_dictionary_counts_as_encrypted():
    from casebook.pdf.extract import _is_encrypted

    warnings: list[str] = []
    assert _is_encrypted(_Unreadable(), warnings)
    assert "treated as encrypted" in warnings[0]
