"""The status-bar widget for background work: what is running, how far it got, and a cancel button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from casebook.ui.tasks import Task


class TaskStatusWidget(QWidget):
    """Hidden while idle; shows the first running background task, refreshed by the runner's poll timer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Background work progress")
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName("Cancel background work")
        self.cancel_button.setToolTip("Stop this work after the current file or page")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def show_task(self, task: Task | None) -> None:
        self.task = task
        if task is None:
            self.hide()
            return
        update = task.latest
        if task.cancelled:
            text = f"{task.title}: cancelling…"
        elif update and update.message:
            text = f"{task.title}: {update.message[:60]}"
        else:
            text = f"{task.title}…"
        self.label.setText(text)
        if update and update.total:
            self.bar.setRange(0, update.total)
            self.bar.setValue(min(update.done, update.total))
            self.bar.setFormat(f"{update.done} / {update.total}")
        else:
            self.bar.setRange(0, 0)  # busy indicator until the job knows its total
        self.cancel_button.setEnabled(not task.cancelled)
        self.show()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.show_task(self.task)
