"""The Docket dock: the demo docket's entries with their linked filings; a linked entry opens its document."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_docket_dock_lists_demo_entries_and_opens_a_linked_filing(driver, demo_case):
    documents = driver.open_case(demo_case)
    win = driver.win
    model = win.docket_panel.model
    driver.qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    assert win.docket_dock.toggleViewAction() in win.view_menu.actions()

    lines = model.rows()
    kinds = {doc.id: doc.kind.value for doc in documents}
    linked = {line.entry.number: kinds[line.filing_id] for line in lines if line.linked}
    assert linked == {"1": "complaint", "45": "order", "62": "declaration"}
    row_9 = next(i for i, line in enumerate(lines) if line.entry.number == "9")
    assert model.index(row_9, 3).data() == "missing"
    assert "3 linked" in win.docket_panel.summary.text()

    row_62 = next(i for i, line in enumerate(lines) if line.entry.number == "62")
    with driver.qtbot.waitSignal(win.documentOpened, timeout=10_000) as opened:
        win.docket_panel.table.doubleClicked.emit(model.index(row_62, 2))
    assert opened.args[0] == lines[row_62].filing_id
    assert model.index(row_62, 0).data(Qt.ItemDataRole.DisplayRole) == "62"

    with driver.qtbot.assertNotEmitted(win.docket_panel.documentActivated):
        win.docket_panel.table.doubleClicked.emit(model.index(row_9, 2))
