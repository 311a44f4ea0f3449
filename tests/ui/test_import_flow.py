"""Importing from the window: progress in the status bar, the summary with failures, passwords, and cancel."""

from __future__ import annotations

import time

import pytest

from casebook.services import documents as document_service
from casebook.services.cases import create_case, open_case
from casebook.ui.import_flow import merge_retry

BOOK_PAGES = 352


def _new_case(tmp_path):
    with create_case(tmp_path / "case", title="Doe v. Roe") as case:
        return case.layout.root


def test_import_a_folder_with_one_bad_file_shows_progress_and_the_failure(driver, tmp_path, pdf_factory):
    root = _new_case(tmp_path)
    driver.open_case(root)
    # Opening a case first brings its search index up to date in the background; let that finish.
    driver.qtbot.waitUntil(lambda: not driver.win.task_status.isVisible(), timeout=30_000)
    folder = tmp_path / "incoming"
    pdf_factory(["DECLARATION OF JANE DOE\n1. I am over eighteen."], name="good.pdf", folder=folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n this is not really a PDF at all \x00\x01")
    win = driver.win
    shown = []
    win.runner.progressChanged.connect(lambda task: shown.append(task and task.title))
    with driver.qtbot.waitSignal(win.importer.importFinished, timeout=30_000) as blocker:
        win.import_paths([folder])
        assert win.task_status.isVisible() and win.task_status.label.text().startswith("Importing")
    summary = blocker.args[0]
    assert any(title and title.startswith("Importing") for title in shown)
    assert [d.path for d in summary.imported] == [str(folder / "good.pdf")]
    (failure,) = summary.failed
    assert failure.path == str(folder / "broken.pdf") and failure.reason == "damaged"
    rows = win.importer.last_dialog.rows()
    assert ("Imported", "good.pdf") in {(g, f) for g, f, _ in rows}
    failed = [r for r in rows if r[0] == "Failed"]
    assert failed and failed[0][1] == "broken.pdf" and "damaged" in failed[0][2]
    driver.qtbot.waitUntil(lambda: len(win.navigator.model.documents()) == 1, timeout=5000)
    driver.qtbot.waitUntil(lambda: not win.task_status.isVisible(), timeout=2000)


def test_encrypted_pdf_is_retried_once_with_the_password(driver, tmp_path, corpus):
    locked = corpus / "bad_pdfs" / "pdfjs_issue6010_1_USERPW-abc.pdf"
    if not locked.is_file():
        pytest.skip("encrypted sample not in the corpus")
    root = _new_case(tmp_path)
    driver.open_case(root)
    asked = []
    driver.win.importer.ask_password = lambda count: asked.append(count) or "abc"
    with driver.qtbot.waitSignal(driver.win.importer.importFinished, timeout=60_000) as blocker:
        driver.win.import_paths([locked])
    summary = blocker.args[0]
    assert asked == [1]
    assert len(summary.imported) == 1 and not summary.failed


def test_merge_retry_replaces_only_password_failures():
    from casebook.core.imports import ImportFailure, ImportSummary

    first = ImportSummary(failed=[ImportFailure("a.pdf", "password_required", "a"), ImportFailure("b", "empty", "b")])
    retry = ImportSummary(failed=[ImportFailure("a.pdf", "wrong_password", "a: wrong password")])
    merged = merge_retry(first, retry)
    assert [(f.path, f.reason) for f in merged.failed] == [("b", "empty"), ("a.pdf", "wrong_password")]


def test_closing_the_window_while_importing_cancels_cleanly(driver, tmp_path, pdf_factory):
    root = _new_case(tmp_path)
    driver.open_case(root)
    folder = tmp_path / "many"
    for n in range(40):
        pdf_factory([f"Exhibit {n}\nPage text {k}" for k in range(30)], name=f"exhibit-{n:02}.pdf", folder=folder)
    win = driver.win
    task = win.importer.start([folder])
    driver.qtbot.waitUntil(lambda: task.latest is not None and task.latest.done >= 1, timeout=30_000)
    started = time.perf_counter()
    win.close()
    assert time.perf_counter() - started < 10
    assert task.cancelled and task.finished
    assert not win.runner.writer.isRunning() and not win.runner.reader.isRunning()
    assert not win.images.queue.isRunning()
    with open_case(root) as case:
        stored_docs = document_service.list_documents(case)
        stored = len(stored_docs)
        assert all(len(document_service.get_pages(case, d.id)) == d.page_count == 30 for d in stored_docs)
    assert 1 <= stored < 40  # some files went in, the rest were cancelled; each file whole or not at all


def test_dropping_files_on_the_window_imports_them(driver, tmp_path, pdf_factory):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    driver.open_case(_new_case(tmp_path))
    pdf = pdf_factory(["ORDER\nThe motion is granted."], name="order.pdf")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with driver.qtbot.waitSignal(driver.win.importer.importFinished, timeout=30_000) as blocker:
        driver.win.dropEvent(event)
    assert [d.path for d in blocker.args[0].imported] == [str(pdf)]


def test_new_case_and_demo_case_from_the_window(driver, tmp_path):
    win = driver.win
    with driver.qtbot.waitSignal(win.documentsLoaded, timeout=10_000):
        win.create_case(tmp_path / "fresh", "Roe v. Doe")
    assert win.case_title == "Roe v. Doe" and win.navigator.model.documents() == []
    with driver.qtbot.waitSignal(win.documentsLoaded, timeout=60_000) as blocker:
        win.build_demo_case(tmp_path / "demo")
    assert len(blocker.args[0]) == 6 and win.case_path == (tmp_path / "demo").resolve()
