"""The OCR dialog: mode and language for the chosen documents, progress and cancel, then each page's quality."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QToolBar, QWidget

from casebook.core.ocr_setup import tesseract_missing
from casebook.core.progress import ProgressUpdate
from casebook.core.records import DocumentRecord
from casebook.ui.document_task_dialog import DocumentTaskDialog
from casebook.ui.tasks import TaskRunner

MODES = (
    ("image-only", "Pages without a usable text layer"),
    ("redo-all", "Every page (replace the existing text)"),
    ("skip", "Never OCR these documents"),
)
RESULT_COLUMNS = ("Document", "Page", "Quality", "Words", "Engine", "Result")
REVIEW_BELOW = 0.6  # a page under this quality is marked for a person to check


def _item(text: str, *, tip: str = "", number: float | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tip or text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if number is not None:
        item.setData(Qt.ItemDataRole.UserRole, number)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class OcrDialog(DocumentTaskDialog):
    """Runs `services.ocr.ocr_documents` on the writer executor; the GUI thread only polls the task's progress."""

    ocrFinished = Signal(object)  # OcrReport

    def __init__(self, runner: TaskRunner, documents: Sequence[DocumentRecord], parent: QWidget | None = None) -> None:
        super().__init__(runner, documents, title="OCR Scanned Pages", what="OCR", columns=RESULT_COLUMNS,
                         cancel_label="&Cancel OCR", parent=parent)
        self.setObjectName("OcrDialog")
        need = sum(d.pages_needing_ocr for d in self.documents if hasattr(d, "pages_needing_ocr"))
        self.mode_box = QComboBox(self)
        self.mode_box.setAccessibleName("OCR mode")
        for value, label in MODES:
            self.mode_box.addItem(label, value)
        self.lang_box = QComboBox(self)
        self.lang_box.setAccessibleName("OCR language")
        self.lang_box.addItem("eng", "eng")
        self.lang_box.setEnabled(False)
        self.lang_box.setToolTip("Languages with Tesseract data installed (tesseract --list-langs)")
        self.form.addRow("&Pages:", self.mode_box)
        self.form.addRow("&Language:", self.lang_box)
        self.status.setText("Choose the pages and language, then Start." if not need
                            else f"{need} page(s) have no usable text layer.")
        self.results.setAccessibleName("OCR results")
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.results.setWordWrap(False)
        self.results.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.resize(760, 480)
        self.runner.run_read("Listing OCR languages", _languages_job, on_done=self.set_languages,
                             on_error=lambda _exc: self.set_languages(()))

    # --- choices --------------------------------------------------------------------------------------------
    def set_languages(self, languages: Sequence[str]) -> None:
        current = self.language()
        self.lang_box.clear()
        for lang in languages or ("eng",):
            self.lang_box.addItem(lang, lang)
        self.lang_box.setCurrentIndex(max(0, self.lang_box.findData(current)))
        self.lang_box.setEnabled(bool(languages))
        if not languages:
            self.status.setText(tesseract_missing())

    def mode(self) -> str:
        return str(self.mode_box.currentData())

    def language(self) -> str:
        return str(self.lang_box.currentData() or "eng")

    def choose(self, *, mode: str | None = None, lang: str | None = None) -> None:
        """Set the answers programmatically (tests, scripted use)."""
        if mode is not None:
            self.mode_box.setCurrentIndex(self.mode_box.findData(mode))
        if lang is not None:
            self.lang_box.setCurrentIndex(max(0, self.lang_box.findData(lang)))

    # --- running --------------------------------------------------------------------------------------------
    def task_title(self) -> str:
        return f"OCR of {len(self.documents)} document(s)"

    def job(self) -> Callable[..., Any]:
        ids, mode, lang = [d.id for d in self.documents], self.mode(), self.language()

        def run(case, *, progress, cancel):
            from casebook.services.ocr import ocr_documents

            return ocr_documents(case, ids, mode=mode, lang=lang, progress=progress, cancel=cancel)

        return run

    def before_start(self) -> None:
        self.results.setRowCount(0)
        self.report = None
        self.progress.setFormat("Starting…")
        self.status.setText(f"OCR ({self.mode()}, {self.language()}) is running; you can keep working.")

    def set_inputs_enabled(self, enabled: bool) -> None:
        self.mode_box.setEnabled(enabled)
        self.lang_box.setEnabled(enabled and self.lang_box.count() > 0)

    def progress_text(self, update: ProgressUpdate) -> str:
        return f"{update.done} of {update.total} pages read"

    def on_progress_message(self, update: ProgressUpdate) -> None:
        if update.message and not (self.task and self.task.cancelled):
            self.status.setText(update.message[:120])

    def cancelling_text(self) -> str:
        return "Cancelling after the current page…"

    def cancelled_before_text(self) -> str:
        return "OCR cancelled before it began: nothing was changed."

    def finish(self, report: Any) -> None:
        self.show_report(report)
        self.ocrFinished.emit(report)

    def show_report(self, report) -> None:
        pages = report.pages_done
        self.progress.setRange(0, max(1, pages))
        self.progress.setValue(max(1, pages) if not report.cancelled else pages)
        self.progress.setFormat("Cancelled" if report.cancelled else "Done")
        engine = report.engine or "—"
        rows = []
        for doc in report.documents:
            if doc.skipped:
                rows.append((doc.title, "", None, "", "", doc.skipped))
            for page in doc.pages:
                verdict = "check by eye" if page.needs_ocr or page.quality < REVIEW_BELOW else "good"
                rows.append((doc.title, str(page.number), page.quality, str(page.words), engine, verdict))
            for number, message in doc.failed_pages:
                rows.append((doc.title, str(number), None, "", engine, f"failed: {message}"))
        self.results.setSortingEnabled(False)
        self.results.setRowCount(len(rows))
        for r, (title, page, quality, words, eng, verdict) in enumerate(rows):
            self.results.setItem(r, 0, _item(title))
            self.results.setItem(r, 1, _item(page, number=float(page) if page else None))
            self.results.setItem(r, 2, _item("" if quality is None else f"{quality:.0%}",
                                             tip="" if quality is None else f"quality score {quality:.3f}",
                                             number=quality))
            self.results.setItem(r, 3, _item(words, number=float(words) if words else None))
            self.results.setItem(r, 4, _item(eng))
            self.results.setItem(r, 5, _item(verdict))
        self.results.setColumnWidth(4, min(260, max(120, self.results.sizeHintForColumn(4))))
        summary = f"{pages} page(s) read"
        qualities = [p.quality for d in report.documents for p in d.pages]
        if qualities:
            summary += f", mean quality {sum(qualities) / len(qualities):.0%}"
        if report.pages_still_needing_ocr:
            summary += f"; {report.pages_still_needing_ocr} still need a person to check them"
        if report.failed_pages:
            summary += f"; {report.failed_pages} failed"
        if report.cancelled:
            summary += " (cancelled: documents finished before the cancel are kept)"
        self.status.setText(summary + ".")

    def result_rows(self) -> list[tuple[str, ...]]:
        """The results table as text (tests and screenshots)."""
        cells = ((self.results.item(r, c) for c in range(self.results.columnCount()))
                 for r in range(self.results.rowCount()))
        return [tuple(cell.text() if cell is not None else "" for cell in row) for row in cells]


def _languages_job(_case, **_) -> tuple[str, ...]:
    from casebook.services.ocr import installed_languages

    return installed_languages()


def chosen_documents(window) -> list[DocumentRecord]:
    """The documents chosen in the Case list, else the one on screen."""
    ids = window.navigator.selected_document_ids()
    if not ids and window.viewer.view is not None:
        ids = [window.viewer.view.record.id]
    by_id = {d.id: d for d in window.documents}
    return [by_id[i] for i in ids if i in by_id]


def open_ocr_dialog(window, documents: Sequence[DocumentRecord] | None = None) -> OcrDialog | None:
    """Show the OCR dialog for `documents` (default: the chosen ones); the views refresh when it finishes."""
    documents = list(documents) if documents is not None else chosen_documents(window)
    if not documents:
        window.statusBar().showMessage("Choose documents in the Case list (Ctrl+click for several), or open one, "
                                       "to OCR them", 8000)
        return None
    dialog = OcrDialog(window.runner, documents, window)
    dialog.ocrFinished.connect(lambda report: _after_ocr(window, report))
    dialog.setModal(False)
    dialog.show()
    window.ocr_dialog = dialog
    return dialog


def _after_ocr(window, report) -> None:
    window.refresh_documents()
    window.index_pending(title="Indexing the OCR text")
    shown = window.viewer.view.record.id if window.viewer.view is not None else None
    if shown is not None and any(d.document_id == shown and d.pages for d in report.documents):
        window.open_document(shown)  # the new text layer: selection and find work on the scanned pages
    window.evidence.refresh()
    qualities = [p.quality for d in report.documents for p in d.pages]
    mean = f", mean quality {sum(qualities) / len(qualities):.0%}" if qualities else ""
    text = f"OCR: {report.pages_done} page(s) read{mean}" + (" (cancelled)" if report.cancelled else "")
    window.statusBar().showMessage(text, 8000)
    line = getattr(window, "status_line", None)
    if line is not None:
        line.note(text)


def install_ocr(window, menu) -> None:
    """Add "OCR Scanned Pages…" (Ctrl+Shift+O) to `menu`; enabled while a case is open."""
    window.ocr_action = window._action("&OCR Scanned Pages…", lambda: open_ocr_dialog(window), "Ctrl+Shift+O",
                                       tip="Read the text of scanned pages with Tesseract (choose documents in "
                                           "the Case list first)")
    window.ocr_action.setEnabled(False)
    window.caseOpened.connect(lambda _title: window.ocr_action.setEnabled(True))
    menu.addAction(window.ocr_action)
    toolbar = window.findChild(QToolBar, "MainToolBar")
    if toolbar is not None:
        toolbar.addAction(window.ocr_action)
