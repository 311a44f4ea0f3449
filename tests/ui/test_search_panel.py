"""The search panel: results as you type (latest wins), hits highlighted in the viewer, facets, paging, saved."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from casebook.core.search import SearchResults
from casebook.ui.search_models import HitRole, snippet_html
from casebook.ui.text_geometry import rects_for_range


def _search(driver, text: str) -> SearchResults:
    panel = driver.win.search_panel
    with driver.qtbot.waitSignal(panel.resultsShown, timeout=10_000) as blocker:
        panel.query_box.setText(text)
    return blocker.args[0]


def _click(view, row: int) -> None:
    deadline = time.monotonic() + 5
    # Result rows are laid out a few per turn of the event loop: click the row once it is on screen.
    while view.visualRect(view.model().index(row, 0)).height() < 10 and time.monotonic() < deadline:
        QTest.qWait(10)
    rect = view.visualRect(view.model().index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def test_clicking_a_hit_opens_its_page_with_the_hit_highlighted(driver, demo_case):
    driver.open_case(demo_case)
    win = driver.win
    results = _search(driver, "47,000")
    panel = win.search_panel
    pages = [h for h in panel.model.hits() if h.unit_type == "page"]
    excerpts = [h for h in panel.model.hits() if h.unit_type == "excerpt"]
    assert len(pages) == 4 and len(excerpts) == 3  # the demo's three excerpts that quote the figure
    assert results.total == 7 and panel.model.rowCount() == 7
    assert not any(h.unit_type == "claim" for h in panel.model.hits())
    row = next(r for r, hit in enumerate(panel.model.hits()) if hit.kind == "declaration" and hit.unit_type == "page")
    hit = panel.model.index(row, 0).data(HitRole)
    assert hit.page_number == 2 and hit.hit_ranges
    with driver.qtbot.waitSignal(win.documentReady, timeout=10_000):
        _click(panel.view, row)
    view = win.viewer.pdf
    driver.qtbot.waitUntil(lambda: bool(view.highlights("search")), timeout=5000)
    assert win.viewer.view.record.id == hit.document_id
    assert view.current_page == 2
    marks = view.highlights("search")
    assert [m.page for m in marks] == [2] * len(hit.hit_ranges)
    page = view.pages[1]
    for mark, (start, end) in zip(marks, hit.hit_ranges, strict=True):
        assert page.text[start:end].replace(",", "") == "47000"
        assert list(mark.rects) == rects_for_range(page.words, start, end) and mark.rects
    # The excerpts of the page are highlighted too, green for those that support a claim.
    assert any(h.page == 2 and h.colour.startswith("#2e9d4a") for h in view.highlights("excerpts"))
    panel.query_box.clear()  # a cleared search takes its highlights with it
    driver.qtbot.waitUntil(lambda: not view.highlights("search"), timeout=2000)


def test_clicking_an_article_hit_scrolls_to_its_paragraph_and_highlights_it(driver, demo_case):
    driver.open_case(demo_case)
    win = driver.win
    _search(driver, "disposal")
    panel = win.search_panel
    row, hit = next((r, h) for r, h in enumerate(panel.model.hits()) if h.unit_type == "page")
    assert hit.kind == "article" and hit.paragraph == 6  # Plains Public Radio's sixth body paragraph
    with driver.qtbot.waitSignal(win.documentReady, timeout=10_000):
        _click(panel.view, row)
    reader = win.viewer.article
    driver.qtbot.waitUntil(lambda: "search" in reader._layers, timeout=5000)
    (selection,) = reader._layers["search"]
    start, end = hit.hit_ranges[0]
    assert selection.cursor.selectedText() == reader.page.text[start:end]
    assert reader.page.text[start:end].startswith("dispos")  # the index stems: "disposal" finds "dispose"
    assert reader.textCursor().position() == reader.position_for_offset(start)


def test_typing_quickly_runs_one_search_for_the_last_text(driver, demo_case):
    driver.open_case(demo_case)
    panel = driver.win.search_panel
    shown = []
    panel.resultsShown.connect(shown.append)
    QTest.keyClicks(panel.query_box, "taxpayer")  # faster than the 200 ms pause that starts a search
    driver.qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    driver.qtbot.wait(400)
    assert [r.query for r in shown] == ["taxpayer"]
    assert panel.model.rowCount() == min(25, shown[0].total)


def test_late_results_of_an_older_query_are_dropped(driver, demo_case):
    driver.open_case(demo_case)
    panel = driver.win.search_panel
    from casebook.services.ui_support import IndexReader

    real = IndexReader()
    started = threading.Event()

    class SlowFirst:
        """The first query takes long, as on a huge case; the newer ones come back quickly."""

        def search(self, case, query, **kwargs):
            if query == "romo":
                started.set()
                time.sleep(0.4)
            return real.search(case, query, **kwargs)

        def close(self):
            real.close()

    panel._reader = SlowFirst()
    shown = []
    panel.resultsShown.connect(shown.append)
    panel.query_box.setText("romo")
    panel.search_now()
    assert started.wait(5)  # running on the reader thread: it cannot be cancelled, only ignored
    for text in ("ice", "data", "disposal"):
        panel.query_box.setText(text)
        panel.search_now()
    driver.qtbot.waitUntil(lambda: bool(shown) and panel._task is None, timeout=10_000)
    driver.qtbot.wait(300)
    assert [r.query for r in shown] == ["disposal"]
    assert panel.dropped == 1  # "romo" came back late; "ice" and "data" never ran
    assert all(hit.snippets for hit in panel.model.hits())
    assert "dispos" in panel.model.hits()[0].snippets[0].text.lower()


def test_facets_filter_and_more_pages(driver, demo_case):
    driver.open_case(demo_case)
    panel = driver.win.search_panel
    results = _search(driver, "taxpayer")
    kinds = panel.facet_boxes["kind"]
    offered = {kinds.itemData(i): kinds.itemText(i) for i in range(1, kinds.count())}
    assert offered["article"] == f"article ({results.facets['kind']['article']})"
    with driver.qtbot.waitSignal(panel.resultsShown, timeout=10_000) as blocker:
        kinds.setCurrentIndex(kinds.findData("declaration"))
    filtered = blocker.args[0]
    assert filtered.total == results.facets["kind"]["declaration"]
    assert {hit.kind for hit in panel.model.hits()} == {"declaration"}
    with driver.qtbot.waitSignal(panel.resultsShown, timeout=10_000):
        kinds.setCurrentIndex(0)
    assert panel.model.rowCount() == 25 and panel.more_button.isVisible() == (results.total > 25)
    if results.total > 25:
        with driver.qtbot.waitSignal(panel.resultsShown, timeout=10_000):
            panel.more_button.click()
        assert panel.model.rowCount() == min(50, results.total)
        keys = [h.unit for h in panel.model.hits()]
        assert len(set(keys)) == len(keys)


def test_query_errors_are_explained_in_the_panel(driver, demo_case):
    driver.open_case(demo_case)
    panel = driver.win.search_panel
    panel.query_box.setText("kind:")
    driver.qtbot.waitUntil(lambda: panel.status.text().startswith("Cannot search"), timeout=10_000)
    assert "needs a value" in panel.status.text() and panel.model.rowCount() == 0
    assert "w/5" in panel.query_box.toolTip()
    panel.show_help()
    assert "kind:declaration" in panel.help_box.informativeText()
    panel.help_box.close()


def test_saved_searches_are_kept_per_case(driver, demo_case, settings):
    driver.open_case(demo_case)
    panel = driver.win.search_panel
    _search(driver, "Romo")
    kinds = panel.facet_boxes["kind"]
    with driver.qtbot.waitSignal(panel.resultsShown, timeout=10_000):
        kinds.setCurrentIndex(kinds.findData("article"))
    saved = panel.save_search("Romo in the press")
    assert saved.kind == "article" and saved.query == "Romo"
    panel.query_box.setText("")
    kinds.setCurrentIndex(0)
    panel.set_case(demo_case.resolve())  # as reopening the case does
    assert [s.name for s in panel.saved_searches()] == ["Romo in the press"]
    with driver.qtbot.waitSignal(panel.resultsShown, timeout=10_000) as blocker:
        panel.apply_saved(panel.saved_searches()[0])
    assert blocker.args[0].query == "Romo" and {h.kind for h in panel.model.hits()} == {"article"}
    panel.delete_saved("Romo in the press")
    assert panel.saved_searches() == []


def test_snippets_escape_document_text_and_mark_hits():
    from casebook.core.search import Snippet

    html = snippet_html(Snippet("IRS & <ICE>  data", [(7, 10)], 0, 17))
    assert html == '…IRS &amp; &lt;<span style="background-color:#ffd54a; color:#000000; font-weight:bold">ICE</span>' \
        '&gt; data…'
