"""The privacy scan dialog: scan the chosen documents for FRCP 5.2 items with progress and cancel, then the counts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casebook.core.progress import Cancelled
from casebook.core.records import DocumentRecord
from casebook.ui.tasks import Task, TaskRunner, readable_error

MATTER_CHOICES = (("From the docket number", None), ("Criminal matter", True), ("Civil matter", False))


class PrivacyScanDialog(QDialog):
    """Runs `services.privacy.scan_documents` on the writer executor; found items go to the Privacy dock."""

    scanFinished = Signal(object)  # ScanReport

    def __init__(self, runner: TaskRunner, documents: Sequence[DocumentRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.documents = runner, list(documents)
        self.task: Task | None = None
        self.report = None
        self.setWindowTitle("Privacy Scan (FRCP 5.2)")
        heading = QLabel(f"<b>{len(self.documents)} document(s)</b>: "
                         + ", ".join(d.title for d in self.documents[:3]) + ("…" if len(self.documents) > 3 else ""),
                         self)
        heading.setWordWrap(True)
        self.matter_box = QComboBox(self)
        self.matter_box.setAccessibleName("Kind of matter")
        for text, value in MATTER_CHOICES:
            self.matter_box.addItem(text, value)
        self.matter_box.setToolTip("Home addresses are flagged only in criminal matters (FRCP 5.2(a), Crim. 49.1)")
        form = QFormLayout()
        form.addRow("&Matter:", self.matter_box)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Scan progress")
        self.progress.setRange(0, 1)
        self.progress.setFormat("Not started")
        self.status = QLabel("Scans the stored text (OCR text included). New findings wait for review in the "
                             "Privacy dock.", self)
        self.status.setWordWrap(True)
        self.results = QTableWidget(0, 2, self)
        self.results.setAccessibleName("Privacy findings by rule")
        self.results.setHorizontalHeaderLabels(["Rule", "New findings"])
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.start_button = QPushButton("&Start", self)
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton("&Cancel Scan", self)
        self.cancel_button.setEnabled(False)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        for widget in (heading,):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self._active = False
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)
        self.resize(600, 400)

    @property
    def running(self) -> bool:
        """From Start until the result (or the failure) has been shown here, on the GUI thread."""
        return self._active

    def start(self) -> Task | None:
        if self.running:
            return self.task
        ids, criminal = [d.id for d in self.documents], self.matter_box.currentData()

        def job(case, *, progress, cancel):
            from casebook.services.privacy import scan_documents

            return scan_documents(case, ids, criminal=criminal, progress=progress, cancel=cancel)

        self.progress.setRange(0, 0)
        self._running(True)
        self.task = self.runner.run_write(f"Privacy scan of {len(ids)} document(s)", job, on_done=self._done,
                                          on_error=self._failed)
        self._active = True
        self._timer.start()
        return self.task

    def cancel(self) -> None:
        if self.running and self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling after the current document…")

    def _running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.matter_box.setEnabled(not running)

    def _poll(self) -> None:
        update = self.task.latest if self.task is not None else None
        if update is not None and update.total:
            self.progress.setRange(0, update.total)
            self.progress.setValue(min(update.done, update.total))
            self.progress.setFormat(f"document {update.done} of {update.total}")

    def _failed(self, error: BaseException) -> None:
        self._active = False
        self._timer.stop()
        self._running(False)
        self.progress.setRange(0, 1)
        self.progress.setFormat("Cancelled" if isinstance(error, Cancelled) else "Failed")
        self.status.setText("Scan cancelled before it began." if isinstance(error, Cancelled)
                            else readable_error(error))

    def _done(self, report) -> None:
        from casebook.services.privacy import rule_name

        self._active = False
        self._timer.stop()
        self._running(False)
        self.report = report
        self.progress.setRange(0, max(1, report.documents))
        self.progress.setValue(report.documents)
        self.progress.setFormat("Cancelled" if report.cancelled else "Done")
        rows = sorted(report.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        self.results.setRowCount(len(rows))
        for r, (rule, count) in enumerate(rows):
            for c, text in enumerate((rule_name(rule), str(count))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.results.setItem(r, c, item)
        self.status.setText(f"{report.documents} document(s), {report.pages} page(s) scanned: {report.new} new "
                            f"finding(s), {report.kept} already known" + (" (cancelled)" if report.cancelled else "")
                            + ". Review them in the Privacy dock (Alt+7).")
        self.scanFinished.emit(report)


def open_privacy_scan(window, documents: Sequence[DocumentRecord] | None = None) -> PrivacyScanDialog | None:
    from casebook.ui.ocr_dialog import chosen_documents

    documents = list(documents) if documents is not None else chosen_documents(window)
    if not documents:
        window.statusBar().showMessage("Choose documents in the Case list (Ctrl+click for several), or open one, "
                                       "to scan them", 8000)
        return None
    dialog = PrivacyScanDialog(window.runner, documents, window)
    dialog.scanFinished.connect(lambda _report: _refresh_panel(window))
    dialog.setModal(False)
    dialog.show()
    window.privacy_scan_dialog = dialog
    return dialog


def _refresh_panel(window) -> None:
    panel = getattr(window, "privacy_panel", None)
    if panel is None:
        return

    def job(case, **_):
        from casebook.services.privacy import list_findings

        return list_findings(case) if case is not None else []

    window.runner.run_read("Reading privacy findings", job, on_done=panel.set_findings)


def install_privacy_scan(window, menu) -> None:
    """Tools → Privacy Scan… (Ctrl+Shift+P) for the chosen documents, when the privacy service is present."""
    window.privacy_scan_action = window._action("&Privacy Scan…", lambda: open_privacy_scan(window), "Ctrl+Shift+P",
                                                tip="Find SSNs, dates of birth, account numbers and other FRCP 5.2 "
                                                    "items in the chosen documents")
    window.privacy_scan_action.setEnabled(False)
    window.caseOpened.connect(lambda _title: window.privacy_scan_action.setEnabled(True))
    menu.addAction(window.privacy_scan_action)
