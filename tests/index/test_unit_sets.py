"""A UnitSet's array never disagrees with the set, whatever changes it."""

from __future__ import annotations

import random

import numpy as np
import pytest

from casebook.index.unitsets import UnitSet, sorted_units

CHANGES = ["isub", "difference_update", "iand", "ior", "ixor", "add", "discard", "remove", "pop", "clear", "update",
           "intersection_update", "symmetric_difference_update", "generator_difference"]


def _change(found: set[int], change: str, other: set[int], extra: int) -> set[int]:
    """Apply one change (the same to a UnitSet and to a plain set)."""
    member = min(found, default=None)
    if change == "isub":
        found -= other
    elif change == "difference_update":
        found.difference_update(other, {extra})
    elif change == "generator_difference":
        found.difference_update(u for u in other)  # read once by the set, once for the array
    elif change == "iand":
        found &= other
    elif change == "ior":
        found |= other
    elif change == "ixor":
        found ^= other
    elif change == "add":
        found.add(extra)
    elif change == "discard":
        found.discard(extra)
    elif change == "remove" and member is not None:
        found.remove(member)
    elif change == "pop" and member is not None:
        found.pop()
    elif change == "clear":
        found.clear()
    elif change == "update":
        found.update(other)
    elif change == "intersection_update":
        found.intersection_update(other)
    elif change == "symmetric_difference_update":
        found.symmetric_difference_update(other)
    return found


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("seed", range(8))
def test_the_array_follows_every_change(change, seed):
    rnd = random.Random(seed)
    for _ in range(20):
        units = np.asarray(sorted(rnd.sample(range(500), rnd.randint(0, 200))), dtype=np.int64)
        found = UnitSet.of(units)
        assert sorted_units(found) is units and set(found) == set(units.tolist())
        other, extra = set(rnd.sample(range(500), rnd.randint(0, 40))), rnd.randrange(500)
        found = _change(found, change, other, extra)
        plain = _change(set(units.tolist()), change, other, extra)
        assert isinstance(found, UnitSet)
        if change != "pop":
            assert set(found) == plain
        assert sorted_units(found).tolist() == sorted(found)


def test_set_algebra_gives_plain_sets_and_plain_sets_get_arrays():
    found = UnitSet.of(np.asarray([1, 4, 9], dtype=np.int64))
    for made in (found & {1, 9}, found | {2}, found - {4}, found.copy()):
        assert type(made) is set
    assert sorted_units({9, 1, 4}).tolist() == [1, 4, 9]
    assert sorted_units(set()).tolist() == []
