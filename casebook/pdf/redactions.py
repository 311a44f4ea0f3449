"""Bad redactions: text that can still be copied from under a dark box, found by the method of Free Law Project's x-ray.

The method (re-implemented for the PyMuPDF Casebook ships): take the opaque dark rectangles the page draws; take
the characters at least 80 % under one of them that were drawn before it (or in its colour, or invisibly); drop
what is not content (repeated "XXXX", a single stray letter, the word "REDACTED", unreadable glyphs); then render
each remaining box and keep it only if it really shows as one dark colour, so a shaded table header with white
text on it, a white box or a label printed on top of the box is not a bad redaction. Unapplied redaction
annotations, black highlight annotations and small dark images laid over text are found the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from casebook.pdf.page_content import (
    DARK_FILL,
    DARK_GREY,
    MIN_BOX_SIDE,
    PageContent,
    Span,
    luminance,
    overlap_area,
    rendered_grey,
)

# A character counts as covered when this share of its box lies under the redaction box.
COVERED_SHARE = 0.8
# An image larger than this share of the page is a scanned page, not a box laid over text.
MAX_IMAGE_SHARE = 0.5
SAMPLE_CHARS = 60
_OK_WORDS_RE = re.compile(
    r"redacted\s+and\s+publicly\s+filed|name\s+redacted|confidential|privileged?|redacted|redact|sealed|"
    r"_+\s*district\s+of\s*_+",
    re.IGNORECASE,
)
_DATE_RE = re.compile(r"[0-3]?\d[/\-][0-3]?\d[/\-]\d{2,4}")


@dataclass(frozen=True)
class Redaction:
    """Text that can still be copied from under one dark box, and the box (unrotated page space)."""

    box: tuple[float, float, float, float]
    text: str


def find_bad_redactions(content: PageContent) -> list[Redaction]:
    """Every dark box, annotation or image on the page with readable text still under it."""
    found = []
    boxes = _dark_boxes(content)
    if boxes:
        for redaction in _text_under_boxes(content.spans, boxes):
            if is_content(redaction.text) and _shows_dark(content, redaction.box):
                found.append(redaction)
    found.extend(r for r in _annotation_redactions(content.page) if is_content(r.text))
    found.extend(r for r in _image_redactions(content) if is_content(r.text))
    return found


def is_content(text: str) -> bool:
    """Text worth warning about: more than one letter or digit, not one repeated mark, not "REDACTED" itself."""
    if "\ufffd" in text:
        return False  # glyphs without a Unicode mapping: nothing a reader could recover
    alphanumeric = [ch for ch in text if ch.isalnum()]
    if len(alphanumeric) <= 1 or len(set(alphanumeric)) == 1:
        return False
    return bool(_OK_WORDS_RE.sub("", " ".join(text.split())).strip(" .,;:-_()[]"))


def only_dates(texts: list[str]) -> bool:
    """Every redaction is a bare date (x-ray treats a document whose boxes only cover dates as a form)."""
    return bool(texts) and all(not _DATE_RE.sub("", "".join(t.split())) for t in texts)


def _dark_boxes(content: PageContent) -> list[tuple[tuple[float, float, float, float], int, tuple[float, ...]]]:
    boxes = []
    for fill in content.fills:
        if fill.x1 - fill.x0 <= MIN_BOX_SIDE or fill.y1 - fill.y0 <= MIN_BOX_SIDE:
            continue
        if luminance(fill.color) > DARK_FILL:
            continue
        boxes.append(((fill.x0, fill.y0, fill.x1, fill.y1), fill.seqno, fill.color))
    return boxes


def _hides(span: Span, seqno: int, color: tuple[float, ...]) -> bool:
    """The box hides the span: drawn after it, or the span is invisible anyway, or drawn in the box's own colour."""
    return seqno > span.seqno or span.invisible or _same_colour(span.color, color)


def _same_colour(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) < 0.02 for x, y in zip(a, b, strict=True))


def _text_under_boxes(spans: list[Span], boxes: list) -> list[Redaction]:
    """Characters under each box; a character under several stacked boxes belongs to the topmost one."""
    ordered = sorted(boxes, key=lambda b: b[1], reverse=True)
    texts: dict[int, list[str]] = {}
    for span in spans:
        span_box = (span.x0, span.y0, span.x1, span.y1)
        hiding = [
            (i, b) for i, b in enumerate(ordered) if overlap_area(span_box, b[0]) > 0 and _hides(span, b[1], b[2])
        ]
        if not hiding:
            continue
        for char in span.chars:
            x0, y0, x1, y1 = char[3]
            area = (x1 - x0) * (y1 - y0)
            if chr(char[0]).isspace():
                # A space belongs to the box its centre is in, so that the words under a box stay apart.
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                for index, (box, _seqno, _color) in hiding:
                    if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                        texts.setdefault(index, []).append(" ")
                        break
                continue
            if area <= 0:
                continue
            for index, (box, _seqno, _color) in hiding:
                if overlap_area((x0, y0, x1, y1), box) >= COVERED_SHARE * area:
                    texts.setdefault(index, []).append(chr(char[0]))
                    break
    return [Redaction(ordered[i][0], " ".join("".join(chars).split())) for i, chars in sorted(texts.items())]


def _shows_dark(content: PageContent, box: tuple[float, float, float, float]) -> bool:
    """Rendered, the whole box is dark: nothing under it or on it can be read (a cross-hatch over it may show)."""
    grey = rendered_grey(content, box)
    return grey is not None and grey[1] <= DARK_GREY


def _annotation_redactions(page: Any) -> list[Redaction]:
    """Redaction annotations never applied, and highlights in a dark colour used as black boxes."""
    if page.first_annot is None:
        return []
    import pymupdf

    found = []
    for annot in page.annots(types=(pymupdf.PDF_ANNOT_REDACT, pymupdf.PDF_ANNOT_HIGHLIGHT)):
        if annot.type[0] == pymupdf.PDF_ANNOT_HIGHLIGHT:
            stroke = (annot.colors or {}).get("stroke")
            if not stroke or luminance(tuple(stroke)) > DARK_FILL:
                continue
        rect = annot.rect & page.rect
        if rect.is_empty:
            continue
        text = " ".join(page.get_text("text", clip=rect).split())
        if text:
            found.append(Redaction((rect.x0, rect.y0, rect.x1, rect.y1), text))
    return found


def _image_redactions(content: PageContent) -> list[Redaction]:
    """Small images that render as a dark block with text under them (a black picture pasted over the words)."""
    if not content.spans or not content.lists_images:
        return []
    page_area = abs(content.page.rect)
    found = []
    for box in content.images:
        x0, y0, x1, y1 = box
        if x1 - x0 < 10 or y1 - y0 < 5 or (x1 - x0) * (y1 - y0) > MAX_IMAGE_SHARE * page_area:
            continue
        chars = []
        for span in content.spans:
            if overlap_area((span.x0, span.y0, span.x1, span.y1), box) <= 0:
                continue
            for char in span.chars:
                cx0, cy0, cx1, cy1 = char[3]
                area = (cx1 - cx0) * (cy1 - cy0)
                if area > 0 and not chr(char[0]).isspace() and overlap_area(char[3], box) >= COVERED_SHARE * area:
                    chars.append(chr(char[0]))
        if chars and _shows_dark(content, box):
            found.append(Redaction(box, "".join(chars)))
    return found
