"""The Privacy dock: FRCP 5.2 findings to review, each shown highlighted on its page; accept, reject, exempt, redact."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casebook.ui.row_table import RowTableModel
from casebook.ui.text_geometry import Highlight

LAYER = "privacy"
FINDING_COLOUR = "#ff8a0080"
_STATUS_COLOURS = {"accepted": QColor("#1b5e20"), "rejected": QColor("#616161"), "exempt": QColor("#0d47a1"),
                   "pending": QColor("#b3261e")}


class FindingsModel(RowTableModel):
    """Findings as a table: id, document, page, rule, text, replacement, decision."""

    COLUMNS = ("ID", "Doc", "Page", "Rule", "Text", "Redacted as", "Decision")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        finding = self.item(index)
        if finding is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            cells = (str(finding.id), str(finding.document_id), str(finding.page), finding.rule,
                     " ".join(finding.text.split()), finding.replacement,
                     finding.status + (f" ({finding.reason})" if finding.reason else ""))
            return cells[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6:
            return QBrush(_STATUS_COLOURS.get(finding.status, QColor("black")))
        return None


class PrivacyPanel(QWidget):
    """Findings with Scan, Accept (A), Reject (R), Exempt (E), Accept all pending, Redact selection and Draw box;
    a selected finding is shown on its page."""

    findingSelected = Signal(object)  # PrivacyFinding
    decisionRequested = Signal(list, str, str)  # finding ids, decision, reason
    scanRequested = Signal()
    acceptAllRequested = Signal()
    redactSelectionRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown: object | None = None  # the PrivacyFinding highlighted on its page, if any
        self.model = FindingsModel(self)
        self.summary = QLabel("No privacy scan yet.", self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Privacy findings")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.scan_button = QPushButton("Scan", self)
        self.accept_button = QPushButton("&Accept", self)
        self.reject_button = QPushButton("&Reject", self)
        self.exempt_button = QPushButton("&Exempt…", self)
        self.accept_all_button = QPushButton("Accept all pending", self)
        self.redact_selection_button = QPushButton("Redact selection", self)
        self.redact_selection_button.setToolTip("Redact the text selected in the document (accepted at once)")
        self.redact_selection_button.clicked.connect(self.redactSelectionRequested)
        self.draw_box_button = QToolButton(self)  # takes the window's Draw Redaction Box action when installed
        self.draw_box_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.scan_button.clicked.connect(self.scanRequested)
        self.accept_button.clicked.connect(lambda: self._decide("accept"))
        self.reject_button.clicked.connect(lambda: self._decide("reject"))
        self.exempt_button.clicked.connect(self._exempt)
        self.accept_all_button.clicked.connect(self.acceptAllRequested)
        for key, decision in (("A", "accept"), ("R", "reject"), ("E", "exempt")):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(self._exempt if decision == "exempt" else
                                     (lambda _=False, d=decision: self._decide(d)))
            self.addAction(action)
        buttons = QHBoxLayout()
        for button in (self.scan_button, self.accept_button, self.reject_button, self.exempt_button,
                       self.accept_all_button, self.redact_selection_button, self.draw_box_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.ask_reason = self._ask_reason

    def set_findings(self, findings: list) -> None:
        current = self.selected_ids()
        self.model.set_rows(findings)
        pending = sum(1 for f in findings if f.status == "pending")
        self.summary.setText(f"{len(findings)} finding(s), {pending} awaiting a decision." if findings
                             else "No findings: scan the case to look for SSNs, TINs, birth dates and accounts.")
        for row, finding in enumerate(findings):
            if finding.id in current:
                self.table.selectRow(row)
                break

    def select_finding(self, finding_id: int) -> bool:
        """Select a finding's row without announcing it (the caller has already shown it on its page)."""
        row = next((i for i, f in enumerate(self.model.rows()) if f.id == finding_id), None)
        if row is None:
            return False
        blocked = self.blockSignals(True)
        try:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        finally:
            self.blockSignals(blocked)
        return True

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.rows()[r].id for r in rows if r < len(self.model.rows())]

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        finding = self.model.item(current)
        if finding is not None:
            self.findingSelected.emit(finding)

    def _decide(self, decision: str, reason: str = "") -> None:
        ids = self.selected_ids()
        if ids:
            self.decisionRequested.emit(ids, decision, reason)

    def _exempt(self) -> None:
        if not self.selected_ids():
            return
        reason = self.ask_reason()
        if reason:
            self._decide("exempt", reason)

    def _ask_reason(self) -> str:
        text, ok = QInputDialog.getText(self, "Exempt under FRCP 5.2(b)",
                                        "Why is this exempt from redaction (FRCP 5.2(b))?")
        return text.strip() if ok else ""


def install_privacy_panel(window) -> PrivacyPanel:
    """Add the Privacy dock to a MainWindow: reads findings with the case, writes decisions as undoable edits."""
    panel = PrivacyPanel(window)
    dock = window.add_panel("Privacy", "PrivacyDock", panel, area=Qt.DockWidgetArea.BottomDockWidgetArea)
    docket = getattr(window, "docket_dock", None)
    if docket is not None:
        window.tabifyDockWidget(docket, dock)
        docket.raise_()

    def refresh(*_args, then=None) -> None:
        def job(case, **_):
            from casebook.services.privacy import list_findings

            return list_findings(case) if case is not None else []

        def loaded(findings: list) -> None:
            panel.set_findings(findings)
            shown_id = getattr(panel.shown, "id", None)
            if shown_id is not None and all(f.id != shown_id for f in findings):
                window.viewer.clear_layer(LAYER)  # the finding shown on the page is gone (an undo)
                panel.shown = None
            if then is not None:
                then()

        window.runner.run_read("Reading privacy findings", job, on_done=loaded)

    def edited(_result=None) -> None:
        refresh()
        evidence = getattr(window, "evidence", None)
        if evidence is not None:
            evidence.refresh()  # the undo/redo labels name the decision

    def decide(ids: list, decision: str, reason: str) -> None:
        def job(case, **_):
            from casebook.services.privacy import decide as decide_findings

            return decide_findings(case, ids, decision, reason=reason)

        window.runner.run_write(f"{decision.capitalize()} privacy findings", job, on_done=edited)

    def accept_all() -> None:
        def job(case, **_):
            from casebook.services.privacy import decide_all

            return decide_all(case, "accept")

        window.runner.run_write("Accept all pending privacy findings", job, on_done=edited)

    def scan() -> None:
        def job(case, progress, cancel):
            from casebook.services.privacy import scan_documents

            return scan_documents(case, progress=progress, cancel=cancel)

        window.runner.run_write("Scanning for private information", job, on_done=edited)

    def redact_selection() -> None:
        selection = window.viewer.selection()
        if selection is None or not selection.ranges:
            window.statusBar().showMessage("Select the text to redact first", 5000)
            return
        document_id = selection.document_id
        ranges = [(r.page, r.start, r.end) for r in selection.ranges if r.end > r.start]

        def job(case, **_):
            from casebook.services.privacy import add_manual

            return [add_manual(case, document_id, page, span=(start, end)) for page, start, end in ranges]

        window.runner.run_write("Redact the selection", job, on_done=edited)

    def box_added(finding) -> None:
        """A drawn box is stored: show it on its page where it was drawn and select it in the list."""
        if finding.box is not None and window.viewer.showing_pdf and window.viewer.view.record.id == \
                finding.document_id:
            window.viewer.set_highlights(LAYER, [Highlight(finding.page, (tuple(finding.box),), FINDING_COLOUR)])
            panel.shown = finding
        refresh(then=lambda: panel.select_finding(finding.id))
        evidence = getattr(window, "evidence", None)
        if evidence is not None:
            evidence.refresh()
        text = " ".join(finding.text.split())
        window.statusBar().showMessage(f"Redaction box added on page {finding.page}"
                                       + (f" over “{text[:60]}”" if text else " (no text under it)"), 5000)

    def show(finding) -> None:
        def reveal(*_args) -> None:
            viewer = window.viewer
            if finding.box is not None:
                viewer.set_highlights(LAYER, [Highlight(finding.page, (tuple(finding.box),), FINDING_COLOUR)])
                if viewer.showing_pdf:
                    viewer.pdf.go_to_page(finding.page, y_points=max(0.0, finding.box[1] - 72))
            else:
                viewer.reveal(finding.page, [(finding.start, finding.end)], layer=LAYER, colour=FINDING_COLOUR)
            panel.shown = finding

        view = window.viewer.view
        if view is not None and view.record.id == finding.document_id and view.pages and window.viewer.pdf.pages \
                and window.viewer.pdf.pages[0].words:
            reveal()
            return

        def once(document_id: int) -> None:
            if document_id == finding.document_id:
                window.documentReady.disconnect(once)
                reveal()

        window.documentReady.connect(once)
        window.open_document(finding.document_id)

    panel.shown = None
    panel.findingSelected.connect(show)
    panel.decisionRequested.connect(decide)
    panel.acceptAllRequested.connect(accept_all)
    panel.scanRequested.connect(scan)
    panel.redactSelectionRequested.connect(redact_selection)
    window.documentsLoaded.connect(refresh)
    evidence = getattr(window, "evidence", None)
    if evidence is not None:
        evidence.changed.connect(refresh)  # an undo or redo may have changed a decision
    from casebook.ui.redaction_box import install_redaction_box

    panel.draw_box_button.setDefaultAction(install_redaction_box(window, box_added))
    window.privacy_panel, window.privacy_dock = panel, dock
    return panel
