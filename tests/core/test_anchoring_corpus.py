"""Anchoring on real court PDFs (public corpus) and on the demo case's generated filings and articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.core.anchoring import find_quote, reanchor, text_without_furniture
from casebook.core.citations import default_short_cite, pin_cite_for
from casebook.core.documents import DocumentKind, ExtractedDocument
from casebook.core.excerpt_geometry import quads_for, text_under
from casebook.core.records import DocumentRecord, PageRecord
from casebook.ingest.articles import import_article
from casebook.ingest.filings import analyse_filing
from casebook.pdf.extract import extract_pdf

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
COURT_PDFS = ["doctor_ca9_motion-to-stay_zepeda-rivas_20-16276.pdf",
              "cl_ca2_acms-order_bainbridge-v-argentina_NO-STARTXREF.pdf"]
QUOTE_WORDS = 12
SAMPLE_EVERY = 17  # words between the starts of sampled quotes


def _norm(text: str) -> str:
    return " ".join(text.split())


def page_records(doc: ExtractedDocument) -> list[PageRecord]:
    return [
        PageRecord(document_id=1, number=p.number, label=p.label, text=p.text, needs_ocr=p.needs_ocr,
                   width=p.width, height=p.height, ecf_page=p.ecf.page if p.ecf else None, words=p.words,
                   paragraphs=tuple(p.paragraphs), furniture=tuple(p.furniture))
        for p in doc.pages
    ]


def body_words(page: PageRecord) -> list:
    """The page's words that are not furniture (ECF stamp, running header or footer, page number)."""
    return [w for w in page.words if not any(a <= w.start and w.end <= b for a, b in page.furniture)]


def document_record(doc: ExtractedDocument) -> DocumentRecord:
    meta = doc.metadata
    return DocumentRecord(id=1, sha256="0" * 64, size=1, format=doc.format, kind=meta.kind, title=meta.title,
                          original_name="x", imported_at="", extractor=doc.extractor, page_count=len(doc.pages),
                          pages_needing_ocr=0, ecf_document_number=meta.ecf_document_number,
                          publisher=meta.publisher)


def sampled_quotes(pages: list[PageRecord]):
    """(page, start, quote) for runs of whole words of the body as a user would paste them (whitespace collapsed)."""
    for page in pages:
        words = body_words(page)
        for i in range(0, max(0, len(words) - QUOTE_WORDS), SAMPLE_EVERY):
            start, end = words[i].start, words[i + QUOTE_WORDS - 1].end
            yield page.number, start, _norm(text_without_furniture(page.text, page.furniture, start, end))


@pytest.mark.corpus
@pytest.mark.parametrize("name", COURT_PDFS)
def test_quote_to_quads_to_text_round_trips_on_court_pdfs(name):
    path = CORPUS / "court_pdfs" / name
    if not path.exists():
        pytest.skip(f"corpus file absent: {path}")
    pages = page_records(analyse_filing(extract_pdf(path)))
    words_by_page = {p.number: p.words for p in pages}
    furniture = {p.number: p.furniture for p in pages}
    checked = 0
    for number, start, quote in sampled_quotes(pages):
        candidates = find_quote(pages, quote, page=number)
        hits = [a for a in candidates if a.span.start == start]
        assert len(hits) == 1, (number, quote, candidates)
        anchor = hits[0]
        assert _norm(anchor.quote.exact) == quote
        quads = quads_for(anchor, words_by_page, furniture)
        assert list(quads) == [number]
        under = text_under(quads[number], words_by_page[number], pages[number - 1].text)
        assert _norm(under) == quote, (number, quote)
        assert reanchor(anchor, pages).status == "unchanged"
        checked += 1
    assert checked >= 10


@pytest.mark.corpus
def test_court_pdf_excerpt_across_a_page_break_and_declaration_paragraphs():
    path = CORPUS / "court_pdfs" / COURT_PDFS[0]
    if not path.exists():
        pytest.skip(f"corpus file absent: {path}")
    doc = analyse_filing(extract_pdf(path))
    pages, record = page_records(doc), document_record(doc)
    words_by_page = {p.number: p.words for p in pages}
    furniture = {p.number: p.furniture for p in pages}

    # The last body words of page 3 and the first of page 4 as one quote: page 3's folio and page 4's ECF
    # header lie between them and are furniture, neither matched nor quoted nor highlighted.
    p3, p4 = pages[2], pages[3]
    start, end = body_words(p3)[-6].start, body_words(p4)[5].end
    quote = _norm(text_without_furniture(p3.text, p3.furniture, start) + " "
                  + text_without_furniture(p4.text, p4.furniture, 0, end))
    (anchor,) = [a for a in find_quote(pages, quote, page=3) if a.span.start == start]
    assert (anchor.span.start_page, anchor.span.end_page) == (3, 4)
    assert _norm(anchor.quote.exact) == quote and "DktEntry" not in anchor.quote.exact
    quads = quads_for(anchor, words_by_page, furniture)
    assert set(quads) == {3, 4}
    under = " ".join(text_under(quads[n], words_by_page[n], pages[n - 1].text) for n in (3, 4))
    assert _norm(under) == quote
    with_header = _norm(p3.text[start:] + " " + p4.text[:end])
    assert "DktEntry" in with_header and not find_quote(pages, with_header, page=3)

    # Pages 13–15 carry an attached declaration with numbered paragraphs; a motion is still cited by page.
    (hit,) = find_quote(pages, "at least five class members at the Mesa Verde Detention Facility")
    cite = pin_cite_for(record, pages, hit.span)
    assert hit.span.start_page == 13
    assert cite.paragraphs == (4,)
    assert cite.short("Mot.") == "Mot. at 13"
    assert cite.ecf() is None  # an appellate stamp ("ID: 11778722, DktEntry: 19") gives no district ECF number
    assert cite.pdf() == "PDF p. 13"


@pytest.fixture(scope="module")
def demo_sources(tmp_path_factory):
    from casebook.services.demo import write_demo_sources

    return write_demo_sources(tmp_path_factory.mktemp("demo"))


def test_demo_declaration_sentence_pins_to_its_paragraph_and_ecf_page(demo_sources):
    (path,) = [p for p in demo_sources if "Romo" in p.name]
    doc = analyse_filing(extract_pdf(path))
    pages, record = page_records(doc), document_record(doc)
    record = DocumentRecord(**{**record.__dict__, "kind": DocumentKind.DECLARATION})
    (hit,) = find_quote(pages, "for approximately 47,000 individuals")
    assert hit.span.start_page == 2  # ¶ 8 sits on the declaration's second page
    cite = pin_cite_for(record, pages, hit.span)
    assert cite.short(default_short_cite(record)) == "Romo Decl. ¶ 8"
    assert cite.ecf() == "ECF No. 62 at 2"
    assert cite.pdf() == "PDF p. 2"
    quads = quads_for(hit, {p.number: p.words for p in pages})
    assert _norm(text_under(quads[2], pages[1].words, pages[1].text)) == "for approximately 47,000 individuals."


def test_demo_article_sentence_pins_to_its_article_paragraph(demo_sources):
    (path,) = [p for p in demo_sources if "nearly 50,000" in p.name]
    doc = import_article(path)
    pages, record = page_records(doc), document_record(doc)
    (hit,) = find_quote(pages, "puts the number at about 47,000 individuals")
    cite = pin_cite_for(record, pages, hit.span)
    assert cite.short(default_short_cite(record)) == "Capitol Ledger ¶ 2"
    assert cite.ecf() is None
    (headline_claim,) = find_quote(pages, "taxpayer data on nearly 50,000 people")
    assert pin_cite_for(record, pages, headline_claim.span).short("Capitol Ledger") == "Capitol Ledger ¶ 1"
