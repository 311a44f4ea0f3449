"""Bates ranges: continued per prefix, never reused, regenerated for the same pages, recorded every time."""

from __future__ import annotations

import pytest

from casebook.core.bundles import BundleError
from casebook.services.cases import create_case
from casebook.store import bundles


@pytest.fixture
def case(tmp_path):
    with create_case(tmp_path / "case", title="Bates") as opened:
        yield opened


def _issue(case, prefix, count, fingerprint, start=None):
    with case.transaction():
        return bundles.allocate_range(case.db, prefix, count, fingerprint=fingerprint, bundle_name="b", start=start)


def test_numbers_continue_per_prefix_and_are_recorded(case):
    first = _issue(case, "TRC", 10, "a")
    second = _issue(case, "TRC", 5, "b")
    other = _issue(case, "DEF", 3, "a")
    assert (first.first, first.last) == (1, 10)
    assert (second.first, second.last) == (11, 15)
    assert (other.first, other.last) == (1, 3)
    assert [(r.first, r.last) for r in bundles.list_ranges(case.db, "TRC")] == [(1, 10), (11, 15)]


def test_same_pages_get_their_own_range_back(case):
    first = _issue(case, "TRC", 10, "a")
    _issue(case, "TRC", 5, "b")
    again = _issue(case, "TRC", 10, "a")
    assert again == first
    assert len(bundles.list_ranges(case.db, "TRC")) == 2


def test_an_explicit_start_may_not_overlap_any_issued_number(case):
    _issue(case, "TRC", 10, "a")
    with pytest.raises(BundleError, match="reuse"):
        _issue(case, "TRC", 5, "b", start=8)
    later = _issue(case, "TRC", 5, "b", start=100)
    assert (later.first, later.last) == (100, 104)
    # The counter never moves back: the next range comes after the highest number ever issued.
    assert _issue(case, "TRC", 1, "c").first == 105


def test_a_failed_allocation_changes_nothing(case):
    _issue(case, "TRC", 2, "a")
    with pytest.raises(BundleError):
        _issue(case, "TRC", 2, "b", start=1)
    assert bundles.next_number(case.db, "TRC") == 3
    assert len(bundles.list_ranges(case.db)) == 1
