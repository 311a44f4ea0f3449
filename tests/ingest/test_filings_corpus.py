"""analyse_filing on the public court-PDF corpus: stamps, courts, case numbers and paragraphs we know are right."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.core.documents import DateBasis, DocumentKind, EcfStamp, ExtractedDocument
from casebook.ingest.filings import analyse_filing

pytestmark = pytest.mark.corpus

COURT_PDFS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "court_pdfs"


def analysed(name: str) -> ExtractedDocument:
    path = COURT_PDFS / name
    if not path.is_file():
        pytest.skip("the shared corpus is not present")
    extract = pytest.importorskip("casebook.pdf.extract")
    return analyse_filing(extract.extract_pdf(path))


def paragraph_numbers(doc: ExtractedDocument) -> dict[int, list[tuple[int, bool]]]:
    return {page.number: [(p.number, p.continued) for p in page.paragraphs] for page in doc.pages if page.paragraphs}


def test_first_circuit_opinion_stamp_at_the_foot_of_the_text() -> None:
    doc = analysed("doctor_ca1_opinion_calvary-chapel_20-1507.pdf")
    assert doc.pages[0].ecf == EcfStamp("20-1507", "00117684624", "2020-12-22", 1, None)
    assert [page.ecf.page for page in doc.pages if page.ecf] == list(range(1, 18))
    assert doc.metadata.court == "United States Court of Appeals for the First Circuit"
    assert doc.metadata.case_number == "20-1507"
    # An appellate stamp's document number is a document ID, never an ECF number.
    assert (doc.metadata.ecf_document_number, doc.metadata.appellate_document_id) == (None, "00117684624")


def test_scanned_stipulation_takes_the_signed_orders_stamp() -> None:
    doc = analysed("doctor_cand_stipulation_4-08-cv-02214_SCANNED.pdf")
    assert doc.pages[0].ecf == EcfStamp("4:08-cv-02214", "27", "2009-02-03", 1, 2)
    assert doc.metadata.case_number == "4:08-cv-02214-SBA"  # judge initials kept; "C 08-02214 SBA" is the same
    assert doc.metadata.docket_numbers == ["4:08-cv-02214-SBA"]
    assert doc.metadata.ecf_document_number == "27" and doc.metadata.appellate_document_id is None
    assert (doc.metadata.date, doc.metadata.date_basis) == ("2009-02-03", DateBasis.FILED)


def test_fourth_and_seventh_circuit_stamps() -> None:
    appearance = analysed("doctor_ca4_appearance-form_17-2218_SCANNED.pdf")
    assert appearance.pages[0].ecf == EcfStamp("17-2218", "17", "2017-10-31", 1, 1)
    order = analysed("doctor_ca7_order_in-re-fedex-ground_17-2400.pdf")
    assert order.pages[0].ecf == EcfStamp("17-2400", "3", "2017-07-13", None, 1)
    assert order.metadata.court == "United States Court of Appeals for the Seventh Circuit"
    assert order.metadata.kind is DocumentKind.ORDER


def test_ninth_circuit_motion_with_declaration_paragraphs() -> None:
    doc = analysed("doctor_ca9_motion-to-stay_zepeda-rivas_20-16276.pdf")
    assert doc.pages[0].ecf == EcfStamp("20-16276", "19", "2020-08-05", 1, 15)
    assert doc.metadata.court == "United States Court of Appeals for the Ninth Circuit"
    assert doc.metadata.kind is DocumentKind.MOTION
    assert doc.metadata.title_as_printed.startswith("MOTION TO STAY PROCEEDINGS")
    assert doc.metadata.title.startswith("Appellees' Motion to Stay Proceedings Pending Decision in Hernandez Roman v.")
    assert doc.metadata.title.endswith("Alternative Motion for 30-Day Extension of Time to File Answering Brief")
    assert (doc.metadata.ecf_document_number, doc.metadata.appellate_document_id) == (None, "11778722")
    assert doc.metadata.docket_numbers == ["20-16276"]  # not the district's 3:20-cv-02731 nor Hernandez Roman's
    # The supporting declaration at the end: paragraphs 4 and 6 run over the page breaks.
    assert paragraph_numbers(doc) == {
        13: [(1, False), (2, False), (3, False), (4, False)],
        14: [(4, True), (5, False), (6, False)],
        15: [(6, True)],
    }


def test_second_circuit_acms_order() -> None:
    doc = analysed("cl_ca2_acms-order_bainbridge-v-argentina_NO-STARTXREF.pdf")
    assert doc.pages[0].ecf == EcfStamp("25-1689", "28.1", "2025-07-15", 1, 2)
    assert doc.metadata.court == "United States Court of Appeals for the Second Circuit"
    assert doc.metadata.kind is DocumentKind.ORDER
    # The caption lists three consolidated appeals; the ACMS stamp names only the last.
    assert doc.metadata.docket_numbers == ["25-1686", "25-1687", "25-1689"]
    assert (doc.metadata.ecf_document_number, doc.metadata.appellate_document_id) == (None, "28.1")
    assert doc.metadata.title == "Order Granting Temporary Administrative Stay"
    assert doc.metadata.title_as_printed == "ORDER"


def test_ocr_declaration_paragraphs_and_signature() -> None:
    doc = analysed("xray_declaration_angela-frye_SCANNED-OCR.pdf")
    meta = doc.metadata
    assert (meta.case_number, meta.ecf_document_number, meta.filed_date) == ("4:21-cv-00518-KGB", "12-2", "2021-08-18")
    assert meta.title.startswith("Declaration of Angela Frye Pursuant to 28 U.S.C. §")  # "AI\\GELA" mended
    assert meta.kind is DocumentKind.DECLARATION
    assert [page.ecf.page for page in doc.pages if page.ecf] == list(range(1, 22))
    found = paragraph_numbers(doc)
    assert [n for n, _ in found[1]] == [1, 2, 3, 4, 5, 6, 7]  # "5." is followed by OCR's "ln order"
    assert [n for n, _ in found[2]] == list(range(8, 15))  # "1 1." is paragraph 11
    assert set(found) == {1, 2}  # the attached exhibits' own numbered lists are not declaration paragraphs
    last = doc.pages[1].paragraphs[-1]
    text = doc.pages[1].text[last.start : last.end]
    assert text.startswith("14.") and "penalty of perjury" not in text and "Case 4:21" not in text


def test_remand_order_on_pleading_paper() -> None:
    doc = analysed("doctor_azd_mdl-remand-order_bard-ivc.pdf")
    assert doc.metadata.court == "United States District Court for the District of Arizona"
    assert doc.metadata.title == "Suggestion of Remand and Transfer Order"
    assert doc.metadata.title_as_printed == "SUGGESTION OF REMAND AND TRANSFER ORDER"
    assert doc.metadata.case_number == "MDL 15-02641-PHX-DGC"
    assert (doc.metadata.date, doc.metadata.date_basis) == (None, None)  # table dates are not the order's date
    assert doc.metadata.kind is DocumentKind.ORDER
    assert paragraph_numbers(doc) == {}  # pleading line numbers 1-28 are not paragraphs


def test_deposition_transcript_exhibit() -> None:
    doc = analysed("xray_mdd_deposition-transcript_long-v-pendrick.pdf")
    assert doc.metadata.court == "United States District Court for the District of Maryland"
    assert doc.metadata.case_number == "8:17-cv-01955-GJH"
    assert doc.metadata.title == "Confidential Deposition of Crystal M. Long (Excerpt)"
    assert doc.metadata.kind is DocumentKind.TRANSCRIPT
    assert doc.pages[0].ecf == EcfStamp("8:17-cv-01955", "57-7", "2018-04-20", 1, 21)


def test_state_and_tax_court_captions() -> None:
    missouri = analysed("doctor_mo-app_opinion_jagels_ED108783_JUNK-HEADER.pdf")
    assert missouri.metadata.court == "Missouri Court of Appeals, Eastern District"
    assert missouri.metadata.case_number == "ED108783"  # not the circuit court's 1711-CC00064
    assert (missouri.metadata.date, missouri.metadata.date_basis) == ("2021-01-19", DateBasis.FILED)
    assert (missouri.metadata.title, missouri.metadata.kind) == ("Opinion", DocumentKind.OPINION)
    assert all(page.ecf is None for page in missouri.pages)
    tax = analysed("cl_tax-court_memo-2020-26_bordelon.pdf")
    assert tax.metadata.court == "United States Tax Court"
    assert tax.metadata.docket_numbers == ["19031-13", "27735-13", "11905-14"]
    assert (tax.metadata.title, tax.metadata.kind) == ("Memorandum Findings of Fact and Opinion", DocumentKind.OPINION)
    assert (tax.metadata.date, tax.metadata.date_basis) == ("2020-02-20", DateBasis.FILED)
    assert paragraph_numbers(tax) == {}  # "1.\nGeneral rule" is a numbered heading, not a paragraph


def test_clerk_letter_checklist_is_not_paragraphs() -> None:
    doc = analysed("doctor_ca3_clerk-letter_mielo-v-steak-n-shake.pdf")
    assert doc.pages[0].ecf == EcfStamp("17-2678", "003112692106", "2017-08-03", 1, None)
    assert paragraph_numbers(doc) == {}
    meta = doc.metadata
    assert (meta.title, meta.kind) == ("Clerk's Case-Opening Letter", DocumentKind.LETTER)
    # The letterhead says only "United States Court of Appeals"; the stamp's document ID names the circuit.
    assert meta.court == "United States Court of Appeals for the Third Circuit"
    assert meta.docket_numbers == ["17-2678"]  # not the "District Case Number"
