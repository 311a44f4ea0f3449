"""The main window on the demo case: navigator, rendering, selection by mouse, copy, find, page labels, zoom."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest


def _phrase_words(page, phrase: str) -> tuple[int, int]:
    start = page.text.index(phrase)
    end = start + len(phrase)
    indices = [i for i, w in enumerate(page.words) if w.start >= start and w.end <= end]
    return indices[0], indices[-1]


def _centre(view, page_number: int, word) -> QPoint:
    return view.point_to_view(page_number, (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2).toPoint()


def test_navigator_lists_the_demo_documents_by_kind(driver, demo_case):
    documents = driver.open_case(demo_case)
    nav = driver.win.navigator
    assert len(documents) == 6
    assert {d.id for d in nav.model.documents()} == {d.id for d in documents}
    groups = [nav.model.index(r, 0).data() for r in range(nav.model.rowCount())]
    assert groups[0].startswith("Complaints") and any(g.startswith("Articles (2)") for g in groups)
    nav.filter_box.setText("romo")
    visible = [nav.proxy.index(r, 0).data() for r in range(nav.proxy.rowCount())]
    assert visible == ["Declarations (1)"]
    assert "Casebook" in driver.win.windowTitle() and "Taxpayer" in driver.win.windowTitle()


def test_opening_the_declaration_shows_page_one_rendered(driver, demo_case):
    documents = driver.open_case(demo_case)
    doc = driver.open_document(documents, "declaration", wait_for_page=True)
    view = driver.win.viewer.pdf
    assert view.document_id == doc.id and view.current_page == 1
    image = view.viewport().grab().toImage()
    rect = view.page_rect(0).toRect().intersected(view.viewport().rect())
    dark = sum(1 for x in range(rect.left(), rect.right(), 3) for y in range(rect.top(), rect.bottom(), 3)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 200  # text is drawn on the page, not a blank placeholder
    rows = dict(driver.win.inspector.model.rows())
    assert rows["SHA-256"] == doc.sha256 and rows["Kind"] == "declaration"
    assert driver.win.viewer.page_box.text() == "1"


def test_dragging_over_words_selects_their_text_and_copy_adds_the_pin_cite(driver, demo_case):
    documents = driver.open_case(demo_case)
    driver.open_document(documents, "declaration", wait_for_page=True)
    view = driver.win.viewer.pdf
    page = view.pages[0]
    first, last = _phrase_words(page, "Chief Risk and Oversight Officer")
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _centre(view, 1, page.words[first]))
    QTest.mouseMove(viewport, _centre(view, 1, page.words[(first + last) // 2]))
    QTest.mouseMove(viewport, _centre(view, 1, page.words[last]))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       _centre(view, 1, page.words[last]))
    selection = view.selection()
    assert selection is not None
    assert selection.text == "Chief Risk and Oversight Officer"
    (only,) = selection.ranges
    assert page.text[only.start:only.end] == selection.text and only.page == 1

    view.pin_cite = lambda sel: f"Romo Decl. at {sel.first_page}"
    view.setFocus()
    QTest.keySequence(view, "Ctrl+C")
    assert QGuiApplication.clipboard().text() == "Chief Risk and Oversight Officer\nRomo Decl. at 1"


def test_find_in_document_highlights_every_match_with_word_boxes(driver, demo_case):
    documents = driver.open_case(demo_case)
    driver.open_document(documents, "declaration", wait_for_page=True)
    viewer = driver.win.viewer
    expected = sum(p.text.lower().count("memorandum") for p in viewer.view.pages)
    viewer.open_find()
    viewer.find_box.setText("memorandum")
    marks = viewer.pdf.highlights("find")
    assert expected > 1 and len(marks) == expected
    assert all(m.rects and all(r[2] > r[0] and r[3] > r[1] for r in m.rects) for m in marks)
    assert viewer.find_status.text() == f"1 of {expected}"
    viewer.find_next()
    assert viewer.find_status.text() == f"2 of {expected}"
    (current,) = viewer.pdf.highlights("find-current")
    assert current.rects == marks[1].rects
    viewer.close_find()
    assert viewer.pdf.highlights("find") == []


def test_page_labels_zoom_and_fit(driver, demo_case):
    documents = driver.open_case(demo_case)
    driver.open_document(documents, "complaint", wait_for_page=True)
    viewer = driver.win.viewer
    assert viewer.go_to_label("3")
    assert viewer.pdf.current_page == 3
    assert not viewer.go_to_label("xiv")
    viewer.apply_zoom_text("200%")
    assert round(viewer.pdf.zoom_percent) == 200 and viewer.pdf.current_page == 3
    assert viewer.zoom_box.currentText() == "200%"
    viewer.apply_zoom_text("Fit page")
    page_rect = viewer.pdf.page_rect(viewer.pdf.current_page - 1)
    assert page_rect.height() <= viewer.pdf.viewport().height()
    viewer.apply_zoom_text("Fit width")
    assert abs(viewer.pdf.page_rect(0).width() - (viewer.pdf.viewport().width() - 24)) < 2
