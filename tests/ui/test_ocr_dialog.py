"""OCR from the app: a scanned (image-only) PDF chosen in the Case list is OCRed with progress, then scored."""

from __future__ import annotations

import pytest

from tests.ocr.conftest import DECLARATION, ECF_STAMP, SECOND_PAGE, ScannedPage, make_pdf, needs_tesseract

pytestmark = needs_tesseract


@pytest.fixture
def scanned_case(tmp_path):
    """A case holding one two-page scan with no text layer at all."""
    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths

    pdf = make_pdf(tmp_path / "scanned-declaration.pdf", [ScannedPage([ECF_STAMP, *DECLARATION]),
                                                          ScannedPage(SECOND_PAGE)])
    folder = tmp_path / "case"
    with create_case(folder, title="Roe v. Agency") as case:
        summary = import_paths(case, [pdf])
        assert summary.imported and summary.imported[0].pages_needing_ocr == 2
    return folder


def test_ocr_of_a_scanned_document_from_the_app_shows_progress_and_page_quality(qtbot, driver, scanned_case):
    from casebook.ui.ocr_dialog import open_ocr_dialog

    win = driver.win
    [doc] = driver.open_case(scanned_case)
    assert doc.pages_needing_ocr == 2
    win.navigator.tree.selectAll()  # the Case list's choice (a kind group stands for its documents)
    assert win.navigator.selected_document_ids() == [doc.id]
    assert win.ocr_action.isEnabled()
    dialog = open_ocr_dialog(win)
    assert [d.id for d in dialog.documents] == [doc.id]
    qtbot.waitUntil(lambda: dialog.lang_box.isEnabled(), timeout=10_000)  # tesseract --list-langs, off the GUI
    assert "eng" in [dialog.lang_box.itemData(i) for i in range(dialog.lang_box.count())]
    dialog.choose(mode="image-only", lang="eng")

    seen_totals: list[int] = []
    dialog._timer.timeout.connect(lambda: seen_totals.append(dialog.progress.maximum()))
    with qtbot.waitSignal(dialog.ocrFinished, timeout=120_000) as finished:
        task = dialog.start()
        assert task is not None and not dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
    report = finished.args[0]
    assert 2 in seen_totals  # the bar knew it had two pages to read while it ran
    assert report.pages_done == 2 and not report.cancelled
    rows = dialog.result_rows()
    assert [r[1] for r in rows] == ["1", "2"]
    assert all(r[2].endswith("%") and int(r[2][:-1]) >= 60 for r in rows)  # quality shown as a percentage
    assert all(r[4].startswith("tesseract/") and " eng " in r[4] for r in rows)  # the engine that read it
    assert dialog.progress.format() == "Done" and dialog.start_button.isEnabled()
    # The window takes the new text: the document no longer needs OCR and its words are searchable.
    qtbot.waitUntil(lambda: win.documents and win.documents[0].pages_needing_ocr == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=30_000)
    assert "OCR" in win.status_line.text() and "2 page(s)" in win.status_line.text()


def test_cancel_stops_the_ocr_and_says_so(qtbot, driver, scanned_case):
    from casebook.ui.ocr_dialog import open_ocr_dialog

    win = driver.win
    [doc] = driver.open_case(scanned_case)
    dialog = open_ocr_dialog(win, [doc])
    dialog.choose(mode="redo-all")
    dialog.start()
    dialog.cancel()  # before or during the first page: the run stops there
    qtbot.waitUntil(lambda: not dialog.running, timeout=120_000)
    assert dialog.report is None or dialog.report.cancelled
    assert "cancelled" in dialog.status.text().lower() and dialog.progress.format() == "Cancelled"
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_without_a_choice_the_action_explains_what_to_do(driver, demo_case):
    from casebook.ui.ocr_dialog import open_ocr_dialog

    driver.open_case(demo_case)
    assert open_ocr_dialog(driver.win) is None
    assert "Case list" in driver.win.statusBar().currentMessage()


def test_privacy_scan_from_the_app_uses_the_same_dialog_pattern(qtbot, driver, demo_case):
    from casebook.ui.privacy_scan_dialog import open_privacy_scan

    win = driver.win
    documents = driver.open_case(demo_case)
    win.navigator.tree.selectAll()
    dialog = open_privacy_scan(win)
    assert len(dialog.documents) == len(documents)
    with qtbot.waitSignal(dialog.scanFinished, timeout=60_000) as finished:
        dialog.start()
    report = finished.args[0]
    assert report.documents == len(documents) and not report.cancelled
    assert dialog.results.rowCount() == len(report.by_rule)
    assert dialog.progress.format() == "Done" and "Privacy dock" in dialog.status.text()
    if report.new:
        qtbot.waitUntil(lambda: win.privacy_panel.model.rowCount() >= report.new, timeout=10_000)
