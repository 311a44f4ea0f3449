"""Risk flags on real court filings (the shared corpus) and on the demo's filings: where they are, nowhere else."""

from __future__ import annotations

import pymupdf
import pytest

from casebook.core.documents import RiskKind
from casebook.pdf.extract import extract_pdf
from casebook.pdf.ocr import dictionary
from casebook.pdf.ocr_layer import POOR_QUALITY, layer_quality
from casebook.pdf.text import page_text
from tests.pdf.conftest import PDF_CORPUS

pytestmark = pytest.mark.corpus

BAD_REDACTIONS = "xray_sdny_sealed-letter_search-warrant_BAD-REDACTIONS.pdf"
SCANNED_OCR = "xray_declaration_angela-frye_SCANNED-OCR.pdf"


@pytest.fixture(scope="module")
def court_flags():
    if not (PDF_CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip("the shared corpus is not present")
    return {path.name: extract_pdf(path) for path in sorted((PDF_CORPUS / "court_pdfs").glob("*.pdf"))}


def _kinds(doc) -> set[RiskKind]:
    return {flag.kind for flag in doc.risk_flags}


def test_the_badly_redacted_letter_is_flagged(court_flags):
    flag = next(f for f in court_flags[BAD_REDACTIONS].risk_flags if f.kind is RiskKind.BAD_REDACTION)
    assert flag.pages == (1,)
    assert "black box" in flag.detail


def test_no_other_court_filing_is_flagged_for_redactions_or_hidden_text(court_flags):
    assert len(court_flags) == 20
    wrongly = {name: sorted(_kinds(doc) & {RiskKind.BAD_REDACTION, RiskKind.HIDDEN_TEXT})
               for name, doc in court_flags.items() if name != BAD_REDACTIONS}
    assert {name: kinds for name, kinds in wrongly.items() if kinds} == {}


def test_needs_ocr_flags_list_exactly_the_pages_without_a_text_layer(court_flags):
    for name, doc in court_flags.items():
        expected = tuple(page.number for page in doc.pages if page.needs_ocr)
        flagged = next((f.pages for f in doc.risk_flags if f.kind is RiskKind.NEEDS_OCR), ())
        assert flagged == expected, name


@pytest.mark.skipif(dictionary("eng") is None, reason="Tesseract's English word list is not installed")
def test_the_declarations_ocr_layer_has_errors_but_is_not_garbage(court_flags, pdf_corpus):
    # "AI\\GELA FRYE", "$ I 1 ,400": a few misread words in ~300 a page; 97–99 % of its words are dictionary words,
    # as in born-digital filings, so the layer is not flagged as poor.
    assert RiskKind.POOR_OCR not in _kinds(court_flags[SCANNED_OCR])
    with pymupdf.open(pdf_corpus / "court_pdfs" / SCANNED_OCR) as doc:
        scores = [layer_quality(page_text(doc[n]).text) for n in (0, 1)]
    assert all(score is not None and POOR_QUALITY <= score < 1.0 for score in scores), scores


def test_the_demo_filings_carry_no_risk_flags(tmp_path):
    from casebook.services.demo import write_demo_sources

    filings = [path for path in write_demo_sources(tmp_path) if path.suffix == ".pdf"]
    assert filings
    assert {path.name: extract_pdf(path).risk_flags for path in filings} == {path.name: [] for path in filings}
