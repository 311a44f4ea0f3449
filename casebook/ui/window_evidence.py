"""The main window's evidence side: search and claims docks, excerpt highlights, reveal-on-click, undo and exports.

A mixin of MainWindow (kept apart so neither file grows past a few hundred lines); it uses the window's
runner, viewer, inspector and status bar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from casebook.ui.claims_board import ClaimsBoard
from casebook.ui.evidence_flow import EvidenceController
from casebook.ui.exports import ExportController
from casebook.ui.search_panel import SearchPanel
from casebook.ui.tasks import TaskRunner, readable_error

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

    _WindowBase = QMainWindow
else:
    _WindowBase = object

log = logging.getLogger(__name__)


class EvidenceWindowMixin(_WindowBase):
    """Search panel, claims board, evidence actions and the refresh-after-write wiring of the main window."""

    if TYPE_CHECKING:  # provided by MainWindow, which mixes this class into a QMainWindow
        runner: TaskRunner
        settings: Any
        case_path: Path | None
        documents: Any
        viewer: Any
        inspector: Any
        inspector_dock: QDockWidget
        navigator_dock: QDockWidget

        def _action(self, text: str, slot: Any, shortcut: Any = None, *, tip: str = "") -> QAction: ...
        def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget: ...
        def open_document(self, document_id: int) -> None: ...
        def show_error(self, title: str, message: str) -> None: ...

    # --- construction (called from MainWindow.__init__) ---------------------------------------------------
    def _build_evidence(self) -> None:
        self.evidence = EvidenceController(self.runner, self)
        self.exporter = ExportController(self.runner, self)
        self._pending_reveal: tuple[int, Callable[[], None]] | None = None
        self._ready_document: int | None = None  # shown with its word boxes and excerpt marks
        self.search_panel = SearchPanel(self.runner, self.settings, self)
        self.search_dock = self._dock("Search", "SearchDock", self.search_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.search_dock, self.inspector_dock, Qt.Orientation.Vertical)
        self.claims_board = ClaimsBoard(self)
        self.claims_dock = self._dock("Claims", "ClaimsDock", self.claims_board, Qt.DockWidgetArea.BottomDockWidgetArea)
        # First-run sizes (a saved layout replaces them): the page view keeps most of the window.
        self.resizeDocks([self.navigator_dock, self.search_dock], [290, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.claims_dock], [200], Qt.Orientation.Vertical)

        self.search_panel.hitActivated.connect(self.show_hit)
        self.search_panel.termReportRequested.connect(self.open_term_report)
        self.search_panel.queryCleared.connect(lambda: self.viewer.clear_layer("search"))
        board = self.claims_board
        board.excerptActivated.connect(self.show_excerpt)
        board.claimEdited.connect(self.evidence.edit_claim)
        board.excerptsDropped.connect(self.evidence.link_excerpts)
        board.claimSelected.connect(lambda claim_id: self.inspect("claim", claim_id))
        board.excerptSelected.connect(self._inspect_board_excerpt)
        self.evidence.boardLoaded.connect(board.set_board)
        self.evidence.changed.connect(self._evidence_changed)
        self.evidence.historyChanged.connect(self._update_history_actions)
        self.evidence.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.evidence.failed.connect(self.show_error)
        self.exporter.exported.connect(lambda path: self.statusBar().showMessage(f"Saved {path}", 8000))
        self.exporter.failed.connect(self.show_error)

    def _build_evidence_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.undo_action = self._action("&Undo", self.evidence.undo, K.Undo, tip="Nothing to undo")
        self.redo_action = self._action("&Redo", self.evidence.redo, K.Redo, tip="Nothing to redo")
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")
        self.new_excerpt_action = self._action(
            "New &Excerpt", lambda: self.evidence.new_excerpt(self.viewer.selection()), "Ctrl+E",
            tip="Pin the selected text as an excerpt")
        self.link_action = self._action(
            "&Link to Claim…", lambda: self.evidence.link_selection(self.viewer.selection()), "Ctrl+L",
            tip="Pin the selected text and link it to a claim (1–4 choose the relation)")
        self.new_claim_action = self._action("New &Claim…", lambda: self.evidence.new_claim(),
                                             tip="Record a claim; link excerpts to it on the claims board")
        self.search_action = self._action("&Search Case…", self._focus_search, "Ctrl+Shift+F",
                                          tip="Search every document of the case")
        self.term_report_action = self._action("Search &Term Report…", self.open_term_report,
                                               tip="Hits per term for a list of search terms")
        for action in (self.new_excerpt_action, self.link_action):
            action.setEnabled(False)

    def _build_evidence_menus(self, bar, file_menu, before) -> None:
        self.export_menu = file_menu.addMenu("&Export")
        file_menu.insertMenu(before, self.export_menu)
        self.exporter.fill_menu(self.export_menu)
        evidence_menu = bar.addMenu("E&vidence")
        evidence_menu.addActions([self.new_excerpt_action, self.link_action, self.new_claim_action])
        evidence_menu.addSeparator()
        evidence_menu.addActions([self.search_action, self.term_report_action])
        self.evidence_menu = evidence_menu

    def _evidence_case_opened(self) -> None:
        self.search_panel.set_case(self.case_path)
        self.exporter.case_path = self.case_path
        self._ready_document = None
        self._pending_reveal = None
        self.evidence.refresh()
        self.index_pending(title="Updating the search index")

    # --- indexing -------------------------------------------------------------------------------------------
    def index_pending(self, *, title: str = "Indexing new documents") -> None:
        """Bring the search index up to date on the writer thread (searches on the reader never write it)."""
        def job(case, *, progress, cancel):
            if case is None:
                return 0
            from casebook.services.search import APP_PARALLEL_PAGES, sync_index

            return sync_index(case, progress=progress, cancel=cancel, parallel_pages=APP_PARALLEL_PAGES)

        def done(applied: int) -> None:
            if applied and self.search_panel.query_box.text().strip():
                self.search_panel.search_now()  # new documents may match the query on screen

        self.runner.run_write(title, job, on_done=done)

    # --- showing things in the viewer ---------------------------------------------------------------------
    def show_when_ready(self, document_id: int, action: Callable[[], None]) -> None:
        """Run `action` once `document_id` is on screen with its word boxes and excerpt highlights."""
        if self._ready_document == document_id and self.viewer.view is not None \
                and self.viewer.view.record.id == document_id:
            action()
            return
        self._pending_reveal = (document_id, action)
        self.open_document(document_id)

    def _document_ready(self, document_id: int) -> None:
        self._ready_document = document_id
        pending, self._pending_reveal = self._pending_reveal, None
        if pending is not None and pending[0] == document_id:
            pending[1]()
        elif pending is not None:
            self._pending_reveal = pending  # meant for a document still loading

    def show_hit(self, hit) -> None:
        """Open a search hit's document at its page with the matched words highlighted."""
        self.show_when_ready(hit.document_id, lambda: self.viewer.reveal(hit.page_number, hit.hit_ranges))

    def show_excerpt(self, document_id: int, excerpt_id: int, page: int) -> None:
        """Open an excerpt's page and flash its highlight."""
        def flash() -> None:
            if not self.viewer.flash_excerpt(excerpt_id):
                self.viewer.go_to_page(page)
        self.show_when_ready(document_id, flash)
        self.inspect("excerpt", excerpt_id)

    def load_marks(self, document_id: int, *, then: Callable[[], None] | None = None) -> None:
        def job(case, **_):
            from casebook.services.ui_support import document_marks

            return document_marks(case, document_id)

        def done(marks) -> None:
            if self.viewer.view is not None and self.viewer.view.record.id == document_id:
                self.viewer.show_marks(marks)
            if then is not None:
                then()

        self.runner.run_read("Reading excerpts", job, on_done=done)

    # --- refreshing after writes ---------------------------------------------------------------------------
    def _evidence_changed(self) -> None:
        if self.viewer.view is not None:
            self.load_marks(self.viewer.view.record.id)
        if self.inspector.item is not None:
            self.inspect(*self.inspector.item)

    def _update_history_actions(self, undo_label: str | None, redo_label: str | None) -> None:
        for action, verb, label in ((self.undo_action, "Undo", undo_label), (self.redo_action, "Redo", redo_label)):
            action.setEnabled(label is not None)
            action.setText(f"&{verb} {label}" if label else f"&{verb}")
            action.setIconText(verb)  # the toolbar stays narrow; the menu and tooltip name the edit
            action.setToolTip(f"{verb} {label}" if label else f"Nothing to {verb.lower()}")

    def _selection_actions(self, selection) -> None:
        has_text = selection is not None and bool(selection.text.strip())
        self.new_excerpt_action.setEnabled(has_text)
        self.link_action.setEnabled(has_text)

    # --- inspector -----------------------------------------------------------------------------------------
    def _inspect_board_excerpt(self, excerpt_id: int) -> None:
        """An excerpt picked under a claim ("Linked excerpts") shows that link; one from the case's list, itself."""
        board = self.claims_board
        claim_id = board.current_claim_id() if board.tabs.currentWidget() is board.linked_view else None
        if claim_id is None:
            self.inspect("excerpt", excerpt_id)
            return

        def job(case, **_):
            from casebook.services.evidence import list_links

            return next((lk.id for lk in list_links(case, claim_id=claim_id, excerpt_id=excerpt_id)), None)

        self.runner.run_read("Reading link", job, on_done=lambda link_id: self.inspect(
            "link", link_id) if link_id is not None else self.inspect("excerpt", excerpt_id))

    def inspect(self, kind: str, item_id: int) -> None:
        """Show a document's metadata and excerpts, or a claim's, excerpt's or link's fields, in the inspector."""
        def job(case, **_):
            from casebook.services import ui_support
            from casebook.ui.inspector_evidence import evidence_rows

            if kind in ("claim", "excerpt", "link"):
                return evidence_rows(case, kind, item_id)  # their fields, editable in place
            return ui_support.document_extras(case, item_id)

        def done(rows) -> None:
            if kind == "document":
                self.inspector.append_rows((kind, item_id), rows)
            else:
                self.inspector.show_rows((kind, item_id), rows)

        def failed(error) -> None:
            if self.inspector.item == (kind, item_id):
                self.inspector.show_rows(None, [("Problem", readable_error(error))])

        if kind == "document":
            record = next((d for d in self.documents if d.id == item_id), None)
            if record is not None:
                self.inspector.show_document(record)
        self.runner.run_read("Reading item", job, on_done=done, on_error=failed)

    # --- dialogs --------------------------------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_query()

    def open_term_report(self):
        from casebook.ui.term_report_dialog import TermReportDialog

        dialog = TermReportDialog(self.runner, self)
        dialog.setModal(False)
        dialog.show()
        self.term_report_dialog = dialog
        return dialog
