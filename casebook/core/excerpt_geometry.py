"""Where an anchored excerpt sits on the page: highlight rectangles from word boxes, the text a rectangle covers,
and the numbered paragraphs an excerpt overlaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from casebook.core.anchoring import Anchor, Quad, Ranges, TextSpan
from casebook.core.documents import NumberedParagraph, WordBox


def _page_ranges(span: TextSpan) -> list[tuple[int, int, float]]:
    """(page, start, end) per page the span covers; `end` is infinite on pages the span runs past."""
    ranges = []
    for number in range(span.start_page, span.end_page + 1):
        start = span.start if number == span.start_page else 0
        end: float = span.end if number == span.end_page else float("inf")
        ranges.append((number, start, end))
    return ranges


def _same_line(rect: list[float], word: WordBox) -> bool:
    """Whether a word continues the highlight rectangle: it overlaps it vertically and follows it closely."""
    overlap = min(rect[3], word.y1) - max(rect[1], word.y0)
    height = min(rect[3] - rect[1], word.y1 - word.y0)
    # A word to the left, or beyond a gap wider than a few letters (a column gutter), starts a new rectangle.
    return overlap > 0.5 * height and rect[0] - 1.0 <= word.x0 <= rect[2] + 2 * max(height, 1.0)


def quads_for(anchor: Anchor, words_by_page: Mapping[int, Sequence[WordBox]],
              furniture_by_page: Mapping[int, Ranges] | None = None) -> dict[int, list[Quad]]:
    """Highlight rectangles (x0, y0, x1, y1) per page: the boxes of the words the span overlaps, one per line.

    A word only partly inside the span is covered whole (PDF word boxes carry no glyph positions), so an
    excerpt starting mid-word highlights that entire word. Words of the page furniture (`furniture_by_page`)
    are not highlighted. Pages without word boxes get no rectangles.
    """
    result: dict[int, list[Quad]] = {}
    for number, start, end in _page_ranges(anchor.span):
        words = words_by_page.get(number)
        if not words:
            continue
        furniture = (furniture_by_page or {}).get(number, ())
        rects: list[list[float]] = []
        for word in words:
            if word.start >= end:
                break  # word boxes run in text order
            if word.end <= start or word.end == word.start:
                continue
            if furniture and any(a <= word.start and word.end <= b for a, b in furniture):
                continue
            if rects and _same_line(rects[-1], word):
                rect = rects[-1]
                rect[0], rect[1] = min(rect[0], word.x0), min(rect[1], word.y0)
                rect[2], rect[3] = max(rect[2], word.x1), max(rect[3], word.y1)
            else:
                rects.append([word.x0, word.y0, word.x1, word.y1])
        if rects:
            result[number] = [(r[0], r[1], r[2], r[3]) for r in rects]
    return result


def text_under(quads: Sequence[Quad], words: Sequence[WordBox], text: str) -> str:
    """The page text of the words whose centres lie inside the quads (what a highlight visibly covers)."""
    tolerance = 0.5
    inside: list[int] = []
    for index, word in enumerate(words):
        cx, cy = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
        if any(q[0] - tolerance <= cx <= q[2] + tolerance and q[1] - tolerance <= cy <= q[3] + tolerance
               for q in quads):
            inside.append(index)
    parts: list[str] = []
    for k, index in enumerate(inside):
        word = words[index]
        if k + 1 < len(inside) and inside[k + 1] == index + 1:
            parts.append(text[word.start : words[index + 1].start])  # keep the real separator
        else:
            parts.append(text[word.start : word.end])
            if k + 1 < len(inside):
                parts.append(" ")
    return "".join(parts)


def paragraphs_for(span: TextSpan, pages_paragraphs: Mapping[int, Sequence[NumberedParagraph]]) -> list[int]:
    """The numbers of the numbered paragraphs an excerpt overlaps, ascending.

    A `continued` paragraph at the top of a page counts as the paragraph it continues.
    """
    numbers: set[int] = set()
    for number, start, end in _page_ranges(span):
        for paragraph in pages_paragraphs.get(number, ()):
            if paragraph.start < end and paragraph.end > start:
                numbers.add(paragraph.number)
            elif start == end and paragraph.start <= start < paragraph.end:
                numbers.add(paragraph.number)  # an empty selection (a caret) sits in one paragraph
    return sorted(numbers)
