"""What the risk checks read from one PDF page: text spans with colour and draw order, fills, images, pixels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# A CM/ECF header stamp span ("Case 1:20-cv-1 Document 5 Filed 01/02/20 Page 1 of 9") near the top of the page;
# courts add it to every page, so it is never hidden text nor text under a redaction.
ECF_STAMP_RE = re.compile(r"(?:Doc(?:ument)?|DktEntry|Dkt)\b.+Filed.+(?:Page|Pg)", re.IGNORECASE)
_STAMP_BAND = 43.0  # points from the top of the (unrotated) page
# Texttrace span types: 0 fill, 1 stroke, 2 fill+stroke, 3 invisible (PDF text render mode 3), 7 clip only.
INVISIBLE_TYPES = frozenset({3, 7})
# Rendered pixels that differ by no more than this (0–255 grey) count as one colour.
UNIFORM_TOLERANCE = 20
# Text at least this light (0 black – 1 white) may be invisible on a white page.
LIGHT_TEXT = 0.85
# Fills darker than this can be redaction boxes (x-ray: luminance 100 of 255), if no side is this thin.
DARK_FILL = 0.4
MIN_BOX_SIDE = 4.0
# Rules and borders (fills this thin) cannot be a background text is set on.
MIN_BACKGROUND = 3.0
# MuPDF structured-text character flags: drawn by filling, by stroking.
_FILLED, _STROKED = 16, 32
# A rendered area this dark or darker (0–255 grey) is a redaction box, not a background.
DARK_GREY = 100
# Boxes rendered one by one per page before the whole page is rendered once instead, and at what zoom.
_CLIP_RENDERS = 4
_PAGE_ZOOM = 2.0


@dataclass
class Span:
    """A run of text drawn in one font and colour: its box, draw order, chars and whether it can be seen."""

    x0: float
    y0: float
    x1: float
    y1: float
    seqno: int
    color: tuple[float, ...]
    size: float
    invisible: bool
    horizontal: bool  # written left to right along the page's x axis
    chars: tuple  # (unicode, glyph, origin, bbox) per character, as MuPDF's text trace gives them

    @property
    def text(self) -> str:
        return "".join(chr(c[0]) for c in self.chars)


@dataclass
class Fill:
    """One opaque filled shape (a rectangle, or the box around another shape) and when it was drawn."""

    x0: float
    y0: float
    x1: float
    y1: float
    seqno: int
    color: tuple[float, ...]


@dataclass
class PageContent:
    """The page's text spans and filled shapes, read once and shared by every check; images read on demand."""

    page: Any
    spans: list[Span]
    fills: list[Fill]
    drawing_count: int
    traced_chars: int | None  # characters (not spaces) MuPDF drew or placed invisibly; None when not traced
    renders: int = 0
    _images: list[tuple[float, float, float, float]] | None = field(default=None, repr=False)
    _page_pixmap: Any = field(default=None, repr=False)

    @classmethod
    def read(cls, page: Any, *, textpage: Any = None) -> PageContent:
        """Read the page's fills, and its text trace unless `textpage` shows the trace has nothing to tell."""
        drawings = page.get_cdrawings()
        fills = []
        for drawing in drawings:
            color = drawing.get("fill")
            if color is None or drawing.get("fill_opacity", 1.0) < 1.0:
                continue
            for box in _shape_boxes(drawing):
                fills.append(Fill(*box, seqno=drawing.get("seqno", 0), color=tuple(color)))
        if textpage is not None and plain_text_styles(page, textpage, fills):
            return cls(page, [], fills, len(drawings), None)
        spans = []
        for raw in page.get_texttrace():
            chars = raw["chars"]
            if not chars:
                continue
            x0, y0, x1, y1 = raw["bbox"]
            invisible = raw["type"] in INVISIBLE_TYPES or (raw.get("opacity") or 0.0) <= 0.0
            direction = raw.get("dir") or (1.0, 0.0)
            spans.append(Span(x0, y0, x1, y1, raw["seqno"], tuple(raw["color"] or (0.0,)), raw["size"] or 0.0,
                              invisible, direction[0] > 0.99 and abs(direction[1]) < 0.01, chars))
        traced = sum(1 for s in spans for c in s.chars if not chr(c[0]).isspace())
        return cls(page, [s for s in spans if not is_ecf_stamp(s)], fills, len(drawings), traced)

    @property
    def lists_images(self) -> bool:
        """The page's resources name an image (cheap; inline images are not listed, see `images`)."""
        return bool(self.page.get_images())

    @property
    def images(self) -> list[tuple[float, float, float, float]]:
        """Boxes of the images drawn on the page (unrotated page space, as text and drawings are)."""
        if self._images is None:
            self._images = [tuple(info["bbox"]) for info in self.page.get_image_info()]
        return self._images


def plain_text_styles(page: Any, textpage: Any, fills: list[Fill]) -> bool:
    """Nothing in the page's text styles can hide text: every span is painted, opaque and darker than
    LIGHT_TEXT, none is in the colour of a background fill, none touches a dark box, and no image is named.

    Reads the structured text MuPDF already built for the words (about a third of the cost of a text trace);
    when it says the page is plain, the trace is skipped. Anything unusual means the trace is read.
    """
    spans = [
        span
        for block in textpage.extractDICT()["blocks"] if block.get("type", 0) == 0
        for line in block["lines"]
        for span in line["spans"]
    ]
    if not spans:
        return True
    if page.get_images():
        return False  # an image may be a box laid over words, or a scan under an OCR layer
    backgrounds = {colour_key(f.color) for f in fills if f.x1 - f.x0 > MIN_BACKGROUND and f.y1 - f.y0 > MIN_BACKGROUND}
    dark = [(f.x0, f.y0, f.x1, f.y1) for f in fills if f.x1 - f.x0 > MIN_BOX_SIDE and f.y1 - f.y0 > MIN_BOX_SIDE
            and luminance(f.color) <= DARK_FILL]
    for span in spans:
        if span.get("alpha", 255) == 0 or not span.get("char_flags", _FILLED) & (_FILLED | _STROKED):
            return False
        srgb = span.get("color", 0)
        rgb = ((srgb >> 16) / 255, ((srgb >> 8) & 255) / 255, (srgb & 255) / 255)
        if luminance(rgb) >= LIGHT_TEXT or colour_key(rgb) in backgrounds:
            return False
        if dark and any(overlap_area(span["bbox"], box) > 0 for box in dark):
            return False
    return True


def colour_key(color: tuple[float, ...]) -> tuple[int, ...]:
    """A colour, coarsely, as RGB (so that grey, RGB and CMYK fills compare with sRGB text colours)."""
    if len(color) == 1:
        color = (color[0],) * 3
    elif len(color) == 4:
        c, m, y, k = color
        color = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return tuple(round(c * 20) for c in color)


def _shape_boxes(drawing: dict) -> list[tuple[float, float, float, float]]:
    """Each rectangle of a drawing separately (a multi-line redaction is several), else the shape's own box."""
    boxes = []
    for item in drawing.get("items", ()):
        if item[0] == "re":
            x0, y0, x1, y1 = item[1]
            boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        elif item[0] == "qu":
            xs = [p[0] for p in item[1]]
            ys = [p[1] for p in item[1]]
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    if not boxes:
        x0, y0, x1, y1 = drawing["rect"]
        boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return boxes


def is_ecf_stamp(span: Span) -> bool:
    return span.y0 < _STAMP_BAND and len(span.chars) > 12 and bool(ECF_STAMP_RE.search(span.text))


def luminance(color: tuple[float, ...]) -> float:
    """Perceived brightness 0 (black) – 1 (white) of a grey, RGB or CMYK colour as MuPDF reports it."""
    if len(color) == 3:
        r, g, b = color
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(color) == 4:
        c, m, y, k = color
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
        return 0.299 * r + 0.587 * g + 0.114 * b
    return color[0] if color else 0.0


def overlap_area(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def _grey_range(pixmap: Any, x0: int, y0: int, x1: int, y1: int) -> tuple[int, int] | None:
    """(darkest, lightest) grey of the pixmap's pixels in [x0, x1) × [y0, y1), None if that is empty."""
    x0, y0 = max(x0, 0), max(y0, 0)
    x1, y1 = min(x1, pixmap.width), min(y1, pixmap.height)
    if x1 <= x0 or y1 <= y0:
        return None
    samples, stride = pixmap.samples, pixmap.stride
    darkest, lightest = 255, 0
    for y in range(y0, y1):
        row = samples[y * stride + x0 : y * stride + x1]
        darkest, lightest = min(darkest, min(row)), max(lightest, max(row))
    return darkest, lightest


def rendered_grey(content: PageContent, box: tuple[float, float, float, float]) -> tuple[int, int] | None:
    """Render `box` (unrotated page space) as grey and return the (darkest, lightest) pixel inside its 1-px border.

    None when the box is too small to have an inside. This is what a reader sees, whatever the drawing order.
    A clip is rendered for the first few boxes of a page; after that the whole page is rendered once and reused,
    since every clip costs a pass over the page's content.
    """
    import pymupdf

    page = content.page
    rect = pymupdf.Rect(box)
    if page.rotation:
        rect = rect * page.rotation_matrix
    rect &= page.rect
    if rect.is_empty:
        return None
    content.renders += 1
    if content.renders > _CLIP_RENDERS:
        if content._page_pixmap is None:
            content._page_pixmap = page.get_pixmap(matrix=pymupdf.Matrix(_PAGE_ZOOM, _PAGE_ZOOM),
                                                   colorspace=pymupdf.csGRAY, alpha=False)
        origin = page.rect
        irect = pymupdf.Rect((rect.x0 - origin.x0) * _PAGE_ZOOM, (rect.y0 - origin.y0) * _PAGE_ZOOM,
                             (rect.x1 - origin.x0) * _PAGE_ZOOM, (rect.y1 - origin.y0) * _PAGE_ZOOM).irect
        if irect.width <= 2 or irect.height <= 2:
            return None
        return _grey_range(content._page_pixmap, irect.x0 + 1, irect.y0 + 1, irect.x1 - 1, irect.y1 - 1)
    # Small text is rendered larger, so that a glyph covers whole pixels.
    zoom = 1.0 if min(rect.width, rect.height) >= 12 else 3.0
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=rect, colorspace=pymupdf.csGRAY, alpha=False)
    if pixmap.width <= 2 or pixmap.height <= 2:
        return None
    return _grey_range(pixmap, 1, 1, pixmap.width - 1, pixmap.height - 1)
