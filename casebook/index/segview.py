"""One segment as document-level matching sees it, and what a clause matched in it.

`casebook.index.docmatch` evaluates a query per item (a document, claim or excerpt) over each segment;
`casebook.index.linematch` answers phrases and two-operand proximity over a whole segment at once. Both work
on a `SegmentView` and return a `Found`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import query as wq

from casebook.index.docsets import ARRAY_MIN_UNITS, DocSets
from casebook.index.segfacts import SegmentFacts, _deleted
from casebook.index.unitsets import UnitSet, sorted_units

if TYPE_CHECKING:  # Whoosh is untyped: Any to mypy, named for the reader
    from whoosh.searching import Searcher

# Reading the units of at most this many candidate documents first lets later clauses skip posting blocks.
HINT_LIMIT = 20_000


@dataclass
class Found:
    """What a clause matched in one segment: items, their units holding positive words, and the unit-local
    word positions that cross-unit phrases and proximity matched (for highlighting)."""

    groups: set[str]
    units: set[int] = field(default_factory=set)
    tokens: dict[int, set[tuple[int, int]]] = field(default_factory=dict)  # unit → (first, last) word


class SegmentView:
    """One segment as document-level matching sees it: its items (documents, claims, excerpts), their units,
    the deleted units, and the units of a query clause."""

    def __init__(self, sets: DocSets, leaf: Searcher, facts: SegmentFacts) -> None:
        self.sets = sets
        self.leaf = leaf
        self.reader = facts.reader
        self.facts = facts
        self.deleted = _deleted(self.reader) if self.reader.has_deletions() else set()
        self.items = facts.column("item")
        self.bases = facts.column("base")
        self.members = facts.members()
        self._all: set[str] | None = None

    def live(self, group: str) -> list[int]:
        """The group's live units (a shared list: do not change it)."""
        units = self.members.get(group, [])
        return [u for u in units if u not in self.deleted] if self.deleted else units

    def all_groups(self) -> set[str]:
        if self._all is None:
            self._all = {g for g in self.members if self.live(g)} if self.deleted else set(self.members)
        return self._all

    def groups_of(self, units: set[int]) -> set[str]:
        if len(units) < ARRAY_MIN_UNITS:
            items = self.items
            return {items[u] for u in units}
        codes, count = self.facts.item_numbers()
        marks = np.zeros(count, dtype=bool)
        marks[codes[sorted_units(units)]] = True
        names: list[Any] = self.facts.item_names()  # None for units without an item, as `items` has
        return {names[c] for c in np.flatnonzero(marks).tolist()}

    def _in_groups(self, units: set[int], groups: set[str]) -> set[int]:
        """The units belonging to one of `groups`."""
        if len(units) < ARRAY_MIN_UNITS:
            items = self.items
            return {u for u in units if items[u] in groups}
        codes, _ = self.facts.item_numbers()
        found = sorted_units(units)
        return UnitSet.of(found[self.item_mask(groups)[codes[found]]])

    def item_mask(self, groups: set[str]) -> np.ndarray:
        """For each item number (`SegmentFacts.item_numbers`), whether the item is one of `groups`."""
        names = self.facts.item_names()
        return np.fromiter((name in groups for name in names), dtype=bool, count=len(names))

    def units_of(self, groups: set[str]) -> np.ndarray:
        """Every unit of the groups (deleted ones included, as `members`), ascending."""
        if len(groups) * 8 < len(self.members):  # a few documents: their lists of units
            return np.asarray(sorted(u for g in groups for u in self.members.get(g, ())), dtype=np.int64)
        codes, _ = self.facts.item_numbers()
        return np.flatnonzero(self.item_mask(groups)[codes])

    def units(self, q: wq.Query, within: set[str] | None) -> set[int]:
        hint = None
        if within is not None and len(within) <= HINT_LIMIT:
            hint = self.units_of(within).tolist()
        ids = self.sets._eval(q, self.leaf, self.reader, hint)
        if self.deleted:
            ids -= self.deleted
        if within is not None:
            ids = self._in_groups(ids, within)
        return ids
