"""The fast single-word highlighter marks exactly what the full page tokenisation marks."""

from __future__ import annotations

import random
import re

import pytest

from casebook.index import highlight, quickmarks
from casebook.index.analysis import ASCII_TOKEN_RE, TOKEN_RE, token_terms
from casebook.index.compile import edit_distance
from casebook.index.query import Fuzzy, parse
from casebook.index.quickmarks import WordMarker

TEXTS = [
    "The plaintiff filed the Complaint on March 3, 2024, seeking $47,000 in damages under 42 U.S.C. § 1983.",
    "Rómo testified that the batches were shipped. Ro\u0301mo later denied it; Romo's counsel objected.",
    "The ﬁling of the ﬁrst motion ﬁnally closed the ﬁle. Full-width ＦＩＬＥ and ＡＢＣ appear too.",
    "The court in 東京地方裁判所 ruled; 判決 was entered. Café, résumé and naïve are folded: cafe resume naive.",
    "The defendant's argu-\nment was that the settle-\nment agreement had been breached on 1.2.2023.",
    "Case 1:25-cv-01234-ABC Document 12 Filed 03/04/25 Page 3 of 9\n                    \n   shipments shipped ship",
    "47,000 47000 47,0001 4,700,000.25 U.S.C USC u.s.c. e.g. i.e., straße STRASSE Straße strasse",
    "                                                                                \n\n\n",
    "",
    "possibility possible possibly happy happiness happier hoping hoped hopes hope ays ayed",
    "perjury perjured perjurer, perjuries; PERJURY! per-jury — “perjury” ‘perjury’ perjury…",
    "a\u0301b\u0301c\u0301 x\u20d7y ﬀ ﬃ ǅemal ¼ ① ² ℌ",
]

QUERIES = [
    "perjury", "ship", "shipments", "file", "filing", "romo", "resume", "cafe", "47000", "47,000", "u.s.c",
    "usc", "strasse", "東京地方裁判所", "判決", "ment", "argument", "settle*", "fil*", "47*", "re*", "possibl*",
    "perjery~", "shipp~", "perjjury~", "hapy~", "strase~", "usc~", "abc~1", "hope", "happy", "ays",
    "batches AND perjury", "romo OR cafe", "perjury NOT ship",
    "kind:order perjury", "\"perjury\"", "\"shipped ship\"", "perjury w/3 shipped", "page:(perjury OR file)",
    "1983", "2024", "abc", "ff", "ffi", "dzemal", "1", "4", "xy", "abc OR ab*", "document 12", "plaintiff",
]

WORDS = ["perjury", "ship", "Shipping", "ﬁle", "Rómo", "Ro\u0301mo", "47,000", "U.S.C.", "東京", "straße",
         "settle-\nment", "happy", "hoping", "the", "of", "ays", "naïve", "ＡＢＣ", "1.2", "e.g.", "x_y", "__", "ǅ",
         "İstanbul", "K"]
SEPARATORS = [" ", "  ", "\n", ", ", ". ", " — ", " (", ") ", "\u00a0", "\t", "", "-", "/", "’"]


def _full(query: str, text: str, start: int, end: int, words=()):
    unit = highlight.UnitText(text, start, end)
    ranges = highlight.hit_ranges(parse(query).root, unit, words)
    return ranges, highlight.snippets(unit, ranges)


def _lexicon_fuzzy(text: str):
    """The words a fuzzy term stands for when `text` is the whole index (as `Expander.fuzzy` expands it)."""
    lexicon = {t for m in TOKEN_RE.finditer(text) for t in token_terms(m.group())}

    def words(node: Fuzzy) -> list[str]:
        return sorted(w for w in lexicon
                      if w[:1] == node.term[:1] and edit_distance(w, node.term, node.distance) <= node.distance)
    return words


def _fast(query: str, text: str, start: int, end: int, words=(), fuzzy_words=None):
    marker = WordMarker.of(parse(query).root, fuzzy_words=fuzzy_words)
    marked = marker.ranges(text, start, end, words) if marker is not None else None
    if marked is None:
        return None
    ranges, bounds = marked
    return ranges, highlight.snippets_in(text, start, bounds.first_start, bounds.last_end, ranges)


def _generated(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(0, 60)))


@pytest.mark.parametrize("scan_ratio", [quickmarks.SCAN_RATIO, 0, 10 ** 9], ids=["default", "hints", "scan"])
@pytest.mark.parametrize("expanded", [False, True], ids=["shape", "expanded"])
@pytest.mark.parametrize("text", TEXTS + [_generated(seed) for seed in range(40)])
def test_fast_marks_equal_full_tokenisation(text: str, expanded: bool, scan_ratio: int, monkeypatch) -> None:
    """Whether ASCII text is read hint by hint or token by token, and whether fuzzy words are looked for by
    shape or as the index expanded them, the marks are those of the full tokenisation."""
    monkeypatch.setattr(quickmarks, "SCAN_RATIO", scan_ratio)
    fuzzy_words = _lexicon_fuzzy(text) if expanded else None
    spans = [(0, len(text)), (len(text) // 3, 2 * len(text) // 3), (5, len(text))]
    for query in QUERIES + [w.lower() for w in WORDS[:8]]:
        for start, end in spans:
            start, end = min(start, len(text)), min(end, len(text))
            fast = _fast(query, text, start, end, fuzzy_words=fuzzy_words)
            if fast is not None:
                assert fast == _full(query, text, start, end), (query, text, start, end)


@pytest.mark.parametrize("initial", ["", "a"], ids=["any-letter", "one-letter"])
@pytest.mark.parametrize("seed", range(20))
def test_expanded_fuzzy_words_are_found_only_where_a_token_starts(seed: int, initial: str) -> None:
    rng = random.Random(seed)
    vocabulary = [initial + "".join(rng.choice("arnobe") for _ in range(rng.randint(0 if initial else 1, 7)))
                  for _ in range(60)]
    chosen = rng.sample(vocabulary, 25)
    text = "".join(rng.choice(vocabulary) + rng.choice([" ", ", ", ".", "-", "5", "\n"]) for _ in range(200))
    hint = re.compile(quickmarks._words_hint(chosen))
    starts = {m.start() for m in hint.finditer(text)}
    tokens = list(ASCII_TOKEN_RE.finditer(text))
    assert {m.start() for m in tokens if m.group() in chosen} <= starts  # every chosen word is found
    # nothing inside a run of letters: a hint is at a token start, or after a "." or digit joined to a token
    assert {p for p in starts if text[p - 1:p] not in {".", *"0123456789"}} <= {m.start() for m in tokens}
    assert {m.start() for m in tokens if not any(m.group().startswith(w) for w in chosen)}.isdisjoint(starts)


@pytest.mark.parametrize("seed", range(30))
def test_phrase_positions_found_across_units_mark_the_same_words(seed: int) -> None:
    rng = random.Random(seed)
    ascii_words = [w for w in WORDS if w.isascii()]
    ascii_separators = [s for s in SEPARATORS if s.isascii()]
    text = "".join(rng.choice(ascii_words) + rng.choice(ascii_separators) for _ in range(rng.randint(0, 60)))
    count = len(highlight.UnitText(text).starts)
    words = {(a, a + rng.randint(0, 3)) for a in (rng.randint(0, count + 2) for _ in range(rng.randint(1, 4)))}
    for query in ("\"shipped ship\"", "perjury w/3 shipped", "ship AND \"perjury ship\"", "romo*"):
        fast = _fast(query, text, 0, len(text), words)
        assert fast is not None
        assert fast == _full(query, text, 0, len(text), words), (query, text, words)


def test_positional_queries_use_full_tokenisation() -> None:
    assert WordMarker.of(parse('"shipped ship"').root) is not None  # found across pages: passed in as words
    assert WordMarker.of(parse("page:(perjury w/3 shipped)").root) is None
    assert WordMarker.of(parse("page:(\"shipped ship\")").root) is None
    assert WordMarker.of(parse("perjury").root) is not None


def test_furniture_blanked_page_keeps_its_word_bounds() -> None:
    blanked = " " * 60 + "\n" + "The motion is granted." + " " * 40 + "\n" + " " * 30
    ranges, bounds = WordMarker.of(parse("grant").root).ranges(blanked)
    start = blanked.index("granted")
    assert ranges == [(start, start + len("granted"))]
    assert (bounds.first_start, bounds.last_end) == (blanked.index("The"), blanked.index("."))


@pytest.mark.parametrize("query", ["taxpayer", "disclose", "47000", "romo AND data", "kind:order data",
                                   "taxpay*", "rommo~", "irs NOT appeal", "page:(taxpayer OR data)",
                                   "\"taxpayer data\"", "confidentiality w/5 promise"])
def test_search_highlights_are_the_same_with_and_without_the_fast_path(index, library, monkeypatch, query):
    fast = index.search(query, text_for=library.text_for)
    monkeypatch.setattr(WordMarker, "of", classmethod(lambda cls, root, **options: None))
    full = index.search(query, text_for=library.text_for)
    assert fast.hits == full.hits
    assert any(hit.hit_ranges for hit in fast.hits)
