"""One segment's words on one line: every word's place as a single number, so phrases and proximity are array work.

Each unit's words start at its `base` in its document's word sequence (page furniture left out, see
`casebook.index.schema`), so a unit's word at position p stands at `item_number * DOCUMENT_GAP + base + p`
on the segment's word line. Documents (items) are DOCUMENT_GAP apart, further than any proximity a search
can ask for, so no phrase or w/N runs from one document into another, while a phrase split by a page or
paragraph break is simply consecutive numbers. An exact phrase is then "positions of word 1 where word 2
stands one further", and w/N "a position of the other word within N", both answered with sorted-array
searches over every candidate page at once (`numpy.searchsorted`) instead of a Python loop per page.

The results are the same as `casebook.index.docmatch`'s per-document evaluation (`exact_phrase`,
`pair_words`); tests/index/test_word_line.py compares the two.
"""

from __future__ import annotations

import numpy as np

from casebook.index.postings import EMPTY, PostingArrays, holds

DOCUMENT_GAP = 1 << 32  # larger than any document's word count (`base` is an unsigned 32-bit column)


class WordLine:
    """Where each live unit of a segment starts on the word line, and which item (document) it belongs to."""

    def __init__(self, items: list[str | None], bases: list[int | None], deleted: set[int]) -> None:
        numbers: dict[str, int] = {}
        count = len(items)
        offsets = np.full(count, -1, dtype=np.int64)
        owner = np.full(count, -1, dtype=np.int64)
        names: list[str] = []
        for unit, (item, base) in enumerate(zip(items, bases, strict=True)):
            if unit in deleted:
                continue
            key = item if item else f"#{unit}"
            number = numbers.get(key)
            if number is None:
                number = numbers[key] = len(names)
                names.append(item or "")
            offsets[unit] = number * DOCUMENT_GAP + (base or 0)
            owner[unit] = number
        self.offsets = offsets  # unit → its first word's place (-1: deleted)
        self.owner = owner  # unit → item number
        self.names = names  # item number → item ("" for a unit without one)
        live = np.flatnonzero(offsets >= 0)
        order = live[np.argsort(offsets[live], kind="stable")]
        self.sorted_units = order
        self.sorted_starts = offsets[order]
        self.live = offsets >= 0
        ends = np.full(count, -1, dtype=np.int64)  # unit → where the next unit on the line starts
        ends[order] = np.append(self.sorted_starts[1:], np.iinfo(np.int64).max)
        self.ends = ends

    def within(self, places: np.ndarray, units: np.ndarray) -> np.ndarray:
        """The sorted places (of `places`, sorted) that lie in the given live units."""
        units = units[self.offsets[units] >= 0]
        if not len(units) or not len(places):
            return EMPTY
        units = units[np.argsort(self.offsets[units], kind="stable")]
        lo = np.searchsorted(places, self.offsets[units])
        hi = np.searchsorted(places, self.ends[units])
        lengths = hi - lo
        total = int(lengths.sum())
        if not total:
            return EMPTY
        firsts = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
        return places[firsts + np.arange(total)]

    def places(self, postings: PostingArrays) -> np.ndarray:
        """The sorted word-line places of a word's positions in live units."""
        if postings.positions is None or postings.counts is None or not len(postings):
            return EMPTY
        starts = self.offsets[postings.ids]
        places = np.repeat(starts, postings.counts) + postings.positions
        if not self.live.all():
            places = places[np.repeat(starts >= 0, postings.counts)]
        places.sort(kind="stable")
        return places

    def units_at(self, places: np.ndarray) -> np.ndarray:
        """The unit holding each place (the last live unit of the document starting at or before it)."""
        if not len(places):
            return EMPTY
        return self.sorted_units[np.searchsorted(self.sorted_starts, places, side="right") - 1]

    def pair_units(self, first: np.ndarray, second: np.ndarray, distance: int, ordered: bool) -> np.ndarray:
        """The units holding a place of `pair_places(first, second, distance, ordered, disjoint=True)` (with
        repeats), without listing every matched place of the commoner word.

        The rarer word's matched places are found by searching the commoner word's; each gives its own unit.
        The commoner word's partner lies in another unit only across a unit boundary, so its places are looked
        up for the rarer word's matches within reach of a boundary alone (a few in a hundred)."""
        before = -1 if ordered else distance
        if len(first) <= len(second):  # (rarer, commoner, the rarer's window, the commoner's window)
            rare, common, rare_window, common_window = first, second, (before, distance), (distance, before)
        else:
            rare, common, rare_window, common_window = second, first, (distance, before), (before, distance)
        matched = near(rare, common, *rare_window)
        if not len(matched):
            return EMPTY
        at = np.searchsorted(self.sorted_starts, matched, side="right") - 1
        starts = self.sorted_starts[at]
        ends = np.append(self.sorted_starts, np.iinfo(np.int64).max)[at + 1]  # the next unit's start
        reach_before, reach_after = rare_window
        edge = matched[(matched - reach_before < starts) | (matched + reach_after >= ends)]
        partners = near_few(common, edge, *common_window)
        return np.concatenate((self.sorted_units[at], self.units_at(partners)))

    def distinct(self, units: np.ndarray) -> set[int]:
        """The distinct unit numbers in `units` (a mark per unit: numpy's unique hashes, 40 times slower)."""
        marks = np.zeros(len(self.offsets), dtype=bool)
        marks[units] = True
        return set(np.flatnonzero(marks).tolist())

    def units_spanned(self, first: np.ndarray, last: np.ndarray) -> set[int]:
        """Every unit a span [first, last] runs through (a phrase across a page break touches both pages)."""
        i = np.searchsorted(self.sorted_starts, first, side="right") - 1
        j = np.searchsorted(self.sorted_starts, last, side="right") - 1
        across = np.flatnonzero(j > i)
        units = self.distinct(self.sorted_units[i] if not len(across) else
                              np.concatenate((self.sorted_units[i], self.sorted_units[j[across]])))
        if len(across):
            starts = self.sorted_starts
            for a, b in zip(i[across].tolist(), j[across].tolist(), strict=True):
                # units between, except those holding no words (a blank page starts where the next one does)
                units.update(int(self.sorted_units[k]) for k in range(a + 1, b) if starts[k] != starts[k + 1])
        return units


def union(places: list[np.ndarray]) -> np.ndarray:
    """The sorted places of several words (a stemmed word, a wildcard): no place holds two words."""
    places = [p for p in places if len(p)]
    if not places:
        return EMPTY
    if len(places) == 1:
        return places[0]
    joined = np.concatenate(places)
    joined.sort(kind="stable")
    return joined


def phrase_starts(words: list[np.ndarray]) -> np.ndarray:
    """Places where word 0 stands with word i exactly i places further, for every i (sorted places each).
    The rarest word's places are the candidates, looked up in the others'."""
    anchor = min(range(len(words)), key=lambda i: len(words[i]))
    starts = words[anchor] - anchor
    for offset, following in enumerate(words):
        if offset == anchor:
            continue
        if not len(starts) or not len(following):
            return EMPTY
        starts = starts[holds(following, starts + offset)]
    return starts


def near(xs: np.ndarray, ys: np.ndarray, before: int, after: int) -> np.ndarray:
    """The places x of `xs` with a place y ≠ x of `ys` in [x - before, x + after] (both sorted, distinct):
    `docmatch._near_any` for every candidate page at once."""
    if not len(xs) or not len(ys):
        return EMPTY
    n = len(ys)
    j = np.searchsorted(ys, xs - before)
    clipped = np.minimum(j, n - 1)
    k = j + ((j < n) & (ys[clipped] == xs))
    inside = k < n
    return xs[inside & (ys[np.minimum(k, n - 1)] <= xs + after)]


def near_few(xs: np.ndarray, ys: np.ndarray, before: int, after: int) -> np.ndarray:
    """`near` when no place is in both lists, looked up from `ys` (the shorter): the runs of xs in
    [y - after, y + before] for each y, so the cost follows len(ys) and the matches. Unlike `near`, a
    place may come more than once and the result is not sorted."""
    if not len(xs) or not len(ys):
        return EMPTY
    lo = np.searchsorted(xs, ys - after, side="left")
    lengths = np.searchsorted(xs, ys + before, side="right") - lo
    runs = lengths > 0
    lo, lengths = lo[runs], lengths[runs]
    total = int(lengths.sum())
    if not total:
        return EMPTY
    # every index of every run (runs may overlap: callers only ask which units hold the places)
    firsts = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
    return xs[firsts + np.arange(total)]


def near_itself(xs: np.ndarray, distance: int) -> np.ndarray:
    """The places of a word with another place of the same word within `distance` (either side)."""
    if len(xs) < 2:
        return EMPTY
    gaps = np.diff(xs) <= distance
    close = np.zeros(len(xs), dtype=bool)
    close[:-1] |= gaps
    close[1:] |= gaps
    return xs[close]


def pair_places(first: np.ndarray, second: np.ndarray, distance: int, ordered: bool, *, same: bool = False,
                disjoint: bool = False) -> np.ndarray:
    """`docmatch.pair_words` on the word line: places of both words matched within `distance`. `same`: both
    stand for the same words (then order cannot matter: a word before another is after it); `disjoint`: no
    word in common, so the shorter list can lead."""
    if same:
        return near_itself(first, distance)
    before = -1 if ordered else distance
    if disjoint and len(second) * 8 < len(first):
        ahead = near_few(first, second, before, distance)
    else:
        ahead = near(first, second, before, distance)
    if disjoint and len(first) * 8 < len(second):
        behind = near_few(second, first, distance, before)
    else:
        behind = near(second, first, distance, before)
    return np.concatenate((ahead, behind))
