"""Hidden text: words a search finds but a reader cannot see (invisible, white on white, drawn over other words).

Rules, each page on its own:
- invisible text (PDF render mode 3, or fully transparent) is hidden unless it lies over an image or a page drawn
  as vector outlines: that is the OCR layer of a scan, searchable by design (its quality is checked elsewhere);
- visible text in white or in its background's colour is hidden when nothing darker is drawn under it, or when
  the rendered page shows no trace of it;
- words drawn on the same baseline over other, different words make the page say two things at once;
- text MuPDF extracts but never draws (clip-only render mode) is hidden.
A page needs a few such words (not one stray mark) before it is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from casebook.pdf.page_content import (
    DARK_FILL,
    ECF_STAMP_RE,
    LIGHT_TEXT,
    MIN_BACKGROUND,
    UNIFORM_TOLERANCE,
    PageContent,
    Span,
    colour_key,
    luminance,
    overlap_area,
    rendered_grey,
)
from casebook.pdf.text import PageText

# A page drawn with at least this many vector paths is a scan converted to outlines: invisible text on it is OCR.
OUTLINED_PAGE_PATHS = 200
# A page is reported when its hidden words reach this count, or its hidden letters and digits reach HIDDEN_CHARS.
HIDDEN_WORDS = 2
HIDDEN_CHARS = 10
# Two words overlap when they share a baseline (within this share of the font size) and this share of the narrower.
_BASELINE_SHARE = 0.25
_OVERLAP_SHARE = 0.5
# Word boxes (ascender to descender) on one line have centres closer than this share of their height.
_CENTRE_SHARE = 0.3
_LINE_RE = re.compile(r"[^\n]+")
# Characters extracted beyond those MuPDF draws, before the difference counts as text never drawn.
_UNDRAWN_MARGIN = 20
SAMPLE_CHARS = 60

INVISIBLE = "invisible text"
FAINT = "white or background-coloured text"
OVERDRAWN = "text drawn over other text"
UNDRAWN = "text never drawn"


@dataclass
class HiddenFindings:
    """What one page hides, by kind: (hidden letters and digits, hidden words, a sample); and the OCR layer's size."""

    kinds: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    ocr_layer_chars: int = 0  # letters and digits of invisible text over an image: a scan's OCR layer
    visible_chars: int = 0  # letters and digits a reader can see


def find_hidden_text(content: PageContent, page_text: PageText) -> HiddenFindings:
    """Every kind of hidden text on one page, and how much of the page is a scan's OCR layer."""
    findings = HiddenFindings()
    visible: list[Span] = []
    invisible_spans: list[Span] = []
    for span in content.spans:
        (invisible_spans if span.invisible else visible).append(span)
    if invisible_spans:
        hidden, findings.ocr_layer_chars = _invisible_text(content, invisible_spans)
        _record(findings, INVISIBLE, hidden)
    faint = _faint_text(content, visible)
    _record(findings, FAINT, faint)
    faint_ids = {id(span) for span in faint}
    shown = [span for span in visible if id(span) not in faint_ids]
    if findings.ocr_layer_chars:
        findings.visible_chars = sum(1 for span in shown for c in span.chars if chr(c[0]).isalnum())
    # The page's own words are cheaper to compare; an invisible OCR layer under visible words must be left out.
    overdrawn = _overdrawn_words(shown) if invisible_spans else _overlapping_words(page_text)
    _record_words(findings, OVERDRAWN, overdrawn)
    text = page_text.text
    extracted = len(text) - text.count(" ") - text.count("\n")
    if content.traced_chars is not None and extracted - content.traced_chars >= max(_UNDRAWN_MARGIN, 0.1 * extracted):
        findings.kinds[UNDRAWN] = (extracted - content.traced_chars, 0, "")
    return findings


def _record(findings: HiddenFindings, kind: str, spans: list[Span]) -> None:
    text = " ".join(" ".join(span.text.split()) for span in spans).strip()
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    chars = sum(1 for ch in text if ch.isalnum())
    if len(words) >= HIDDEN_WORDS or chars >= HIDDEN_CHARS:
        findings.kinds[kind] = (chars, len(words), text[:SAMPLE_CHARS])


def _record_words(findings: HiddenFindings, kind: str, words: list[str]) -> None:
    chars = sum(1 for w in words for ch in w if ch.isalnum())
    if len(words) >= HIDDEN_WORDS:
        findings.kinds[kind] = (chars, len(words), " / ".join(words)[:SAMPLE_CHARS])


def _centre_in(char_box: tuple, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (char_box[0] + char_box[2]) / 2, (char_box[1] + char_box[3]) / 2
    return any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in boxes)


def _invisible_text(content: PageContent, spans: list[Span]) -> tuple[list[Span], int]:
    """Invisible spans not lying over an image (hidden), and the letters and digits that do (the OCR layer)."""
    if content.drawing_count >= OUTLINED_PAGE_PATHS:
        return [], sum(1 for span in spans for c in span.chars if chr(c[0]).isalnum())
    images = content.images
    hidden: list[Span] = []
    ocr_chars = 0
    for span in spans:
        over_image = [_centre_in(c[3], images) for c in span.chars if chr(c[0]).isalnum()]
        ocr_chars += sum(over_image)
        if over_image and sum(over_image) < len(over_image) / 2:
            hidden.append(span)
    return hidden, ocr_chars


def _faint_text(content: PageContent, spans: list[Span]) -> list[Span]:
    """Visible-mode spans a reader cannot see: light or background-coloured text with nothing to show it against.

    Only light spans, and spans in the colour of some fill on the page, are looked at closely.
    """
    # Rules and borders (thin fills) cannot be a background text is set on.
    fills = [f for f in content.fills if f.x1 - f.x0 > MIN_BACKGROUND and f.y1 - f.y0 > MIN_BACKGROUND]
    fill_colours = {colour_key(f.color) for f in fills}
    crop = content.page.cropbox
    visible = (0.0, 0.0, crop.width, crop.height)  # text coordinates start at the crop box's corner
    hidden = []
    for span in spans:
        light = luminance(span.color) >= LIGHT_TEXT
        if not light and colour_key(span.color) not in fill_colours:
            continue
        if not any(chr(c[0]).isalnum() for c in span.chars):
            continue
        box = (span.x0, span.y0, span.x1, span.y1)
        area = max((span.x1 - span.x0) * (span.y1 - span.y0), 1e-6)
        touching = [f for f in fills if overlap_area(box, (f.x0, f.y0, f.x1, f.y1)) > 0]
        # Black text over a black rule (an underline) is not black on black: the fill must lie behind the text.
        behind = [
            f for f in touching if f.seqno < span.seqno and overlap_area(box, (f.x0, f.y0, f.x1, f.y1)) >= 0.5 * area
        ]
        if not light and not (behind and _close(behind[-1].color, span.color)):
            continue
        if not light and luminance(behind[-1].color) <= DARK_FILL:
            continue  # dark text on a box of its own dark colour is a bad redaction, reported as such
        if overlap_area(box, visible) < 0.5 * area:
            continue  # outside the page a viewer shows (a printer's slug beyond the crop box), not white on white
        darker = [f for f in touching if not (light and luminance(f.color) >= LIGHT_TEXT)]
        if light and not darker and not (
            content.lists_images and any(overlap_area(box, image) > 0 for image in content.images)
        ):
            hidden.append(span)  # light text with nothing but white around it
            continue
        # Something is drawn there, before or after: only the rendered page tells whether the words show.
        grey = rendered_grey(content, box)
        if grey is not None and grey[1] - grey[0] <= UNIFORM_TOLERANCE:
            hidden.append(span)  # rendered, the text leaves no trace on its background
    return hidden


def _close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """The same colour to the eye (grey, RGB and CMYK compared as RGB, to a twentieth)."""
    return colour_key(a) == colour_key(b)


@dataclass
class _Word:
    x0: float
    x1: float
    baseline: float
    size: float
    text: str


def _words(spans: list[Span]) -> list[_Word]:
    """Words of horizontal spans, cut at spaces, at gaps wider than half the font size and where a line ends.

    A span is not a line: MuPDF continues one across a line break when the font stays the same.
    """
    words: list[_Word] = []
    for span in spans:
        if not span.horizontal or span.size <= 0:
            continue
        current: list = []
        for char in span.chars:
            ch = chr(char[0])
            if ch.isspace() or (current and _breaks(current[-1], char, span.size)):
                _close_word(words, current, span.size)
                current = [] if ch.isspace() else [char]
            else:
                current.append(char)
        _close_word(words, current, span.size)
    return words


def _breaks(previous: tuple, char: tuple, size: float) -> bool:
    """The next character starts a new word: a wide gap, a step back to the left, or another baseline."""
    gap = char[3][0] - previous[3][2]
    return gap > 0.5 * size or gap < -0.5 * size or abs(char[2][1] - previous[2][1]) > _BASELINE_SHARE * size


def _close_word(words: list[_Word], chars: list, size: float) -> None:
    text = "".join(chr(c[0]) for c in chars)
    if sum(ch.isalnum() for ch in text) < 2:
        return  # punctuation, underscores of a signature line, a footnote mark
    words.append(_Word(min(c[3][0] for c in chars), max(c[3][2] for c in chars), chars[0][2][1], size, text))


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _overdrawn_words(spans: list[Span]) -> list[str]:
    """Words of the traced spans lying on other, different words on the same baseline."""
    return _overlaps([
        (w.baseline, _BASELINE_SHARE * w.size, w.x0, w.x1, index, w.text) for index, w in enumerate(_words(spans))
    ])


def _overlapping_words(page_text: PageText) -> list[str]:
    """Words of the page lying on other, different words: boxes sharing most of their height and half the narrower."""
    boxes, offsets, text = page_text.boxes, page_text.offsets, page_text.text
    # The court's CM/ECF stamp is often set over the filing's own header; it is furniture, not hidden text.
    stamps = [m.span() for m in _LINE_RE.finditer(text) if ECF_STAMP_RE.search(m.group())]
    words = [
        ((y0 + y1) / 2, _CENTRE_SHARE * (y1 - y0), x0, x1, start, end)
        for x0, y0, x1, y1, start, end in zip(
            boxes[0::4], boxes[1::4], boxes[2::4], boxes[3::4], offsets[0::2], offsets[1::2], strict=True
        )
    ]
    if stamps:
        words = [w for w in words if not any(a <= w[4] < b for a, b in stamps)]
    return _overlaps([(level, slack, x0, x1, start, text[start:end]) for level, slack, x0, x1, start, end in words])


def _overlaps(words: list[tuple[float, float, float, float, int, str]]) -> list[str]:
    """Words (level, slack, x0, x1, id, text) overlapping a different word of the same line.

    Lines are words whose levels (baseline or box centre) lie within the first word's slack; each line is swept
    left to right, so a word is only compared with the words that start before it ends. Faux bold (the same word
    twice) is not a conflict, nor is a second copy of the same line set over the first with other word breaks:
    a pair conflicts only when neither word occurs elsewhere on the line.
    """
    words.sort()
    hit: dict[int, str] = {}
    line: list = []
    for word in [*words, None]:
        if word is not None and line and word[0] - line[0][0] <= min(word[1], line[0][1]):
            line.append(word)
            continue
        if len(line) > 1:
            _sweep(sorted(line, key=lambda w: w[2]), hit)
        line = [word]
    return [text for _, text in sorted(hit.items())]


def _sweep(line: list, hit: dict[int, str]) -> None:
    """Mark the conflicting overlapping pairs of one line (words sorted by their left edge)."""
    counts = Counter(_key(w[5]) for w in line)
    for i, (_, _, x0, x1, ident, word) in enumerate(line):
        for _, _, ox0, ox1, other_ident, other in line[i + 1 :]:
            if ox0 >= x1:
                break
            if min(x1, ox1) - ox0 < _OVERLAP_SHARE * min(x1 - x0, ox1 - ox0):
                continue
            key, other_key = _key(word), _key(other)
            if key != other_key and counts[key] == 1 and counts[other_key] == 1 and min(len(key), len(other_key)) >= 2:
                hit[ident], hit[other_ident] = word, other
