"""The bundle builder's exhibit list: documents in bundle order, each with its own label, description and date,
and the planned bundle pages, Bates range and volume from the latest preview."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt, Signal

from casebook.core.bundles import BundlePlan, ExhibitChoice
from casebook.ui.document_drag import DOCUMENT_MIME, add_documents, decode_documents
from casebook.ui.row_table import RowTableModel

ROW_MIME = "application/x-casebook-bundle-rows"
_ROOT = QModelIndex()


@dataclass(frozen=True)
class ExhibitRow:
    """One exhibit being built: the document and what the person set for it (empty: the document's own)."""

    document_id: int
    title: str
    document_date: str = ""
    pages: int = 0
    description: str = ""
    label: str = ""
    date: str = ""

    def choice(self) -> ExhibitChoice:
        return ExhibitChoice(self.document_id, description=self.description, date=self.date, label=self.label)


class ExhibitListModel(RowTableModel):
    """Exhibits in bundle order. Label, description and date are edited in place; rows are reordered by drag,
    and documents dropped on the list (from the navigator, search results or claims) are added where dropped."""

    COLUMNS = ("Exhibit", "Description", "Date", "Pages", "Bundle pages", "Bates", "Volume")
    LABEL, DESCRIPTION, DATE, PAGES, BUNDLE_PAGES, BATES, VOLUME = range(7)
    EDITABLE: ClassVar[dict[int, str]] = {LABEL: "label", DESCRIPTION: "description", DATE: "date"}

    exhibitsChanged = Signal()  # rows added, removed, moved or edited: the preview is out of date
    documentsDropped = Signal(list, int)  # document ids dropped from elsewhere, row to insert them at

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plan: BundlePlan | None = None

    # --- contents -----------------------------------------------------------------------------------------
    def exhibits(self) -> list[ExhibitRow]:
        return list(self._rows)

    def choices(self) -> tuple[ExhibitChoice, ...]:
        return tuple(row.choice() for row in self._rows)

    def document_ids(self) -> list[int]:
        return [row.document_id for row in self._rows]

    def set_exhibits(self, rows: Sequence[ExhibitRow]) -> None:
        self.plan = None
        self.set_rows(rows)
        self.exhibitsChanged.emit()

    def add(self, rows: Iterable[ExhibitRow], at: int | None = None) -> int:
        """Insert exhibits at row `at` (default: the end), leaving out documents already in the bundle."""
        present = set(self.document_ids())
        new = []
        for row in rows:
            if row.document_id not in present:
                present.add(row.document_id)
                new.append(row)
        if not new:
            return 0
        at = len(self._rows) if at is None or not 0 <= at <= len(self._rows) else at
        self.beginInsertRows(_ROOT, at, at + len(new) - 1)
        self._rows[at:at] = new
        self.endInsertRows()
        self.exhibitsChanged.emit()
        return len(new)

    def remove(self, rows: Iterable[int]) -> int:
        doomed = sorted({r for r in rows if 0 <= r < len(self._rows)}, reverse=True)
        for row in doomed:
            self.beginRemoveRows(_ROOT, row, row)
            del self._rows[row]
            self.endRemoveRows()
        if doomed:
            self.exhibitsChanged.emit()
        return len(doomed)

    def move(self, rows: Iterable[int], to: int) -> list[int]:
        """Move rows (kept in their order) to stand before row `to` of the list as it is now; returns their new
        rows."""
        chosen = sorted({r for r in rows if 0 <= r < len(self._rows)})
        if not chosen:
            return []
        to = max(0, min(to, len(self._rows)))
        moving = [self._rows[r] for r in chosen]
        staying = [row for r, row in enumerate(self._rows) if r not in chosen]
        at = to - sum(1 for r in chosen if r < to)
        order = staying[:at] + moving + staying[at:]
        if order == self._rows:
            return chosen
        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        self._rows = order
        # Keep persistent indexes (the view's selection and current row) on the rows that moved.
        new_row = {id(row): n for n, row in enumerate(order)}
        for index in self.persistentIndexList():
            if index.isValid() and index.row() < len(old):
                self.changePersistentIndex(index, self.index(new_row[id(old[index.row()])], index.column()))
        self.layoutChanged.emit()
        self.exhibitsChanged.emit()
        return list(range(at, at + len(moving)))

    def set_plan(self, plan: BundlePlan | None) -> None:
        """Show a preview's labels, pages, Bates and volumes (ignored when it was made for other exhibits)."""
        if plan is not None and [e.document_id for e in plan.exhibits] != self.document_ids():
            plan = None
        self.plan = plan
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))

    def planned_label(self, row: int) -> str:
        if self.plan is not None:
            return self.plan.exhibits[row].label
        return self._rows[row].label

    # --- Qt model -----------------------------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item: ExhibitRow | None = self.item(index)
        if item is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column in self.EDITABLE:
            return (item.label or self.planned_label(index.row()) if column == self.LABEL
                    else getattr(item, self.EDITABLE[column]) or (item.title if column == self.DESCRIPTION
                                                                  else item.document_date))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(index.row(), item, column)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(item, column, text)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.PAGES, self.BUNDLE_PAGES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item.document_id
        return None

    def _text(self, row: int, item: ExhibitRow, column: int) -> str:
        planned = self.plan.exhibits[row] if self.plan is not None else None
        if column == self.LABEL:
            return item.label or (planned.label if planned else "…")
        if column == self.DESCRIPTION:
            return item.description or item.title
        if column == self.DATE:
            return item.date or item.document_date
        if column == self.PAGES:
            return str(planned.source_pages if planned else item.pages or "")
        if planned is None:
            return "…"
        if column == self.BUNDLE_PAGES:
            return (f"{planned.first_page}–{planned.last_page}" if planned.first_page != planned.last_page
                    else str(planned.first_page))
        assert self.plan is not None  # a planned exhibit comes from the plan
        if column == self.BATES:
            return self.plan.bates_range(planned) or "—"
        volume = self.plan.exhibit_volume(row)
        return volume.name if volume is not None else ""

    @staticmethod
    def _tooltip(item: ExhibitRow, column: int, text: str) -> str:
        if column in ExhibitListModel.EDITABLE and not getattr(item, ExhibitListModel.EDITABLE[column]):
            return f"{text}\n(the document's own; double-click or F2 to set the exhibit's)"
        if column == ExhibitListModel.DESCRIPTION:
            return f"{text}\nDocument: {item.title}"
        return text

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        item: ExhibitRow | None = self.item(index)
        if item is None or role != Qt.ItemDataRole.EditRole or index.column() not in self.EDITABLE:
            return False
        name = self.EDITABLE[index.column()]
        text = " ".join(str(value or "").split())
        if (name == "description" and text == item.title) or (name == "date" and text == item.document_date):
            text = ""  # the document's own again
        if name == "label" and self.plan is not None and text == self.plan.exhibits[index.row()].label \
                and not item.label:
            text = ""  # the numbering's label, unchanged
        if getattr(item, name) == text:
            return False
        changed: dict[str, Any] = {name: text}
        self._rows[index.row()] = replace(item, **changed)
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(len(self.COLUMNS) - 1))
        self.exhibitsChanged.emit()
        return True

    # --- drag and drop ------------------------------------------------------------------------------------
    def supportedDropActions(self):
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME, DOCUMENT_MIME]

    def mimeData(self, indexes) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid() and 0 <= i.row() < len(self._rows)})
        mime = QMimeData()
        mime.setData(ROW_MIME, QByteArray(",".join(str(r) for r in rows).encode("ascii")))
        return add_documents(mime, (self._rows[r].document_id for r in rows))

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data is not None and (data.hasFormat(ROW_MIME) or bool(decode_documents(data)))

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        to = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        if data.hasFormat(ROW_MIME):
            raw = bytes(data.data(ROW_MIME).data()).decode("ascii", "replace")
            self.move([int(p) for p in raw.split(",") if p.strip().isdigit()], to)
            return False  # moved here already: the view must not remove the dragged rows afterwards
        ids = [i for i in decode_documents(data) if i not in set(self.document_ids())]
        if not ids:
            return False
        self.documentsDropped.emit(ids, to)
        return True
