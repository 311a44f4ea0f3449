"""Pin-cite formatting and short-form citations from document metadata."""

from __future__ import annotations

from dataclasses import replace

import pytest

from casebook.core.anchoring import TextSpan
from casebook.core.citations import (
    PinCite,
    citable_ecf_number,
    declarant_surname,
    default_short_cite,
    derive_short_cite,
    document_cite,
    ecf_cite,
    format_paragraphs,
    format_range,
    full_cite,
    is_appellate_court,
    pin_cite_for,
)
from casebook.core.documents import DocumentKind, DocumentMetadata, NumberedParagraph
from casebook.core.records import DocumentRecord, PageRecord


def doc(kind: DocumentKind, title: str, **extra) -> DocumentRecord:
    defaults = dict(id=1, sha256="0" * 64, size=1, format="pdf", kind=kind, title=title, original_name="x.pdf",
                    imported_at="2026-01-01T00:00:00Z", extractor="test", page_count=3, pages_needing_ocr=0)
    defaults.update(extra)
    return DocumentRecord(**defaults)


def page(number: int, text: str = "x" * 400, *, label: str | None = None, ecf_page: int | None = None,
         paragraphs: tuple[NumberedParagraph, ...] = ()) -> PageRecord:
    return PageRecord(document_id=1, number=number, label=str(number) if label is None else label, text=text,
                      needs_ocr=False, width=612, height=792, ecf_page=ecf_page, paragraphs=paragraphs)


# --------------------------------------------------------------------------------------------- formatting


def test_format_range():
    assert format_range(3, 3) == "3"
    assert format_range(3, 4) == "3–4"
    assert format_range("iii", "iv") == "iii–iv"


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ([8], "¶ 8"),
        ([4, 5, 6], "¶¶ 4–6"),
        ([6, 4], "¶¶ 4, 6"),
        ([2, 3, 4, 7, 9, 10], "¶¶ 2–4, 7, 9–10"),
        ([5, 5], "¶ 5"),
        ([], ""),
    ],
)
def test_format_paragraphs(numbers, expected):
    assert format_paragraphs(numbers) == expected


def test_pin_cite_forms():
    decl = PinCite(pdf_pages=(2, 2), page_labels=("2", "2"), ecf_document_number="62", ecf_pages=(2, 2),
                   paragraphs=(8,))
    assert decl.short("Romo Decl.") == "Romo Decl. ¶ 8"
    assert decl.ecf() == "ECF No. 62 at 2"
    assert decl.pdf() == "PDF p. 2"

    compl = PinCite(pdf_pages=(3, 4), page_labels=("3", "4"), paragraphs=(4, 5, 6))
    assert compl.short("Compl.") == "Compl. ¶¶ 4–6"
    assert compl.ecf() is None
    assert compl.pdf() == "PDF pp. 3–4"
    assert PinCite((3, 3), ("3", "3"), paragraphs=(4, 6)).short("Compl.") == "Compl. ¶¶ 4, 6"

    order = PinCite(pdf_pages=(4, 5), page_labels=("3", "4"), ecf_document_number="45", ecf_pages=(4, 5))
    assert order.short("Order") == "Order at 3–4"  # printed page labels, not PDF pages
    assert order.ecf() == "ECF No. 45 at 4–5"  # ECF stamp pages
    assert order.pdf() == "PDF pp. 4–5"

    by_page = PinCite((3, 3), ("3", "3"), paragraphs=(2,), by_page=True)
    assert by_page.short("Order") == "Order at 3"

    article = PinCite((1, 1), ("1", "1"), article_paragraphs=(5,))
    assert article.short("Capitol Ledger") == "Capitol Ledger ¶ 5"
    assert PinCite((1, 1), ("1", "1"), article_paragraphs=(5, 6)).short("Capitol Ledger") == "Capitol Ledger ¶¶ 5–6"

    unlabelled = PinCite((7, 7), ("", ""))
    assert unlabelled.short("Op.") == "Op. at 7"
    # A filed document without stamps on the pages: CM/ECF numbers the PDF's pages.
    assert PinCite((2, 3), ("1", "2"), ecf_document_number="9").ecf() == "ECF No. 9 at 2–3"


# --------------------------------------------------------------------------------------------- short cites


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        (DocumentKind.DECLARATION, "DECLARATION OF DOTTIE ROMO", "Romo Decl."),
        (DocumentKind.DECLARATION, "Declaration of Dottie Romo", "Romo Decl."),
        (DocumentKind.DECLARATION, "DECLARATION OF MARIA GARCIA-LOPEZ IN SUPPORT OF PLAINTIFFS' MOTION",
         "Garcia-Lopez Decl."),
        (DocumentKind.DECLARATION, "DECLARATION OF JOHN O'BRIEN, JR.", "O'Brien Decl."),
        (DocumentKind.DECLARATION, "SUPPLEMENTAL DECLARATION OF DOTTIE ROMO", "Suppl. Romo Decl."),
        (DocumentKind.DECLARATION, "SECOND DECLARATION OF DOTTIE ROMO", "Second Romo Decl."),
        (DocumentKind.DECLARATION, "AFFIDAVIT OF SAM LEE", "Lee Aff."),
        (DocumentKind.DECLARATION, "DECLARATION", "Decl."),
        (DocumentKind.COMPLAINT, "COMPLAINT FOR DECLARATORY AND INJUNCTIVE RELIEF", "Compl."),
        (DocumentKind.COMPLAINT, "AMENDED COMPLAINT", "Am. Compl."),
        (DocumentKind.COMPLAINT, "SECOND AMENDED COMPLAINT", "Second Am. Compl."),
        (DocumentKind.ORDER, "ORDER", "Order"),
        (DocumentKind.ORDER, "MEMORANDUM OPINION AND ORDER", "Mem. Op."),
        (DocumentKind.OPINION, "OPINION", "Op."),
        (DocumentKind.OPINION, "Calvary Chapel v. Mills", "Op."),
        (DocumentKind.MOTION, "MOTION TO STAY PENDING APPEAL", "Mot. to Stay"),
        (DocumentKind.MOTION, "Appellees' Motion to Stay Proceedings Pending Decision", "Mot. to Stay"),
        (DocumentKind.MOTION, "DEFENDANTS' MOTION FOR SUMMARY JUDGMENT", "Mot. for Summ. J."),
        (DocumentKind.MOTION, "MOTION FOR A HEARING", "Mot."),
        (DocumentKind.MOTION, "REPLY IN SUPPORT OF MOTION TO DISMISS", "Reply"),
        (DocumentKind.ORDER, "JOINT STIPULATION AND ORDER RE EXTENSION OF DISCOVERY CUT-OFF", "Stip. & Order"),
        (DocumentKind.ORDER, "EXPEDITED HEARING ORDER DENYING REQUESTED RELIEF", "Expedited Hr'g Order"),
        (DocumentKind.ORDER, "REPORT AND RECOMMENDATION", "R. & R."),
        (DocumentKind.JUDGMENT, "Judgment", "J."),
        (DocumentKind.JUDGMENT, "FINAL JUDGMENT", "Final J."),
        (DocumentKind.TRANSCRIPT, "Confidential Deposition of Crystal M. Long (Excerpt)", "Long Dep."),
        (DocumentKind.TRANSCRIPT, "TRANSCRIPT OF MOTION HEARING", "Hr'g Tr."),
        (DocumentKind.LETTER, "Clerk's Case-Opening Letter", "Clerk's Ltr."),
        (DocumentKind.LETTER, "Letter to the Court", "Ltr."),
        (DocumentKind.BRIEF, "BRIEF OF APPELLANT", "Appellant's Br."),
        (DocumentKind.BRIEF, "REPLY BRIEF", "Reply Br."),
        (DocumentKind.NOTICE, "NOTICE OF APPEAL", "Notice of Appeal"),
        (DocumentKind.FORM, "Entry of Appearance (Form 8)", "Entry of Appearance"),
        (DocumentKind.FORM, "APPEARANCE OF COUNSEL FORM", "Appearance Form"),
        (DocumentKind.DECLARATION, "DECLARATION OF AI\\GELA FRYE PURSUANT TO 28 U.S.C. $ 1746", "Frye Decl."),
        (DocumentKind.MOTION, "OPPOSITION TO MOTION TO DISMISS", "Opp'n"),
        (DocumentKind.DOCKET, "Civil Docket for Case 1:25-cv-01234-ABC", "Docket"),
        (DocumentKind.EXHIBIT, "Exhibit 3 - Memorandum of Understanding", "Ex. 3"),
        (DocumentKind.EXHIBIT, "EXHIBIT B", "Ex. B"),
        (DocumentKind.EXHIBIT, "Memorandum of Understanding", "Memorandum of Understanding"),
        (DocumentKind.OTHER, "Letter to the Clerk", "Letter to the Clerk"),
    ],
)
def test_default_short_cite(kind, title, expected):
    assert default_short_cite(doc(kind, title)) == expected


def test_default_short_cite_article_uses_the_publisher_and_user_edits_win():
    article = doc(DocumentKind.ARTICLE, "IRS gave agents data", format="html", publisher="The Capitol Ledger")
    assert default_short_cite(article) == "Capitol Ledger"
    assert default_short_cite(doc(DocumentKind.ARTICLE, "Headline", format="html")) == "Headline"
    edited = doc(DocumentKind.DECLARATION, "DECLARATION OF DOTTIE ROMO", short_cite="Romo Decl. II")
    assert default_short_cite(edited) == "Romo Decl. II"
    assert default_short_cite(doc(DocumentKind.OTHER, "", original_name="scan.pdf")) == "scan.pdf"


def test_declarant_surname_is_none_without_a_declarant():
    assert declarant_surname("ORDER GRANTING MOTION") is None


# --------------------------------------------------------------------------------------------- pin_cite_for


def test_pin_cite_for_a_declaration_paragraph_across_a_page_break():
    pages = [
        page(1, label="1", ecf_page=1, paragraphs=(NumberedParagraph(7, 0, 200), NumberedParagraph(8, 202, 400))),
        page(2, label="2", ecf_page=2, paragraphs=(NumberedParagraph(8, 0, 90, continued=True),
                                                   NumberedParagraph(9, 92, 300))),
    ]
    record = doc(DocumentKind.DECLARATION, "DECLARATION OF DOTTIE ROMO", ecf_document_number="62")
    cite = pin_cite_for(record, pages, TextSpan(1, 250, 2, 40))
    assert cite.paragraphs == (8,)
    assert cite.short(default_short_cite(record)) == "Romo Decl. ¶ 8"
    assert cite.ecf() == "ECF No. 62 at 1–2"
    assert cite.pdf() == "PDF pp. 1–2"
    assert pin_cite_for(record, pages, TextSpan(1, 100, 2, 120)).short("Romo Decl.") == "Romo Decl. ¶¶ 7–9"
    # Outside any numbered paragraph (the signature block) a declaration is cited by page.
    assert pin_cite_for(record, pages, TextSpan(2, 350, 2, 390)).short("Romo Decl.") == "Romo Decl. at 2"


def test_pin_cite_for_an_order_uses_printed_labels_and_ecf_stamp_pages():
    pages = [page(1, label="i", ecf_page=3), page(2, label="1", ecf_page=4),
             page(3, label="2", ecf_page=5, paragraphs=(NumberedParagraph(1, 0, 100),))]
    record = doc(DocumentKind.ORDER, "ORDER", ecf_document_number="45")
    cite = pin_cite_for(record, pages, TextSpan(2, 10, 3, 20))
    assert cite.short("Order") == "Order at 1–2"
    assert cite.ecf() == "ECF No. 45 at 4–5"
    assert cite.pdf() == "PDF pp. 2–3"
    assert pin_cite_for(record, pages, TextSpan(1, 0, 1, 5)).short("Order") == "Order at i"


def test_pin_cite_for_an_article_paragraph():
    paragraphs = tuple(NumberedParagraph(n, (n - 1) * 100, n * 100 - 2) for n in range(1, 9))
    pages = [page(1, "y" * 800, label="1", paragraphs=paragraphs)]
    record = doc(DocumentKind.ARTICLE, "IRS gave agents data", format="html", publisher="The Capitol Ledger")
    cite = pin_cite_for(record, pages, TextSpan(1, 410, 1, 450))
    assert cite.article_paragraphs == (5,) and cite.paragraphs == ()
    assert cite.short(default_short_cite(record)) == "Capitol Ledger ¶ 5"
    assert cite.ecf() is None


def test_pin_cite_for_rejects_pages_it_was_not_given():
    with pytest.raises(ValueError):
        pin_cite_for(doc(DocumentKind.ORDER, "ORDER"), [page(1)], TextSpan(1, 0, 2, 5))


# ------------------------------------------------------------------------------------ short cites from metadata


def meta(kind: DocumentKind, title: str, **extra) -> DocumentMetadata:
    return DocumentMetadata(title=title, kind=kind, **extra)


CA1 = "United States Court of Appeals for the First Circuit"
CA3 = "United States Court of Appeals for the Third Circuit"
DDC = "United States District Court for the District of Columbia"


@pytest.mark.parametrize(
    ("metadata", "text", "expected"),
    [
        (meta(DocumentKind.OPINION, "Opinion", court=CA1, parties="Calvary Chapel of Bangor v. Mills"), "",
         "Calvary Chapel, slip op."),
        (meta(DocumentKind.OPINION, "Opinion", court="United States Court of Appeals for the Fifth Circuit",
              parties="United States v. Martin"), "", "Martin, slip op."),
        (meta(DocumentKind.OPINION, "Opinion of the Court", court=CA3,
              parties="Travelers Indem. Co. v. Dammann & Co."), "", "Travelers, slip op."),
        (meta(DocumentKind.OPINION, "Slip Opinion (Syllabus)", court="Supreme Court of the United States",
              parties="Tarrant Reg'l Water Dist. v. Herrmann"), "", "Tarrant, slip op."),
        (meta(DocumentKind.OPINION, "Opinion", court="Missouri Court of Appeals, Eastern District",
              parties="Jagels v. State"), "", "Jagels, slip op."),
        (meta(DocumentKind.OPINION, "Opinion", court=CA1, parties="St. Pierre v. Doctor"), "", "St. Pierre, slip op."),
        (meta(DocumentKind.OPINION, "Memorandum Findings of Fact and Opinion", court="United States Tax Court",
              parties="Bordelon v. Commissioner"), "T.C. Memo. 2020-26\n\nUNITED STATES TAX COURT",
         "Bordelon, T.C. Memo. 2020-26"),
        (meta(DocumentKind.OPINION, "MEMORANDUM OPINION", court=DDC,
              parties="Doe v. Roe"), "", "Mem. Op."),
        (meta(DocumentKind.OPINION, "Opinion", court=CA1), "", "Op."),  # no caption read: no case name to use
        (meta(DocumentKind.ARTICLE, "IRS gave agents data", publisher="The Capitol Ledger"), "", "Capitol Ledger"),
        (meta(DocumentKind.DECLARATION, "DECLARATION OF DOTTIE ROMO IN SUPPORT OF PLAINTIFFS' MOTION"), "",
         "Romo Decl."),
        (meta(DocumentKind.OTHER, "", ecf_document_number="191"), "", "ECF No. 191"),
        (meta(DocumentKind.OTHER, "", appellate_document_id="00117684624", court=CA1), "", None),
        (meta(DocumentKind.OTHER, "Letter to the Clerk"), "", None),  # no rule: the title stands in, live
    ],
)
def test_derive_short_cite(metadata, text, expected):
    assert derive_short_cite(metadata, text) == expected


def test_default_short_cite_uses_the_same_rules_for_stored_documents():
    record = doc(DocumentKind.OPINION, "Opinion", court=CA1, parties="Calvary Chapel of Bangor v. Mills")
    assert default_short_cite(record) == "Calvary Chapel, slip op."
    assert default_short_cite(replace(record, short_cite="Calvary Chapel")) == "Calvary Chapel"  # stored or set wins


# --------------------------------------------------------------------------------------------- ECF numbers


def test_ecf_cite_only_for_district_and_bankruptcy_docket_entries():
    assert ecf_cite("62") == "ECF No. 62"
    assert ecf_cite("12-2", "3–4") == "ECF No. 12-2 at 3–4"
    assert ecf_cite("00117684624") is None  # a First Circuit document ID
    assert ecf_cite("11778722") is None  # a Ninth Circuit document ID
    assert ecf_cite("003112692106") is None
    assert ecf_cite("28.1") is None  # a Second Circuit ACMS docket entry
    assert ecf_cite("") is None and ecf_cite(None) is None
    assert citable_ecf_number("28.1", court="United States Court of Appeals for the Second Circuit") is None
    assert citable_ecf_number("3", court=CA1) is None
    assert citable_ecf_number("17", appellate_document_id="17") is None
    assert citable_ecf_number("57-7", court="United States District Court for the District of Maryland") == "57-7"
    assert citable_ecf_number("191") == "191"
    assert is_appellate_court("Supreme Court of the United States")
    assert is_appellate_court("Missouri Court of Appeals, Eastern District")
    assert not is_appellate_court("United States Bankruptcy Court for the District of Delaware")
    assert not is_appellate_court("Circuit Court of St. Charles County")


def test_pin_cite_never_renders_an_appellate_document_id_as_ecf():
    pages = [page(n, label=str(n), ecf_page=n) for n in (1, 2, 3, 4, 5, 6)]
    opinion = doc(DocumentKind.OPINION, "Opinion", court=CA1, appellate_document_id="00117684624",
                  parties="Calvary Chapel of Bangor v. Mills")
    cite = pin_cite_for(opinion, pages, TextSpan(5, 0, 5, 20))
    assert cite.ecf() is None
    assert full_cite(cite, default_short_cite(opinion)) == "Calvary Chapel, slip op. at 5"
    # Stored the old way (document ID in the ECF field), or from an appellate court: still never "ECF No.".
    legacy = replace(opinion, appellate_document_id=None, ecf_document_number="00117684624")
    assert pin_cite_for(legacy, pages, TextSpan(5, 0, 5, 20)).ecf() is None
    stamped_order = doc(DocumentKind.ORDER, "ORDER", court=CA1, ecf_document_number="3")
    cite = pin_cite_for(stamped_order, pages, TextSpan(1, 0, 1, 5))
    assert cite.ecf() is None and full_cite(cite, "Order") == "Order at 1"
    assert document_cite(legacy) == "Calvary Chapel, slip op."
    assert PinCite((2, 2), ("2", "2"), ecf_document_number="00117684624").ecf() is None


def test_pin_cite_across_a_page_break_cites_both_pages():
    pages = [page(2, label="2", ecf_page=2), page(3, label="3", ecf_page=3)]
    opinion = doc(DocumentKind.OPINION, "Opinion", court=CA1, parties="Calvary Chapel of Bangor v. Mills")
    assert full_cite(pin_cite_for(opinion, pages, TextSpan(2, 300, 3, 30)), "Calvary Chapel, slip op.") == (
        "Calvary Chapel, slip op. at 2–3")
    district = doc(DocumentKind.ORDER, "ORDER", court=DDC, ecf_document_number="45")
    cite = pin_cite_for(district, pages, TextSpan(2, 300, 3, 30))
    assert full_cite(cite, "Order") == "Order at 2–3; ECF No. 45 at 2–3"
    assert document_cite(district) == "Order; ECF No. 45"


def test_transcript_line_numbers_are_not_paragraphs():
    lines = tuple(NumberedParagraph(n, n * 10, n * 10 + 8) for n in range(1, 26))
    pages = [page(1, label="1", paragraphs=lines)]
    record = doc(DocumentKind.TRANSCRIPT, "Confidential Deposition of Crystal M. Long (Excerpt)")
    assert pin_cite_for(record, pages, TextSpan(1, 30, 1, 60)).short(default_short_cite(record)) == "Long Dep. at 1"


# --------------------------------------------------------------------------------------------- the demo case


def test_demo_declaration_pin_cite_is_romo_decl_paragraph_8(tmp_path):
    """Imported as any filing (kind, title and short cite all found by analysis), ¶ 8 cites as "Romo Decl. ¶ 8"."""
    from casebook.core.anchoring import find_quote
    from casebook.ingest.filings import analyse_filing
    from casebook.pdf.extract import extract_pdf
    from casebook.services.demo import write_demo_sources

    (path,) = [p for p in write_demo_sources(tmp_path) if "Romo" in p.name]
    analysed = analyse_filing(extract_pdf(path))
    found = analysed.metadata
    assert found.kind is DocumentKind.DECLARATION
    assert found.short_cite == "Romo Decl."
    record = doc(found.kind, found.title, short_cite=found.short_cite, court=found.court,
                 ecf_document_number=found.ecf_document_number, appellate_document_id=found.appellate_document_id,
                 page_count=len(analysed.pages))
    pages = [PageRecord(document_id=1, number=p.number, label=p.label, text=p.text, needs_ocr=p.needs_ocr,
                        width=p.width, height=p.height, ecf_page=p.ecf.page if p.ecf else None, words=p.words,
                        paragraphs=tuple(p.paragraphs), furniture=tuple(p.furniture))
             for p in analysed.pages]
    (hit,) = find_quote(pages, "for approximately 47,000 individuals")
    cite = pin_cite_for(record, pages, hit.span)
    assert cite.short(default_short_cite(record)) == "Romo Decl. ¶ 8"
    assert full_cite(cite, default_short_cite(record)) == f"Romo Decl. ¶ 8; ECF No. {found.ecf_document_number} at 2"
