"""The timeline as PDF pages (a bundle appendix or a figure): the core layout drawn with PyMuPDF, then a key."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pymupdf

from casebook.core.timeline import (
    BAND_TITLES,
    Metrics,
    Placed,
    TimelineItem,
    chronological,
    fit_axis,
    lay_out,
    legend,
    merge_by_date,
)
from casebook.pdf.bundle_html import RenderedHtml
from casebook.pdf.bundle_stamp import HTML_MARGINS

log = logging.getLogger(__name__)

LETTER = (612.0, 792.0)
_INK = (0.1, 0.1, 0.12)
_GREY = (0.45, 0.45, 0.5)
_RULE = (0.78, 0.78, 0.82)
_BAND = (0.96, 0.96, 0.97)
# Chart metrics from roomy to tight: the first whose chart leaves half the page for the key wins.
_METRICS = (
    Metrics(font_size=8.0, lane_height=21.0, mark_size=7.0, band_title=15.0, band_gap=8.0, label_gap=8.0,
            max_label=190.0, axis_height=30.0, top=0.0),
    Metrics(font_size=7.0, lane_height=18.0, mark_size=6.0, band_title=14.0, band_gap=6.0, label_gap=6.0,
            max_label=100.0, axis_height=30.0, top=0.0),
    Metrics(font_size=7.0, lane_height=18.0, mark_size=6.0, band_title=14.0, band_gap=6.0, label_gap=4.0,
            max_label=40.0, axis_height=30.0, top=0.0),  # numbers only
)


@lru_cache(maxsize=4)
def _font(name: str) -> pymupdf.Font:
    return pymupdf.Font(name)


def _font_for(text: str, bold: bool = False) -> pymupdf.Font:
    """Helvetica when it has every glyph; else MuPDF's CJK fallback font (which also covers Latin)."""
    base = _font("hebo" if bold else "helv")
    if all(base.has_glyph(ord(c)) for c in text if not c.isspace()):
        return base
    return _font("cjk")


def _measure(size: float, bold: bool = False) -> Any:
    def measure(text: str) -> float:
        return _font_for(text, bold).text_length(text, fontsize=size)
    return measure


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


class _Pen:
    """Text on one page, gathered by font and colour and written over the shapes in one go (`flush`), so each
    font is one resource of the page; each text gets a font that carries the glyphs it needs."""

    def __init__(self, page: pymupdf.Page) -> None:
        self.page = page
        self._writers: dict[tuple[str, tuple], pymupdf.TextWriter] = {}

    def text(self, x: float, y: float, text: str, *, size: float, colour: Any=_INK, bold: bool = False) -> None:
        if not text:
            return
        font = _font_for(text, bold)
        key = (font.name, tuple(colour))
        writer = self._writers.get(key)
        if writer is None:
            writer = self._writers[key] = pymupdf.TextWriter(self.page.rect, color=colour)
        writer.append((x, y), text, font=font, fontsize=size)

    def flush(self) -> None:
        for writer in self._writers.values():
            writer.write_text(self.page)
        self._writers.clear()

    def wrap(self, text: str, width: float, *, size: float, bold: bool = False) -> list[str]:
        measure = _measure(size, bold)
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if measure(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        return [*lines, line] if line else lines


def _draw_mark(page: pymupdf.Page, placed: Placed, size: float) -> None:
    colour = _rgb(placed.item.colour)
    y = placed.mark_y
    if placed.item.is_range:
        page.draw_rect(pymupdf.Rect(placed.x0, y - size / 2.6, max(placed.x1, placed.x0 + 2), y + size / 2.6),
                       color=colour, fill=colour, fill_opacity=0.55, width=0.6)
        return
    half = size / 2
    x = placed.x0
    if placed.item.kind == "document":
        page.draw_rect(pymupdf.Rect(x - half * 0.8, y - half, x + half * 0.8, y + half), color=colour, fill=colour)
    else:
        points = [(x, y - half), (x + half, y), (x, y + half), (x - half, y), (x, y - half)]
        page.draw_polyline(points, color=colour, fill=colour, width=0.6, closePath=True)
    if placed.item.open_side:  # a bound: an arrow toward the open side
        tip = x - size * 1.6 if placed.item.open_side == "before" else x + size * 1.6
        page.draw_line((x, y), (tip, y), color=colour, width=1.0)


def _draw_chart(page: pymupdf.Page, pen: _Pen, items: Sequence[TimelineItem], left: float, top: float,
                width: float, height: float) -> float:
    """Draw the timeline in the box; returns the y below it."""
    layout = None
    for metrics in _METRICS:  # roomier labels first; then merged, numbered marks; then fewer lanes
        numbers_only = metrics is _METRICS[-1]
        if not numbers_only:  # the label lengths above suit a portrait page; a wider figure allows longer ones
            metrics = replace(metrics, max_label=metrics.max_label * max(1.0, width / 504))
        drawn = merge_by_date(items) if numbers_only else list(items)
        axis = fit_axis(drawn, left, width, margin=0.03)
        measure = _measure(metrics.font_size)
        layout = lay_out(drawn, axis, measure, metrics=metrics, numbered=not numbers_only, clip=False)
        if layout.height <= height:
            break
    assert layout is not None  # _METRICS is never empty
    lanes = max(p.lane for p in layout.placed) + 1 if layout.placed else 1
    while layout.height > height and lanes > 1:  # the rest are only in the key
        lanes -= 1
        layout = lay_out(drawn, axis, measure, metrics=metrics, clip=False, max_lanes=lanes)
    m = layout.metrics
    for band, (band_top, band_bottom) in layout.bands.items():
        page.draw_rect(pymupdf.Rect(left, top + band_top, left + width, top + band_bottom), color=None, fill=_BAND)
        pen.text(left + 3, top + band_top + m.font_size + 2, BAND_TITLES[band], size=m.font_size, colour=_GREY,
                 bold=True)
    axis_y = top + layout.axis_y
    page.draw_line((left, axis_y), (left + width, axis_y), color=_INK, width=0.8)
    scale = layout.scale
    assert scale is not None  # lay_out always sets the scale
    for tick in scale.ticks:
        page.draw_line((tick.x, axis_y), (tick.x, axis_y + (5 if tick.major else 3)), color=_INK, width=0.6)
        page.draw_line((tick.x, top), (tick.x, axis_y), color=_RULE, width=0.3)
        label_width = _measure(m.font_size)(tick.label)
        pen.text(tick.x - label_width / 2, axis_y + 6 + m.font_size, tick.label, size=m.font_size)
    for context in scale.context:
        pen.text(max(left, context.x), axis_y + 10 + 2 * m.font_size, context.label, size=m.font_size, bold=True)
    for placed in layout.placed:
        _draw_mark(page, replace(placed, mark_y=top + placed.mark_y), m.mark_size)
        pen.text(placed.label_x, top + placed.label_y, placed.label, size=m.font_size)
    if layout.hidden:
        pen.text(left, top + layout.height + 4, f"{layout.hidden} more item(s) on crowded dates are listed only "
                 "in the key.", size=m.font_size, colour=_GREY)
        return top + layout.height + 8
    return top + layout.height


def _draw_legend(pen: _Pen, page: pymupdf.Page, left: float, y: float, width: float) -> float:
    x = left
    size = 8.0
    for text, colour in legend():
        text_width = _measure(size)(text)
        if x + 14 + text_width > left + width:
            x, y = left, y + 13
        page.draw_rect(pymupdf.Rect(x, y - 7, x + 9, y + 1), color=_rgb(colour), fill=_rgb(colour))
        pen.text(x + 12, y, text, size=size)
        x += 12 + text_width + 16
    return y + 8


def timeline_pages(items: Sequence[TimelineItem], *, title: str, subtitle: str = "",
                   page_size: tuple[float, float] = LETTER,
                   margins: tuple[float, float, float, float] = HTML_MARGINS) -> RenderedHtml:
    """The timeline figure on the first page, its numbered key (full text, dates, status) after it."""
    doc = pymupdf.open()
    width, height = page_size
    left, top, right, bottom = margins
    inner = width - left - right
    page = doc.new_page(width=width, height=height)
    pen = _Pen(page)
    y = top + 14
    pen.text(left, y, title, size=14, bold=True)
    if subtitle:
        for line in pen.wrap(subtitle, inner, size=9):
            y += 13
            pen.text(left, y, line, size=9, colour=_GREY)
    y = _draw_legend(pen, page, left, y + 18, inner) + 10
    if items:
        y = _draw_chart(page, pen, items, left, y, inner, (height - bottom - y) * 0.6) + 18
    else:
        pen.text(left, y + 12, "Nothing dated to draw.", size=10, colour=_GREY)
        y += 30
    size, number_width, date_width = 8.0, 22.0, 118.0
    text_width = inner - number_width - date_width
    pen.text(left, y, "Key", size=10, bold=True)
    y += 14
    for number, item in enumerate(chronological(items), start=1):
        what = f"[{item.status}] " if item.kind == "claim" and item.status else ""
        kind = "Claim" if item.kind == "claim" else "Document"
        lines = pen.wrap(f"{kind}: {what}{item.detail or item.label}", text_width, size=size)
        dates = pen.wrap(item.date_text, date_width - 8, size=size)
        needed = max(len(lines), len(dates)) * (size + 2.5) + 4
        if y + needed > height - bottom:
            pen.flush()
            page = doc.new_page(width=width, height=height)
            pen = _Pen(page)
            y = top + 10
            pen.text(left, y, "Key (continued)", size=10, bold=True)
            y += 14
        page.draw_rect(pymupdf.Rect(left, y - size + 1, left + 8, y + 1), color=_rgb(item.colour),
                       fill=_rgb(item.colour))
        pen.text(left + 11, y, str(number), size=size, bold=True)
        for i, line in enumerate(dates):
            pen.text(left + number_width, y + i * (size + 2.5), line, size=size, colour=_GREY)
        for i, line in enumerate(lines):
            pen.text(left + number_width + date_width, y + i * (size + 2.5), line, size=size)
        y += needed
    pen.flush()
    doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True)
    count = doc.page_count
    doc.close()
    return RenderedHtml(pdf=data, page_count=count)


@dataclass
class AppendixPages(RenderedHtml):
    """Appendix pages after the exhibits, with the bookmark title and first page (0-based) of each section."""

    sections: tuple[tuple[str, int], ...] = ()


def append_pages(first: RenderedHtml | None, more: RenderedHtml, *, heading: str = "Timeline",
                 first_heading: str = "Claim–Evidence Chart") -> AppendixPages:
    """`more`'s pages (a section called `heading`) after `first`'s, whose links keep their page numbers."""
    if first is None:
        return AppendixPages(pdf=more.pdf, page_count=more.page_count, sections=((heading, 0),))
    doc = pymupdf.open("pdf", first.pdf)
    extra = pymupdf.open("pdf", more.pdf)
    doc.insert_pdf(extra)
    extra.close()
    data = doc.tobytes(garbage=3, deflate=True)
    count = doc.page_count
    doc.close()
    sections = getattr(first, "sections", ()) or ((first_heading, 0),)
    return AppendixPages(pdf=data, page_count=count, links=list(first.links),
                         sections=(*sections, (heading, first.page_count)))


def first_page_png(pdf: bytes, *, dpi: int = 200) -> bytes:
    """The first page of a figure as PNG bytes (the chart and the start of its key)."""
    with pymupdf.open("pdf", pdf) as doc:
        return doc[0].get_pixmap(dpi=dpi).tobytes("png")
