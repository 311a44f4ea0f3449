"""Item models and painting for search: hits with highlighted snippets, the term report table, saved searches."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, QSettings, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from casebook.core.search import SearchHit, Snippet
from casebook.ui.document_drag import DOCUMENT_MIME, encode_documents
from casebook.ui.row_table import RowTableModel

HitRole = Qt.ItemDataRole.UserRole + 40
HtmlRole = Qt.ItemDataRole.UserRole + 41
HIT_MARK = "background-color:#ffd54a; color:#000000; font-weight:bold"

_ROOT = QModelIndex()


def where(hit: SearchHit) -> str:
    """"¶ 4", "p. 3" or "p. ii (PDF p. 3)": where in the document a hit is."""
    if hit.paragraph is not None:
        return f"¶ {hit.paragraph}"
    if hit.page_label and hit.page_label != str(hit.page_number):
        return f"p. {hit.page_label} (PDF p. {hit.page_number})"
    return f"p. {hit.page_number}"


def snippet_html(snippet: Snippet) -> str:
    """The snippet as HTML with every hit marked; everything from the document is escaped."""
    out, last = [], 0
    for start, end in snippet.highlights:
        out.append(html.escape(snippet.text[last:start]))
        out.append(f'<span style="{HIT_MARK}">{html.escape(snippet.text[start:end])}</span>')
        last = end
    out.append(html.escape(snippet.text[last:]))
    return "…" + " ".join("".join(out).split()) + "…"


def hit_html(hit: SearchHit) -> str:
    title = html.escape(hit.title or f"Document {hit.document_id}")
    meta = html.escape(f"{where(hit)} · {hit.kind}{' · ' + hit.date if hit.date else ''}")
    snippets = "<br>".join(snippet_html(s) for s in hit.snippets) or "<i>(no snippet)</i>"
    return f"<b>{title}</b> <span style='color:gray'>{meta}</span><br>{snippets}"


class SearchResultModel(QAbstractListModel):
    """The hits shown so far for one query (more are appended as the user pages on)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def append_hits(self, hits: Sequence[SearchHit]) -> None:
        if not hits:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self._hits.extend(hits)
        self.endInsertRows()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.column() != 0 or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title} — {where(hit)}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = " … ".join(s.text for s in hit.snippets)
            return f"{hit.title} — {where(hit)}\n{' '.join(text.split())}"
        if role == HtmlRole:
            return hit_html(hit)
        if role == HitRole:
            return hit
        return None

    # A hit is dragged out (to the bundle builder) as its document.
    def flags(self, index):
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:
        return [DOCUMENT_MIME]

    def mimeData(self, indexes):
        return encode_documents(self._hits[i.row()].document_id for i in indexes
                                if i.isValid() and 0 <= i.row() < len(self._hits))

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction


class SnippetDelegate(QStyledItemDelegate):
    """Paints a hit as rich text: title, where, and snippets with the matched words marked.

    Laying out rich text costs ~1.5 ms a row and a list view asks for row sizes many times per layout, so
    each hit's document is built once and laid out again only when the view's width changes (not when the
    scroll bar comes and goes).
    """

    MAX_CACHED = 400

    def __init__(self, view) -> None:
        super().__init__(view)
        self._view = view
        self._docs: dict[str, QTextDocument] = {}

    def _width(self, option: QStyleOptionViewItem) -> int:
        # The same width for sizing and painting (a QListView sizes rows with an empty option rect), and the
        # same whether or not the scroll bar is showing: when it appears the rows are not all laid out again.
        if self._view is None:
            return max(160, option.rect.width())
        width = self._view.viewport().width()
        bar = self._view.verticalScrollBar()
        if not bar.isVisible() and self._view.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient) == 0:
            width -= self._view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
        return max(160, width - 2)

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        markup = index.data(HtmlRole) or ""
        doc = self._docs.get(markup)
        if doc is None:
            if len(self._docs) >= self.MAX_CACHED:
                self._docs.clear()
            doc = QTextDocument()
            doc.setDefaultFont(option.font)
            doc.setDocumentMargin(4)
            doc.setHtml(markup)
            self._docs[markup] = doc
        width = self._width(option)
        if doc.textWidth() != width:
            doc.setTextWidth(width)
        return doc

    def paint(self, painter, option, index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        doc = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = (QPalette.ColorRole.HighlightedText if option.state & QStyle.StateFlag.State_Selected
                else QPalette.ColorRole.Text)
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.textWidth()), int(doc.size().height()) + 2)


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    kind: str | None = None
    court: str | None = None
    tag: str | None = None


def _settings_key(case_path) -> str:
    # QSettings treats "/" as a group separator: key by a digest of the case folder instead of its path.
    return "savedSearches/" + hashlib.sha1(str(case_path).encode("utf-8")).hexdigest()[:16]


def load_saved_searches(settings: QSettings, case_path) -> list[SavedSearch]:
    raw = settings.value(_settings_key(case_path))
    try:
        items = json.loads(raw) if raw else []
        return [SavedSearch(**item) for item in items if isinstance(item, dict)]
    except (TypeError, ValueError):
        return []


def store_saved_searches(settings: QSettings, case_path, searches: Sequence[SavedSearch]) -> None:
    settings.setValue(_settings_key(case_path), json.dumps([s.__dict__ for s in searches], ensure_ascii=False))
    settings.sync()


class TermReportModel(RowTableModel):
    """Rows of a search term report: term, hits, unique hits, documents, pages (and an error for bad queries)."""

    COLUMNS = ("Term", "Hits", "Unique", "Documents", "Pages", "Problem")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < 6:
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if row.error and 1 <= index.column() <= 4:
                return "—"
            return (row.term, row.hits, row.unique_hits, row.documents, row.pages, row.error or "")[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= index.column() <= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
