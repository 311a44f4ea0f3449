"""The Timeline dock: claims and documents on a zoomable time axis, filtered, clickable, exportable as a figure."""

from __future__ import annotations

import logging
from dataclasses import replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
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
    Axis,
    Metrics,
    Placed,
    TimelineItem,
    TimelineLayout,
    fit_axis,
    lay_out,
    legend,
)
from casebook.services.timeline import TimelineData, TimelineFilters
from casebook.ui.timeline_paint import SIDE, Colours, export_pdf, export_png, measure_with, paint_axis, paint_timeline

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
DRAG_THRESHOLD = 4


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
        self._measure = measure_with(self.font())

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
        return lay_out(self.items, wide, measure_with(font, device), metrics=metrics, numbered=True)


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
