"""The main window: navigator, viewer, search, claims and inspector docks, menus, toolbar and background work."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from casebook.core.errors import CaseError
from casebook.services import documents as document_service
from casebook.services import viewing
from casebook.services.cases import create_case
from casebook.ui import settings as user_settings
from casebook.ui.bundle_builder_actions import install_bundle_builder
from casebook.ui.case_settings import install_case_settings
from casebook.ui.collector import install_collector
from casebook.ui.dialogs import DEMO_FOLDER_NAME, NewCaseDialog, ask_first_start, documents_folder, show_about
from casebook.ui.docket_view import install_docket_view
from casebook.ui.drop_import import drag_entered, dropped, dropped_paths
from casebook.ui.fonts import install_script_fallbacks
from casebook.ui.icons import apply_action_icons
from casebook.ui.import_flow import ImportController
from casebook.ui.inspector import InspectorPanel
from casebook.ui.keyboard import install_keyboard
from casebook.ui.metadata_edits import install_metadata_editing
from casebook.ui.navigator import NavigatorPanel
from casebook.ui.ocr_dialog import install_ocr
from casebook.ui.page_images import PageImageService
from casebook.ui.page_panels import OutlinePanel, PageRole, ThumbnailPanel
from casebook.ui.privacy_panel import install_privacy_panel
from casebook.ui.privacy_scan_dialog import install_privacy_scan
from casebook.ui.qt_app import running_app
from casebook.ui.recent_cases import existing_recent, fill_recent_menu, remember_title
from casebook.ui.status import TaskStatusWidget
from casebook.ui.status_line import install_status_line
from casebook.ui.tasks import TaskRunner, readable_error
from casebook.ui.theme import THEMES, apply_theme
from casebook.ui.timeline_view import install_timeline_view
from casebook.ui.viewer import DocumentViewer
from casebook.ui.window_evidence import EvidenceWindowMixin

log = logging.getLogger(__name__)


class MainWindow(EvidenceWindowMixin, QMainWindow):
    """One window per open case. Widgets never touch the store: every read and write is a background task."""

    caseOpened = Signal(str)  # case title
    documentsLoaded = Signal(list)  # DocumentRecord list
    documentOpened = Signal(int)  # shown (for a PDF, before its word boxes have arrived)
    documentReady = Signal(int)  # shown with word boxes: selection and find work

    def __init__(self, *, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or user_settings.default_settings()
        self.setObjectName("CasebookMainWindow")
        self.setWindowTitle("Casebook")
        self.setAcceptDrops(True)
        self.case_path: Path | None = None
        self.case_title: str | None = None
        self.documents: list = []
        self._document_request = 0  # latest request wins when documents are clicked quickly
        self._passwords: dict[int, str] = {}
        self._asking_password = False
        self.runner = TaskRunner(self)
        self.images = PageImageService(self)
        self.viewer = DocumentViewer(self.images, self)
        self.setCentralWidget(self.viewer)
        self.importer = ImportController(self.runner, self)
        self._build_docks()
        self._build_evidence()
        self._build_actions()
        self._build_menus_and_toolbar()
        install_docket_view(self)  # the Docket dock, toggled from the View menu
        install_privacy_panel(self)  # the Privacy dock: FRCP 5.2 findings to review
        install_timeline_view(self)  # the Timeline dock: View → Timeline (Ctrl+Shift+T)
        install_metadata_editing(self)  # inspector edits, and views refreshed after every edit
        install_bundle_builder(self)  # Evidence → Add to Bundle (Ctrl+B) into the bundle builder
        self.task_status = TaskStatusWidget(self)
        self.statusBar().addPermanentWidget(self.task_status)
        self.runner.progressChanged.connect(self.task_status.show_task)
        self.runner.errorRaised.connect(self.show_error)
        self.importer.importFinished.connect(self._import_finished)
        self.viewer.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.viewer.selectionChanged.connect(self._on_selection)
        self.viewer.selectionChanged.connect(self._selection_actions)
        self.images.renderFailed.connect(self._on_render_failed)
        install_script_fallbacks()  # Korean and Chinese titles draw with glyphs, not boxes
        install_ocr(self, self._tools_menu())  # Tools → OCR Scanned Pages… (Ctrl+Shift+O)
        install_privacy_scan(self, self._tools_menu())  # Tools → Privacy Scan… (Ctrl+Shift+P)
        install_status_line(self)  # the status bar's case summary and last result
        install_keyboard(self)  # Go to (Ctrl+K), focus keys, a shortcut on every menu action (keep last of menus)
        apply_action_icons(self)
        # First-run widths (a saved layout replaces them): filing titles fit in the Case list.
        self.resizeDocks([self.navigator_dock, self.search_dock], [340, 400], Qt.Orientation.Horizontal)
        self._restore_layout()
        self._update_actions()
        install_collector(self)  # after everything above: full garbage collections skip start-up objects

    # --- construction ---------------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState() keys the layout by object name
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.navigator = NavigatorPanel(self)
        self.navigator.documentActivated.connect(self.open_document)
        self.navigator_dock = self._dock("Case", "NavigatorDock", self.navigator, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.page_tabs = QTabWidget(self)
        self.thumbnail_panel = ThumbnailPanel(self.viewer.thumbnails, self)
        self.outline_panel = OutlinePanel(self.viewer.outline, self)
        self.page_tabs.addTab(self.thumbnail_panel, "Pages")
        self.page_tabs.addTab(self.outline_panel, "Outline")
        for panel in (self.thumbnail_panel, self.outline_panel):
            panel.clicked.connect(lambda index: self.viewer.go_to_page(int(index.data(PageRole) or 1)))
            panel.activated.connect(lambda index: self.viewer.go_to_page(int(index.data(PageRole) or 1)))
        self.pages_dock = self._dock("Pages", "PagesDock", self.page_tabs, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.inspector = InspectorPanel(self)
        self.inspector_dock = self._dock("Inspector", "InspectorDock", self.inspector,
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.navigator_dock, self.inspector_dock], [340, 300], Qt.Orientation.Horizontal)

    def add_panel(self, title: str, name: str, widget: QWidget, *,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """The seam for later panels (search, claims board): a dock remembered with the layout."""
        dock = self._dock(title, name, widget, area)
        self.view_menu.insertAction(self._theme_separator, dock.toggleViewAction())
        return dock

    def _action(self, text: str, slot, shortcut=None, *, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.new_case_action = self._action("&New Case…", self.new_case, K.New, tip="Create a new case folder")
        self.open_case_action = self._action("&Open Case…", self.choose_case, K.Open, tip="Open a case folder")
        self.import_action = self._action("&Import Files…", self.choose_import_files, "Ctrl+I",
                                          tip="Import PDFs and saved articles into the case")
        self.import_folder_action = self._action("Import &Folder…", self.choose_import_folder, "Ctrl+Shift+I")
        self.verify_action = self._action("&Verify Case", self.verify_case,
                                          tip="Re-hash every original and check the store")
        self.quit_action = self._action("&Quit", self.close, K.Quit)
        self._build_evidence_actions()
        self.copy_action = self._action("&Copy", self.viewer.copy, K.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action = self._action("&Find in Document…", self.viewer.open_find, K.Find)
        self.zoom_in_action = self._action("Zoom &In", lambda: self.viewer.pdf.zoom_by(1.25), K.ZoomIn)
        self.zoom_out_action = self._action("Zoom &Out", lambda: self.viewer.pdf.zoom_by(0.8), K.ZoomOut)
        self.actual_size_action = self._action("&Actual Size", lambda: self.viewer.pdf.set_zoom_percent(100),
                                               "Ctrl+0")
        self.fit_width_action = self._action("Fit &Width", lambda: self.viewer.pdf.set_fit("width"), "Ctrl+2")
        self.fit_page_action = self._action("Fit &Page", lambda: self.viewer.pdf.set_fit("page"), "Ctrl+1")
        self.about_action = self._action("&About Casebook", lambda: show_about(self))
        self.theme_actions = QActionGroup(self)
        current = user_settings.theme(self.settings)
        for name in THEMES:
            action = self._action(f"{name.title()} Theme" if name != "system" else "System Colours",
                                  lambda _=False, n=name: self.set_theme(n))
            action.setCheckable(True)
            action.setChecked(name == current)
            action.setData(name)
            self.theme_actions.addAction(action)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_case_action, self.open_case_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("RecentCasesMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.import_folder_action, self.verify_action])
        quit_separator = file_menu.addSeparator()
        install_case_settings(self, file_menu, quit_separator)  # File → Case Settings…
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.copy_action, self.find_action])
        self._build_evidence_menus(bar, file_menu, quit_separator)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.actual_size_action,
                                   self.fit_width_action, self.fit_page_action])
        self.view_menu.addSeparator()
        for dock in (self.navigator_dock, self.pages_dock, self.search_dock, self.claims_dock, self.inspector_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self._theme_separator = self.view_menu.addSeparator()
        self.view_menu.addActions(self.theme_actions.actions())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        help_menu.addAction(self._action("About &Qt", QApplication.aboutQt))
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("MainToolBar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.addActions([self.open_case_action, self.import_action])
        toolbar.addSeparator()
        toolbar.addActions([self.zoom_out_action, self.zoom_in_action, self.fit_width_action, self.fit_page_action,
                            self.find_action])
        toolbar.addSeparator()
        toolbar.addActions([self.new_excerpt_action, self.link_action, self.undo_action, self.redo_action])

    def _fill_recent_menu(self) -> None:
        fill_recent_menu(self.recent_menu, self.settings, self.open_case)

    def _tools_menu(self):
        """The Tools menu (OCR and other case-wide work), before Help."""
        if getattr(self, "tools_menu", None) is None:
            help_action = next((a for a in self.menuBar().actions() if a.text() == "&Help"), None)
            self.tools_menu = QMenu("&Tools", self)
            self.menuBar().insertMenu(help_action, self.tools_menu)
        return self.tools_menu

    def _update_actions(self) -> None:
        has_case = self.case_path is not None
        for action in (self.import_action, self.import_folder_action, self.verify_action, self.new_claim_action,
                       self.term_report_action):
            action.setEnabled(has_case)
        self.export_menu.setEnabled(has_case)

    # --- settings -------------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def set_theme(self, name: str) -> None:
        app = running_app()
        applied = apply_theme(app, name) if app is not None else name
        self.settings.setValue("view/theme", applied)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == applied)
        apply_action_icons(self)  # the glyphs follow the palette's text colour
        self.viewer.pdf.viewport().update()

    # --- cases ----------------------------------------------------------------------------------------
    def open_case(self, path: Path) -> None:
        path = Path(path).expanduser().resolve()
        self.statusBar().showMessage(f"Opening {path}…")
        self.runner.open_case(path, on_done=lambda title: self._case_opened(path, title),
                              on_error=lambda exc: self.show_error("Cannot open the case", readable_error(exc)))

    def _case_opened(self, path: Path, title: str | None) -> None:
        self.case_path, self.case_title = path, title or path.name
        self._passwords.clear()
        self.viewer.clear()
        self.inspector.show_document(None)
        self.setWindowTitle(f"{self.case_title} — Casebook")
        user_settings.add_recent_case(self.settings, path)
        remember_title(self.settings, path, self.case_title)
        self.statusBar().clearMessage()  # the status line names the open case; no stale "Opened …"
        self._update_actions()
        self._evidence_case_opened()
        self.caseOpened.emit(self.case_title)
        self.refresh_documents()

    def refresh_documents(self) -> None:
        if self.case_path is None:
            return
        self.runner.run_read("Listing documents", lambda case, **_: document_service.list_documents(case),
                             on_done=self._documents_loaded)

    def _documents_loaded(self, documents: list) -> None:
        self.documents = documents
        self.navigator.set_documents(documents)
        self.documentsLoaded.emit(documents)

    def choose_case(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Case", str(documents_folder()))
        if folder:
            self.open_case(Path(folder))

    def new_case(self) -> None:
        dialog = NewCaseDialog(self)
        if dialog.exec() != NewCaseDialog.DialogCode.Accepted:
            return
        title, folder = dialog.values()
        if not title:
            self.show_error("New Case", "Give the case a title.")
            return
        self.create_case(folder, title)

    def create_case(self, folder: Path, title: str) -> None:
        def job(_case, **_) -> Path:
            with create_case(folder, title=title) as case:
                return case.layout.root
        self.runner.run_write("Creating case", job, on_done=self.open_case,
                              on_error=lambda exc: self.show_error("Cannot create the case", readable_error(exc)))

    def build_demo_case(self, folder: Path | None = None) -> None:
        """Build (or reuse) the demo case in the user's documents folder and open it."""
        from casebook.services.demo import build_demo  # imported when needed: keeps the launch quick

        folder = folder or documents_folder() / DEMO_FOLDER_NAME
        self.runner.run_write("Building the demo case",
                              lambda _case, progress, cancel: build_demo(folder, progress=progress, cancel=cancel),
                              on_done=lambda _summary: self.open_case(folder))

    def offer_first_start(self) -> None:
        """On a first start (no case ever opened) offer the demo case."""
        choice = ask_first_start(self, existing_recent(self.settings))
        if isinstance(choice, Path):
            self.open_case(choice)
        elif choice == "demo":
            self.build_demo_case()
        elif choice == "open":
            self.choose_case()
        elif choice == "new":
            self.new_case()

    def verify_case(self) -> None:
        from casebook.services.verify import verify_case

        def done(report) -> None:
            text = (f"Originals re-hashed: {report.originals_checked}; audit entries checked: "
                    f"{report.audit_entries}.\n\n")
            text += "\n".join(f"Problem: {p}" for p in report.problems) or "No problems found."
            if report.notes:
                text += "\n\n" + "\n".join(f"Note: {n}" for n in report.notes)
            box = QMessageBox(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning,
                              "Verify Case", text, QMessageBox.StandardButton.Close, self)
            box.setModal(False)
            box.show()
            self.last_verify_box = box
        self.runner.run_write("Verifying the case", lambda case, progress, cancel: verify_case(
            case, progress=progress, cancel=cancel), on_done=done)

    # --- documents ------------------------------------------------------------------------------------
    def open_document(self, document_id: int) -> None:
        """Show a document: its pages first (without word boxes, so a long book appears at once), then its words."""
        self._document_request += 1
        ticket = self._document_request
        self._ready_document = None

        def ready() -> None:
            if ticket == self._document_request:
                self._document_ready(document_id)
                self.documentReady.emit(document_id)

        def words_loaded(pages) -> None:
            if ticket == self._document_request:
                self.viewer.attach_words(document_id, pages)
                ready()

        def shown(view: viewing.DocumentView) -> None:
            if ticket != self._document_request:
                return  # the user has since asked for another document
            self.viewer.show_document(view, password=self._passwords.get(document_id) or None)
            self._selection_actions(self.viewer.selection())  # a selection in the previous document is gone
            self.inspect("document", document_id)
            self.navigator.select_document(document_id)
            self.documentOpened.emit(document_id)
            # The reader runs jobs in order: the excerpt marks are on screen before the document is "ready".
            if view.is_pdf:
                self.load_marks(document_id)
                self.runner.run_read("Reading word boxes", lambda case, **_: viewing.page_words(case, document_id),
                                     on_done=words_loaded)
            else:
                self.load_marks(document_id, then=ready)

        self.runner.run_read("Opening document",
                             lambda case, **_: viewing.load_document_view(case, document_id, with_words=False),
                             on_done=shown)

    def _on_render_failed(self, key, error) -> None:
        view = self.viewer.view
        if view is None or key.document_id != view.record.id or not getattr(error, "needs_password", False):
            return
        if self._asking_password or (key.document_id in self._passwords and not self._passwords[key.document_id]):
            return  # one prompt at a time, and none again once the user declined
        self._asking_password = True
        try:
            text, ok = QInputDialog.getText(self, "Password needed",
                                            f"“{view.record.title}” is encrypted. Password (kept for this session):",
                                            QLineEdit.EchoMode.Password)
        finally:
            self._asking_password = False
        self._passwords[key.document_id] = text if ok and text else ""
        if ok and text:
            self.images.forget_failures(key.document_id)
            self.viewer.show_document(view, password=text)

    def _on_selection(self, selection) -> None:
        if selection is not None:
            self.statusBar().showMessage(f"Selected {len(selection.text)} characters on page "
                                         f"{selection.first_page}", 3000)

    # --- import ---------------------------------------------------------------------------------------
    def _import_finished(self, summary) -> None:
        self.refresh_documents()
        if summary.imported:
            self.index_pending()

    def import_paths(self, paths: list[Path]) -> None:
        if self.case_path is None:
            self.show_error("Import", str(CaseError("Open or create a case before importing")))
            return
        self.importer.start(paths)

    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import Files", str(documents_folder()),
            "Evidence (*.pdf *.html *.htm *.mhtml *.mht *.txt *.md);;All files (*)")
        if files:
            self.import_paths([Path(f) for f in files])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import Folder", str(documents_folder()))
        if folder:
            self.import_paths([Path(folder)])

    def dragEnterEvent(self, event) -> None:
        drag_entered(self, event)

    def dragMoveEvent(self, event) -> None:
        if self.case_path is not None and dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        dropped(self, event)

    # --- errors and closing ---------------------------------------------------------------------------
    def show_error(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Close, self)
        box.setModal(False)
        box.show()
        self.last_error_box = box

    def closeEvent(self, event) -> None:
        self.save_layout()
        if self.runner.busy:
            self.statusBar().showMessage("Cancelling background work…")
        self.runner.shutdown()
        self.search_panel.release_index()  # the reader thread has stopped: close its index here
        self.images.shutdown()
        super().closeEvent(event)
