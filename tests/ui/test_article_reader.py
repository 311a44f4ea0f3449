"""The article reader: numbered paragraphs in the margin, selections as page-text ranges, nothing loaded."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument

from casebook.core.documents import NumberedParagraph
from casebook.core.records import PageRecord
from casebook.ui.article_view import ArticleReader, align_offsets, group_markers


def _page(text: str, paragraphs) -> PageRecord:
    return PageRecord(document_id=9, number=1, label="1", text=text, needs_ocr=False, width=0, height=0,
                      ecf_page=None, paragraphs=tuple(paragraphs))


def test_demo_article_shows_numbered_paragraphs_and_maps_selection(driver, demo_case):
    documents = driver.open_case(demo_case)
    doc = driver.open_document(documents, "article")
    reader = driver.win.viewer.article
    assert driver.win.viewer.stack.currentWidget() is reader
    page = reader.page
    numbers = [p.number for p in page.paragraphs if not p.continued]
    assert len(numbers) >= 5
    assert reader.paragraph_numbers() == numbers
    ys = [y for _, y in reader.paragraph_markers()]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    # Select the whole of paragraph 2 in the widget; the selection is that paragraph's page-text range.
    para = page.paragraphs[1]
    reader.select_offsets(para.start, para.end)
    selection = reader.selection()
    assert selection.document_id == doc.id
    (rng,) = selection.ranges
    assert (rng.start, rng.end) == (para.start, para.end)
    assert selection.text == page.text[para.start:para.end]
    assert reader.blocked_requests == []


def test_reader_never_loads_remote_or_local_resources(qtbot, tmp_path):
    secret = tmp_path / "local.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    reader = ArticleReader()
    qtbot.addWidget(reader)
    html = (f'<p data-para="1">Tracked <img src="https://tracker.example/pixel.gif"> text.</p>'
            f'<p data-para="2"><img src="file://{secret}"> <a href="https://example.com/x">link</a></p>'
            '<link rel="stylesheet" href="https://cdn.example/style.css">')
    text = "Tracked text.\n\nlink"
    reader.set_article(1, html, _page(text, [NumberedParagraph(1, 0, 13), NumberedParagraph(2, 15, 19)]))
    reader.resize(400, 300)
    reader.show()
    qtbot.waitExposed(reader)
    asked = {u.toString() for u in reader.blocked_requests}
    assert "https://tracker.example/pixel.gif" in asked
    assert any(u.endswith("local.png") for u in asked)
    # Nothing came back: the images are empty resources in the document.
    doc = reader.document()
    assert doc.resource(QTextDocument.ResourceType.ImageResource, QUrl("https://tracker.example/pixel.gif")) is None
    assert reader.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("http://example.com/a.png")) is None
    assert reader.paragraph_numbers() == [1, 2]


def test_reader_selection_by_cursor_maps_to_offsets(qtbot):
    reader = ArticleReader()
    qtbot.addWidget(reader)
    text = "First paragraph here.\n\nSecond one, with “quotes” and more."
    reader.set_article(3, "<p>First paragraph   here.</p><p>Second one, with “quotes” and <b>more</b>.</p>",
                       _page(text, [NumberedParagraph(1, 0, 21), NumberedParagraph(2, 23, len(text))]))
    doc_text = reader.document().toPlainText()
    start = doc_text.index("with")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len("with “quotes”"), QTextCursor.MoveMode.KeepAnchor)
    with qtbot.waitSignal(reader.textSelectionChanged) as blocker:
        reader.setTextCursor(cursor)
    assert blocker.args[0].text == "with “quotes”"
    reader.set_highlights("find", [(text.index("Second"), text.index("Second") + 6, "#ffff00")])
    assert len(reader.extraSelections()) == 1


def test_alignment_survives_whitespace_and_display_only_characters():
    shown = [(i, c) for i, c in enumerate("•Alpha beta") if not c.isspace()]
    positions, offsets = align_offsets(shown, "Alpha\n beta")
    assert offsets == [0, 1, 2, 3, 4, 7, 8, 9, 10]
    assert positions[0] == 1  # the bullet has no counterpart in the page text


def test_paragraphs_starting_on_one_line_share_a_margin_label():
    assert group_markers([(1, 0), (2, 20), (3, 20), (4, 41)], 10) == [(1, 1, 0), (2, 3, 20), (4, 4, 41)]
