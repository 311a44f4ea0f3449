"""The continuous PDF page view: lazy page placeholders, off-thread images, word-box selection and highlights."""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from casebook.core.anchoring import text_without_furniture
from casebook.core.records import PageRecord
from casebook.ui.page_images import PageImageService
from casebook.ui.render_queue import RenderKey
from casebook.ui.text_geometry import (
    Highlight,
    PageRange,
    TextSelection,
    nearest_word,
    range_of_words,
    rects_for_range,
)
from casebook.ui.theme import css_colour

log = logging.getLogger(__name__)

GAP = 12  # logical pixels between pages and around them
POINTS_TO_PIXELS = 96 / 72  # 100% shows a page at its printed size on a 96-dpi screen
MIN_PERCENT, MAX_PERCENT = 10, 800
PRELOAD = 1  # pages rendered above and below the visible ones
SELECTION_COLOUR = "#3874f266"
DRAFT_FILL, DRAFT_EDGE = "#1a1a1a40", "#b3261e"  # a redaction box being drawn


class PdfPageView(QAbstractScrollArea):
    """Shows every page of one PDF in a column; only the pages in view are rendered."""

    zoomChanged = Signal(float)  # percent
    currentPageChanged = Signal(int)  # 1-based
    selectionChanged = Signal(object)  # TextSelection or None
    firstPageShown = Signal(int)  # document id, once per opened document, when page images are on screen

    def __init__(self, images: PageImageService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF pages")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(False)
        self._images = images
        images.imageReady.connect(self._on_image_ready)
        self.document_id: int | None = None
        self.path: Path | None = None
        self.password: str | None = None
        self.pages: list[PageRecord] = []
        self._scale = POINTS_TO_PIXELS
        self._fit: str | None = "width"
        self._tops: list[float] = []
        self._content_width = 0.0
        self._content_height = 0.0
        self._layers: dict[str, list[Highlight]] = {}
        self._anchor: tuple[int, int] | None = None  # (page index, word index) where the drag began
        self._select_from: tuple[int, int] | None = None  # where the selection began: Shift+click extends it
        self._selection: TextSelection | None = None
        self._selection_rects: dict[int, list] = {}
        self._draft: tuple[int, tuple[float, float, float, float]] | None = None  # box being drawn (points)
        self._shown_first = False
        self._current_page = 1
        self.pin_cite: Callable[[TextSelection], str | None] | None = None  # filled by the evidence pass
        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.setInterval(0)
        self._request_timer.timeout.connect(self._request_visible)

    # --- document -------------------------------------------------------------------------------------
    def set_document(self, document_id: int, path: Path, pages: Sequence[PageRecord], *,
                     password: str | None = None) -> None:
        self.document_id, self.path, self.password = document_id, path, password
        self.pages = list(pages)
        self._layers.clear()
        self._set_selection(None)
        self._select_from = None
        self._draft = None
        self._shown_first = False
        self._current_page = 1
        if self._fit:
            self._scale = self._fit_scale()  # render page 1 once, at the size it will be shown
        self._relayout()
        self.zoomChanged.emit(self.zoom_percent)
        self.verticalScrollBar().setValue(0)
        self._schedule_render()
        self.viewport().update()

    def attach_words(self, pages: Sequence[PageRecord]) -> None:
        """Swap in the same pages with their word boxes (sizes are unchanged, so the layout stays)."""
        if len(pages) == len(self.pages):
            self.pages = list(pages)
            self.viewport().update()

    def clear(self) -> None:
        self.document_id, self.path, self.pages = None, None, []
        self._images.queue.request("view", [])
        self._layers.clear()
        self._set_selection(None)
        self._select_from = None
        self._draft = None
        self._relayout()
        self.viewport().update()

    # --- zoom and layout ------------------------------------------------------------------------------
    @property
    def zoom_percent(self) -> float:
        return self._scale / POINTS_TO_PIXELS * 100

    @property
    def scale(self) -> float:
        """Logical pixels per PDF point."""
        return self._scale

    def point_to_view(self, page: int, x: float, y: float) -> QPointF:
        """Viewport position of a point (in PDF points) on 1-based `page`."""
        rect = self.page_rect(page - 1)
        return QPointF(rect.x() + x * self._scale, rect.y() + y * self._scale)

    @property
    def fit_mode(self) -> str | None:
        return self._fit

    def set_zoom_percent(self, percent: float) -> None:
        self._fit = None
        self._apply_scale(max(MIN_PERCENT, min(MAX_PERCENT, percent)) / 100 * POINTS_TO_PIXELS)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom_percent(self.zoom_percent * factor)

    def set_fit(self, mode: str) -> None:
        """Fit the page width ("width") or the whole current page ("page") into the window."""
        self._fit = mode
        self._apply_scale(self._fit_scale())

    def _fit_scale(self) -> float:
        if not self.pages:
            return self._scale
        view_w = max(50, self.viewport().width() - 2 * GAP)
        view_h = max(50, self.viewport().height() - 2 * GAP)
        if self._fit == "page":
            page = self.pages[self._current_page - 1]
            return min(view_w / max(page.width, 1), view_h / max(page.height, 1))
        return view_w / max(max(p.width for p in self.pages), 1)

    def _apply_scale(self, scale: float) -> None:
        keep_page, keep_offset = self._current_page, self._offset_in_page()
        self._scale = scale
        self._relayout()
        if self.pages:
            self._scroll_to(keep_page, keep_offset)
        self.zoomChanged.emit(self.zoom_percent)
        self._schedule_render()
        self.viewport().update()

    def _relayout(self) -> None:
        self._tops = []
        y: float = GAP
        widest = 0.0
        for page in self.pages:
            self._tops.append(y)
            y += page.height * self._scale + GAP
            widest = max(widest, page.width * self._scale)
        self._content_height = y
        self._content_width = widest + 2 * GAP
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        vs, hs = self.verticalScrollBar(), self.horizontalScrollBar()
        vs.setRange(0, max(0, int(self._content_height - self.viewport().height())))
        vs.setPageStep(self.viewport().height())
        vs.setSingleStep(40)
        hs.setRange(0, max(0, int(self._content_width - self.viewport().width())))
        hs.setPageStep(self.viewport().width())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit and self.pages:
            self._apply_scale(self._fit_scale())
        else:
            self._update_scrollbars()
            self._schedule_render()

    def page_rect(self, index: int) -> QRectF:
        """The rectangle of page `index` (0-based) in viewport coordinates."""
        page = self.pages[index]
        w, h = page.width * self._scale, page.height * self._scale
        content_w = max(self._content_width, self.viewport().width())
        x = (content_w - w) / 2 - self.horizontalScrollBar().value()
        y = self._tops[index] - self.verticalScrollBar().value()
        return QRectF(x, y, w, h)

    def visible_pages(self) -> range:
        if not self.pages:
            return range(0)
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last = max(first, bisect.bisect_left(self._tops, bottom) - 1)
        return range(first, min(last, len(self.pages) - 1) + 1)

    # --- navigation -----------------------------------------------------------------------------------
    @property
    def current_page(self) -> int:
        return self._current_page

    def go_to_page(self, number: int, *, y_points: float = 0.0) -> None:
        if not self.pages:
            return
        number = max(1, min(number, len(self.pages)))
        self._scroll_to(number, y_points * self._scale - GAP / 2)

    def _scroll_to(self, number: int, offset_px: float) -> None:
        self.verticalScrollBar().setValue(int(self._tops[number - 1] + offset_px))
        self._update_current_page()

    def _offset_in_page(self) -> float:
        if not self.pages:
            return 0.0
        return self.verticalScrollBar().value() - self._tops[self._current_page - 1]

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self._update_current_page()
        self._schedule_render()
        self.viewport().update()

    def _update_current_page(self) -> None:
        if not self.pages:
            return
        probe = self.verticalScrollBar().value() + self.viewport().height() / 3
        number = max(1, bisect.bisect_right(self._tops, probe))
        if number != self._current_page:
            self._current_page = number
            self.currentPageChanged.emit(number)

    # --- rendering ------------------------------------------------------------------------------------
    def _device_zoom(self) -> float:
        return RenderKey.quantise(self._scale * self.devicePixelRatioF())

    def _key(self, index: int) -> RenderKey:
        return RenderKey(self.document_id or 0, index + 1, self._device_zoom())

    def _schedule_render(self) -> None:
        if not self._request_timer.isActive():
            self._request_timer.start()

    def _request_visible(self) -> None:
        if self.path is None or not self.pages:
            return
        visible = self.visible_pages()
        around = range(max(0, visible.start - PRELOAD), min(len(self.pages), visible.stop + PRELOAD))
        # Visible pages first, nearest the top first; then the neighbours.
        order = list(visible) + [i for i in around if i not in visible]
        self._images.request("view", self.path, [self._key(i) for i in order], password=self.password)

    def _on_image_ready(self, key: RenderKey) -> None:
        if key.document_id == self.document_id and key.page - 1 in self.visible_pages():
            self.viewport().update(self.page_rect(key.page - 1).toAlignedRect())

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Dark))
        if not self.pages:
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        all_exact = True
        for index in self.visible_pages():
            rect = self.page_rect(index)
            if not rect.intersects(QRectF(event.rect())):
                continue
            image = self._images.image(self._key(index))
            if image is None:
                all_exact = False
                image = self._images.cache.nearest(self.document_id or 0, index + 1, self._device_zoom())
            if image is not None:
                painter.drawImage(rect, image)
            else:
                painter.fillRect(rect, QColor("white"))
                painter.setPen(QColor("#888"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.pages[index].label or str(index + 1))
            self._paint_overlays(painter, index, rect)
        painter.end()
        if all_exact and not self._shown_first and self.document_id is not None:
            self._shown_first = True
            # Announced after this paint completes: a listener may grab or repaint the widget.
            QTimer.singleShot(0, lambda doc=self.document_id: self.firstPageShown.emit(doc))

    def _paint_overlays(self, painter: QPainter, index: int, page_rect: QRectF) -> None:
        number = index + 1
        painter.setPen(Qt.PenStyle.NoPen)
        for layer in self._layers.values():
            for highlight in layer:
                if highlight.page == number:
                    painter.setBrush(css_colour(highlight.colour))
                    for r in highlight.rects:
                        painter.drawRect(self._to_view(page_rect, r))
        if number in self._selection_rects:
            painter.setBrush(css_colour(SELECTION_COLOUR))
            for r in self._selection_rects[number]:
                painter.drawRect(self._to_view(page_rect, r))
        if self._draft is not None and self._draft[0] == index:
            pen = QPen(css_colour(DRAFT_EDGE), 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(css_colour(DRAFT_FILL))
            painter.drawRect(self._to_view(page_rect, self._draft[1]))
            painter.setPen(Qt.PenStyle.NoPen)

    def _to_view(self, page_rect: QRectF, r) -> QRectF:
        s = self._scale
        return QRectF(page_rect.x() + r[0] * s, page_rect.y() + r[1] * s, (r[2] - r[0]) * s, (r[3] - r[1]) * s)

    # --- highlights -----------------------------------------------------------------------------------
    def set_highlights(self, layer: str, highlights: Sequence[Highlight]) -> None:
        """Replace one named layer ("find", "search", "excerpts", …) of highlights."""
        if highlights:
            self._layers[layer] = list(highlights)
        else:
            self._layers.pop(layer, None)
        self.viewport().update()

    def highlights(self, layer: str) -> list[Highlight]:
        return list(self._layers.get(layer, ()))

    def highlight_range(self, page: int, start: int, end: int, colour: str) -> Highlight:
        """A highlight for a character range of a page, built from its word boxes."""
        return Highlight(page, tuple(rects_for_range(self.pages[page - 1].words, start, end)), colour)

    # --- selection ------------------------------------------------------------------------------------
    def point_to_page(self, pos: QPointF) -> tuple[int, float, float] | None:
        """(page index, x, y in PDF points) under a viewport point, or the nearest page vertically."""
        if not self.pages:
            return None
        y = pos.y() + self.verticalScrollBar().value()
        index = max(0, min(len(self.pages) - 1, bisect.bisect_right(self._tops, y) - 1))
        rect = self.page_rect(index)
        return index, (pos.x() - rect.x()) / self._scale, (pos.y() - rect.y()) / self._scale

    def page_point(self, index: int, pos: QPointF) -> tuple[float, float]:
        """A viewport point as (x, y) in PDF points on page `index` (0-based), kept inside the page."""
        page, rect = self.pages[index], self.page_rect(index)
        x = (pos.x() - rect.x()) / self._scale
        y = (pos.y() - rect.y()) / self._scale
        return min(max(x, 0.0), float(page.width)), min(max(y, 0.0), float(page.height))

    def points_to_view(self, index: int, x: float, y: float) -> QPointF:
        """A point of page `index` (PDF points) in viewport pixels: the inverse of page_point."""
        rect = self.page_rect(index)
        return QPointF(rect.x() + x * self._scale, rect.y() + y * self._scale)

    def set_draft_box(self, index: int | None, box: tuple[float, float, float, float] | None = None) -> None:
        """Show (or, with None, remove) the outline of a box being drawn on page `index`, in PDF points."""
        self._draft = None if index is None or box is None else (index, box)
        self.viewport().update()

    def draft_box(self) -> tuple[int, tuple[float, float, float, float]] | None:
        return self._draft

    def _word_near(self, pos: QPointF) -> tuple[int, int] | None:
        hit = self.point_to_page(pos)
        if hit is None:
            return None
        index, x, y = hit
        word = nearest_word(self.pages[index].words, x, y)
        return None if word is None else (index, word)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus()
            word = self._word_near(event.position())
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._select_from and word:
                # Shift+click (on this page or the next) selects from where the last click or drag began.
                self._anchor = self._select_from
                self._select_words(self._select_from, word)
            else:
                self._anchor = self._select_from = word
                self._set_selection(None)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._anchor is not None and event.buttons() & Qt.MouseButton.LeftButton:
            focus = self._word_near(event.position())
            if focus is not None:
                self._select_words(self._anchor, focus)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._anchor = None
        super().mouseReleaseEvent(event)

    def _select_words(self, a: tuple[int, int], b: tuple[int, int]) -> None:
        (pa, wa), (pb, wb) = sorted([a, b])
        ranges = []
        for index in range(pa, pb + 1):
            words = self.pages[index].words
            if not words:
                continue
            first = wa if index == pa else 0
            last = wb if index == pb else len(words) - 1
            start, end = range_of_words(words, first, last)
            ranges.append(PageRange(index + 1, start, end))
        self.select_ranges(ranges)

    def select_ranges(self, ranges: Sequence[PageRange]) -> None:
        """Select character ranges programmatically (also used when the user drags over words)."""
        # Page furniture (ECF stamps, running headers and footers, page and line numbers) is not quoted: a
        # range's ends are moved off it, and a range of nothing but furniture (the next page's stamp) is dropped.
        ranges = [r for r in (self._off_furniture(r) for r in ranges) if r is not None]
        if not ranges or self.document_id is None:
            self._set_selection(None)
            return
        text = "\n".join(text_without_furniture(self.pages[r.page - 1].text, self.pages[r.page - 1].furniture,
                                                r.start, r.end) for r in ranges)
        self._set_selection(TextSelection(self.document_id, tuple(ranges), text))

    def _off_furniture(self, r: PageRange) -> PageRange | None:
        page = self.pages[r.page - 1]
        if not page.furniture:
            return r
        start, end = r.start, r.end
        hit = next((b for a, b in page.furniture if a <= start < b), None)
        if hit is not None:
            start = next((w.start for w in self._body_words(page) if w.start >= hit and w.start < end), end)
        hit = next((a for a, b in page.furniture if a < end <= b), None)
        if hit is not None:
            end = max((w.end for w in self._body_words(page) if w.end <= hit and w.end > start), default=start)
        return PageRange(r.page, start, end) if start < end else None

    @staticmethod
    def _body_words(page: PageRecord) -> list:
        return [w for w in page.words if not any(a <= w.start and w.end <= b for a, b in page.furniture)]

    def _set_selection(self, selection: TextSelection | None) -> None:
        if selection == self._selection:
            return
        self._selection = selection
        self._selection_rects = {}
        if selection is not None:
            for r in selection.ranges:
                page = self.pages[r.page - 1]
                self._selection_rects[r.page] = rects_for_range(self._body_words(page), r.start, r.end)
        self.selectionChanged.emit(selection)
        self.viewport().update()

    def selection(self) -> TextSelection | None:
        return self._selection

    def copy_selection(self) -> str | None:
        """Put the selected text on the clipboard, followed by its pin cite once the evidence pass provides one."""
        if self._selection is None:
            return None
        text = self._selection.text
        cite = self.pin_cite(self._selection) if self.pin_cite else None
        if cite:
            text = f"{text}\n{cite}"
        QGuiApplication.clipboard().setText(text)
        return text

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_by(1.25)
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_by(0.8)
            return
        from casebook.ui.keyboard_selection import handle_selection_key

        if handle_selection_key(self, event):  # Shift+arrows select from the hit: no mouse needed
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.1 if event.angleDelta().y() > 0 else 1 / 1.1)
            return
        super().wheelEvent(event)
