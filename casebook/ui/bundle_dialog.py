"""The court bundle dialog's names, kept for imports: File → Export → Court Bundle… now opens the bundle builder
(casebook/ui/bundle_builder.py); the index model shows any bundle plan as a table."""

from __future__ import annotations

from PySide6.QtCore import Qt

from casebook.ui.bundle_builder import BundleBuilder
from casebook.ui.row_table import RowTableModel

__all__ = ["BundleDialog", "BundleIndexModel"]


class BundleIndexModel(RowTableModel):
    """The index of a planned bundle: exhibit label, description, date, bundle pages and Bates range."""

    COLUMNS = ("Exhibit", "Description", "Date", "Pages", "Bundle pages", "Bates")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plan = None

    def set_plan(self, plan) -> None:
        self.beginResetModel()
        self.plan = plan
        self._rows = []
        for exhibit in plan.exhibits if plan is not None else ():
            bates = ""
            if exhibit.bates_first is not None:
                bates = f"{plan.bates_text(exhibit.bates_first)}–{plan.bates_text(exhibit.bates_last)}"
            pages = f"{exhibit.first_page}–{exhibit.last_page}"
            self._rows.append((exhibit.label, exhibit.description or exhibit.title, exhibit.date or "",
                               str(exhibit.source_pages), pages, bates))
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < 6:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None


BundleDialog = BundleBuilder
