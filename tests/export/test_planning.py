"""Pure planning: exhibit labels, roman numbers, page ranges, Bates ranges, slip-sheets and definitions."""

from __future__ import annotations

import pytest

from casebook.core.bundles import (
    BundleDefinition,
    BundleError,
    ExhibitChoice,
    ExhibitSource,
    LabelStyle,
    Marking,
)
from casebook.export.numbering import bates_fingerprint, exhibit_label, roman
from casebook.export.plan import page_labels, plan_bundle, printed_label


def _sources(*pages: int) -> list[ExhibitSource]:
    return [ExhibitSource(i + 1, f"Doc {i + 1}", "order", "2025-01-0" + str(i + 1), f"{i:064x}", n)
            for i, n in enumerate(pages)]


def _definition(n: int, **changes) -> BundleDefinition:
    return BundleDefinition(exhibits=tuple(ExhibitChoice(i + 1) for i in range(n)), **changes)


@pytest.mark.parametrize(("index", "label"), [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (28, "AB"), (52, "AZ"),
                                              (53, "BA"), (702, "ZZ"), (703, "AAA")])
def test_alpha_labels_run_like_spreadsheet_columns(index, label):
    assert exhibit_label(index, LabelStyle.ALPHA) == label


def test_numeric_labels_and_roman_front_matter():
    assert [exhibit_label(i, LabelStyle.NUMERIC) for i in (1, 2, 10)] == ["1", "2", "10"]
    assert [roman(n) for n in (1, 2, 4, 9, 14, 40)] == ["i", "ii", "iv", "ix", "xiv", "xl"]


def test_plan_numbers_pages_consecutively_with_bates_only_on_exhibit_pages():
    plan = plan_bundle(_definition(3, bates_prefix="TRC"), _sources(3, 1, 2), bates_first=41, chart_pages=2)
    assert [(e.label, e.first_page, e.last_page) for e in plan.exhibits] == [("A", 1, 3), ("B", 4, 4), ("C", 5, 6)]
    assert [p.number for p in plan.pages] == list(range(1, 9))
    assert [p.bates for p in plan.pages] == [41, 42, 43, 44, 45, 46, None, None]
    assert plan.bates_range(plan.exhibits[0]) == "TRC000041–TRC000043"
    assert plan.chart_first == 7 and plan.last_page == 8


def test_slip_sheets_take_a_page_but_no_bates_number():
    plan = plan_bundle(_definition(2, bates_prefix="X", marking=Marking.SLIP_SHEET), _sources(2, 1), bates_first=1)
    first, second = plan.exhibits
    assert (first.first_page, first.content_first_page, first.last_page) == (1, 2, 3)
    assert (second.first_page, second.content_first_page) == (4, 5)
    assert [p.bates for p in plan.pages] == [None, 1, 2, None, 3]


def test_plan_refuses_duplicates_and_a_prefix_without_numbers():
    with pytest.raises(BundleError):
        plan_bundle(BundleDefinition(exhibits=(ExhibitChoice(1), ExhibitChoice(1))),
                    [_sources(1)[0], _sources(1)[0]])
    with pytest.raises(BundleError):
        plan_bundle(_definition(1, bates_prefix="P"), _sources(1))


def test_page_labels_are_roman_then_decimal():
    assert page_labels(3) == [(0, "r", 1), (3, "D", 1)]
    assert [printed_label(3, i) for i in range(5)] == ["i", "ii", "iii", "1", "2"]


def test_bates_fingerprint_names_the_exact_pages():
    one = bates_fingerprint("P", _sources(2, 3))
    assert one == bates_fingerprint("P", _sources(2, 3))
    assert one != bates_fingerprint("Q", _sources(2, 3))
    assert one != bates_fingerprint("P", _sources(3, 2))


def test_definition_round_trips_through_a_dict():
    definition = _definition(2, labels=LabelStyle.NUMERIC, marking=Marking.SLIP_SHEET, bates_prefix="TRC",
                             bates_start=100, burn_in=True)
    assert BundleDefinition.from_dict(definition.to_dict()) == definition
