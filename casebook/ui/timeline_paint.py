"""Drawing the timeline with any QPainter: colours, marks, axis and chart, and the figure exported as PNG or PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPalette,
    QPdfWriter,
    QPen,
)

from casebook.core.timeline import (
    BAND_TITLES,
    Placed,
    TimelineLayout,
    chronological,
    legend,
)

if TYPE_CHECKING:
    from casebook.ui.timeline_view import TimelineCanvas

SIDE = 12.0  # free room left and right of the axis


@dataclass(frozen=True)
class Colours:
    background: QColor
    text: QColor
    muted: QColor
    band: QColor
    rule: QColor

    @classmethod
    def light(cls) -> Colours:
        return cls(QColor("#ffffff"), QColor("#1c1c20"), QColor("#6c6c74"), QColor("#f3f3f6"), QColor("#d6d6dc"))

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        return cls(base, text, palette.color(QPalette.ColorRole.PlaceholderText),
                   base.lighter(125) if dark else base.darker(104), base.lighter(160) if dark else base.darker(118))


def measure_with(font: QFont, device=None):
    """A cached text-width function for `font` (on `device`, e.g. a PDF writer, when given)."""
    metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
    cache: dict[str, float] = {}

    def measure(text: str) -> float:
        width = cache.get(text)
        if width is None:
            width = cache[text] = metrics.horizontalAdvance(text)
        return width
    return measure


def _draw_mark(painter: QPainter, placed: Placed, size: float, y_offset: float) -> None:
    colour = QColor(placed.item.colour)
    y = placed.mark_y + y_offset
    painter.setPen(QPen(colour.darker(120), 1))
    if placed.item.is_range:
        fill = QColor(colour)
        fill.setAlpha(150)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(placed.x0, y - size / 2.6, max(2.0, placed.x1 - placed.x0), size / 1.3), 2, 2)
        return
    painter.setBrush(colour)
    half = size / 2
    x = placed.x0
    if placed.item.kind == "document":
        painter.drawRect(QRectF(x - half * 0.8, y - half, half * 1.6, size))
    else:
        path = QPainterPath(QPointF(x, y - half))
        for px, py in ((x + half, y), (x, y + half), (x - half, y)):
            path.lineTo(px, py)
        path.closeSubpath()
        painter.drawPath(path)
    if placed.item.open_side:  # known only as a bound: an arrow toward the open side
        tip = x - size * 1.6 if placed.item.open_side == "before" else x + size * 1.6
        painter.drawLine(QPointF(x, y), QPointF(tip, y))


def paint_axis(painter: QPainter, layout: TimelineLayout, colours: Colours, font: QFont, axis_y: float) -> None:
    """The axis line at `axis_y` with its ticks, tick labels and the month or year under them."""
    axis, scale = layout.axis, layout.scale
    left, right = axis.x0 - SIDE + 2, axis.x0 + axis.width + SIDE - 2
    fm = QFontMetricsF(font, painter.device())
    painter.setFont(font)
    painter.setPen(QPen(colours.text, 1))
    assert scale is not None  # lay_out always sets the scale
    for tick in scale.ticks:
        painter.drawLine(QPointF(tick.x, axis_y), QPointF(tick.x, axis_y + (6 if tick.major else 3)))
        painter.drawText(QPointF(tick.x - fm.horizontalAdvance(tick.label) / 2, axis_y + 8 + fm.ascent()), tick.label)
    painter.setPen(QPen(colours.text, 1.2))
    painter.drawLine(QPointF(left, axis_y), QPointF(right, axis_y))
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    for context in scale.context:
        painter.drawText(QPointF(max(axis.x0, context.x), axis_y + 10 + fm.ascent() + fm.height()), context.label)
    painter.setFont(font)


def paint_timeline(painter: QPainter, layout: TimelineLayout, colours: Colours, font: QFont, *, top: float = 0.0,
                   selected: tuple[str, int] | None = None, with_axis: bool = True) -> None:
    """Draw a core layout: bands, grid and (`with_axis`) the axis with ticks, then each item's mark and label."""
    m, axis = layout.metrics, layout.axis
    left, right = axis.x0 - SIDE + 2, axis.x0 + axis.width + SIDE - 2
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(font)
    for band, (band_top, band_bottom) in layout.bands.items():
        painter.fillRect(QRectF(left, top + band_top, right - left, band_bottom - band_top), colours.band)
        painter.setPen(colours.muted)
        painter.setFont(bold)
        painter.drawText(QPointF(left + 4, top + band_top + m.font_size + 3), BAND_TITLES[band])
        painter.setFont(font)
    axis_y = top + layout.axis_y if with_axis else top + layout.height
    painter.setPen(QPen(colours.rule, 1))
    for tick in layout.scale.ticks if layout.scale is not None else ():
        painter.drawLine(QPointF(tick.x, top), QPointF(tick.x, axis_y))
    if with_axis:
        paint_axis(painter, layout, colours, font, axis_y)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for placed in layout.placed:
        if placed.item.key == selected:
            highlight = QColor(placed.item.colour)
            highlight.setAlpha(40)
            painter.fillRect(QRectF(placed.left - 2, top + placed.top + 1, placed.right - placed.left + 4,
                                    placed.bottom - placed.top - 2), highlight)
        _draw_mark(painter, placed, m.mark_size, top)
        painter.setPen(colours.text)
        painter.drawText(QPointF(placed.label_x, top + placed.label_y), placed.label)



def paint_figure(painter: QPainter, canvas: TimelineCanvas, width: float, height: float, *, title: str,
                 subtitle: str, font: QFont) -> float:
    """Title, legend, the chart of the visible span and its numbered key, on a white page; returns the height
    used (draws nothing past `height`)."""
    colours = Colours.light()
    painter.fillRect(QRectF(0, 0, width, height), colours.background)
    device = painter.device()
    fm = QFontMetricsF(font, device)
    big = QFont(font)
    big.setPointSizeF(font.pointSizeF() * 1.5)
    big.setBold(True)
    painter.setPen(colours.text)
    painter.setFont(big)
    y = QFontMetricsF(big, device).height()
    painter.drawText(QPointF(SIDE, y), title)
    painter.setFont(font)
    painter.setPen(colours.muted)
    y += fm.height() + 2
    painter.drawText(QPointF(SIDE, y), subtitle)
    y += fm.height() + 6
    x = SIDE
    chip = fm.ascent() * 0.85
    for text, colour in legend():
        painter.fillRect(QRectF(x, y - chip, chip, chip), QColor(colour))
        painter.setPen(colours.text)
        painter.drawText(QPointF(x + chip + 5, y), text)
        x += chip + 5 + fm.horizontalAdvance(text) + 20
    y += fm.height()
    layout = canvas.figure_layout(width, font, device)
    paint_timeline(painter, layout, colours, font, top=y)
    y += layout.height + fm.height()
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(colours.text)
    painter.drawText(QPointF(SIDE, y), "Key")
    y += fm.height() * 0.5
    painter.setFont(font)
    number_width = chip + 6 + fm.horizontalAdvance("000")
    date_width = fm.horizontalAdvance("between Sept. 30, 2025 and ")
    text_width = width - 2 * SIDE - number_width - date_width
    flags = Qt.TextFlag.TextWordWrap
    drawn = {p.item.key for p in layout.placed}
    for number, item in enumerate(chronological(canvas.items), start=1):
        if item.key not in drawn:
            continue  # out of the visible span
        what = f"Claim [{item.status}]" if item.kind == "claim" else "Document"
        text = f"{what}: {item.detail or item.label}"
        rect = fm.boundingRect(QRectF(0, 0, text_width, 10_000), flags, text)
        date_rect = fm.boundingRect(QRectF(0, 0, date_width - 8, 10_000), flags, item.date_text)
        row = max(rect.height(), date_rect.height()) + 4
        if y + row > height:
            break
        painter.fillRect(QRectF(SIDE, y + fm.ascent() - chip + 1, chip, chip), QColor(item.colour))
        painter.setPen(colours.text)
        painter.drawText(QRectF(SIDE + chip + 4, y, number_width - chip - 4, row), str(number))
        painter.setPen(colours.muted)
        painter.drawText(QRectF(SIDE + number_width, y, date_width - 8, row), flags, item.date_text)
        painter.setPen(colours.text)
        painter.drawText(QRectF(SIDE + number_width + date_width, y, text_width, row), flags, text)
        y += row
    return y + 8


def export_png(canvas: TimelineCanvas, path: Path, *, title: str, subtitle: str, width: int = 1600) -> Path:
    """The figure as a PNG, twice the pixels of `width` logical units for print."""
    font = QFont(canvas.font())
    font.setPointSizeF(10)
    probe = QImage(1, 1, QImage.Format.Format_ARGB32)
    painter = QPainter(probe)
    needed = paint_figure(painter, canvas, width, 100_000, title=title, subtitle=subtitle, font=font)
    painter.end()
    ratio = 2
    image = QImage(width * ratio, int(needed) * ratio, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    paint_figure(painter, canvas, width, needed, title=title, subtitle=subtitle, font=font)
    painter.end()
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]  # the stub wants bytes, Qt takes str
        raise OSError(f"could not write {path}")
    return path


def export_pdf(canvas: TimelineCanvas, path: Path, *, title: str, subtitle: str) -> Path:
    """The figure as a vector PDF on a landscape Letter page, fonts embedded, text searchable."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Casebook")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Landscape,
                                     QMarginsF(36, 36, 36, 36), QPageLayout.Unit.Point))
    writer.setResolution(96)  # units of 1/96 inch, as on screen; text is measured on the writer itself
    painter = QPainter(writer)
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    font = QFont(canvas.font())
    font.setPointSizeF(8)
    paint_figure(painter, canvas, area.width(), area.height(), title=title, subtitle=subtitle, font=font)
    painter.end()
    return path
