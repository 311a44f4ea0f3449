"""The search term report dialog: paste terms or load a terms file, run them over the case, export the table."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.core.errors import CaseError
from casebook.export.atomic import write_text_atomically
from casebook.ui.search_models import TermReportModel
from casebook.ui.tasks import Task, TaskRunner, readable_error

log = logging.getLogger(__name__)


class TermReportDialog(QDialog):
    """One term or query per line; the table shows hits, unique hits, documents and pages of each."""

    reportReady = Signal(list)  # TermRow list

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.task: Task | None = None
        self.setWindowTitle("Search Term Report")
        self.terms = QPlainTextEdit(self)
        self.terms.setAccessibleName("Search terms, one per line")
        self.terms.setPlaceholderText("One term or query per line, e.g.\ntaxpayer data\n\"47,000\"\nRomo~")
        self.model = TermReportModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Term report")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel(self)
        self.load_button = QPushButton("Load Terms File…", self)
        self.run_button = QPushButton("Run", self)
        self.run_button.setDefault(True)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.setEnabled(False)
        close = QPushButton("Close", self)
        self.load_button.clicked.connect(self.choose_terms_file)
        self.run_button.clicked.connect(self.run)
        self.export_button.clicked.connect(self.choose_csv)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.load_button, self.run_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Terms:", self))
        layout.addWidget(self.terms, 1)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(640, 520)

    def load_terms(self, path: Path) -> None:
        self.terms.setPlainText(Path(path).read_text(encoding="utf-8", errors="replace"))

    def choose_terms_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load Terms", "", "Text files (*.txt *.csv);;All files (*)")
        if path:
            try:
                self.load_terms(Path(path))
            except OSError as exc:
                self.status.setText(readable_error(exc))

    def run(self) -> Task:
        """Run the report on the writer thread (it brings the index up to date first)."""
        text = self.terms.toPlainText()

        def job(case, *, progress, cancel):
            if case is None:
                raise CaseError("Open a case first")
            from casebook.services.term_report import read_terms, term_report

            return term_report(case, read_terms(text), progress=progress, cancel=cancel)

        self.run_button.setEnabled(False)
        self.status.setText("Running…")
        self.task = self.runner.run_write("Search term report", job, on_done=self._show, on_error=self._failed)
        return self.task

    def _show(self, rows: list) -> None:
        self.model.set_rows(rows)
        self.run_button.setEnabled(True)
        self.export_button.setEnabled(bool(rows))
        bad = sum(1 for r in rows if r.error)
        self.status.setText(f"{len(rows)} term(s)" + (f"; {bad} could not be searched" if bad else ""))
        self.reportReady.emit(rows)

    def _failed(self, error: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.status.setText(f"The report failed: {readable_error(error)}")

    def choose_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export Term Report", "term-report.csv", "CSV (*.csv)")
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> Path:
        from casebook.services.term_report import render_csv

        try:
            written = write_text_atomically(path, render_csv(self.model.rows()))
        except OSError as exc:
            self.status.setText(readable_error(exc))
            raise
        self.status.setText(f"Saved {written}")
        return written
