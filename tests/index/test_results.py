"""What a search returns: ranking, totals, facets, paging, date order, snippets and hit offsets."""

from __future__ import annotations

import pytest

from casebook.core.documents import DocumentKind
from casebook.core.search import QueryError
from casebook.index import CaseIndex
from tests.index.conftest import Library, make_doc, make_page, normalise_space, words_at


def test_facets_count_kind_court_and_tag_over_all_matches(index):
    results = index.search("taxpayer", limit=1)
    assert results.total == 5 and len(results.hits) == 1
    assert results.documents == 3
    assert results.facets["kind"] == {"complaint": 2, "article": 2, "declaration": 1}
    assert results.facets["court"] == {"United States District Court for the District of Columbia": 3}
    assert results.facets["tag"] == {"key": 3, "press": 2, "privileged": 1}


def test_facets_can_be_skipped(index):
    results = index.search("taxpayer", facets=False)
    assert results.facets == {} and results.total == 5


def test_relevance_ranks_the_unit_with_more_matches_first(tmp_path):
    lib = Library()
    lib.add(make_doc(1, pages=3), [make_page(1, 1, "subpoena once among many other words " * 3),
                                   make_page(1, 2, "subpoena subpoena subpoena for records"),
                                   make_page(1, 3, "no match here")])
    with CaseIndex.open(tmp_path / "ix") as ix:
        lib.index_all(ix)
        results = ix.search("subpoena")
    assert [h.page_number for h in results.hits] == [2, 1]
    assert results.hits[0].score > results.hits[1].score > 0


@pytest.fixture
def many(tmp_path):
    """45 one-page filings: dates spread over 2025, every third undated."""
    lib = Library()
    for i in range(1, 46):
        filed = None if i % 3 == 0 else f"2025-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}"
        kind = DocumentKind.MOTION if i % 2 else DocumentKind.ORDER
        lib.add(make_doc(i, kind=kind, filed=filed), [make_page(i, 1, f"The subpoena in filing {i} names Romo.")])
    ix = CaseIndex.open(tmp_path / "ix")
    lib.index_all(ix)
    yield ix, lib
    ix.close()


def test_paging_walks_every_match_once(many):
    ix, _ = many
    seen = []
    offset = 0
    while True:
        page = ix.search("subpoena", limit=20, offset=offset)
        assert page.total == 45 and page.offset == offset
        seen.extend(h.unit for h in page.hits)
        if not page.has_more:
            break
        offset += 20
    assert len(seen) == len(set(seen)) == 45
    assert ix.search("subpoena", limit=20, offset=100).hits == []


@pytest.mark.parametrize("sort", ["date", "date_desc"])
def test_date_order_across_pages_with_undated_last(many, sort):
    ix, _lib = many
    hits = []
    for offset in (0, 20, 40):
        hits += ix.search("subpoena", sort=sort, limit=20, offset=offset).hits
    dated = [h.date for h in hits if h.date]
    assert dated == sorted(dated, reverse=(sort == "date_desc"))
    assert all(h.date is None for h in hits[len(dated):]) and len(dated) == 30
    undated_ids = [h.document_id for h in hits[len(dated):]]
    assert undated_ids == sorted(undated_ids)


def test_unknown_sort_is_explained(index):
    with pytest.raises(QueryError):
        index.search("data", sort="alphabetical")


def test_hits_carry_what_the_viewer_needs(index):
    hit = next(h for h in index.search("47,000").hits if h.document_id == 1)
    assert (hit.page_number, hit.page_label, hit.paragraph) == (2, "ii", None)
    assert (hit.title, hit.kind, hit.date) == ("Declaration of Dottie Romo", "declaration", "2026-02-11")


def test_hit_ranges_point_at_the_matched_words_in_the_page_text(index, library):
    results = index.search('"taxpayer data" OR disclos* OR 47,000 OR Rommo~', text_for=library.text_for, limit=50)
    assert results.hits
    for hit in results.hits:
        text = library.text_for(hit.document_id, hit.page_number)
        words = words_at(text, hit.hit_ranges)
        assert words, hit
        for word in words:
            lowered = word.lower()
            assert (lowered == "taxpayer data" or lowered.startswith("disclos") or word == "47,000"
                    or lowered in ("romo", "rommo")), word


def test_article_paragraph_hits_use_page_offsets(index, library):
    results = index.search('"taxpayer data"', text_for=library.text_for)
    hit = next(h for h in results.hits if h.document_id == 4)
    text = library.text_for(4, 1)
    assert hit.paragraph == 1
    assert words_at(text, hit.hit_ranges) == ["taxpayer data"]
    later = next(h for h in index.search("individuals", text_for=library.text_for).hits if h.document_id == 4)
    assert later.paragraph == 2
    (start, end), = later.hit_ranges
    assert text[start:end] == "individuals" and start > text.index("\n\n")


def test_snippets_sit_in_the_page_text_with_highlights_on_the_hits(index, library):
    results = index.search("disclos* OR taxpayer*", text_for=library.text_for, limit=50)
    for hit in results.hits:
        text = library.text_for(hit.document_id, hit.page_number)
        assert 1 <= len(hit.snippets) <= 3
        for snippet in hit.snippets:
            assert snippet.text == normalise_space(text[snippet.page_start:snippet.page_end])
            for start, end in snippet.highlights:
                page_range = (snippet.page_start + start, snippet.page_start + end)
                assert page_range in hit.hit_ranges
                assert snippet.text[start:end].lower().startswith(("disclos", "taxpayer"))
        starts = [s.page_start for s in hit.snippets]
        assert starts == sorted(starts)


def test_long_pages_get_several_short_snippets(tmp_path):
    filler = "words of no interest at all " * 30
    text = f"{filler}The subpoena arrived. {filler}A second subpoena followed. {filler}"
    lib = Library()
    lib.add(make_doc(1), [make_page(1, 1, text)])
    with CaseIndex.open(tmp_path / "ix") as ix:
        lib.index_all(ix)
        hit = ix.search("subpoena", text_for=lib.text_for).hits[0]
        no_text = ix.search("subpoena").hits[0]
    assert len(hit.snippets) == 2
    assert all(len(s.text) < 260 for s in hit.snippets)
    assert [s.text[a:b] for s in hit.snippets for a, b in s.highlights] == ["subpoena", "subpoena"]
    assert no_text.snippets == [] and no_text.hit_ranges == []


def test_negated_and_metadata_terms_are_not_highlighted(index, library):
    hit = index.search("kind:declaration 47,000 -Rommo", text_for=library.text_for).hits[0]
    assert words_at(library.text_for(1, 2), hit.hit_ranges) == ["47,000"]
    only_filters = index.search("kind:order", text_for=library.text_for).hits[0]
    assert only_filters.hit_ranges == [] and only_filters.snippets[0].text.startswith("ORDER")


def test_matching_units_lists_every_unit(index):
    assert index.matching_units("taxpayer") == {(1, 1, None), (2, 1, None), (2, 2, None), (4, 1, 1), (4, 1, 3)}
    assert index.matching_units('"taxpayer data"') == {(1, 1, None), (4, 1, 1)}


def test_a_failing_text_source_is_not_mistaken_for_index_damage(index):
    def broken(document_id: int, page_number: int) -> str:
        raise LookupError("page gone from the store")

    with pytest.raises(LookupError):
        index.search("taxpayer", text_for=broken)
    assert index.search("taxpayer").total == 5


def test_a_documents_pages_stay_together_ranked_by_its_best_page(tmp_path):
    lib_one, lib_two = Library(), Library()
    lib_one.add(make_doc(1, pages=2), [make_page(1, 1, "subpoena records filler words here"),
                                       make_page(1, 2, "subpoena subpoena subpoena records here")])
    lib_two.add(make_doc(2, pages=1), [make_page(2, 1, "subpoena subpoena records filler here")])
    with CaseIndex.open(tmp_path / "ix") as ix:
        lib_one.index_all(ix)
        lib_two.index_all(ix)  # a second segment
        hits = ix.search("subpoena").hits
    assert [(h.document_id, h.page_number) for h in hits] == [(1, 2), (1, 1), (2, 1)]
    assert hits[2].score > hits[1].score  # ranked page by page, document 2 would come second
