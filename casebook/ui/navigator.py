"""The case navigator: the case's documents grouped by kind, with a filter box."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from casebook.core.citations import document_ecf_number
from casebook.core.documents import DocumentKind
from casebook.core.records import DocumentRecord
from casebook.ui.document_drag import DOCUMENT_MIME, encode_documents

DocumentIdRole = Qt.ItemDataRole.UserRole + 10
SearchTextRole = Qt.ItemDataRole.UserRole + 11

# The order a litigator reads a case file in: pleadings, motions and evidence, rulings, then the press.
KIND_ORDER = (
    DocumentKind.COMPLAINT, DocumentKind.MOTION, DocumentKind.DECLARATION, DocumentKind.EXHIBIT,
    DocumentKind.ORDER, DocumentKind.OPINION, DocumentKind.DOCKET, DocumentKind.ARTICLE, DocumentKind.OTHER,
)
KIND_HEADINGS = {
    DocumentKind.COMPLAINT: "Complaints", DocumentKind.MOTION: "Motions", DocumentKind.DECLARATION: "Declarations",
    DocumentKind.EXHIBIT: "Exhibits", DocumentKind.ORDER: "Orders", DocumentKind.OPINION: "Opinions",
    DocumentKind.DOCKET: "Dockets", DocumentKind.ARTICLE: "Articles", DocumentKind.OTHER: "Other documents",
}
COLUMNS = ("Document", "Date", "Pages")

_ROOT = QModelIndex()


def document_label(doc: DocumentRecord) -> str:
    ecf = document_ecf_number(doc)  # never an appellate document ID
    if ecf:
        return f"ECF {ecf} — {doc.title}"
    return doc.title


class DocumentTreeModel(QAbstractItemModel):
    """Two levels: a group per document kind present in the case, and its documents by date."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[DocumentKind, list[DocumentRecord]]] = []

    def set_documents(self, documents: Sequence[DocumentRecord]) -> None:
        by_kind: dict[DocumentKind, list[DocumentRecord]] = {}
        for doc in documents:
            by_kind.setdefault(doc.kind, []).append(doc)
        self.beginResetModel()
        self._groups = [
            (kind, sorted(by_kind[kind], key=lambda d: (d.date or "", d.id)))
            for kind in KIND_ORDER if kind in by_kind
        ]
        self.endResetModel()

    def documents(self) -> list[DocumentRecord]:
        return [doc for _, docs in self._groups for doc in docs]

    def index_of(self, document_id: int) -> QModelIndex:
        for g, (_, docs) in enumerate(self._groups):
            for row, doc in enumerate(docs):
                if doc.id == document_id:
                    return self.createIndex(row, 0, g + 1)
        return QModelIndex()

    # Group items carry internal id 0; a document item carries its group's row + 1.
    def index(self, row, column=0, parent=_ROOT) -> QModelIndex:
        if not 0 <= column < len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        docs = self._groups[parent.row()][1]
        return self.createIndex(row, column, parent.row() + 1) if row < len(docs) else QModelIndex()

    def parent(self, index=_ROOT) -> QModelIndex:  # type: ignore[override]  # Qt overloads parent(): QObject vs model index
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=_ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent=_ROOT) -> int:
        return len(COLUMNS)

    def document(self, index: QModelIndex) -> DocumentRecord | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        doc = self.document(index)
        if doc is None:
            kind, docs = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return f"{KIND_HEADINGS[kind]} ({len(docs)})"
            if role == SearchTextRole:
                return KIND_HEADINGS[kind]
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (document_label(doc), doc.date or "", str(doc.page_count))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            source = doc.court or doc.publisher or ""
            pages = f"{doc.page_count} page(s)" + (f", {doc.pages_needing_ocr} need OCR" if doc.pages_needing_ocr
                                                    else "")
            return "\n".join(filter(None, (document_label(doc), source, doc.date, pages, doc.original_name)))
        if role == DocumentIdRole:
            return doc.id
        if role == SearchTextRole:
            return " ".join(filter(None, (doc.title, doc.court, doc.publisher, doc.case_number,
                                          doc.ecf_document_number, doc.original_name, doc.date, doc.kind.value)))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    # Documents are dragged out (to the bundle builder) by id; groups are not.
    def flags(self, index):
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if self.document(index) is not None else flags

    def mimeTypes(self) -> list[str]:
        return [DOCUMENT_MIME]

    def mimeData(self, indexes):
        return encode_documents(doc.id for i in indexes if (doc := self.document(i)) is not None)

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction


class NavigatorPanel(QWidget):
    """Filter box above the document tree; emits the id of the document the user opens."""

    documentActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentTreeModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterRole(SearchTextRole)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter documents")
        self.filter_box.setAccessibleName("Filter documents")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._on_filter)
        self.tree = QTreeView(self)
        self.tree.setAccessibleName("Case documents")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        # Ctrl/Shift-click chooses several documents (OCR, privacy scan); a click still opens one.
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragEnabled(True)  # drag documents into the bundle builder
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)  # "ECF 62 — Declaration of…": the start reads
        self.tree.setIndentation(14)
        self.setMinimumWidth(220)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnHidden(2, True)  # the page count is in the tooltip: the title gets the room
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree)

    def set_documents(self, documents: Sequence[DocumentRecord]) -> None:
        self.model.set_documents(documents)
        self.tree.expandAll()

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    def _on_activated(self, index: QModelIndex) -> None:
        if QApplication.keyboardModifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            return  # extending the choice, not opening
        document_id = index.siblingAtColumn(0).data(DocumentIdRole)
        if document_id is not None:
            self.documentActivated.emit(int(document_id))

    def select_document(self, document_id: int) -> None:
        if document_id in self.selected_document_ids():
            return  # opening one of several chosen documents keeps the choice
        index = self.proxy.mapFromSource(self.model.index_of(document_id))
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def selected_document_ids(self) -> list[int]:
        """The documents chosen in the tree (a group row stands for its documents), in display order."""
        chosen: list[int] = []
        for index in self.tree.selectionModel().selectedRows(0):
            document_id = index.data(DocumentIdRole)
            if document_id is not None:
                chosen.append(int(document_id))
                continue
            for row in range(self.proxy.rowCount(index)):
                child = self.proxy.index(row, 0, index).data(DocumentIdRole)
                if child is not None:
                    chosen.append(int(child))
        return list(dict.fromkeys(chosen))
