"""Phrases and w/N of frequent words answered from the segment's recorded pair distances agree with positions."""

from __future__ import annotations

import random

import numpy as np
import pytest

from casebook.core.documents import DocumentKind
from casebook.core.search import ClaimSource, ExcerptSource, SearchFilters
from casebook.index import CaseIndex, pairs
from casebook.index.linematch import LineMatcher
from casebook.index.postings import PostingArrays, read_fixed
from casebook.index.segments import build_segment
from tests.index.conftest import Library, article, make_doc, make_page, stamped_filing
from tests.index.test_brute_force import _Doc
from tests.index.test_word_line import _brute, _marks, _per_document

# Nine words fill most of every page (so they are every worker segment's frequent words); two more are
# common enough to compete for the tenth place; the rest are rare. One batch says "hearing" for "motion".
CORE = ["court", "courts", "order", "orders", "ordered", "plaintiff", "plaintiffs", "motion", "the"]
MEDIUM = ["records", "sealed"]
RARE = ["agency", "witness", "counsel", "exhibit", "deadline", "granted", "denied", "cabinet", "subpoena",
        "privilege", "memorandum", "taxpayer", "batch", "perjury", "declarant", "testimony", "schedule",
        "address", "request", "affidavit"]
HEARING_BATCH = range(46, 61)  # documents whose core words say "hearing" where others say "motion"
DOCUMENTS = 72  # 71 and 72: far apart words (distances 254 and 255)
REPLACED = (2, 9, 21, 35, 44, 64)  # re-indexed by a later worker batch: old units deleted
REWRITTEN = (4, 33)  # re-indexed by Whoosh's own writer
DELETED = (12, 40)
EXTRA = range(73, 81)  # written by Whoosh's own writer: a segment without pairs
EXCERPTED = (1, 17, 74)


def _vocabulary(doc_id: int) -> list[str]:
    return [("hearing" if w == "motion" else w) for w in CORE] if doc_id in HEARING_BATCH else CORE


def _body(rnd: random.Random, doc_id: int, low: int, high: int) -> str:
    core = _vocabulary(doc_id)
    words = []
    for _ in range(rnd.randint(low, high)):
        draw = rnd.random()
        words.append(rnd.choice(core) if draw < 0.75 else rnd.choice(MEDIUM) if draw < 0.84 else rnd.choice(RARE))
    return " ".join(words)


def _filler(start: int, count: int) -> str:
    return " ".join(f"z{n:05d}" for n in range(start, start + count))  # each word once: never frequent


def _far(doc_id: int):
    """Words exactly 254 and 255 words apart, within a page and across a page break."""
    if doc_id == 71:
        pages = [make_page(71, 1, f"plaintiff {_filler(0, 253)} court"),
                 make_page(71, 2, f"order {_filler(300, 254)} motion"),
                 make_page(71, 3, f"courts {_filler(600, 120)}"), make_page(71, 4, f"{_filler(800, 133)} orders")]
        return make_doc(71, pages=4, title="Far apart"), pages
    pages = [make_page(72, 1, f"the {_filler(1000, 100)}"), make_page(72, 2, ""),
             make_page(72, 3, f"{_filler(1200, 153)} the {_filler(1400, 300)} ordered")]
    return make_doc(72, pages=3, title="Far apart too"), pages


def _filing(rnd: random.Random, doc_id: int, version: int):
    """1–5 pages: stamped pages (stamp and page number furniture), blank pages, furniture-only pages, short pages."""
    kind = DocumentKind.ORDER if doc_id % 2 else DocumentKind.DECLARATION
    return stamped_filing(rnd, doc_id, version, lambda low, high: _body(rnd, doc_id, low, high),
                          furniture_only=0.16, short=0.25, short_words=(1, 3), long_words=(20, 60), kind=kind)


def _document(rnd: random.Random, doc_id: int, version: int = 0):
    if doc_id in (71, 72):
        return _far(doc_id)
    if doc_id % 7 == 0:
        paragraphs = [_body(rnd, doc_id, 6, 24).capitalize() + "." for _ in range(rnd.randint(2, 5))]
        return article(doc_id, paragraphs, title=f"Article {doc_id}")
    return _filing(rnd, doc_id, version)


def _tags(doc_id: int) -> tuple[str, ...]:
    return ("key",) if doc_id % 3 == 0 else ()


def _library() -> tuple[Library, dict[int, tuple], dict[int, tuple]]:
    """The first versions, the worker re-indexed versions and the Whoosh-written versions (one random stream)."""
    rnd = random.Random(31)
    lib = Library()
    for doc_id in range(1, DOCUMENTS + 1):
        lib.add(*_document(rnd, doc_id), _tags(doc_id))
    again = {doc_id: (*_document(rnd, doc_id, version=1), _tags(doc_id)) for doc_id in REPLACED}
    whoosh = {doc_id: (*_document(rnd, doc_id, version=2), _tags(doc_id)) for doc_id in (*REWRITTEN, *EXTRA)}
    return lib, again, whoosh


def _claims() -> list[ClaimSource]:
    rnd = random.Random(5)
    return [ClaimSource(id=n, statement=_body(rnd, 0, 4, 12), claim_type="fact", status="disputed",
                        issues=("Disclosure",)) for n in range(1, 5)]


def _adopt(ix: CaseIndex, folder, work: list[tuple], size: int) -> int:
    segments = [s for s in (build_segment(folder, work[i:i + size]) for i in range(0, len(work), size)) if s]
    with ix.batch(merge=False) as batch:
        batch.adopt(segments, [record.id for record, _, _ in work])
    return len(segments)


def _build(folder, *, whoosh_batch: bool = True) -> tuple[CaseIndex, Library]:
    """Worker segments of 15 documents, a worker batch re-indexing some, then (optionally) a batch from
    Whoosh's own writer: re-indexed and new documents, claims and excerpts, deletions."""
    lib, again, whoosh = _library()
    CaseIndex.open(folder).close()
    ix = CaseIndex.open(folder)
    _adopt(ix, folder, list(lib.docs.values()), 15)
    _adopt(ix, folder, list(again.values()), 15)
    for entry in again.values():
        lib.add(*entry)
    if whoosh_batch:
        with ix.batch(merge=False) as batch:
            for entry in whoosh.values():
                batch.add_document(*entry[:2], tags=entry[2])
                lib.add(*entry)
            for claim in _claims():
                batch.add_claim(claim)
            for number, doc_id in enumerate(EXCERPTED, 1):
                record, pages, _ = lib.docs[doc_id]
                page = next((p for p in pages if len(p.text.strip()) > 40), None)
                if page is not None:
                    batch.add_excerpt(ExcerptSource(id=number, document_id=doc_id, start_page=page.number, start=5,
                                                    end_page=page.number, end=len(page.text),
                                                    exact=page.text[5:]), record)
            for doc_id in DELETED:
                batch.delete_document(doc_id)
                del lib.docs[doc_id]
    return ix, lib


def _live_docs(lib: Library) -> list[_Doc]:
    return [_Doc(record, pages) for record, pages, _ in lib.docs.values()]


# --- queries: (text, node for the brute force or (), whether the pairs must answer: True, False or None) ---

FAR_QUERIES = [
    ("plaintiff w/254 court", ("near", "plaintiff", "court", 254, False), True),
    ("plaintiff w/253 court", ("near", "plaintiff", "court", 253, False), True),
    ("court pre/254 plaintiff", ("near", "court", "plaintiff", 254, True), True),
    ("plaintiff pre/254 court", ("near", "plaintiff", "court", 254, True), True),
    ('"plaintiff court"~254', ("slop", "plaintiff", "court", 254), True),
    ("order w/254 motion", ("near", "order", "motion", 254, False), True),
    ("order w/255 motion", ("near", "order", "motion", 255, False), False),
    ("order pre/255 motion", ("near", "order", "motion", 255, True), False),
    ('"order motion"~255', ("slop", "order", "motion", 255), False),
    ("courts w/254 orders", ("near", "courts", "orders", 254, False), True),
    ("courts w/255 orders", ("near", "courts", "orders", 255, False), False),
    ('"courts orders"~254', ("slop", "courts", "orders", 254), True),
    ('"courts orders"~253', ("slop", "courts", "orders", 253), True),
    ('"orders courts"~255', ("slop", "orders", "courts", 255), False),
    ('"the the"~254', ("slop", "the", "the", 254), True),
    ('"the the"~255', ("slop", "the", "the", 255), False),
    ('"the" pre/254 ordered', ("near", "the", "ordered", 254, True), True),
    ('"the" w/30 ordered', ("near", "the", "ordered", 30, False), True),
]


def _op(word: str) -> str:
    """A w/N operand: "the" is a stop word unless quoted (a quoted word is not stemmed, and "the" has no variants)."""
    return f'"{word}"' if word == "the" else word


def _queries(seed: int = 3) -> list[tuple[str, tuple, bool | None]]:
    rnd = random.Random(seed)
    out: list[tuple[str, tuple, bool | None]] = []
    words = CORE + MEDIUM + ["hearing"]
    for a, b in (("court", "court"), ("the", "court"), ("court", "order"), ("plaintiffs", "motion"),
                 ("order", "the"), ("courts", "courts"), ("the", "the"), ("records", "sealed"),
                 ("hearing", "court"), ("motion", "hearing"), ("ordered", "plaintiff"), ("sealed", "the")):
        out.append((f'"{a} {b}"', ("phrase", (a, b)), True if a in CORE and b in CORE else None))
    out.append(('"the court order"', ("phrase", ("the", "court", "order")), False))
    out.append(('"court agency"', ("phrase", ("court", "agency")), False))  # a rare word: no pairs
    for distance in (*range(1, 9), 30):
        out.append((f'"court plaintiff"~{distance}', ("slop", "court", "plaintiff", distance), True))
        out.append((f"court w/{distance} court", ("near", "court", "court", distance, False), True))
    for _ in range(40):
        a, b = rnd.choice(words), rnd.choice(words)
        if rnd.random() < 0.15:
            b = a
        distance = rnd.randint(1, 8)
        shape = rnd.choice(("w", "pre", "slop"))
        expect = True if a in CORE and b in CORE else None
        if shape == "slop":
            out.append((f'"{a} {b}"~{distance}', ("slop", a, b, distance), expect))
        else:
            out.append((f"{_op(a)} {shape}/{distance} {_op(b)}", ("near", a, b, distance, shape == "pre"), expect))
            out.append((f"{_op(b)} {shape}/{distance} {_op(a)}", ("near", b, a, distance, shape == "pre"), expect))
    out += FAR_QUERIES
    # Stems and wildcards stand for several words each.
    out += [("court w/3 order", ("near", "court", "order", 3, False), True),
            ("plaintiffs pre/2 orders", ("near", "plaintiffs", "orders", 2, True), True),
            ("orders pre/1 order", ("near", "orders", "order", 1, True), True),
            ("cour* w/2 plaint*", (), True), ('order* pre/3 "the"', (), True), ("plaint? w/1 cour?", (), True),
            ("cort~ w/2 motion", (), None), ("cour* w/2 agency", (), None)]
    # Inside Boolean clauses (the clause is then evaluated within candidate documents).
    for _ in range(8):
        a, b, c = rnd.choice(CORE), rnd.choice(CORE), rnd.choice(RARE + MEDIUM)
        distance = rnd.randint(1, 6)
        out.append((f"({_op(a)} w/{distance} {_op(b)}) AND {c}", (), None))
        out.append((f"{c} AND NOT ({_op(a)} pre/{distance} {_op(b)})", (), None))
        out.append((f'"{a} {b}" AND NOT {c}', (), None))
    out += [("(plaintiff w/3 motion) OR (court pre/2 courts)", (), True), ("NOT \"court order\"", (), True),
            ('(court w/2 "the") AND (orders pre/4 plaintiff)', (), True), ("court w/3 motion w/3 records", (), False)]
    # Distances the pairs do not answer (0: "at least 1" on positions; beyond the cap), and letter case.
    out += [("court w/0 order", (), False), ("court pre/0 order", (), False), ('"court order"~0', (), False),
            ("court w/300 plaintiff", ("near", "court", "plaintiff", 300, False), False),
            ("Court W/2 ORDER", ("near", "court", "order", 2, False), True),
            ('"PLAINTIFF Motion"', ("phrase", ("plaintiff", "motion")), True)]
    return out


QUERIES = _queries()
FILTERS = [SearchFilters(kinds=("article",)), SearchFilters(tags=("key",)), SearchFilters(document_ids=(5, 6, 71, 75)),
           SearchFilters(kinds=("order",), unit_types=("page",))]
FILTERED = ["court w/2 order", '"the court"', "plaintiff pre/5 motion", '"court court"~3', 'cour* w/1 "the"',
            "plaintiff w/254 court"]


class _PairSpy:
    """Counts the segments whose recorded pairs answered a clause, and the calls."""

    def __init__(self, monkeypatch) -> None:
        self.answered = 0
        self.calls = 0
        original = LineMatcher.from_pairs

        def spied(matcher, node, seg, within):
            found = original(matcher, node, seg, within)
            self.calls += 1
            self.answered += found is not None
            return found
        monkeypatch.setattr(LineMatcher, "from_pairs", spied)


def _no_pairs(monkeypatch) -> None:
    monkeypatch.setattr(LineMatcher, "from_pairs", lambda matcher, node, seg, within: None)


def _answer(ix: CaseIndex, query: str, filters: SearchFilters | None = None):
    results = ix.search(query, limit=3000, facets=True, filters=filters)
    return (results.total, results.documents, results.facets, [(h.unit, h.score) for h in results.hits],
            ix.matching_units(query, filters=filters), ix.matching_units(query, filters=filters, unit_types=None))


def _three_ways(ix: CaseIndex, query: str, lib: Library, monkeypatch, filters: SearchFilters | None = None):
    """(answer with pairs, the spy) and the answers without pairs and per document, each with highlighting."""
    with monkeypatch.context() as patch:
        spy = _PairSpy(patch)
        by_pairs = _answer(ix, query, filters), _marks(ix, query, lib)
    with monkeypatch.context() as patch:
        _no_pairs(patch)
        on_line = _answer(ix, query, filters), _marks(ix, query, lib)
    with monkeypatch.context() as patch:
        _per_document(patch)
        per_document = _answer(ix, query, filters), _marks(ix, query, lib)
    return by_pairs, spy, on_line, per_document


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    ix, lib = _build(tmp_path_factory.mktemp("pairs") / "index")
    yield ix, lib, _live_docs(lib)
    ix.close()


def _leaves(ix: CaseIndex) -> list:
    reader = ix._searcher_now().reader()
    return [leaf for leaf, _ in reader.leaf_readers()]


def _covered(reader, word: str) -> bool:
    return reader.doc_frequency(pairs.PAIRS_FIELD, pairs.marker(word)) == reader.doc_count_all()


def test_worker_segments_record_the_pairs_of_their_frequent_words(built):
    ix, lib, docs = built
    leaves = _leaves(ix)
    workers = [r for r in leaves if _covered(r, "court")]
    plain = [r for r in leaves if r.doc_frequency(pairs.PAIRS_FIELD, pairs.marker("court")) == 0]
    assert len(workers) >= 6 and plain and len(workers) + len(plain) == len(leaves)
    assert any(r.has_deletions() for r in workers)
    for reader in workers:
        assert all(_covered(reader, w) for w in CORE if w != "motion")  # the hearing batch has no "motion"
        assert not _covered(reader, "agency")  # a rare word
        assert reader.doc_frequency(pairs.PAIRS_FIELD, "court court") > 0
        assert reader.doc_frequency(pairs.PAIRS_FIELD, "the plaintiff") > 0
        recorded = {t.split(" ")[0] for t in (x.decode() if isinstance(x, bytes) else x
                                              for x in reader.lexicon(pairs.PAIRS_FIELD)) if t.startswith("=")}
        assert len(recorded) <= pairs.FREQUENT_WORDS
    assert sum(_covered(r, "hearing") for r in workers) == 1
    assert sum(not _covered(r, "motion") for r in workers) == 1
    # Whoosh's own writer wrote no pairs at all.
    assert all(not list(r.lexicon(pairs.PAIRS_FIELD)) for r in plain)
    # The index holds what the brute force reads.
    assert sorted(ix.document_ids()) == sorted(lib.docs)
    assert sum(1 for _, node, _ in QUERIES if node and _brute(node, docs)) >= 80


@pytest.mark.parametrize("number", range(len(QUERIES)))
def test_pairs_agree_with_positions(built, monkeypatch, number):
    ix, lib, docs = built
    query, node, expect = QUERIES[number]
    by_pairs, spy, on_line, per_document = _three_ways(ix, query, lib, monkeypatch)
    if expect:
        assert spy.answered, f"{query}: no segment answered from its pairs"
    elif expect is False:
        assert not spy.answered, f"{query}: answered from pairs"
    assert by_pairs == on_line, query
    assert by_pairs == per_document, query
    if node:
        assert by_pairs[0][4] == _brute(node, docs), query


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f)[14:60])
def test_pairs_agree_with_positions_under_filters(built, monkeypatch, filters):
    ix, lib, _ = built
    answered = 0
    for query in FILTERED:
        by_pairs, spy, on_line, per_document = _three_ways(ix, query, lib, monkeypatch, filters)
        assert by_pairs == on_line == per_document, (query, filters)
        answered += spy.answered
    assert answered


def test_far_words_are_found_exactly_at_the_limit(built):
    """The far-apart document finds the 254-word distances and the 255 ones (which the pairs cannot hold)."""
    ix, _, docs = built
    far = {u for u in ix.matching_units("order w/255 motion") if u.document_id == 71}
    assert far and not {u for u in ix.matching_units("order w/254 motion") if u.document_id == 71}
    assert {u for u in ix.matching_units("plaintiff w/254 court") if u.document_id == 71}
    assert not {u for u in ix.matching_units("plaintiff w/253 court") if u.document_id == 71}
    assert {u.page for u in ix.matching_units('"courts orders"~254') if u.document_id == 71} == {3, 4}
    assert not {u for u in ix.matching_units('"courts orders"~253') if u.document_id == 71}
    assert {u.page for u in ix.matching_units('"the the"~254') if u.document_id == 72} == {1, 3}
    assert not {u for u in ix.matching_units('"the the"~253') if u.document_id == 72}
    assert ix.matching_units('"the" pre/254 ordered') == _brute(("near", "the", "ordered", 254, True), docs)


# --- merged segments ----------------------------------------------------------------------------------


def _unscored(answer: tuple) -> tuple:
    """An answer without its scores (a merge drops deleted units, which changes the ranking statistics)."""
    total, documents, facets, hits, units, every = answer
    return total, documents, facets, {unit for unit, _ in hits}, units, every


MERGE_QUERIES = [q for q in QUERIES if q[2] is not None][::3] + [q for q in FAR_QUERIES if q[2]]


def test_a_merge_of_worker_segments_keeps_the_pairs(tmp_path, monkeypatch):
    """Whoosh's merge copies the pairs; where every segment chose the same words the markers cover it all."""
    ix, lib = _build(tmp_path / "index", whoosh_batch=False)
    with ix:
        before = {q: _answer(ix, q) for q, _, _ in MERGE_QUERIES}
        assert ix.optimize()
        (reader,) = _leaves(ix)
        assert not reader.has_deletions()
        # The hearing batch chose "hearing" instead of "motion": those two now cover part of the units.
        assert all(_covered(reader, w) for w in CORE if w != "motion")
        assert 0 < reader.doc_frequency(pairs.PAIRS_FIELD, pairs.marker("motion")) < reader.doc_count_all()
        assert 0 < reader.doc_frequency(pairs.PAIRS_FIELD, pairs.marker("hearing")) < reader.doc_count_all()
        docs = _live_docs(lib)
        for query, node, expect in MERGE_QUERIES:
            by_pairs, spy, on_line, per_document = _three_ways(ix, query, lib, monkeypatch)
            assert by_pairs == on_line == per_document, query
            assert _unscored(by_pairs[0]) == _unscored(before[query]), query
            if node:
                assert by_pairs[0][4] == _brute(node, docs), query
            uses_motion = "motion" in query.lower() or "hearing" in query.lower()
            if expect and not uses_motion:
                assert spy.answered, query
            if uses_motion:
                assert not spy.answered, query  # "motion" is recorded for some units only


def test_a_merge_with_a_segment_without_pairs_declines_them(tmp_path, monkeypatch):
    ix, lib = _build(tmp_path / "index")
    with ix:
        before = {q: _answer(ix, q) for q, _, _ in MERGE_QUERIES}
        assert ix.optimize()
        (reader,) = _leaves(ix)
        assert 0 < reader.doc_frequency(pairs.PAIRS_FIELD, pairs.marker("court")) < reader.doc_count_all()
        docs = _live_docs(lib)
        for query, node, _ in MERGE_QUERIES:
            by_pairs, spy, on_line, per_document = _three_ways(ix, query, lib, monkeypatch)
            assert not spy.answered, query
            assert by_pairs == on_line == per_document, query
            assert _unscored(by_pairs[0]) == _unscored(before[query]), query
            if node:
                assert by_pairs[0][4] == _brute(node, docs), query


def _pair_lists(folder) -> dict[str, tuple[list[int], bytes]]:
    with CaseIndex.open(folder) as ix:
        (reader,) = _leaves(ix)
        out = {}
        for term in reader.lexicon(pairs.PAIRS_FIELD):
            found = read_fixed(reader, pairs.PAIRS_FIELD, term, 2)
            out[term.decode() if isinstance(term, bytes) else term] = (found.ids.tolist(), found.values.tobytes())
        return out


def test_many_posting_blocks_record_the_same_pairs(tmp_path, monkeypatch):
    """Words whose postings the builder already encoded into full blocks (read back for the pairs) give the
    same pairs, read back from many blocks, and the same answers."""
    from casebook.index import fastwrite, schema

    lib, _, _ = _library()
    work = [lib.docs[doc_id] for doc_id in range(1, 41)]
    folders = tmp_path / "one", tmp_path / "many"
    for folder, small in zip(folders, (False, True), strict=True):
        CaseIndex.open(folder).close()
        with monkeypatch.context() as patch:
            if small:
                patch.setattr(schema, "POSTING_BLOCK", 16)
                patch.setattr(fastwrite, "SWEEP_DOCS", 8)
            segment = build_segment(folder, work)
        with CaseIndex.open(folder) as ix, ix.batch(merge=False) as batch:
            batch.adopt([segment], [record.id for record, _, _ in work])
    one, many = (_pair_lists(folder) for folder in folders)
    assert one == many
    assert len(one[pairs.marker("court")][0]) > 16 * 4 and len(one[pairs.pair_term("court", "the")][0]) > 16 * 2
    small_lib = Library()
    for entry in work:
        small_lib.add(*entry)
    docs = _live_docs(small_lib)
    with CaseIndex.open(folders[1]) as ix:
        for query, node, _ in [q for q in QUERIES if q[2]][::4]:
            by_pairs, spy, on_line, per_document = _three_ways(ix, query, small_lib, monkeypatch)
            assert spy.answered, query
            assert by_pairs == on_line == per_document, query
            if node:
                assert by_pairs[0][4] == _brute(node, docs), query


# --- pair_postings and matching_units against plain Python ------------------------------------------


def _segment(rnd: random.Random) -> tuple[list[str | None], list[int | None], list[list[str]]]:
    """Units as the segment builder writes them: each document's units in order (some without words, some
    long runs of other words), claims (no base) and a unit naming no item."""
    items: list[str | None] = []
    bases: list[int | None] = []
    words: list[list[str]] = []
    for doc in range(rnd.randint(1, 5)):
        base = 0
        for _ in range(rnd.randint(1, 5)):
            shape = rnd.random()
            if shape < 0.15:
                unit: list[str] = []
            elif shape < 0.3:  # a long gap: distances near the 255 cap
                unit = [rnd.choice("ab")] + ["x"] * rnd.randint(240, 270) + [rnd.choice("abc")]
            else:
                unit = [rnd.choice("abcxx") for _ in range(rnd.randint(1, 12))]
            items.append(f"document:{doc}")
            bases.append(base)
            words.append(unit)
            base += len(unit)
    for claim in range(rnd.randint(0, 2)):
        items.append(f"claim:{claim}")
        bases.append(None)
        words.append([rnd.choice("abcx") for _ in range(rnd.randint(0, 6))])
    if rnd.random() < 0.5:
        items.append(None)
        bases.append(None)
        words.append(["a", "b", "a"])
    return items, bases, words


def _postings(words: list[list[str]], word: str) -> PostingArrays:
    ids, counts, positions = [], [], []
    for unit, unit_words in enumerate(words):
        found = [i for i, w in enumerate(unit_words) if w == word]
        if found:
            ids.append(unit)
            counts.append(len(found))
            positions.extend(found)
    return PostingArrays(np.array(ids, dtype=np.int64), np.ones(len(ids)), np.array(counts, dtype=np.int64),
                         np.array(positions, dtype=np.int64))


def _sequences(items, words) -> list[list[tuple[str, int]]]:
    """Each item's words in order, with the unit of each (units of an item are in base order)."""
    by_item: dict[str, list[tuple[str, int]]] = {}
    for unit, (item, unit_words) in enumerate(zip(items, words, strict=True)):
        by_item.setdefault(item or f"#{unit}", []).extend((w, unit) for w in unit_words)
    return list(by_item.values())


def _reference(items, words, chosen: list[str]) -> dict[str, list[tuple[int, bytes]]]:
    out: dict[str, list[tuple[int, bytes]]] = {}
    for first in chosen:
        out[pairs.marker(first)] = [(u, bytes((pairs.FAR, pairs.FAR))) for u in range(len(items))]
        for second in chosen:
            nearest: dict[int, list[int]] = {}
            for sequence in _sequences(items, words):
                for i, (word, unit) in enumerate(sequence):
                    if word != first:
                        continue
                    ahead = [j - i for j in range(i + 1, len(sequence)) if sequence[j][0] == second]
                    behind = [i - j for j in range(i) if sequence[j][0] == second]
                    best = nearest.setdefault(unit, [pairs.FAR, pairs.FAR])
                    best[0] = min([best[0], *ahead])
                    best[1] = min([best[1], *behind])
            postings = [(u, bytes(v)) for u, v in sorted(nearest.items()) if min(v) < pairs.FAR]
            if postings:
                out[pairs.pair_term(first, second)] = postings
    return out


def _as_arrays(postings: list[tuple[int, bytes]] | None) -> PostingArrays | None:
    if postings is None:
        return None
    values = np.frombuffer(b"".join(v for _, v in postings), dtype=np.uint8).reshape(-1, 2)
    return PostingArrays(np.array([u for u, _ in postings], dtype=np.int64), np.ones(len(postings)), values=values)


def _matched_reference(items, words, a: str, b: str, distance: int, ordered: bool) -> set[int]:
    found: set[int] = set()
    for sequence in _sequences(items, words):
        for i, (word, unit) in enumerate(sequence):
            if word != a:
                continue
            for j, (other, other_unit) in enumerate(sequence):
                if other == b and j != i and abs(j - i) <= distance and (not ordered or j > i):
                    found.update((unit, other_unit))
    return found


def _pair_postings(items, bases, words) -> dict[str, list[tuple[int, bytes]]]:
    """`pairs.pair_postings` as (unit, value) postings per term (it keeps them as arrays)."""
    out = {}
    for term, (units, values) in pairs.pair_postings(items, bases, words).items():
        assert len(values) == 2 * len(units), term
        out[term] = [(unit, values[2 * i:2 * i + 2]) for i, unit in enumerate(units.tolist())]
    return out


@pytest.mark.parametrize("seed", range(30))
def test_pair_postings_are_the_nearest_words(seed):
    rnd = random.Random(seed)
    items, bases, words = _segment(rnd)
    chosen = ["a", "b", "c"] if seed % 3 else ["a", "b"]
    got = _pair_postings(items, bases, {w: _postings(words, w) for w in chosen})
    assert got == _reference(items, words, chosen)
    for term, postings in got.items():
        units = [u for u, _ in postings]
        assert units == sorted(set(units)), term  # a posting list: ascending, one posting per unit
    for a in chosen:
        for b in chosen:
            for distance in (1, 2, 3, 5, 8, 30, 253, 254):
                for ordered in (False, True):
                    matched = pairs.matching_units(_as_arrays(got.get(pairs.pair_term(a, b))),
                                                   _as_arrays(got.get(pairs.pair_term(b, a))), distance, ordered)
                    assert set(matched.tolist()) == _matched_reference(items, words, a, b, distance, ordered), \
                        (a, b, distance, ordered)


def _one_item(*units: list[str]) -> tuple[list[str | None], list[int | None], list[list[str]]]:
    bases, base = [], 0
    for unit in units:
        bases.append(base)
        base += len(unit)
    return ["document:1"] * len(units), bases, list(units)


def test_distances_run_across_units_of_an_item_up_to_the_cap():
    items, bases, words = _one_item(["a"] + ["x"] * 100, [], ["x"] * 153 + ["b"], ["x"] * 254 + ["a"])
    got = _pair_postings(items, bases, {w: _postings(words, w) for w in "ab"})
    assert got[pairs.pair_term("a", "b")] == [(0, bytes((254, 255)))]  # the other a is 255 past b
    assert got[pairs.pair_term("b", "a")] == [(2, bytes((255, 254)))]
    assert pairs.pair_term("a", "a") not in got  # the two a's are 509 words apart
    assert got[pairs.marker("a")] == got[pairs.marker("b")] == [(u, bytes((255, 255))) for u in range(4)]


def test_no_distance_runs_from_one_item_into_the_next():
    items: list[str | None] = ["document:1", "document:2", "claim:1", None, None]
    got = _pair_postings(items, [0, 0, None, None, None],
                              {w: _postings([["a"], ["b", "a"], ["b"], ["a"], ["a"]], w) for w in "ab"})
    assert got[pairs.pair_term("b", "a")] == [(1, bytes((1, 255)))]
    assert got[pairs.pair_term("a", "b")] == [(1, bytes((255, 1)))]
    assert pairs.pair_term("a", "a") not in got and pairs.pair_term("b", "b") not in got


def test_the_same_word_twice_skips_itself():
    items, bases, words = _one_item(["a", "x", "a"], ["a"], ["x", "x", "x"], ["a", "a"])
    got = _pair_postings(items, bases, {"a": _postings(words, "a")})
    # Unit 0: a(0) → a(2) ahead 2; a(2) → a(3) ahead 1, a(0) behind 2. Unit 1: a(3) → a(2) behind 1.
    assert got[pairs.pair_term("a", "a")] == [(0, bytes((1, 2))), (1, bytes((4, 1))), (3, bytes((1, 1)))]
    items, bases, words = _one_item(["a", "x"], ["x"])
    lonely = _pair_postings(items, bases, {"a": _postings(words, "a")})
    assert pairs.pair_term("a", "a") not in lonely
    assert pairs.matching_units(None, None, 5, False).tolist() == []


def test_frequent_words_are_the_most_frequent_found_once_a_unit():
    totals = {f"w{n:02d}": float(100 - n) for n in range(15)} | {"rare": 9.0, "edge": 10.0}
    assert pairs.frequent(totals, 10) == [f"w{n:02d}" for n in range(pairs.FREQUENT_WORDS)]
    assert pairs.frequent({"rare": 9.0, "edge": 10.0, "more": 30.0}, 10) == ["more", "edge"]
