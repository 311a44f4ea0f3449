"""The Privacy dock end to end: scan, see a finding highlighted on its page, accept, exempt, undo."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest

from tests.privacy.conftest import EXPECTED, import_one, make_filing

pytest.importorskip("pytestqt")


@pytest.fixture
def case_path(new_case, tmp_path):
    case = new_case()
    import_one(case, make_filing(tmp_path / "decl.pdf"))
    path = case.layout.root
    case.close()
    return path


@pytest.fixture
def window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from casebook.ui.app import make_application
    from casebook.ui.main_window import MainWindow

    make_application()
    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    yield win
    if win.isVisible():
        win.close()


def _statuses(panel) -> dict[str, str]:
    return {" ".join(f.text.split()): f.status for f in panel.model.rows()}


def test_review_panel_end_to_end(qtbot, window, case_path):
    with qtbot.waitSignal(window.documentsLoaded, timeout=10_000):
        window.open_case(case_path)
    panel = window.privacy_panel
    assert window.privacy_dock.toggleViewAction() in window.view_menu.actions()

    panel.scan_button.click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(EXPECTED), timeout=20_000)
    assert "awaiting a decision" in panel.summary.text()
    rows = panel.model.rows()
    row = next(i for i, f in enumerate(rows) if f.text == "123-45-6789")
    assert panel.model.index(row, 5).data() == "XXX-XX-6789"

    # Selecting a finding opens its document on its page with the finding highlighted.
    panel.table.selectRow(row)
    qtbot.waitUntil(lambda: bool(window.viewer.pdf.highlights("privacy")), timeout=20_000)
    [mark] = window.viewer.pdf.highlights("privacy")
    assert mark.page == rows[row].page and mark.rects
    assert window.viewer.view.record.id == rows[row].document_id

    panel.accept_button.click()
    qtbot.waitUntil(lambda: _statuses(panel).get("123-45-6789") == "accepted", timeout=10_000)

    ein_row = next(i for i, f in enumerate(panel.model.rows()) if f.rule == "ein")
    panel.table.selectRow(ein_row)
    panel.ask_reason = lambda: "5.2(b): the employer's EIN is in the public record"
    panel.exempt_button.click()
    qtbot.waitUntil(lambda: _statuses(panel).get("98-7654321") == "exempt", timeout=10_000)

    qtbot.waitUntil(lambda: window.undo_action.isEnabled(), timeout=10_000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: _statuses(panel).get("98-7654321") == "pending", timeout=10_000)

    # The keyboard: R rejects the selected finding.
    dob_row = next(i for i, f in enumerate(panel.model.rows()) if f.rule == "dob")
    panel.table.selectRow(dob_row)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, "r")
    qtbot.waitUntil(lambda: _statuses(panel).get("03/14/1978") == "rejected", timeout=10_000)

    # A manual redaction of text selected on the page.
    from casebook.ui.text_geometry import PageRange

    page = window.viewer.pdf.pages[0]
    at = page.text.find("intake sheet")
    window.viewer.pdf.select_ranges([PageRange(page.number, at, at + len("intake sheet"))])
    panel.redact_selection_button.click()
    qtbot.waitUntil(lambda: _statuses(panel).get("intake sheet") == "accepted", timeout=10_000)

    panel.accept_all_button.click()
    qtbot.waitUntil(lambda: sorted(_statuses(panel).values()).count("accepted") == len(EXPECTED),
                    timeout=10_000)
