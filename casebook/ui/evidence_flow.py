"""The evidence workflow: excerpts from selections, links to claims, claim edits, undo and redo, on the writer thread.

Every write is one job on the writer executor; when it lands the board and the undo/redo labels are read
again on the reader thread and `changed` tells the window to refresh its highlights and inspector (the
Anki pattern: screens refresh from the fact that something changed, never from the widget that changed it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TypeGuard

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from casebook.core.anchoring import TextSpan
from casebook.core.evidence import Relation
from casebook.ui.evidence_dialogs import LinkToClaimDialog, NewClaimDialog
from casebook.ui.tasks import TaskRunner, readable_error
from casebook.ui.text_geometry import TextSelection

log = logging.getLogger(__name__)


def span_of(selection: TextSelection) -> TextSpan:
    """The W3C text-position selector of a viewer selection (its first range's start to its last range's end)."""
    first, last = selection.ranges[0], selection.ranges[-1]
    return TextSpan(first.page, first.start, last.page, last.end)


class EvidenceController(QObject):
    """Runs the evidence edits and keeps the claims board and the undo/redo labels current."""

    boardLoaded = Signal(object)  # EvidenceBoard
    changed = Signal()  # an edit (or undo/redo) landed: highlights, inspector and board must be re-read
    historyChanged = Signal(object, object)  # next undo label, next redo label (None when unavailable)
    excerptCreated = Signal(object)  # Excerpt
    linked = Signal(object)  # Link
    message = Signal(str)
    failed = Signal(str, str)  # title, readable message

    def __init__(self, runner: TaskRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.runner = runner
        self.parent_widget = parent_widget
        self.board = SimpleNamespace(claims=[], excerpts=[], issues=[])  # an EvidenceBoard once read
        self.undo_label: str | None = None
        self.redo_label: str | None = None
        self._board_request = 0
        self._writes_pending = 0  # a board read while an edit is in flight would undo its optimistic display

    # --- questions (tests replace these methods) ----------------------------------------------------------
    def ask_link(self, *, claim_id: int | None = None, excerpt_text: str = "") -> tuple[int, Relation] | None:
        dialog = LinkToClaimDialog(self.board.claims, claim_id=claim_id, excerpt_text=excerpt_text,
                                   parent=self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.claim_id()
        return (chosen, dialog.relation()) if chosen is not None else None

    def ask_claim_statement(self, statement: str = "") -> str | None:
        dialog = NewClaimDialog(self.parent_widget, statement=statement)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text() or None

    # --- reading ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the board and the undo/redo labels (latest request wins)."""
        self._board_request += 1
        ticket = self._board_request

        def board_job(case, **_):
            from casebook.services.ui_support import EvidenceBoard, evidence_board

            return evidence_board(case) if case is not None else EvidenceBoard()

        def labels_job(case, **_):
            from casebook.services.history import undo_redo_labels

            return undo_redo_labels(case) if case is not None else (None, None)

        self.runner.run_read("Reading claims", board_job, on_done=lambda board: self._board_read(ticket, board),
                             on_error=self._read_failed)
        self.runner.run_read("Reading history", labels_job, on_done=self._labels_read, on_error=self._read_failed)

    def _board_read(self, ticket: int, board) -> None:
        if ticket == self._board_request and not self._writes_pending:
            self.board = board
            self.boardLoaded.emit(board)

    def _labels_read(self, labels: tuple[str | None, str | None]) -> None:
        self.undo_label, self.redo_label = labels
        self.historyChanged.emit(*labels)

    def _read_failed(self, error: BaseException) -> None:
        self.failed.emit("Cannot read the claims", readable_error(error))

    # --- writing ------------------------------------------------------------------------------------------
    def _write(self, title: str, job: Callable, *, on_done: Callable | None = None) -> None:
        def done(result) -> None:
            self._writes_pending -= 1
            if on_done is not None:
                on_done(result)
            self._after_write()

        def failed(error: BaseException) -> None:
            self._writes_pending -= 1
            self.failed.emit(title, readable_error(error))
            self._after_write()  # an optimistic edit on the board is put back as the store has it

        self._writes_pending += 1
        self.runner.run_write(title, job, on_done=done, on_error=failed, background=False)

    def _after_write(self) -> None:
        self.refresh()
        self.changed.emit()

    def run_edit(self, title: str, job: Callable, *, on_done: Callable | None = None) -> None:
        """Run another undoable edit (document metadata, the case caption) like the evidence edits: on the
        writer thread, then the undo/redo labels and every view are refreshed."""
        self._write(title, job, on_done=on_done)

    def new_excerpt(self, selection: TextSelection | None, *, note: str = "") -> bool:
        """Pin the selection as an excerpt (Ctrl+E)."""
        if not self._has_text(selection):
            return False
        span = span_of(selection)

        def job(case, **_):
            from casebook.services.evidence import add_excerpt_by_span

            return add_excerpt_by_span(case, selection.document_id, span, note=note)

        def done(excerpt) -> None:
            self.message.emit(f"Added excerpt {excerpt.id}")
            self.excerptCreated.emit(excerpt)

        self._write("New excerpt", job, on_done=done)
        return True

    def link_selection(self, selection: TextSelection | None) -> bool:
        """Pin the selection and link it to a claim chosen in a dialog (Ctrl+L)."""
        if not self._has_text(selection):
            return False
        if not self.board.claims:
            self.message.emit("There are no claims yet: add one with Evidence → New Claim…")
            return False
        answer = self.ask_link(excerpt_text=selection.text)
        if answer is None:
            return False
        claim_id, relation = answer
        span = span_of(selection)

        def job(case, **_):
            from casebook.services.evidence import add_excerpt_by_span, link_excerpt

            excerpt = add_excerpt_by_span(case, selection.document_id, span)
            return excerpt, link_excerpt(case, claim_id, excerpt.id, relation)

        def done(result) -> None:
            excerpt, link = result
            self.message.emit(f"Excerpt {excerpt.id} {relation.value} claim {claim_id}")
            self.excerptCreated.emit(excerpt)
            self.linked.emit(link)

        self._write("Link to claim", job, on_done=done)
        return True

    def link_excerpts(self, claim_id: int, excerpt_ids: Sequence[int]) -> bool:
        """Link excerpts dropped on a claim, asking only for the relation (an existing link takes the new one)."""
        ids = list(dict.fromkeys(excerpt_ids))
        if not ids:
            return False
        answer = self.ask_link(claim_id=claim_id)
        if answer is None:
            return False
        _, relation = answer

        def job(case, **_):
            from casebook.services.evidence import link_excerpt

            return [link_excerpt(case, claim_id, excerpt_id, relation, replace=True) for excerpt_id in ids]

        def done(links) -> None:
            for link in links:
                self.linked.emit(link)
            self.message.emit(f"Linked {len(links)} excerpt(s) to claim {claim_id} as {relation.value}")

        self._write("Link to claim", job, on_done=done)
        return True

    def new_claim(self, *, statement: str = "", asserted_in_excerpt: int | None = None) -> bool:
        text = statement or self.ask_claim_statement()
        if not text:
            return False

        def job(case, **_):
            from casebook.services.evidence import add_claim

            return add_claim(case, text, asserted_in_excerpt=asserted_in_excerpt)

        self._write("New claim", job, on_done=lambda claim: self.message.emit(f"Added claim {claim.id}"))
        return True

    def edit_claim(self, claim_id: int, changes: dict) -> None:
        """Apply an inline edit of the board (statement or status) through update_claim."""
        def job(case, **_):
            from casebook.services.evidence import update_claim

            return update_claim(case, claim_id, **changes)

        self._write(f"Edit claim {claim_id}", job)

    def undo(self) -> None:
        self._history("undo")

    def redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        def job(case, **_):
            from casebook.services import history

            return history.undo(case) if which == "undo" else history.redo(case)

        def done(entry) -> None:
            if entry is None:
                self.message.emit(f"Nothing to {which}")
            else:
                self.message.emit(f"{'Undid' if which == 'undo' else 'Redid'} {entry.label}")

        self._write(which.capitalize(), job, on_done=done)

    def _has_text(self, selection: TextSelection | None) -> TypeGuard[TextSelection]:
        if selection is None or not selection.ranges or not selection.text.strip():
            self.message.emit("Select some text in the document first")
            return False
        return True
