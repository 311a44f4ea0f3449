"""Word-box geometry for the viewer: hit-testing, selection ranges, highlight rectangles and find matches.

Plain Python on PageRecord data (boxes in PDF points, top-left origin); the widgets scale the results.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from casebook.core.documents import WordBox

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points


@dataclass(frozen=True)
class PageRange:
    """A [start, end) character range in the text of one page (page 1 for an article)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class TextSelection:
    """What the user selected in a document: character ranges per page and the text they cover.

    This is what the evidence pass turns into an excerpt (quote, context and position selectors).
    """

    document_id: int
    ranges: tuple[PageRange, ...]
    text: str

    @property
    def first_page(self) -> int:
        return self.ranges[0].page


@dataclass(frozen=True)
class Highlight:
    """One highlighted passage: page, rectangles in PDF points, and a colour ("#rrggbb" or "#rrggbbaa")."""

    page: int
    rects: tuple[Rect, ...]
    colour: str


def word_at(words: Sequence[WordBox], x: float, y: float, *, slack: float = 1.5) -> int | None:
    """Index of the word whose box contains the point (with a little slack), or None."""
    for i, w in enumerate(words):
        if w.x0 - slack <= x <= w.x1 + slack and w.y0 - slack <= y <= w.y1 + slack:
            return i
    return None


def nearest_word(words: Sequence[WordBox], x: float, y: float) -> int | None:
    """Index of the word closest to the point: same line first (vertical distance weighs more), then across."""
    best, best_cost = None, None
    for i, w in enumerate(words):
        dx = 0.0 if w.x0 <= x <= w.x1 else min(abs(x - w.x0), abs(x - w.x1))
        dy = 0.0 if w.y0 <= y <= w.y1 else min(abs(y - w.y0), abs(y - w.y1))
        cost = dy * 4 + dx
        if best_cost is None or cost < best_cost:
            best, best_cost = i, cost
    return best


def range_of_words(words: Sequence[WordBox], first: int, last: int) -> tuple[int, int]:
    """The character range from the start of one word to the end of another, in either order."""
    a, b = words[first], words[last]
    return min(a.start, b.start), max(a.end, b.end)


def rects_for_range(words: Sequence[WordBox], start: int, end: int) -> list[Rect]:
    """Rectangles covering the words that overlap [start, end), merged into one box per line."""
    rects: list[Rect] = []
    for w in words:
        if w.end <= start or w.start >= end:
            continue
        if rects:
            x0, y0, x1, y1 = rects[-1]
            same_line = abs(((y0 + y1) / 2) - ((w.y0 + w.y1) / 2)) < max(2.0, (y1 - y0) / 2)
            if same_line and w.x0 >= x0 - 1:
                rects[-1] = (x0, min(y0, w.y0), max(x1, w.x1), max(y1, w.y1))
                continue
        rects.append((w.x0, w.y0, w.x1, w.y1))
    return rects


def find_pattern(query: str) -> re.Pattern[str] | None:
    """A case-insensitive pattern for the query in which any run of whitespace matches any other."""
    terms = query.split()
    if not terms:
        return None
    return re.compile(r"\s+".join(re.escape(t) for t in terms), re.IGNORECASE)


def find_in_text(text: str, query: str) -> list[tuple[int, int]]:
    pattern = find_pattern(query)
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text)]
