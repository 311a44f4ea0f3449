"""The fast matching path (posting blocks and set algebra) agrees with Whoosh's own matchers."""

from __future__ import annotations

import random

import pytest

from casebook.index.compile import Compiler, filters_query
from casebook.index.docsets import DocSets
from casebook.index.query import parse
from casebook.index.segfacts import FactsCache
from tests.index.conftest import Filing, index_in_batches, make_doc, make_page

WORDS = ["taxpayer", "data", "disclosure", "disclosed", "return", "address", "agency", "romo", "rommo", "ice",
         "dhs", "memorandum", "records", "request", "47,000", "1.2", "court", "order", "privacy", "statute"]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """Several segments (small batches are not merged away), with deleted and replaced documents."""
    rnd = random.Random(3)

    def filing(doc_id: int) -> Filing:
        pages = [make_page(doc_id, n, " ".join(rnd.choices(WORDS, k=rnd.randint(20, 400)))) for n in (1, 2)]
        doc = make_doc(doc_id, pages=2, filed=f"2025-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}")
        return doc, pages, ["hot"] if doc_id % 4 == 0 else []
    ix = index_in_batches(tmp_path_factory.mktemp("agree") / "index", filing, documents=60, per_batch=12, deleted=5,
                          replaced=(7, "taxpayer data replaced"))
    yield ix
    ix.close()


QUERIES = ["taxpayer", "taxpayer data", "taxpayer OR ice", "data -romo", "NOT data", '"taxpayer data"',
           '"data taxpayer data"', '"taxpayer data"~3', "romo w/2 rommo", "romo pre/4 memorandum", "disclos*",
           "dis*", "rom?o", "Romo~", "47,000 1.2", "tag:hot data", "filed:[2025-03 TO 2025-06] privacy",
           "kind:declaration -records", "(ice OR dhs) w/3 (agency OR order)", "", "request (statute OR privacy)"]


@pytest.mark.parametrize("query", QUERIES)
def test_fast_sets_match_whoosh(segmented, query):
    searcher = segmented._searcher_now()
    assert len(searcher.leaf_searchers()) > 1
    compiled = Compiler(segmented._expander).compile(parse(query).root)
    sets = DocSets(searcher, FactsCache())
    ours = sets.all_global(sets.matching(compiled))
    theirs = set(searcher.search(compiled, limit=None).docs())
    assert ours == theirs
    # The unit-level sets are what `page:(…)` asks for; whole-document matching is in test_brute_force.py.
    assert segmented.search(f"page:({query})" if query else query).total == len(theirs)


def test_filters_match_whoosh(segmented):
    from casebook.core.search import SearchFilters

    searcher = segmented._searcher_now()
    restrict = filters_query(SearchFilters(tags=("hot",), date_from="2025-02", date_to="2025-07"))
    compiled = Compiler(segmented._expander).compile(parse("data").root)
    sets = DocSets(searcher, FactsCache())
    ours = sets.all_global(sets.matching(compiled, restrict))
    assert ours == set(searcher.search(compiled, filter=restrict, limit=None).docs())
    assert ours
