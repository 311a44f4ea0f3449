"""A segment's matched units as a Python set that also keeps them as the sorted array they were made from.

A wildcard or fuzzy term over 100,000 pages matches tens of thousands of units per segment. Matching works
on sets; going to documents, ranking and counting work on arrays. Turning the same large set back into an
array (`numpy.fromiter`, then a sort) cost about 1 ms per segment each time; a `UnitSet` made from an array
hands that array back. Any change to the set drops the array (or, for removing a few units, updates it), so
it never disagrees with the set.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any, Self

import numpy as np


class UnitSet(set[int]):
    """Segment-local unit numbers, with their sorted array when known (`sorted_units`)."""

    __slots__ = ("_array",)

    def __init__(self, units: Iterable[int] = ()) -> None:
        super().__init__(units)
        self._array: np.ndarray | None = None

    @classmethod
    def of(cls, units: np.ndarray) -> UnitSet:
        """The units of a sorted array of distinct unit numbers (int64); the array is kept, not copied."""
        found = cls(units.tolist())
        found._array = units
        return found

    def _changed(self) -> None:
        self._array = None

    def __isub__(self, other: Set[object]) -> Self:
        self.difference_update(other)
        return self

    def difference_update(self, *others: Iterable[Any]) -> None:
        array = self._array
        before = len(self)
        others = tuple(o if isinstance(o, set | frozenset) else set(o) for o in others)  # read twice
        super().difference_update(*others)
        if array is not None and len(self) != before:
            removed = np.fromiter((u for other in others for u in other), dtype=np.int64)
            self._array = array[~np.isin(array, removed)]

    def __iand__(self, other: Set[object]) -> Self:
        self._changed()
        return super().__iand__(other)

    def __ior__(self, other: Set[int]) -> Self:  # type: ignore[override,misc]  # ints only, not set's union
        self._changed()
        return super().__ior__(other)

    def __ixor__(self, other: Set[int]) -> Self:  # type: ignore[override,misc]  # ints only
        self._changed()
        return super().__ixor__(other)

    def add(self, unit: int) -> None:
        self._changed()
        super().add(unit)

    def discard(self, unit: object) -> None:
        self._changed()
        super().discard(unit)

    def remove(self, unit: int) -> None:
        self._changed()
        super().remove(unit)

    def pop(self) -> int:
        self._changed()
        return super().pop()

    def clear(self) -> None:
        self._changed()
        super().clear()

    def update(self, *others: Iterable[int]) -> None:
        self._changed()
        super().update(*others)

    def intersection_update(self, *others: Iterable[Any]) -> None:
        self._changed()
        super().intersection_update(*others)

    def symmetric_difference_update(self, other: Iterable[int]) -> None:
        self._changed()
        super().symmetric_difference_update(other)


def sorted_units(units: set[int]) -> np.ndarray:
    """The units as an ascending int64 array: a `UnitSet`'s own array (do not change it), else a new one."""
    array = getattr(units, "_array", None)
    if array is not None:
        return array
    found = np.fromiter(units, dtype=np.int64, count=len(units))
    found.sort()
    return found
