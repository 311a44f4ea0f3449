"""Item models of the claims board: claims with evidence counts, a claim's linked excerpts, and all excerpts."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from casebook.core.evidence import ClaimStatus, Relation
from casebook.ui.document_drag import add_documents
from casebook.ui.row_table import RowTableModel

if TYPE_CHECKING:  # the read models live in services; importing them at launch would pull in the reports
    from casebook.services.ui_support import ClaimRow, ExcerptRow, LinkedExcerpt

EXCERPT_MIME = "application/x-casebook-excerpt-ids"
RELATION_COLOURS = {
    Relation.SUPPORTS: "#2e9d4a", Relation.CONTRADICTS: "#d64545",
    Relation.QUALIFIES: "#e0a000", Relation.CONTEXT: "#2a8fb0",
}
UNLINKED_COLOUR = "#8a8a8a"
HIGHLIGHT_ALPHA = "60"  # appended to the colour: readable text under the highlight

ClaimIdRole = Qt.ItemDataRole.UserRole + 20
IssueScopeRole = Qt.ItemDataRole.UserRole + 21
StatusRole = Qt.ItemDataRole.UserRole + 22
ExcerptIdRole = Qt.ItemDataRole.UserRole + 23
DocumentIdRole = Qt.ItemDataRole.UserRole + 24
PageRole = Qt.ItemDataRole.UserRole + 25
RelationRole = Qt.ItemDataRole.UserRole + 26



def flat(text: str) -> str:
    """A quote on one line: the PDF's line breaks become spaces (a table cell shows no raw breaks)."""
    return " ".join((text or "").split())


def tooltip(text: str) -> str:
    """Full text for a tooltip, as rich text so Qt wraps a long quote instead of drawing one screen-wide line."""
    return "<qt>" + "<br>".join(html.escape(line) for line in text.splitlines()) + "</qt>"


def relation_highlight(relation: Relation | None) -> str:
    """The highlight colour ("#rrggbbaa") of an excerpt linked by `relation` (None: not linked to any claim)."""
    return (RELATION_COLOURS.get(relation, UNLINKED_COLOUR) if relation else UNLINKED_COLOUR) + HIGHLIGHT_ALPHA


def encode_excerpts(ids: Sequence[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(EXCERPT_MIME, QByteArray(",".join(str(i) for i in ids).encode("ascii")))
    mime.setText(", ".join(f"excerpt {i}" for i in ids))
    return mime


def decode_excerpts(mime: QMimeData) -> list[int]:
    if mime is None or not mime.hasFormat(EXCERPT_MIME):
        return []
    raw = bytes(mime.data(EXCERPT_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


class ClaimTableModel(RowTableModel):
    """One row per claim. Statement and status are edited in place; dropping excerpts on a row asks to link them."""

    COLUMNS = ("#", "Claim", "Status", "Asserted by", "Source", "Supports", "Contradicts", "Qualifies", "Context",
               "Issues")
    STATEMENT, STATUS = 1, 2
    SHORT_HEADINGS: ClassVar[dict[int, str]] = {5: "Sup.", 6: "Contra.", 7: "Qual.", 8: "Ctx."}
    COUNT_COLUMNS: ClassVar[dict[int, Relation]] = {
        5: Relation.SUPPORTS, 6: Relation.CONTRADICTS, 7: Relation.QUALIFIES, 8: Relation.CONTEXT}

    claimEdited = Signal(int, object)  # claim id, {"statement": …} or {"status": ClaimStatus}
    excerptsDropped = Signal(int, list)  # claim id, excerpt ids

    def row_of(self, claim_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.claim.id == claim_id), -1)

    def claim_row(self, index: QModelIndex) -> ClaimRow | None:
        return self.item(index)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:  # short count headings leave the room to the statement
                return self.SHORT_HEADINGS.get(section, self.COLUMNS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section in self.COUNT_COLUMNS:
                return f"Excerpts that {self.COLUMNS[section].lower().rstrip('s')} the claim" if section != 8 \
                    else "Excerpts linked as context"
            if role == Qt.ItemDataRole.ForegroundRole and section in self.COUNT_COLUMNS:
                return QColor(RELATION_COLOURS[self.COUNT_COLUMNS[section]])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.claim_row(index)
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        claim, column = row.claim, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column in self.COUNT_COLUMNS:
                return row.counts.get(self.COUNT_COLUMNS[column], 0)
            return (str(claim.id), claim.statement, claim.status.value, row.asserted_by, row.source, None, None,
                    None, None, "; ".join(row.issues))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (3, 4, 9):  # asserted by, source, issues: the whole (elided) text
                text = (row.asserted_by, row.source, "; ".join(row.issues))[(3, 4, 9).index(column)]
                return tooltip(text) if text else None
            tip = [claim.statement, f"{claim.claim_type.value}, {claim.status.value}"]
            tip += [f"⚠ {w}" for w in row.warnings]
            return tooltip("\n".join(tip))
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS and row.warnings:
            return QColor(RELATION_COLOURS[Relation.CONTRADICTS])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.COUNT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == ClaimIdRole:
            return claim.id
        if role == IssueScopeRole:
            return list(row.issue_scope)
        if role == StatusRole:
            return claim.status.value
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
                 | Qt.ItemFlag.ItemIsDragEnabled)  # dragged out (to the bundle builder) as its documents
        if index.column() in (self.STATEMENT, self.STATUS):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        row = self.claim_row(index)
        if row is None or role != Qt.ItemDataRole.EditRole or index.column() not in (self.STATEMENT, self.STATUS):
            return False
        if index.column() == self.STATEMENT:
            text = " ".join(str(value or "").split())
            if not text or text == row.claim.statement:
                return False
            change, claim = {"statement": text}, dataclasses.replace(row.claim, statement=text)
        else:
            try:
                status = ClaimStatus(str(value))
            except ValueError:
                return False
            if status is row.claim.status:
                return False
            change, claim = {"status": status}, dataclasses.replace(row.claim, status=status)
        # Shown at once; the board is reloaded from the store when the edit has been made (or has failed).
        self._rows[index.row()] = dataclasses.replace(row, claim=claim)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.claimEdited.emit(row.claim.id, change)
        return True

    # --- dropping excerpts on a claim -----------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [EXCERPT_MIME]

    def supportedDropActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def mimeData(self, indexes) -> QMimeData:
        """A dragged claim carries its documents: where it is asserted, then those of its linked excerpts."""
        ids: list[int] = []
        for index in indexes:
            row = self.claim_row(index)
            if row is not None:
                ids += [row.claim.asserted_in_document] if row.claim.asserted_in_document else []
                ids += [e.document_id for e in row.evidence]
        return add_documents(QMimeData(), ids)

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return bool(decode_excerpts(data)) and (parent.isValid() or 0 <= row < len(self._rows))

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        ids = decode_excerpts(data)
        target = parent.row() if parent.isValid() else row
        if not ids or not 0 <= target < len(self._rows):
            return False
        self.excerptsDropped.emit(self._rows[target].claim.id, ids)
        return False  # nothing is inserted into this model: the link is made by the evidence service


class ClaimFilterProxy(QSortFilterProxyModel):
    """Claims on one issue (or its sub-issues) and of one status."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.issue_id: int | None = None
        self.status: str | None = None

    def set_filters(self, *, issue_id: int | None, status: str | None) -> None:
        self.beginFilterChange()
        self.issue_id, self.status = issue_id, status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self.issue_id is not None and self.issue_id not in (index.data(IssueScopeRole) or []):
            return False
        return self.status is None or index.data(StatusRole) == self.status


class _ExcerptTableModel(RowTableModel):
    """Shared behaviour of the excerpt lists: read-only rows that can be dragged onto a claim."""

    def _common(self, item, role):
        if role == ExcerptIdRole:
            return item.excerpt_id
        if role == DocumentIdRole:
            return item.document_id
        if role == PageRole:
            return item.page
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{item.cite}\n“{flat(item.quote)}”\n{item.document_title}")
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [EXCERPT_MIME]

    def mimeData(self, indexes) -> QMimeData:
        rows = [self._rows[i.row()] for i in indexes if i.isValid() and 0 <= i.row() < len(self._rows)]
        ids = list(dict.fromkeys(r.excerpt_id for r in rows))
        return add_documents(encode_excerpts(ids), (r.document_id for r in rows))  # a claim, or the bundle

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction


class LinkedExcerptModel(_ExcerptTableModel):
    """The excerpts linked to the selected claim, supporting ones first."""

    COLUMNS = ("Relation", "Cite", "Quote")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item: LinkedExcerpt | None = self.item(index)
        if item is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.relation.value, item.cite, flat(item.quote))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QColor(RELATION_COLOURS[item.relation])
        if role == RelationRole:
            return item.relation.value
        return self._common(item, role)


class ExcerptListModel(_ExcerptTableModel):
    """Every excerpt of the case, by document and page; drag one onto a claim to link it."""

    COLUMNS = ("Cite", "Quote", "Linked as")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item: ExcerptRow | None = self.item(index)
        if item is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            linked = ", ".join(r.value for r in item.relations) or "—"
            return (item.cite, flat(item.quote), linked)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and item.relations:
            return QColor(RELATION_COLOURS[item.relations[0]])
        return self._common(item, role)

