"""Editing a document's metadata in place in the inspector: navigator and store follow, Edit → Undo undoes it;
risk warnings are visible; Case Settings… edits the caption."""

from __future__ import annotations

import json

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit

from casebook.core.documents import DateBasis, DocumentKind
from casebook.services.caption import get_caption
from casebook.services.cases import open_case
from casebook.services.documents import get_document
from casebook.services.metadata import SET_BY_PERSON
from casebook.ui.navigator import DocumentIdRole


def _stored(path, document_id):
    with open_case(path) as case:
        return get_document(case, document_id)


def _inspector_value(win, field: str) -> str:
    model = win.inspector.model
    row = model.row_of(field)
    return "" if row is None else model.index(row, 1).data()


def _navigator_titles(win) -> set[str]:
    model = win.navigator.model
    found = set()
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            found.add(model.index(r, 0, group).data())
    return found


def _edit(driver, field: str, fill) -> None:
    """Open the value cell's editor the way a double-click does, fill it, and press Enter."""
    win = driver.win
    table, model = win.inspector.table, win.inspector.model
    index = model.index(model.row_of(field), 1)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index)  # the delegate's editor for the cell
    assert isinstance(editor, (QLineEdit, QComboBox, QDateEdit)), editor
    fill(editor)
    QTest.keyClick(editor, Qt.Key.Key_Return)


def _type(text: str):
    def fill(editor: QLineEdit) -> None:
        editor.selectAll()
        QTest.keyClicks(editor, text)
    return fill


def test_editing_the_title_in_the_inspector_shows_in_the_navigator_and_undo_restores_it(driver, demo_case):
    win = driver.win
    documents = driver.open_case(demo_case)
    doc = driver.open_document(documents, "declaration")
    driver.qtbot.waitUntil(lambda: _inspector_value(win, "title") == doc.title, timeout=5000)
    assert win.inspector.model.index(win.inspector.model.row_of("title"), 2).data() != SET_BY_PERSON

    _edit(driver, "title", _type("Declaration of Dottie Romo (Corrected)"))
    new_label = f"ECF {doc.ecf_document_number} — Declaration of Dottie Romo (Corrected)" \
        if doc.ecf_document_number else "Declaration of Dottie Romo (Corrected)"
    driver.qtbot.waitUntil(lambda: new_label in _navigator_titles(win), timeout=10_000)
    driver.qtbot.waitUntil(lambda: win.undo_action.text().startswith(f"&Undo Edit document {doc.id}"),
                           timeout=5000)
    stored = _stored(demo_case, doc.id)
    assert stored.title == "Declaration of Dottie Romo (Corrected)" and "title" in stored.person_fields
    driver.qtbot.waitUntil(lambda: win.inspector.model.index(win.inspector.model.row_of("title"), 2).data()
                           == SET_BY_PERSON, timeout=5000)

    win.undo_action.trigger()
    driver.qtbot.waitUntil(lambda: new_label not in _navigator_titles(win)
                           and _inspector_value(win, "title") == doc.title, timeout=10_000)
    restored = _stored(demo_case, doc.id)
    assert restored.title == doc.title and restored.person_fields == doc.person_fields


def test_kind_date_and_short_cite_are_edited_with_their_own_editors(driver, demo_case):
    win = driver.win
    documents = driver.open_case(demo_case)
    doc = driver.open_document(documents, "declaration")
    driver.qtbot.waitUntil(lambda: _inspector_value(win, "title") == doc.title, timeout=5000)

    def choose(text):
        def fill(combo: QComboBox) -> None:
            combo.setCurrentIndex(combo.findText(text))
        return fill

    def set_date(editor: QDateEdit) -> None:
        editor.setDate(QDate(2026, 2, 10))

    for field, fill, expected in (("kind", choose("exhibit"), "exhibit"), ("date", set_date, "2026-02-10"),
                                  ("date_basis", choose("signed"), "signed"),
                                  ("short_cite", _type("Romo Corr. Decl."), "Romo Corr. Decl.")):
        _edit(driver, field, fill)
        driver.qtbot.waitUntil(lambda f=field, e=expected: _inspector_value(win, f) == e
                               and not win.evidence._writes_pending, timeout=10_000)
    stored = _stored(demo_case, doc.id)
    assert (stored.kind, stored.document_date, stored.date_basis, stored.short_cite) == (
        DocumentKind.EXHIBIT, "2026-02-10", DateBasis.SIGNED, "Romo Corr. Decl.")
    # The navigator regroups the declaration under exhibits.
    driver.qtbot.waitUntil(lambda: any(
        win.navigator.model.index(g, 0).data().startswith("Exhibit") for g in range(win.navigator.model.rowCount())),
        timeout=5000)
    group = next(win.navigator.model.index(g, 0) for g in range(win.navigator.model.rowCount())
                 if win.navigator.model.index(g, 0).data().startswith("Exhibit"))
    assert win.navigator.model.index(0, 0, group).data(DocumentIdRole) == doc.id


def test_risk_flags_are_a_visible_warning_list(driver, demo_case):
    with open_case(demo_case) as case, case.transaction() as db:
        db.execute("UPDATE documents SET risk_flags = ? WHERE kind = 'declaration'", [json.dumps([
            {"kind": "bad_redaction", "pages": [2], "detail": "text under 1 black box can be copied"}])])
    win = driver.win
    documents = driver.open_case(demo_case)
    driver.open_document(documents, "declaration")
    driver.qtbot.waitUntil(lambda: win.inspector.risks.isVisible(), timeout=5000)
    (line,) = win.inspector.risk_warnings()
    assert "Bad redaction" in line and "page 2" in line and "black box" in line
    driver.open_document(documents, "complaint")
    driver.qtbot.waitUntil(lambda: not win.inspector.risks.isVisible(), timeout=5000)


def test_case_settings_dialog_edits_the_caption_and_undo_restores_it(driver, demo_case):
    win = driver.win
    driver.open_case(demo_case)
    before = _caption(demo_case)
    assert before.is_set and before.court and before.filer  # the demo sets its caption through the service
    assert win.case_settings_action.isEnabled()
    win.case_settings_action.trigger()
    driver.qtbot.waitUntil(lambda: getattr(win, "case_settings_dialog", None) is not None
                           and win.case_settings_dialog.isVisible(), timeout=5000)
    dialog = win.case_settings_dialog
    assert dialog.fields["caption"].text() == before.caption
    dialog.fields["filer"].setText("Counsel for the Taxpayer Rights Center")
    dialog.accept()
    driver.qtbot.waitUntil(lambda: _caption(demo_case).filer == "Counsel for the Taxpayer Rights Center",
                           timeout=10_000)
    driver.qtbot.waitUntil(lambda: win.undo_action.text().startswith("&Undo Set case caption"), timeout=5000)
    win.undo_action.trigger()
    driver.qtbot.waitUntil(lambda: _caption(demo_case) == before, timeout=10_000)


def _caption(path):
    with open_case(path) as case:
        return get_caption(case)
