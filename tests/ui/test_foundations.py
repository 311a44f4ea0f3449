"""The pieces under the widgets: task runner, render queue, cache, geometry, settings, and the CLI seam."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from casebook.core.documents import WordBox
from casebook.core.errors import CaseError
from casebook.core.progress import ProgressUpdate
from casebook.ui import settings as user_settings
from casebook.ui.render_queue import ImageCache, RenderKey, RenderQueue, RenderRequest
from casebook.ui.tasks import TaskRunner, readable_error
from casebook.ui.text_geometry import find_in_text, nearest_word, rects_for_range, word_at
from casebook.ui.viewer import page_for_label


def test_runner_delivers_results_and_readable_errors_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    try:
        def job(case, *, progress, cancel):
            progress(ProgressUpdate(1, 2, "halfway"))
            return case

        with qtbot.waitSignal(runner.taskFinished, timeout=5000) as blocker:
            results = []
            runner.run_write("job", job, on_done=results.append)
        assert results == [None] and blocker.args[1] is None

        def broken(case, **_):
            raise CaseError("/tmp/x: no such case folder")

        with qtbot.waitSignal(runner.errorRaised, timeout=5000) as blocker:
            runner.run_write("Opening", broken)
        assert blocker.args == ["Opening", "/tmp/x: no such case folder"]
    finally:
        assert runner.shutdown(timeout_ms=5000)


def test_readable_error_names_unexpected_failures():
    assert readable_error(ValueError("bad")) == "Unexpected error (ValueError): bad"
    assert readable_error(FileNotFoundError(2, "No such file", "/x.pdf")) == "/x.pdf: No such file"


def test_render_queue_latest_request_wins():
    queue = RenderQueue()  # not started: we only look at what is pending
    a = [RenderRequest(RenderKey(1, n, 1.0), None) for n in range(1, 6)]
    queue.request("view", a)
    queue.request("view", a[3:])
    queue.request("thumbs", a[:1])
    assert queue._pending["view"] == a[3:] and queue._pending["thumbs"] == a[:1]
    assert queue._next() == a[3]  # the view channel is served before thumbnails


def test_image_cache_keeps_within_budget_and_finds_nearest_zoom():
    def image():
        img = QImage(100, 100, QImage.Format.Format_RGB32)
        img.fill(0)
        return img

    cache = ImageCache(budget=3 * 100 * 100 * 4)
    for zoom in (1.0, 2.0, 3.0, 4.0):
        cache.put(RenderKey(1, 1, zoom), image())
    assert RenderKey(1, 1, 1.0) not in cache and cache.bytes_used <= cache.budget
    assert cache.nearest(1, 1, 2.2) is cache.get(RenderKey(1, 1, 2.0))
    cache.drop_document(1)
    assert cache.bytes_used == 0


def test_word_geometry():
    words = [WordBox(10, 10, 40, 20, 0, 5), WordBox(45, 10, 80, 20, 6, 11), WordBox(10, 30, 50, 40, 12, 17)]
    assert word_at(words, 50, 15) == 1 and word_at(words, 200, 200) is None
    assert nearest_word(words, 100, 16) == 1 and nearest_word(words, 5, 38) == 2
    assert rects_for_range(words, 0, 11) == [(10, 10, 80, 20)]
    assert rects_for_range(words, 3, 14) == [(10, 10, 80, 20), (10, 30, 50, 40)]
    assert find_in_text("The IRS  shared\ndata; the irs", "irs shared") == [(4, 15)]
    assert len(find_in_text("The IRS and the irs", "IRS")) == 2


def test_page_for_label():
    class P:
        def __init__(self, number, label):
            self.number, self.label = number, label

    pages = [P(1, "i"), P(2, "ii"), P(3, "1"), P(4, "2")]
    assert page_for_label(pages, "II") == 2
    assert page_for_label(pages, "1") == 3  # the printed label wins over the position
    assert page_for_label(pages, "4") == 4
    assert page_for_label(pages, "x") is None


def test_recent_cases_are_remembered(settings, tmp_path):
    for n in range(12):
        user_settings.add_recent_case(settings, tmp_path / f"case-{n}")
    recent = user_settings.recent_cases(settings)
    assert recent[0] == tmp_path / "case-11" and len(recent) == user_settings.MAX_RECENT
    user_settings.add_recent_case(settings, tmp_path / "case-5")
    assert user_settings.recent_cases(settings)[0] == tmp_path / "case-5"
    assert user_settings.last_case(settings) == tmp_path / "case-5"


def test_window_layout_and_case_are_saved_on_close(driver, demo_case, settings):
    assert not driver.win.undo_action.isEnabled() and not driver.win.redo_action.isEnabled()  # no case yet
    driver.open_case(demo_case)
    # The demo's last edit is offered for undo, named as the history records it.
    driver.qtbot.waitUntil(lambda: driver.win.undo_action.isEnabled(), timeout=5000)
    assert driver.win.undo_action.text() == "&Undo Link excerpt 10 to claim 3 (supports)"
    assert not driver.win.redo_action.isEnabled()
    driver.win.close()
    assert settings.value("window/state") is not None and settings.value("window/geometry") is not None
    assert user_settings.last_case(settings) == demo_case.resolve()


def test_cli_imports_without_pyside6_and_registers_app():
    code = ("import sys; sys.modules['PySide6'] = None\n"
            "import click\n"
            "from casebook.cli.main import cli\n"
            "ctx = click.Context(cli)\n"
            "assert 'app' in cli.list_commands(ctx) and cli.get_command(ctx, 'app') is not None\n"
            "assert not any(m.startswith('casebook.ui') for m in sys.modules)\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_highlight_colours_are_read_the_css_way():
    from casebook.ui.theme import css_colour

    colour = css_colour("#ffd54a80")
    assert (colour.red(), colour.green(), colour.blue(), colour.alpha()) == (0xFF, 0xD5, 0x4A, 0x80)
    assert css_colour("#3874f2").alpha() == 255


def test_render_worker_renders_in_a_child_and_reports_failures(tmp_path, pdf_factory):
    import pytest

    from casebook.services.viewing import RenderError, RenderWorker

    pdf = pdf_factory(["Page one text", "Page two text"])
    worker = RenderWorker(timeout=30)
    try:
        page = worker.render(pdf, 2, 0.5)
        assert (page.width, page.height) == (306, 396) and len(page.samples) == page.stride * page.height
        assert min(page.samples) < 100  # some dark pixels: the text was drawn
        with pytest.raises(RenderError, match="no page 3"):
            worker.render(pdf, 3, 0.5)
        with pytest.raises(RenderError):
            worker.render(tmp_path / "missing.pdf", 1, 1.0)
        corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus"
        locked = corpus / "bad_pdfs" / "pdfjs_issue6010_1_USERPW-abc.pdf"
        if locked.is_file():
            with pytest.raises(RenderError) as info:
                worker.render(locked, 1, 0.5)
            assert info.value.needs_password
            assert worker.render(locked, 1, 0.5, password="abc").width > 0
        assert worker.started == 1  # errors are reported without restarting the child
    finally:
        worker.close()


def test_jobs_submitted_after_shutdown_never_run(qtbot):
    runner = TaskRunner()
    assert runner.shutdown(timeout_ms=5000) and runner.stopped
    ran = []
    task = runner.run_read("late timer", lambda case, **_: ran.append(case), on_done=ran.append)
    qtbot.wait(100)
    assert ran == [] and task.cancelled and task.finished
