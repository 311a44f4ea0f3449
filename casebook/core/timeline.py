"""Timeline layout in pure Python: dates to positions, label lanes that never overlap, ticks chosen by zoom."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

STATUS_COLOURS = {"undisputed": "#2e9d4a", "disputed": "#d64545", "needs evidence": "#d08a00"}
DOCUMENT_COLOUR = "#4b62c9"
CLAIM_COLOUR = "#7a7a80"  # a claim whose status is unknown
BANDS = ("claims", "documents")
BAND_TITLES = {"claims": "Claims (by event date)", "documents": "Documents (by date)"}

MIN_DAYS_PER_UNIT = 1 / 240  # most zoomed in: a day is 240 units wide
MAX_DAYS_PER_UNIT = 365.25  # most zoomed out: a year per unit

Measure = Callable[[str], float]
"""Width of a text in drawing units, as the renderer's font measures it."""


@dataclass(frozen=True)
class TimelineItem:
    """One thing on the timeline: a claim (by its event date) or a document (by its own date).

    `start`/`end` are the first and last possible days (equal for a single day); `open_side` is "before" or
    "after" for a date known only as a bound ("on or before …").
    """

    kind: str  # "claim" | "document"
    ident: int
    label: str
    start: date
    end: date
    date_text: str
    status: str | None = None
    detail: str = ""
    open_side: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.ident)

    @property
    def band(self) -> str:
        return "claims" if self.kind == "claim" else "documents"

    @property
    def colour(self) -> str:
        if self.kind != "claim":
            return DOCUMENT_COLOUR
        return STATUS_COLOURS.get(self.status or "", CLAIM_COLOUR)

    @property
    def is_range(self) -> bool:
        return self.end > self.start


def legend() -> list[tuple[str, str]]:
    """(text, colour) for every colour the timeline uses."""
    return [(f"Claim: {status}", colour) for status, colour in STATUS_COLOURS.items()] + [("Document", DOCUMENT_COLOUR)]


# --- the axis ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Axis:
    """The visible stretch of time: day ordinal `first` (fractional) sits at `x0`; `per_unit` days per unit."""

    first: float
    per_unit: float
    x0: float
    width: float

    @property
    def last(self) -> float:
        return self.first + self.per_unit * self.width

    def x(self, day: date | float) -> float:
        ordinal = day.toordinal() if isinstance(day, date) else day
        return self.x0 + (ordinal - self.first) / self.per_unit

    def day_at(self, x: float) -> float:
        return self.first + (x - self.x0) * self.per_unit

    def zoomed(self, factor: float, at_x: float | None = None) -> Axis:
        """Zoom in (factor > 1) or out around `at_x` (default: the middle); the day under `at_x` stays put."""
        at_x = self.x0 + self.width / 2 if at_x is None else at_x
        anchor = self.day_at(at_x)
        per_unit = min(MAX_DAYS_PER_UNIT, max(MIN_DAYS_PER_UNIT, self.per_unit / factor))
        return replace(self, per_unit=per_unit, first=anchor - (at_x - self.x0) * per_unit)

    def panned(self, dx: float) -> Axis:
        """Move the view by `dx` units: dragging right (dx > 0) shows earlier days."""
        return replace(self, first=self.first - dx * self.per_unit)

    def resized(self, x0: float, width: float) -> Axis:
        """The same days per unit from the same first day, over a new width."""
        return replace(self, x0=x0, width=max(1.0, width))


def fit_axis(items: Sequence[TimelineItem], x0: float, width: float, *, margin: float = 0.05,
             label_room: float = 0.0, today: date | None = None) -> Axis:
    """An axis showing every item, with `margin` of the width free at each end and `label_room` units on the
    right for the last item's label; a month around `today` when there is nothing."""
    width = max(1.0, width)
    if items:
        first = min(i.start for i in items).toordinal()
        last = max(i.end for i in items).toordinal() + 1
    else:
        centre = (today or date.today()).toordinal()
        first, last = centre - 15, centre + 15
    span = max(14.0, last - first)
    usable = max(width * (1 - 2 * margin) - label_room, width * 0.4)
    per_unit = min(MAX_DAYS_PER_UNIT, max(MIN_DAYS_PER_UNIT, span / usable))
    middle = (first + last) / 2
    start = middle - per_unit * usable / 2 - per_unit * width * margin
    return Axis(first=start, per_unit=per_unit, x0=x0, width=width)


# --- ticks ---------------------------------------------------------------------------------------------------------

_STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1), ("day", 2), ("day", 7), ("day", 14), ("month", 1), ("month", 2), ("month", 3), ("month", 6),
    ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 25), ("year", 50), ("year", 100), ("year", 250),
)
_UNIT_DAYS = {"day": 1.0, "month": 30.44, "year": 365.25}
_SAMPLE = {"day": "30", "month": "Sept.", "year": "2026"}
MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


@dataclass(frozen=True)
class Tick:
    x: float
    day: date
    label: str
    major: bool  # starts a month (day ticks) or a year (month ticks)


@dataclass(frozen=True)
class Scale:
    unit: str  # day | month | year
    step: int
    ticks: tuple[Tick, ...]
    context: tuple[Tick, ...]  # the month-and-year or year under the ticks


def choose_step(axis: Axis, measure: Measure, *, gap: float = 10.0) -> tuple[str, int]:
    """The finest step whose labels keep `gap` apart: days, then months, then years."""
    for unit, step in _STEPS:
        needed = max(measure(_SAMPLE[unit]) + gap, 3 * gap)
        if _UNIT_DAYS[unit] * step / axis.per_unit >= needed:
            return unit, step
    return _STEPS[-1]


def _clamp_day(ordinal: float) -> date:
    return date.fromordinal(int(min(max(ordinal, 1), date.max.toordinal())))


def _tick_days(unit: str, step: int, first: date, last: date) -> list[date]:
    days: list[date] = []
    if unit == "year":
        year = max(1, first.year - first.year % step)
        while year <= last.year:
            days.append(date(year, 1, 1))
            year += step
        return days
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        if unit == "month":
            if (month - 1) % step == 0:
                days.append(date(year, month, 1))
        else:
            length = calendar.monthrange(year, month)[1]
            for day in range(1, length - step // 2 + 1, step) if step > 1 else range(1, length + 1):
                days.append(date(year, month, day))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def scale(axis: Axis, measure: Measure, *, gap: float = 10.0) -> Scale:
    """Tick marks for the visible days at the finest readable step, and context labels (month or year) that
    name what the ticks leave out; a context label at the left edge gives way to the next one."""
    unit, step = choose_step(axis, measure, gap=gap)
    first, last = _clamp_day(axis.first - 1), _clamp_day(axis.last + 1)
    lo, hi = axis.x0 - 1, axis.x0 + axis.width + 1
    ticks: list[Tick] = []
    for day in _tick_days(unit, step, first, last):
        x = axis.x(day) + (0.5 / axis.per_unit if unit == "day" else 0.0)  # a day tick marks the day's middle
        if not lo <= x <= hi:
            continue
        if unit == "day":
            ticks.append(Tick(x, day, str(day.day), day.day == 1))
        elif unit == "month":
            ticks.append(Tick(x, day, MONTHS[day.month - 1], day.month == 1))
        else:
            ticks.append(Tick(x, day, str(day.year), day.year % (step * 5) == 0))
    return Scale(unit, step, tuple(ticks), tuple(_context(axis, unit, first, last, measure, gap)))


def _context(axis: Axis, unit: str, first: date, last: date, measure: Measure, gap: float) -> list[Tick]:
    if unit == "year":
        return []
    if unit == "day":
        starts = _tick_days("month", 1, first, last)
        text = lambda d: f"{MONTHS[d.month - 1]} {d.year}"  # noqa: E731
    else:
        starts = _tick_days("year", 1, first, last)
        text = lambda d: str(d.year)  # noqa: E731
    right = axis.x0 + axis.width
    labels = [Tick(axis.x(d), d, text(d), True) for d in starts
              if axis.x0 <= axis.x(d) and axis.x(d) + measure(text(d)) <= right]
    left_day = _clamp_day(axis.first)
    left_start = date(left_day.year, left_day.month if unit == "day" else 1, 1)
    if not labels or labels[0].day != left_start:  # name the period already under way at the left edge
        edge = Tick(axis.x0, left_start, text(left_start), False)
        if not labels or labels[0].x - axis.x0 >= measure(edge.label) + gap:
            labels.insert(0, edge)
    return labels


# --- lanes ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Metrics:
    """Sizes in drawing units: a lane holds a label line above its marker or bar."""

    font_size: float = 11.0
    lane_height: float = 30.0
    mark_size: float = 9.0
    band_title: float = 20.0
    band_gap: float = 14.0
    label_gap: float = 10.0
    max_label: float = 280.0
    axis_height: float = 40.0
    top: float = 6.0


@dataclass(frozen=True)
class Placed:
    """An item where it is drawn: lane, mark from `x0` to `x1`, label text and box; `number` when numbered."""

    item: TimelineItem
    lane: int
    x0: float
    x1: float
    mark_y: float
    label: str
    label_x: float
    label_y: float  # baseline
    label_width: float
    top: float
    bottom: float
    number: int | None = None

    @property
    def left(self) -> float:
        return min(self.x0 - 5, self.label_x)

    @property
    def right(self) -> float:
        return max(self.x1 + 5, self.label_x + self.label_width)

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom


@dataclass
class TimelineLayout:
    axis: Axis
    metrics: Metrics
    placed: list[Placed] = field(default_factory=list)
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)  # band -> (top, bottom)
    axis_y: float = 0.0
    height: float = 0.0
    scale: Scale | None = None
    hidden: int = 0  # items left out for want of lanes

    def item_at(self, x: float, y: float) -> Placed | None:
        hits = [p for p in self.placed if p.contains(x, y)]
        return min(hits, key=lambda p: abs(p.mark_y - y)) if hits else None

    def find(self, key: tuple[str, int]) -> Placed | None:
        return next((p for p in self.placed if p.item.key == key), None)


def elide(text: str, width: float, measure: Measure) -> str:
    """`text` cut at a word and ended with "…" so that it measures at most `width`."""
    text = " ".join(text.split())
    if measure(text) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + "…") <= width:
            lo = mid
        else:
            hi = mid - 1
    cut = text[:lo]
    if " " in cut and lo < len(text) and text[lo] != " ":
        word_cut = cut.rsplit(" ", 1)[0]
        if len(word_cut) >= lo * 0.6:
            cut = word_cut
    return cut.rstrip(" ,;:—-") + "…"


def _fit_label(text: str, start: float, mark_end: float, view_left: float, view_right: float, longest: float,
               measure: Measure) -> tuple[float, str, float]:
    """Where a label goes and what it says: rightwards from `start`, or ending at `mark_end` when it would run
    off the right edge and there is more room on the left; elided to the room it has."""
    full = measure(text)
    right_room, left_room = view_right - start, mark_end - view_left
    if full > right_room and left_room > right_room:
        label = elide(text, min(longest, left_room), measure)
        width = measure(label)
        return mark_end - width, label, width
    label = elide(text, min(longest, max(40.0, right_room)), measure)
    return start, label, measure(label)


def chronological(items: Sequence[TimelineItem]) -> list[TimelineItem]:
    return sorted(items, key=lambda i: (i.start, i.end, 0 if i.kind == "document" else 1, i.ident))


def merge_by_date(items: Sequence[TimelineItem]) -> list[TimelineItem]:
    """One mark per band, date and colour, labelled with the key numbers it stands for ("4", "12–31", "3, 7")."""
    numbers = {item.key: n for n, item in enumerate(chronological(items), start=1)}
    groups: dict[tuple, list[TimelineItem]] = {}
    for item in chronological(items):
        groups.setdefault((item.band, item.start, item.end, item.open_side, item.colour), []).append(item)
    merged = []
    for members in groups.values():
        ns = [numbers[m.key] for m in members]
        if len(ns) == 1:
            label = str(ns[0])
        elif ns == list(range(ns[0], ns[-1] + 1)):
            label = f"{ns[0]}–{ns[-1]}"
        else:
            label = ", ".join(map(str, ns))
        merged.append(replace(members[0], label=label))
    return merged


def lay_out(items: Sequence[TimelineItem], axis: Axis, measure: Measure, *, metrics: Metrics = Metrics(),
            numbered: bool = False, clip: bool = True, max_lanes: int | None = None) -> TimelineLayout:
    """Place each item in the first lane of its band where its mark and label clear the items already there.

    Claims are drawn above documents, the axis below both. With `clip`, items wholly out of view are left
    out and a label whose start is out of view slides right to stay readable; with `numbered`, each label
    starts with the item's number in chronological order (the key of a printed figure). An item that would
    need more than `max_lanes` lanes is not drawn and is counted in `hidden`.
    """
    m = metrics
    layout = TimelineLayout(axis=axis, metrics=m)
    view_left, view_right = axis.x0, axis.x0 + axis.width
    numbers = {item.key: n for n, item in enumerate(chronological(items), start=1)}
    y = m.top
    for band in BANDS:
        members = [i for i in chronological(items) if i.band == band]
        top = y
        y += m.band_title
        lane_ends: list[float] = []
        for item in members:
            x0 = axis.x(item.start.toordinal() + (0 if item.is_range else 0.5))
            x1 = axis.x(item.end.toordinal() + 1) if item.is_range else x0
            if clip and (x1 < view_left - m.max_label or x0 > view_right):
                continue
            number = numbers[item.key] if numbered else None
            text = (f"{number}. {item.label}" if item.label else str(number)) if numbered else item.label
            label_x = x0 - m.mark_size / 2 if not item.is_range else x0
            if clip and label_x < view_left <= x1:
                label_x = view_left + 2
            label_x, label, width = _fit_label(text, label_x, x1 + m.mark_size / 2, view_left, view_right,
                                               m.max_label, measure)
            left = min(x0 - m.mark_size, label_x)
            right = max(x1 + m.mark_size, label_x + width)
            lane = next((n for n, end in enumerate(lane_ends) if end + m.label_gap <= left), len(lane_ends))
            if max_lanes is not None and lane >= max_lanes:
                layout.hidden += 1
                continue
            if lane == len(lane_ends):
                lane_ends.append(right)
            else:
                lane_ends[lane] = right
            row_top = y + lane * m.lane_height
            mark_y = min(row_top + m.font_size + 5 + m.mark_size / 2,  # just under the label's baseline
                         row_top + m.lane_height - m.mark_size / 2 - 1)
            layout.placed.append(Placed(
                item=item, lane=lane, x0=x0, x1=x1, mark_y=mark_y, label=label, label_x=label_x,
                label_y=row_top + m.font_size + 2, label_width=width, top=row_top,
                bottom=row_top + m.lane_height, number=number))
        y += max(1, len(lane_ends)) * m.lane_height
        layout.bands[band] = (top, y)
        y += m.band_gap
    layout.axis_y = y
    layout.height = y + m.axis_height
    layout.scale = scale(axis, measure)
    return layout
