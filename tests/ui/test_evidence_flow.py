"""The evidence workflow in the window: excerpt from a selection, link to a claim, drag to link, undo/redo, edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from casebook.core.evidence import ClaimStatus, Relation
from casebook.services import evidence
from casebook.services.cases import open_case
from casebook.ui.claims_models import ClaimTableModel, encode_excerpts
from casebook.ui.evidence_dialogs import LinkToClaimDialog
from casebook.ui.text_geometry import PageRange

PHRASE = "Chief Risk and Oversight Officer"


def _open_declaration(driver, demo_case):
    documents = driver.open_case(demo_case)
    driver.qtbot.waitUntil(lambda: len(driver.win.claims_board.model.rows()) == 3, timeout=10_000)
    doc = driver.open_document(documents, "declaration", wait_for_page=True)
    return doc


def _select(view, page_number: int, phrase: str) -> None:
    page = view.pages[page_number - 1]
    start = page.text.index(phrase)
    view.select_ranges([PageRange(page_number, start, start + len(phrase))])


def test_selection_becomes_an_excerpt_linked_to_a_claim(driver, demo_case):
    doc = _open_declaration(driver, demo_case)
    win = driver.win
    view = win.viewer.pdf
    assert not win.link_action.isEnabled()
    _select(view, 1, PHRASE)
    assert win.link_action.isEnabled() and win.new_excerpt_action.isEnabled()
    assert win.link_action.shortcut().toString() == "Ctrl+L"
    assert win.new_excerpt_action.shortcut().toString() == "Ctrl+E"
    asked = []
    win.evidence.ask_link = lambda **kw: asked.append(kw) or (2, Relation.CONTRADICTS)
    with driver.qtbot.waitSignal(win.evidence.linked, timeout=10_000) as blocker:
        win.link_action.trigger()
    link = blocker.args[0]
    assert asked[0]["excerpt_text"] == PHRASE
    with open_case(demo_case) as case:
        excerpt = evidence.get_excerpt(case, link.excerpt_id)
        assert excerpt.document_id == doc.id and excerpt.text == PHRASE
        assert excerpt.anchor.span.start_page == 1 and excerpt.quads[1]
        links = evidence.list_links(case, claim_id=2)
        assert [(lk.excerpt_id, lk.relation) for lk in links if lk.excerpt_id == excerpt.id] == \
            [(excerpt.id, Relation.CONTRADICTS)]
    # The board counts it and the viewer paints it red where the words are.
    driver.qtbot.waitUntil(lambda: win.claims_board.counts(2).get("contradicts") == 1, timeout=5000)
    driver.qtbot.waitUntil(lambda: any(h.colour.startswith("#d64545") for h in view.highlights("excerpts")),
                           timeout=5000)
    (mark,) = [h for h in view.highlights("excerpts") if h.colour.startswith("#d64545")]
    assert mark.page == 1 and [tuple(r) for r in mark.rects] == [tuple(q) for q in excerpt.quads[1]]


def test_new_excerpt_shortcut_and_copy_with_pin_cite(driver, demo_case):
    _open_declaration(driver, demo_case)
    win = driver.win
    view = win.viewer.pdf
    page = view.pages[1]
    sentence = "By the time processing stopped"
    _select(view, 2, sentence)
    assert win.viewer.copy() == f"{sentence}\nRomo Decl. ¶ 8; ECF No. 62 at 2"
    assert QGuiApplication.clipboard().text().endswith("Romo Decl. ¶ 8; ECF No. 62 at 2")
    win.activateWindow()
    view.setFocus()
    with driver.qtbot.waitSignal(win.evidence.excerptCreated, timeout=10_000) as blocker:
        QTest.keySequence(view, "Ctrl+E")
    excerpt = blocker.args[0]
    assert excerpt.text == sentence and excerpt.anchor.span.start == page.text.index(sentence)
    # An unlinked excerpt is highlighted grey until it bears on a claim.
    driver.qtbot.waitUntil(lambda: any(h.colour.startswith("#8a8a8a") for h in view.highlights("excerpts")),
                           timeout=5000)


def test_dropping_an_excerpt_on_a_claim_links_it_and_undo_redo_flip_the_counts(driver, demo_case):
    _open_declaration(driver, demo_case)
    win = driver.win
    board = win.claims_board
    assert board.counts(1) == {"supports": 3, "contradicts": 0, "qualifies": 1, "context": 0}
    win.evidence.ask_link = lambda **kw: (kw["claim_id"], Relation.CONTRADICTS)
    # Drop excerpt 5 (a different paragraph of the declaration) on claim 1's row, as a drag from the excerpt list would.
    source = board.excerpt_model
    row = next(r for r in range(source.rowCount()) if source.rows()[r].excerpt_id == 5)
    mime = source.mimeData([source.index(row, 0)])
    target = board.proxy.mapFromSource(board.model.index(board.model.row_of(1), 0))
    with driver.qtbot.waitSignal(win.evidence.linked, timeout=10_000):
        assert board.proxy.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
        board.proxy.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    driver.qtbot.waitUntil(lambda: board.counts(1)["contradicts"] == 1, timeout=5000)
    driver.qtbot.waitUntil(lambda: win.undo_action.isEnabled()
                           and win.undo_action.text() == "&Undo Link excerpt 5 to claim 1 (contradicts)", timeout=5000)

    win.undo_action.trigger()
    driver.qtbot.waitUntil(lambda: board.counts(1)["contradicts"] == 0, timeout=5000)
    driver.qtbot.waitUntil(lambda: win.redo_action.isEnabled(), timeout=5000)
    assert win.redo_action.text() == "&Redo Link excerpt 5 to claim 1 (contradicts)"
    with open_case(demo_case) as case:
        assert 5 not in [lk.excerpt_id for lk in evidence.list_links(case, claim_id=1)]

    win.redo_action.trigger()
    driver.qtbot.waitUntil(lambda: board.counts(1)["contradicts"] == 1, timeout=5000)
    with open_case(demo_case) as case:
        links = evidence.list_links(case, claim_id=1)
    assert (5, Relation.CONTRADICTS) in [(lk.excerpt_id, lk.relation) for lk in links]


def test_drop_event_on_the_claims_view_asks_for_the_relation(driver, demo_case):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    _open_declaration(driver, demo_case)
    win = driver.win
    board = win.claims_board
    win.claims_dock.show()
    asked = []
    win.evidence.ask_link = lambda **kw: asked.append(kw) and None  # the user cancels the relation question
    view = board.claims_view
    index = board.proxy.mapFromSource(board.model.index(board.model.row_of(3), 1))
    centre = view.visualRect(index).center()
    mime = encode_excerpts([4])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # The events a drag from the excerpt list delivers, in order, to the claims view's viewport.
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(centre, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted()
    QApplication.sendEvent(view.viewport(), QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, buttons, keys))
    assert asked == [{"claim_id": 3}]


def test_inline_edits_of_status_and_statement_go_through_update_claim(driver, demo_case):
    _open_declaration(driver, demo_case)
    board = driver.win.claims_board
    model = board.proxy
    row = board.proxy.mapFromSource(board.model.index(board.model.row_of(3), 0)).row()
    changed = driver.win.evidence.changed
    with driver.qtbot.waitSignal(changed, timeout=5000):
        assert model.setData(model.index(row, ClaimTableModel.STATUS), "disputed")
    with driver.qtbot.waitSignal(changed, timeout=5000):
        assert model.setData(model.index(row, ClaimTableModel.STATEMENT),
                             "The IRS asked DHS to  dispose of the records.")
    # Shown at once, before the store has it; an unchanged value is not an edit.
    assert board.model.rows()[board.model.row_of(3)].claim.statement == "The IRS asked DHS to dispose of the records."
    assert not model.setData(model.index(row, ClaimTableModel.STATUS), "disputed")
    driver.qtbot.waitUntil(lambda: driver.win.undo_action.text() == "&Undo Edit claim 3", timeout=5000)
    with open_case(demo_case) as case:
        claim = evidence.get_claim(case, 3)
    assert claim.status is ClaimStatus.DISPUTED and claim.statement == "The IRS asked DHS to dispose of the records."
    # Filters: by status, and by a parent issue (claim 3 sits under issue 4 "Remedy" through its sub-issue).
    board.set_filters(status="disputed")
    assert board.proxy.rowCount() == 1
    board.set_filters(issue_id=4)
    assert [board.proxy.index(r, 0).data() for r in range(board.proxy.rowCount())] == ["3"]
    board.set_filters(issue_id=1)
    assert sorted(board.proxy.index(r, 0).data() for r in range(board.proxy.rowCount())) == ["1", "2"]


def test_clicking_a_linked_excerpt_opens_its_page_and_flashes_it(driver, demo_case):
    documents = driver.open_case(demo_case)
    win = driver.win
    driver.open_document(documents, "complaint")
    board = win.claims_board
    driver.qtbot.waitUntil(lambda: board.select_claim(1), timeout=10_000)
    linked = board.linked_model
    row = next(r for r in range(linked.rowCount()) if linked.rows()[r].excerpt_id == 1)
    index = linked.index(row, 1)
    with driver.qtbot.waitSignal(win.documentReady, timeout=10_000):
        QTest.mouseClick(board.linked_view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         board.linked_view.visualRect(index).center())
    view = win.viewer.pdf
    driver.qtbot.waitUntil(lambda: bool(view.highlights("flash")), timeout=5000)
    assert win.viewer.view.record.kind.value == "declaration" and view.current_page == 2
    flash = view.highlights("flash")
    assert {h.page for h in flash} == {2} and all(h.colour.startswith("#2e9d4a") for h in flash)
    driver.qtbot.waitUntil(lambda: not view.highlights("flash"), timeout=5000)  # it stops flashing
    driver.qtbot.waitUntil(lambda: win.inspector.item is not None and win.inspector.item[0] == "link"
                           and ("Cite", "Romo Decl. ¶ 8") in win.inspector.model.rows(),
                           timeout=5000)  # an excerpt picked under a claim shows that link, editable


def test_inspector_shows_a_claims_links_and_tags(driver, demo_case):
    _open_declaration(driver, demo_case)
    win = driver.win
    assert win.inspector.item == ("document", 3)
    driver.qtbot.waitUntil(lambda: any(k.startswith("Excerpt") for k, _ in win.inspector.model.rows()), timeout=5000)
    win.claims_board.select_claim(2)  # as a click on its row does
    driver.qtbot.waitUntil(lambda: win.inspector.item == ("claim", 2) and bool(win.inspector.model.rows()),
                           timeout=5000)
    rows = win.inspector.model.rows()
    assert ("Tags", "hot/sworn figures") in rows
    assert sum(1 for key, _ in rows if key.startswith("Link: excerpt")) == 3


def test_link_dialog_relations_answer_to_keys_one_to_four(qtbot):
    from casebook.core.evidence import Claim, ClaimType
    from casebook.services.ui_support import ClaimRow

    claims = [ClaimRow(Claim(n, f"Claim {n}", ClaimType.ALLEGATION, ClaimStatus.DISPUTED), "", "", (), (), {})
              for n in (1, 2)]
    dialog = LinkToClaimDialog(claims)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert dialog.relation() is Relation.SUPPORTS and dialog.claim_id() == 1
    for key, relation in ((Qt.Key.Key_3, Relation.QUALIFIES), (Qt.Key.Key_2, Relation.CONTRADICTS),
                          (Qt.Key.Key_4, Relation.CONTEXT), (Qt.Key.Key_1, Relation.SUPPORTS)):
        QTest.keyClick(dialog.claim_list, key)
        assert dialog.relation() is relation
    dialog.choose(2, Relation.QUALIFIES)
    assert (dialog.claim_id(), dialog.relation()) == (2, Relation.QUALIFIES)


def test_a_refused_link_is_explained_and_nothing_changes(driver, demo_case):
    _open_declaration(driver, demo_case)
    win = driver.win
    win.evidence.ask_link = lambda **kw: (1, Relation.CONTRADICTS)
    # Excerpt 1 is where claim 1 is asserted: a source cannot contradict its own claim.
    with driver.qtbot.waitSignal(win.evidence.failed, timeout=10_000) as blocker:
        win.evidence.link_excerpts(1, [1])
    title, message = blocker.args
    assert title == "Link to claim" and "cannot contradict the claim it makes" in message
    assert message in win.last_error_box.text()
    driver.qtbot.waitUntil(lambda: win.claims_board.counts(1)["contradicts"] == 0, timeout=5000)
    with open_case(demo_case) as case:
        assert [lk.relation for lk in evidence.list_links(case, claim_id=1, excerpt_id=1)] == [Relation.SUPPORTS]


def test_article_selection_copies_with_its_paragraph_cite_and_becomes_an_excerpt(driver, demo_case):
    documents = driver.open_case(demo_case)
    win = driver.win
    doc = next(d for d in documents if d.kind.value == "article" and d.publisher == "The Capitol Ledger")
    with driver.qtbot.waitSignal(win.documentReady, timeout=10_000):
        win.open_document(doc.id)
    reader = win.viewer.article
    para = next(p for p in reader.page.paragraphs if p.number == 6)
    reader.select_offsets(para.start, para.end)
    text = reader.page.text[para.start:para.end]
    assert win.viewer.copy() == f"{text}\nCapitol Ledger ¶ 6"
    assert win.new_excerpt_action.isEnabled()
    with driver.qtbot.waitSignal(win.evidence.excerptCreated, timeout=10_000) as blocker:
        win.new_excerpt_action.trigger()
    excerpt = blocker.args[0]
    assert excerpt.document_id == doc.id and (excerpt.anchor.span.start, excerpt.anchor.span.end) == (para.start,
                                                                                                        para.end)
    driver.qtbot.waitUntil(lambda: any(s.cursor.selectedText() == text for s in reader._layers.get("excerpts", [])),
                           timeout=5000)
