"""The Docket dock: every entry of the case's docket sheets, linked to its filing or marked missing."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from casebook.services.dockets import DocketLine, docket_lines
from casebook.ui.row_table import RowTableModel

_MISSING = QColor("#b3261e")


def status_text(line: DocketLine) -> str:
    if line.linked:
        return f"#{line.filing_id} {line.filing_title}"
    return "missing" if line.entry.number is not None else "—"


class DocketModel(RowTableModel):
    """Docket lines as a table: number, date filed, short docket text, linked filing or "missing"."""

    COLUMNS = ("No.", "Filed", "Docket text", "Filing")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        line: DocketLine | None = self.item(index)
        if line is None:
            return None
        entry = line.entry
        if role == Qt.ItemDataRole.DisplayRole:
            cells = (entry.number or "", entry.date_filed or "", entry.short_text(100), status_text(line))
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.text if index.column() == 2 else status_text(line)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and not line.linked \
                and entry.number is not None:
            return QBrush(_MISSING)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DocketPanel(QWidget):
    """The docket table with a one-line summary; double-clicking a linked entry opens its filing."""

    documentActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocketModel(self)
        self.summary = QLabel("No docket sheet imported.", self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Docket entries")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

    def set_lines(self, lines: list[DocketLine]) -> None:
        self.model.set_rows(lines)
        if not lines:
            self.summary.setText("No docket sheet imported.")
            return
        linked = sum(1 for line in lines if line.linked)
        missing = sum(1 for line in lines if not line.linked and line.entry.number is not None)
        self.summary.setText(f"{len(lines)} entries: {linked} linked to filings in the case, {missing} missing.")

    def _on_activated(self, index: QModelIndex) -> None:
        line: DocketLine | None = self.model.item(index)
        if line is not None and line.filing_id is not None:
            self.documentActivated.emit(line.filing_id)


def install_docket_view(window) -> DocketPanel:
    """Add the Docket dock to a MainWindow (View menu toggle); it re-reads the docket whenever documents change."""
    panel = DocketPanel(window)
    dock = window.add_panel("Docket", "DocketDock", panel, area=Qt.DockWidgetArea.BottomDockWidgetArea)
    claims = getattr(window, "claims_dock", None)
    if claims is not None:
        window.tabifyDockWidget(claims, dock)
        claims.raise_()
    panel.documentActivated.connect(window.open_document)

    def refresh(_documents: list) -> None:
        window.runner.run_read("Reading the docket", lambda case, **_: docket_lines(case), on_done=panel.set_lines)

    window.documentsLoaded.connect(refresh)
    window.docket_panel, window.docket_dock = panel, dock
    return panel
