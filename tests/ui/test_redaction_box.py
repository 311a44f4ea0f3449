"""Draw Redaction Box: a drag on a PDF page adds an audited, undoable manual redaction covering what it framed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.conftest import import_one
from tests.privacy.conftest import make_filing

pytest.importorskip("pytestqt")

ARTICLE = """<html><head><title>Agency shares taxpayer files</title></head><body><article>
<h1>Agency shares taxpayer files</h1><p>By Lee Park</p>
<p>The tax agency gave address records to another department, officials said on Tuesday.</p>
<p>A court later paused the sharing while the complaint is heard.</p></article></body></html>"""


@pytest.fixture
def case_path(new_case, tmp_path):
    case = new_case()
    import_one(case, make_filing(tmp_path / "decl.pdf"))
    article = tmp_path / "article.html"
    article.write_text(ARTICLE, encoding="utf-8")
    import_one(case, article)
    path = case.layout.root
    case.close()
    return path


def _stored(case_path):
    """(manual findings, page-1 words of the declaration) read from the store itself."""
    from casebook.services.cases import open_case
    from casebook.services.privacy import list_findings
    from casebook.store.documents import get_pages, list_documents

    with open_case(case_path) as case:
        pdf = next(d for d in list_documents(case.db) if d.original_name.endswith(".pdf"))
        words = get_pages(case.db, pdf.id)[0].words
        text = get_pages(case.db, pdf.id)[0].text
        findings = [f for f in list_findings(case) if f.origin == "manual"]
    return findings, [(text[w.start:w.end], w) for w in words]


def _word(words, wanted: str):
    [box] = [w for text, w in words if text == wanted]
    return box


def _corners(pdf, word, margin: float = 2.0) -> tuple[QPoint, QPoint]:
    """Viewport pixels just outside a word's rectangle (so the drag frames the whole word)."""
    a = pdf.points_to_view(0, word.x0 - margin, word.y0 - margin)
    b = pdf.points_to_view(0, word.x1 + margin, word.y1 + margin)
    return QPoint(int(a.x()) - 1, int(a.y()) - 1), QPoint(int(b.x()) + 2, int(b.y()) + 2)


def _drag(qtbot, pdf, start: QPoint, end: QPoint, *, release_modifier=Qt.KeyboardModifier.NoModifier) -> None:
    viewport = pdf.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=(start + end) / 2)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, release_modifier, pos=end)


def _open_pdf(qtbot, driver, documents):
    win = driver.win
    doc = next(d for d in documents if d.original_name.endswith(".pdf"))
    with qtbot.waitSignals([win.documentReady, win.viewer.pdf.firstPageShown], timeout=20_000):
        win.open_document(doc.id)
    win.viewer.pdf.go_to_page(1)
    return doc


def test_drawn_box_redacts_the_framed_word_and_undo_removes_it(qtbot, driver, case_path):
    win = driver.win
    documents = driver.open_case(case_path)
    doc = _open_pdf(qtbot, driver, documents)
    pdf, panel, action = win.viewer.pdf, win.privacy_panel, win.redaction_box_action
    assert action.isCheckable() and action.shortcut().toString() == "Ctrl+Shift+B"
    assert action in win.tools_menu.actions() and not action.icon().isNull()
    assert panel.draw_box_button.defaultAction() is action

    _, words = _stored(case_path)
    intake = _word(words, "intake")
    start, end = _corners(pdf, intake)

    action.trigger()
    assert action.isChecked() and pdf.viewport().cursor().shape() == Qt.CursorShape.CrossCursor
    assert "Shift" in win.statusBar().currentMessage()
    viewport = pdf.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=end)
    page_index, band = pdf.draft_box()  # the rubber band follows the drag, in page points
    assert page_index == 0 and band[0] < intake.x0 < intake.x1 < band[2]
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert pdf.draft_box() is None
    assert pdf.selection() is None  # the drag drew a box; it did not select text
    assert not action.isChecked()  # one box, then the mode ends (Shift keeps it on)

    qtbot.waitUntil(lambda: any(f.origin == "manual" for f in panel.model.rows()), timeout=20_000)
    findings, _ = _stored(case_path)
    [finding] = findings
    assert finding.document_id == doc.id and finding.page == 1 and finding.status == "accepted"
    assert finding.text == "intake"
    x0, y0, x1, y1 = finding.box
    assert x0 <= intake.x0 and y0 <= intake.y0 and x1 >= intake.x1 and y1 >= intake.y1
    assert x1 - x0 < intake.x1 - intake.x0 + 12 and y1 - y0 < intake.y1 - intake.y0 + 12  # just the word
    assert panel.selected_ids() == [finding.id]
    [shown] = pdf.highlights("privacy")
    assert shown.page == 1 and shown.rects == (tuple(finding.box),)

    qtbot.waitUntil(lambda: win.undo_action.isEnabled(), timeout=10_000)
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: not any(f.origin == "manual" for f in panel.model.rows()), timeout=10_000)
    assert _stored(case_path)[0] == []
    assert pdf.highlights("privacy") == []

    # A click without a drag adds nothing; with Shift held on release the mode stays on for another box.
    action.trigger()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=start)
    assert action.isChecked() and "click" in win.statusBar().currentMessage()
    sheet = _word(words, "sheet.") if any(t == "sheet." for t, _ in words) else _word(words, "sheet")
    _drag(qtbot, pdf, *_corners(pdf, sheet), release_modifier=Qt.KeyboardModifier.ShiftModifier)
    assert action.isChecked()
    qtbot.waitUntil(lambda: any(f.origin == "manual" for f in panel.model.rows()), timeout=20_000)
    findings, _ = _stored(case_path)
    assert [f.text.rstrip(".") for f in findings] == ["sheet"]  # the click before it stored nothing

    # Esc during a drag drops the box and leaves the mode.
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.keyClick(pdf, Qt.Key.Key_Escape)
    assert not action.isChecked() and pdf.draft_box() is None
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert viewport.cursor().shape() != Qt.CursorShape.CrossCursor
    assert len(_stored(case_path)[0]) == 1


def test_articles_have_no_page_boxes(qtbot, driver, case_path):
    win = driver.win
    documents = driver.open_case(case_path)
    article = next(d for d in documents if d.original_name.endswith(".html"))
    with qtbot.waitSignal(win.documentReady, timeout=20_000):
        win.open_document(article.id)
    win.redaction_box_action.trigger()
    assert not win.redaction_box_action.isChecked()
    assert "PDF pages" in win.statusBar().currentMessage()
