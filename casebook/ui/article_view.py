"""The article reader: sanitised HTML with paragraph numbers in the margin; nothing is ever loaded from anywhere."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QPainter, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from casebook.core.records import PageRecord
from casebook.ui.text_geometry import PageRange, TextSelection
from casebook.ui.theme import css_colour

MARGIN = 56
RESYNC_WINDOW = 4000
RESYNC_PROBE = 6


def align_offsets(shown: Sequence[tuple[int, str]], text: str) -> tuple[list[int], list[int]]:
    """Pair the characters the reader shows (document position, char) with offsets in the stored page text.

    Whitespace is ignored on both sides (HTML layout and text extraction space things differently). Where the
    two disagree the walk re-synchronises on the next few characters. Returns two increasing lists.
    """
    positions: list[int] = []
    offsets: list[int] = []
    j = 0
    n = len(text)
    i = 0
    while i < len(shown) and j < n:
        pos, ch = shown[i]
        while j < n and text[j].isspace():
            j += 1
        if j >= n:
            break
        if text[j] == ch:
            positions.append(pos)
            offsets.append(j)
            i += 1
            j += 1
            continue
        probe = "".join(c for _, c in shown[i:i + RESYNC_PROBE])
        found = _find_ignoring_space(text, probe, j, j + RESYNC_WINDOW)
        if found is None:
            i += 1  # a character only the display has (a bullet, a rendered list number)
        else:
            j = found
    return positions, offsets


def _find_ignoring_space(text: str, probe: str, lo: int, hi: int) -> int | None:
    for start in range(lo, min(hi, len(text))):
        k, m = start, 0
        while m < len(probe) and k < len(text):
            if text[k].isspace():
                k += 1
                continue
            if text[k] != probe[m]:
                break
            k += 1
            m += 1
        if m == len(probe):
            return start
    return None


def group_markers(markers: Sequence[tuple[int, int]], min_gap: float) -> list[tuple[int, int, int]]:
    """Paragraphs that start on the same line (cells of one table row) share one label: (first, last, y)."""
    groups: list[tuple[int, int, int]] = []
    for number, y in markers:
        if groups and abs(y - groups[-1][2]) < min_gap:
            first, _, top = groups[-1]
            groups[-1] = (first, number, top)
        else:
            groups.append((number, number, y))
    return groups


class _ParagraphMargin(QWidget):
    def __init__(self, reader: ArticleReader) -> None:
        super().__init__(reader)
        self.reader = reader
        self.setAccessibleName("Paragraph numbers")

    def sizeHint(self) -> QSize:
        return QSize(MARGIN, 0)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        line = self.fontMetrics().height()
        for first, last, y in group_markers(self.reader.paragraph_markers(), line * 0.8):
            label = f"¶{first}" if first == last else f"¶{first}–{last}"
            painter.drawText(QRect(0, y, MARGIN - 6, line), Qt.AlignmentFlag.AlignRight, label)
        painter.end()


class ArticleReader(QTextBrowser):
    """Read-only article view; selections map to character ranges of the article's stored page text."""

    textSelectionChanged = Signal(object)  # TextSelection or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Article text")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setViewportMargins(MARGIN, 0, 0, 0)
        self._margin = _ParagraphMargin(self)
        self.blocked_requests: list[QUrl] = []
        self.document_id: int | None = None
        self.page: PageRecord | None = None
        self._positions: list[int] = []
        self._offsets: list[int] = []
        self._markers: list[tuple[int, int]] = []  # (paragraph number, document position)
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self.selectionChanged.connect(self._on_selection_changed)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._margin.update())

    def loadResource(self, type_: int, url: QUrl | str):
        # Never fetch or read anything: not the network, not local files an article might name.
        self.blocked_requests.append(QUrl(url))
        return None

    def set_article(self, document_id: int, html: str, page: PageRecord | None) -> None:
        self.document_id, self.page = document_id, page
        self._layers.clear()
        self.setExtraSelections([])
        self.setHtml(html)
        self._build_alignment()
        self._margin.update()

    def clear_article(self) -> None:
        self.document_id, self.page = None, None
        self._positions, self._offsets, self._markers = [], [], []
        self.clear()

    def _build_alignment(self) -> None:
        shown: list[tuple[int, str]] = []
        block = self.document().begin()
        while block.isValid():
            base = block.position()
            shown.extend((base + k, ch) for k, ch in enumerate(block.text()) if not ch.isspace())
            block = block.next()
        text = self.page.text if self.page else ""
        self._positions, self._offsets = align_offsets(shown, text)
        self._markers = []
        if self.page:
            for para in self.page.paragraphs:
                if para.continued:
                    continue
                pos = self.position_for_offset(para.start)
                if pos is not None:
                    self._markers.append((para.number, pos))

    # --- offsets --------------------------------------------------------------------------------------
    def position_for_offset(self, offset: int) -> int | None:
        """The document position showing page-text `offset` (or the next shown character)."""
        k = bisect.bisect_left(self._offsets, offset)
        return self._positions[k] if k < len(self._positions) else None

    def range_for_positions(self, start: int, end: int) -> tuple[int, int] | None:
        """The page-text range covered by document positions [start, end)."""
        a = bisect.bisect_left(self._positions, start)
        b = bisect.bisect_left(self._positions, end) - 1
        if a >= len(self._positions) or b < a:
            return None
        return self._offsets[a], self._offsets[b] + 1

    def paragraph_markers(self) -> list[tuple[int, int]]:
        """(paragraph number, y in margin coordinates) of each numbered paragraph start."""
        markers = []
        for number, pos in self._markers:
            cursor = QTextCursor(self.document())
            cursor.setPosition(pos)
            markers.append((number, self.cursorRect(cursor).top()))
        return markers

    def paragraph_numbers(self) -> list[int]:
        return [number for number, _ in self._markers]

    # --- selection and highlights ---------------------------------------------------------------------
    def select_offsets(self, start: int, end: int) -> None:
        a, b = self.position_for_offset(start), self.position_for_offset(end - 1)
        if a is None or b is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b + 1, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def selection(self) -> TextSelection | None:
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.page is None or self.document_id is None:
            return None
        found = self.range_for_positions(cursor.selectionStart(), cursor.selectionEnd())
        if found is None:
            return None
        start, end = found
        return TextSelection(self.document_id, (PageRange(self.page.number, start, end),),
                             self.page.text[start:end])

    def _on_selection_changed(self) -> None:
        self.textSelectionChanged.emit(self.selection())

    def set_highlights(self, layer: str, ranges: Sequence[tuple[int, int, str]]) -> None:
        """Replace a named layer of highlights given as (start, end, colour) in page-text offsets."""
        selections = []
        for start, end, colour in ranges:
            a, b = self.position_for_offset(start), self.position_for_offset(max(start, end - 1))
            if a is None or b is None:
                continue
            extra = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(a)
            cursor.setPosition(b + 1, QTextCursor.MoveMode.KeepAnchor)
            extra.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(css_colour(colour))
            extra.format = fmt
            selections.append(extra)
        if selections:
            self._layers[layer] = selections
        else:
            self._layers.pop(layer, None)
        self.setExtraSelections([s for layer_selections in self._layers.values() for s in layer_selections])

    def scroll_to_offset(self, offset: int) -> None:
        pos = self.position_for_offset(offset)
        if pos is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(pos)
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    # --- layout ---------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._margin.setGeometry(QRect(rect.left(), rect.top(), MARGIN, rect.height()))

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self._margin.update()
