"""GUI responsiveness benchmark (a script, not a test): event-loop stalls, first page on screen, launch time.

Run:  .venv/bin/python tests/bench/bench_gui.py [--book PATH] [--platform offscreen|xcb]

Measures, with a 5 ms QTimer probe on the GUI thread (a stall is how late the probe fires; on Linux the worst
stall of each step is split into the GUI thread's own work and its wait for a CPU), on the demo case:
  * stall (max, p99) while the 352-page book is imported in the background (once the demo case, just opened,
    has been painted), then while it is indexed;
  * stall while a search is typed char by char (50 ms apart) with the book in the case, and how long after
    the last key the results were on screen;
  * stall while scrolling the whole book page by page (rendering off the GUI thread);
  * time from asking to open a document to its first page image painted on screen;
  * time from launching a fresh process to the main window shown (and painted);
  * stall while the Timeline dock is wheel-zoomed in and out around the cursor and dragged (`--timeline-only`
    runs just this step, on the demo case).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BOOK = REPO.parent / "shared" / "corpus" / "bad_pdfs" / "pdfjs_freeculture_352-PAGES.pdf"
PROBE_MS = 5


def _thread_schedstat() -> tuple[float, float] | None:
    """Linux: ms this thread has run on a CPU, and ms it has waited, ready, for one (/proc schedstat)."""
    try:
        with open("/proc/thread-self/schedstat", "rb") as f:
            ran, waited, _ = f.read().split()
        return int(ran) / 1e6, int(waited) / 1e6
    except (OSError, ValueError):
        return None


class StallProbe:
    """Fires every 5 ms; records how late each firing is (the time the event loop was busy elsewhere).

    For the worst stall it also says (on Linux) how much of it the GUI thread spent running (`worst_gui_cpu_ms`:
    the app's own work on that thread) and how much ready but waiting for a CPU (`worst_waiting_for_cpu_ms`: a
    machine busy with other processes); the rest it was blocked (the GIL, a lock).
    """

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.late: list[float] = []
        self._last = time.perf_counter()
        self._sched = _thread_schedstat()
        self._worst: tuple[float, float, float] = (0.0, 0.0, 0.0)
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        late = max(0.0, (now - self._last) * 1000 - PROBE_MS)
        self.late.append(late)
        sched = _thread_schedstat()
        if late > self._worst[0] and sched is not None and self._sched is not None:
            self._worst = (late, sched[0] - self._sched[0], sched[1] - self._sched[1])
        self._last, self._sched = now, sched

    def start(self) -> None:
        self.late.clear()
        self._worst = (0.0, 0.0, 0.0)
        self._last, self._sched = time.perf_counter(), _thread_schedstat()
        self._timer.start()

    def stop(self) -> dict:
        self._timer.stop()
        data = sorted(self.late) or [0.0]
        p99 = data[min(len(data) - 1, int(len(data) * 0.99))]
        result = {"max_ms": round(data[-1], 1), "p99_ms": round(p99, 1),
                  "median_ms": round(statistics.median(data), 1), "samples": len(data)}
        if self._sched is not None:
            result.update(worst_gui_cpu_ms=round(self._worst[1], 1), worst_waiting_for_cpu_ms=round(self._worst[2], 1))
        return result


def settle(app, seconds: float) -> None:
    """Run the event loop for `seconds` (the window finishes painting what it was just given)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def wait_for(app, predicate, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark step timed out")
        app.processEvents()
        time.sleep(0.001)


def type_search(app, win, probe: StallProbe, query: str) -> dict:
    """Type `query` into the search box one key every 50 ms; stall while typing and results latency."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = win.search_panel
    panel.query_box.clear()
    app.processEvents()
    shown: list = []
    panel.resultsShown.connect(lambda results: shown.append((time.perf_counter(), results)))
    probe.start()
    for char in query:
        QTest.keyClick(panel.query_box, char, Qt.KeyboardModifier.NoModifier)
        step_end = time.perf_counter() + 0.05
        while time.perf_counter() < step_end:
            app.processEvents()
            time.sleep(0.001)
    last_key = time.perf_counter()
    wait_for(app, lambda: shown and shown[-1][1].query == query.strip())
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:  # the results' rows are laid out and painted in here too
        app.processEvents()
        time.sleep(0.001)
    panel.resultsShown.disconnect()
    stall = probe.stop()
    stall.update(query=query, results_after_last_key_ms=round((shown[-1][0] - last_key) * 1000, 1),
                 total_hits=shown[-1][1].total, searches_shown=len(shown), late_results_dropped=panel.dropped)
    return stall


def zoom_timeline(app, win, probe: StallProbe) -> dict:
    """Wheel-zoom the Timeline dock in and out around the cursor (a notch every 16 ms), then drag across it."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtTest import QTest

    win.timeline_dock.show()
    win.timeline_dock.raise_()
    canvas = win.timeline_panel.canvas
    wait_for(app, lambda: canvas.items and canvas.isVisible() and canvas.width() > 200)
    spot = QPointF(canvas.width() * 0.4, 20)

    def pause(seconds: float = 0.016) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    pause(1.0)  # let the page view settle after the dock took its room (re-fit, re-render)
    wait_for(app, lambda: not win.runner.busy)
    probe.start()
    steps = 0
    for delta in [120] * 25 + [-120] * 40 + [120] * 15:
        event = QWheelEvent(spot, canvas.mapToGlobal(spot), QPoint(), QPoint(0, delta), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        app.sendEvent(canvas, event)
        steps += 1
        pause()
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 10))
    for x in range(200, 800, 20):  # drag to pan
        QTest.mouseMove(canvas, QPoint(x, 10))
        steps += 1
        pause()
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(800, 10))
    pause(0.2)
    stall = probe.stop()
    stall.update(steps=steps, items=len(canvas.items))
    return stall


def timeline_only() -> dict:
    """The timeline-zoom step alone, on the demo case (no book import)."""
    from PySide6.QtCore import QSettings

    from casebook.services.demo import build_demo
    from casebook.ui.app import make_application
    from casebook.ui.main_window import MainWindow

    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo-case"
        build_demo(root)
        win = MainWindow(settings=QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        win.resize(1400, 900)
        win.show()
        loaded: list = []
        win.documentsLoaded.connect(loaded.append)
        win.open_case(root)
        wait_for(app, lambda: loaded)
        result = {"timeline_zoom_stall": zoom_timeline(app, win, StallProbe())}
        win.close()
    return result


def in_process(book: Path) -> dict:
    from PySide6.QtCore import QSettings

    from casebook.services.demo import build_demo
    from casebook.ui.app import make_application
    from casebook.ui.main_window import MainWindow

    app = make_application()
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        root = tmp_path / "demo-case"
        build_demo(root)
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        win = MainWindow(settings=settings)
        win.importer.show_dialogs = False
        win.resize(1400, 900)
        win.show()
        loaded: list = []
        win.documentsLoaded.connect(lambda docs: loaded.append(docs))
        win.open_case(root)
        wait_for(app, lambda: loaded)
        settle(app, 0.5)  # the demo's first paint in every dock is opening the case, not importing the book

        summaries: list = []
        win.importer.importFinished.connect(summaries.append)
        probe = StallProbe()
        probe.start()
        started = time.perf_counter()
        win.import_paths([book])
        wait_for(app, lambda: summaries, timeout=600)
        results["import_seconds"] = round(time.perf_counter() - started, 2)
        results["import_stall"] = probe.stop()
        probe.start()  # the window indexes the new pages on the writer thread once the import is done
        started = time.perf_counter()
        app.processEvents()
        wait_for(app, lambda: not win.runner.busy, timeout=600)
        results["index_seconds"] = round(time.perf_counter() - started, 2)
        results["index_stall"] = probe.stop()
        results["search_typing_stall"] = [type_search(app, win, probe, q)
                                          for q in ("copyright law", "taxpayer data", "Romo~ w/5 declaration")]
        summary = summaries[0]
        assert summary.imported, summary.failed
        document_id = summary.imported[0].document_id
        wait_for(app, lambda: len(loaded) >= 2)

        shown: list = []
        ready: list = []
        win.viewer.pdf.firstPageShown.connect(lambda doc: shown.append(time.perf_counter()))
        win.documentReady.connect(lambda doc: ready.append(time.perf_counter()))
        started = time.perf_counter()
        win.open_document(document_id)
        wait_for(app, lambda: shown)
        results["open_to_first_page_ms"] = round((shown[0] - started) * 1000, 1)
        wait_for(app, lambda: ready)
        results["open_to_words_ready_ms"] = round((ready[0] - started) * 1000, 1)

        view = win.viewer.pdf
        renders_before = win.images.queue.renders
        probe.start()
        started = time.perf_counter()
        for number in range(1, len(view.pages) + 1):  # a page every ~16 ms, like a held Page Down key
            view.go_to_page(number)
            step_end = time.perf_counter() + 0.016
            while time.perf_counter() < step_end:
                app.processEvents()
                time.sleep(0.001)
        results["scroll_stall"] = probe.stop()
        results["scroll_seconds"] = round(time.perf_counter() - started, 2)
        results["scroll_renders"] = win.images.queue.renders - renders_before
        results["pages"] = len(view.pages)

        shown.clear()
        demo_doc = next(d for d in loaded[-1] if d.id == document_id)
        win.viewer.clear()
        started = time.perf_counter()
        win.open_document(demo_doc.id)
        wait_for(app, lambda: shown)
        results["reopen_to_first_page_ms"] = round((shown[0] - started) * 1000, 1)
        results["timeline_zoom_stall"] = zoom_timeline(app, win, probe)
        win.close()
    return results


def child_launch() -> None:
    """Runs in a fresh process: build the app and window, report when the window has painted."""
    from PySide6.QtCore import QSettings, QTimer

    from casebook.ui.app import create_main_window, make_application

    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        win = create_main_window(settings=settings, offer_demo=False)
        win.show()

        def shown() -> None:
            print("SHOWN", time.time(), flush=True)
            win.close()
            app.quit()

        QTimer.singleShot(0, shown)
        app.exec()


def launch_time() -> dict:
    times = []
    for _ in range(3):
        started = time.time()
        out = subprocess.run([sys.executable, __file__, "--launch-child"], capture_output=True, text=True,
                             timeout=120, env=os.environ.copy())
        line = next(x for x in out.stdout.splitlines() if x.startswith("SHOWN"))
        times.append((float(line.split()[1]) - started) * 1000)
    return {"launch_to_window_ms_runs": [round(t) for t in times], "launch_to_window_ms_best": round(min(times))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=BOOK)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument("--launch-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--timeline-only", action="store_true", help="Only the timeline-zoom step, on the demo.")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    if args.launch_child:
        child_launch()
        return
    if args.timeline_only:
        for key, value in timeline_only().items():
            print(f"{key:>26}: {value}")
        return
    if not args.book.is_file():
        sys.exit(f"{args.book}: not found (the shared corpus is needed)")
    results = in_process(args.book)
    results.update(launch_time())
    results["platform"] = args.platform
    for key, value in results.items():
        if isinstance(value, list):
            for item in value:
                print(f"{key:>26}: {item}")
        else:
            print(f"{key:>26}: {value}")


if __name__ == "__main__":
    main()
