"""The document viewer: the PDF page view and the article reader in a stack, with page, zoom and find bars."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casebook.services.viewing import DocumentView
from casebook.ui.article_view import ArticleReader
from casebook.ui.claims_models import RELATION_COLOURS, relation_highlight
from casebook.ui.page_images import PageImageService
from casebook.ui.page_panels import OutlineModel, ThumbnailListModel
from casebook.ui.pdf_view import PdfPageView
from casebook.ui.text_geometry import Highlight, TextSelection, find_in_text, rects_for_range

log = logging.getLogger(__name__)

FIND_COLOUR = "#ffd54a80"
FIND_CURRENT_COLOUR = "#ff8f00a0"
SEARCH_COLOUR = "#ffca2899"
FLASH_ALPHA = "c0"
FLASH_STEPS = 6  # on/off toggles of a flashed excerpt
FLASH_MS = 180
ZOOM_CHOICES = ("Fit width", "Fit page", "50%", "75%", "100%", "125%", "150%", "200%", "300%", "400%")


def page_for_label(pages, label: str) -> int | None:
    """The 1-based page whose printed label matches; else a plain page number; else None."""
    wanted = label.strip().lower()
    if not wanted:
        return None
    for page in pages:
        if (page.label or "").lower() == wanted:
            return page.number
    if wanted.isdigit() and 1 <= int(wanted) <= len(pages):
        return int(wanted)
    return None


class DocumentViewer(QWidget):
    """Shows one document at a time; PDFs in the page view, articles and other HTML in the reader."""

    selectionChanged = Signal(object)  # TextSelection or None
    documentShown = Signal(int)
    wordsReady = Signal(int)  # document id: selection and find work from here on
    message = Signal(str)

    def __init__(self, images: PageImageService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: DocumentView | None = None
        self.pdf = PdfPageView(images, self)
        self.article = ArticleReader(self)
        ratio = self.devicePixelRatioF()
        self.thumbnails = ThumbnailListModel(images, self, device_ratio=ratio)
        self.outline = OutlineModel(self)
        self.empty = QLabel("Open a document from the navigator.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        for widget in (self.empty, self.pdf, self.article):
            self.stack.addWidget(widget)
        self._matches: list[tuple[int, int, int]] = []  # (page, start, end)
        self._match = -1
        self.marks: list = []  # ExcerptMark of the shown document
        self._flash: tuple[str, list] | None = None
        self._flash_left = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        self.pdf.pin_cite = self.pin_cite
        self._build_bars()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.page_bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.find_bar)
        self.pdf.selectionChanged.connect(self.selectionChanged)
        self.article.textSelectionChanged.connect(self.selectionChanged)
        self.pdf.currentPageChanged.connect(self._show_page_number)
        self.pdf.zoomChanged.connect(self._show_zoom)

    def _build_bars(self) -> None:
        self.page_bar = QWidget(self)
        bar = QHBoxLayout(self.page_bar)
        bar.setContentsMargins(4, 2, 4, 2)
        self.page_box = QLineEdit(self.page_bar)
        self.page_box.setAccessibleName("Go to page")
        self.page_box.setToolTip("Type a page label (as printed) or number and press Enter")
        self.page_box.setMaximumWidth(80)
        self.page_box.returnPressed.connect(lambda: self.go_to_label(self.page_box.text()))
        self.page_count = QLabel(self.page_bar)
        self.zoom_box = QComboBox(self.page_bar)
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.setEditable(True)
        self.zoom_box.addItems(ZOOM_CHOICES)
        self.zoom_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_box.textActivated.connect(self.apply_zoom_text)
        self.title_label = QLabel(self.page_bar)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (QLabel("Page", self.page_bar), self.page_box, self.page_count, self.zoom_box):
            bar.addWidget(widget)
        bar.addWidget(self.title_label, 1)

        self.find_bar = QWidget(self)
        row = QHBoxLayout(self.find_bar)
        row.setContentsMargins(4, 2, 4, 2)
        self.find_box = QLineEdit(self.find_bar)
        self.find_box.setAccessibleName("Find in document")
        self.find_box.setPlaceholderText("Find in document")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(self.find_text)
        self.find_box.returnPressed.connect(self.find_next)
        self.find_status = QLabel(self.find_bar)
        buttons = []
        for text, name, slot in (("▲", "Previous match", self.find_previous), ("▼", "Next match", self.find_next),
                                 ("✕", "Close find bar", self.close_find)):
            button = QToolButton(self.find_bar)
            button.setText(text)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(slot)
            buttons.append(button)
        row.addWidget(self.find_box, 1)
        row.addWidget(self.find_status)
        for button in buttons:
            row.addWidget(button)
        self.find_bar.hide()
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.find_next)
        QShortcut(QKeySequence.StandardKey.FindPrevious, self, self.find_previous)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.find_bar, self.close_find,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- documents ------------------------------------------------------------------------------------
    def show_document(self, view: DocumentView, *, password: str | None = None) -> None:
        self.view = view
        self._matches, self._match = [], -1
        self.marks = []
        self._stop_flash()
        self.title_label.setText(view.record.title)
        self.title_label.setToolTip(view.record.title)
        if view.is_pdf:
            self.stack.setCurrentWidget(self.pdf)
            self.pdf.set_document(view.record.id, view.original, view.pages, password=password)
            self.thumbnails.set_document(view.record.id, view.original, view.pages, password=password)
            self.outline.set_outline(view.outline)
            self._enable_page_controls(True)
            self._show_page_number(1)
            self.pdf.setFocus()
        else:
            self.stack.setCurrentWidget(self.article)
            self.article.set_article(view.record.id, view.html or "", view.pages[0] if view.pages else None)
            self.thumbnails.set_document(None, None, [])
            self.outline.set_outline([])
            self._enable_page_controls(False)
            self.page_box.setText("")
            self.page_count.setText("")
        if self.find_bar.isVisible() and self.find_box.text():
            self.find_text(self.find_box.text())
        self.documentShown.emit(view.record.id)

    def attach_words(self, document_id: int, pages) -> None:
        """Give the shown PDF its word boxes, loaded after the first page went on screen."""
        if self.view is None or self.view.record.id != document_id or not self.view.is_pdf:
            return
        self.view = dataclasses.replace(self.view, pages=tuple(pages))
        self.pdf.attach_words(self.view.pages)
        if self.find_bar.isVisible() and self.find_box.text():
            self.find_text(self.find_box.text())
        self.wordsReady.emit(document_id)

    def _enable_page_controls(self, enabled: bool) -> None:
        for widget in (self.page_box, self.zoom_box):
            widget.setEnabled(enabled)

    def clear(self) -> None:
        self.view = None
        self.marks = []
        self._stop_flash()
        self.pdf.clear()
        self.article.clear_article()
        self.thumbnails.set_document(None, None, [])
        self.outline.set_outline([])
        self.title_label.setText("")
        self.stack.setCurrentWidget(self.empty)

    @property
    def showing_pdf(self) -> bool:
        return self.view is not None and self.view.is_pdf

    def selection(self):
        if self.view is None:
            return None
        return self.pdf.selection() if self.view.is_pdf else self.article.selection()

    def copy(self) -> str | None:
        """Copy the selection followed by its pin cite ("Romo Decl. ¶ 8; ECF No. 62 at 2")."""
        if self.showing_pdf:
            return self.pdf.copy_selection()
        selection = self.article.selection()
        if selection is None:
            self.article.copy()
            return None
        cite = self.pin_cite(selection)
        text = f"{selection.text}\n{cite}" if cite else selection.text
        QGuiApplication.clipboard().setText(text)
        return text

    def pin_cite(self, selection: TextSelection) -> str | None:
        """The pin cite of a selection in the shown document, from the pages already loaded."""
        if self.view is None or selection is None or selection.document_id != self.view.record.id:
            return None
        from casebook.services.ui_support import selection_pin_cite
        from casebook.ui.evidence_flow import span_of

        return selection_pin_cite(self.view.record, self.view.pages, span_of(selection))

    # --- pages and zoom -------------------------------------------------------------------------------
    def go_to_label(self, label: str) -> bool:
        if not self.showing_pdf or self.view is None:
            return False
        number = page_for_label(self.view.pages, label)
        if number is None:
            self.message.emit(f"No page labelled “{label}” in this document")
            return False
        self.pdf.go_to_page(number)
        return True

    def go_to_page(self, number: int) -> None:
        if self.showing_pdf:
            self.pdf.go_to_page(number)

    def _show_page_number(self, number: int) -> None:
        if not self.showing_pdf or self.view is None or not self.view.pages:
            return
        page = self.view.pages[number - 1]
        if not (self.page_box.hasFocus() and self.page_box.isModified()):  # never overwrite typing
            self.page_box.setText(page.label or str(number))
        self.page_count.setText(f"({number} of {len(self.view.pages)})")

    def apply_zoom_text(self, text: str) -> None:
        lowered = text.strip().lower()
        if lowered.startswith("fit w"):
            self.pdf.set_fit("width")
        elif lowered.startswith("fit p"):
            self.pdf.set_fit("page")
        else:
            try:
                self.pdf.set_zoom_percent(float(lowered.rstrip("%").strip()))
            except ValueError:
                self.message.emit(f"“{text}” is not a zoom: type a percentage such as 150%")

    def _show_zoom(self, percent: float) -> None:
        mode = self.pdf.fit_mode
        self.zoom_box.setEditText({"width": "Fit width", "page": "Fit page"}.get(mode or "", f"{percent:.0f}%"))

    # --- find -----------------------------------------------------------------------------------------
    def open_find(self) -> None:
        self.find_bar.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def close_find(self) -> None:
        self.find_bar.hide()
        self._set_find_highlights([], -1)
        (self.pdf if self.showing_pdf else self.article).setFocus()

    def find_text(self, query: str) -> int:
        """Find every occurrence of `query` in the document's page text; highlights them and shows the first."""
        self._matches = []
        if self.view is not None and query.strip():
            for page in self.view.pages:
                self._matches.extend((page.number, s, e) for s, e in find_in_text(page.text, query))
        current = 0 if self._matches else -1
        if self._matches and self.showing_pdf:
            # Start at the first match on or after the page being read.
            here = self.pdf.current_page
            current = next((i for i, m in enumerate(self._matches) if m[0] >= here), 0)
        self._set_find_highlights(self._matches, current)
        return len(self._matches)

    def find_next(self) -> None:
        if self._matches:
            self._set_find_highlights(self._matches, (self._match + 1) % len(self._matches))

    def find_previous(self) -> None:
        if self._matches:
            self._set_find_highlights(self._matches, (self._match - 1) % len(self._matches))

    def _set_find_highlights(self, matches: Sequence[tuple[int, int, int]], current: int) -> None:
        self._match = current
        if not self.find_box.text().strip():
            self.find_status.setText("")
        else:
            self.find_status.setText(f"{current + 1} of {len(matches)}" if matches else "No matches")
        if self.view is None:
            return
        if self.view.is_pdf:
            pages = self.view.pages
            marks = [Highlight(p, tuple(rects_for_range(pages[p - 1].words, s, e)), FIND_COLOUR)
                     for p, s, e in matches]
            self.pdf.set_highlights("find", marks)
            if 0 <= current < len(matches):
                now = marks[current]
                self.pdf.set_highlights("find-current", [Highlight(now.page, now.rects, FIND_CURRENT_COLOUR)])
                top = min((r[1] for r in now.rects), default=0.0)
                self.pdf.go_to_page(now.page, y_points=max(0.0, top - 72))
            else:
                self.pdf.set_highlights("find-current", [])
        else:
            self.article.set_highlights("find", [(s, e, FIND_COLOUR) for _, s, e in matches])
            if 0 <= current < len(matches):
                _, s, e = matches[current]
                self.article.set_highlights("find-current", [(s, e, FIND_CURRENT_COLOUR)])
                self.article.scroll_to_offset(s)
            else:
                self.article.set_highlights("find-current", [])

    def set_highlights(self, layer: str, highlights: Sequence[Highlight]) -> None:
        """The highlight layer API the search and evidence passes use (PDF rects; see ArticleReader for text)."""
        self.pdf.set_highlights(layer, highlights)

    # --- evidence and search highlights ---------------------------------------------------------------
    def show_marks(self, marks: Sequence) -> None:
        """Highlight the shown document's excerpts, coloured by how they bear on claims (ExcerptMark list)."""
        self.marks = list(marks)
        if self.view is None:
            return
        if self.view.is_pdf:
            self.pdf.set_highlights("excerpts", [h for mark in self.marks for h in self._mark_highlights(mark)])
        else:
            self.article.set_highlights("excerpts", [(m.span.start, m.span.end, relation_highlight(m.relation))
                                                     for m in self.marks])

    def _mark_highlights(self, mark, colour: str | None = None) -> list[Highlight]:
        colour = colour or relation_highlight(mark.relation)
        if mark.quads:
            return [Highlight(int(page), tuple(tuple(q) for q in quads), colour)
                    for page, quads in sorted(mark.quads.items())]
        marks = []  # no stored rectangles (a page without word boxes at import): fall back to the words now shown
        for page in range(mark.span.start_page, mark.span.end_page + 1):
            if 1 <= page <= len(self.pdf.pages) and self.pdf.pages[page - 1].words:
                start = mark.span.start if page == mark.span.start_page else 0
                end = mark.span.end if page == mark.span.end_page else len(self.pdf.pages[page - 1].text)
                marks.append(self.pdf.highlight_range(page, start, end, colour))
        return marks

    def reveal(self, page: int, ranges: Sequence[tuple[int, int]], *, layer: str = "search",
               colour: str = SEARCH_COLOUR) -> None:
        """Show `page` with the character ranges highlighted in `layer` (a search hit, an excerpt)."""
        if self.view is None:
            return
        if self.view.is_pdf:
            if not 1 <= page <= len(self.pdf.pages):
                return
            marks = [self.pdf.highlight_range(page, s, e, colour) for s, e in ranges]
            marks = [m for m in marks if m.rects]
            self.pdf.set_highlights(layer, marks)
            top = min((r[1] for m in marks for r in m.rects), default=0.0)
            self.pdf.go_to_page(page, y_points=max(0.0, top - 72))
        else:
            self.article.set_highlights(layer, [(s, e, colour) for s, e in ranges])
            if ranges:
                self.article.scroll_to_offset(min(s for s, _ in ranges))

    def clear_layer(self, layer: str) -> None:
        self.pdf.set_highlights(layer, [])
        self.article.set_highlights(layer, [])

    def flash_excerpt(self, excerpt_id: int) -> bool:
        """Scroll to an excerpt of the shown document and flash its highlight a few times."""
        mark = next((m for m in self.marks if m.excerpt_id == excerpt_id), None)
        if mark is None or self.view is None:
            return False
        colour = (RELATION_COLOURS.get(mark.relation, "#8a8a8a") if mark.relation else "#8a8a8a") + FLASH_ALPHA
        if self.view.is_pdf:
            highlights = self._mark_highlights(mark, colour)
            top = min((r[1] for h in highlights if h.page == mark.span.start_page for r in h.rects), default=0.0)
            self.pdf.go_to_page(mark.span.start_page, y_points=max(0.0, top - 72))
            self._flash = ("pdf", highlights)
        else:
            self.article.scroll_to_offset(mark.span.start)
            self._flash = ("article", [(mark.span.start, mark.span.end, colour)])
        self._flash_left = FLASH_STEPS
        self._flash_step()
        self._flash_timer.start()
        return True

    def _flash_step(self) -> None:
        if self._flash is None or self._flash_left <= 0:
            self._stop_flash()
            return
        where, items = self._flash
        shown = items if self._flash_left % 2 == 0 else []
        (self.pdf if where == "pdf" else self.article).set_highlights("flash", shown)
        self._flash_left -= 1

    def _stop_flash(self) -> None:
        self._flash_timer.stop()
        if self._flash is not None:
            (self.pdf if self._flash[0] == "pdf" else self.article).set_highlights("flash", [])
        self._flash = None
        self._flash_left = 0
