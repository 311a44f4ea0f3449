"""Counting what a query matches, fast: document-number sets, facet counts and date order.

Whoosh's collectors score and categorise every matching document in Python (about 13 µs each with facets
here), which makes totals and facets over a large result set the slowest part of a search. Here the
matching set is computed from posting lists with set algebra (word positions are decoded only for phrase
and proximity queries), and facets are set intersections with the (few) documents of each kind, court and
tag, cached per segment — segments never change once written.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, mul, truediv
from pickle import loads
from typing import TYPE_CHECKING, Any

from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import spans
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE

from casebook.core.search import SearchKey
from casebook.index.schema import parse_order

if TYPE_CHECKING:  # Whoosh is untyped: these are Any to mypy, named for the reader
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults
BLOCK_POSTINGS = 128  # postings per block of Whoosh's W3 codec (its default `blocklimit`)
SCORED_FIELDS = ("text", "title", "court")
FACET_SOURCES = {"kind": "kind", "court": "court_name", "tag": "tags", "type": "type"}
# Up to this many units scored by one word, they are grouped by item all at once (the plain way).
PLAIN_GROUPING = 20_000
_INVERT = str.maketrans("0123456789", "9876543210")


def _blocks(reader: IndexReader, field: str, text: str | bytes, *, weights: bool = False, values: bool = False,
            within: list[int] | None = None
            ) -> Iterator[tuple[Sequence[int], Sequence[float] | None, Sequence[bytes] | None]]:
    """(ids, weights, values) per posting block of a term in one segment (deleted documents included).

    With `within` (sorted document numbers), blocks that cannot hold any of them are skipped unread.
    """
    try:
        matcher = reader.postings(field, text)
    except (TermNotFound, KeyError):
        return
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    # Whoosh's block matcher unpickles a whole block at once; taking its arrays block by block avoids a
    # Python call per posting. Other matchers (other codecs or distributions) take the general path.
    if all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_read_values", "_next_block", "_i",
                                         "_maxid")):
        previous_max = -1
        while matcher.is_active():
            if within is not None:
                j = bisect_right(within, previous_max)
                if j >= len(within):
                    return
                if within[j] > matcher._maxid:
                    previous_max = matcher._maxid
                    matcher._next_block()
                    continue
                previous_max = matcher._maxid
            if matcher._ids is None:
                if hasattr(matcher, "_read_data") and not getattr(matcher, "_byteids", True):
                    # Whoosh's _read_ids with the delta sum in C (its generator cost ~0.15 µs a posting).
                    if matcher._data is None:
                        matcher._read_data()
                    matcher._ids = tuple(accumulate(matcher._data[0]))
                else:
                    matcher._read_ids()
            i = matcher._i
            w = v = None
            if weights:
                if matcher._weights is None:
                    matcher._read_weights()
                w = matcher._weights[i:]
            if values:
                if matcher._values is None:
                    matcher._read_values()
                v = matcher._values[i:]
            block_ids = matcher._ids
            assert block_ids is not None  # read above
            yield block_ids[i:], w, v
            matcher._next_block()
        return
    ids: list[int] = []
    ws: list[float] = []
    vs: list[bytes] = []
    while matcher.is_active():
        ids.append(matcher.id())
        if weights:
            ws.append(matcher.weight())
        if values:
            vs.append(matcher.value())
        matcher.next()
    yield ids, ws if weights else None, vs if values else None


def _term_ids(reader: IndexReader, field: str, text: str | bytes, within: list[int] | None = None) -> list[int]:
    out: list[int] = []
    for ids, _, _ in _blocks(reader, field, text, within=within):
        out.extend(ids)
    return out


def _deleted(reader: IndexReader) -> set[int]:
    deleted = getattr(reader, "deleted_docs_set", None)  # whoosh-reloaded and whoosh3
    if deleted is not None:
        return set(deleted)
    return {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}  # whoosh 2.7.4


def _segment_key(reader: IndexReader) -> str:
    try:
        return reader.segment().segment_id()
    except AttributeError:  # not a plain segment reader
        return f"reader-{id(reader)}"


class SegmentFacts:
    """Per-segment lookups that never change: term → documents for facet fields, and sort keys."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self._terms: dict[str, dict[str, frozenset[int]]] = {}
        self._column: dict[str, list] = {}
        self._members: dict[str, list[int]] | None = None
        self._norms: dict[str, tuple[float, list[float]]] = {}

    def facet_terms(self, field: str) -> dict[str, frozenset[int]]:
        if field not in self._terms:
            found: dict[str, frozenset[int]] = {}
            for btext in self.reader.lexicon(field):
                text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                found[text] = frozenset(_term_ids(self.reader, field, btext))
            self._terms[field] = found
        return self._terms[field]

    def column(self, field: str) -> list:
        if field not in self._column:
            if self.reader.has_column(field):
                values = list(self.reader.column_reader(field))
            else:
                values = [None] * self.reader.doc_count_all()
            self._column[field] = [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]
        return self._column[field]

    def members(self) -> dict[str, list[int]]:
        """Item ("document:3", "claim:5") → its units' document numbers in this segment, in index order
        (deleted ones included: a document's units are always written, and merged, together)."""
        if self._members is None:
            found: dict[str, list[int]] = {}
            for docnum, item in enumerate(self.column("item")):
                if item:
                    found.setdefault(item, []).append(docnum)
            self._members = found
        return self._members

    def norms(self, field: str, average: float) -> list[float]:
        """BM25's per-document length normalisation, K1 * ((1 - B) + B * length / average)."""
        cached = self._norms.get(field)
        if cached is None or cached[0] != average:
            reader = self.reader
            lengths = [reader.doc_field_length(d, field) for d in range(reader.doc_count_all())]
            cached = (average, [K1 * ((1 - B) + B * (n or 0) / average) for n in lengths])
            self._norms[field] = cached
        return cached[1]

    def date_keys(self, descending: bool) -> list[str]:
        name = "_date_desc" if descending else "_date_asc"
        if name not in self._column:
            dates, undated, order = self.column("date"), self.column("undated"), self.column("order")
            self._column[name] = [
                f"{u or '1'}{((d or '').translate(_INVERT) if descending else (d or '')):<10}{o or ''}"
                for d, u, o in zip(dates, undated, order, strict=True)
            ]
        return self._column[name]


class FactsCache:
    """SegmentFacts kept across searcher refreshes, keyed by segment id (dropped when merged away)."""

    def __init__(self) -> None:
        self._facts: dict[str, SegmentFacts] = {}

    def for_searcher(self, searcher: Searcher) -> list[tuple[SegmentFacts, int]]:
        out: list[tuple[SegmentFacts, int]] = []
        live: set[str] = set()
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            key = _segment_key(reader)
            live.add(key)
            facts = self._facts.get(key)
            if facts is None or facts.reader.is_closed:
                facts = self._facts[key] = SegmentFacts(reader)
            out.append((facts, offset))
        for key in list(self._facts):
            if key not in live:
                del self._facts[key]
        return out


class DocSets:
    """Evaluates compiled Whoosh queries to sets of document numbers, one segment at a time."""

    def __init__(self, searcher: Searcher, facts: FactsCache) -> None:
        self.searcher = searcher
        self.leaves = [(leaf, offset) for leaf, offset in searcher.leaf_searchers()]
        self.facts = facts.for_searcher(searcher)
        self._offsets = [offset for _, offset in self.facts]
        # Whole posting lists read during matching, kept for ranking: decoding a block costs ~1 µs a posting.
        self._postings: dict[tuple[int, str, object], tuple[list[int], list[float]]] = {}
        # Encoded word positions read with them (text field): phrases and proximity read them from here.
        self._values: dict[tuple[int, str, object], list[bytes]] = {}

    def _term(self, reader: IndexReader, field: str, text: str | bytes, within: list[int] | None = None) -> list[int]:
        key = (id(reader), field, text)
        cached = self._postings.get(key)
        if cached is not None:
            return cached[0]
        if within is not None and len(within) * BLOCK_POSTINGS < _cost(wq.Term(field, text), reader):
            return _term_ids(reader, field, text, within)  # few of the word's blocks hold a wanted document
        # Most blocks would be read anyway: read them all once, kept for the query's later clauses and ranking.
        return self._full(reader, field, text)[0]

    def _full(self, reader: IndexReader, field: str, text: str | bytes) -> tuple[list[int], list[float]]:
        key = (id(reader), field, text)
        if key not in self._postings:
            ids: list[int] = []
            weights: list[float] = []
            values: list[bytes] = []
            positional = field == "text"  # a block holds its positions anyway: keep them for phrases
            for block_ids, block_weights, block_values in _blocks(reader, field, text, weights=True,
                                                                  values=positional):
                assert block_weights is not None  # asked for
                ids.extend(block_ids)
                weights.extend(block_weights)
                if block_values is not None:
                    values.extend(block_values)
            self._postings[key] = (ids, weights)
            if positional:
                self._values[key] = values
        return self._postings[key]

    def encoded_positions(self, reader: IndexReader, text: str) -> tuple[list[int], list[bytes]] | None:
        """(ids, encoded positions) of a word of the text field if its whole posting list was read already."""
        key = (id(reader), "text", text)
        values = self._values.get(key)
        return None if values is None else (self._postings[key][0], values)

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
            return set(self._term(reader, q.fieldname, q.text, within))
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
            for sub in q.subqueries:
                if isinstance(sub, wq.Term):  # the many words of a wildcard: no set of each word's own
                    result.update(self._term(reader, sub.fieldname, sub.text, within))
                else:
                    result |= self._eval(sub, leaf, reader, within)
            return result
        if isinstance(q, wq.Every):
            return set(range(reader.doc_count_all()))
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return set()
        if isinstance(q, wq.Phrase):
            return self._phrase(q, reader, within)
        if isinstance(q, wq.Prefix | wq.Wildcard | wq.TermRange):
            result = set()
            for btext in q._btexts(reader):
                result.update(self._term(reader, q.fieldname, btext, within))
            return result
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
        scores, seen, words = self._scores(query, sets)
        if by_item:
            best = self._by_item(scores, seen, words, count)
        else:
            best = heapq.nlargest(count, scores.items(), key=lambda kv: (kv[1], -seen(kv[0]), -kv[0]))
        if len(best) < count:
            rest = [d for d in self.first_by(sets, count + len(scores), "order") if d not in scores]
            best.extend((d, 0.0) for d in rest[: count - len(best)])
        return best

    def _scores(self, query: wq.Query, sets: list[set[int]]
                ) -> tuple[dict[int, float], Callable[[int], int], int]:
        """Global docnum → BM25 score of every matched unit holding a scored word, and a function giving a
        scored unit's tie order: the index of the first scored word (in sorted order) holding it; and the
        number of scored words.

        Summed word by word in sorted order, as floats add: each unit's sum is the same whichever units
        are matched. The arithmetic runs in C (`map` over operator functions); one Python loop adds the parts
        into a per-segment list (measured at 100,000 pages, `arbe*`'s ~500,000 postings: 170 ms CPU, against
        300 ms for adding dicts of the parts in C).
        """
        searcher = self.searcher
        total_docs = max(1, searcher.doc_count_all())
        terms: list[tuple[str, Any, float, float]] = []
        for field, text in sorted(set(scoring_terms(query))):
            df = searcher.doc_frequency(field, text)
            if not df:
                continue
            idf = math.log(total_docs / (df + 1)) + 1.0
            terms.append((field, text, idf * (K1 + 1), searcher.avg_field_length(field) or 1.0))
        scores: dict[int, float] = {}
        held: dict[int, list[list[int]]] = {}  # segment → each scored word's posting ids there
        for segment, ((facts, offset), ids) in enumerate(zip(self.facts, sets, strict=True)):
            if not ids or not terms:
                continue
            reader = facts.reader
            postings = [self._full(reader, field, text) for field, text, _, _ in terms]
            held[segment] = [posting_ids for posting_ids, _ in postings]
            size = reader.doc_count_all()
            few = sum(len(posting_ids) for posting_ids, _ in postings) * 8 < size
            # A list indexed by unit when the words cover much of the segment, else a dict of the units held.
            sums: Any = {} if few else [0.0] * size
            for (field, _, scale, average), (posting_ids, weights) in zip(terms, postings, strict=True):
                norms = facts.norms(field, average)
                parts = map(truediv, map(mul, repeat(scale), weights),
                            map(add, weights, map(norms.__getitem__, posting_ids)))
                if few:
                    get = sums.get
                    for docnum, part in zip(posting_ids, parts, strict=True):
                        sums[docnum] = get(docnum, 0.0) + part
                else:
                    for docnum, part in zip(posting_ids, parts, strict=True):
                        sums[docnum] += part
            if few:
                scored = sorted(ids.intersection(sums))
            else:
                # Every word's part is positive, so a matched unit holding a scored word has a non-zero sum.
                ordered = sorted(ids)
                scored = list(compress(ordered, map(sums.__getitem__, ordered)))
            keys = map(offset.__add__, scored) if offset else scored
            scores.update(zip(keys, map(sums.__getitem__, scored), strict=True))

        def seen(key: int) -> int:
            segment = bisect_right(self._offsets, key) - 1
            local = key - self.facts[segment][1]
            for index, posting_ids in enumerate(held[segment]):
                i = bisect_left(posting_ids, local)
                if i < len(posting_ids) and posting_ids[i] == local:
                    return index
            raise KeyError(key)
        return scores, seen, len(terms)

    def _item_of(self, key: int) -> tuple[int, str]:
        """(segment, item) of a global docnum; a unit without an item is its own ("#docnum")."""
        segment = bisect_right(self._offsets, key) - 1 if len(self.facts) > 1 else 0
        facts, offset = self.facts[segment]
        return segment, facts.column("item")[key - offset] or f"#{key}"

    def _by_item(self, scores: dict[int, float], seen: Callable[[int], int], words: int, count: int
                 ) -> list[tuple[int, float]]:
        """The best `count` of the scored units, a document's (item's) units together: items by their best
        unit, ties by the item's first-scored unit; within an item, units by score, then in page order.

        Only units scoring at least the `wanted`-th best unit score are grouped; when they hold `count` items,
        every other item's best unit scores less than all of theirs, so the top items are among them.
        """
        wanted = max(count, 1) * 4
        if words == 1 and len(scores) <= PLAIN_GROUPING:
            # `scores` is in index order, which is the tie order of one word: group every unit, in order.
            wanted = len(scores)
        while True:
            if wanted >= len(scores):
                candidates: Iterable[tuple[int, float]] = scores.items()
            else:
                threshold = heapq.nlargest(wanted, scores.values())[-1]
                candidates = [(key, score) for key, score in scores.items() if score >= threshold]
            best: dict[tuple[int, str], float] = {}
            get = best.get
            for key, score in candidates:
                group = self._item_of(key)
                if score > get(group, -1.0):
                    best[group] = score
            if len(best) >= count or wanted >= len(scores):
                break
            wanted *= 4
        if words == 1 and wanted >= len(scores):  # best is in tie order already: nlargest is stable
            ranking = heapq.nlargest(count, best.items(), key=itemgetter(1))
            stable = [(score, (0, 0), group) for group, score in ranking]
            return self._grouped(scores, stable, count)
        ranking = sorted(best.items(), key=lambda kv: -kv[1])
        if len(ranking) > count:  # items scoring less than the `count`-th best cannot be shown
            floor = ranking[count - 1][1] if count else math.inf
            ranking = [kv for kv in ranking if kv[1] >= floor]
        shared = Counter(score for _, score in ranking)  # only items sharing their best score need the tie order
        def scored_members(segment: int, item: str) -> list[int]:
            """The item's scored units (global docnums), ascending: members are in index order."""
            facts, offset = self.facts[segment]
            members = facts.members().get(item, ()) if not item.startswith("#") else [int(item[1:]) - offset]
            return [d + offset for d in members if d + offset in scores]

        groups: list[tuple[float, tuple[int, int], tuple[int, str]]] = []
        for (segment, item), score in ranking:
            tie = (0, 0)
            if shared[score] > 1:
                keys = scored_members(segment, item)
                tie = (0, keys[0]) if words == 1 else min((seen(k), k) for k in keys)
            groups.append((score, tie, (segment, item)))
        groups.sort(key=lambda g: (-g[0], g[1]))
        return self._grouped(scores, groups, count)

    def _grouped(self, scores: dict[int, float], groups: list[tuple[float, tuple[int, int], tuple[int, str]]],
                 count: int) -> list[tuple[int, float]]:
        """The first `count` scored units of the items `groups` (in order), each item's by score, then page."""

        def scored_members(segment: int, item: str) -> list[int]:
            facts, offset = self.facts[segment]
            members = facts.members().get(item, ()) if not item.startswith("#") else [int(item[1:]) - offset]
            return [d + offset for d in members if d + offset in scores]

        out: list[tuple[int, float]] = []
        for _, _, (segment, item) in groups[:count]:
            order = self.facts[segment][0].column("order")
            offset = self.facts[segment][1]
            scored = [(scores[k], order[k - offset] or "", k) for k in scored_members(segment, item)]
            out.extend((key, score) for score, _, key in sorted(scored, key=lambda m: (-m[0], m[1])))
            if len(out) >= count:
                break
        return out[:count]

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

    def document_count(self, sets: list[set[int]]) -> int:
        documents: set = set()
        for (facts, _), ids in zip(self.facts, sets, strict=True):
            if ids:
                documents.update(map(facts.column("doc").__getitem__, ids))
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
    """Whoosh's Positions.decode_positions, with the delta sum done in C (the hot loop of phrase search)."""
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
