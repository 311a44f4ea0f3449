"""The status bar's steady text: the open case and its size, and the last finished piece of work (never stale)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QWidget

from casebook.core.progress import Cancelled
from casebook.ui.tasks import readable_error

# Work not reported as "the last result": quick reads, and the indexing that follows an import or OCR.
QUIET_TITLES = ("Opening case", "Listing", "Reading", "Searching", "Loading", "Indexing", "Updating the search index")


class CaseStatusLine(QLabel):
    """"Case title · 6 documents · 3 claims — Last: Importing 2 item(s) done at 12:31"; messages overlay it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CaseStatusLine")
        self.setAccessibleName("Case status")
        self.case_title: str | None = None
        self.document_count = 0
        self.claim_count: int | None = None
        self.last_result = ""
        self._noted = False
        self._render()

    def set_case(self, title: str | None) -> None:
        self.case_title = title
        self.document_count, self.claim_count, self.last_result = 0, None, ""
        self._render()

    def set_documents(self, documents: list) -> None:
        self.document_count = len(documents)
        self._render()

    def set_claims(self, count: int) -> None:
        self.claim_count = count
        self._render()

    def task_finished(self, task, error: BaseException | None) -> None:
        if not getattr(task, "background", False) or task.title.startswith(QUIET_TITLES):
            return
        if self._noted and error is None:
            self._noted = False  # the task's own handler already said what it did, in more detail
            return
        at = time.strftime("%H:%M")
        if error is None:
            self.last_result = f"{task.title}: done at {at}"
        elif isinstance(error, Cancelled):
            self.last_result = f"{task.title}: cancelled at {at}"
        else:
            self.last_result = f"{task.title}: failed at {at} — {readable_error(error)[:80]}"
        self._render()

    def note(self, text: str) -> None:
        """Record a result that did not come from a background task (an edit, an export)."""
        self.last_result = f"{text} ({time.strftime('%H:%M')})"
        self._noted = True
        self._render()

    def _render(self) -> None:
        if self.case_title is None:
            text = "No case open — File › Open Case (Ctrl+O), or drop a case's files here after creating one"
        else:
            parts = [self.case_title, f"{self.document_count} document(s)"]
            if self.claim_count is not None:
                parts.append(f"{self.claim_count} claim(s)")
            text = " · ".join(parts)
            if self.last_result:
                text += f"  —  Last: {self.last_result}"
        self.setText(text)
        self.setToolTip(text)


def install_status_line(window) -> CaseStatusLine:
    """Put the line at the left of the window's status bar and keep it current."""
    line = CaseStatusLine(window)
    window.statusBar().addWidget(line, 1)
    window.caseOpened.connect(line.set_case)
    window.documentsLoaded.connect(line.set_documents)
    window.runner.taskFinished.connect(line.task_finished)
    window.evidence.boardLoaded.connect(lambda board: line.set_claims(len(getattr(board, "claims", []) or [])))
    window.exporter.exported.connect(lambda path: line.note(f"saved {getattr(path, 'name', path)}"))
    window.status_line = line
    return line
