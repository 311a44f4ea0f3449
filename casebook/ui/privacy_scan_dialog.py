"""The privacy scan dialog: scan the chosen documents for FRCP 5.2 items with progress and cancel, then the counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidgetItem, QWidget

from casebook.core.progress import ProgressUpdate
from casebook.core.records import DocumentRecord
from casebook.ui.document_task_dialog import DocumentTaskDialog
from casebook.ui.tasks import TaskRunner

MATTER_CHOICES = (("From the docket number", None), ("Criminal matter", True), ("Civil matter", False))


class PrivacyScanDialog(DocumentTaskDialog):
    """Runs `services.privacy.scan_documents` on the writer executor; found items go to the Privacy dock."""

    scanFinished = Signal(object)  # ScanReport
    cancel_on_close = False  # the scan goes on in the background; its findings still reach the Privacy dock

    def __init__(self, runner: TaskRunner, documents: Sequence[DocumentRecord], parent: QWidget | None = None) -> None:
        super().__init__(runner, documents, title="Privacy Scan (FRCP 5.2)", what="Scan",
                         columns=("Rule", "New findings"), cancel_label="&Cancel Scan", parent=parent)
        self.matter_box = QComboBox(self)
        self.matter_box.setAccessibleName("Kind of matter")
        for text, value in MATTER_CHOICES:
            self.matter_box.addItem(text, value)
        self.matter_box.setToolTip("Home addresses are flagged only in criminal matters (FRCP 5.2(a), Crim. 49.1)")
        self.form.addRow("&Matter:", self.matter_box)
        self.status.setText("Scans the stored text (OCR text included). New findings wait for review in the "
                            "Privacy dock.")
        self.results.setAccessibleName("Privacy findings by rule")
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.resize(600, 400)

    def task_title(self) -> str:
        return f"Privacy scan of {len(self.documents)} document(s)"

    def job(self) -> Callable[..., Any]:
        ids, criminal = [d.id for d in self.documents], self.matter_box.currentData()

        def run(case, *, progress, cancel):
            from casebook.services.privacy import scan_documents

            return scan_documents(case, ids, criminal=criminal, progress=progress, cancel=cancel)

        return run

    def set_inputs_enabled(self, enabled: bool) -> None:
        self.matter_box.setEnabled(enabled)

    def progress_text(self, update: ProgressUpdate) -> str:
        return f"document {update.done} of {update.total}"

    def cancelling_text(self) -> str:
        return "Cancelling after the current document…"

    def cancelled_before_text(self) -> str:
        return "Scan cancelled before it began."

    def finish(self, report: Any) -> None:
        from casebook.services.privacy import rule_name

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
    box_action = getattr(window, "redaction_box_action", None)  # Draw Redaction Box, from the Privacy dock
    if box_action is not None:
        menu.addAction(box_action)
