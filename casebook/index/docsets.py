"""Counting what a query matches, fast: document-number sets, facet counts and date order.

Whoosh's collectors score and categorise every matching document in Python (about 13 µs each with facets
here), which makes totals and facets over a large result set the slowest part of a search. Here the
matching set is computed from posting lists with set algebra (word positions are decoded only for phrase
and proximity queries), and facets are set intersections with the (few) documents of each kind, court and
tag, cached per segment — segments never change once written (casebook.index.segfacts).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from pickle import loads
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.query import spans
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE

from casebook.core.search import SearchKey
from casebook.index import postings
from casebook.index.positions import PackedPositions, unpack
from casebook.index.ranking import ranked
from casebook.index.schema import POSTING_BLOCK, parse_order
from casebook.index.segfacts import FactsCache, SegmentFacts, _blocks, _deleted, _segment_key, _term_ids
from casebook.index.unitsets import UnitSet, sorted_units

if TYPE_CHECKING:  # Whoosh is untyped: these are Any to mypy, named for the reader
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

SCORED_FIELDS = ("text", "title", "court")
FACET_SOURCES = {"kind": "kind", "court": "court_name", "tag": "tags", "type": "type"}
POSTINGS_CACHE_MIN_BYTES = 64 << 10  # ids and weights of 4,096 postings
# `places(whole=True)` reads a word whole when it is in at least 1/WHOLE_RATIO of a segment's units.
WHOLE_RATIO = 8
# A union of at least this many words (a wildcard's, a fuzzy term's) looks its words up in the segment's table
# of words with their first letter (postings.term_table), kept per segment (segfacts.TERM_TABLE_LIMIT).
TERM_TABLE_MIN_WORDS = 12
TABLE_FIELDS = ("text", "title")  # words as UTF-8 (other fields may hold encoded numbers)
ARRAY_MIN_UNITS = 2_000  # sets of units at least this large go to their documents through arrays


class DocSets:
    """Evaluates compiled Whoosh queries to sets of document numbers, one segment at a time."""

    def __init__(self, searcher: Searcher, facts: FactsCache) -> None:
        self.searcher = searcher
        self.shared_places = facts.places
        self.leaves = [(leaf, offset) for leaf, offset in searcher.leaf_searchers()]
        self.facts = facts.for_searcher(searcher)
        self._offsets = [offset for _, offset in self.facts]
        self._facts_of = {id(facts.reader): facts for facts, _ in self.facts}
        # Whole posting lists read during matching, kept for ranking (as arrays, and as lists for set algebra).
        self._arrays: dict[tuple[int, str, object], postings.PostingArrays] = {}
        self._postings: dict[tuple[int, str, object], tuple[list[int], list[float]]] = {}
        self._places: dict[tuple[int, str], np.ndarray] = {}
        self._unit_arrays: tuple[list[set[int]], list[tuple[int, int]], list[np.ndarray]] | None = None

    def _term(self, reader: IndexReader, field: str, text: str | bytes, within: list[int] | None = None) -> set[int]:
        """The units holding the word (a new set each time: callers may change it); with `within` (sorted), at
        least those of them holding it."""
        key = (id(reader), field, text)
        cached = self._postings.get(key)
        if cached is not None:
            return set(cached[0])
        if within is not None and len(within) * POSTING_BLOCK < _cost(wq.Term(field, text), reader):
            return set(_term_ids(reader, field, text, within))  # few of the word's blocks hold a wanted document
        # Most blocks would be read anyway: read them all once, kept for the query's later clauses and ranking.
        return UnitSet.of(self.arrays(reader, field, text).ids)

    def _union(self, reader: IndexReader, field: str, words: Iterable[str | bytes], within: list[int] | None
               ) -> set[int]:
        """Units holding any of the words (a wildcard's or fuzzy word's expansions), marked in one array."""
        words = list(words)
        infos = self._term_infos(reader, field, words)
        if infos is not None:  # the words absent from this segment are not looked up one by one
            words = list(infos)
        if within is not None and len(within) * POSTING_BLOCK * len(words) < (
                sum(map(postings.doc_frequency, infos.values())) if infos is not None
                else sum(_cost(wq.Term(field, w), reader) for w in words)):
            found: set[int] = set()
            for word in words:
                found.update(self._term(reader, field, word, within))
            return found
        marks = np.zeros(reader.doc_count_all(), dtype=bool)
        for word, info in infos.items() if infos is not None else ((word, None) for word in words):
            marks[self.arrays(reader, field, word, info).ids] = True
        return UnitSet.of(np.flatnonzero(marks))

    def _term_infos(self, reader: IndexReader, field: str, words: list[str | bytes]) -> dict[str, bytes] | None:
        """For a union of many words, those present in the segment with their stored term infos, from the
        segment's tables of words by first letter; None for few words, or where there are no tables."""
        facts = self._facts_of.get(id(reader))
        if facts is None or len(words) < TERM_TABLE_MIN_WORDS or field not in TABLE_FIELDS:
            return None
        found: dict[str, bytes] = {}
        for word in words:
            text = word.decode("utf-8") if isinstance(word, bytes) else word
            table = facts.term_table(field, text[:1])
            if table is None:
                return None
            info = table.get(text)
            if info is not None:
                found[text] = info
        return found

    def doc_frequency(self, field: str, text: str) -> int:
        """The word's document frequency over the searcher's segments (as Whoosh counts it), from the segments'
        word tables where they have been read."""
        total = 0
        for facts, _ in self.facts:
            table = facts.built_table(field, text[:1]) if text and isinstance(text, str) else None
            if table is not None:
                info = table.get(text)
                total += postings.doc_frequency(info) if info is not None else 0
            else:
                total += _cost(wq.Term(field, text), facts.reader)  # the word's document frequency
        return total

    def _full(self, reader: IndexReader, field: str, text: str | bytes) -> tuple[list[int], list[float]]:
        key = (id(reader), field, text)
        if key not in self._postings:
            found = self.arrays(reader, field, text)
            self._postings[key] = (found.ids.tolist(), found.weights.tolist())
        return self._postings[key]

    def arrays(self, reader: IndexReader, field: str, text: str | bytes, info: bytes | None = None
               ) -> postings.PostingArrays:
        """A word's whole posting list in one segment (ids and weights), read once per query; `info`: its stored
        term info, when looked up already."""
        key = (id(reader), field, text)
        found = self._arrays.get(key)
        if found is None:
            shared_key = (_segment_key(reader), -1, field, text)  # deleted units included: valid for the segment
            found = self.shared_places.get(shared_key)
            if found is None:
                found = postings.read(reader, field, text, info=info)
                # a block holds positions too: a word on thousands of pages is worth keeping
                self.shared_places.put(shared_key, found, found.ids.nbytes + found.weights.nbytes,
                                       least=POSTINGS_CACHE_MIN_BYTES)
            self._arrays[key] = found
        return found

    def places(self, facts: SegmentFacts, deleted: set[int], word: str, within: np.ndarray | None = None, *,
               whole: bool = False) -> np.ndarray:
        """A word's sorted places on the segment's word line (text field), read once per query (and kept
        across queries when large, see PlacesCache); with `within` (sorted unit numbers) only in those units.
        `whole`: `within` is only a hint (the caller keeps what lies in its units): a word found in many units
        is then read, and kept, whole; its places are looked up, not copied out for a few documents."""
        reader = facts.reader
        line = facts.word_line(deleted)
        key = (id(reader), word)
        shared_key = (_segment_key(reader), len(deleted), "text", word)
        found = self._places.get(key)
        if found is None:
            found = self.shared_places.get(shared_key)
        if found is not None:
            return found if within is None or whole else line.within(found, within)
        if within is not None and whole and _cost(wq.Term("text", word), reader) * WHOLE_RATIO > len(line.live):
            within = None  # a word on many pages: read whole, for this query's later clauses and later queries
        if within is not None:
            return line.places(postings.read(reader, "text", word, positions=True, within=within))
        found = self._places[key] = line.places(postings.read(reader, "text", word, positions=True))
        self.shared_places.put(shared_key, found, found.nbytes)
        return found

    def pair_distances(self, reader: IndexReader, term: str) -> postings.PostingArrays:
        """A pair term's postings with their distances (casebook.index.pairs), read once per query."""
        key = (id(reader), "pairs", term)
        found = self._arrays.get(key)
        if found is None:
            found = self._arrays[key] = postings.read_fixed(reader, "pairs", term, 2)
        return found

    def segment_of(self, key: int) -> int:
        """The segment holding a global unit number."""
        return bisect_right(self._offsets, key) - 1 if len(self.facts) > 1 else 0

    def matching(self, query: wq.Query, restrict: wq.Query | None = None) -> list[set[int]]:
        """Per segment, the live document numbers (segment-local) matching `query` (and `restrict`)."""
        out = []
        for leaf, _ in self.leaves:
            reader = leaf.reader()
            ids = self._eval(query, leaf, reader)
            if restrict is not None:
                ids &= self._eval(restrict, leaf, reader)
            if reader.has_deletions():
                ids -= _deleted(reader)
            out.append(ids)
        return out

    def _eval(self, q: wq.Query, leaf: Searcher | None, reader: IndexReader,
              within: list[int] | None = None) -> set[int]:
        """Matching segment-local document numbers; `within` (sorted) is a hint: only those matter."""
        if isinstance(q, wq.Term):
            return self._term(reader, q.fieldname, q.text, within)
        if isinstance(q, wq.AndNot):
            found = self._eval(q.a, leaf, reader, within)
            if not found:
                return found
            return found - self._eval(q.b, leaf, reader, sorted(found))
        if isinstance(q, wq.And):
            result: set[int] | None = None
            for sub in sorted(q.subqueries, key=lambda sub: _cost(sub, reader)):
                hint = sorted(result) if result is not None else within
                found = self._eval(sub, leaf, reader, hint)
                result = found if result is None else result & found
                if not result:
                    return set()
            return result or set()
        if isinstance(q, wq.Or):
            result = set()
            by_field: dict[str, list[str | bytes]] = {}
            for sub in q.subqueries:
                if isinstance(sub, wq.Term):  # the many words of a wildcard: no set of each word's own
                    by_field.setdefault(sub.fieldname, []).append(sub.text)
                else:
                    result |= self._eval(sub, leaf, reader, within)
            for field, words in by_field.items():
                found = self._union(reader, field, words, within)
                if not result and len(by_field) == 1:
                    return found  # a wildcard's words alone: the union itself (with its array), not a copy
                result |= found
            return result
        if isinstance(q, wq.Every):
            return set(range(reader.doc_count_all()))
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return set()
        if isinstance(q, wq.Phrase):
            return self._phrase(q, reader, within)
        if isinstance(q, wq.Prefix | wq.Wildcard | wq.TermRange):
            return self._union(reader, q.fieldname, q._btexts(reader), within)
        # Proximity needs positions: Whoosh's span matchers decide, document by document.
        return set(q.docs(leaf))

    def _phrase(self, q: wq.Phrase, reader: IndexReader, within: list[int] | None = None) -> set[int]:
        """Units where the words stand next to each other, in order (candidates from set intersection)."""
        words = list(q.words)
        candidates = self._eval(wq.And([wq.Term(q.fieldname, w) for w in words]), None, reader, within)
        if not candidates or len(words) == 1:
            return candidates
        ordered = sorted(candidates)
        decode = _position_decoder(reader.schema[q.fieldname].format)
        encoded: list[dict[int, bytes]] = []
        for word in words:
            found: dict[int, bytes] = {}
            for ids, _, values in _blocks(reader, q.fieldname, word, values=True, within=ordered):
                assert values is not None  # asked for
                found.update((d, v) for d, v in zip(ids, values, strict=True) if d in candidates)
            encoded.append(found)
        result = set()
        for docnum in candidates:
            starts = set(decode(encoded[0][docnum]))
            for offset, by_doc in enumerate(encoded[1:], 1):
                starts.intersection_update(map(offset.__rsub__, decode(by_doc[docnum])))
                if not starts:
                    break
            if starts:
                result.add(docnum)
        return result

    # --- ranking ---

    def ranked(self, query: wq.Query, sets: list[set[int]], count: int, *, by_item: bool = False
               ) -> list[tuple[int, float]]:
        """The `count` best (global docnum, score) by BM25 over the query's words (K1=1.2, B=0.75).

        Phrases and proximity score by their words; wildcards expanded to many words, metadata filters and
        NOT clauses do not score. Matches without any scored word follow in document order. `by_item` keeps
        a document's pages together, ranked by the document's best page (then each page by its own score).
        Equal scores keep the order in which the units were first scored: by the first (sorted) word that
        scores them, then in index order.
        """
        return ranked(self, list(scoring_terms(query)), sets, count, by_item=by_item)

    # --- what callers need from the sets ---

    def total(self, sets: list[set[int]]) -> int:
        return sum(len(s) for s in sets)

    def facet_counts(self, sets: list[set[int]]) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {name: {} for name in FACET_SOURCES}
        for (facts, _), ids in zip(self.facts, sets, strict=True):
            if not ids:
                continue
            for name, field in FACET_SOURCES.items():
                bucket = counts[name]
                for value, docs in facts.facet_terms(field).items():
                    n = len(ids & docs) if len(ids) < len(docs) else len(docs & ids)
                    if n:
                        bucket[value] = bucket.get(value, 0) + n
        return {name: dict(sorted(b.items(), key=lambda kv: (-kv[1], kv[0]))) for name, b in counts.items()}

    def unit_arrays(self, sets: list[set[int]]) -> list[np.ndarray]:
        """The matched units of each segment as ascending arrays, made once for the sets a search matched."""
        key = [(id(ids), len(ids)) for ids in sets]
        if self._unit_arrays is None or self._unit_arrays[0] is not sets or self._unit_arrays[1] != key:
            self._unit_arrays = (sets, key, [sorted_units(ids) for ids in sets])
        return self._unit_arrays[2]

    def document_count(self, sets: list[set[int]]) -> int:
        documents: set = set()
        for (facts, _), ids, array in zip(self.facts, sets, self.unit_arrays(sets), strict=True):
            if len(ids) < ARRAY_MIN_UNITS:
                documents.update(map(facts.column("doc").__getitem__, ids))
            elif len(ids):
                codes, names = facts.doc_numbers()
                marks = np.zeros(len(names), dtype=bool)
                marks[codes[array]] = True
                documents.update(names[c] for c in np.flatnonzero(marks).tolist())
        documents.discard(None)  # claims belong to no document
        documents.discard("")
        return len(documents)

    def all_global(self, sets: list[set[int]]) -> set[int]:
        out: set[int] = set()
        for (_, offset), ids in zip(self.leaves, sets, strict=True):
            out.update(i + offset for i in ids) if offset else out.update(ids)
        return out

    def first_by(self, sets: list[set[int]], count: int, key: str) -> list[int]:
        """Global document numbers of the first `count` matches by "date", "date_desc" or "order"."""
        best: list[tuple[str, int]] = []
        for (facts, offset), ids in zip(self.facts, sets, strict=True):
            if not ids:
                continue
            keys = facts.column("order") if key == "order" else facts.date_keys(key == "date_desc")
            best.extend((keys[i], i + offset) for i in heapq.nsmallest(count, ids, key=keys.__getitem__))
        return [docnum for _, docnum in sorted(best)[:count]]

    def unit_keys(self, sets: list[set[int]]) -> set[SearchKey]:
        out: set[SearchKey] = set()
        for (facts, _), ids in zip(self.facts, sets, strict=True):
            order = facts.column("order")
            out.update(parse_order(order[i]) for i in ids)
        return out


def _position_decoder(fmt: Any) -> Callable[[bytes], Iterable[int]]:
    """The format's decode_positions; for Whoosh's Positions with the delta sum done in C."""
    if type(fmt) is PackedPositions:
        return unpack
    if type(fmt) is not Positions:
        return fmt.decode_positions

    def decode(value: bytes) -> Iterator[int]:
        return accumulate(loads(value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b"."))
    return decode


def _cost(q: wq.Query, reader: IndexReader) -> int:
    # Rarest first, so each later posting list is read only where earlier ones matched.
    if isinstance(q, wq.Term):
        try:
            return reader.doc_frequency(q.fieldname, q.text)
        except (KeyError, TermNotFound):
            return 0
    if isinstance(q, wq.Every):
        return 1 << 62
    return 1 << 60


def scoring_terms(q: wq.Query) -> Iterator[tuple[str, Any]]:
    """(field, word) of every word that should rank the results: positive branches only."""
    if isinstance(q, wq.Term):
        if q.fieldname in SCORED_FIELDS:
            yield q.fieldname, q.text
    elif isinstance(q, wq.Phrase):
        for word in q.words:
            yield q.fieldname, word
    elif isinstance(q, wq.AndNot):
        yield from scoring_terms(q.a)
    elif isinstance(q, wq.And | wq.Or):
        for sub in q.subqueries:
            yield from scoring_terms(sub)
    elif isinstance(q, spans.SpanNear2):
        for sub in q.qs:
            yield from scoring_terms(sub)
    elif isinstance(q, spans.SpanOr):
        for sub in q.subqs:
            yield from scoring_terms(sub)
