"""Pin-cite formatting and short-form citations from document metadata."""

from __future__ import annotations

import pytest

from casebook.core.anchoring import TextSpan
from casebook.core.citations import (
    PinCite,
    declarant_surname,
    default_short_cite,
    format_paragraphs,
    format_range,
    pin_cite_for,
)
from casebook.core.documents import DocumentKind, NumberedParagraph
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
        (DocumentKind.MOTION, "MOTION TO STAY PENDING APPEAL", "Mot."),
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
