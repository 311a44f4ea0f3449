"""The claims board: claims with evidence counts (filter by issue and status, edit in place), their excerpts."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casebook.core.evidence import ClaimStatus
from casebook.ui.claims_models import (
    ClaimFilterProxy,
    ClaimIdRole,
    ClaimTableModel,
    DocumentIdRole,
    ExcerptIdRole,
    ExcerptListModel,
    LinkedExcerptModel,
    PageRole,
)

if TYPE_CHECKING:
    from casebook.services.ui_support import EvidenceBoard

log = logging.getLogger(__name__)


class StatusDelegate(QStyledItemDelegate):
    """Edits a claim's status with a list of the three statuses."""

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.setAccessibleName("Claim status")
        box.addItems([s.value for s in ClaimStatus])
        return box

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


def _table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ClaimsBoard(QWidget):
    """Claims above (or beside) the excerpts of the selected claim and every excerpt of the case."""

    claimSelected = Signal(int)  # claim id
    excerptSelected = Signal(int)  # excerpt id
    excerptActivated = Signal(int, int, int)  # document id, excerpt id, page: open it and flash its highlight
    claimEdited = Signal(int, object)
    excerptsDropped = Signal(int, list)  # claim id, excerpt ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: EvidenceBoard | None = None
        self.model = ClaimTableModel(self)
        self.proxy = ClaimFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.linked_model = LinkedExcerptModel(self)
        self.excerpt_model = ExcerptListModel(self)
        self.model.claimEdited.connect(self.claimEdited)
        self.model.excerptsDropped.connect(self.excerptsDropped)

        self.issue_box = QComboBox(self)
        self.issue_box.setAccessibleName("Filter claims by issue")
        self.issue_box.addItem("All issues", None)
        self.status_box = QComboBox(self)
        self.status_box.setAccessibleName("Filter claims by status")
        self.status_box.addItem("Any status", None)
        for status in ClaimStatus:
            self.status_box.addItem(status.value.capitalize(), status.value)
        self.count_label = QLabel(self)
        for box in (self.issue_box, self.status_box):
            box.currentIndexChanged.connect(self._apply_filters)
        filters = QHBoxLayout()
        filters.setContentsMargins(4, 2, 4, 2)
        filters.addWidget(QLabel("Issue:", self))
        filters.addWidget(self.issue_box, 1)
        filters.addWidget(QLabel("Status:", self))
        filters.addWidget(self.status_box)
        filters.addWidget(self.count_label)

        self.claims_view = _table(self, "Claims")
        self.claims_view.setModel(self.proxy)
        self.claims_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.claims_view.setItemDelegateForColumn(ClaimTableModel.STATUS, StatusDelegate(self.claims_view))
        self.claims_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                         | QAbstractItemView.EditTrigger.EditKeyPressed
                                         | QAbstractItemView.EditTrigger.SelectedClicked)
        self.claims_view.setAcceptDrops(True)
        self.claims_view.setDragEnabled(True)  # a claim's documents can be dragged into the bundle builder
        self.claims_view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.claims_view.setDropIndicatorShown(True)
        self.claims_view.setToolTip("Drop an excerpt on a claim to link it")
        header = self.claims_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ClaimTableModel.STATEMENT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        for column, width in ((3, 100), (4, 120), (9, 120)):  # long values (elided, full text in the tooltip):
            # the statement gets the room
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.claims_view.setColumnWidth(column, width)
        self.claims_view.selectionModel().currentRowChanged.connect(self._on_claim_row)

        self.linked_view = _table(self, "Excerpts linked to the claim")
        self.linked_view.setModel(self.linked_model)
        self.excerpt_view = _table(self, "All excerpts")
        self.excerpt_view.setModel(self.excerpt_model)
        for view in (self.linked_view, self.excerpt_view):
            view.setDragEnabled(True)
            view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(0, 90)  # relation / cite; the quote takes the rest (no sideways scrolling)
            view.setColumnWidth(1, 140)
            view.activated.connect(self._on_excerpt_activated)
            view.clicked.connect(self._on_excerpt_activated)
            view.selectionModel().currentRowChanged.connect(self._on_excerpt_row)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.linked_view, "Linked excerpts")
        self.tabs.addTab(self.excerpt_view, "All excerpts")

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(filters)
        left_column.addWidget(self.claims_view, 1)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)  # the claims (their statements) get two thirds of the width
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # --- contents -----------------------------------------------------------------------------------------
    def set_board(self, board: EvidenceBoard) -> None:
        """Show a freshly read board, keeping the selected claim and the filters."""
        keep = self.current_claim_id()
        self.board = board
        self._fill_issues(board)
        self.model.set_rows(board.claims)
        self.excerpt_model.set_rows(board.excerpts)
        self._apply_filters()
        if keep is not None:
            self.select_claim(keep)
        else:
            self._show_linked(None)

    def _fill_issues(self, board: EvidenceBoard) -> None:
        current = self.issue_box.currentData()
        self.issue_box.blockSignals(True)
        self.issue_box.clear()
        self.issue_box.addItem("All issues", None)
        for item in board.issues:
            self.issue_box.addItem("    " * item.depth + f"{item.number} {item.issue.title}", item.issue.id)
        found = self.issue_box.findData(current)
        self.issue_box.setCurrentIndex(found if found >= 0 else 0)
        self.issue_box.blockSignals(False)

    def set_filters(self, *, issue_id: int | None = None, status: str | None = None) -> None:
        self.issue_box.setCurrentIndex(max(0, self.issue_box.findData(issue_id)))
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(status)))

    def _apply_filters(self) -> None:
        self.proxy.set_filters(issue_id=self.issue_box.currentData(), status=self.status_box.currentData())
        self.count_label.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} claims")

    # --- selection ----------------------------------------------------------------------------------------
    def current_claim_id(self) -> int | None:
        index = self.claims_view.currentIndex()
        value = index.data(ClaimIdRole) if index.isValid() else None
        return int(value) if value is not None else None

    def select_claim(self, claim_id: int) -> bool:
        row = self.model.row_of(claim_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if not index.isValid():
            self._show_linked(None)
            return False
        self.claims_view.setCurrentIndex(index)
        self._show_linked(claim_id)
        return True

    def _on_claim_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        claim_id = current.data(ClaimIdRole) if current.isValid() else None
        self._show_linked(claim_id)
        if claim_id is not None:
            self.claimSelected.emit(int(claim_id))

    def _show_linked(self, claim_id: int | None) -> None:
        claims = self.board.claims if self.board is not None else []
        row = next((r for r in claims if r.claim.id == claim_id), None)
        self.linked_model.set_rows(row.evidence if row else [])

    def _on_excerpt_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.excerptSelected.emit(int(current.data(ExcerptIdRole)))

    def _on_excerpt_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.excerptActivated.emit(int(index.data(DocumentIdRole)), int(index.data(ExcerptIdRole)),
                                       int(index.data(PageRole)))

    def counts(self, claim_id: int) -> dict:
        """{relation value: count} of one claim as the board shows it (for tests and the status bar)."""
        row = self.model.row_of(claim_id)
        if row < 0:
            return {}
        return {relation.value: n for relation, n in self.model.rows()[row].counts.items()}
