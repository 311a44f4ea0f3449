"""The search panel: results as you type on the reader thread (latest query wins), facets, paging, saved searches."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casebook.core.errors import CaseError
from casebook.core.progress import Cancelled
from casebook.core.search import QueryError, SearchFilters, SearchResults
from casebook.ui.search_models import (
    HitRole,
    SavedSearch,
    SearchResultModel,
    SnippetDelegate,
    load_saved_searches,
    store_saved_searches,
)
from casebook.ui.tasks import Task, TaskRunner, readable_error

log = logging.getLogger(__name__)

DEBOUNCE_MS = 200
PAGE_SIZE = 25
LAYOUT_BATCH = 5  # result rows laid out per turn of the event loop
SORTS = (("Relevance", "relevance"), ("Oldest first", "date"), ("Newest first", "date_desc"))
FACETS = (("kind", "Any kind"), ("court", "Any court"), ("tag", "Any tag"))


def query_help() -> str:
    """The query language, as the CLI documents it (imported on demand: it brings in the CLI's modules)."""
    from casebook.cli.search import QUERY_HELP

    return QUERY_HELP.replace("\b\n", "")


class SearchPanel(QWidget):
    """Query box, facet filters, highlighted results; a click on a hit asks the window to show it."""

    hitActivated = Signal(object)  # SearchHit
    resultsShown = Signal(object)  # SearchResults that were current when they arrived
    termReportRequested = Signal()
    queryCleared = Signal()  # the box was emptied: hit highlights in the viewer can go

    def __init__(self, runner: TaskRunner, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.settings = runner, settings
        self.case_path: Path | None = None
        self.results: SearchResults | None = None
        self.dropped = 0  # late results thrown away because a newer query had been asked
        self._request = 0
        self._task: Task | None = None
        self._reader: Any = None  # an IndexReader, only ever used on the reader thread
        self.model = SearchResultModel(self)
        self._build()

    def _build(self) -> None:
        self.query_box = QLineEdit(self)
        self.query_box.setAccessibleName("Search query")
        self.query_box.setPlaceholderText("Search the case…  (F1: query language)")
        self.query_box.setToolTip('Words, "exact phrases", w/5 proximity, disclos* prefixes, Romo~ fuzzy, '
                                  "AND/OR/NOT, kind:, court:, tag:, filed:[… TO …]. Press F1 for the full list.")
        self.query_box.setClearButtonEnabled(True)
        self.query_box.textChanged.connect(lambda _text: self._debounce.start())
        self.query_box.returnPressed.connect(self.search_now)
        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setAccessibleName("Query language help")
        self.help_button.setToolTip("The query language")
        self.help_button.clicked.connect(self.show_help)
        QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), self, self.show_help,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.saved_button = QToolButton(self)
        self.saved_button.setText("Saved")
        self.saved_button.setAccessibleName("Saved searches")
        self.saved_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.saved_menu = QMenu(self.saved_button)
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)
        self.saved_button.setMenu(self.saved_menu)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.query_box, 1)
        top.addWidget(self.help_button)
        top.addWidget(self.saved_button)

        self.facet_boxes: dict[str, QComboBox] = {}
        facets = QHBoxLayout()
        facets.setContentsMargins(0, 0, 0, 0)
        for name, any_text in FACETS:
            box = QComboBox(self)
            box.setAccessibleName(f"Filter by {name}")
            box.addItem(any_text, None)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
            box.currentIndexChanged.connect(lambda _i: self.search_now())
            self.facet_boxes[name] = box
            facets.addWidget(box, 1)
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName("Sort results")
        for text, value in SORTS:
            self.sort_box.addItem(text, value)
        self.sort_box.currentIndexChanged.connect(lambda _i: self.search_now())
        facets.addWidget(self.sort_box)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Search status")
        self.view = QListView(self)
        self.view.setAccessibleName("Search results")
        self.view.setModel(self.model)
        self.view.setItemDelegate(SnippetDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Rows are laid out a few at a time between events (rich text costs ~1.5 ms a row): a page of results
        # never holds the event loop for more than a few milliseconds at once.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(LAYOUT_BATCH)
        self.view.setAlternatingRowColors(True)
        self.view.setDragEnabled(True)  # drag a hit's document into the bundle builder
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        self.more_button = QPushButton("More results", self)
        self.more_button.setAccessibleName("More search results")
        self.more_button.clicked.connect(self.more)
        self.more_button.hide()
        self.terms_button = QPushButton("Term Report…", self)
        self.terms_button.setAccessibleName("Search term report")
        self.terms_button.clicked.connect(self.termReportRequested)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.more_button)
        bottom.addStretch(1)
        bottom.addWidget(self.terms_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(facets)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self._debounce: QTimer = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)

    # --- the case -----------------------------------------------------------------------------------------
    def set_case(self, path: Path | None) -> None:
        """Forget the previous case's results and index; saved searches are kept per case folder."""
        self.case_path = path
        self._request += 1  # anything still running belongs to the previous case
        self.close_index()
        self.model.set_hits([])
        self.results = None
        self.status.setText("")
        self.more_button.hide()
        for box in self.facet_boxes.values():
            self._refill(box, {}, keep=False)

    def close_index(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None and not self.runner.stopped:
            self.runner.run_read("Closing the search index", lambda _case, **_: reader.close())

    def release_index(self) -> None:
        """Close the index directly: only once the reader thread has stopped (the window is closing)."""
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()

    def focus_query(self) -> None:
        self.query_box.setFocus()
        self.query_box.selectAll()

    # --- searching ----------------------------------------------------------------------------------------
    def filters(self) -> SearchFilters:
        def chosen(name: str) -> tuple[str, ...]:
            value = self.facet_boxes[name].currentData()
            return (value,) if value else ()
        # Pages and excerpts open in the viewer; claims live on the claims board, so the panel leaves them out.
        return SearchFilters(kinds=chosen("kind"), courts=chosen("court"), tags=chosen("tag"),
                             unit_types=("page", "excerpt"))

    def search_now(self) -> Task | None:
        self._debounce.stop()
        return self._search(append=False)

    def more(self) -> Task | None:
        return self._search(append=True)

    def _search(self, *, append: bool) -> Task | None:
        query = self.query_box.text().strip()
        self._request += 1
        ticket = self._request
        if self._task is not None and not self._task.finished:
            self._task.cancel()  # not started yet: skipped; already running: its result is dropped below
        if not query or self.case_path is None:
            if not query:
                self.queryCleared.emit()
            self._task = None
            self.model.set_hits([])
            self.results = None
            self.more_button.hide()
            self.status.setText("" if self.case_path else "Open a case to search it.")
            return None
        if self._reader is None:
            from casebook.services.ui_support import IndexReader

            self._reader = IndexReader()
        reader, filters, sort = self._reader, self.filters(), self.sort_box.currentData()
        offset = self.model.rowCount() if append else 0

        def job(case, **_):
            if case is None:
                raise CaseError("Open a case to search it")
            return reader.search(case, query, filters=filters, sort=sort, limit=PAGE_SIZE, offset=offset)

        self.status.setText("Searching…" if not append else self.status.text())
        self._task = self.runner.run_read(f"Searching for {query}", job,
                                          on_done=lambda results: self._show(ticket, results, append),
                                          on_error=lambda error: self._failed(ticket, error))
        return self._task

    def _show(self, ticket: int, results: SearchResults, append: bool) -> None:
        if ticket != self._request:
            self.dropped += 1
            return
        self._task = None
        if append:
            self.model.append_hits(results.hits)
        else:
            self.model.set_hits(results.hits)
            self.view.scrollToTop()
        self.results = results
        shown = self.model.rowCount()
        text = f"{results.total} hit(s) in {results.documents} document(s)"
        if results.total:
            text += f"; showing {shown}"
        if results.notice:
            text += f"\n{results.notice}"
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.more_button.setVisible(results.has_more)
        for name, box in self.facet_boxes.items():
            self._refill(box, results.facets.get(name, {}), keep=True)
        self.resultsShown.emit(results)

    def _failed(self, ticket: int, error: BaseException) -> None:
        if ticket != self._request or isinstance(error, Cancelled):
            return
        self._task = None
        self.model.set_hits([])
        self.more_button.hide()
        self.status.setStyleSheet("color: #c62828")
        if isinstance(error, QueryError):
            where = f" (at character {error.position + 1})" if error.position is not None else ""
            self.status.setText(f"Cannot search: {error.message}{where}")
        else:
            self.status.setText(f"Search failed: {readable_error(error)}")

    def _refill(self, box: QComboBox, counts: dict[str, int], *, keep: bool) -> None:
        """Offer the values found for the query; a chosen value stays (its facet only counts itself)."""
        chosen = box.currentData() if keep else None
        if chosen is not None:
            return
        box.blockSignals(True)
        any_text = box.itemText(0)
        box.clear()
        box.addItem(any_text, None)
        for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            box.addItem(f"{value} ({count})", value)
        box.blockSignals(False)

    def _on_activated(self, index) -> None:
        hit = index.data(HitRole)
        if hit is not None:
            self.hitActivated.emit(hit)

    def show_help(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Search Query Language", "Query language",
                          QMessageBox.StandardButton.Close, self)
        box.setInformativeText(f"<pre>{query_help()}</pre>")
        box.setModal(False)
        box.show()
        self.help_box = box

    # --- saved searches -----------------------------------------------------------------------------------
    def saved_searches(self) -> list[SavedSearch]:
        return load_saved_searches(self.settings, self.case_path) if self.case_path else []

    def save_search(self, name: str) -> SavedSearch | None:
        query = self.query_box.text().strip()
        if not (name.strip() and query and self.case_path):
            return None
        filters = self.filters()
        saved = SavedSearch(name.strip(), query, kind=(filters.kinds or (None,))[0],
                            court=(filters.courts or (None,))[0], tag=(filters.tags or (None,))[0])
        searches = [s for s in self.saved_searches() if s.name != saved.name] + [saved]
        store_saved_searches(self.settings, self.case_path, searches)
        return saved

    def delete_saved(self, name: str) -> None:
        store_saved_searches(self.settings, self.case_path,
                             [s for s in self.saved_searches() if s.name != name])

    def apply_saved(self, saved: SavedSearch) -> Task | None:
        for name in ("kind", "court", "tag"):
            box, value = self.facet_boxes[name], getattr(saved, name)
            box.blockSignals(True)
            if value and box.findData(value) < 0:
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(value)) if value else 0)
            box.blockSignals(False)
        self.query_box.blockSignals(True)
        self.query_box.setText(saved.query)
        self.query_box.blockSignals(False)
        return self.search_now()

    def _fill_saved_menu(self) -> None:
        menu = self.saved_menu
        menu.clear()
        save = menu.addAction("Save This Search…", self._ask_save)
        save.setEnabled(bool(self.query_box.text().strip() and self.case_path))
        searches = self.saved_searches()
        if searches:
            menu.addSeparator()
            for saved in searches:
                menu.addAction(f"{saved.name}  —  {saved.query}", partial(self.apply_saved, saved))
            remove = menu.addMenu("Delete Saved Search")
            for saved in searches:
                remove.addAction(saved.name, partial(self.delete_saved, saved.name))

    def _ask_save(self) -> None:
        name, ok = QInputDialog.getText(self, "Save Search", "Name for this search:",
                                        text=self.query_box.text().strip()[:40])
        if ok and name.strip():
            self.save_search(name)
