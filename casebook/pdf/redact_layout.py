"""The words a redaction must leave in place, the check that they stayed put, and the image rebuild when they did not.

MuPDF's `apply_redactions` rewrites the text of the lines it touches, and on some fonts (kerned or justified
text) the rest of such a line moves left by several points, so its first letters slide under the box (PyMuPDF
issues #2210, #2957, #3278). Every word outside the boxes is recorded before the redaction is applied and looked
for afterwards at the same place; a page where any of them moved or changed is rebuilt from the original: a
300 dpi picture with the boxes blanked into its pixels, the same boxes burned in again, and the kept words
written invisibly at their original places, so search, quotes and Bates stamping still work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Rect = tuple[float, float, float, float]
Word = tuple[Rect, str]
TOLERANCE = 0.5  # points a kept word may move before the page counts as damaged
REBUILD_DPI = 300
LAYER_FONT = "helv"
LAYER_NAME = "CBLayer"
LINE_SHARE = 0.3  # a box covering this share of a word's height is on the word's line


@dataclass(frozen=True)
class Box:
    """One redaction box on a page and the partial form printed in it ("" for a plain black box)."""

    rect: Rect
    text: str


def page_words(page: Any) -> list[Word]:
    return [((w[0], w[1], w[2], w[3]), w[4]) for w in page.get_text("words")]


def kept_words(page: Any, boxes: Sequence[Box]) -> list[Word]:
    """The page's words that no redaction box touches: what must read exactly as before."""
    return [w for w in page_words(page) if not any(touches(b.rect, w[0]) for b in boxes)]


def touches(box: Rect, word: Rect) -> bool:
    """The box covers any part of the word's width on its line; a box only grazing the line above or below
    (its padding, tight leading) does not touch it."""
    across = min(box[2], word[2]) - max(box[0], word[0])
    down = min(box[3], word[3]) - max(box[1], word[1])
    return across > 0 and down > LINE_SHARE * max(word[3] - word[1], 0.0)


def moved_words(page: Any, kept: Sequence[Word], tolerance: float = TOLERANCE) -> list[Word]:
    """The kept words no longer found on the page with the same text at (nearly) the same place."""
    now: dict[str, list[Rect]] = {}
    for rect, text in page_words(page):
        now.setdefault(text, []).append(rect)
    return [(rect, text) for rect, text in kept
            if not any(all(abs(a - b) <= tolerance for a, b in zip(rect, other, strict=True))
                       for other in now.get(text, ()))]


def rebuild_page(doc: Any, original: Any, index: int, boxes: Sequence[Box], kept: Sequence[Word],
                 burn: Callable[[Any, Sequence[Box]], None]) -> Any:
    """Replace page `index` of `doc` by a picture of the same page of `original` with the boxes burned in
    (`burn` adds and applies them as the vector redaction does) and an invisible layer of the kept words."""
    import pymupdf

    source = original[index]
    rotation = source.rotation
    source.set_rotation(0)  # words and boxes are in unrotated page space: draw the picture in it too
    pix = source.get_pixmap(dpi=REBUILD_DPI, annots=False, alpha=False)
    width, height = source.rect.width, source.rect.height
    source.set_rotation(rotation)
    scale = pymupdf.Matrix(pix.width / width, pix.height / height)
    for box in boxes:  # the pixels under a box never reach the file
        area = (pymupdf.Rect(box.rect) * scale).irect
        pix.set_rect(pymupdf.IRect(area.x0 - 1, area.y0 - 1, area.x1 + 1, area.y1 + 1) & pix.irect, (0, 0, 0))
    doc.delete_page(index)
    page = doc.new_page(index, width=width, height=height)
    page.insert_image(page.rect, pixmap=_grey_if_possible(pix))
    burn(page, boxes)
    page.insert_font(fontname=LAYER_NAME, fontbuffer=_layer_font().buffer)  # embedded: curly quotes, dashes, accents
    for rect, text in kept:
        write_invisible(page, rect, text)
    page.set_rotation(rotation)
    return page


def _grey_if_possible(pix: Any) -> Any:
    """A page with no colour as a one-channel picture: a third of the size."""
    import pymupdf

    samples = pix.samples
    if pix.n == 3 and samples[0::3] == samples[1::3] == samples[2::3]:
        return pymupdf.Pixmap(pymupdf.csGRAY, pix)
    return pix


@functools.cache
def _layer_font() -> Any:
    import pymupdf

    return pymupdf.Font(LAYER_FONT)


def write_invisible(page: Any, rect: Rect, text: str) -> None:
    """The word as invisible text (render mode 3) whose extracted box is `rect`: height by font size, width by
    a horizontal scale."""
    import pymupdf

    x0, y0, x1, y1 = rect
    font = _layer_font()
    size = (y1 - y0) / (font.ascender - font.descender)
    length = font.text_length(text, fontsize=size) if size > 0 else 0.0
    if size <= 0 or length <= 0 or x1 <= x0:
        return
    origin = pymupdf.Point(x0, y0 + font.ascender * size)
    page.insert_text(origin, text, fontname=LAYER_NAME, fontsize=size, render_mode=3,
                     morph=(origin, pymupdf.Matrix((x1 - x0) / length, 1)))
