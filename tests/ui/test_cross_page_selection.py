"""Selecting from the foot of one page to the top of the next (Shift+click) pins an excerpt without furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from casebook.core.anchoring import text_without_furniture
from casebook.services import evidence
from casebook.services.cases import create_case, open_case

STAMP = "Case 1:25-cv-01234-ABC"
NOTICE = "Generated for the Casebook tests, not a court record."


def _order_spec():
    from casebook.core.filing_spec import FilingSpec

    paragraphs = [
        " ".join(f"In finding {i}.{j} the record shows that request {100 * i + j} was answered on review day {j}, "
                 f"and the office kept its notes for entry {i}-{j} with the rest of that batch." for j in range(1, 9))
        for i in range(1, 7)
    ]
    return FilingSpec.from_dict({
        "kind": "order", "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["EXAMPLE CLINIC,"], "defendants": ["EXAMPLE AGENCY, et al.,"],
        "case_number": "1:25-cv-01234", "judge_initials": "ABC", "title": "ORDER",
        "preamble": ["Before the Court is the Clinic's motion. The Court finds and orders as follows."],
        "paragraphs": paragraphs, "closing": ["SO ORDERED."],
        "signature": ["/s/ Example Judge", "United States District Judge"],
        "ecf_document_number": "45", "filed_date": "2025-11-21", "notice": NOTICE,
    })


@pytest.fixture
def order_case(tmp_path: Path) -> Path:
    from casebook.pdf.filing_writer import write_filing
    from casebook.services.importing import import_paths

    source = tmp_path / "order.pdf"
    write_filing(_order_spec(), source)
    root = tmp_path / "case"
    with create_case(root, title="Example Clinic v. Example Agency") as case:
        assert not import_paths(case, [source]).failed
    return root


def _centre(view, page_number: int, word) -> QPoint:
    return view.point_to_view(page_number, (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2).toPoint()


def _body_word(page, which: int) -> int:
    """Index into page.words of the `which`-th body word (negative: from the end), furniture skipped."""
    body = [i for i, w in enumerate(page.words)
            if not any(a <= w.start and w.end <= b for a, b in page.furniture)]
    return body[which]


def test_shift_click_on_the_next_page_selects_across_the_break_and_pins_it(driver, order_case):
    documents = driver.open_case(order_case)
    driver.open_document(documents, "order", wait_for_page=True)
    win = driver.win
    view = win.viewer.pdf
    driver.qtbot.waitUntil(lambda: len(view.pages) >= 3 and all(p.words for p in view.pages[:3]), timeout=10_000)
    page2, page3 = view.pages[1], view.pages[2]
    start_word, end_word = _body_word(page2, -6), _body_word(page3, 4)
    viewport = view.viewport()

    view.go_to_page(2, y_points=page2.words[start_word].y0 - 40)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _centre(view, 2, page2.words[start_word]))
    view.go_to_page(3)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     _centre(view, 3, page3.words[end_word]))

    selection = view.selection()
    assert selection is not None and [r.page for r in selection.ranges] == [2, 3]
    expected_tail = text_without_furniture(page2.text, page2.furniture).split()[-6:]
    expected_head = text_without_furniture(page3.text, page3.furniture).split()[:5]
    assert selection.text.split() == expected_tail + expected_head
    assert STAMP not in selection.text and "Casebook tests" not in selection.text
    # The selection is painted on body words only: no rectangle over the stamp at the top of page 3.
    assert all(rect[1] > 50 for rect in view._selection_rects[3])

    win.activateWindow()
    view.setFocus()
    with driver.qtbot.waitSignal(win.evidence.excerptCreated, timeout=10_000) as blocker:
        win.new_excerpt_action.trigger()
    excerpt = blocker.args[0]
    assert excerpt.text.split() == expected_tail + expected_head
    assert (excerpt.anchor.span.start_page, excerpt.anchor.span.end_page) == (2, 3)
    assert set(excerpt.quads) == {2, 3} and all(q[1] > 50 for q in excerpt.quads[3])
    with open_case(order_case) as case:
        assert evidence.excerpt_citation(case, excerpt) == "Order at 2–3"
        assert evidence.excerpt_pin_cite(case, excerpt).ecf() == "ECF No. 45 at 2–3"


def test_a_plain_click_after_a_selection_starts_afresh(driver, order_case):
    documents = driver.open_case(order_case)
    driver.open_document(documents, "order", wait_for_page=True)
    view = driver.win.viewer.pdf
    driver.qtbot.waitUntil(lambda: bool(view.pages and view.pages[0].words), timeout=10_000)
    page = view.pages[0]
    first, last = _body_word(page, 0), _body_word(page, 3)
    viewport = view.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _centre(view, 1, page.words[first]))
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     _centre(view, 1, page.words[last]))
    assert view.selection() is not None and len(view.selection().text.split()) == 4
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _centre(view, 1, page.words[last]))
    assert view.selection() is None


def test_a_drag_that_ends_on_the_next_page_stamp_stays_on_its_page(driver, order_case):
    from casebook.ui.text_geometry import PageRange

    documents = driver.open_case(order_case)
    driver.open_document(documents, "order", wait_for_page=True)
    view = driver.win.viewer.pdf
    driver.qtbot.waitUntil(lambda: len(view.pages) >= 3 and all(p.words for p in view.pages[:3]), timeout=10_000)
    page2, page3 = view.pages[1], view.pages[2]
    start = page2.words[_body_word(page2, -3)].start
    view.select_ranges([PageRange(2, start, len(page2.text)), PageRange(3, 0, page3.furniture[0][1])])
    selection = view.selection()
    assert [r.page for r in selection.ranges] == [2]
    assert selection.text.split() == text_without_furniture(page2.text, page2.furniture).split()[-3:]
    assert driver.win.viewer.pin_cite(selection).startswith("Order at 2")
    assert "2–3" not in driver.win.viewer.pin_cite(selection)
