"""The Case Settings dialog: the case's own caption (court, number, caption, filer) for covers and report headers."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from casebook.services.caption import PARTS, CaseCaption

PLACEHOLDERS = {
    "court": "United States District Court for the District of Columbia",
    "number": "1:25-cv-01234-ABC",
    "caption": "Taxpayer Rights Center v. U.S. Department of the Treasury",
    "filer": "Counsel for Plaintiff",
}


class CaseSettingsDialog(QDialog):
    """Edits the case caption; an empty field is not set (a cover then falls back to the first exhibit's)."""

    def __init__(self, caption: CaseCaption, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Case Settings")
        self.original = caption
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for part, label in PARTS.items():
            edit = QLineEdit(getattr(caption, part), self)
            edit.setPlaceholderText(PLACEHOLDERS[part])
            edit.setAccessibleName(label)
            edit.setMinimumWidth(420)
            form.addRow(f"{label}:", edit)
            self.fields[part] = edit
        note = QLabel("Bundle covers and report headers use this caption. The change is recorded in the audit "
                      "log; Edit → Undo undoes it.", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def changes(self) -> dict[str, str]:
        """The parts the user changed."""
        values = {part: " ".join(edit.text().split()) for part, edit in self.fields.items()}
        return {part: value for part, value in values.items() if value != getattr(self.original, part)}


def install_case_settings(window, file_menu, before) -> None:
    """Add File → Case Settings… to a MainWindow (enabled while a case is open)."""
    action = window._action("Case &Settings…", lambda: open_case_settings(window),
                            tip="The case caption used on bundle covers and report headers")
    file_menu.insertAction(before, action)
    action.setEnabled(False)
    window.caseOpened.connect(lambda _title: action.setEnabled(True))
    window.case_settings_action = action


def open_case_settings(window) -> None:
    """Read the caption, show the dialog, and save what changed as one undoable edit."""
    def job(case, **_):
        from casebook.services.caption import get_caption

        return get_caption(case)

    def show(caption: CaseCaption) -> None:
        dialog = CaseSettingsDialog(caption, window)
        window.case_settings_dialog = dialog
        dialog.accepted.connect(lambda: save(dialog.changes()))
        dialog.open()

    def save(changes: dict[str, str]) -> None:
        if not changes:
            return

        def write(case, **_):
            from casebook.services.caption import set_caption

            return set_caption(case, changes)

        window.evidence.run_edit("Set case caption", write,
                                 on_done=lambda _c: window.statusBar().showMessage("Case caption saved", 5000))

    if window.case_path is not None:
        window.runner.run_read("Reading the case caption", job, on_done=show)
