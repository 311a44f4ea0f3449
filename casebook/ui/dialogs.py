"""Dialogs: the import summary, a new case, the first-start offer of the demo case, and About."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casebook import __version__
from casebook.core.imports import ImportSummary

DEMO_FOLDER_NAME = "Casebook Demo Case"
REASON_TEXT = {
    "password_required": "needs a password", "wrong_password": "wrong password", "empty": "empty file",
    "not_pdf": "not a PDF", "zero_pages": "no pages", "damaged": "damaged", "unsupported_type": "unsupported type",
    "too_large": "too large", "unreadable": "cannot be read", "timeout": "took too long",
    "crashed": "crashed the reader",
}


def documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


class ImportSummaryDialog(QDialog):
    """Lists what an import run imported, which files were duplicates, and which failed and why."""

    def __init__(self, summary: ImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle("Import finished" if not summary.cancelled else "Import cancelled")
        state = " (cancelled)" if summary.cancelled else ""
        heading = QLabel(
            f"{len(summary.imported)} imported, {len(summary.duplicates)} duplicate(s), "
            f"{len(summary.failed)} failed{state}.", self)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Import results")
        self.tree.setHeaderLabels(["File", "Result"])
        self.tree.setColumnWidth(0, 380)
        groups = (
            ("Imported", [(d.path, f"#{d.document_id} {d.kind.value}, {d.page_count} pp"
                           + (f", {d.pages_needing_ocr} need OCR" if d.pages_needing_ocr else ""))
                          for d in summary.imported]),
            ("Duplicates", [(d.path, f"same file as #{d.document_id} {d.title[:50]}") for d in summary.duplicates]),
            ("Failed", [(f.path, f"{REASON_TEXT.get(f.reason, f.reason)}: {f.message}") for f in summary.failed]),
        )
        for title, rows in groups:
            if not rows:
                continue
            group = QTreeWidgetItem(self.tree, [f"{title} ({len(rows)})", ""])
            for path, result in rows:
                item = QTreeWidgetItem(group, [Path(path).name, result])
                item.setToolTip(0, path)
                item.setToolTip(1, result)
            group.setExpanded(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(720, 400)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, file, result) for every listed file."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                child = group.child(c)
                found.append((group.text(0).split(" (")[0], child.text(0), child.text(1)))
        return found


class NewCaseDialog(QDialog):
    """Asks for the case title and a new (or empty) folder to keep it in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Case")
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Case title")
        self.title_edit.setPlaceholderText("e.g. Taxpayer Rights Center v. IRS")
        self.folder_edit = QLineEdit(str(documents_folder() / "New Case"), self)
        self.folder_edit.setAccessibleName("Case folder")
        browse = QPushButton("Browse…", self)
        browse.setAccessibleName("Choose case folder")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Title:", self.title_edit)
        form.addRow("Folder:", row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the new case", str(documents_folder()))
        if folder:
            name = self.title_edit.text().strip() or "New Case"
            self.folder_edit.setText(str(Path(folder) / name))

    def values(self) -> tuple[str, Path]:
        return self.title_edit.text().strip(), Path(self.folder_edit.text().strip()).expanduser()


def ask_first_start(parent: QWidget) -> str:
    """Offer the demo case when no case has been opened yet: returns "demo", "open", "new" or "none"."""
    box = QMessageBox(parent)
    box.setWindowTitle("Welcome to Casebook")
    box.setText("No case is open yet.")
    box.setInformativeText(
        f"Casebook can build a demo case (an illustrative reconstruction of the IRS–DHS taxpayer-data matter) "
        f"in {documents_folder() / DEMO_FOLDER_NAME}, so you can try reading, selecting and importing.")
    demo = box.addButton("Build Demo Case", QMessageBox.ButtonRole.AcceptRole)
    open_ = box.addButton("Open Case…", QMessageBox.ButtonRole.ActionRole)
    new = box.addButton("New Case…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    return {demo: "demo", open_: "open", new: "new"}.get(box.clickedButton(), "none")


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent, "About Casebook",
        f"<h3>Casebook {__version__}</h3>"
        "<p>An offline case-evidence organiser: import court filings and saved articles, read and search them, "
        "and pin claims to excerpts with pin cites.</p>"
        "<p>Nothing is sent over the network.</p>"
        "<p>Licensed under the GNU Affero General Public License, version 3 or later (AGPL-3.0-or-later). "
        "This program comes with ABSOLUTELY NO WARRANTY.</p>"
        "<p>Built with Qt for Python (PySide6, LGPLv3), PyMuPDF (AGPL-3.0), SQLite and Whoosh.</p>",
    )
