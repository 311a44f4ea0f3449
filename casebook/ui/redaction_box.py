"""Draw Redaction Box: drag a rectangle on a PDF page to redact what is under it (a signature, a photo, a scan)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import QToolBar

from casebook.ui.pdf_view import PdfPageView

MIN_POINTS = 3.0  # a box narrower or shorter than this (a click, a twitch) is not a redaction
MODE_MESSAGE = ("Draw Redaction Box: drag over what to redact on the page. Hold Shift as you release to draw "
                "another box; Esc cancels.")
PDF_ONLY_MESSAGE = ("Redaction boxes are drawn on PDF pages. In an article, select the text and use "
                    "Redact selection in the Privacy dock.")
TINY_MESSAGE = "Drag a box over what to redact (a click alone redacts nothing)"

Box = tuple[float, float, float, float]


class RedactionBoxTool(QObject):
    """While active, takes the page view's mouse: a drag shows a rubber band and, on release, reports the box."""

    boxDrawn = Signal(int, int, tuple, bool)  # document id, page (1-based), (x0, y0, x1, y1) in points, keep mode
    cancelled = Signal()  # Esc: the drag (if any) is dropped and the mode should end
    message = Signal(str)

    def __init__(self, pdf: PdfPageView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.active = False
        self._start: tuple[int, float, float] | None = None  # page index and the point where the drag began

    def set_active(self, active: bool) -> None:
        if active == self.active:
            return
        self.active = active
        self._start = None
        self.pdf.set_draft_box(None)
        viewport = self.pdf.viewport()
        if active:
            self.pdf.installEventFilter(self)
            viewport.installEventFilter(self)
            viewport.setCursor(Qt.CursorShape.CrossCursor)
            self.pdf.setFocus(Qt.FocusReason.OtherFocusReason)  # so Esc reaches the filter
        else:
            self.pdf.removeEventFilter(self)
            viewport.removeEventFilter(self)
            viewport.unsetCursor()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            self._start = None
            self.pdf.set_draft_box(None)
            self.cancelled.emit()
            return True
        if watched is not self.pdf.viewport() or not isinstance(event, QMouseEvent):
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press(event)
        elif kind == QEvent.Type.MouseMove and self._start is not None:
            self.pdf.set_draft_box(self._start[0], self._box_to(event))
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton \
                and self._start is not None:
            self._release(event)
        # Every mouse event is the tool's while it is on: no text selection under a box being drawn.
        return kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
                        QEvent.Type.MouseButtonDblClick)

    def _press(self, event: QMouseEvent) -> None:
        self.pdf.setFocus(Qt.FocusReason.MouseFocusReason)
        hit = self.pdf.point_to_page(event.position())
        if hit is None or self.pdf.document_id is None:
            self._start = None
            return
        index = hit[0]
        x, y = self.pdf.page_point(index, event.position())
        self._start = (index, x, y)
        self.pdf.set_draft_box(index, (x, y, x, y))

    def _box_to(self, event: QMouseEvent) -> Box:
        assert self._start is not None
        index, x0, y0 = self._start
        x1, y1 = self.pdf.page_point(index, event.position())  # the box stays on the page where it began
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    def _release(self, event: QMouseEvent) -> None:
        box = self._box_to(event)
        index = self._start[0] if self._start is not None else 0
        self._start = None
        self.pdf.set_draft_box(None)
        if box[2] - box[0] < MIN_POINTS or box[3] - box[1] < MIN_POINTS or self.pdf.document_id is None:
            self.message.emit(TINY_MESSAGE)
            return
        keep = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        rounded = tuple(round(v, 2) for v in box)
        self.boxDrawn.emit(self.pdf.document_id, index + 1, rounded, keep)


def install_redaction_box(window, on_added) -> QAction:
    """Tools → Draw Redaction Box (Ctrl+Shift+B), also on the toolbar; each box is an audited, undoable finding.

    `on_added(finding)` is called with the new PrivacyFinding once it is stored.
    """
    viewer = window.viewer
    tool = RedactionBoxTool(viewer.pdf, window)
    action = window._action("Draw &Redaction Box", None, "Ctrl+Shift+B",
                            tip="Drag a box on a PDF page to redact what is under it: a signature, a photo, "
                                "handwriting or a scanned region")
    action.setCheckable(True)
    action.setEnabled(False)
    window.caseOpened.connect(lambda _title: action.setEnabled(True))
    status = window.statusBar()

    def toggled(on: bool) -> None:
        if on and not viewer.showing_pdf:
            action.setChecked(False)
            status.showMessage(PDF_ONLY_MESSAGE if viewer.view is not None else
                               "Open a PDF document to draw a redaction box on its page", 8000)
            return
        tool.set_active(on)
        if on:
            status.showMessage(MODE_MESSAGE)
        elif status.currentMessage() == MODE_MESSAGE:
            status.clearMessage()

    def drawn(document_id: int, page: int, box: tuple, keep: bool) -> None:
        if not keep:
            action.setChecked(False)

        def job(case, **_):
            from casebook.services.privacy import add_manual

            return add_manual(case, document_id, page, box=box)

        window.runner.run_write("Redact the drawn box", job, on_done=on_added)

    def shown(_document_id: int) -> None:
        if action.isChecked() and not viewer.showing_pdf:
            action.setChecked(False)
            status.showMessage(PDF_ONLY_MESSAGE, 8000)

    action.toggled.connect(toggled)
    tool.boxDrawn.connect(drawn)
    tool.cancelled.connect(lambda: action.setChecked(False))
    tool.message.connect(lambda text: status.showMessage(text, 5000))
    viewer.documentShown.connect(shown)
    toolbar = window.findChild(QToolBar, "MainToolBar")
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addAction(action)
    window.redaction_box_action, window.redaction_box_tool = action, tool
    return action
