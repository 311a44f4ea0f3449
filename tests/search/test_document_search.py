"""Acceptance on the demo case: Boolean logic over whole documents, phrases across page breaks, the term report."""

from __future__ import annotations

import pytest

from casebook.services import search as search_service
from casebook.services import term_report
from casebook.services.cases import open_case
from casebook.store import documents


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from casebook.services.demo import build_demo

    root = tmp_path_factory.mktemp("demo") / "demo"
    build_demo(root)
    return root


def _hits(root, query):
    with open_case(root) as case:
        results = search_service.search(case, query, limit=100)
        romo = [h for h in results.hits if "Romo" in h.title and h.kind == "declaration"]
        texts = {h.page_number: documents.page_text(case.db, h.document_id, h.page_number) for h in romo}
    return results, romo, texts


def test_terms_on_different_pages_find_the_declaration(demo):
    results, romo, texts = _hits(demo, "batches AND perjury")
    assert results.documents == 1
    assert sorted(h.page_number for h in romo) == [2, 3]
    words = {h.page_number: {texts[h.page_number][s:e].lower() for s, e in h.hit_ranges} for h in romo}
    assert words[2] >= {"batches"} and words[3] == {"perjury"}
    assert all(h.snippets and h.snippets[0].highlights for h in romo)
    narrow, _, _ = _hits(demo, "page:(batches AND perjury)")
    assert narrow.total == 0


def test_the_term_report_counts_the_declaration(demo):
    with open_case(demo) as case:
        rows = term_report.term_report(case, ["batches AND perjury", "page:(batches AND perjury)", "perjury"])
    wide, narrow, _ = rows
    assert (wide.documents, wide.pages, wide.hits) == (1, 2, 2)
    assert (narrow.documents, narrow.pages, narrow.hits) == (0, 0, 0)


@pytest.mark.parametrize("query", ['"stated above pursuant to 28"', "above w/3 pursuant"])
def test_a_phrase_across_the_page_break_past_the_stamp(demo, query):
    results, romo, texts = _hits(demo, query)
    assert sorted(h.page_number for h in romo) == [2, 3]
    for hit in romo:
        marked = " ".join(texts[hit.page_number][s:e] for s, e in hit.hit_ranges).lower()
        assert marked in {"stated above", "pursuant to 28", "above", "pursuant"}
    assert results.documents == 1
