"""Every feature of the search language, run against a small indexed matter."""

from __future__ import annotations

import pytest

from tests.index.conftest import units

D1P1, D1P2 = (1, 1, None), (1, 2, None)
D2P1, D2P2 = (2, 1, None), (2, 2, None)
D3 = (3, 1, None)
A1, A2, A3 = (4, 1, 1), (4, 1, 2), (4, 1, 3)


def found(index, query: str) -> set:
    results = index.search(query, limit=100)
    assert results.notice is None, results.notice
    assert results.total == len(results.hits)
    return units(results)


@pytest.mark.parametrize(("query", "expected"), [
    # implicit AND and its spellings
    # (whole documents match; a hit is each page or paragraph holding a searched word)
    ("taxpayer data", {D1P1, D2P1, D2P2, A1, A3}),
    ("taxpayer AND data", {D1P1, D2P1, D2P2, A1, A3}),
    ("taxpayer && data", {D1P1, D2P1, D2P2, A1, A3}),
    # OR, NOT and minus
    ("Romo OR Rommo", {D1P1, A2, D3}),
    ("Romo || Rommo", {D1P1, A2, D3}),
    # (NOT drops the whole document: the declaration says "agency's" on page 2)
    ("data NOT agencies", {D2P2, A1}),
    ("data -agencies", {D2P2, A1}),
    ("data AND NOT agencies", {D2P2, A1}),
    ("NOT data", set()),
    ("NOT romo", {D2P1, D2P2, D3}),
    ("page:(taxpayer data)", {D1P1, D2P2, A1}),
    ("page:(data NOT agencies)", {D1P1, D2P2, A1}),
    ("page:(NOT data)", {D1P2, D2P1, A2, A3}),
    ("individuals AND disclosed", {D1P1, D1P2}),
    ("page:(individuals AND disclosed)", set()),
    # plain words match every form with the same stem; case does not matter
    ("disclose", {D1P1, D2P2}),
    ("DISCLOSURE", {D1P2, D2P1, A3}),
    ("taxpayers", {D1P1, D2P1, D2P2, A1, A3}),
    # quotes: exact words, no stemming
    ('"disclose"', {D2P2}),
    ('"taxpayer data"', {D1P1, A1}),
    ("“taxpayer data”", {D1P1, A1}),
    ('"taxpayer information"', {D2P1}),
    ('"the memorandum"', {D1P1}),
    # proximity: within N words, any order; pre/N keeps the order
    ('"disclosure information"~5', {D2P1}),
    ('"information disclosure"~5', {D2P1}),
    ('"disclosure information"~3', set()),
    ("disclosure w/5 information", {D2P1}),
    ("information w/5 disclosure", {D2P1}),
    ("disclosure W/3 information", set()),
    ("disclosure pre/5 information", {D2P1}),
    ("information pre/5 disclosure", set()),
    ('"dottie romo" w/3 declare', {D1P1, A2}),  # declare ~ declaration (same stem)
    ("(taxpayer OR agencies) w/2 data", {D1P1, A1}),
    ("discl* w/4 information", {D2P1}),
    # wildcards
    ("disclos*", {D1P1, D1P2, D2P1, D2P2, A3}),
    ("discl?sure", {D2P1, A3}),
    ("disclosure?", {D1P2}),
    ("conf*ity", {D2P2, A3}),
    # fuzzy
    ("Romo~", {D1P1, A2, D3}),
    ("Rommo~", {D1P1, A2, D3}),
    ("Rmoo~", {D1P1, A2}),  # a transposition is one edit
    ("Romo~0", {D1P1, A2}),
    ("Dotie~1", {D1P1, A2}),
    ("confidentality~", {D2P2, A3}),
    # numbers: digit-group commas are ignored; decimals stay whole
    ("47,000", {D1P2, A2}),
    ("47000", {D1P2, A2}),
    ("1.2", {D1P1}),
    ("50,000", {A1}),
    ("6103", {D2P2}),
    # field filters
    ("kind:declaration", {D1P1, D1P2}),
    ("kind:DECLARATION 47,000", {D1P2}),
    ("kind:(order OR complaint)", {D2P1, D2P2, D3}),
    ("court:columbia", {D1P1, D1P2, D2P1, D2P2}),
    ('court:"southern district" data', {D3}),
    ("docket:25-cv-1234", {D1P1, D1P2, D2P1, D2P2}),
    ("docket:1:25-cv-01234-ABC taxpayer", {D1P1, D2P1, D2P2}),
    ("docket:1:24-cv-00077", {D3}),
    ("tag:privileged", {D1P1, D1P2}),
    ("tag:key disclose", {D1P1, D2P2}),
    ("filed:[2025-01-01 TO 2025-06-30]", {D2P1, D2P2}),
    ("filed:{2025-01-01 TO 2025-06-30}", {D2P1, D2P2}),
    ("filed:2025", {D2P1, D2P2, D3}),
    ("filed:2026-02", {D1P1, D1P2, A1, A2, A3}),
    ("date:[2025-11 TO *] data", {D1P1, D3, A1}),
    ("filed:>=2025-11-22", {D1P1, D1P2, A1, A2, A3}),
    ("filed:<2025-05", {D2P1, D2P2}),
    ("title:romo", {D1P1, D1P2}),
    ('title:"taxpayer data"', {A1, A2, A3}),
    # precedence (Westlaw/Lexis): OR binds tighter than AND
    ("taxpayer OR agencies data", {D1P1, D1P2, D2P1, D2P2, D3, A1, A3}),
    ("(taxpayer OR agencies) AND data", {D1P1, D1P2, D2P1, D2P2, D3, A1, A3}),
    ("taxpayer (data OR disclosure)", {D1P1, D1P2, D2P1, D2P2, A1, A3}),
    ("-data Romo", set()),
    ("-agencies Romo", {A2}),
    # phrases and proximity run on across page and paragraph breaks
    ('"ice 3 the irs"', {D1P1, D1P2}),
    ("ice w/5 returned", {D1P1, D1P2}),
    ("ice w/3 returned", set()),
    ("page:(ice w/5 returned)", set()),
    ('"shows the declaration"', {A1, A2}),
    ("individuals pre/3 advocates", {A2, A3}),
])
def test_query_feature(index, query, expected):
    assert found(index, query) == expected


def test_an_empty_query_lists_every_unit_in_document_order(index):
    results = index.search("", limit=100)
    assert results.total == index.doc_count() == 8
    assert [h.unit for h in results.hits][:3] == [(1, 1, None), (1, 2, None), (2, 1, None)]


def test_filters_combine_with_the_query(index):
    from casebook.core.search import SearchFilters

    assert units(index.search("data", filters=SearchFilters(kinds=("order",)))) == {D3}
    assert units(index.search("data", filters=SearchFilters(courts=("columbia",)))) == {D1P1, D2P2}
    assert units(index.search("taxpayer", filters=SearchFilters(tags=("press",)))) == {A1, A3}
    assert units(index.search("data", filters=SearchFilters(date_from="2026-01-01"))) == {D1P1, A1}
    assert units(index.search("data", filters=SearchFilters(date_to="2025-12"))) == {D2P2, D3}
    assert units(index.search("data", filters=SearchFilters(dockets=("24-cv-77",)))) == {D3}
    assert units(index.search("", filters=SearchFilters(document_ids=(3, 4)), limit=50)) == {D3, A1, A2, A3}
    assert units(index.search("data", filters=SearchFilters(kinds=("order", "article")))) == {D3, A1}
