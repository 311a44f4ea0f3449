"""Per-segment facts that never change once a segment is written, kept across searches.

Columns and sort keys, facet term sets, BM25 length norms, item numbers, the word line, and words by first
letter with their term infos (`SegmentFacts`); the places of common words (`PlacesCache`); and the raw
posting reads they are built from. `casebook.index.docsets` evaluates queries over them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from casebook.index import postings
from casebook.index.ranking import K1, B
from casebook.index.wordline import WordLine

if TYPE_CHECKING:  # Whoosh is untyped: these are Any to mypy, named for the reader
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# Word-line places kept across searches (PlacesCache): up to this many bytes, of words whose places in a
# segment take at least PLACES_CACHE_MIN_BYTES (a word on most pages).
PLACES_CACHE_BYTES = 256 << 20
PLACES_CACHE_MIN_BYTES = 256 << 10
TERM_TABLE_LIMIT = 200_000  # a segment's table of words with one first letter stops past this many
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
        self._line: tuple[int, WordLine] | None = None
        self._tables: dict[tuple[str, str], dict[str, bytes] | None] = {}

    def term_table(self, field: str, initial: str) -> dict[str, bytes] | None:
        """The segment's words in `field` starting with `initial` → their stored term infos (postings.term_table),
        read once; None where the segment cannot be read that way."""
        key = (field, initial)
        if key not in self._tables:
            self._tables[key] = postings.term_table(self.reader, field, initial, TERM_TABLE_LIMIT)
        return self._tables[key]

    def built_table(self, field: str, initial: str) -> dict[str, bytes] | None:
        """`term_table` if it has been read already, else None."""
        return self._tables.get((field, initial))

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

    def norm_array(self, field: str, average: float) -> np.ndarray:
        """`norms` as an array (for ranking over arrays)."""
        key = f"_norms_{field}"
        cached = self._column.get(key)
        if cached is None or cached[0] != average:
            cached = self._column[key] = [average, np.asarray(self.norms(field, average))]
        return cached[1]

    def item_names(self) -> list[str | None]:
        """Item number → the item (None for a unit without one), numbered as `item_numbers`."""
        if "_item_names" not in self._column:
            names: dict[str, str | None] = {}
            for unit, item in enumerate(self.column("item")):
                names.setdefault(item or f"#{unit}", item or None)
            self._column["_item_names"] = list(names.values())
        return self._column["_item_names"]

    def item_numbers(self) -> tuple[np.ndarray, int]:
        """Each unit's item as a number (a unit without an item is its own), and how many numbers."""
        if "_item_numbers" not in self._column:
            numbers: dict[str, int] = {}
            codes = [numbers.setdefault(item or f"#{unit}", len(numbers))
                     for unit, item in enumerate(self.column("item"))]
            self._column["_item_numbers"] = [np.asarray(codes, dtype=np.int64), len(numbers)]
        codes, count = self._column["_item_numbers"]
        return codes, count

    def doc_numbers(self) -> tuple[np.ndarray, list[Any]]:
        """Each unit's document as a number into the list of the segment's distinct `doc` values."""
        if "_doc_numbers" not in self._column:
            numbers: dict[Any, int] = {}
            codes = [numbers.setdefault(doc, len(numbers)) for doc in self.column("doc")]
            self._column["_doc_numbers"] = [np.asarray(codes, dtype=np.int64), list(numbers)]
        codes, names = self._column["_doc_numbers"]
        return codes, names

    def word_line(self, deleted: set[int]) -> WordLine:
        """Where the live units' words stand on the segment's word line (rebuilt when units are deleted)."""
        if self._line is None or self._line[0] != len(deleted):
            self._line = (len(deleted), WordLine(self.column("item"), self.column("base"), deleted))
        return self._line[1]

    def date_keys(self, descending: bool) -> list[str]:
        name = "_date_desc" if descending else "_date_asc"
        if name not in self._column:
            dates, undated, order = self.column("date"), self.column("undated"), self.column("order")
            self._column[name] = [
                f"{u or '1'}{((d or '').translate(_INVERT) if descending else (d or '')):<10}{o or ''}"
                for d, u, o in zip(dates, undated, order, strict=True)
            ]
        return self._column[name]


class PlacesCache:
    """Word-line places of common words kept across searches, least recently used dropped past a byte budget.

    Segments never change once written, so a word's places in one are valid until its units are deleted
    (the key holds the number of deletions) or it is merged away. Reading and placing the positions of a
    word on every page costs 40-60 ms at 100,000 pages; this is the cached filter for the words that most
    phrases and proximity searches share."""

    def __init__(self, budget: int = PLACES_CACHE_BYTES) -> None:
        self.budget = budget
        self._entries: OrderedDict[tuple[str, int, str, object], tuple[Any, int]] = OrderedDict()
        self._bytes = 0

    def get(self, key: tuple[str, int, str, object]) -> Any:
        found = self._entries.get(key)
        if found is None:
            return None
        self._entries.move_to_end(key)
        return found[0]

    def put(self, key: tuple[str, int, str, object], value: Any, size: int, *,
            least: int = PLACES_CACHE_MIN_BYTES) -> None:
        """Keep `value` (taking `size` bytes) if it is large enough to be worth it and small enough to fit."""
        if size < least or size > self.budget // 4 or key in self._entries:
            return
        self._entries[key] = (value, size)
        self._bytes += size
        while self._bytes > self.budget:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= dropped

    def retain(self, segments: set[str]) -> None:
        for key in [k for k in self._entries if k[0] not in segments]:
            self._bytes -= self._entries.pop(key)[1]


class FactsCache:
    """SegmentFacts kept across searcher refreshes, keyed by segment id (dropped when merged away)."""

    def __init__(self) -> None:
        self._facts: dict[str, SegmentFacts] = {}
        self.places = PlacesCache()

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
        self.places.retain(live)
        return out
