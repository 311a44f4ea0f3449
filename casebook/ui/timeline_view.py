"""The Timeline dock: claims and documents on a zoomable time axis, filtered, clickable, exportable as a figure."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPalette,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from casebook.core.timeline import (
    BAND_TITLES,
    Axis,
    Metrics,
    Placed,
    TimelineItem,
    TimelineLayout,
    chronological,
    fit_axis,
    lay_out,
    legend,
)
from casebook.services.timeline import TimelineData, TimelineFilters

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
DRAG_THRESHOLD = 4
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


def _measure(font: QFont, device=None):
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


class TimelineCanvas(QWidget):
    """The drawing: wheel or +/- zoom around the cursor, drag to pan, 0 fits all, a click opens an item."""

    itemActivated = Signal(str, int)  # kind ("claim" | "document"), id
    viewChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TimelineCanvas")
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.items: list[TimelineItem] = []
        self.axis: Axis | None = None
        fm = QFontMetricsF(self.font())
        self.metrics = Metrics(font_size=fm.ascent(), lane_height=fm.height() + 12, band_title=fm.height() + 4,
                               band_gap=6.0, mark_size=8.0, top=2.0, axis_height=2 * fm.height() + 14)
        self.selected: tuple[str, int] | None = None
        self._layout: TimelineLayout | None = None
        self._press: QPointF | None = None
        self._dragged = False
        self._fitted = True  # refit on resize until the user zooms or pans
        self._measure = _measure(self.font())

    # --- model ----------------------------------------------------------------------------------------------
    def set_items(self, items: list[TimelineItem], *, keep_view: bool = False) -> None:
        self.items = list(items)
        if not keep_view or self.axis is None:
            self.axis, self._fitted = None, True  # fitted on the next layout
        self._relayout()

    def fit_all(self) -> None:
        self._fitted = True
        self.axis = fit_axis(self.items, SIDE, self._axis_width(), margin=0.03)
        self._relayout()

    def zoom_by(self, factor: float, at_x: float | None = None) -> None:
        if self.axis is None:
            self.fit_all()
        if self.axis is None:  # nothing to show
            return
        self.axis, self._fitted = self.axis.zoomed(factor, at_x), False
        self._relayout()

    def pan_by(self, dx: float) -> None:
        if self.axis is not None:
            self.axis, self._fitted = self.axis.panned(dx), False
            self._relayout()

    def layout_now(self) -> TimelineLayout:
        if self._layout is None:
            self._relayout()
        assert self._layout is not None  # _relayout always lays out
        return self._layout

    def _axis_width(self) -> float:
        return max(100.0, self.width() - 2 * SIDE)

    def _relayout(self) -> None:
        if self.axis is None:
            self.axis = fit_axis(self.items, SIDE, self._axis_width(), margin=0.03)
        metrics = replace(self.metrics, max_label=max(240.0, self.width() * 0.28))  # longer labels when wide
        self._layout = lay_out(self.items, self.axis, self._measure, metrics=metrics)
        self.setMinimumHeight(int(self._layout.axis_y))  # the axis is drawn by the strip below the scroll area
        self.update()
        self.viewChanged.emit()

    # --- painting and events -----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(800, int(self._layout.height) + 4 if self._layout else 260)

    def resizeEvent(self, event) -> None:
        if self._fitted:
            self.axis = None
        elif self.axis is not None:
            self.axis = self.axis.resized(SIDE, self._axis_width())
        self._relayout()
        super().resizeEvent(event)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        colours = Colours.from_palette(self.palette())
        painter.fillRect(self.rect(), colours.background)
        if not self.items:
            painter.setPen(colours.muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No dated claims or documents to draw. Give claims an event date, or clear the filters.")
            return
        paint_timeline(painter, self.layout_now(), colours, self.font(), selected=self.selected, with_axis=False)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120 or event.angleDelta().x() / 120
        if steps:
            self.zoom_by(ZOOM_STEP ** steps, event.position().x())
        event.accept()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._dragged = event.position(), False
            self.setFocus()

    def mouseMoveEvent(self, event) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            dx = event.position().x() - self._press.x()
            if self._dragged or abs(dx) >= DRAG_THRESHOLD:
                self._dragged = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.pan_by(dx)
                self._press = event.position()
            return
        hit = self.layout_now().item_at(event.position().x(), event.position().y()) if self.items else None
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None and not self._dragged:
            self.activate_at(event.position().x(), event.position().y())
        self._press, self._dragged = None, False
        self.unsetCursor()

    def activate_at(self, x: float, y: float) -> Placed | None:
        hit = self.layout_now().item_at(x, y) if self.items else None
        if hit is not None:
            self.selected = hit.item.key
            self.update()
            self.itemActivated.emit(hit.item.kind, hit.item.ident)
        return hit

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip and self.items:
            hit = self.layout_now().item_at(event.pos().x(), event.pos().y())
            if hit is None:
                QToolTip.hideText()
            else:
                item = hit.item
                what = f"Claim ({item.status})" if item.kind == "claim" else "Document"
                QToolTip.showText(event.globalPos(), f"<b>{escape(item.date_text)}</b> — {what}<br>"
                                  f"{escape(item.detail or item.label)}<br><i>Click to open</i>", self)
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit_all()
        elif key == Qt.Key.Key_Left:
            self.pan_by(self.width() / 8)
        elif key == Qt.Key.Key_Right:
            self.pan_by(-self.width() / 8)
        else:
            super().keyPressEvent(event)

    # --- figures ------------------------------------------------------------------------------------------------
    def figure_layout(self, width: float, font: QFont, device=None) -> TimelineLayout:
        """The visible span laid out again at `width` (measured as `device` draws), numbered for the key."""
        axis = self.axis or fit_axis(self.items, SIDE, self._axis_width())
        span = axis.last - axis.first
        wide = Axis(first=axis.first, per_unit=span / max(1.0, width - 2 * SIDE), x0=SIDE, width=width - 2 * SIDE)
        fm = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
        metrics = Metrics(font_size=fm.ascent(), lane_height=fm.height() + 14, band_title=fm.height() + 6,
                          band_gap=8.0, mark_size=9.0, max_label=width * 0.3, axis_height=2 * fm.height() + 16)
        return lay_out(self.items, wide, _measure(font, device), metrics=metrics, numbered=True)


class AxisStrip(QWidget):
    """The time axis under the scrolling lanes, so it stays in sight however many lanes there are."""

    def __init__(self, canvas: TimelineCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        fm = QFontMetricsF(self.font())
        self.setFixedHeight(int(2 * fm.height() + 16))
        canvas.viewChanged.connect(self.update)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        colours = Colours.from_palette(self.palette())
        painter.fillRect(self.rect(), colours.background)
        offset = self.canvas.mapTo(self.window(), QPointF(0, 0)).x() - self.mapTo(self.window(), QPointF(0, 0)).x()
        painter.translate(offset, 0)
        paint_axis(painter, self.canvas.layout_now(), colours, self.font(), 1.0)


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


class TimelinePanel(QWidget):
    """Filters, zoom buttons, legend and export above the canvas; asks for data through `dataRequested`."""

    dataRequested = Signal(object)  # TimelineFilters
    itemActivated = Signal(str, int)
    exported = Signal(str)
    failed = Signal(str, str)  # title, message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = TimelineData()
        self.case_title = ""
        self.canvas = TimelineCanvas(self)
        self.canvas.itemActivated.connect(self.itemActivated)
        self.issue_box, self.tag_box, self.person_box = (self._combo(name) for name in ("issue", "tag", "person"))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for label, box in (("Issue", self.issue_box), ("Tag", self.tag_box), ("Person", self.person_box)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(box, 1)
        self.zoom_out_button = self._button("−", "Zoom out (−)", lambda: self.canvas.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button = self._button("+", "Zoom in (+)", lambda: self.canvas.zoom_by(ZOOM_STEP))
        self.fit_button = self._button("Fit", "Show every item (0)", self.canvas.fit_all)
        self.export_button = self._button("Export", "Save the visible span as a PDF or PNG figure", None)
        menu = QMenu(self.export_button)
        menu.addAction("As PDF…", lambda: self.choose_export("pdf"))
        menu.addAction("As PNG…", lambda: self.choose_export("png"))
        self.export_button.setMenu(menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.export_button):
            bar.addWidget(button)
        chips = " ".join(f"<span style='color:{colour}'>■</span>&nbsp;{text}&nbsp;&nbsp;" for text, colour in legend())
        self.legend = QLabel(chips, self)
        self.summary = QLabel("", self)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        info = QHBoxLayout()
        info.addWidget(self.legend, 1)
        info.addWidget(self.summary)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.canvas)
        self.axis_strip = AxisStrip(self.canvas, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addLayout(info)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.axis_strip)
        layout.setSpacing(2)

    def _combo(self, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(f"timeline_{name}")
        box.setAccessibleName(f"Filter the timeline by {name}")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)
        box.addItem(f"All {'people' if name == 'person' else name + 's'}", None)
        box.currentIndexChanged.connect(lambda _i: self.request())
        return box

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def filters(self) -> TimelineFilters:
        return TimelineFilters(issue_id=self.issue_box.currentData(), tag=self.tag_box.currentData(),
                               entity_id=self.person_box.currentData())

    def request(self) -> None:
        self.dataRequested.emit(self.filters())

    def set_data(self, data: TimelineData) -> None:
        """Show new items; the choices in the filter boxes are refilled, keeping what was chosen."""
        same_filters = self.data.items and data.items and self.filters() == getattr(self, "_shown_filters", None)
        self.data = data
        self.case_title = data.case_title
        self._refill(self.issue_box, [(f"{o.number} {o.issue.title}", o.issue.id) for o in data.issues])
        self._refill(self.tag_box, [(path, path) for path in data.tags])
        self._refill(self.person_box, [(e.name, e.id) for e in data.people])
        self._shown_filters = self.filters()
        self.canvas.set_items(data.items, keep_view=bool(same_filters))
        undated = f"; {data.undated} undated not shown" if data.undated else ""
        self.summary.setText(f"{len(data.claims)} claims, {len(data.documents)} documents{undated}")

    def _refill(self, box: QComboBox, choices: list[tuple[str, object]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, value in choices:
            box.addItem(text, value)
            box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)
        box.blockSignals(False)

    def figure_title(self) -> tuple[str, str]:
        title = f"Timeline — {self.case_title}" if self.case_title else "Timeline"
        chosen = [box.currentText() for box in (self.issue_box, self.tag_box, self.person_box)
                  if box.currentData() is not None]
        subtitle = (f"{len(self.data.claims)} claims by event date, {len(self.data.documents)} documents by date"
                    + (f"; filtered by {', '.join(chosen)}" if chosen else "")
                    + ". Bars span a range of possible dates.")
        return title, subtitle

    def export(self, path: Path) -> Path:
        """Write the figure of the visible span; PDF or PNG by the file's suffix."""
        title, subtitle = self.figure_title()
        path = Path(path)
        if path.suffix.lower() == ".png":
            export_png(self.canvas, path, title=title, subtitle=subtitle)
        else:
            export_pdf(self.canvas, path, title=title, subtitle=subtitle)
        self.exported.emit(str(path))
        return path

    def choose_export(self, fmt: str) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export Timeline", f"timeline.{fmt}",
                                              "PDF (*.pdf)" if fmt == "pdf" else "PNG image (*.png)")
        if name:
            path = Path(name)
            try:
                self.export(path if path.suffix else path.with_suffix(f".{fmt}"))
            except OSError as exc:
                self.failed.emit("Export Timeline", f"Could not write {path}: {exc.strerror or exc}")


def install_timeline_view(window) -> TimelinePanel:
    """Add the Timeline dock to a MainWindow (View → Timeline, Ctrl+Shift+T); re-read whenever the case changes."""
    from casebook.services.timeline import timeline

    panel = TimelinePanel(window)
    dock = window.add_panel("Timeline", "TimelineDock", panel, area=Qt.DockWidgetArea.BottomDockWidgetArea)
    claims = getattr(window, "claims_dock", None)
    if claims is not None:
        window.tabifyDockWidget(claims, dock)
        claims.raise_()
    toggle = dock.toggleViewAction()
    toggle.setText("&Timeline")
    toggle.setShortcut(QKeySequence("Ctrl+Shift+T"))

    def load(filters: TimelineFilters | None = None) -> None:
        if window.case_path is None:
            return
        wanted = filters or panel.filters()
        window.runner.run_read("Reading the timeline", lambda case, **_: timeline(case, wanted),
                               on_done=panel.set_data)

    def activated(kind: str, ident: int) -> None:
        if kind == "document":
            window.open_document(ident)
            return
        board = window.claims_board
        if not board.select_claim(ident):
            board.set_filters()  # the board's own filters hid it
            board.select_claim(ident)
        window.claims_dock.show()
        window.claims_dock.raise_()

    panel.dataRequested.connect(load)
    panel.itemActivated.connect(activated)
    panel.exported.connect(lambda path: window.statusBar().showMessage(f"Saved the timeline figure to {path}", 8000))
    panel.failed.connect(window.show_error)
    window.documentsLoaded.connect(lambda _docs: load())
    evidence = getattr(window, "evidence", None)
    if evidence is not None:
        evidence.changed.connect(lambda *_: load())
    window.timeline_panel, window.timeline_dock = panel, dock
    return panel
