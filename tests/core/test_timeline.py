"""Timeline layout: positions, zoom around a point, ticks by zoom, lanes that keep labels apart, elision."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.core.timeline import (
    Axis,
    TimelineItem,
    choose_step,
    elide,
    fit_axis,
    lay_out,
    merge_by_date,
    scale,
)


def measure(text: str) -> float:  # a monospaced font: 6 units a character
    return 6.0 * len(text)


def item(ident: int, start: str, end: str | None = None, *, kind: str = "claim", label: str = "A claim",
         status: str | None = "undisputed") -> TimelineItem:
    first = date.fromisoformat(start)
    return TimelineItem(kind=kind, ident=ident, label=label, start=first,
                        end=date.fromisoformat(end) if end else first, date_text=start, status=status)


def test_axis_maps_days_to_positions_and_back():
    axis = Axis(first=date(2025, 1, 1).toordinal(), per_unit=0.5, x0=10, width=400)
    assert axis.x(date(2025, 1, 1)) == 10
    assert axis.x(date(2025, 1, 11)) == 30
    assert axis.day_at(30) == date(2025, 1, 11).toordinal()
    assert axis.last == axis.first + 200


def test_zoom_keeps_the_day_under_the_cursor_and_is_bounded():
    axis = Axis(first=738000.0, per_unit=2.0, x0=0, width=500)
    zoomed = axis.zoomed(4.0, at_x=123)
    assert zoomed.per_unit == 0.5
    assert zoomed.day_at(123) == pytest.approx(axis.day_at(123))
    assert axis.zoomed(1e9).per_unit == pytest.approx(1 / 240)
    assert axis.zoomed(1e-9).per_unit == pytest.approx(365.25)
    assert axis.panned(50).day_at(50) == pytest.approx(axis.day_at(0))  # dragging right shows earlier days


def test_fit_shows_every_item_with_a_margin():
    items = [item(1, "2025-06-01", "2025-11-21"), item(2, "2026-01-23"), item(3, "2025-04-28", kind="document")]
    axis = fit_axis(items, 0, 1000, margin=0.05)
    assert axis.x(date(2025, 4, 28)) == pytest.approx(50, abs=1)
    assert axis.x(date(2026, 1, 24)) == pytest.approx(950, abs=1)
    single = fit_axis([item(1, "2026-01-23")], 0, 1000)
    assert single.per_unit * 1000 >= 14  # one day alone still shows a fortnight around it
    assert fit_axis([], 0, 1000, today=date(2026, 3, 1)).first < date(2026, 3, 1).toordinal() < \
        fit_axis([], 0, 1000, today=date(2026, 3, 1)).last


@pytest.mark.parametrize(("days_per_unit", "unit"), [(0.02, "day"), (0.3, "day"), (2.0, "month"), (20.0, "year")])
def test_tick_unit_follows_the_zoom(days_per_unit, unit):
    axis = Axis(first=date(2025, 1, 1).toordinal(), per_unit=days_per_unit, x0=0, width=800)
    assert choose_step(axis, measure)[0] == unit
    ticks = scale(axis, measure)
    xs = [t.x for t in ticks.ticks]
    assert xs == sorted(xs) and len(xs) >= 2
    widest = max(measure(t.label) for t in ticks.ticks)
    assert min(b - a for a, b in pairwise(xs)) >= widest  # tick labels never collide


def test_tick_labels_and_context():
    axis = Axis(first=date(2025, 12, 20).toordinal(), per_unit=0.1, x0=0, width=300)  # 30 days, day ticks
    days = scale(axis, measure)
    assert days.unit == "day"
    assert any(t.label == "1" and t.major for t in days.ticks)  # Jan. 1 starts a month
    assert [c.label for c in days.context] == ["Dec. 2025", "Jan. 2026"]
    months = scale(Axis(first=date(2025, 3, 10).toordinal(), per_unit=2.0, x0=0, width=600), measure)
    assert months.unit == "month"
    assert "Jan." in [t.label for t in months.ticks] and "2026" in [c.label for c in months.context]


def test_elide_cuts_at_a_word_and_fits():
    text = "By the time processing stopped, the IRS had sent ICE address information"
    short = elide(text, 120, measure)
    assert short.endswith("…") and measure(short) <= 120
    assert text.startswith(short[:-1].rstrip())
    assert elide("short", 120, measure) == "short"


def test_lanes_keep_labels_apart_and_bands_apart():
    items = [item(i, "2025-06-01", label=f"Claim {i} with a longer label") for i in range(4)]
    items += [item(10, "2025-06-02", kind="document", label="Order", status=None)]
    axis = fit_axis(items, 0, 600)
    layout = lay_out(items, axis, measure)
    claims = [p for p in layout.placed if p.item.kind == "claim"]
    assert sorted(p.lane for p in claims) == [0, 1, 2, 3]  # same day: one lane each
    document = next(p for p in layout.placed if p.item.kind == "document")
    assert document.lane == 0 and document.top >= max(p.bottom for p in claims)
    assert layout.bands["claims"][1] <= layout.bands["documents"][0] <= layout.axis_y
    assert layout.item_at(document.x0, document.mark_y) is document
    assert layout.item_at(-500, -500) is None


def test_far_apart_items_share_a_lane_and_right_edge_labels_turn_left():
    items = [item(1, "2025-01-01", label="Early"), item(2, "2025-12-31", label="Late claim at the end")]
    layout = lay_out(items, fit_axis(items, 0, 600, margin=0.01), measure)
    early, late = sorted(layout.placed, key=lambda p: p.x0)
    assert early.lane == late.lane == 0
    assert late.label_x + late.label_width <= 600 + 1  # ends at its mark instead of running off the page
    assert late.label == "Late claim at the end"


def test_ranges_are_bars_and_clipped_labels_slide_into_view():
    bar = item(1, "2025-06-01", "2025-11-21", label="Range")
    axis = Axis(first=date(2025, 8, 1).toordinal(), per_unit=1.0, x0=0, width=300)
    placed = lay_out([bar], axis, measure).placed[0]
    assert placed.x0 < 0 < placed.x1
    assert placed.label_x >= 0  # readable although the bar starts out of view
    hidden = Axis(first=date(2027, 1, 1).toordinal(), per_unit=1.0, x0=0, width=300)
    assert lay_out([bar], hidden, measure).placed == []


def test_numbered_labels_and_merged_marks():
    items = [item(3, "2025-06-01"), item(1, "2025-04-28", kind="document", status=None),
             item(2, "2025-04-28", kind="document", status=None)]
    layout = lay_out(items, fit_axis(items, 0, 800), measure, numbered=True)
    assert sorted(p.label.split(".")[0] for p in layout.placed) == ["1", "2", "3"]
    merged = merge_by_date(items)
    assert sorted(m.label for m in merged) == ["1–2", "3"]


def test_max_lanes_hides_the_overflow():
    items = [item(i, "2025-06-01") for i in range(6)]
    layout = lay_out(items, fit_axis(items, 0, 600), measure, max_lanes=2)
    assert len(layout.placed) == 2 and layout.hidden == 4


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 800), st.integers(0, 60), st.integers(1, 40)), min_size=1, max_size=40),
       st.floats(0.05, 30.0))
def test_no_two_items_in_a_lane_overlap(specs, per_unit):
    base = date(2024, 1, 1).toordinal()
    items = [TimelineItem("claim", n, "x" * length, date.fromordinal(base + start),
                          date.fromordinal(base + start + span), "d", "disputed")
             for n, (start, span, length) in enumerate(specs)]
    axis = Axis(first=base - 10, per_unit=per_unit, x0=0, width=700)
    layout = lay_out(items, axis, measure)
    by_lane: dict[int, list] = {}
    for placed in layout.placed:
        by_lane.setdefault(placed.lane, []).append(placed)
        assert placed.label_width <= max(40.0, layout.metrics.max_label) + 0.01
    for members in by_lane.values():
        members.sort(key=lambda p: p.left)
        for a, b in pairwise(members):
            assert a.right <= b.left
