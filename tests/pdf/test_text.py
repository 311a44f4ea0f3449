"""Page text reconstruction: reading order, offsets that match word boxes, ligatures, determinism."""

from __future__ import annotations

import pymupdf
import pytest

from casebook.pdf.text import EXTRACTOR_VERSION, normalise_word, page_text, reconstruct_page_text

# The same lines as the two_column_pdf fixture in conftest.py.
LEFT_COLUMN = [
    "The plaintiff filed this action",
    "in the district court seeking",
    "relief under the statute.",
]
RIGHT_COLUMN = ["The agency moved to dismiss", "for lack of standing and the", "court granted the motion."]


def _words(text_boxes):
    """Build get_text("words") tuples: one block per entry, words spread along each line."""
    words = []
    for block_no, (x0, y0, lines) in enumerate(text_boxes):
        for line_no, line in enumerate(lines):
            x = x0
            for word_no, word in enumerate(line.split()):
                y = y0 + 14 * line_no
                words.append((x, y, x + 6 * len(word), y + 12, word, block_no, line_no, word_no))
                x += 6 * len(word) + 4
    return words


def _check_offsets(result, expected_words=None):
    words = [result.text[s:e] for s, e in zip(result.offsets[::2], result.offsets[1::2], strict=True)]
    assert result.text.split() == words
    if expected_words is not None:
        assert words == expected_words
    assert len(result.boxes) == 4 * len(words)


def test_words_joined_by_spaces_lines_by_newlines_blocks_by_blank_lines():
    blocks = [(72, 100, ["ORDER ON MOTION", "to dismiss"]), (72, 200, ["Granted."])]
    result = reconstruct_page_text(_words(blocks))
    assert result.text == "ORDER ON MOTION\nto dismiss\n\nGranted."
    _check_offsets(result)
    boxes = result.word_boxes()
    words = ["ORDER", "ON", "MOTION", "to", "dismiss", "Granted."]
    assert [result.text[b.start : b.end] for b in boxes] == words
    assert (boxes[-1].x0, boxes[-1].y0) == (72, 200)


def test_footnote_written_first_in_the_content_stream_is_read_last():
    words = _words(
        [
            (72, 700, ["1 The footnote text."]),
            (72, 100, ["Body of the opinion.1"]),
            (72, 20, ["Case: 07-30815 Document: 5 Page: 1 Date Filed: 02/05/2010"]),
        ]
    )
    text = reconstruct_page_text(words).text
    assert text.index("Case:") < text.index("Body") < text.index("footnote")


def test_two_columns_are_read_column_by_column_even_with_aligned_gaps():
    left = [(72, 120 + 16 * i + (30 if i == 2 else 0), [line]) for i, line in enumerate(LEFT_COLUMN)]
    right = [(330, 120 + 16 * i + (30 if i == 2 else 0), [line]) for i, line in enumerate(RIGHT_COLUMN)]
    # Interleave the blocks in the stream the way a careless producer would.
    interleaved = [b for pair in zip(right, left, strict=True) for b in pair]
    blocks = [(200, 72, ["OPINION OF THE COURT"]), *interleaved]
    text = reconstruct_page_text(_words(blocks)).text
    assert text.split("\n\n") == ["OPINION OF THE COURT", *LEFT_COLUMN, *RIGHT_COLUMN]


def test_reading_order_is_deterministic_under_block_renumbering():
    blocks = [(72, 100, ["first line"]), (330, 100, ["right column"]), (72, 300, ["later line here"])]
    words = _words(blocks)
    renumbered = [(*w[:5], 2 - w[5], w[6], w[7]) for w in reversed(words)]
    renumbered.sort(key=lambda w: (w[5], w[6], w[7]))
    assert reconstruct_page_text(words).text == reconstruct_page_text(renumbered).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("of\ufb01ce", "office"),
        ("\ufb02ow", "flow"),
        ("e\ufb00ect", "effect"),
        ("tab\x00le", "table"),
        ("non-", "non-"),  # a hyphen at the end of a line stays as printed
        ("bad\ud800", "bad\ufffd"),
    ],
)
def test_normalise_word(raw, expected):
    assert normalise_word(raw) == expected


def test_empty_words_are_dropped_and_do_not_leave_double_spaces():
    words = [(0, 0, 5, 5, "a", 0, 0, 0), (6, 0, 9, 5, "\x01", 0, 0, 1), (10, 0, 15, 5, "b", 0, 0, 2)]
    result = reconstruct_page_text(words)
    assert result.text == "a b"
    _check_offsets(result, ["a", "b"])


def test_extractor_version_is_recorded_form():
    assert EXTRACTOR_VERSION.startswith("casebook-pdf/")


def _box_text(page, box):
    # Grow the box slightly: get_textbox keeps characters whose box lies mostly inside.
    return page.get_textbox(pymupdf.Rect(box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1))


def test_offsets_and_boxes_round_trip_on_a_generated_pdf(text_pdf):
    with pymupdf.open(text_pdf) as doc:
        for page in doc:
            result = page_text(page)
            boxes = result.word_boxes()
            assert boxes
            for box in boxes:
                word = result.text[box.start : box.end]
                assert word and " " not in word and "\n" not in word
                assert word in _box_text(page, box)


def test_ligature_is_expanded_and_its_box_still_covers_the_word(ligature_pdf):
    with pymupdf.open(ligature_pdf) as doc:
        page = doc[0]
        assert "\ufb01" in page.get_text(flags=pymupdf.TEXT_PRESERVE_LIGATURES)  # the file really has one
        result = page_text(page)
        assert result.text == "The final office ruling"
        office = next(b for b in result.word_boxes() if result.text[b.start : b.end] == "office")
        assert office.x1 > office.x0 > 72


def test_two_column_pdf_reads_left_column_first(two_column_pdf):
    with pymupdf.open(two_column_pdf) as doc:
        text = page_text(doc[0]).text
    positions = [text.index(line) for line in ["OPINION", *LEFT_COLUMN, *RIGHT_COLUMN]]
    assert positions == sorted(positions)


def test_rotated_page_boxes_are_in_displayed_coordinates(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 100), "Rotated exhibit")
    page.set_rotation(90)
    result = page_text(page)
    assert result.text == "Rotated exhibit"
    for box in result.word_boxes():
        assert 0 <= box.x0 < box.x1 <= page.rect.width
        assert 0 <= box.y0 < box.y1 <= page.rect.height
    # Near the displayed top right: the original top-left corner after a 90° turn.
    assert result.word_boxes()[0].x0 > page.rect.width / 2


def test_pleading_paper_line_numbers_do_not_split_sentences(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for n in range(1, 29):
        page.insert_text((40, 72 + 24 * n), str(n), fontsize=10, fontname="cour")
    body = ["Plaintiff respectfully moves the court for an order", "compelling production of the records."]
    for i, line in enumerate(body):
        # Text baselines fall between the numbers, as on real pleading paper.
        page.insert_text((90, 84 + 48 * (i + 1)), line, fontsize=12, fontname="tiro")
    text = page_text(page).text
    assert "order\ncompelling" in text or "order\n\ncompelling" in text
    assert text.index("1\n") < text.index("Plaintiff")


def test_line_end_hyphen_is_kept_as_printed(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 100), "the agreement binds every non-", fontsize=12, fontname="tiro")
    page.insert_text((72, 116), "party to the litigation", fontsize=12, fontname="tiro")
    assert page_text(page).text == "the agreement binds every non-\nparty to the litigation"
