"""casebook.pdf.ocr: Tesseract TSV parsing, merging with a text layer, the quality score, and real page OCR."""

from __future__ import annotations

import threading
import time

import pymupdf
import pytest

from casebook.core.progress import Cancelled, CancelToken
from casebook.pdf import ocr
from casebook.pdf.ocr import GOOD_QUALITY, OcrUnavailable, OcrWord, merge_words, parse_tsv, quality_score
from casebook.pdf.worker import PdfWorker
from tests.ocr.conftest import DECLARATION, ECF_STAMP, ScannedPage, make_pdf, needs_tesseract

TSV = "\n".join([
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
    "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t",
    "4\t1\t1\t1\t1\t0\t300\t400\t900\t50\t-1\t",
    "5\t1\t1\t1\t1\t1\t300\t400\t200\t50\t96.5\tDECLARATION",
    "5\t1\t1\t1\t1\t2\t520\t400\t80\t50\t91.0\tof",
    "5\t1\t1\t1\t1\t3\t620\t400\t50\t50\t95.0\t ",
    "5\t1\t1\t2\t1\t1\t300\t500\t100\t50\t40.0\tRomo",
    "5\t1\t2\t1\t1\t1\t300\t600\t100\t50\t88.0\tSigned",
])


def word(text: str, confidence: float = 95.0, x0: float = 0.0) -> OcrWord:
    return OcrWord(x0, 0.0, x0 + 10, 10.0, text, ocr._OCR_BLOCK_BASE, 0, 1, confidence)


def test_tsv_words_are_scaled_to_points_and_paragraphs_become_blocks():
    words = parse_tsv(TSV, scale_x=72 / 300, scale_y=72 / 300)
    assert [w.text for w in words] == ["DECLARATION", "of", "Romo", "Signed"]  # the blank word is dropped
    first = words[0]
    assert (first.x0, first.y0, first.x1, first.y1) == pytest.approx((72.0, 96.0, 120.0, 108.0))
    assert first.confidence == 96.5
    assert words[0].block == words[1].block != words[2].block != words[3].block
    assert words[0].line == words[1].line != words[2].line


def test_tsv_text_is_rebuilt_with_the_text_layer_rules():
    from casebook.pdf.text import reconstruct_page_text

    merged, used = merge_words([], parse_tsv(TSV, scale_x=0.24, scale_y=0.24))
    page = reconstruct_page_text(merged)
    assert used == 4
    assert page.text == "DECLARATION of\n\nRomo\n\nSigned"
    for box in page.word_boxes():
        assert page.text[box.start:box.end] in {"DECLARATION", "of", "Romo", "Signed"}


def test_ocr_words_lying_on_text_layer_words_are_dropped():
    native = [(10.0, 10.0, 60.0, 20.0, "Case", 0, 0, 0)]
    ocr_words = [
        OcrWord(11.0, 10.5, 59.0, 19.5, "Casc", ocr._OCR_BLOCK_BASE, 0, 1, 80.0),  # the stamp, read again
        OcrWord(10.0, 40.0, 60.0, 50.0, "Romo", ocr._OCR_BLOCK_BASE, 1, 1, 90.0),
    ]
    merged, used = merge_words(native, ocr_words)
    assert used == 1
    assert [w[4] for w in merged] == ["Case", "Romo"]


def test_quality_combines_confidence_and_dictionary_words():
    known = frozenset({"the", "declaration", "of", "counsel"})
    good = [word("The"), word("Declaration"), word("of"), word("counsel,"), word("12-345")]
    quality, confidence, ratio = quality_score(good, known_words=known)
    assert ratio == 1.0 and confidence == pytest.approx(0.95) and quality == pytest.approx(0.975, abs=0.001)
    junk = [word("xqzt"), word("vbnmk"), word("the")]
    quality, _, ratio = quality_score(junk, known_words=known)
    assert ratio == pytest.approx(1 / 3, abs=0.001) and quality < GOOD_QUALITY
    assert quality_score([], known_words=known) == (0.0, 0.0, None)
    # Without a word list only the confidence counts; numbers never count towards the ratio.
    assert quality_score([word("xqzt", 60.0)], known_words=None) == (0.6, 0.6, None)
    assert quality_score([word("2017")], known_words=known)[2] is None


def test_a_language_spec_must_be_well_formed():
    with pytest.raises(OcrUnavailable, match="not a Tesseract language"):
        ocr.check_language("eng; rm -rf /")


def test_missing_tesseract_is_explained(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr"):
        ocr.check_language("eng")


@needs_tesseract
def test_missing_language_data_is_explained():
    with pytest.raises(OcrUnavailable, match="no language data for zzz"):
        ocr.check_language("eng+zzz")
    assert ocr.check_language("eng") == "eng"


@needs_tesseract
def test_a_scanned_page_is_read_with_word_boxes_on_the_words(tmp_path):
    spec = ScannedPage(DECLARATION)
    path = make_pdf(tmp_path / "scan.pdf", [spec])
    with pymupdf.open(path) as doc:
        assert doc[0].get_text().strip() == ""  # a real scan: no text layer at all
    result = ocr.ocr_pdf_page(path, 1)
    text = result.text.text
    assert [line for line in text.splitlines() if line] == DECLARATION  # paragraphs may add a blank line
    assert result.quality > 0.85 and result.good
    assert result.engine.startswith("tesseract/") and "eng 300dpi" in result.engine
    assert result.ocr_words == len(spec.words) and result.native_words == 0
    boxes = result.text.word_boxes()
    assert len(boxes) == len(spec.words)
    for box, (x0, y0, x1, y1, original) in zip(boxes, spec.words, strict=True):
        assert text[box.start:box.end] == original
        # Tesseract boxes hug the ink; the font's boxes add side bearings and ascender and descender space.
        assert x0 - 1.0 <= box.x0 <= x0 + 3.0 and x1 - 3.0 <= box.x1 <= x1 + 1.0
        assert y0 - 1.0 <= box.y0 < box.y1 <= y1 + 1.0
    mean_error = sum(abs(b.x0 - w[0]) + abs(b.x1 - w[2]) for b, w in zip(boxes, spec.words, strict=True))
    assert mean_error / (2 * len(boxes)) < 1.0


@needs_tesseract
def test_text_layer_words_on_a_scan_are_kept_exactly(tmp_path):
    path = make_pdf(tmp_path / "stamped.pdf", [ScannedPage(DECLARATION[:2], native=ECF_STAMP)])
    result = ocr.ocr_pdf_page(path, 1, keep_native=True)
    assert result.text.text.splitlines()[0] == ECF_STAMP
    assert result.text.text.count("Document 12") == 1
    assert result.native_words == len(ECF_STAMP.split())
    assert "memorandum" not in result.text.text and DECLARATION[1] in result.text.text
    redone = ocr.ocr_pdf_page(path, 1, keep_native=False)
    assert redone.native_words == 0 and "Document 12" in redone.text.text


@needs_tesseract
def test_gibberish_scores_below_the_threshold(tmp_path):
    lines = ["Xqzvt brmklq wzzp trnqv plkmz", "Qwvx zzkt rrvbn mmqz xxlpt wvqk"]
    path = make_pdf(tmp_path / "junk.pdf", [ScannedPage(lines)])
    result = ocr.ocr_pdf_page(path, 1)
    assert result.dictionary_ratio is not None and result.dictionary_ratio < 0.5
    assert result.quality < GOOD_QUALITY and not result.good


@needs_tesseract
def test_ocr_runs_in_the_worker_and_a_cancel_stops_it_mid_page(tmp_path):
    dense = [f"{n}. The agency shared return information about taxpayers in every district." for n in range(1, 31)]
    path = make_pdf(tmp_path / "dense.pdf", [ScannedPage(dense)], dpi=300)
    with PdfWorker() as worker:
        worker.start()
        cancel = CancelToken()
        timer = threading.Timer(0.5, cancel.cancel)
        timer.start()
        started = time.monotonic()
        with pytest.raises(Cancelled):
            worker.ocr_page(path, 1, cancel=cancel)
        assert time.monotonic() - started < 3.0
        assert not worker.alive  # the child (and Tesseract with it) was killed
        small = make_pdf(tmp_path / "small.pdf", [ScannedPage(DECLARATION[:1])])
        assert worker.ocr_page(small, 1).text.text == DECLARATION[0]  # a fresh child takes over
