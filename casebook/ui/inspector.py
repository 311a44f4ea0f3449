"""The inspector: metadata and provenance of the selected document, or the notes, tags and links of an item."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from casebook.core.records import DocumentRecord

_ROOT = QModelIndex()


def document_properties(doc: DocumentRecord) -> list[tuple[str, str]]:
    """The rows a lawyer checks before relying on a document: what it is, where it came from, its fingerprint."""
    rows: list[tuple[str, str | None]] = [
        ("Title", doc.title),
        ("Kind", doc.kind.value),
        ("Court", doc.court),
        ("Case number", doc.case_number),
        ("ECF document", doc.ecf_document_number),
        ("Filed", doc.filed_date),
        ("Author", doc.author),
        ("Publisher", doc.publisher),
        ("Published", doc.published_date),
        ("URL (recorded, never fetched)", doc.url),
        ("Short cite", doc.short_cite),
        ("Pages", str(doc.page_count)),
        ("Format", doc.format),
        ("SHA-256", doc.sha256),
        ("Size", f"{doc.size:,} bytes"),
        ("Original name", doc.original_name),
        ("Imported", doc.imported_at),
        ("Extractor", doc.extractor),
    ]
    flags = []
    if doc.pages_needing_ocr:
        flags.append(f"{doc.pages_needing_ocr} page(s) need OCR")
    if doc.encrypted:
        flags.append("encrypted")
    if doc.has_javascript:
        flags.append("contains JavaScript (never run)")
    rows.append(("Flags", "; ".join(flags) or "none"))
    rows.extend(("Warning", w) for w in doc.warnings)
    for n, source in enumerate(doc.provenance, 1):
        rows.append((f"Source {n}", f"{source.original_path} (imported {source.imported_at})"))
    return [(k, v) for k, v in rows if v]


class PropertyTableModel(QAbstractTableModel):
    """Read-only (field, value) rows."""

    HEADERS = ("Field", "Value")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[tuple[str, str]]:
        return list(self._rows)

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else 2

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._rows[index.row()][index.column()]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return self.HEADERS[section]
        return None


class InspectorPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PropertyTableModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Document properties")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.item: tuple[str, int] | None = None  # ("document" | "excerpt" | "claim", id) being shown

    def show_document(self, doc: DocumentRecord | None) -> None:
        self.show_rows(("document", doc.id) if doc else None, document_properties(doc) if doc else [])

    def show_rows(self, item: tuple[str, int] | None, rows: list[tuple[str, str]]) -> None:
        self.item = item
        self.model.set_rows(rows)
        self.table.setAccessibleName(f"{item[0].capitalize()} properties" if item else "Properties")
        self.table.resizeRowsToContents()

    def append_rows(self, item: tuple[str, int], rows: list[tuple[str, str]]) -> None:
        """Add rows read later (tags, excerpts) if the same item is still shown."""
        if item == self.item:
            self.model.set_rows(self.model.rows() + [r for r in rows if r not in self.model.rows()])
            self.table.resizeRowsToContents()
