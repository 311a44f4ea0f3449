"""The acceptance searches on the bundled demo case, indexed from the store's own records."""

from __future__ import annotations

import re

import pytest

from casebook.index import CaseIndex
from casebook.index.schema import body_text


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from casebook.services import documents as document_service
    from casebook.services.cases import open_case
    from casebook.services.demo import build_demo

    root = tmp_path_factory.mktemp("demo") / "demo"
    build_demo(root)
    with open_case(root) as case:
        docs = document_service.list_documents(case)
        pages = {d.id: document_service.get_pages(case, d.id) for d in docs}
    index = CaseIndex.open(tmp_path_factory.mktemp("demo-index") / "index")
    with index.batch() as batch:
        for doc in docs:
            batch.add_document(doc, pages[doc.id])
    # The text search highlights in: page furniture (headers, CM/ECF stamps) blanked, as the index reads it.
    texts = {(p.document_id, p.number): body_text(p) for ps in pages.values() for p in ps}
    yield index, {d.id: d for d in docs}, texts
    index.close()


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def test_exact_phrase_finds_every_page_that_has_it(demo):
    index, docs, texts = demo
    results = index.search('"taxpayer data"', text_for=lambda d, p: texts[(d, p)], limit=100)
    having = {key[0] for key, text in texts.items() if "taxpayer data" in _flat(text)}
    assert {h.document_id for h in results.hits} == having
    assert any(docs[h.document_id].kind == "article" for h in results.hits)
    for hit in results.hits:
        text = texts[(hit.document_id, hit.page_number)]
        assert [_flat(text[s:e]) for s, e in hit.hit_ranges] == ["taxpayer data"] * len(hit.hit_ranges)
        assert hit.snippets and hit.snippets[0].highlights


@pytest.mark.parametrize("query", ["Romo~", "Rommo~", "Rumo~", "romo"])
def test_the_declarant_is_found_even_misspelt(demo, query):
    index, docs, texts = demo
    results = index.search(query, text_for=lambda d, p: texts[(d, p)], limit=100)
    declaration_pages = {h.page_number for h in results.hits if docs[h.document_id].kind == "declaration"}
    assert declaration_pages == {n for (d, n), t in texts.items()
                                 if docs[d].kind == "declaration" and re.search(r"(?i)\bromo\b", t)}
    assert declaration_pages
    for hit in results.hits:
        assert all(texts[(hit.document_id, hit.page_number)][s:e].lower() == "romo" for s, e in hit.hit_ranges)


def test_a_number_in_the_declaration(demo):
    index, docs, texts = demo
    for query in ("kind:declaration 47,000", "kind:declaration 47000"):
        results = index.search(query, text_for=lambda d, p: texts[(d, p)])
        assert results.total == 1
        hit = results.hits[0]
        assert docs[hit.document_id].kind == "declaration"
        text = texts[(hit.document_id, hit.page_number)]
        assert hit.hit_ranges and {text[s:e] for s, e in hit.hit_ranges} == {"47,000"}
        assert len(hit.hit_ranges) == text.count("47,000")
