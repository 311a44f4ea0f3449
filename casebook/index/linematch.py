"""Phrases and two-operand proximity over every candidate unit of a segment at once.

An exact phrase, or two one-word clauses within N (`w/N`, `pre/N`, `"a b"~N`), is matched on the segment's
word line (casebook.index.wordline: every word's place as one number, numpy searches over sorted places) and,
for pairs of the segment's most frequent words, from the distances the segment builder recorded per unit
(casebook.index.pairs). Other clause shapes (three operands, OR inside proximity) go through the
per-document path in casebook.index.docmatch, which is also the reference the tests compare these with.

When one operand is rare, the other words' places are read only in the rare operand's documents, or looked
up in their whole cached places: a phrase or pair can only match where every operand is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from whoosh import query as wq

from casebook.index import pairs
from casebook.index.compile import MAX_SPAN_EXPANSION
from casebook.index.docsets import DocSets, _cost
from casebook.index.query import Fuzzy, Near, Node, Pattern, Phrase, Word
from casebook.index.segview import Found, SegmentView
from casebook.index.wordline import WordLine, pair_places, phrase_starts, union

if TYPE_CHECKING:
    from casebook.index.compile import Expander

# The other words' positions are read only in the documents of a clause's rarest operand when it is found
# in at most 1/RESTRICT_RATIO of a segment's units.
RESTRICT_RATIO = 8


class LineMatcher:
    """Answers phrases and two-operand proximity for a whole segment, where it can (`match`)."""

    def __init__(self, sets: DocSets, expander: Expander) -> None:
        self.sets = sets
        self.x = expander

    def match(self, node: Phrase | Near, seg: SegmentView, within: set[str] | None, *, tokens: bool = False
                      ) -> Found | None:
        """An exact phrase, or two one-word clauses within N, over every candidate unit at once on the word
        line (casebook.index.wordline), with the matched words' unit-local positions when `tokens`; None for
        other clauses (spans are built per document)."""
        if not tokens:
            found = self.from_pairs(node, seg, within)
            if found is not None:
                return found
        line = seg.facts.word_line(seg.deleted)
        if isinstance(node, Phrase) and node.slop is None and len(node.terms) > 1:
            if node.field != "text" or len(node.terms) > MAX_SPAN_EXPANSION:
                return None
            restrict, anchor = self._candidate_units(seg, [[t] for t in node.terms], within)
            # `restrict` narrows the reading only: what matched is kept to `within` below (or by _phrase_tokens),
            # so the words other than the rarest may be looked up in their whole places
            read = {t: self.sets.places(seg.facts, seg.deleted, t, restrict, whole=t != node.terms[anchor])
                    for t in dict.fromkeys(node.terms)}
            starts = phrase_starts([read[t] for t in node.terms])
            if tokens:
                return _phrase_tokens(line, starts, len(node.terms), seg.items, within)
            units = line.units_spanned(starts, starts + (len(node.terms) - 1)) if len(starts) else set()
        else:
            words = self.pair_words(node)
            if words is None:
                return None
            a_words, b_words, distance, ordered = words
            restrict, anchor = self._candidate_units(seg, [a_words, b_words], within)
            # `restrict` narrows the reading only: what matched is kept to `within` below (or by _word_tokens),
            # so the operand other than the rarer may be looked up in its whole places
            first = union([self.sets.places(seg.facts, seg.deleted, w, restrict, whole=anchor != 0) for w in a_words])
            second = union([self.sets.places(seg.facts, seg.deleted, w, restrict, whole=anchor != 1)
                            for w in b_words])
            same, disjoint = set(a_words) == set(b_words), not set(a_words) & set(b_words)
            if disjoint and not tokens:  # the units alone: not every matched place of the commoner word
                held = line.pair_units(first, second, distance, ordered)
                units = line.distinct(held) if len(held) else set()
            else:
                hits = pair_places(first, second, distance, ordered, same=same, disjoint=disjoint)
                if tokens:
                    return _word_tokens(line, hits, seg.items, within)
                units = line.distinct(line.units_at(hits)) if len(hits) else set()
        if within is not None:
            units = seg._in_groups(units, within)
        return Found(seg.groups_of(units), units)

    def from_pairs(self, node: Phrase | Near, seg: SegmentView, within: set[str] | None) -> Found | None:
        """A two-word phrase, or two one-word clauses within N, answered from the distances the segment
        recorded between its most frequent words (casebook.index.pairs); None where it recorded none for
        some of the words."""
        if isinstance(node, Phrase) and node.slop is None and len(node.terms) == 2 and node.field == "text":
            words: tuple[list[str], list[str], int, bool] | None = ([node.terms[0]], [node.terms[1]], 1, True)
        else:
            words = self.pair_words(node)
        if words is None:
            return None
        a_words, b_words, distance, ordered = words
        if not 1 <= distance <= pairs.MAX_DISTANCE:
            return None
        reader = seg.reader
        if pairs.PAIRS_FIELD not in reader.schema:
            return None
        size = reader.doc_count_all()
        if any(_cost(wq.Term(pairs.PAIRS_FIELD, pairs.marker(w)), reader) != size for w in {*a_words, *b_words}):
            return None
        found = [pairs.matching_units(self.sets.pair_distances(reader, pairs.pair_term(x, y)),
                                      self.sets.pair_distances(reader, pairs.pair_term(y, x)), distance, ordered)
                 for x in a_words for y in b_words]
        marks = np.zeros(size, dtype=bool)
        for units in found:
            marks[units] = True
        held = np.flatnonzero(marks).tolist()
        matched = set(held) - seg.deleted if seg.deleted else set(held)
        if within is not None:
            matched = seg._in_groups(matched, within)
        return Found(seg.groups_of(matched), matched)

    def _candidate_units(self, seg: SegmentView, operands: list[list[str]], within: set[str] | None
                         ) -> tuple[np.ndarray | None, int]:
        """The units of the documents holding the clause's rarest operand (and in `within`), sorted, when
        that is a small part of the segment: the other words' positions are then read there alone (None:
        read everywhere); and which operand is the rarest."""
        reader = seg.reader
        size = reader.doc_count_all()
        costs = [sum(_cost(wq.Term("text", w), reader) for w in words) for words in operands]
        anchor = costs.index(min(costs))
        by_anchor = costs[anchor] * RESTRICT_RATIO <= size
        if not by_anchor and (within is None or len(within) * RESTRICT_RATIO > size):
            return None, anchor
        codes, count = seg.facts.item_numbers()
        wanted = seg.item_mask(within) if within is not None else np.ones(count, dtype=bool)
        if by_anchor:
            held = [self.sets.arrays(reader, "text", word).ids for word in operands[anchor]]
            units = np.concatenate(held) if held else np.zeros(0, dtype=np.int64)
            if seg.deleted:
                units = units[~np.isin(units, np.fromiter(seg.deleted, dtype=np.int64, count=len(seg.deleted)))]
            anchored = np.zeros(count, dtype=bool)
            anchored[codes[units]] = True
            wanted &= anchored
        candidates = np.flatnonzero(wanted[codes])  # ascending; deleted units too (their places are not read)
        if len(candidates) * 2 > size:  # most of the segment: reading everything costs no more
            return None, anchor
        return candidates, anchor

    def pair_words(self, node: Phrase | Near) -> tuple[list[str], list[str], int, bool] | None:
        """The words each side of a two-operand proximity clause stands for, its distance and whether ordered."""
        pair = two_operands(node)
        if pair is None:
            return None
        a, b, distance, ordered = pair
        a_words, b_words = self._one_word(a), self._one_word(b)
        if a_words is None or b_words is None:
            return None
        return a_words, b_words, distance, ordered

    def _one_word(self, node: Node) -> list[str] | None:
        """The indexed words a one-word clause stands for (None for other clauses, or too many words: the
        per-document path reports that, and checks a field-qualified operand's own field)."""
        if getattr(node, "field", "text") != "text":
            return None
        if isinstance(node, Word):
            words = self.x.stems(node.field, node.terms[0])
        elif isinstance(node, Pattern):
            words = self.x.pattern(node)
        elif isinstance(node, Fuzzy):
            words = self.x.fuzzy(node)
        elif isinstance(node, Phrase) and len(node.terms) == 1:
            words = [node.terms[0]]
        else:
            return None
        return None if len(words) > MAX_SPAN_EXPANSION else list(words)


def two_operands(node: Phrase | Near) -> tuple[Node, Node, int, bool] | None:
    """Two single words within N (the common proximity search), matched without building spans."""
    if isinstance(node, Phrase) and node.slop is not None and len(node.terms) == 2:
        return Phrase(node.terms[:1]), Phrase(node.terms[1:]), node.slop, False
    if isinstance(node, Near) and len(node.parts) == 2 and all(
            isinstance(p, Word | Pattern | Fuzzy) or (isinstance(p, Phrase) and len(p.terms) == 1)
            for p in node.parts):
        return node.parts[0], node.parts[1], node.distance, node.ordered
    return None


def _phrase_tokens(line: WordLine, starts: np.ndarray, length: int, items: list, within: set[str] | None
                   ) -> Found:
    """Units and unit-local (first, last) positions of exact-phrase matches starting at `starts`; a phrase
    split by a page break is highlighted in each unit it runs through."""
    result = Found(set())
    unit_starts, units = line.sorted_starts, line.sorted_units
    last_index = len(unit_starts) - 1
    for first in starts.tolist():
        last = first + length - 1
        position = first
        while position <= last:
            i = int(np.searchsorted(unit_starts, position, side="right")) - 1
            unit, base = int(units[i]), int(unit_starts[i])
            end = min(last, int(unit_starts[i + 1]) - 1) if i < last_index else last
            end = max(end, position)
            if within is None or items[unit] in within:
                result.units.add(unit)
                result.groups.add(items[unit])
                result.tokens.setdefault(unit, set()).add((position - base, end - base))
            position = end + 1
    return result


def _word_tokens(line: WordLine, places: np.ndarray, items: list, within: set[str] | None) -> Found:
    """Units and unit-local positions of single matched words (proximity)."""
    result = Found(set())
    if not len(places):
        return result
    at = np.searchsorted(line.sorted_starts, places, side="right") - 1
    for unit, local in zip(line.sorted_units[at].tolist(), (places - line.sorted_starts[at]).tolist(), strict=True):
        if within is None or items[unit] in within:
            result.units.add(unit)
            result.groups.add(items[unit])
            result.tokens.setdefault(unit, set()).add((local, local))
    return result
