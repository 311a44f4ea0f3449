"""HTML to paginated Letter pages with PyMuPDF's Story: the bundle's own pages and article exhibits.

No archive is given to the Story, so nothing outside the HTML string can be loaded; the HTML given here is
already sanitised and stripped of images and remote references.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from typing import Any

from casebook.core.documents import WordBox
from casebook.pdf.text import page_text

log = logging.getLogger(__name__)

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class LinkSpot:
    """Where an `<a href>` landed: 0-based page of the rendered HTML, its rectangle and its target."""

    page: int
    rect: Rect
    href: str


@dataclass
class RenderedHtml:
    """A rendered HTML document as PDF bytes, its page count and its link rectangles."""

    pdf: bytes
    page_count: int
    links: list[LinkSpot] = field(default_factory=list)


def render_html(html: str, *, css: str, page_size: tuple[float, float], margins: Rect) -> RenderedHtml:
    """Lay `html` out on pages of `page_size`, inside `margins` (left, top, right, bottom)."""
    import pymupdf

    width, height = page_size
    left, top, right, bottom = margins
    mediabox = pymupdf.Rect(0, 0, width, height)
    where = pymupdf.Rect(left, top, width - right, height - bottom)
    story = pymupdf.Story(html=html, user_css=css, archive=None)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    fragments: list[tuple[int, str, tuple[float, float, float, float]]] = []
    page = 0
    more = True
    while more:
        device = writer.begin_page(mediabox)
        more, _ = story.place(where)
        # element_positions may only run between place() and draw(); it reports each link word by word.
        story.element_positions(_collector(fragments), {"page_num": page})
        story.draw(device)
        writer.end_page()
        page += 1
        if page > 20_000:
            raise RuntimeError("HTML layout does not terminate")
    writer.close()
    return RenderedHtml(buffer.getvalue(), page, _merge(fragments))


def _collector(fragments: list) -> Any:
    def collect(position: Any) -> None:
        href = getattr(position, "href", None)
        if href:
            fragments.append((position.page_num, href, tuple(position.rect)))
    return collect


def _merge(fragments: list[tuple[int, str, tuple[float, float, float, float]]]) -> list[LinkSpot]:
    """One rectangle per link per line: consecutive fragments of the same link on the same line join."""
    spots: list[list] = []
    for page, href, rect in fragments:
        last = spots[-1] if spots else None
        if last and last[0] == page and last[2] == href and abs(last[1][1] - rect[1]) < 1.0:
            r = last[1]
            last[1] = (min(r[0], rect[0]), min(r[1], rect[1]), max(r[2], rect[2]), max(r[3], rect[3]))
        else:
            spots.append([page, rect, href])
    return [LinkSpot(p, r, h) for p, r, h in spots]


@dataclass(frozen=True)
class TextPage:
    """A page's text and word boxes as Casebook reconstructs them (the `PageTextLike` of core.anchoring)."""

    number: int
    text: str
    words: tuple[WordBox, ...]


def pdf_page_texts(pdf: bytes) -> list[TextPage]:
    """Every page of an in-memory PDF as text with word boxes, numbered from 1."""
    import pymupdf

    with pymupdf.open("pdf", pdf) as doc:
        pages = []
        for index, page in enumerate(doc):
            extracted = page_text(page)
            pages.append(TextPage(index + 1, extracted.text, tuple(extracted.word_boxes())))
        return pages
