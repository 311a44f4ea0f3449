"""A dialog that runs one service over chosen documents on the writer thread: choices, progress, cancel, results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from casebook.core.progress import Cancelled, ProgressUpdate
from casebook.core.records import DocumentRecord
from casebook.ui.tasks import Task, TaskRunner, readable_error


class DocumentTaskDialog(QDialog):
    """The frame the OCR and privacy-scan dialogs share; a subclass adds its choices to `form` and its columns.

    Subclasses give `task_title`, `job` (run on the writer thread), `set_inputs_enabled`, `progress_text`,
    `cancelling_text`, `cancelled_before_text` and `finish` (show the report); the GUI thread only polls progress.
    """

    cancel_on_close = True  # closing while it runs cancels it (work already finished stays done)

    def __init__(self, runner: TaskRunner, documents: Sequence[DocumentRecord], *, title: str, what: str,
                 columns: Sequence[str], cancel_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.documents = list(documents)
        self.task: Task | None = None
        self.report: Any = None
        self.setWindowTitle(title)
        names = ", ".join(d.title for d in self.documents[:3]) + ("…" if len(self.documents) > 3 else "")
        self.heading = QLabel(f"<b>{len(self.documents)} document(s)</b>: {names}", self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setToolTip("\n".join(d.title for d in self.documents))
        self.form = QFormLayout()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(f"{what} progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("Not started")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.results = QTableWidget(0, len(columns), self)
        self.results.setHorizontalHeaderLabels(list(columns))
        self.results.verticalHeader().hide()
        self.buttons = QDialogButtonBox(self)
        self.start_button = QPushButton("&Start", self)
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton(cancel_label, self)
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton("Close", self)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.buttons)
        self._active = False
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)

    # --- what a subclass supplies ------------------------------------------------------------------------------
    def task_title(self) -> str:
        raise NotImplementedError

    def job(self) -> Callable[..., Any]:
        """The function the writer thread runs: (case, *, progress, cancel) -> report."""
        raise NotImplementedError

    def set_inputs_enabled(self, enabled: bool) -> None:
        raise NotImplementedError

    def progress_text(self, update: ProgressUpdate) -> str:
        raise NotImplementedError

    def cancelling_text(self) -> str:
        raise NotImplementedError

    def cancelled_before_text(self) -> str:
        raise NotImplementedError

    def before_start(self) -> None:
        """Clear what a previous run showed."""

    def on_progress_message(self, update: ProgressUpdate) -> None:
        """A progress message arrived (nothing by default)."""

    def finish(self, report: Any) -> None:
        raise NotImplementedError

    # --- running ----------------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """From Start until the result (or the failure) has been shown here, on the GUI thread."""
        return self._active

    def start(self) -> Task | None:
        if self.running:
            return self.task
        job = self.job()
        self.before_start()
        self.progress.setRange(0, 0)
        self._set_running(True)
        self.task = self.runner.run_write(self.task_title(), job, on_done=self._done, on_error=self._failed)
        self._active = True
        self._timer.start()
        return self.task

    def cancel(self) -> None:
        if self.running and self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.cancelling_text())

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.set_inputs_enabled(not running)

    def _poll(self) -> None:
        update = self.task.latest if self.task is not None else None
        if update is None:
            return
        if update.total:
            self.progress.setRange(0, update.total)
            self.progress.setValue(min(update.done, update.total))
            self.progress.setFormat(self.progress_text(update))
        self.on_progress_message(update)

    def _stopped(self) -> None:
        self._active = False
        self._timer.stop()
        self._set_running(False)

    def _failed(self, error: BaseException) -> None:
        self._stopped()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("Cancelled" if isinstance(error, Cancelled) else "Failed")
        self.status.setText(self.cancelled_before_text() if isinstance(error, Cancelled) else readable_error(error))

    def _done(self, report: Any) -> None:
        self._stopped()
        self.report = report
        self.finish(report)

    def reject(self) -> None:
        if self.running and self.cancel_on_close:
            self.cancel()
        super().reject()
