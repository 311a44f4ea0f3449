"""Page text reconstruction: PyMuPDF words and boxes become one reading-order text with offsets."""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from casebook.core.documents import WordBox

# Bump whenever the text produced for the same PDF changes: stored anchors record which version made them.
EXTRACTOR_VERSION = "casebook-pdf/1"

# A word as `page.get_text("words")` yields it: box, text, block, line and word numbers.
RawWord = tuple[float, float, float, float, str, int, int, int]

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE_TABLE = str.maketrans(LIGATURES)
# Control characters would break the "single space within a line, newline between lines" contract.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_INNER_SPACE_RE = re.compile(r"\s+")
# Lone surrogates (from broken ToUnicode maps or MuPDF messages) cannot be stored as UTF-8.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

# Gaps narrower than this between side-by-side segments are not treated as a column gutter.
_MIN_GUTTER = 6.0
# A column narrower than this is only a column when it is a margin of many line numbers (pleading paper).
_NARROW_COLUMN = 15.0
_MIN_NUMBER_MARGIN_LINES = 8
# A gap inside a MuPDF line wider than this many line heights (and at least this many points) is a gutter.
_GUTTER_GAP_EM = 2.0
_GUTTER_GAP_MIN = 18.0
# Pathological pages (thousands of scattered glyphs) keep MuPDF's order instead of a quadratic layout pass.
_MAX_SEGMENTS_FOR_LAYOUT = 4000


@dataclass
class PageText:
    """Compact page text: the string plus flat arrays of word boxes and [start, end) offsets.

    Flat arrays pickle as raw bytes, which keeps the hop from the PDF worker process cheap;
    `word_boxes()` turns them into the public `WordBox` objects.
    """

    text: str
    boxes: array  # 'd': x0, y0, x1, y1 per word, in page points (top-left origin, as displayed)
    offsets: array  # 'q': start, end per word

    def __len__(self) -> int:
        return len(self.offsets) // 2

    def word_boxes(self) -> list[WordBox]:
        b, o = self.boxes, self.offsets
        return [
            WordBox(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3], o[2 * i], o[2 * i + 1])
            for i in range(len(o) // 2)
        ]


def normalise_word(word: str) -> str:
    """Expand ligatures and drop control characters; internal whitespace becomes one space."""
    if word.isascii() and word.isprintable() and " " not in word:
        return word  # the common case, checked in C
    word = printable(_CONTROL_RE.sub("", word.translate(_LIGATURE_TABLE)))
    if any(ch.isspace() for ch in word):
        word = _INNER_SPACE_RE.sub(" ", word).strip()
    return word


def printable(text: str) -> str:
    """Replace lone surrogates with U+FFFD so the text can be stored and shown."""
    return _SURROGATE_RE.sub("\ufffd", text)


@dataclass
class _Segment:
    """A run of words on one MuPDF line with no wide gap in it: the unit the layout pass orders.

    MuPDF may put the left and right column of the same height in one block, and a narrow gutter can
    even land inside one line, so blocks and lines are too coarse to order columns by.
    """

    x0: float
    y0: float
    x1: float
    y1: float
    block: int
    line: int
    words: list[tuple[float, float, float, float, str]]


def reconstruct_page_text(words: Sequence[RawWord]) -> PageText:
    """Order line segments into reading order; join words with " ", lines with "\n", blocks with "\n\n"."""
    segments = _segments(words)
    ordered = segments
    if len(segments) <= _MAX_SEGMENTS_FOR_LAYOUT:
        try:
            ordered = _reading_order(segments)
        except RecursionError:  # a crafted page nesting columns in bands hundreds deep
            ordered = segments
    parts: list[str] = []
    boxes = array("d")
    offsets = array("q")
    pos = 0
    previous: _Segment | None = None
    for segment in ordered:
        if previous is not None:
            if (previous.block, previous.line) == (segment.block, segment.line):
                sep = " "
            else:
                sep = "\n" if previous.block == segment.block else "\n\n"
            parts.append(sep)
            pos += len(sep)
        for w_index, (x0, y0, x1, y1, word) in enumerate(segment.words):
            if w_index:
                parts.append(" ")
                pos += 1
            parts.append(word)
            boxes.extend((x0, y0, x1, y1))
            offsets.extend((pos, pos + len(word)))
            pos += len(word)
        previous = segment
    return PageText("".join(parts), boxes, offsets)


def _segments(words: Sequence[RawWord]) -> list[_Segment]:
    """Group words into MuPDF lines (stream order), cutting a line wherever a gap is as wide as a gutter."""
    segments: list[_Segment] = []
    current: _Segment | None = None
    for x0, y0, x1, y1, raw, block_no, line_no, _word_no in words:
        word = normalise_word(raw)
        if not word:
            continue
        if (
            current is None
            or (current.block, current.line) != (block_no, line_no)
            or x0 - current.words[-1][2] > max(_GUTTER_GAP_EM * (y1 - y0), _GUTTER_GAP_MIN)
        ):
            current = _Segment(x0, y0, x1, y1, block_no, line_no, [])
            segments.append(current)
        else:
            current.x0, current.y0 = min(current.x0, x0), min(current.y0, y0)
            current.x1, current.y1 = max(current.x1, x1), max(current.y1, y1)
        current.words.append((x0, y0, x1, y1, word))
    return segments


def _reading_order(segments: list[_Segment]) -> list[_Segment]:
    """Recursive XY-cut: split into columns or into bands, whichever gap is wider (ties go to columns).

    Content-stream order is not trusted: some filings write footnotes or the ECF stamp first.
    Bands that share a column gutter are rejoined first, so a 4-up transcript reads column by column.
    """
    if len(segments) <= 1:
        return segments
    columns, column_gap = _split(segments, horizontal=False)
    bands = _merge_column_bands(_split(segments, horizontal=True)[0])
    band_gap = max((_top(b) - _bottom(a) for a, b in pairwise(bands)), default=0.0)
    if _real_columns(columns) and (len(bands) == 1 or column_gap >= band_gap):
        return [s for column in columns for s in _reading_order(column)]
    if len(bands) > 1:
        return [s for band in bands for s in _reading_order(band)]
    if len({s.block for s in segments}) == 1:
        # One block with overlapping lines (a superscript footnote mark): MuPDF's own order is right.
        return sorted(segments, key=lambda s: (s.line, s.x0))
    # Overlapping blocks with no clean cut (a clerk's stamp beside a title): top to bottom, left to right.
    return sorted(segments, key=lambda s: (round(s.y0, 1), round(s.x0, 1), s.block, s.line))


def _real_columns(columns: list[list[_Segment]]) -> bool:
    """Columns of text, or a margin of line numbers; not a lone footnote mark beside its footnote."""
    if len(columns) < 2:
        return False
    for column in columns:
        width = max(s.x1 for s in column) - min(s.x0 for s in column)
        if width < _NARROW_COLUMN and len(column) < _MIN_NUMBER_MARGIN_LINES:
            return False
    return True


def _top(group: list[_Segment]) -> float:
    return min(s.y0 for s in group)


def _bottom(group: list[_Segment]) -> float:
    return max(s.y1 for s in group)


def _split(segments: list[_Segment], *, horizontal: bool) -> tuple[list[list[_Segment]], float]:
    """Split segments at every gap in their projection on one axis (y for bands, x for columns).

    Returns the groups in order and the widest gap between them.
    """
    min_gap = 0.0 if horizontal else _MIN_GUTTER

    def span(s: _Segment) -> tuple[float, float]:
        return (s.y0, s.y1) if horizontal else (s.x0, s.x1)

    ordered = sorted(segments, key=lambda s: (*span(s), s.block, s.line, s.x0))
    groups: list[list[_Segment]] = []
    reach = float("-inf")
    widest = 0.0
    for segment in ordered:
        start, end = span(segment)
        if not groups or start - reach > min_gap:
            if groups:
                widest = max(widest, start - reach)
            groups.append([segment])
            reach = end
        else:
            groups[-1].append(segment)
            reach = max(reach, end)
    return groups, widest


def _has_gutter(segments: list[_Segment]) -> bool:
    return len(segments) > 1 and len(_split(segments, horizontal=False)[0]) > 1


def _merge_column_bands(bands: list[list[_Segment]]) -> list[list[_Segment]]:
    """Rejoin consecutive side-by-side bands that share a column gutter, so columns are not read band by band.

    Two columns often have a blank line at the same height; cutting there would interleave the columns.
    Only bands that are themselves split by a gutter join, so a full-width or single-column line stays a band.
    """
    merged: list[list[_Segment]] = []
    current_has_gutter = False
    for band in bands:
        band_has_gutter = _has_gutter(band)
        if merged and current_has_gutter and band_has_gutter and _has_gutter(merged[-1] + band):
            merged[-1] = merged[-1] + band
        else:
            merged.append(band)
            current_has_gutter = band_has_gutter
    return merged


def text_flags() -> int:
    """MuPDF flags: no ligature preservation (ﬁ → fi), whitespace normalised, text clipped to the page box."""
    import pymupdf

    return pymupdf.TEXT_MEDIABOX_CLIP


def page_text(page: Any, *, textpage: Any = None) -> PageText:
    """Extract one PyMuPDF page as reading-order text with word boxes in displayed (rotated) page space.

    `textpage`, made with `text_flags()`, lets the caller reuse MuPDF's text analysis (the risk checks do).
    """
    words = page.get_text("words", flags=text_flags(), textpage=textpage)
    if page.rotation:
        # MuPDF reports unrotated coordinates; the viewer shows the rotated page, so store what it shows.
        matrix = page.rotation_matrix
        words = [_rotate_word(w, matrix) for w in words]
    return reconstruct_page_text(words)


def _rotate_word(word: RawWord, matrix: Any) -> RawWord:
    import pymupdf

    rect = pymupdf.Rect(word[:4]) * matrix
    return (rect.x0, rect.y0, rect.x1, rect.y1, *word[4:])
