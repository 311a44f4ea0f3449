"""Proximity counted unit by unit and highlighting read for the shown rows agree with the full reading."""

from __future__ import annotations

import random
from bisect import bisect_right

import pytest

from casebook.index.docmatch import pair_units, pair_words
from casebook.index.highlight import UnitText
from casebook.index.schema import body_text, paragraph_spans, splits_into_paragraphs
from tests.index.test_brute_force import _corpus, _spans, _text
from tests.index.test_brute_force import engine as engine  # the shared corpus index fixture


@pytest.mark.parametrize("seed", range(30))
def test_units_holding_a_near_word_are_those_pair_words_finds(seed):
    rnd = random.Random(seed)
    first = sorted(rnd.sample(range(300), rnd.randint(0, 40)))
    second = sorted(rnd.sample(range(300), rnd.randint(0, 40)))
    starts = sorted({0, *rnd.sample(range(300), rnd.randint(0, 12))})  # some units empty or one word long
    for distance in (1, 2, 5, 9):
        for ordered in (False, True):
            expected = sorted({bisect_right(starts, p) - 1 for p, _ in pair_words(first, second, distance, ordered)})
            assert pair_units(first, second, distance, ordered, starts) == expected


def _unit_texts(corpus) -> dict:
    """Each unit's (page text, start, end), keyed as hits name their unit."""
    out = {}
    for record, pages in corpus:
        for page in pages:
            text = body_text(page)
            pieces = paragraph_spans(page) if splits_into_paragraphs(record, page) else [(None, 0, len(text))]
            for number, start, end in pieces:
                out[(record.id, page.number, number)] = (text, start, end)
    return out


def _near_queries(docs, count: int = 40, seed: int = 3) -> list[tuple]:
    """Proximity of words read from the documents, so most of them match, some across breaks."""
    rnd = random.Random(seed)
    queries = []
    while len(queries) < count:
        doc = rnd.choice(docs)
        if len(doc.words) < 4:
            continue
        at = rnd.randrange(len(doc.words) - 3)
        a, b = doc.words[at], doc.words[at + rnd.randint(1, 3)]
        queries.append(("near", a, b, rnd.randint(1, 4), rnd.random() < 0.3))
    return queries


def test_near_highlights_exactly_the_words_that_pair(engine):
    ix, docs, texts = engine
    units = _unit_texts(_corpus())
    checked = 0
    for node in _near_queries(docs):
        query = _text(node)
        expected: dict = {}
        for doc in docs:
            firsts = {key: doc.unit_of.index(key) for key in doc.units if key in doc.unit_of}
            for span in _spans(node, doc):
                for p in span:
                    key = doc.unit_of[p]
                    expected.setdefault(tuple(key), set()).add(p - firsts[key])
        results = ix.search(query, limit=1000, text_for=lambda d, p: texts[(d, p)])
        shown = {tuple(h.unit): h for h in results.hits}
        assert set(shown) == set(expected), query
        for key, hit in shown.items():
            text, start, end = units[key]
            unit = UnitText(text, start, end)
            covered = {i for i, (s, e) in enumerate(zip(unit.starts, unit.ends, strict=True))
                       if any(a <= s and e <= b for a, b in hit.hit_ranges)}
            assert covered == expected[key], (query, key)
            checked += 1
        # A short page of results highlights its rows as the long one does.
        for hit in ix.search(query, limit=3, offset=1, text_for=lambda d, p: texts[(d, p)]).hits:
            assert hit.hit_ranges == shown[tuple(hit.unit)].hit_ranges, query
    assert checked > 50
