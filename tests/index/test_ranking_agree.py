"""The relevance ranking over arrays (casebook.index.ranking: sums per word, top items from a score threshold)
agrees with the plain loop."""

from __future__ import annotations

import heapq
import math
import random
from operator import itemgetter

import pytest

from casebook.index.compile import Compiler
from casebook.index.docmatch import DocumentMatcher
from casebook.index.docsets import DocSets, scoring_terms
from casebook.index.query import parse
from casebook.index.ranking import K1, B
from casebook.index.segfacts import FactsCache
from tests.index.conftest import Filing, index_in_batches, make_doc, make_page

# Many words sharing prefixes and near-spellings, so `ar*` and `arbel~` stand for dozens of words; few
# distinct lengths and counts, so equal scores (and their tie order) are common.
STEMS = ["arbe", "arfa", "arho", "arga", "comea", "colo"]
WORDS = [f"{stem}{tail}" for stem in STEMS for tail in ("", "l", "lo", "r", "ro", "n", "no", "lar", "ran")]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """Several segments, with deleted and replaced documents, many pages holding many expansions."""
    rnd = random.Random(11)

    def filing(doc_id: int) -> Filing:
        count = rnd.randint(1, 4)
        pages = [make_page(doc_id, n, " ".join(rnd.choices(WORDS, k=rnd.choice((3, 3, 8, 40)))))
                 for n in range(1, count + 1)]
        return make_doc(doc_id, pages=count), pages, []
    ix = index_in_batches(tmp_path_factory.mktemp("ranking") / "index", filing, documents=80, per_batch=16,
                          deleted=5, replaced=(7, "arbe arfa arho"))
    yield ix
    ix.close()


def plain_ranked(sets: DocSets, query, matched: list[set[int]], count: int) -> list[tuple[int, float]]:
    """The ranking as first written: one dict of scores filled posting by posting, items grouped in the
    order their units were first scored, `heapq.nlargest` (stable) over every item."""
    total_docs = max(1, sets.searcher.doc_count_all())
    scores: dict[int, float] = {}
    for field, text in sorted(set(scoring_terms(query))):
        df = sets.searcher.doc_frequency(field, text)
        if not df:
            continue
        idf = math.log(total_docs / (df + 1)) + 1.0
        average = sets.searcher.avg_field_length(field) or 1.0
        for (facts, offset), ids in zip(sets.facts, matched, strict=True):
            if not ids:
                continue
            lengths = [facts.reader.doc_field_length(d, field) for d in range(facts.reader.doc_count_all())]
            posting_ids, weights = sets._full(facts.reader, field, text)
            for docnum, tf in zip(posting_ids, weights, strict=True):
                if docnum in ids:
                    norm = K1 * ((1 - B) + B * (lengths[docnum] or 0) / average)
                    scores[docnum + offset] = scores.get(docnum + offset, 0.0) + idf * (K1 + 1) * tf / (tf + norm)
    best: dict[tuple[int, str], float] = {}
    offsets = [offset for _, offset in sets.facts]
    for key, score in scores.items():
        segment = max(i for i, o in enumerate(offsets) if o <= key)
        group = (segment, sets.facts[segment][0].column("item")[key - offsets[segment]] or f"#{key}")
        if score > best.get(group, -1.0):
            best[group] = score
    out: list[tuple[int, float]] = []
    for (segment, item), _ in heapq.nlargest(count, best.items(), key=itemgetter(1)):
        facts, offset = sets.facts[segment]
        order = facts.column("order")
        members = [d for d, i in enumerate(facts.column("item")) if i == item and d + offset in scores]
        scored = sorted(((scores[d + offset], order[d] or "", d + offset) for d in members),
                        key=lambda m: (-m[0], m[1]))
        out.extend((key, score) for score, _, key in scored)
    out = out[:count]
    if len(out) < count:
        rest = [d for d in sets.first_by(matched, count + len(scores), "order") if d not in scores]
        out.extend((d, 0.0) for d in rest[: count - len(out)])
    return out


QUERIES = ["ar*", "arb*", "co*", "arbel~", "arbel~2", "colo~2", "ar* NOT arfa", "arbe* OR comea*", "arhol",
           "ar* arga*", "(arbe* OR arfa*) AND colo*"]


@pytest.mark.parametrize("count", [1, 5, 20, 200])
@pytest.mark.parametrize("query", QUERIES)
def test_fast_ranking_matches_plain_loop(segmented, query, count):
    searcher = segmented._searcher_now()
    assert len(searcher.leaf_searchers()) > 1
    compiler = Compiler(segmented._expander)
    root = parse(query).root
    compiled = compiler.compile(root)
    sets = DocSets(searcher, FactsCache())
    matched = DocumentMatcher(sets, compiler).matching(root, None)
    fast = sets.ranked(compiled, matched, count, by_item=True)
    assert fast == plain_ranked(sets, compiled, matched, count)
    assert len(fast) == min(count, sets.total(matched))


def test_many_expansions_rank_like_few(segmented):
    """Search's rows and total for a wildcard of many words equal those of the same words OR'd by hand."""
    words = segmented._expander.pattern(parse("ar*").root)
    assert len(words) > 30
    by_hand = segmented.search(" OR ".join(words), limit=50)
    wildcard = segmented.search("ar*", limit=50)
    assert wildcard.total == by_hand.total > 50
    assert [(h.document_id, h.page_number, h.score) for h in wildcard.hits] == \
        [(h.document_id, h.page_number, h.score) for h in by_hand.hits]
