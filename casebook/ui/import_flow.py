"""Importing from the GUI: background import with progress and cancel, a password retry, and the summary."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from casebook.core.errors import CaseError, RejectReason
from casebook.core.imports import ImportSummary
from casebook.ui.dialogs import ImportSummaryDialog
from casebook.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)


def _import_job(paths: list[Path], password: str | None):
    def job(case, *, progress, cancel) -> ImportSummary:
        if case is None:
            raise CaseError("Open or create a case before importing")
        # Imported on first use (on the writer thread): the import stack is the heaviest part of the app.
        from casebook.services.importing import import_paths

        return import_paths(case, paths, password=password, progress=progress, cancel=cancel)
    return job


def merge_retry(first: ImportSummary, retry: ImportSummary) -> ImportSummary:
    """The first run's results with its password failures replaced by the retry's results."""
    kept = [f for f in first.failed if f.reason != RejectReason.PASSWORD_REQUIRED.value]
    return ImportSummary(
        imported=first.imported + retry.imported,
        duplicates=first.duplicates + retry.duplicates,
        failed=kept + retry.failed,
        cancelled=first.cancelled or retry.cancelled,
    )


class ImportController(QObject):
    """Runs imports on the writer executor and reports the outcome; one password prompt per run."""

    importFinished = Signal(object)  # ImportSummary

    def __init__(self, runner: TaskRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.runner = runner
        self.parent_widget = parent_widget
        self.task: Task | None = None
        self.last_dialog: ImportSummaryDialog | None = None
        self.show_dialogs = True

    def start(self, paths: Sequence[Path]) -> Task:
        paths = [Path(p) for p in paths]
        self.task = self.runner.run_write(f"Importing {len(paths)} item(s)", _import_job(paths, None),
                                          on_done=self._first_done)
        return self.task

    def ask_password(self, count: int) -> str | None:
        """Ask once for the password of the encrypted PDFs of this run (tests replace this method)."""
        text, ok = QInputDialog.getText(
            self.parent_widget, "Password needed",
            f"{count} PDF(s) are encrypted. Password (used for this import only, never stored):",
            QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def _first_done(self, summary: ImportSummary) -> None:
        locked = [Path(f.path) for f in summary.failed if f.reason == RejectReason.PASSWORD_REQUIRED.value]
        if locked and not summary.cancelled:
            password = self.ask_password(len(locked))
            if password:
                self.task = self.runner.run_write(
                    f"Importing {len(locked)} encrypted PDF(s)", _import_job(locked, password),
                    on_done=lambda retry: self._finish(merge_retry(summary, retry)),
                    on_error=lambda _exc: self._finish(summary))
                return
        self._finish(summary)

    def _finish(self, summary: ImportSummary) -> None:
        self.task = None
        self.importFinished.emit(summary)
        if self.show_dialogs:
            self.last_dialog = ImportSummaryDialog(summary, self.parent_widget)
            self.last_dialog.setModal(False)
            self.last_dialog.show()
