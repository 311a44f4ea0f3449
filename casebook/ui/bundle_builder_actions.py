"""Putting the navigator's, search results' or claims' selection into the bundle builder, and its menu action."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from casebook.ui.bundle_builder import BundleBuilder
from casebook.ui.qt_app import running_app


def selected_document_ids(window) -> list[int]:
    """Documents the person has selected in the panel that has the focus (navigator, search results, claims
    board), else the document open in the viewer."""
    from casebook.ui.claims_models import DocumentIdRole as ExcerptDocumentRole
    from casebook.ui.navigator import DocumentIdRole
    from casebook.ui.search_models import HitRole

    focus = QApplication.focusWidget()
    if focus is None or focus.window() is not window:  # e.g. in the builder: the panel used last
        watcher = getattr(window, "bundle_focus", None)
        focus = watcher.last if watcher is not None else None

    def within(view) -> bool:
        try:
            return focus is not None and view is not None and (focus is view or view.isAncestorOf(focus))
        except RuntimeError:  # the remembered widget has gone
            return False

    def rows(view) -> list:
        model = view.selectionModel()
        found = model.selectedRows() if model is not None else []
        if not found and view.currentIndex().isValid():
            found = [view.currentIndex()]
        return sorted(found, key=lambda i: i.row())

    ids: list[int] = []
    navigator = getattr(window, "navigator", None)
    search = getattr(window, "search_panel", None)
    board = getattr(window, "claims_board", None)
    if navigator is not None and within(navigator.tree):
        chosen = getattr(navigator, "selected_document_ids", None)  # a chosen group stands for its documents
        ids = list(chosen()) if chosen is not None else []
        ids = ids or [i.siblingAtColumn(0).data(DocumentIdRole) for i in rows(navigator.tree)]
    elif search is not None and within(search.view):
        found = (getattr(i.data(HitRole), "document_id", None) for i in rows(search.view))
        ids = [document_id for document_id in found if document_id is not None]
    elif board is not None and within(board.claims_view):
        for index in rows(board.claims_view):
            row = board.model.claim_row(board.proxy.mapToSource(index))
            if row is not None:
                ids.extend(claim_documents(row))
    elif board is not None and (within(board.linked_view) or within(board.excerpt_view)):
        view = board.linked_view if within(board.linked_view) else board.excerpt_view
        ids = [i.data(ExcerptDocumentRole) for i in rows(view)]
    if not any(i is not None for i in ids):
        view = getattr(getattr(window, "viewer", None), "view", None)
        ids = [view.record.id] if view is not None else []
    return list(dict.fromkeys(int(i) for i in ids if i is not None))


def claim_documents(row) -> list[int]:
    """The documents a claim rests on: where it is asserted, then those of its linked excerpts."""
    ids = [row.claim.asserted_in_document] if row.claim.asserted_in_document else []
    ids.extend(e.document_id for e in row.evidence)
    return list(dict.fromkeys(ids))


def add_selection_to_bundle(window) -> BundleBuilder | None:
    """Ctrl+B: open the bundle builder and add the selected documents."""
    if getattr(window, "case_path", None) is None:
        return None
    ids = selected_document_ids(window)
    builder = BundleBuilder.open_for(window.runner, window)
    added = builder.add_documents(ids)
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(f"Added {added} document(s) to the bundle" if ids
                                       else "Select documents in the Case, Search or Claims panel first", 5000)
    return builder


def install_bundle_builder(window) -> QAction:
    """Evidence → Add to Bundle (Ctrl+B): the selection of the focused panel goes into the bundle builder."""
    action = QAction("Add to &Bundle", window)
    action.setShortcut(QKeySequence("Ctrl+B"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    tip = "Add the documents selected in the Case, Search or Claims panel to the bundle builder"
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(lambda: add_selection_to_bundle(window))
    menu = getattr(window, "evidence_menu", None)
    if menu is not None:
        menu.addSeparator()
        menu.addAction(action)
    else:
        window.addAction(action)
    window.add_to_bundle_action = action
    window.bundle_focus = _FocusWatcher(window)
    return action


class _FocusWatcher(QObject):
    """Remembers the window's widget that had the focus last, so Ctrl+B in the builder adds what the person had
    selected in the panel they came from."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.last: QWidget | None = None
        app = running_app()
        if app is not None:
            app.focusChanged.connect(self._changed)

    def _changed(self, _old, new) -> None:
        if new is not None and new.window() is self.window:
            self.last = new
