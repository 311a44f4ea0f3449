"""File → Export → Court Bundle…: choose exhibits and numbering, preview the index, export in the background."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.core.bundles import PROFILES, BundleDefinition, ExhibitChoice, LabelStyle, Marking
from casebook.core.errors import CaseError
from casebook.ui.row_table import RowTableModel
from casebook.ui.tasks import Task, TaskRunner, readable_error

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 400


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


class BundleDialog(QDialog):
    """Exhibits (checked documents, in date order), numbering and profile; the index preview follows each change."""

    exported = Signal(object)  # ExportReport

    def __init__(self, runner: TaskRunner, documents: Sequence, parent: QWidget | None = None, *,
                 case_path: Path | None = None) -> None:
        super().__init__(parent)
        self.runner, self.case_path = runner, case_path
        self.task: Task | None = None
        self.report = None
        self._preview_request = 0
        self.setWindowTitle("Export Court Bundle")
        self.documents = QListWidget(self)
        self.documents.setAccessibleName("Exhibits")
        for doc in sorted(documents, key=lambda d: (d.date or "", d.id)):
            item = QListWidgetItem(f"{doc.date or 'undated'} — {doc.title}", self.documents)
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.name = QLineEdit("bundle", self)
        self.title = QLineEdit("Exhibits", self)
        self.bates = QLineEdit("", self)
        self.bates.setPlaceholderText("e.g. TRC (empty: no Bates numbers)")
        self.profile = QComboBox(self)
        for name, profile in PROFILES.items():
            self.profile.addItem(f"{name} — {profile.description}", name)
        self.labels = QComboBox(self)
        self.labels.addItem("Exhibit A, B, C…", LabelStyle.ALPHA.value)
        self.labels.addItem("Exhibit 1, 2, 3…", LabelStyle.NUMERIC.value)
        self.marking = QComboBox(self)
        self.marking.addItem("Stamp on the first page", Marking.STAMP.value)
        self.marking.addItem("Slip-sheet before each exhibit", Marking.SLIP_SHEET.value)
        self.chart = QCheckBox("Append the claim chart", self)
        self.chart.setChecked(True)
        form = QFormLayout()
        for label, widget in (("Name:", self.name), ("Title:", self.title), ("Bates prefix:", self.bates),
                              ("Court profile:", self.profile), ("Labels:", self.labels),
                              ("Marking:", self.marking), ("", self.chart)):
            widget.setAccessibleName(label.rstrip(":") or "Claim chart")
            form.addRow(label, widget)
        self.index_model = BundleIndexModel(self)
        self.index_view = QTableView(self)
        self.index_view.setAccessibleName("Bundle index preview")
        self.index_view.setModel(self.index_model)
        self.index_view.verticalHeader().hide()
        self.index_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.index_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export…", self)
        self.export_button.clicked.connect(self.choose_output)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        top = QHBoxLayout()
        top.addWidget(self.documents, 1)
        top.addLayout(form, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel("Index preview:", self))
        layout.addWidget(self.index_view, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(900, 620)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.preview)
        self.documents.itemChanged.connect(lambda _item: self._preview_timer.start())
        for edit in (self.name, self.title, self.bates):
            edit.textChanged.connect(lambda _text: self._preview_timer.start())
        for box in (self.profile, self.labels, self.marking):
            box.currentIndexChanged.connect(lambda _i: self._preview_timer.start())
        self.chart.toggled.connect(lambda _on: self._preview_timer.start())

    @classmethod
    def open_for(cls, runner: TaskRunner, window) -> BundleDialog:
        dialog = cls(runner, getattr(window, "documents", []), window, case_path=getattr(window, "case_path", None))
        dialog.setModal(False)
        dialog.show()
        dialog.preview()
        window.bundle_dialog = dialog
        return dialog

    def definition(self) -> BundleDefinition:
        chosen = [self.documents.item(i) for i in range(self.documents.count())]
        exhibits = tuple(ExhibitChoice(int(item.data(Qt.ItemDataRole.UserRole))) for item in chosen
                         if item.checkState() == Qt.CheckState.Checked)
        return BundleDefinition(exhibits=exhibits, name=self.name.text().strip() or "bundle",
                                title=self.title.text().strip() or "Exhibits", bates_prefix=self.bates.text().strip(),
                                profile=self.profile.currentData(), labels=LabelStyle(self.labels.currentData()),
                                marking=Marking(self.marking.currentData()), include_chart=self.chart.isChecked())

    def preview(self) -> Task | None:
        """Plan the bundle on the reader thread (writes nothing) and show its index; the latest request wins."""
        definition = self.definition()
        self._preview_request += 1
        ticket = self._preview_request
        if not definition.exhibits:
            self.index_model.set_plan(None)
            self.status.setText("Tick at least one document.")
            return None

        def job(case, **_):
            if case is None:
                raise CaseError("Open a case first")
            from casebook.services.bundles import plan_bundle

            return plan_bundle(case, definition)

        def done(plan) -> None:
            if ticket == self._preview_request:
                self.index_model.set_plan(plan)
                notes = "; ".join(plan.warnings)
                self.status.setText(f"{len(plan.exhibits)} exhibit(s), {plan.last_page} page(s)"
                                    + (f" including {plan.chart_pages} chart page(s)" if plan.chart_pages else "")
                                    + (f". {notes}" if notes else ""))

        def failed(error: BaseException) -> None:
            if ticket == self._preview_request:
                self.index_model.set_plan(None)
                self.status.setText(f"Cannot plan this bundle: {readable_error(error)}")

        return self.runner.run_read("Planning the bundle", job, on_done=done, on_error=failed)

    def choose_output(self) -> None:
        suggested = (self.case_path / "exports" if self.case_path else Path.home()) / f"{self.definition().name}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Export Bundle", str(suggested), "PDF (*.pdf)")
        if path:
            self.export(Path(path))

    def export(self, out: Path) -> Task:
        """Export on the writer thread with progress and cancel in the status bar."""
        definition = self.definition()

        def job(case, *, progress, cancel):
            if case is None:
                raise CaseError("Open a case first")
            from casebook.services.bundles import export_bundle

            return export_bundle(case, definition, out, progress=progress, cancel=cancel)

        def done(report) -> None:
            self.report = report
            self.export_button.setEnabled(True)
            text = f"Saved {report.path} ({report.pages} pages, Bates {report.bates or 'none'})."
            if report.warnings:
                text += " Warnings: " + "; ".join(report.warnings[:5])
            self.status.setText(text)
            self.exported.emit(report)

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.status.setText(f"The bundle was not exported: {readable_error(error)}")

        self.export_button.setEnabled(False)
        self.status.setText("Exporting…")
        self.task = self.runner.run_write(f"Exporting bundle {definition.name}", job, on_done=done, on_error=failed)
        return self.task
