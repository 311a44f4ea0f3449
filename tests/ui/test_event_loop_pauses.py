"""What keeps the GUI thread from pausing: collections skip start-up objects, result rows keep one width."""

from __future__ import annotations

import gc

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from casebook.core.search import SearchHit, Snippet
from casebook.ui.collector import is_settled, settle_long_lived_objects


def test_start_up_objects_are_left_out_of_garbage_collections(window):
    from casebook.ui.main_window import MainWindow
    from casebook.ui.search_panel import SearchPanel

    walked = gc.get_objects()  # what a full collection walks: the permanent generation is not in it
    for made_at_start_up in (MainWindow.__init__, SearchPanel._show, MainWindow):
        assert not any(obj is made_at_start_up for obj in walked)
    assert not settle_long_lived_objects("start-up")  # once per process: later garbage is not kept for good


def test_the_first_case_opened_is_settled_once_listed(driver, demo_case):
    driver.open_case(demo_case)
    driver.qtbot.waitUntil(lambda: is_settled("case"), timeout=5000)
    assert not settle_long_lived_objects("case")


def _hit(number: int) -> SearchHit:
    text = "The agency relied on the declaration of the records officer. " * 3
    return SearchHit(document_id=1, page_number=number, page_label=str(number), paragraph=None, score=1.0,
                     title=f"Declaration {number}", kind="declaration", date=None,
                     snippets=[Snippet(text, [(4, 10)], 0, len(text))])


def test_result_rows_keep_their_width_when_the_scroll_bar_appears(window):
    panel = window.search_panel
    window.search_dock.show()
    delegate = panel.view.itemDelegate()
    panel.model.set_hits([_hit(1)])
    window.repaint()
    assert not panel.view.verticalScrollBar().isVisible()
    alone = delegate._width(QStyleOptionViewItem())
    panel.model.set_hits([_hit(n) for n in range(1, 40)])
    for _ in range(100):
        if panel.view.verticalScrollBar().isVisible():
            break
        QTest.qWait(20)
    assert panel.view.verticalScrollBar().isVisible()
    assert delegate._width(QStyleOptionViewItem()) == alone  # so no row is laid out twice
