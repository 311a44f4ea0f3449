"""Unit tests for excerpt anchoring on plain page text: selectors, tolerant matching, re-anchoring, geometry."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.core.anchoring import (
    CONTEXT_CHARS,
    Anchor,
    TextQuote,
    TextSpan,
    anchor_span,
    find_quote,
    normalise_quote,
    reanchor,
    reanchor_all,
)
from casebook.core.documents import NumberedParagraph, WordBox, WordBoxes
from casebook.core.excerpt_geometry import paragraphs_for, quads_for, text_under


@dataclass(frozen=True)
class Page:
    number: int
    text: str


P1 = (
    "8. By the time processing stopped, the agency had sent address information about approximately\n"
    "47,000 individuals. That figure comes from the review by my o\ufb03ce of the “matching criteria”\n"
    "and the disclo-\nsure logs.\n\n"
    "9. After the Order was entered, staff audited every response — one by one — and the totals\n"
    "were reported to the"
)
P2 = "Chief Risk and Oversight Officer on January 23, 2026.\n\n10. The audit found responses sent in error."
PAGES = [Page(1, P1), Page(2, P2)]


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a  b\n\nc", "a b c"),
        ("“matching criteria”", '"matching criteria"'),
        ("it‘s", "it's"),
        ("one — by", "one--by"),
        ("one—by", "one - by"),
        ("one — by", "one—by"),
        ("o\ufb03ce", "office"),
        ("disclo-\nsure", "disclosure"),
        ("disclo-\u00adsure", "disclosure"),
        ("ECF No. 20-\n16276", "ECF No. 20-16276"),
        ("¶¶ 4–6", "¶¶ 4-6"),
        ("\u00a0lead and trail\n", "lead and trail"),
    ],
)
def test_normalise_quote_equates_typographic_variants(a, b):
    assert normalise_quote(a) == normalise_quote(b)


@pytest.mark.parametrize(("a", "b"), [("disclosure", "disclosures"), ("47,000", "47.000"), ("Order", "order")])
def test_normalise_quote_keeps_real_differences(a, b):
    assert normalise_quote(a) != normalise_quote(b)


# --------------------------------------------------------------------------------------------- anchor_span


def test_anchor_span_slices_page_text_with_context():
    start = P1.index("approximately")
    span = TextSpan(1, start, 1, start + len("approximately"))
    anchor = anchor_span(PAGES, span)
    assert anchor.quote.exact == "approximately"
    assert anchor.quote.prefix == P1[start - CONTEXT_CHARS : start]
    assert anchor.quote.suffix == P1[span.end : span.end + CONTEXT_CHARS]
    assert anchor.span == span


def test_anchor_span_across_a_page_break_joins_with_one_space_and_context_crosses_pages():
    start = P1.index("were reported")
    span = TextSpan(1, start, 2, len("Chief Risk"))
    anchor = anchor_span(PAGES, span)
    assert anchor.quote.exact == "were reported to the Chief Risk"
    # Context near a page edge runs onto the neighbouring page.
    head = anchor_span(PAGES, TextSpan(2, 0, 2, 5))
    assert head.quote.exact == "Chief"
    assert head.quote.prefix.endswith("were reported to the ")
    tail = anchor_span(PAGES, TextSpan(1, len(P1) - 3, 1, len(P1)))
    assert tail.quote.suffix.startswith(" Chief Risk")


@pytest.mark.parametrize("span", [TextSpan(1, 0, 3, 4), TextSpan(1, 5, 1, 2), TextSpan(2, 0, 2, 10_000)])
def test_anchor_span_rejects_spans_that_do_not_fit(span):
    with pytest.raises(ValueError):
        anchor_span(PAGES, span)


# --------------------------------------------------------------------------------------------- find_quote


def test_find_quote_tolerates_line_breaks_ligatures_quotes_dashes_and_hyphenation():
    found = find_quote(PAGES, 'about approximately 47,000 individuals. That figure comes from the review by my office '
                              'of the "matching criteria" and the disclosure logs.')
    assert len(found) == 1
    span = found[0].span
    assert (span.start_page, span.end_page) == (1, 1)
    assert P1[span.start : span.end].startswith("about approximately\n47,000")
    assert P1[span.start : span.end].endswith("disclo-\nsure logs.")
    assert found[0].quote.exact == P1[span.start : span.end]

    dashes = find_quote(PAGES, "every response -- one by one -- and")
    assert len(dashes) == 1
    assert P1[dashes[0].span.start : dashes[0].span.end] == "every response — one by one — and"


@pytest.mark.parametrize(
    ("context", "ending"),
    [("the Court –\nwould rule", "the Court –"), ("(2007) – would rule", "(2007) –"), ("Court—would rule", "Court—")],
)
def test_find_quote_starting_or_ending_at_a_dash_matches_in_any_context(context, ending):
    (start,) = find_quote([Page(1, context)], "– would rule")
    assert context[start.span.start] in "–—"
    (end,) = find_quote([Page(1, context)], ending)
    assert context[end.span.end - 1] in "–—"


def test_find_quote_offsets_cover_the_ligature_character_itself():
    (hit,) = find_quote(PAGES, "my office")
    assert P1[hit.span.start : hit.span.end] == "my o\ufb03ce"
    (partial,) = find_quote(PAGES, "my offi")  # ends inside the ligature: the whole ligature is covered
    assert P1[partial.span.start : partial.span.end] == "my o\ufb03"


def test_find_quote_across_a_page_break():
    (hit,) = find_quote(PAGES, "were reported to the Chief Risk and Oversight Officer")
    assert (hit.span.start_page, hit.span.end_page) == (1, 2)
    assert hit.quote.exact == "were reported to the Chief Risk and Oversight Officer"
    # Restricted to the page it starts on, it is still found; from the next page it is not.
    (restricted,) = find_quote(PAGES, "were reported to the Chief Risk", page=1)
    assert restricted.span.start == hit.span.start and restricted.span.end_page == 2
    assert find_quote(PAGES, "were reported to the Chief Risk", page=2) == []


def test_find_quote_returns_every_candidate_and_respects_page():
    hits = find_quote(PAGES, "the audit")
    # Case-sensitive first: "the audit" does not occur in that case ...
    assert [_norm(h.quote.exact) for h in hits] == ["The audit"]  # ... so the case-insensitive fallback applies
    many = find_quote(PAGES, "the")
    assert len(many) > 3
    assert all(h.quote.exact == "the" for h in many)  # exact case wins when it exists
    assert [h.span.start for h in many] == sorted(h.span.start for h in many if h.span.start_page == 1) + [
        h.span.start for h in many if h.span.start_page == 2
    ]
    on_two = find_quote(PAGES, "the", page=2)
    assert on_two and all(h.span.start_page == 2 for h in on_two)
    assert find_quote(PAGES, "nowhere in this text") == []
    assert find_quote(PAGES, "   ") == []
    assert find_quote(PAGES, "the", page=7) == []


# --------------------------------------------------------------------------------------------- reanchor


def _anchor(pages, quote):
    (hit,) = find_quote(pages, quote)
    return hit


def test_reanchor_unchanged():
    anchor = _anchor(PAGES, "47,000 individuals")
    result = reanchor(anchor, PAGES)
    assert result.status == "unchanged"
    assert result.anchor == anchor


def test_reanchor_moved_after_new_line_breaks_and_inserted_text():
    anchor = _anchor(PAGES, "the agency had sent address information about approximately 47,000 individuals")
    new_p1 = "A new introductory paragraph.\n\n" + P1.replace("approximately\n47,000", "approximately 47,000\n")
    new_pages = [Page(1, new_p1.replace("address information", "address\ninformation")), Page(2, P2)]
    result = reanchor(anchor, new_pages)
    assert result.status == "moved"
    span = result.anchor.span
    assert _norm(new_pages[0].text[span.start : span.end]) == _norm(anchor.quote.exact)
    assert "moved" in result.note


def test_reanchor_moved_chooses_by_context_then_by_distance():
    text = "alpha beta the same words gamma delta\n\nepsilon zeta the same words eta theta"
    pages = [Page(1, text)]
    second = text.rindex("the same words")
    anchor = anchor_span(pages, TextSpan(1, second, 1, second + len("the same words")))
    shifted = [Page(1, "Inserted line.\n" + text)]
    result = reanchor(anchor, shifted)
    assert result.status == "moved"
    assert result.anchor.span.start == shifted[0].text.rindex("the same words")
    assert result.anchor.quote.prefix.endswith("epsilon zeta ")
    assert "2 times" in result.note
    # With no context to tell them apart, the nearer place wins.
    bare = Anchor(TextQuote("the same words", "", ""), TextSpan(1, 3, 1, 17))
    assert reanchor(bare, shifted).anchor.span.start == shifted[0].text.index("the same words")


def test_reanchor_fuzzy_on_an_ocr_variant_reports_similarity():
    anchor = _anchor(PAGES, "the agency had sent address information about approximately 47,000 individuals")
    ocr = P1.replace("address information", "addrcss inforrnation").replace("47,000", "47.000")
    result = reanchor(anchor, [Page(1, ocr), Page(2, P2)])
    assert result.status == "fuzzy"
    assert 0.8 <= result.similarity < 1.0
    span = result.anchor.span
    assert ocr[span.start : span.end].startswith("the agency had sent addrcss")
    assert ocr[span.start : span.end].endswith("47.000 individuals")
    assert "similar" in result.note


def test_reanchor_lost_when_the_text_is_gone():
    anchor = _anchor(PAGES, "That figure comes from the review by my office")
    gone = P1.replace("That figure comes from the review by my o\ufb03ce of the", "")
    result = reanchor(anchor, [Page(1, gone), Page(2, P2)])
    assert result.status == "lost"
    assert result.anchor is None
    assert result.similarity < 0.8
    assert "not found" in result.note


def test_reanchor_excerpt_across_a_page_break_that_moved():
    anchor = _anchor(PAGES, "were reported to the Chief Risk and Oversight Officer")
    assert anchor.span.end_page == 2
    # Re-extraction with different page geometry: the whole sentence is now on page 2.
    cut = P1.index("were reported")
    new_pages = [Page(1, P1[:cut].rstrip()), Page(2, P1[cut:] + " " + P2)]
    result = reanchor(anchor, new_pages)
    assert result.status == "moved"
    assert (result.anchor.span.start_page, result.anchor.span.end_page) == (2, 2)
    assert _norm(result.anchor.quote.exact) == _norm(anchor.quote.exact)


def test_reanchor_ligature_expanded_by_a_newer_extractor():
    anchor = _anchor(PAGES, "review by my office of the")
    expanded = [Page(1, P1.replace("\ufb03", "ffi")), Page(2, P2)]
    result = reanchor(anchor, expanded)
    assert result.status == "moved"  # same start, one character longer
    assert result.anchor.span.start == anchor.span.start
    assert result.anchor.quote.exact == "review by my office of the"


def test_reanchor_hyphenation_removed_by_a_newer_extractor():
    anchor = _anchor(PAGES, "and the disclosure logs")
    joined = [Page(1, P1.replace("disclo-\nsure", "disclosure")), Page(2, P2)]
    result = reanchor(anchor, joined)
    assert result.status == "moved"
    assert result.anchor.quote.exact == "and the disclosure logs"


def test_reanchor_when_the_old_page_no_longer_exists():
    anchor = _anchor(PAGES, "The audit found responses")
    result = reanchor(anchor, [Page(1, P1 + "\n\n" + P2)])
    assert result.status == "moved"
    assert result.anchor.span.start_page == 1


def test_reanchor_text_now_in_a_different_case_is_fuzzy():
    anchor = _anchor(PAGES, "Chief Risk and Oversight Officer")
    shouted = [Page(1, P1), Page(2, P2.replace("Chief Risk and Oversight Officer", "CHIEF RISK AND OVERSIGHT OFFICER"))]
    result = reanchor(anchor, shouted)
    assert result.status == "fuzzy"
    assert result.anchor.quote.exact == "CHIEF RISK AND OVERSIGHT OFFICER"
    assert result.similarity < 1.0
    assert "different case" in result.note


def test_reanchor_all_reports_each_excerpt_in_order():
    quotes = ("47,000 individuals", "The audit found", "That figure comes from the review")
    anchors = [_anchor(PAGES, q) for q in quotes]
    new_p1 = "Inserted.\n" + P1.replace("That figure comes from the review by my o\ufb03ce of the", "")
    results = reanchor_all(anchors, [Page(1, new_p1), Page(2, P2)])
    assert [r.status for r in results] == ["moved", "unchanged", "lost"]
    assert reanchor_all([], PAGES) == []


# --------------------------------------------------------------------------------------------- geometry


def _words(text: str, *, line_height: float = 14.0, top: float = 72.0, x_start: float = 72.0) -> WordBoxes:
    """Fake word boxes: 6 pt per character, one row per text line."""
    boxes = []
    offset = 0
    for row, line in enumerate(text.split("\n")):
        x = x_start
        pos = 0
        for word in line.split(" "):
            if word:
                start = offset + pos
                boxes.append(WordBox(x, top + row * line_height, x + 6 * len(word), top + row * line_height + 11,
                                     start, start + len(word)))
            x += 6 * (len(word) + 1)
            pos += len(word) + 1
        offset += len(line) + 1
    return WordBoxes.from_words(boxes)


def test_quads_merge_words_per_line_and_round_trip_through_text_under():
    text = "first line of text\nsecond line here\nthird line"
    words = _words(text)
    anchor = anchor_span([Page(1, text)], TextSpan(1, text.index("of"), 1, text.index("here") + 4))
    quads = quads_for(anchor, {1: words})
    assert list(quads) == [1]
    assert len(quads[1]) == 2  # one rectangle per line
    (x0, _y0, x1, y1), second = quads[1]
    assert (x0, x1) == (72 + 6 * len("first line "), 72 + 6 * len("first line of text"))
    assert second[0] == 72 and second[1] > y1
    assert text_under(quads[1], words, text) == "of text\nsecond line here"


def test_quads_cover_a_partly_selected_word_whole():
    text = "disclosure of data"
    words = _words(text)
    anchor = anchor_span([Page(1, text)], TextSpan(1, 3, 1, 12))  # "closure o"
    (rect,) = quads_for(anchor, {1: words})[1]
    assert rect[0] == 72 and rect[2] == 72 + 6 * len("disclosure of")
    assert text_under([rect], words, text) == "disclosure of"


def test_quads_across_pages_and_pages_without_words():
    pages = [Page(1, "end of page one"), Page(2, "start of page two")]
    anchor = anchor_span(pages, TextSpan(1, 7, 2, 5))
    quads = quads_for(anchor, {1: _words(pages[0].text), 2: _words(pages[1].text)})
    assert set(quads) == {1, 2}
    assert text_under(quads[1], _words(pages[0].text), pages[0].text) == "page one"
    assert text_under(quads[2], _words(pages[1].text), pages[1].text) == "start"
    assert quads_for(anchor, {1: _words(pages[0].text)}).keys() == {1}


def test_quads_split_side_by_side_columns_at_the_same_height():
    left = _words("left column words")
    right = _words("right column", x_start=320)
    words = WordBoxes.from_words([*left, *(WordBox(w.x0, w.y0, w.x1, w.y1, w.start + 19, w.end + 19) for w in right)])
    text = "left column words\n\nright column"
    anchor = anchor_span([Page(1, text)], TextSpan(1, 12, 1, len(text)))
    # Same height, but the reading order jumps a gutter: a rectangle per column, not one across the gutter.
    rects = quads_for(anchor, {1: words})[1]
    assert len(rects) == 2
    assert rects[0][2] < 320 <= rects[1][0]
    assert text_under(rects, words, text) == "words\n\nright column"
    back = WordBoxes.from_words([WordBox(300, 72, 340, 83, 0, 5), WordBox(72, 72, 110, 83, 6, 11)])
    two = quads_for(anchor_span([Page(1, "after front")], TextSpan(1, 0, 1, 11)), {1: back})[1]
    assert len(two) == 2


def test_text_under_joins_non_adjacent_words_with_a_space():
    text = "one two three four"
    words = _words(text)
    picked = [(w.x0, w.y0, w.x1, w.y1) for w in (words[0], words[2])]
    assert text_under(picked, words, text) == "one three"
    assert text_under([], words, text) == ""


# --------------------------------------------------------------------------------------------- paragraphs


def test_paragraphs_for_counts_a_continued_paragraph_as_its_number():
    pages = {
        1: [NumberedParagraph(7, 0, 100), NumberedParagraph(8, 102, 300)],
        2: [NumberedParagraph(8, 0, 80, continued=True), NumberedParagraph(9, 82, 200)],
        3: [],
    }
    assert paragraphs_for(TextSpan(2, 10, 2, 40), pages) == [8]
    assert paragraphs_for(TextSpan(1, 50, 1, 150), pages) == [7, 8]
    assert paragraphs_for(TextSpan(1, 250, 2, 90), pages) == [8, 9]
    assert paragraphs_for(TextSpan(1, 10, 2, 90), pages) == [7, 8, 9]
    assert paragraphs_for(TextSpan(1, 100, 1, 102), pages) == []  # the gap between paragraphs
    assert paragraphs_for(TextSpan(3, 0, 3, 10), pages) == []
    assert paragraphs_for(TextSpan(1, 120, 1, 120), pages) == [8]


# --------------------------------------------------------------------------------------------- properties

_VOCAB = ["agency", "office", "“data”", "47,000", "disclosure", "filed", "—", "ICE", "return", "confidential"]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_VOCAB), min_size=3, max_size=30),
    seps=st.lists(st.sampled_from([" ", "\n", "\n\n", "  "]), min_size=30, max_size=30),
    hyphenate=st.lists(st.booleans(), min_size=30, max_size=30),
    cut=st.tuples(st.integers(0, 29), st.integers(1, 8)),
    page_break=st.integers(0, 30),
)
def test_any_run_of_words_is_found_where_it_is_printed(words, seps, hyphenate, cut, page_break):
    """Print words with arbitrary line breaks, hyphenation and ligatures; quote a run typed plainly."""
    printed, positions = [], []
    pos = 0
    for i, word in enumerate(words):
        shown = word.replace("ffi", "\ufb03").replace("fi", "\ufb01")
        if hyphenate[i] and len(word) > 5 and word.isalpha():
            shown = shown[:3] + "-\n" + shown[3:]
        sep = seps[i] if i else ""
        printed.append(sep + shown)
        positions.append((pos + len(sep), pos + len(sep) + len(shown)))
        pos += len(sep) + len(shown)
    text = "".join(printed)
    first = min(cut[0], len(words) - 1)
    last = min(first + cut[1], len(words)) - 1
    quote = " ".join(words[first : last + 1]).replace("“", '"').replace("”", '"').replace("—", "--")
    # Pages end at a line end, never inside a word: break after word `page_break`, dropping its separator.
    pages = [Page(1, text)]
    split = 0
    if 0 < page_break < len(words):
        split = positions[page_break][0]
        pages = [Page(1, text[: positions[page_break - 1][1]]), Page(2, text[split:])]

    found = find_quote(pages, quote)
    starts = []
    for anchor in found:
        offset = anchor.span.start + (split if anchor.span.start_page == 2 else 0)
        starts.append(offset)
        assert normalise_quote(anchor.quote.exact) == normalise_quote(quote)
    assert positions[first][0] in starts
