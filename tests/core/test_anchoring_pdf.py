"""Anchoring against real PDFs: ligatures, hyphenation, page breaks and re-anchoring after re-extraction."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pymupdf
import pytest

from casebook.core.anchoring import find_quote, reanchor
from casebook.core.citations import default_short_cite, pin_cite_for
from casebook.core.documents import DocumentKind, ExtractedDocument
from casebook.core.excerpt_geometry import quads_for, text_under
from casebook.core.records import DocumentRecord, PageRecord
from casebook.ingest.filings import analyse_filing
from casebook.pdf.extract import extract_pdf

LIG_FI, LIG_FF = "\ufb01", "\ufb00"

PARA_1 = ("1. I am the Chief Risk and Oversight Officer of the Internal Revenue Service. My office reviews "
          "whether the agency's programs comply with the confidentiality rules for return information.")
PARA_2 = ("2. By the time processing stopped, the agency had sent address information about approximately "
          "47,000 individuals. That figure comes from a review by my office of every response sent.")
PARA_3 = ("3. On January 23, 2026, the agency asked the other department to stop any further sharing and to "
          "arrange the proper destruction of the records it had furnished.")
EXCERPT = "the agency had sent address information about approximately 47,000 individuals."


def write_pages(path: Path, pages: list[list[str]]) -> Path:
    """One PDF page per list of lines, set in a font with real ligature glyphs (ﬁ, ﬀ survive as glyphs)."""
    doc = pymupdf.open()
    font = pymupdf.Font("helv")
    for lines in pages:
        page = doc.new_page(width=612, height=792)
        page.insert_font(fontname="F0", fontbuffer=font.buffer)
        page.insert_text((72, 72), "\n".join(lines), fontname="F0", fontsize=11)
    doc.save(path)
    doc.close()
    return path


def wrap(*paragraphs: str, width: int = 80) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append("")
        lines.extend(textwrap.wrap(paragraph, width))
    return lines


def records(doc: ExtractedDocument) -> list[PageRecord]:
    return [
        PageRecord(document_id=1, number=p.number, label=p.label, text=p.text, needs_ocr=p.needs_ocr,
                   width=p.width, height=p.height, ecf_page=p.ecf.page if p.ecf else None, words=p.words,
                   paragraphs=tuple(p.paragraphs))
        for p in doc.pages
    ]


def extract(path: Path) -> list[PageRecord]:
    return records(analyse_filing(extract_pdf(path)))


def round_trip(pages: list[PageRecord], quote: str, *, page: int | None = None):
    (anchor,) = find_quote(pages, quote, page=page)
    quads = quads_for(anchor, {p.number: p.words for p in pages})
    under = " ".join(text_under(quads[p.number], p.words, p.text) for p in pages if p.number in quads)
    return anchor, quads, under


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_ligature_glyphs_extract_expanded_and_quotes_with_either_form_match(tmp_path):
    lines = [f"A signi{LIG_FI}cant e{LIG_FF}ect on con{LIG_FI}dential data.", "Second line."]
    pages = extract(write_pages(tmp_path / "lig.pdf", [lines]))
    assert "significant effect" in pages[0].text  # the extractor expands the glyphs
    for quote in (f"signi{LIG_FI}cant e{LIG_FF}ect", "significant effect"):
        anchor, quads, under = round_trip(pages, quote)
        assert anchor.quote.exact == "significant effect"
        assert len(quads[1]) == 1
        assert under == "significant effect"


def test_word_hyphenated_across_lines(tmp_path):
    lines = ["The agency made a disclo-", "sure of confidential data to the department."]
    pages = extract(write_pages(tmp_path / "hyphen.pdf", [lines]))
    assert "disclo-\nsure" in pages[0].text
    anchor, quads, under = round_trip(pages, "a disclosure of confidential data")
    assert anchor.quote.exact == "a disclo-\nsure of confidential data"
    assert len(quads[1]) == 2  # one rectangle on each line
    assert quads[1][0][3] <= quads[1][1][1] + 1  # the first line's rectangle sits above the second's
    assert under == anchor.quote.exact


def test_numbered_paragraph_across_a_page_break_gets_one_pin(tmp_path):
    first = wrap(PARA_1, "2. By the time processing stopped, the agency had sent address information about")
    second = wrap("approximately 47,000 individuals. That figure comes from a review by my office of every "
                  "response sent.", PARA_3)
    pages = extract(write_pages(tmp_path / "decl.pdf", [first, second]))
    assert [p.number for p in pages[1].paragraphs][:1] == [2] and pages[1].paragraphs[0].continued

    anchor, quads, under = round_trip(pages, EXCERPT, page=1)
    assert (anchor.span.start_page, anchor.span.end_page) == (1, 2)
    assert set(quads) == {1, 2}
    assert _norm(under) == EXCERPT
    assert find_quote(pages, EXCERPT, page=2) == []

    record = DocumentRecord(id=1, sha256="0" * 64, size=1, format="pdf", kind=DocumentKind.DECLARATION,
                            title="DECLARATION OF DOTTIE ROMO", original_name="decl.pdf", imported_at="",
                            extractor="", page_count=2, pages_needing_ocr=0)
    cite = pin_cite_for(record, pages, anchor.span)
    assert cite.short(default_short_cite(record)) == "Romo Decl. ¶ 2"
    assert cite.pdf() == "PDF pp. 1–2"
    # The continued paragraph alone (top of page 2) is still ¶ 2.
    (tail,) = find_quote(pages, "That figure comes from a review")
    assert pin_cite_for(record, pages, tail.span).short("Romo Decl.") == "Romo Decl. ¶ 2"


# --------------------------------------------------------------------------------------------- re-extraction


@pytest.fixture
def original(tmp_path):
    path = write_pages(tmp_path / "v1.pdf", [wrap(PARA_1, PARA_2, PARA_3, width=80)])
    pages = extract(path)
    (anchor,) = find_quote(pages, EXCERPT)
    return pages, anchor


def test_reextraction_with_the_same_text_is_unchanged(tmp_path, original):
    pages, anchor = original
    assert anchor.quote.exact in pages[0].text
    again = extract(write_pages(tmp_path / "v1-again.pdf", [wrap(PARA_1, PARA_2, PARA_3, width=80)]))
    result = reanchor(anchor, again)
    assert result.status == "unchanged"
    assert result.anchor.span == anchor.span


def test_reextraction_with_different_line_breaks_and_a_new_paragraph_moves_the_excerpt(tmp_path, original):
    _, anchor = original
    intro = "PRELIMINARY STATEMENT: the declarant corrects an earlier filing as set out below."
    moved = extract(write_pages(tmp_path / "v2.pdf", [wrap(intro, PARA_1, PARA_2, PARA_3, width=55)]))
    result = reanchor(anchor, moved)
    assert result.status == "moved"
    span = result.anchor.span
    assert span.start > anchor.span.start
    assert _norm(moved[0].text[span.start : span.end]) == EXCERPT
    quads = quads_for(result.anchor, {1: moved[0].words})
    assert _norm(text_under(quads[1], moved[0].words, moved[0].text)) == EXCERPT


def test_reextraction_as_ocr_with_typos_is_fuzzy(tmp_path, original):
    _, anchor = original
    ocr = PARA_2.replace("address information", "addrcss inforrnation").replace("47,000", "47.000")
    variant = extract(write_pages(tmp_path / "ocr.pdf", [wrap(PARA_1, ocr, PARA_3, width=70)]))
    result = reanchor(anchor, variant)
    assert result.status == "fuzzy"
    assert 0.8 <= result.similarity < 1
    got = _norm(result.anchor.quote.exact)
    assert got.startswith("the agency had sent addrcss") and got.endswith("47.000 individuals.")


def test_reextraction_without_the_text_loses_the_excerpt(tmp_path, original):
    _, anchor = original
    gone = extract(write_pages(tmp_path / "cut.pdf", [wrap(PARA_1, PARA_3, width=80)]))
    result = reanchor(anchor, gone)
    assert result.status == "lost"
    assert result.anchor is None


def test_reextraction_moves_an_excerpt_across_a_new_page_break(tmp_path, original):
    _, anchor = original
    lines = wrap(PARA_1, PARA_2, PARA_3, width=80)
    cut = next(i for i, line in enumerate(lines) if "address information" in line) + 1
    split = extract(write_pages(tmp_path / "split.pdf", [lines[:cut], lines[cut:]]))
    result = reanchor(anchor, split)
    assert result.status == "moved"
    assert (result.anchor.span.start_page, result.anchor.span.end_page) == (1, 2)
    assert _norm(result.anchor.quote.exact) == EXCERPT
