"""Phrases and proximity run on across page breaks (past CM/ECF stamps and page numbers) and paragraph breaks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from casebook.index import CaseIndex
from casebook.index.schema import body_text
from tests.index.conftest import Library, article, make_doc, make_page, words_at

STAMP = "Case 1:25-cv-01234-ABC Document 12 Filed 03/01/25 Page {n} of 2\n"
PAGE_ONE = "The agency kept the withheld records in\n"
PAGE_TWO = "sealed cabinets until the hearing began.\n"


def _stamped(doc_id: int, number: int, body: str):
    """A filing page: CM/ECF stamp, body, page number; the stamp and number marked as furniture."""
    stamp, footer = STAMP.format(n=number), f"\n{number}"
    text = stamp + body + footer
    page = make_page(doc_id, number, text)
    return replace(page, furniture=((0, len(stamp)), (len(text) - 1, len(text))))


@pytest.fixture
def broken(tmp_path):
    lib = Library()
    lib.add(make_doc(1, pages=2, title="Declaration of a records officer"),
            [_stamped(1, 1, PAGE_ONE), _stamped(1, 2, PAGE_TWO)])
    doc, pages = article(2, ["Officers said the man was struck in the head.",
                             "The Pittsburgh police later released a statement."], title="Arrest")
    lib.add(doc, pages)
    ix = CaseIndex.open(tmp_path / "index")
    lib.index_all(ix)
    texts = {(d, p.number): body_text(p) for d, (_, ps, _) in lib.docs.items() for p in ps}
    yield ix, texts
    ix.close()


def _highlighted(ix, texts, query):
    results = ix.search(query, text_for=lambda d, p: texts[(d, p)], limit=50)
    return {h.unit: " | ".join(words_at(texts[(h.document_id, h.page_number)], h.hit_ranges))
            for h in results.hits}


@pytest.mark.parametrize("query", ['"records in sealed cabinets"', "records w/3 cabinets", "records pre/3 cabinets",
                                   '"cabinets records"~3'])
def test_a_phrase_split_by_a_page_break_and_a_stamp_is_found_on_both_pages(broken, query):
    ix, texts = broken
    found = _highlighted(ix, texts, query)
    assert set(found) == {(1, 1, None), (1, 2, None)}
    if query.startswith('"records in'):
        assert found == {(1, 1, None): "records in", (1, 2, None): "sealed cabinets"}
    else:
        assert found == {(1, 1, None): "records", (1, 2, None): "cabinets"}


@pytest.mark.parametrize("query", ['"in the head the pittsburgh"', "head w/3 pittsburgh"])
def test_a_phrase_split_across_article_paragraphs_is_found_in_both(broken, query):
    ix, texts = broken
    found = _highlighted(ix, texts, query)
    assert set(found) == {(2, 1, 1), (2, 1, 2)}
    expected = ("in the head", "The Pittsburgh") if query.startswith('"') else ("head", "Pittsburgh")
    assert (found[(2, 1, 1)], found[(2, 1, 2)]) == expected


def test_the_narrow_scope_and_short_distances_stay_within_reach(broken):
    ix, texts = broken
    assert not _highlighted(ix, texts, 'page:"records in sealed cabinets"')
    assert not _highlighted(ix, texts, "page:(head w/3 pittsburgh)")
    assert not _highlighted(ix, texts, "records w/2 cabinets")
    assert not _highlighted(ix, texts, "cabinets pre/3 records")


def test_furniture_is_not_searched(broken):
    ix, texts = broken
    for query in ("document", "filed", '"withheld records in sealed"'):
        found = _highlighted(ix, texts, query)
        assert all("Filed" not in v and "Document" not in v for v in found.values())
    assert not _highlighted(ix, texts, "filed")
    assert ix.search('"records in 1 case 1 25 cv"').total == 0


def test_a_phrase_may_span_a_short_page_and_a_blank_one(tmp_path):
    lib = Library()
    lib.add(make_doc(1, pages=4), [make_page(1, 1, "alpha beta"), make_page(1, 2, "gamma"), make_page(1, 3, "  "),
                                   make_page(1, 4, "delta epsilon")])
    with CaseIndex.open(tmp_path / "ix") as ix:
        lib.index_all(ix)
        texts = {(1, p.number): p.text for p in lib.docs[1][1]}
        found = _highlighted(ix, texts, '"beta gamma delta"')
        assert found == {(1, 1, None): "beta", (1, 2, None): "gamma", (1, 4, None): "delta"}
        assert ix.search('"alpha beta gamma"').total == 2
        assert ix.search('"gamma delta epsilon"').total == 2
