"""The inspector: metadata, risk warnings and provenance of the selected document, or the fields of a claim,
excerpt or link, each edited in place.

A value is edited by double-clicking (or F2 on) its Value cell; each document field says whether it was extracted
from the file or set by a person. An edit is not written here: `metadataEdited` (a document) or `evidenceEdited`
(a claim, excerpt or link) asks the window to run it through the services on the writer thread, so it is audited
and Edit → Undo undoes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.core.documents import DateBasis, DocumentKind, RiskFlag, RiskKind
from casebook.core.records import DocumentRecord
from casebook.core.timeline import STATUS_COLOURS
from casebook.services.metadata import SET_BY_PERSON, document_fields
from casebook.ui.claims_models import RELATION_COLOURS

_ROOT = QModelIndex()
FieldRole = Qt.ItemDataRole.UserRole + 1  # the metadata field a row edits (None: read-only)
ChoicesRole = Qt.ItemDataRole.UserRole + 2  # the values a row may take (empty: free text)

# Fields that only filings carry; an article shows them only when they hold something.
_FILING_FIELDS = ("court", "docket_numbers", "ecf_document_number", "appellate_document_id")
# A relation or claim status wears the colour the claims board and the bundle highlights give it.
_STANCE_COLOURS = {**{r.value: c for r, c in RELATION_COLOURS.items()}, **STATUS_COLOURS}
_NO_DATE = QDate(1000, 1, 1)  # the date editor's "no date" value, shown as blank
RISK_HEADINGS = {
    RiskKind.BAD_REDACTION: "Bad redaction: text is still there under a black box",
    RiskKind.HIDDEN_TEXT: "Hidden text: invisible, white or overprinted text",
    RiskKind.POOR_OCR: "Poor OCR layer: consider casebook ocr --mode redo-all",
    RiskKind.NEEDS_OCR: "Pages without usable text: they need OCR",
}


@dataclass(frozen=True)
class PropertyRow:
    """One inspector row: label and value, for an editable field its name, origin (documents) and choices."""

    label: str
    value: str
    field: str | None = None
    origin: str = ""
    choices: tuple[str, ...] = ()
    tip: str = ""  # how to write the value, shown in its tooltip


def document_rows(doc: DocumentRecord) -> list[PropertyRow]:
    """Editable metadata first (each with its origin), then what a lawyer checks before relying on the file."""
    article = doc.kind is DocumentKind.ARTICLE or doc.format in ("html", "mhtml")
    rows = [PropertyRow(f.label, f.text, f.field, f.origin) for f in document_fields(doc)
            if not (article and f.field in _FILING_FIELDS and not f.text)]
    facts: list[tuple[str, str | None]] = [
        ("Filed", doc.filed_date),
        ("Published", doc.published_date),
        ("Title as printed", doc.title_as_printed if doc.title_as_printed != doc.title else None),
        ("URL (recorded, never fetched)", doc.url),
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
    facts.append(("Flags", "; ".join(flags) or "none"))
    facts.extend(("Warning", w) for w in doc.warnings)
    for n, source in enumerate(doc.provenance, 1):
        facts.append((f"Source {n}", f"{source.original_path} (imported {source.imported_at})"))
    return rows + [PropertyRow(k, v) for k, v in facts if v]


def document_properties(doc: DocumentRecord) -> list[tuple[str, str]]:
    """The inspector's (label, value) rows of a document, the empty ones left out."""
    return [(r.label, r.value) for r in document_rows(doc) if r.value]


def risk_lines(flags: tuple[RiskFlag, ...]) -> list[str]:
    """One warning line per risk flag: what it is, on which pages, and the detail found at import."""
    lines = []
    for flag in flags:
        pages = ", ".join(map(str, flag.pages[:12])) + ("…" if len(flag.pages) > 12 else "")
        where = f" (page{'s' if len(flag.pages) > 1 else ''} {pages})" if flag.pages else ""
        lines.append(f"⚠ {RISK_HEADINGS.get(flag.kind, flag.kind.value)}{where}: {flag.detail}")
    return lines


class PropertyTableModel(QAbstractTableModel):
    """(field, value, origin) rows; the value of a metadata field is editable, anything else is read-only."""

    HEADERS = ("Field", "Value", "Origin")
    edited = Signal(str, object)  # field, new value (None clears it)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PropertyRow] = []

    def set_rows(self, rows: list[tuple[str, str]] | list[PropertyRow], *, in_place: bool = False) -> None:
        """Show `rows`. `in_place` (the same item again) changes only what differs, so an editor that is open on a
        row that stays is not closed by a refresh."""
        new = [r if isinstance(r, PropertyRow) else PropertyRow(r[0], r[1]) for r in rows]
        if not in_place:
            self.beginResetModel()
            self._rows = new
            self.endResetModel()
            return
        old = self._rows
        same = 0
        while same < min(len(old), len(new)) and (old[same].label, old[same].field) == (new[same].label,
                                                                                         new[same].field):
            same += 1
        if len(old) > same:
            self.beginRemoveRows(_ROOT, same, len(old) - 1)
            self._rows = old[:same]
            self.endRemoveRows()
        changed = [i for i in range(same) if old[i] != new[i]]
        self._rows = new[:same]
        for i in changed:  # row by row: an editor open on an unchanged row between them keeps what was typed
            self.dataChanged.emit(self.index(i, 0), self.index(i, 2))
        if len(new) > same:
            self.beginInsertRows(_ROOT, same, len(new) - 1)
            self._rows = new
            self.endInsertRows()

    def rows(self) -> list[tuple[str, str]]:
        return [(r.label, r.value) for r in self._rows]

    def property_rows(self) -> list[PropertyRow]:
        return list(self._rows)

    def row_of(self, field: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.field == field), None)

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else 3

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1 and self._rows[index.row()].field:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            text = (row.label, row.value, row.origin)[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole and row.field and index.column() == 1:
                how = f" ({row.tip})" if row.tip else ""
                return f"{text or '(empty)'} — {row.origin + '; ' if row.origin else ''}double-click to edit{how}"
            return text
        if role == FieldRole:
            return row.field
        if role == ChoicesRole:
            return list(row.choices)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1 and row.field:
            colour = _STANCE_COLOURS.get(row.value) if row.field == "status" or row.field.endswith(
                ":relation") else None
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and row.origin == SET_BY_PERSON and index.column() == 2:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not (self.flags(index)
                                                                            & Qt.ItemFlag.ItemIsEditable):
            return False
        row = self._rows[index.row()]
        text = " ".join(str(value or "").split())
        if text == row.value:
            return False
        # Shown at once as the person's; the store's answer replaces the row when the edit lands (or fails).
        self._rows[index.row()] = PropertyRow(row.label, text, row.field, SET_BY_PERSON if row.origin else "",
                                              row.choices, row.tip)
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(2))
        self.edited.emit(row.field, text or None)
        return True

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return self.HEADERS[section]
        return None


def _is_prose(field: str | None) -> bool:
    """A claim's statement and the notes: sentences, edited in a wrapping box."""
    return field in ("statement", "note") or bool(field and field.endswith(":note"))


class ProseEditor(QPlainTextEdit):
    """A few wrapped lines for a statement or note; Enter saves (a line break means nothing in them), Esc cancels."""

    submitted = Signal(QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit(self)
            return
        super().keyPressEvent(event)


class MetadataDelegate(QStyledItemDelegate):
    """Editors by field: a list of kinds, a list of date bases, a calendar for the date, a list for a field with
    choices (claim type and status, relation, who asserts a claim), a wrapping box for a statement or note, else
    a line of text."""

    def createEditor(self, parent, option, index):
        field = index.data(FieldRole)
        choices = index.data(ChoicesRole)
        if _is_prose(field):
            editor = ProseEditor(parent)
            editor.submitted.connect(self._submit)
            return editor
        if choices:
            combo = QComboBox(parent)
            combo.addItems(choices)
            return combo
        if field == "kind":
            combo = QComboBox(parent)
            combo.addItems([k.value for k in DocumentKind])
            return combo
        if field == "date_basis":
            combo = QComboBox(parent)
            combo.addItems(["", *(b.value for b in DateBasis)])
            return combo
        if field == "date":
            editor = QDateEdit(parent)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            editor.setMinimumDate(_NO_DATE)
            editor.setSpecialValueText(" ")  # the minimum shows blank: no date
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, ProseEditor):
            if editor.toPlainText() != text:
                editor.setPlainText(text)
                editor.selectAll()
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findText(text)))
        elif isinstance(editor, QDateEdit):
            date = QDate.fromString(text, "yyyy-MM-dd")
            editor.setDate(date if date.isValid() else _NO_DATE)
        else:
            super().setEditorData(editor, index)

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = option.rect
        if isinstance(editor, ProseEditor):  # room for three lines even on a one-line row
            rect = rect.adjusted(0, 0, 0, max(0, 3 * option.fontMetrics.lineSpacing() + 10 - rect.height()))
        editor.setGeometry(rect)

    def _submit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, ProseEditor):
            model.setData(index, editor.toPlainText())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        elif isinstance(editor, QDateEdit):
            date = editor.date()
            model.setData(index, "" if date == _NO_DATE else date.toString("yyyy-MM-dd"))
        else:
            super().setModelData(editor, model, index)


class InspectorPanel(QWidget):
    """Properties of the item shown; for a document, its risk warnings above and its metadata editable in place."""

    metadataEdited = Signal(int, str, object)  # document id, field, value (None clears it)
    evidenceEdited = Signal(str, int, str, object)  # "claim" | "excerpt" | "link", its id, field, value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PropertyTableModel(self)
        self.model.edited.connect(self._on_edited)
        self.risks = QListWidget(self)
        self.risks.setAccessibleName("Risk warnings")
        self.risks.setWordWrap(True)
        self.risks.setStyleSheet("QListWidget { color: #8a1c00; background: #fff4e5; border: 1px solid #e0a060; }")
        self.risks.hide()
        self.hint = QLabel("Double-click a value to edit it; Edit → Undo undoes the change.", self)
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.table = QTableView(self)
        self.table.setAccessibleName("Document properties")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(1, MetadataDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)  # sized by _fit_columns
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())  # long values re-wrap
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self._fitting = False
        self.table.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.risks)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        self.item: tuple[str, int] | None = None  # ("document" | "excerpt" | "claim", id) being shown

    def show_document(self, doc: DocumentRecord | None) -> None:
        self.show_rows(("document", doc.id) if doc else None, [r for r in document_rows(doc)
                                                                if r.value or r.field] if doc else [])
        self._show_risks(risk_lines(doc.risk_flags) if doc else [])
        self.hint.setVisible(doc is not None)

    def show_rows(self, item: tuple[str, int] | None, rows: list[tuple[str, str]] | list[PropertyRow]) -> None:
        same = item is not None and item == self.item
        self.item = item
        self.model.set_rows(rows, in_place=same)
        if item is None or item[0] != "document":
            self._show_risks([])
            self.hint.setVisible(any(r.field for r in self.model.property_rows()))
        self.table.setColumnHidden(2, item is None or item[0] != "document")  # only document fields have origins
        self.table.setAccessibleName(f"{item[0].capitalize()} properties" if item else "Properties")
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Field names take what they need up to a third of the width (longer ones wrap), values the rest."""
        wanted = self.table.sizeHintForColumn(0) if self.model.rowCount() else 80
        room = max(90, self.table.viewport().width() // 3)
        self.table.setColumnWidth(0, max(70, min(wanted, room)))
        self.table.resizeRowsToContents()

    def eventFilter(self, watched, event) -> bool:
        # The table's viewport narrows when its scroll bar appears: wrapped values need their rows re-measured.
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize and not self._fitting:
            self._fitting = True
            try:
                self._fit_columns()
            finally:
                self._fitting = False
        return super().eventFilter(watched, event)

    def append_rows(self, item: tuple[str, int], rows: list[tuple[str, str]]) -> None:
        """Add rows read later (tags, excerpts) if the same item is still shown."""
        if item == self.item:
            known = self.model.rows()
            self.model.set_rows(self.model.property_rows() + [PropertyRow(*r) for r in rows if r not in known],
                                in_place=True)
            self._fit_columns()

    def risk_warnings(self) -> list[str]:
        return [self.risks.item(i).text() for i in range(self.risks.count())]

    def _show_risks(self, lines: list[str]) -> None:
        self.risks.clear()
        self.risks.addItems(lines)
        self.risks.setVisible(bool(lines))
        if lines:
            self.risks.setMaximumHeight(min(160, 8 + 22 * len(lines) * 2))

    def _on_edited(self, field: str, value: Any) -> None:
        if self.item is not None and self.item[0] == "document":
            self.metadataEdited.emit(self.item[1], field, value)
        elif self.item is not None:
            self.evidenceEdited.emit(self.item[0], self.item[1], field, value)
