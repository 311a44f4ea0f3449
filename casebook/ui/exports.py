"""File → Export: the case reports as Markdown, CSV, JSON or Word, written off the GUI thread and atomically."""

from __future__ import annotations

import importlib.util
import logging
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from casebook.core.errors import CaseError
from casebook.export.atomic import write_text_atomically
from casebook.ui.tasks import Task, TaskRunner, readable_error

log = logging.getLogger(__name__)

REPORT_TITLES = {"chart": "Claim Chart", "chronology": "Chronology", "cast": "Cast of Characters",
                 "issues": "Issue Outline"}
FORMAT_FILTERS = {"md": "Markdown (*.md)", "csv": "CSV (*.csv)", "json": "JSON (*.json)", "docx": "Word (*.docx)"}


def format_for(path: Path, chosen_filter: str = "") -> str:
    """The report format from the file's extension, else from the filter chosen in the save dialog."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("md", "markdown"):
        return "md"
    if suffix in FORMAT_FILTERS:
        return suffix
    return next((fmt for fmt, text in FORMAT_FILTERS.items() if text == chosen_filter), "md")


def bundle_service_available() -> bool:
    """Whether the export-bundle service is installed (File → Export → Bundle… appears only then)."""
    return importlib.util.find_spec("casebook.services.bundles") is not None


class ExportController(QObject):
    """Asks where to save a report, renders it on the reader thread and writes it there."""

    exported = Signal(str)  # path written
    failed = Signal(str, str)  # title, readable message

    def __init__(self, runner: TaskRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.runner = runner
        self.parent_widget = parent_widget
        self.case_path: Path | None = None

    def fill_menu(self, menu: QMenu) -> None:
        for name, title in REPORT_TITLES.items():
            action = menu.addAction(f"{title}…", partial(self.choose_report, name))
            action.setStatusTip(f"Save the {title.lower()} as Markdown, CSV, JSON or Word")
        if bundle_service_available():
            menu.addSeparator()
            action = menu.addAction("Court &Bundle…", self.open_bundle)
            action.setStatusTip("Exhibits with labels, Bates numbers, an index and the claim chart, as one PDF")

    def open_bundle(self):
        from casebook.ui.bundle_dialog import BundleDialog

        return BundleDialog.open_for(self.runner, self.parent_widget)

    def choose_report(self, name: str) -> Task | None:
        if self.case_path is None:
            self.failed.emit("Export", str(CaseError("Open a case before exporting")))
            return None
        folder = self.case_path / "exports"
        suggested = folder / f"{name}.md"
        path, chosen = QFileDialog.getSaveFileName(self.parent_widget, f"Export {REPORT_TITLES[name]}",
                                                   str(suggested), ";;".join(FORMAT_FILTERS.values()))
        if not path:
            return None
        target = Path(path)
        fmt = format_for(target, chosen)
        if not target.suffix:
            target = target.with_suffix(f".{fmt}")
        return self.export_report(name, fmt, target)

    def export_report(self, name: str, fmt: str, path: Path) -> Task:
        """Render report `name` in `fmt` ("md", "csv", "json", "docx") and write it to `path`."""
        def job(case, **_):
            if case is None:
                raise CaseError("Open a case before exporting")
            if fmt == "docx":
                from casebook.services.report_docx import write_docx_report

                return write_docx_report(case, name, path)
            from casebook.services.report_formats import render_report

            return write_text_atomically(path, render_report(case, name, fmt))

        title = f"Exporting the {REPORT_TITLES.get(name, name).lower()}"
        return self.runner.run_read(title, job, on_done=lambda written: self.exported.emit(str(written)),
                                    on_error=lambda error: self.failed.emit(title, readable_error(error)))
