"""Editing a claim, a link and an excerpt in place in the inspector: the board, the chart and the store follow,
Edit → Undo names and undoes the edit, and an edit the services refuse says why and changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from casebook.core.evidence import ClaimStatus, Relation
from casebook.services.cases import open_case
from casebook.services.evidence import get_claim, get_excerpt, list_links
from casebook.services.reports import claim_chart


def _value(win, field: str) -> str | None:
    model = win.inspector.model
    row = model.row_of(field)
    return None if row is None else model.index(row, 1).data()


def _edit(driver, field: str, fill) -> None:
    """Open the value cell's editor the way a double-click does, fill it, and press Enter."""
    table, model = driver.win.inspector.table, driver.win.inspector.model
    index = model.index(model.row_of(field), 1)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index)
    assert isinstance(editor, (QLineEdit, QComboBox, QPlainTextEdit)), editor
    fill(editor)
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits and closes the editor on the next loop turn
    driver.qtbot.waitUntil(lambda: table.indexWidget(index) is None, timeout=5000)


def _type(text: str):
    def fill(editor: QLineEdit | QPlainTextEdit) -> None:
        editor.selectAll()
        if text:
            QTest.keyClicks(editor, text)
        else:
            editor.clear()
    return fill


def _choose(text: str):
    def fill(combo: QComboBox) -> None:
        assert combo.findText(text) >= 0, [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentIndex(combo.findText(text))
    return fill


def _settled(win) -> bool:
    return not win.evidence._writes_pending and not win.runner.busy


def _claim(path: Path, claim_id: int):
    with open_case(path) as case:
        return get_claim(case, claim_id)


def _board_claim(win, claim_id: int):
    model = win.claims_board.model
    row = model.row_of(claim_id)
    return None if row < 0 else model.rows()[row].claim


def _select_claim(driver, claim_id: int) -> None:
    win = driver.win
    driver.qtbot.waitUntil(lambda: _board_claim(win, claim_id) is not None, timeout=10_000)
    win.claims_board.select_claim(claim_id)
    driver.qtbot.waitUntil(lambda: win.inspector.item == ("claim", claim_id)
                           and _value(win, "statement") is not None, timeout=10_000)


def test_claim_status_and_statement_edited_in_the_inspector_show_on_the_board_and_undo(driver, demo_case):
    win = driver.win
    driver.open_case(demo_case)
    before = _claim(demo_case, 2)
    _select_claim(driver, 2)
    assert _value(win, "status") == before.status.value
    assert win.inspector.table.isColumnHidden(2)  # no "origin" column for a claim

    _edit(driver, "status", _choose("disputed"))
    driver.qtbot.waitUntil(lambda: _settled(win) and _board_claim(win, 2).status is ClaimStatus.DISPUTED,
                           timeout=10_000)
    _edit(driver, "statement", _type("In June 2025 ICE asked the IRS for about 1.2 million addresses."))
    driver.qtbot.waitUntil(lambda: _settled(win) and _board_claim(win, 2).statement
                           == "In June 2025 ICE asked the IRS for about 1.2 million addresses.", timeout=10_000)
    driver.qtbot.waitUntil(lambda: win.undo_action.text() == "&Undo Edit claim 2", timeout=5000)
    stored = _claim(demo_case, 2)
    assert stored.status is ClaimStatus.DISPUTED and stored.statement.startswith("In June 2025 ICE asked")

    win.undo_action.trigger()  # the statement
    driver.qtbot.waitUntil(lambda: _settled(win) and _board_claim(win, 2).statement == before.statement,
                           timeout=10_000)
    win.undo_action.trigger()  # the status
    driver.qtbot.waitUntil(lambda: _settled(win) and _board_claim(win, 2).status is before.status
                           and _value(win, "status") == before.status.value
                           and _value(win, "statement") == before.statement, timeout=10_000)
    assert _claim(demo_case, 2) == before


def test_other_claim_fields_go_through_the_services(driver, demo_case):
    win = driver.win
    driver.open_case(demo_case)
    _select_claim(driver, 3)
    model = win.inspector.model
    assert "between 2025-01-01 and 2025-03-31" in model.index(model.row_of("event_date"), 1).data(
        Qt.ItemDataRole.ToolTipRole)  # the tooltip says how to write a fuzzy date
    for field, fill in (("event_date", _type("2026-01")), ("claim_type", _choose("admission")),
                        ("asserted_by", _choose("Priya Anand-Moreau")),
                        ("issue_ids", _type("Remedy; Retrieval and disposal of the data")),
                        ("tags", _type("hot, follow-up")), ("note", _type("Check the January letter."))):
        _edit(driver, field, fill)
        driver.qtbot.waitUntil(lambda: _settled(win), timeout=10_000)
    claim = _claim(demo_case, 3)
    with open_case(demo_case) as case:
        from casebook.services.cast import get_entity

        asserter = get_entity(case, claim.asserted_by).name
    assert (str(claim.event_date), claim.claim_type.value, asserter, set(claim.issue_ids), set(claim.tags),
            claim.note) == ("2026-01", "admission", "Priya Anand-Moreau", {4, 5}, {"hot", "follow-up"},
                            "Check the January letter.")
    driver.qtbot.waitUntil(lambda: set((_value(win, "issue_ids") or "").split("; "))
                           == {"Remedy", "Retrieval and disposal of the data"}, timeout=5000)
    driver.qtbot.waitUntil(lambda: win.undo_action.text() == "&Undo Edit claim 3", timeout=5000)


def test_a_link_relation_changed_in_the_inspector_reaches_the_chart(driver, demo_case):
    win = driver.win
    driver.open_case(demo_case)
    with open_case(demo_case) as case:
        link = next(lk for lk in list_links(case, claim_id=1) if lk.excerpt_id == 2)
    assert link.relation is Relation.SUPPORTS
    _select_claim(driver, 1)
    field = f"link:{link.id}:relation"
    assert _value(win, field) == "supports"
    _edit(driver, field, _choose("qualifies"))
    driver.qtbot.waitUntil(lambda: _settled(win) and win.claims_board.counts(1).get("qualifies") == 2,
                           timeout=10_000)
    _edit(driver, f"link:{link.id}:note", _type("The article rounds the number."))
    driver.qtbot.waitUntil(lambda: _settled(win), timeout=10_000)
    with open_case(demo_case) as case:
        (entry,) = claim_chart(case, claim_ids=[1])
    item = next(e for e in entry.evidence if e.excerpt_id == 2)
    assert (item.relation, item.note) == ("qualifies", "The article rounds the number.")
    driver.qtbot.waitUntil(lambda: win.undo_action.text() == "&Undo Edit link of excerpt 2 to claim 1", timeout=5000)


def test_an_excerpt_note_tags_and_people_are_edited_in_place(driver, demo_case):
    win = driver.win
    driver.open_case(demo_case)
    win.inspect("excerpt", 5)
    driver.qtbot.waitUntil(lambda: win.inspector.item == ("excerpt", 5) and _value(win, "note") is not None,
                           timeout=10_000)
    people = _value(win, "entity_ids")
    _edit(driver, "note", _type("Quoted in the reply brief."))
    driver.qtbot.waitUntil(lambda: _settled(win) and _value(win, "note") == "Quoted in the reply brief.",
                           timeout=10_000)
    _edit(driver, "tags", _type("key passage"))
    driver.qtbot.waitUntil(lambda: _settled(win), timeout=10_000)
    _edit(driver, "entity_ids", _type("Dottie Romo; ICE"))
    driver.qtbot.waitUntil(lambda: _settled(win), timeout=10_000)
    with open_case(demo_case) as case:
        excerpt = get_excerpt(case, 5)
    assert (excerpt.note, excerpt.tags, set(excerpt.entity_ids)) == ("Quoted in the reply brief.",
                                                                     ("key passage",), {5, 3})
    driver.qtbot.waitUntil(lambda: win.undo_action.text() == "&Undo Edit excerpt 5", timeout=5000)
    win.undo_action.trigger()
    driver.qtbot.waitUntil(lambda: _settled(win) and _value(win, "entity_ids") == people, timeout=10_000)


def test_refused_edits_say_why_and_change_nothing(driver, demo_case):
    win = driver.win
    driver.open_case(demo_case)
    before = _claim(demo_case, 1)
    _select_claim(driver, 1)
    _edit(driver, "statement", _type(""))
    driver.qtbot.waitUntil(lambda: getattr(win, "last_error_box", None) is not None
                           and win.last_error_box.isVisible(), timeout=10_000)
    assert "a claim needs a statement" in win.last_error_box.text()
    driver.qtbot.waitUntil(lambda: _settled(win) and _value(win, "statement") == before.statement, timeout=10_000)
    win.last_error_box.close()

    # Excerpt 1 is where claim 1 is asserted: a source cannot qualify the claim it makes.
    with open_case(demo_case) as case:
        own = next(lk for lk in list_links(case, claim_id=1) if lk.excerpt_id == before.asserted_in_excerpt)
    _edit(driver, f"link:{own.id}:relation", _choose("qualifies"))
    driver.qtbot.waitUntil(lambda: win.last_error_box.isVisible()
                           and "cannot qualify the claim it makes" in win.last_error_box.text(), timeout=10_000)
    driver.qtbot.waitUntil(lambda: _settled(win) and _value(win, f"link:{own.id}:relation") == "supports",
                           timeout=10_000)
    _edit(driver, "event_date", _type("sometime soon"))
    driver.qtbot.waitUntil(lambda: "not a date Casebook understands" in win.last_error_box.text(), timeout=10_000)
    driver.qtbot.waitUntil(lambda: _settled(win), timeout=10_000)
    assert _claim(demo_case, 1) == before
    with open_case(demo_case) as case:
        assert list_links(case, claim_id=1) == list_links(case, claim_id=1) and next(
            lk for lk in list_links(case, claim_id=1) if lk.id == own.id).relation is Relation.SUPPORTS
    assert not win.undo_action.isEnabled() or "claim 1" not in win.undo_action.text()


def test_case_settings_has_a_shortcut_and_opens(driver, demo_case):
    win = driver.win
    driver.open_case(demo_case)
    assert win.case_settings_action.shortcut() == QKeySequence("Ctrl+,")
    win.case_settings_action.trigger()
    driver.qtbot.waitUntil(lambda: getattr(win, "case_settings_dialog", None) is not None
                           and win.case_settings_dialog.isVisible(), timeout=5000)
    win.case_settings_dialog.reject()


def test_inspector_editing_a_claim_screenshot(driver, demo_case, tmp_path):
    """The look of the inspector on a claim (saved to CASEBOOK_SHOT_DIR when set, to be looked at)."""
    win = driver.win
    win.resize(1600, 1000)
    driver.open_case(demo_case)
    win.resizeDocks([win.inspector_dock], [520], Qt.Orientation.Vertical)
    _select_claim(driver, 1)
    table, model = win.inspector.table, win.inspector.model
    index = model.index(model.row_of("statement"), 1)
    table.edit(index)
    editor = table.indexWidget(index)
    assert isinstance(editor, QPlainTextEdit) and editor.toPlainText() == model.index(index.row(), 1).data()
    assert editor.height() >= 3 * editor.fontMetrics().lineSpacing()  # a long statement is edited wrapped
    driver.qtbot.wait(200)
    folder = Path(os.environ.get("CASEBOOK_SHOT_DIR", tmp_path))
    for name in ("inspector-claim.png", "inspector-claim-links.png"):
        out = folder / name
        assert win.inspector_dock.grab().save(str(out)) and out.stat().st_size > 1000
        table.scrollToBottom()
        driver.qtbot.wait(100)
    assert table.columnWidth(0) <= table.viewport().width() * 0.4  # long link labels wrap, values keep room
    statement_row = model.row_of("statement")
    assert table.rowHeight(statement_row) > table.rowHeight(model.row_of("status"))  # the statement wraps


def test_a_link_picked_on_the_board_is_shown_and_edited_as_a_link(driver, demo_case):
    from casebook.ui.claims_models import ExcerptIdRole

    win = driver.win
    driver.open_case(demo_case)
    _select_claim(driver, 1)
    board = win.claims_board
    board.tabs.setCurrentWidget(board.linked_view)
    model = board.linked_model
    driver.qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=5000)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ExcerptIdRole) == 3)
    board.linked_view.setCurrentIndex(model.index(row, 0))
    with open_case(demo_case) as case:
        link = next(lk for lk in list_links(case, claim_id=1) if lk.excerpt_id == 3)
    field = f"link:{link.id}:relation"
    driver.qtbot.waitUntil(lambda: win.inspector.item == ("link", link.id) and _value(win, field) == "supports",
                           timeout=10_000)
    _edit(driver, field, _choose("context"))
    driver.qtbot.waitUntil(lambda: _settled(win) and board.counts(1).get("context") == 1, timeout=10_000)
    driver.qtbot.waitUntil(lambda: win.undo_action.text() == "&Undo Edit link of excerpt 3 to claim 1",
                           timeout=5000)
    win.undo_action.trigger()
    driver.qtbot.waitUntil(lambda: _settled(win) and _value(win, field) == "supports"
                           and not board.counts(1).get("context"), timeout=10_000)


def test_an_excerpt_needing_review_is_marked_reviewed_in_place(driver, demo_case):
    with open_case(demo_case) as case, case.transaction() as db:
        db.execute("UPDATE excerpts SET review = 'fuzzy', review_note = 'moved after OCR' WHERE id = 7")
    win = driver.win
    driver.open_case(demo_case)
    win.inspect("excerpt", 7)
    driver.qtbot.waitUntil(lambda: _value(win, "reviewed") == "no", timeout=10_000)
    assert ("Position", "fuzzy: moved after OCR") in win.inspector.model.rows()
    _edit(driver, "reviewed", _choose("yes"))
    driver.qtbot.waitUntil(lambda: _settled(win) and _value(win, "reviewed") is None, timeout=10_000)
    with open_case(demo_case) as case:
        assert get_excerpt(case, 7).review is None
    driver.qtbot.waitUntil(lambda: win.undo_action.text() == "&Undo Mark excerpt 7 reviewed", timeout=5000)
