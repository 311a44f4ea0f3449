"""Phrases and proximity on the segment word line agree with the per-document evaluation and a brute force."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import replace

import numpy as np
import pytest

from casebook.core.search import ClaimSource, ExcerptSource, UnitKey
from casebook.index import CaseIndex, linematch
from casebook.index.analysis import stem
from casebook.index.linematch import LineMatcher
from casebook.index.wordline import DOCUMENT_GAP, WordLine, near, pair_places, phrase_starts, union
from tests.index.conftest import Library, article, make_doc, make_page, stamped_filing
from tests.index.test_brute_force import _Doc

# Common words repeat on every page; several share a stem (court/courts, order/orders/ordered).
COMMON = ["court", "court", "courts", "the", "the", "order", "orders", "ordered", "motion", "records"]
RARER = ["agency", "hearing", "sealed", "witness", "counsel", "exhibit", "deadline", "granted", "denied",
         "cabinet", "subpoena", "privilege"]
NEAR_WORDS = ["court", "courts", "order", "orders", "motion", "records", "agency", "hearing", "sealed",
              "witness", "counsel", "granted", "denied"]


def _body(rnd: random.Random, low: int, high: int) -> str:
    return " ".join(rnd.choice(COMMON) if rnd.random() < 0.6 else rnd.choice(RARER)
                    for _ in range(rnd.randint(low, high)))


def _filing(rnd: random.Random, doc_id: int, version: int = 0):
    """A filing of 1–5 pages: stamped pages (stamp and page number are furniture), blank pages, pages of
    furniture alone, short pages of one or two words."""
    return stamped_filing(rnd, doc_id, version, lambda low, high: _body(rnd, low, high), furniture_only=0.18,
                          short=0.3, short_words=(1, 3), long_words=(4, 40))


def _document(rnd: random.Random, doc_id: int, version: int = 0):
    if doc_id % 7 == 0:
        paragraphs = [_body(rnd, 2, 14).capitalize() + "." for _ in range(rnd.randint(2, 5))]
        return article(doc_id, paragraphs, title=f"Article {doc_id}")
    return _filing(rnd, doc_id, version)


DOCUMENTS = 60
REPLACED = (2, 5, 7, 11, 23, 30, 41)  # re-indexed in a later batch: old units deleted in older segments
DELETED = (3, 14, 44)
EXCERPTED = (1, 8, 9, 16, 22)


def _claims(rnd: random.Random, version: int = 0) -> list[ClaimSource]:
    return [ClaimSource(id=n, statement=_body(rnd, 3, 12), claim_type="fact", status="disputed",
                        note=_body(rnd, 0, 5), issues=("Disclosure",)) for n in range(1, 7 + version)]


def _build(folder):
    """Five batches written as separate segments, then re-indexed and deleted documents and claims."""
    rnd = random.Random(20)
    lib = Library()
    for doc_id in range(1, DOCUMENTS + 1):
        lib.add(*_document(rnd, doc_id))
    ix = CaseIndex.open(folder)
    records = list(lib.docs.values())
    for start in range(0, len(records), 15):
        with ix.batch(merge=False) as batch:
            for record, pages, tags in records[start:start + 15]:
                batch.add_document(record, pages, tags=tags)
    with ix.batch(merge=False) as batch:
        for claim in _claims(rnd):
            batch.add_claim(claim)
        for excerpt_id, doc_id in enumerate(EXCERPTED, 1):
            record, pages, _ = lib.docs[doc_id]
            text = next((p.text for p in pages if p.text.strip() and not p.furniture), "") or "court order"
            start = min(len(text) // 3, 20)
            batch.add_excerpt(ExcerptSource(id=excerpt_id, document_id=doc_id, start_page=1, start=start,
                                            end_page=1, end=len(text), exact=text[start:], note=_body(rnd, 0, 4)),
                              record)
    with ix.batch(merge=False) as batch:
        for doc_id in REPLACED:
            lib.add(*_document(rnd, doc_id, version=1))
            record, pages, tags = lib.docs[doc_id]
            batch.add_document(record, pages, tags=tags)
        for doc_id in DELETED:
            batch.delete_document(doc_id)
            del lib.docs[doc_id]
        for claim in _claims(rnd, version=1)[:3]:  # re-indexed claims
            batch.add_claim(claim)
    return ix, lib


def _library_docs() -> list[_Doc]:
    """The live documents' word sequences (built as `_build` builds them, without an index)."""
    rnd = random.Random(20)
    docs = {doc_id: _document(rnd, doc_id) for doc_id in range(1, DOCUMENTS + 1)}
    _claims(rnd)
    for _ in EXCERPTED:
        _body(rnd, 0, 4)
    for doc_id in REPLACED:
        docs[doc_id] = _document(rnd, doc_id, version=1)
    for doc_id in DELETED:
        del docs[doc_id]
    return [_Doc(record, pages) for record, pages in docs.values()]


def _phrase_text(terms) -> str:
    return '"' + " ".join(terms) + '"'


def _queries(docs: list[_Doc], seed: int = 8) -> list[tuple[str, tuple]]:
    """(query, node for the brute force or ()): phrases read from the documents (often across a page or
    paragraph break), random phrases, w/N, pre/N and "a b"~N, the same word twice, and these inside AND/NOT."""
    rnd = random.Random(seed)
    out: list[tuple[str, tuple]] = []
    for _ in range(45):
        doc = rnd.choice([d for d in docs if len(d.words) > 5])
        length = rnd.randint(2, 4)
        breaks = [i for i in range(1, len(doc.words)) if doc.unit_of[i] != doc.unit_of[i - 1]]
        at = rnd.choice(breaks) - rnd.randint(0, length - 1) if breaks and rnd.random() < 0.6 \
            else rnd.randrange(len(doc.words))
        at = max(0, min(at, len(doc.words) - length))
        terms = tuple(doc.words[at:at + length])
        out.append((_phrase_text(terms), ("phrase", terms)))
    for _ in range(10):
        terms = tuple(rnd.choice(COMMON + RARER) for _ in range(rnd.randint(2, 3)))
        out.append((_phrase_text(terms), ("phrase", terms)))
    out.append(('"court court"', ("phrase", ("court", "court"))))
    out.append(('"the court the"', ("phrase", ("the", "court", "the"))))
    for _ in range(45):
        a, b = rnd.choice(NEAR_WORDS), rnd.choice(NEAR_WORDS)
        if rnd.random() < 0.15:
            b = a
        distance = rnd.randint(1, 8)
        shape = rnd.choice(("w", "pre", "slop"))
        if shape == "slop":
            out.append((f'"{a} {b}"~{distance}', ("slop", a, b, distance)))
        else:
            out.append((f"{a} {shape}/{distance} {b}", ("near", a, b, distance, shape == "pre")))
    for distance in (1, 2, 3, 8):
        out.append((f'"court court"~{distance}', ("slop", "court", "court", distance)))
        out.append((f"court w/{distance} court", ("near", "court", "court", distance, False)))
        out.append((f"order pre/{distance} order", ("near", "order", "order", distance, True)))
    # Inside Boolean clauses: the phrase or proximity is then evaluated within candidate documents.
    for _ in range(12):
        a, b, c = rnd.choice(NEAR_WORDS), rnd.choice(NEAR_WORDS), rnd.choice(RARER)
        distance = rnd.randint(1, 6)
        out.append((f"({a} w/{distance} {b}) AND {c}", ()))
        out.append((f"{c} AND NOT ({a} pre/{distance} {b})", ()))
        doc = rnd.choice([d for d in docs if len(d.words) > 5])
        at = rnd.randrange(len(doc.words) - 2)
        out.append((f"{_phrase_text(doc.words[at:at + 2])} AND {c}", ()))
        out.append((f"NOT {_phrase_text(doc.words[at:at + 3])}", ()))
    out += [("cour* w/2 order*", ()), ("cort~ w/3 motion", ()), ('"court order"~4 OR "sealed records"', ())]
    out += [(q, ()) for q in OFF_THE_LINE]
    return out


# Proximity of more than two one-word operands is matched per document (spans): compared all the same.
OFF_THE_LINE = ("(court OR motion) w/2 records", 'records w/3 "the court"', "court w/3 motion w/3 records",
                '"court order records"~3')


DOCS = _library_docs()
QUERIES = _queries(DOCS)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    ix, lib = _build(tmp_path_factory.mktemp("line") / "index")
    assert ix.segment_count() >= 5
    yield ix, lib
    ix.close()


def _answer(ix, query: str):
    """Everything a search and a search term report say about the query."""
    results = ix.search(query, limit=2000, facets=True)
    return (results.total, results.documents, results.facets, [(h.unit, h.score) for h in results.hits],
            ix.matching_units(query), ix.matching_units(query, unit_types=None))


def _marks(ix, query: str, lib) -> list:
    """Each hit's highlighted ranges and snippets, for the first 50 rows (as a results page shows them)."""
    results = ix.search(query, limit=50, text_for=lib.text_for)
    return [(h.unit, h.hit_ranges, [(s.text, s.highlights) for s in h.snippets]) for h in results.hits]


class _Spy:
    """Counts the clauses the word line answered."""

    def __init__(self, monkeypatch) -> None:
        self.answered = 0
        original = LineMatcher.match

        def spied(matcher, node, seg, within, **options):
            found = original(matcher, node, seg, within, **options)
            self.answered += found is not None
            return found
        monkeypatch.setattr(LineMatcher, "match", spied)


def _per_document(monkeypatch) -> None:
    """Every phrase and proximity clause evaluated document by document (the word line never asked)."""
    monkeypatch.setattr(LineMatcher, "match", lambda matcher, node, seg, within, **options: None)


def _brute(node: tuple, docs: list[_Doc]) -> set[UnitKey]:
    """Units holding a matched word, in documents where the clause holds (pages and paragraphs)."""
    found: set[UnitKey] = set()
    for doc in docs:
        words = doc.words
        if node[0] == "phrase":
            terms = list(node[1])
            for i in range(len(words) - len(terms) + 1):
                if words[i:i + len(terms)] == terms:
                    found.update(doc.unit_of[i:i + len(terms)])
            continue
        if node[0] == "slop":
            _, a, b, distance = node
            ordered, same = False, lambda term, w: w == term  # quoted words: no stemming
        else:
            _, a, b, distance, ordered = node
            same = lambda term, w: w == term or stem(w) == stem(term)  # noqa: E731
        firsts = [i for i, w in enumerate(words) if same(a, w)]
        seconds = [j for j, w in enumerate(words) if same(b, w)]
        for i in firsts:
            for j in seconds:
                if 1 <= abs(j - i) <= distance and (not ordered or i < j):
                    found.update((doc.unit_of[i], doc.unit_of[j]))
    return found


def test_the_corpus_exercises_breaks_and_deletions(built):
    ix, lib = built
    crossing = [q for q, node in QUERIES if node and node[0] == "phrase"
                and len(_brute(node, DOCS)) > len({u.document_id for u in _brute(node, DOCS)})]
    assert len(crossing) >= 8
    searcher = ix._searcher_now()
    assert searcher.reader().has_deletions()
    assert sum(1 for _, node in QUERIES if node and _brute(node, DOCS)) >= 60
    assert sorted(ix.document_ids()) == sorted(lib.docs)
    # The queries were read from the same documents as were indexed.
    assert {d.id: d.words for d in DOCS} == {r.id: _Doc(r, p).words for r, p, _ in lib.docs.values()}


@pytest.mark.parametrize("number", range(len(QUERIES)))
def test_the_word_line_agrees_with_the_per_document_evaluation(built, monkeypatch, number):
    ix, lib = built
    query, node = QUERIES[number]
    with monkeypatch.context() as patch:
        spy = _Spy(patch)
        on_line = _answer(ix, query)
        marked_on_line = _marks(ix, query, lib)
    if query not in OFF_THE_LINE:
        assert spy.answered, f"{query}: the word line answered no clause"
    with monkeypatch.context() as patch:
        _per_document(patch)
        per_document = _answer(ix, query)
        marked_per_document = _marks(ix, query, lib)
    assert on_line == per_document, query
    # Highlighting of the rows shown (the word line also places the matched words) marks the same words.
    assert marked_on_line == marked_per_document, query
    if node:
        assert on_line[4] == _brute(node, DOCS), query
        # Highlighting (per document, for the rows shown) marks a matched word on every page the word line found.
        results = ix.search(query, limit=2000, text_for=lib.text_for)
        assert {h.unit for h in results.hits if h.unit_type == "page"} == on_line[4]
        assert all(h.hit_ranges for h in results.hits if h.unit_type == "page"), query
        assert all(h.snippets and h.snippets[0].highlights for h in results.hits if h.unit_type == "claim"), query


def test_segments_built_by_workers_agree(built, tmp_path, monkeypatch):
    """Segments written by the fast builder (casebook.index.segments) and adopted give the same answers."""
    from casebook.index.segments import build_segment

    _, lib = built
    folder = tmp_path / "index"
    CaseIndex.open(folder).close()
    work = [(record, pages, tags) for record, pages, tags in lib.docs.values()]
    segments = [build_segment(folder, work[start:start + 20]) for start in range(0, len(work), 20)]
    with CaseIndex.open(folder) as ix:
        with ix.batch(merge=False) as batch:
            batch.adopt(segments, [record.id for record, _, _ in work])
        assert ix.segment_count() == len(segments) > 1
        for query, node in QUERIES:
            if node:
                assert ix.matching_units(query) == _brute(node, DOCS), query
        with monkeypatch.context() as patch:
            _per_document(patch)
            assert all(ix.matching_units(q) == _brute(node, DOCS) for q, node in QUERIES if node)


def test_the_per_document_switch_is_the_old_path(built, monkeypatch):
    """The comparison above is not vacuous: with the switch, the word line is never consulted."""
    ix, _ = built
    calls = []
    monkeypatch.setattr(linematch, "phrase_starts", lambda *a: calls.append(a))
    _per_document(monkeypatch)
    assert ix.matching_units('"court order"') == _brute(("phrase", ("court", "order")), DOCS)
    assert ix.matching_units("court w/2 order") == _brute(("near", "court", "order", 2, False), DOCS)
    assert not calls


def test_a_replaced_document_is_read_from_its_new_segment_only(tmp_path):
    """The word line is cached per segment and rebuilt as units are deleted from it."""
    with CaseIndex.open(tmp_path / "ix") as ix:
        with ix.batch(merge=False) as batch:
            batch.add_document(make_doc(1, pages=2), [make_page(1, 1, "the sealed cabinet"),
                                                      make_page(1, 2, "records of the agency")])
            batch.add_document(make_doc(2), [make_page(2, 1, "sealed cabinet records")])
        assert ix.matching_units('"cabinet records"') == {UnitKey(1, 1, None), UnitKey(1, 2, None),
                                                          UnitKey(2, 1, None)}
        assert ix.matching_units("cabinet w/1 records") == {UnitKey(1, 1, None), UnitKey(1, 2, None),
                                                            UnitKey(2, 1, None)}
        with ix.batch(merge=False) as batch:
            batch.add_document(make_doc(1, pages=3), [make_page(1, 1, "an open cabinet"), make_page(1, 2, ""),
                                                      make_page(1, 3, "holds no records")])
        assert ix.segment_count() == 2
        assert ix.matching_units('"cabinet records"') == {UnitKey(2, 1, None)}
        assert ix.matching_units('"cabinet holds"') == {UnitKey(1, 1, None), UnitKey(1, 3, None)}
        assert ix.matching_units("cabinet pre/3 records") == {UnitKey(1, 1, None), UnitKey(1, 3, None),
                                                              UnitKey(2, 1, None)}
        with ix.batch(merge=False) as batch:
            batch.delete_document(2)
        assert ix.matching_units('"cabinet records"') == set()
        assert ix.search("sealed w/2 records").total == 0


@pytest.mark.parametrize("query", ["title:motion pre/5 court", "title:motion w/5 court", "court w/5 title:motion"])
def test_a_field_qualified_operand_is_held_to_its_field(tmp_path, monkeypatch, query):
    with CaseIndex.open(tmp_path / "ix") as ix:
        with ix.batch() as batch:
            batch.add_document(make_doc(1, title="Sealed motion"), [make_page(1, 1, "the court granted the order")])
            batch.add_document(make_doc(2, title="Other paper"), [make_page(2, 1, "motion to seal the court order")])
        on_line = ix.matching_units(query)
        _per_document(monkeypatch)
        assert ix.matching_units(query) == set()  # no document has "motion" in its title and "court" near it
        assert on_line == set()


# --- across breaks, on the word line -----------------------------------------------------------------


@pytest.fixture
def spied(monkeypatch):
    return _Spy(monkeypatch)


def test_a_phrase_across_a_page_break_reports_both_pages(tmp_path, spied):
    stamp = "Case 1:25-cv-01234 Document 7 Filed 03/01/25 Page {n} of 3\n"
    pages = []
    for number, body in ((1, "the agency kept the withheld records in"), (2, "sealed cabinets until the"),
                         (3, "hearing began")):
        text = stamp.format(n=number) + body + f"\n{number}"
        furniture = ((0, len(stamp.format(n=number))), (len(text) - 1, len(text)))
        pages.append(replace(make_page(1, number, text), furniture=furniture))
    with CaseIndex.open(tmp_path / "ix") as ix:
        with ix.batch() as batch:
            batch.add_document(make_doc(1, pages=3), pages)
        page = lambda n: UnitKey(1, n, None)  # noqa: E731
        assert {h.unit for h in ix.search('"records in sealed cabinets"').hits} == {page(1), page(2)}
        assert ix.matching_units('"in sealed"') == {page(1), page(2)}
        assert ix.matching_units('"the hearing"') == {page(2), page(3)}
        assert ix.matching_units('"records in sealed cabinets until the hearing"') == {page(1), page(2), page(3)}
        assert ix.matching_units("records w/2 sealed") == {page(1), page(2)}
        assert ix.matching_units('"in sealed"~1') == {page(1), page(2)}
        assert ix.matching_units("cabinets pre/1 records") == set()
        assert ix.matching_units('"in 1 case"') == set()  # the stamp and page number are not words
        assert spied.answered >= 7


def test_a_phrase_across_blank_and_furniture_only_pages_skips_them(tmp_path, spied):
    stamp = "Case 1:25-cv-01234 Document 7 Filed 03/01/25 Page 3 of 6\n"
    pages = [make_page(1, 1, "  "), make_page(1, 2, "alpha beta"), make_page(1, 3, stamp),
             make_page(1, 4, ""), make_page(1, 5, "gamma"), make_page(1, 6, "delta epsilon")]
    pages[2] = replace(pages[2], furniture=((0, len(stamp)),))
    with CaseIndex.open(tmp_path / "ix") as ix:
        with ix.batch() as batch:
            batch.add_document(make_doc(1, pages=6), pages)
        page = lambda n: UnitKey(1, n, None)  # noqa: E731
        assert ix.matching_units('"beta gamma"') == {page(2), page(5)}
        assert ix.matching_units('"alpha beta gamma delta"') == {page(2), page(5), page(6)}
        assert ix.matching_units('"beta gamma delta"') == {page(2), page(5), page(6)}
        assert ix.search('"beta gamma delta"').total == 3
        assert ix.matching_units("beta w/1 gamma") == {page(2), page(5)}
        assert ix.matching_units("alpha pre/3 delta") == {page(2), page(6)}
        assert ix.matching_units("alpha pre/2 delta") == set()
        assert ix.matching_units('"alpha beta"') == {page(2)}
        assert spied.answered >= 7


def test_a_phrase_across_article_paragraphs_reports_both(tmp_path, spied):
    doc, pages = article(4, ["The motion was heard in court.", "Court records were sealed."])
    with CaseIndex.open(tmp_path / "ix") as ix:
        with ix.batch() as batch:
            batch.add_document(doc, pages)
        assert ix.matching_units('"in court court records"') == {UnitKey(4, 1, 1), UnitKey(4, 1, 2)}
        assert ix.matching_units('"court court"') == {UnitKey(4, 1, 1), UnitKey(4, 1, 2)}
        assert ix.matching_units('"court court"~1') == {UnitKey(4, 1, 1), UnitKey(4, 1, 2)}
        assert ix.matching_units("court w/1 court") == {UnitKey(4, 1, 1), UnitKey(4, 1, 2)}
        assert ix.matching_units("court pre/1 records") == {UnitKey(4, 1, 2)}
        assert spied.answered >= 5


def test_documents_never_run_into_each_other(tmp_path, spied):
    """The end of one document and the start of the next (in the same segment) are not neighbours."""
    with CaseIndex.open(tmp_path / "ix") as ix:
        with ix.batch() as batch:
            batch.add_document(make_doc(1), [make_page(1, 1, "the motion was granted")])
            batch.add_document(make_doc(2), [make_page(2, 1, "denied the motion")])
            batch.add_claim(ClaimSource(id=1, statement="granted", claim_type="", status=""))
            batch.add_claim(ClaimSource(id=2, statement="denied", claim_type="", status=""))
        assert ix.search('"granted denied"').total == 0
        assert ix.search("granted w/8 denied").total == 0
        assert ix.matching_units('"motion granted"~8') == {UnitKey(1, 1, None)}
        assert spied.answered >= 3


# --- the word line's array functions against plain Python -------------------------------------------


def _sorted_sample(rnd: random.Random, span: int, most: int) -> np.ndarray:
    return np.array(sorted(rnd.sample(range(span), rnd.randint(0, most))), dtype=np.int64)


def _near_reference(xs, ys, before: int, after: int) -> list[int]:
    return [x for x in xs if any(y != x and x - before <= y <= x + after for y in ys)]


@pytest.mark.parametrize("seed", range(40))
def test_near_is_the_plain_definition(seed):
    rnd = random.Random(seed)
    xs, ys = _sorted_sample(rnd, 120, 30), _sorted_sample(rnd, 120, 30)
    for before, after in ((-1, 1), (-1, 4), (0, 0), (1, 1), (3, 3), (2, 7), (8, 8)):
        assert near(xs, ys, before, after).tolist() == _near_reference(xs.tolist(), ys.tolist(), before, after)
    # One word with itself: a place is never its own neighbour.
    assert near(xs, xs, 1, 1).tolist() == [x for x in xs.tolist() if x - 1 in xs or x + 1 in xs]


@pytest.mark.parametrize("seed", range(40))
def test_pair_places_are_pair_words(seed):
    from casebook.index.docmatch import pair_words

    rnd = random.Random(seed)
    first, second = _sorted_sample(rnd, 150, 35), _sorted_sample(rnd, 150, 35)
    if seed % 5 == 0:
        second = first  # the same word twice
    for distance in (1, 2, 5, 8):
        for ordered in (False, True):
            got = pair_places(first, second, distance, ordered)
            expected = {p for p, _ in pair_words(first.tolist(), second.tolist(), distance, ordered)}
            assert set(got.tolist()) == expected
            plain = {a for a in first.tolist() for b in second.tolist()
                     if a != b and (0 < b - a <= distance if ordered else abs(a - b) <= distance)}
            plain |= {b for a in first.tolist() for b in second.tolist()
                      if a != b and (0 < b - a <= distance if ordered else abs(a - b) <= distance)}
            assert set(got.tolist()) == plain


@pytest.mark.parametrize("seed", range(30))
def test_phrase_starts_are_exact_phrase(seed):
    from casebook.index.docmatch import exact_phrase

    rnd = random.Random(seed)
    words = [rnd.choice("abc") for _ in range(rnd.randint(0, 200))]
    for length in (2, 3, 4):
        terms = [rnd.choice("abc") for _ in range(length)]
        places = [np.array([i for i, w in enumerate(words) if w == t], dtype=np.int64) for t in terms]
        starts = phrase_starts(places).tolist()
        assert starts == [i for i in range(len(words) - length + 1) if words[i:i + length] == terms]
        assert starts == [s for s, _, _ in exact_phrase([p.tolist() for p in places])]


def test_union_merges_sorted_places():
    a, b, c = np.array([1, 9, 30]), np.array([2, 3, 40]), np.zeros(0, dtype=np.int64)
    assert union([a, b, c]).tolist() == [1, 2, 3, 9, 30, 40]
    assert union([c, a]).tolist() == [1, 9, 30]
    assert len(union([c])) == 0 and len(union([])) == 0


def _line_reference(items, bases, deleted):
    """Each live unit's (item, start) and the documents' word ranges, as plain lists."""
    return {u: (item or f"#{u}", base or 0) for u, (item, base) in enumerate(zip(items, bases, strict=True))
            if u not in deleted}


@pytest.mark.parametrize("seed", range(25))
def test_a_word_line_places_units_of_documents_apart(seed):
    """units_at, units_spanned and distinct against a plain reading of items, bases and deletions."""
    rnd = random.Random(seed)
    items: list[str | None] = []
    bases: list[int | None] = []
    for doc in range(rnd.randint(1, 6)):
        base = 0
        for _ in range(rnd.randint(1, 6)):  # units of a document: some hold no words
            items.append(f"document:{doc}")
            bases.append(base)
            base += rnd.choice((0, 0, 1, 2, 5, 9))
    for claim in range(rnd.randint(0, 3)):
        items.append(f"claim:{claim}")
        bases.append(rnd.choice((0, None)))
    items.append(None)  # a unit naming no item is a document of its own
    bases.append(None)
    order = list(range(len(items)))
    rnd.shuffle(order)  # units of several items interleave in index order
    items, bases = [items[i] for i in order], [bases[i] for i in order]
    deleted = {u for u in range(len(items)) if rnd.random() < 0.15}
    line = WordLine(items, bases, deleted)
    live = _line_reference(items, bases, deleted)
    assert set(np.flatnonzero(line.live).tolist()) == set(live)
    # Every live unit's place is its item's number * gap + its base; items keep distinct numbers.
    numbers = {}
    for unit, (item, base) in live.items():
        number, start = divmod(int(line.offsets[unit]), DOCUMENT_GAP)
        assert start == base
        assert numbers.setdefault(item, number) == number
    assert len(set(numbers.values())) == len(numbers)
    for unit in deleted:
        assert line.offsets[unit] == -1
    # A place belongs to the last unit of its document starting at or before it (among equal starts,
    # the last in index order: a unit holding no words gives way to the next).
    by_item: dict[str, list[tuple[int, int]]] = {}
    for unit, (item, base) in sorted(live.items()):
        by_item.setdefault(item, []).append((base, unit))
    for item, units in by_item.items():
        units.sort(key=lambda bu: bu[0])  # stable: index order among equal starts
        starts = [b for b, _ in units]
        number = numbers[item]
        for place in range(starts[0], starts[-1] + 4):
            expected = units[bisect_right(starts, place) - 1][1]
            assert line.units_at(np.array([number * DOCUMENT_GAP + place])).tolist() == [expected]
        # A span from one place to another runs through every unit between that holds a word.
        for _ in range(10):
            first = rnd.randint(starts[0], starts[-1] + 2)
            last = first + rnd.randint(0, 8)
            i, j = bisect_right(starts, first) - 1, bisect_right(starts, last) - 1
            expected_units = {units[i][1], units[j][1]}
            expected_units |= {units[k][1] for k in range(i + 1, j) if starts[k] != starts[k + 1]}
            got = line.units_spanned(np.array([number * DOCUMENT_GAP + first]),
                                     np.array([number * DOCUMENT_GAP + last]))
            assert got == expected_units
    picked = np.array([u for u in live if rnd.random() < 0.5] * 2, dtype=np.int64)
    assert line.distinct(picked) == set(picked.tolist())
    assert line.distinct(np.zeros(0, dtype=np.int64)) == set()
    assert len(line.units_at(np.zeros(0, dtype=np.int64))) == 0


@pytest.mark.parametrize("seed", range(40))
def test_pair_units_are_the_units_of_pair_places(seed):
    """Units as short as a few words (pairs often cross a boundary), blank units, ordered and not."""
    rnd = random.Random(seed)
    units = rnd.randint(1, 30)
    items = [f"document:{rnd.randint(1, 3)}" for _ in range(units)]
    bases, lengths = [0] * units, [0] * units
    placed: dict[str, int] = {}
    for unit, item in enumerate(items):
        bases[unit] = placed.get(item, 0)
        lengths[unit] = rnd.choice((0, 1, 2, 3, 5, 9, 20))  # 0: a blank page
        placed[item] = bases[unit] + lengths[unit]
    deleted = {u for u in range(units) if rnd.random() < 0.1}
    line = WordLine(items, bases, deleted)
    every = sorted({int(line.offsets[u]) + p for u in range(units) if u not in deleted for p in range(lengths[u])})
    words = [rnd.choice("ab.") for _ in every]
    first = np.array([p for p, w in zip(every, words, strict=True) if w == "a"], dtype=np.int64)
    second = np.array([p for p, w in zip(every, words, strict=True) if w == "b"], dtype=np.int64)
    for distance in (1, 2, 4, 9):
        for ordered in (False, True):
            for a, b in ((first, second), (second, first)):
                hits = pair_places(a, b, distance, ordered, disjoint=True)
                expected = line.distinct(line.units_at(hits)) if len(hits) else set()
                got = line.pair_units(a, b, distance, ordered)
                assert (line.distinct(got) if len(got) else set()) == expected
