"""Claim and excerpt units in the index: tag hierarchy, type filters, replacement, deletion and fingerprints."""

from __future__ import annotations

import pytest

from casebook.core.search import ClaimSource, ExcerptSource, ItemKey, QueryError, SearchFilters, UnitKey
from casebook.index import CaseIndex
from tests.index.conftest import make_doc, make_page

QUOTE = "the agency sent address information for about 47,000 people"
PAGE = f"Intro. On that day {QUOTE} to the other agency."


def _claim(claim_id: int = 1, **changes) -> ClaimSource:
    values = {"statement": "The IRS disclosed data on about 47,000 people", "claim_type": "sworn statement",
              "status": "disputed", "note": "Check the platypus figure", "asserted_by": "Dottie Romo",
              "asserted_role": "Chief Risk Officer", "issues": ("Disclosure",), "tags": ("hot/sworn figures",)}
    values.update(changes)
    return ClaimSource(id=claim_id, **values)


def _excerpt(excerpt_id: int = 7, **changes) -> ExcerptSource:
    start = PAGE.index(QUOTE)
    values = {"document_id": 1, "start_page": 1, "start": start, "end_page": 1, "end": start + len(QUOTE),
              "exact": QUOTE, "note": "Key numbat passage", "tags": ("hot",), "links": ((1, "supports"),),
              "citation": "Romo Decl. ¶ 8", "page_label": "1"}
    values.update(changes)
    return ExcerptSource(id=excerpt_id, **values)


@pytest.fixture
def index(tmp_path):
    ix = CaseIndex.open(tmp_path / "index")
    doc = make_doc(1, title="Declaration of Dottie Romo")
    with ix.batch() as batch:
        batch.add_document(doc, [make_page(1, 1, PAGE)], tags=("privileged",))
        batch.add_claim(_claim())
        batch.add_excerpt(_excerpt(), doc)
    yield ix, doc
    ix.close()


def test_claims_and_excerpts_are_found_with_pages(index):
    ix, _ = index
    results = ix.search("47,000", text_for=lambda d, p: PAGE)
    assert {h.unit for h in results.hits} == {UnitKey(1, 1, None), ItemKey("claim", 1), ItemKey("excerpt", 7)}
    assert results.facets["type"] == {"page": 1, "claim": 1, "excerpt": 1}
    assert results.documents == 1  # the claim belongs to no document
    claim = next(h for h in results.hits if h.unit_type == "claim")
    assert claim.document_id == 0 and claim.asserted_by == "Dottie Romo" and claim.status == "disputed"
    excerpt = next(h for h in results.hits if h.unit_type == "excerpt")
    assert excerpt.citation == "Romo Decl. ¶ 8" and excerpt.links == ((1, "supports"),)
    assert excerpt.kind == "declaration" and excerpt.title == "Declaration of Dottie Romo"
    assert [PAGE[s:e] for s, e in excerpt.hit_ranges] == [QUOTE]
    # Snippets of claims and excerpts are cut from their own text, even without the store's page text.
    bare = ix.search("platypus")
    assert [h.claim_id for h in bare.hits] == [1]
    assert [bare.hits[0].snippets[0].text[s:e] for s, e in bare.hits[0].snippets[0].highlights] == ["platypus"]
    assert [h.unit for h in ix.search("numbat").hits] == [ItemKey("excerpt", 7)]
    assert [h.unit for h in ix.search("romo risk officer").hits] == [ItemKey("claim", 1)]


def test_tag_paths_match_their_descendants(index):
    ix, _ = index
    assert {h.unit for h in ix.search("tag:hot").hits} == {ItemKey("claim", 1), ItemKey("excerpt", 7)}
    assert [h.unit for h in ix.search('tag:"hot/sworn figures"').hits] == [ItemKey("claim", 1)]
    assert [h.unit for h in ix.search('tag:"HOT / Sworn Figures"').hits] == [ItemKey("claim", 1)]
    assert ix.search("tag:sworn").total == 0 and ix.search("tag:ho").total == 0
    assert ix.search("tag:hot").facets["tag"] == {"hot": 2, "hot/sworn figures": 1}
    assert [h.unit for h in ix.search("tag:privileged").hits] == [UnitKey(1, 1, None)]
    assert ix.search("", filters=SearchFilters(tags=("hot",))).total == 2


def test_type_filters(index):
    ix, _ = index
    assert [h.unit_type for h in ix.search("47,000 type:claim").hits] == ["claim"]
    assert [h.unit_type for h in ix.search("47,000 type:pages").hits] == ["page"]
    assert [h.unit_type for h in ix.search("47,000 -type:page", filters=SearchFilters(unit_types=("excerpt",))).hits] \
        == ["excerpt"]
    assert ix.search("kind:declaration tag:hot").total == 1  # the excerpt carries its document's kind
    with pytest.raises(QueryError, match="type:memo"):
        ix.search("type:memo")
    # Term reports count pages only unless asked.
    assert ix.matching_units("47,000") == {(1, 1, None)}
    assert ix.matching_units("47,000", unit_types=None) == {(1, 1, None), ItemKey("claim", 1), ItemKey("excerpt", 7)}


def test_items_are_replaced_deleted_and_survive_page_reindexing(index):
    ix, doc = index
    with ix.batch() as batch:
        batch.add_claim(_claim(statement="A wholly new assertion"))
        batch.add_claim(_claim(statement="A wholly new assertion, edited twice in one batch"))
    assert [h.title for h in ix.search("assertion").hits] == ["A wholly new assertion, edited twice in one batch"]
    assert ix.search("47,000 type:claim").total == 0
    with ix.batch() as batch:  # re-indexing the document's pages leaves its excerpts alone
        batch.add_document(doc, [make_page(1, 1, PAGE)])
    assert ix.item_ids("excerpt") == {7} and ix.document_ids() == {1}
    assert ix.excerpts_linked_to([1]) == {7} and ix.excerpts_linked_to([2]) == set()
    with ix.batch() as batch:
        batch.delete_claim(1)
    assert ix.item_ids("claim") == set()
    with ix.batch() as batch:  # deleting the document takes its excerpts with it
        batch.delete_document(1)
    assert ix.doc_count() == 0


def test_fingerprints_cover_items(index):
    ix, doc = index
    expected = CaseIndex.expected_fingerprints(doc, [make_page(1, 1, PAGE)], tags=("privileged",))
    expected.update(CaseIndex.expected_item_fingerprints([_claim()], [(_excerpt(), doc)]))
    assert ix.fingerprints() == expected
    changed = CaseIndex.expected_item_fingerprints([_claim(status="undisputed")], [(_excerpt(links=()), doc)])
    assert all(changed[key] != expected[key] for key in changed)


def test_date_sort_mixes_items_and_pages(index):
    ix, _ = index
    results = ix.search("47,000", sort="date")
    assert results.total == 3 and len({h.unit for h in results.hits}) == 3
