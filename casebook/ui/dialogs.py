"""Dialogs: the import summary, a new case, the welcome (recent cases, the demo case), About, and quote text."""

from __future__ import annotations

from collections.abc import Sequence
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
    QListWidget,
    QListWidgetItem,
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
        found: list[tuple[str, str, str]] = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is None:
                continue
            children = (group.child(c) for c in range(group.childCount()))
            found.extend((group.text(0).split(" (")[0], child.text(0), child.text(1)) for child in children if child)
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


class WelcomeDialog(QDialog):
    """First start (or no case to reopen): recent cases to reopen, or build the demo, open or create a case."""

    def __init__(self, parent: QWidget | None = None, recent: Sequence[tuple[Path, str]] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Casebook")
        self.choice: str | Path = "none"
        layout = QVBoxLayout(self)
        intro = QLabel(
            "No case is open." + ("" if recent else
                                  f" Casebook can build a demo case (an illustrative reconstruction of the "
                                  f"IRS–DHS taxpayer-data matter) in {documents_folder() / DEMO_FOLDER_NAME}, so "
                                  f"you can try reading, selecting and importing."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.recent_list = QListWidget(self)
        self.recent_list.setAccessibleName("Recent cases")
        for path, title in recent:
            item = QListWidgetItem(f"{title}\n{path}", self.recent_list)
            item.setData(256, str(path))
            item.setToolTip(str(path))
        if recent:
            layout.addWidget(QLabel("Recent cases (Enter opens):", self))
            layout.addWidget(self.recent_list, 1)
            self.recent_list.setCurrentRow(0)
            self.recent_list.itemActivated.connect(lambda _item: self._choose_recent())
        else:
            self.recent_list.hide()
        self.buttons = QDialogButtonBox(self)
        for text, value in (("Build &Demo Case", "demo"), ("&Open Case…", "open"), ("&New Case…", "new")):
            button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _=False, v=value: self._choose(v))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, 360 if recent else 160)

    def _choose(self, value: str | Path) -> None:
        self.choice = value
        self.accept()

    def _choose_recent(self) -> None:
        item = self.recent_list.currentItem()
        if item is not None:
            self._choose(Path(item.data(256)))


def ask_first_start(parent: QWidget, recent: Sequence[tuple[Path, str]] = ()) -> str | Path:
    """Offer the recent cases and the demo case: returns a case folder, or "demo", "open", "new" or "none"."""
    dialog = WelcomeDialog(parent, recent)
    dialog.exec()
    return dialog.choice


def quote_text(text: str, limit: int = 300) -> str:
    """An excerpt as one flowing paragraph for a dialog: the PDF's line breaks and hyphen-less wraps become spaces."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


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
