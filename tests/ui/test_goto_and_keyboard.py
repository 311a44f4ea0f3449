"""Keyboard first: the Go to box (Ctrl+K) and search → open hit → select → link to a claim without the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from casebook.ui.goto import GoToItem, rank


def _items() -> list[GoToItem]:
    return [GoToItem("document", 1, "ECF 62 — Declaration of Dottie Romo"),
            GoToItem("document", 2, "ECF 1 — Complaint for Declaratory and Injunctive Relief"),
            GoToItem("claim", 1, "1. The IRS shared data on about 47,000 people"),
            GoToItem("person", 5, "Dottie Romo", "IRS Chief Risk and Oversight Officer", "Romo"),
            GoToItem("exhibit", 1, "Exhibit A — Romo declaration", "bundle “filing”")]


def test_rank_prefers_every_typed_word_then_fuzzy_matches():
    items = _items()
    assert {i.label for i in rank(items, "decl romo")[:2]} == {"ECF 62 — Declaration of Dottie Romo",
                                                               "Exhibit A — Romo declaration"}
    assert rank(items, "47,000")[0].kind == "claim"
    assert rank(items, "dottie")[0] == items[3]  # the shorter name first among equal matches
    assert rank(items, "declaratoin romo")[0].item_id == 1  # a typo still finds the declaration
    assert rank(items, "") == items
    assert rank(items, "dotie")[0] == items[3]  # a typo in one word
    assert rank([GoToItem("person", 9, "Rosalind Tejeda"), *items], "romo")[0].kind == "person"
    assert all(i.label != "Rosalind Tejeda" for i in rank([GoToItem("person", 9, "Rosalind Tejeda")], "romo"))


def test_go_to_box_opens_a_document_and_a_claim_by_typing(qtbot, driver, demo_case):
    from PySide6.QtTest import QTest

    win = driver.win
    documents = driver.open_case(demo_case)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5_000)  # window shortcuts need focus
    QTest.keyClick(win, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = win.go_to_dialog
    qtbot.waitUntil(lambda: len(dialog.items) > len(documents), timeout=10_000)
    kinds = {item.kind for item in dialog.items}
    assert {"document", "claim", "person"} <= kinds
    assert dialog.query.hasFocus()
    QTest.keyClicks(dialog.query, "romo decl")
    declaration = next(d for d in documents if d.kind.value == "declaration")
    assert dialog.matches()[0] == next(i for i in dialog.items if i.kind == "document" and i.item_id == declaration.id)
    with qtbot.waitSignal(win.documentReady, timeout=10_000) as opened:
        QTest.keyClick(dialog.query, Qt.Key.Key_Return)
    assert opened.args == [declaration.id] and not dialog.isVisible()

    dialog = win.go_to_action.trigger() or win.go_to_dialog
    qtbot.waitUntil(lambda: bool(dialog.items), timeout=10_000)
    claim = next(i for i in dialog.items if i.kind == "claim" and i.item_id == 2)
    QTest.keyClicks(dialog.query, claim.label.split(". ", 1)[1][:30])
    row = dialog.matches().index(claim)
    for _ in range(row):
        QTest.keyClick(dialog.query, Qt.Key.Key_Down)  # arrows in the box move through the list
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)
    current = win.claims_board.claims_view.currentIndex()
    assert current.isValid() and win.claims_board.proxy.mapToSource(current).row() == \
        win.claims_board.model.row_of(2)


def test_search_open_hit_select_excerpt_and_link_without_the_mouse(qtbot, driver, demo_case):
    from PySide6.QtTest import QTest

    from casebook.core.evidence import Relation

    win = driver.win
    driver.open_case(demo_case)
    qtbot.waitUntil(lambda: bool(win.evidence.board.claims), timeout=10_000)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5_000)  # window shortcuts need focus
    QTest.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = win.search_panel
    assert panel.query_box.hasFocus()
    with qtbot.waitSignal(panel.resultsShown, timeout=10_000):
        QTest.keyClicks(panel.query_box, "47,000")
        QTest.keyClick(panel.query_box, Qt.Key.Key_Return)
    hits = panel.model.hits()
    target = next(r for r, h in enumerate(hits) if h.kind == "declaration")
    QTest.keyClick(panel.query_box, Qt.Key.Key_Down)  # into the results
    assert panel.view.hasFocus()
    for _ in range(target):
        QTest.keyClick(panel.view, Qt.Key.Key_Down)
    with qtbot.waitSignal(win.documentReady, timeout=10_000):
        QTest.keyClick(panel.view, Qt.Key.Key_Return)  # open the hit
    pdf = win.viewer.pdf
    qtbot.waitUntil(lambda: bool(pdf.highlights("search")), timeout=10_000)
    QTest.keyClick(win, Qt.Key.Key_F6)  # to the page
    assert pdf.hasFocus()
    QTest.keyClick(pdf, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # selects the hit itself
    hit_text = win.viewer.selection().text
    assert "47,000" in hit_text
    for _ in range(3):
        QTest.keyClick(pdf, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # three more words
    QTest.keyClick(pdf, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)  # and one back
    text = win.viewer.selection().text
    assert text.startswith(hit_text) and len(text.split()) == len(hit_text.split()) + 2
    assert win.link_action.isEnabled()

    answered = []

    def answer_dialog() -> None:  # the modal Link to Claim dialog: 2 = contradicts, Enter = Link
        dialog = QApplication.activeModalWidget()
        if dialog is None or QApplication.activeWindow() is not dialog:  # its 1–4 keys need it active
            QTimer.singleShot(50, answer_dialog)
            return
        quote = dialog.findChild(QLabel, "ExcerptQuote")
        answered.append(quote.text() if quote is not None else "")
        QTest.keyClick(dialog, Qt.Key.Key_2)
        QTest.keyClick(dialog.claim_list, Qt.Key.Key_Return)

    QTimer.singleShot(50, answer_dialog)
    with qtbot.waitSignal(win.evidence.linked, timeout=10_000) as linked:
        QTest.keyClick(pdf, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    link = linked.args[0]
    assert link.relation is Relation.CONTRADICTS
    assert answered and "\n" not in answered[0] and "47,000" in answered[0]  # one flowing quote


def test_every_menu_action_has_a_shortcut_and_none_is_shared(window):
    from casebook.ui.keyboard import menu_actions

    actions = menu_actions(window.menuBar())
    assert len(actions) > 30
    missing = [a.text() for a in actions if a.shortcut().isEmpty()]
    assert missing == []
    keys = [a.shortcut().toString() for a in actions]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
