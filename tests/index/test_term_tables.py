"""A segment's table of words by first letter (postings.term_table) holds what Whoosh's hashed lookups give, and
wildcard and fuzzy searches answered through it equal those answered word by word."""

from __future__ import annotations

import random

import pytest

from casebook.index import CaseIndex, docsets, postings
from casebook.index.docsets import DocSets
from casebook.index.segfacts import FactsCache
from tests.index.conftest import Filing, index_in_batches, make_doc, make_page

STEMS = ["arbe", "arfa", "arho", "comea", "colo", "tax"]
WORDS = [f"{stem}{tail}" for stem in STEMS for tail in ("", "l", "lo", "r", "ro", "n", "no", "lar", "ran")]
QUERIES = ["ar*", "arb*", "co*", "arbel~", "arbel~2", "colo~2", "ar* NOT arfa", "arbe* OR comea*", "tax*",
           "ar* AND colo*", "(arbe* OR arfa*) AND colo*", "ar* w/3 colo*", "title:arb*", "taxr~ OR arfa*"]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """Several segments, with deleted and replaced documents; titles hold words too."""
    rnd = random.Random(5)

    def filing(doc_id: int) -> Filing:
        count = rnd.randint(1, 3)
        pages = [make_page(doc_id, n, " ".join(rnd.choices(WORDS, k=rnd.choice((4, 12, 30)))))
                 for n in range(1, count + 1)]
        return make_doc(doc_id, pages=count, title=" ".join(rnd.choices(WORDS, k=3))), pages, []
    ix = index_in_batches(tmp_path_factory.mktemp("tables") / "index", filing, documents=60, per_batch=12,
                          deleted=4, replaced=(9, "arbe arfa colo taxlar"))
    yield ix
    ix.close()


def _readers(ix: CaseIndex):
    searcher = ix._searcher_now()
    readers = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
    assert len(readers) > 1
    return searcher, readers


@pytest.mark.parametrize("field", ["text", "title"])
@pytest.mark.parametrize("initial", ["a", "c", "t", "z"])
def test_table_holds_every_word_with_its_term_info(segmented, field, initial):
    _, readers = _readers(segmented)
    for reader in readers:
        table = postings.term_table(reader, field, initial, 10_000)
        assert table is not None
        words = [w.decode() for w in reader.lexicon(field) if w.decode().startswith(initial)]
        assert sorted(table) == words
        for word, info in table.items():
            term = reader._terms.term_info(field, word.encode())
            assert postings.doc_frequency(info) == reader.doc_frequency(field, word) == term.doc_frequency()
            offset, length = term.extent()
            assert postings.extent(info) == (offset, length[0] if isinstance(length, tuple) else length)
            by_info = postings.read(reader, field, word, positions=True, info=info)
            by_lookup = postings.read(reader, field, word, positions=True)
            for got, want in zip((by_info.ids, by_info.weights, by_info.counts, by_info.positions),
                                 (by_lookup.ids, by_lookup.weights, by_lookup.counts, by_lookup.positions),
                                 strict=True):
                assert got is not None and want is not None and got.tolist() == want.tolist()


def test_table_stops_past_its_limit(segmented):
    _, readers = _readers(segmented)
    count = len(postings.term_table(readers[0], "text", "a", 10_000) or {})
    assert count > 3
    assert postings.term_table(readers[0], "text", "a", count) is not None
    assert postings.term_table(readers[0], "text", "a", count - 1) is None


def test_document_frequency_from_tables_equals_whooshs(segmented):
    searcher, _ = _readers(segmented)
    sets = DocSets(searcher, FactsCache())
    before = {w: sets.doc_frequency("text", w) for w in [*WORDS, "absent", "zz"]}
    for facts, _ in sets.facts:
        for initial in "act":
            assert facts.term_table("text", initial) is not None
    for word in [*WORDS, "absent", "zz"]:
        assert sets.doc_frequency("text", word) == before[word] == searcher.doc_frequency("text", word)


@pytest.mark.parametrize("query", QUERIES)
def test_searches_through_tables_equal_word_by_word(segmented, query, monkeypatch):
    results = []
    for minimum in (1, 10 ** 9):  # every union through the tables; none
        monkeypatch.setattr(docsets, "TERM_TABLE_MIN_WORDS", minimum)
        segmented._facts = FactsCache()  # no tables or posting arrays kept from the other run
        found = segmented.search(query, limit=200)
        results.append((found.total, found.documents, [(h.document_id, h.page_number, h.score) for h in found.hits]))
    assert results[0] == results[1]
    assert results[0][0] > 0
