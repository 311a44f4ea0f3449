"""Side panels of the PDF viewer: page thumbnails (rendered lazily, only those in view) and the outline."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QListView, QTreeView, QWidget

from casebook.core.documents import OutlineEntry
from casebook.core.records import PageRecord
from casebook.ui.page_images import PageImageService
from casebook.ui.render_queue import RenderKey

THUMB_WIDTH = 110
PageRole = Qt.ItemDataRole.UserRole + 1

_ROOT = QModelIndex()


class ThumbnailListModel(QAbstractListModel):
    """One row per page; a row's image is requested the first time a view asks for it (rows in view only)."""

    def __init__(self, images: PageImageService, parent=None, *, device_ratio: float = 1.0) -> None:
        super().__init__(parent)
        self._images = images
        self._ratio = device_ratio
        self.document_id: int | None = None
        self._path: Path | None = None
        self._password: str | None = None
        self._pages: list[PageRecord] = []
        self._wanted: list[int] = []
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(30)
        self._flush.timeout.connect(self._request)
        images.imageReady.connect(self._on_image_ready)

    def set_document(self, document_id: int | None, path: Path | None, pages: Sequence[PageRecord], *,
                     password: str | None = None) -> None:
        self.beginResetModel()
        self.document_id, self._path, self._password = document_id, path, password
        self._pages = list(pages)
        self._wanted = []
        self.endResetModel()

    def _key(self, row: int) -> RenderKey:
        page = self._pages[row]
        zoom = RenderKey.quantise(THUMB_WIDTH / max(page.width, 1) * self._ratio)
        return RenderKey(self.document_id or 0, row + 1, zoom)

    def thumb_size(self, row: int) -> QSize:
        page = self._pages[row]
        return QSize(THUMB_WIDTH, max(1, round(THUMB_WIDTH * page.height / max(page.width, 1))))

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._pages)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._pages) or index.column() != 0:
            return None
        row = index.row()
        page = self._pages[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return page.label or str(row + 1)
        if role == Qt.ItemDataRole.AccessibleTextRole or role == Qt.ItemDataRole.ToolTipRole:
            return f"Page {page.label or row + 1} ({row + 1} of {len(self._pages)})"
        if role == Qt.ItemDataRole.DecorationRole:
            image = self._images.image(self._key(row))
            if image is None:
                # The view asks only for rows it paints: collect them and ask the render thread once.
                if row not in self._wanted:
                    self._wanted.append(row)
                    self._flush.start()
                size = self.thumb_size(row)
                image = QImage(size, QImage.Format.Format_RGB32)
                image.fill(QColor("white"))
            return image
        if role == PageRole:
            return row + 1
        return None

    def _request(self) -> None:
        if self._path is None:
            return
        rows, self._wanted = self._wanted[-40:], []
        self._images.request("thumbs", self._path, [self._key(r) for r in rows], password=self._password)

    def _on_image_ready(self, key: RenderKey) -> None:
        row = key.page - 1
        if key.document_id == self.document_id and 0 <= row < len(self._pages) and key == self._key(row):
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class OutlineModel(QAbstractItemModel):
    """The PDF's bookmarks as a tree (levels from the outline entries); each item knows its target page."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[OutlineEntry] = []
        self._parent: list[int] = []  # parent entry position, -1 at the top
        self._children: dict[int, list[int]] = {-1: []}

    def set_outline(self, entries: Sequence[OutlineEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._parent, self._children = [], {-1: []}
        stack: list[int] = []  # positions of the open ancestors
        for pos, entry in enumerate(self._entries):
            level = max(1, entry.level)
            while len(stack) >= level:
                stack.pop()
            parent = stack[-1] if stack else -1
            self._parent.append(parent)
            self._children.setdefault(parent, []).append(pos)
            self._children.setdefault(pos, [])
            stack.append(pos)
        self.endResetModel()

    def _pos(self, index) -> int:
        return index.internalId() - 1 if index.isValid() else -1

    def index(self, row, column=0, parent=_ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        children = self._children.get(self._pos(parent), [])
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row] + 1)  # internal id 0 is reserved for "none"

    def parent(self, index=_ROOT) -> QModelIndex:  # type: ignore[override]  # Qt overloads parent(): QObject vs model index
        if not index.isValid():
            return QModelIndex()
        parent = self._parent[self._pos(index)]
        if parent == -1:
            return QModelIndex()
        grand = self._parent[parent]
        return self.createIndex(self._children[grand].index(parent), 0, parent + 1)

    def rowCount(self, parent=_ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._pos(parent), []))

    def columnCount(self, parent=_ROOT) -> int:
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self._entries[self._pos(index)]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.title} — page {entry.page}"
        if role == PageRole:
            return entry.page
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 0:
            return "Outline"
        return None


class ThumbnailPanel(QListView):
    """A column of page thumbnails; clicking one goes to that page."""

    def __init__(self, model: ThumbnailListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Page thumbnails")
        self.setModel(model)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.42)))
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(50)


class OutlinePanel(QTreeView):
    def __init__(self, model: OutlineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Document outline")
        self.setModel(model)
        self.setHeaderHidden(True)


__all__ = ["OutlineModel", "OutlinePanel", "PageRole", "ThumbnailListModel",
           "ThumbnailPanel"]
