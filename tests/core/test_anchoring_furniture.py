"""Anchoring with page furniture: quotes matched past stamps, footers and line numbers, and stored without them."""

from __future__ import annotations

from dataclasses import dataclass

from casebook.core.anchoring import (
    Anchor,
    TextQuote,
    TextSpan,
    anchor_span,
    blank_furniture,
    find_quote,
    reanchor,
    text_without_furniture,
)
from casebook.core.documents import WordBox
from casebook.core.excerpt_geometry import quads_for

STAMP2 = "Case 1:25-cv-01234-ABC Document 62 Filed 03/14/25 Page 2 of 5"
STAMP3 = "Case 1:25-cv-01234-ABC Document 62 Filed 03/14/25 Page 3 of 5"
FOOTER = "DEFENDANTS' OPPOSITION TO THE MOTION"


@dataclass(frozen=True)
class Page:
    number: int
    text: str
    furniture: tuple[tuple[int, int], ...] = ()


def page_with(number: int, parts: list[tuple[str, bool]]) -> Page:
    """A page from (text, is_furniture) lines joined by blank lines, with the furniture ranges filled in."""
    text, furniture = "", []
    for line, is_furniture in parts:
        if text:
            text += "\n\n"
        if is_furniture:
            furniture.append((len(text), len(text) + len(line)))
        text += line
    return Page(number, text, tuple(furniture))


def filing() -> list[Page]:
    return [
        page_with(2, [(STAMP2, True), ("The agency kept a log of every request.", False),
                      ("It answered the first batch in May and the second", False), ("2", True), (FOOTER, True)]),
        page_with(3, [(STAMP3, True), ("batch in June, after the review had ended.", False),
                      ("Nothing more was sent.", False), ("3", True), (FOOTER, True)]),
    ]


def test_text_without_furniture_and_blanking_keep_offsets():
    page = filing()[0]
    assert len(blank_furniture(page.text, page.furniture)) == len(page.text)
    body = text_without_furniture(page.text, page.furniture)
    assert body.startswith("The agency kept") and body.endswith("and the second")
    assert STAMP2 not in body and FOOTER not in body
    assert text_without_furniture("no furniture here", (), 3, 12) == "furniture"


def test_a_quote_across_the_break_skips_footer_folio_and_stamp():
    pages = filing()
    (found,) = find_quote(pages, "in May and the second batch in June", page=2)
    assert (found.span.start_page, found.span.end_page) == (2, 3)
    assert found.quote.exact == "in May and the second batch in June"
    assert pages[0].text[found.span.start:].startswith("in May")
    assert pages[1].text[: found.span.end].endswith("in June")
    assert STAMP3 not in found.quote.prefix + found.quote.suffix
    assert found.quote.suffix.startswith(", after the review")


def test_the_quote_with_the_stamp_in_it_is_not_body_text():
    assert find_quote(filing(), f"the second {FOOTER} batch") == []
    assert find_quote(filing(), f"second {STAMP3} batch") == []


def test_a_selection_over_the_furniture_is_trimmed_to_the_body():
    pages = filing()
    start = pages[0].text.index("the second")
    end = pages[1].text.index(" after")
    anchor = anchor_span(pages, TextSpan(2, start, 3, end))
    assert anchor.quote.exact == "the second batch in June,"
    # Starting on the stamp: the span moves to the first body word after it.
    on_stamp = anchor_span(pages, TextSpan(3, 5, 3, end))
    assert on_stamp.span.start == pages[1].text.index("batch") and on_stamp.quote.exact == "batch in June,"
    # Ending on the folio and footer: the span ends at the last body word before them.
    to_footer = anchor_span(pages, TextSpan(2, start, 2, len(pages[0].text)))
    assert to_footer.span.end == pages[0].text.index("second") + len("second")
    assert to_footer.quote.exact == "the second"


def test_pleading_line_numbers_inside_a_single_page_quote():
    text = "1 The parties agree that the notice\n2 was served on March 3, 2025,\n3 by first-class mail."
    page = Page(1, text, ((0, 1), (36, 37), (67, 68)))
    (found,) = find_quote([page], "the notice was served on March 3, 2025, by first-class mail")
    assert found.quote.exact == "the notice was served on March 3, 2025, by first-class mail"
    assert "2 was" not in found.quote.exact
    assert find_quote([Page(1, text)], "the notice was served") == []  # without furniture the "2" is in the way


def test_quads_leave_out_furniture_words():
    pages = filing()
    words_2 = [WordBox(72.0, 100.0 + 20 * pages[0].text.count("\n", 0, w.start()),
                       120.0, 112.0 + 20 * pages[0].text.count("\n", 0, w.start()), w.start(), w.end())
               for w in _words(pages[0].text)]
    (found,) = find_quote(pages, "in May and the second batch in June", page=2)
    furniture = {2: pages[0].furniture}
    with_furniture = quads_for(found, {2: words_2})
    without = quads_for(found, {2: words_2}, furniture)
    footer_y = 100.0 + 20 * pages[0].text.count("\n", 0, pages[0].text.index(FOOTER))
    assert any(q[1] == footer_y for q in with_furniture[2])  # the span itself runs over the footer …
    assert not any(q[1] >= footer_y - 20 for q in without[2])  # … but folio and footer are not highlighted


def _words(text: str):
    import re

    return list(re.finditer(r"\S+", text))


def test_reanchoring_a_cross_page_excerpt_with_furniture():
    pages = filing()
    (found,) = find_quote(pages, "in May and the second batch in June", page=2)
    assert reanchor(found, pages).status == "unchanged"
    # The page text is re-extracted with a different stamp (a re-filed copy): the excerpt is found again.
    moved = [page_with(2, [("Case 1:25-cv-01234-ABC Document 70 Filed 04/01/25 Page 2 of 5", True),
                           ("Preface line.", False), ("The agency kept a log of every request.", False),
                           ("It answered the first batch in May and the second", False), ("2", True)]),
             pages[1]]
    result = reanchor(found, moved)
    assert result.status in {"unchanged", "moved"} and result.anchor is not None
    assert result.anchor.quote.exact == "in May and the second batch in June"


def test_pages_without_furniture_behave_as_before():
    pages = [Page(1, "first page ends"), Page(2, "second page starts")]
    (found,) = find_quote(pages, "ends second")
    assert found.quote.exact == "ends second" and (found.span.start_page, found.span.end_page) == (1, 2)
    stored = Anchor(TextQuote("ends second", "first page ", " page starts"), found.span)
    assert reanchor(stored, pages).status == "unchanged"
