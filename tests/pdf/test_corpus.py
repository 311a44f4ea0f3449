"""The public corpus: every court PDF and every bad PDF gives a document or the right ImportRejected."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from casebook.core.errors import ImportRejected, RejectReason
from casebook.pdf.extract import extract_pdf, usable_text_chars
from casebook.pdf.text import LIGATURES
from casebook.pdf.worker import PdfWorker

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="the shared corpus is not present"),
]


def _rows(folder: str) -> list[dict[str, str]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [row for row in rows if row["local_file"].startswith(folder + "/")]


def _ids(rows):
    return [Path(row["local_file"]).stem for row in rows]


COURT = _rows("court_pdfs")
BAD = _rows("bad_pdfs")
SEARCHABLE = [row for row in COURT if row["text_layer"].startswith("yes")]
SCANNED = [row for row in COURT if row["text_layer"].startswith("no")]

# What each bad file must give, read from its MANIFEST expected_behaviour (and name, for the rejections).
REJECTIONS = {
    "ZERO-BYTES": RejectReason.EMPTY,
    "MISNAMED": RejectReason.NOT_PDF,
    "UNOPENABLE": RejectReason.DAMAGED,
    "ZERO-PAGES": RejectReason.ZERO_PAGES,
    "ENCRYPTED-CORRUPT": RejectReason.ZERO_PAGES,  # owner-only encrypted, and MuPDF finds 0 pages
}


def _path(row) -> Path:
    return CORPUS / row["local_file"]


@pytest.mark.parametrize("row", SEARCHABLE, ids=_ids(SEARCHABLE))
def test_text_layer_contains_the_search_probe(row):
    document = extract_pdf(_path(row))
    assert len(document.pages) == int(row["pages"])
    text = "\n".join(page.text for page in document.pages)
    assert row["search_probe"] in text  # exact: every probe is printed with the manifest's casing
    assert document.pages_needing_ocr == 0


def _chars_by_row(pdf_page) -> dict[int, list[tuple[float, float, str]]]:
    """Every character MuPDF places on the page (box centre and text), bucketed by 10-point rows."""
    raw = pdf_page.get_text("rawdict", flags=pymupdf.TEXT_MEDIABOX_CLIP)
    rows: dict[int, list[tuple[float, float, str]]] = {}
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for char in span["chars"]:
                    x0, y0, x1, y1 = char["bbox"]
                    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                    rows.setdefault(int(cy // 10), []).append((cx, cy, char["c"]))
    return rows


def _text_under(rows, box: pymupdf.Rect) -> str:
    found = []
    for row in range(int(box.y0 // 10), int(box.y1 // 10) + 1):
        found.extend(c for cx, cy, c in rows.get(row, ()) if box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1)
    return "".join(c for c in found if not c.isspace()).translate(str.maketrans(LIGATURES))


@pytest.mark.parametrize("row", COURT, ids=_ids(COURT))
def test_offsets_match_words_and_boxes_cover_them(row):
    document = extract_pdf(_path(row))
    with pymupdf.open(_path(row)) as doc:
        for page in document.pages:
            assert [page.text[w.start : w.end] for w in page.words] == page.text.split()
            pdf_page = doc[page.number - 1]
            if pdf_page.rotation:
                continue
            rows = _chars_by_row(pdf_page)
            for word in page.words:
                box = pymupdf.Rect(word.x0 - 0.5, word.y0 - 0.5, word.x1 + 0.5, word.y1 + 0.5)
                # Compared as multisets: a superscript ("15th") falls in another row bucket.
                word_chars = Counter(page.text[word.start : word.end])
                assert not word_chars - Counter(_text_under(rows, box))


@pytest.mark.parametrize("row", SCANNED, ids=_ids(SCANNED))
def test_scanned_pages_with_only_a_header_need_ocr(row):
    document = extract_pdf(_path(row))
    assert document.pages
    assert all(page.needs_ocr for page in document.pages)


def test_mixed_file_flags_exactly_its_image_only_pages():
    (row,) = [r for r in COURT if "_MIXED" in r["local_file"]]
    document = extract_pdf(_path(row))
    flagged = [page.number for page in document.pages if page.needs_ocr]
    assert len(flagged) == 5  # "6/11 pages with >=20 chars; 5 image-only"
    assert all(usable_text_chars(document.pages[n - 1].text) == 0 for n in flagged)
    assert "CEVA Logistics" in "\n".join(page.text for page in document.pages)


def _expected_rejection(row) -> RejectReason | None:
    for marker, reason in REJECTIONS.items():
        if marker in row["local_file"]:
            return reason
    if "needs-password" in row["opens_pymupdf"]:
        return RejectReason.PASSWORD_REQUIRED
    return None


@pytest.mark.parametrize("row", BAD, ids=_ids(BAD))
def test_bad_pdf_gives_a_document_or_the_right_rejection(row):
    path = _path(row)
    expected = _expected_rejection(row)
    behaviour = row["expected_behaviour"]
    if expected is None:
        document = extract_pdf(path)
        assert len(document.pages) == int(row["pages"])
        assert document.encrypted == row["encrypted"].startswith("yes")
        assert document.has_javascript == ("DOCUMENT-JS" in path.name)
        return
    with pytest.raises(ImportRejected) as caught:
        extract_pdf(path)
    assert caught.value.reason is expected, caught.value.message
    assert path.name in caught.value.message
    if expected is RejectReason.EMPTY:
        assert "empty" in behaviour
    if expected is RejectReason.NOT_PDF:
        assert "Word 97-2003" in caught.value.message
    if expected is RejectReason.ZERO_PAGES:
        assert row["pages"] == "0"
    if expected is RejectReason.PASSWORD_REQUIRED:
        password = row["password"]
        with pytest.raises(ImportRejected) as wrong:
            extract_pdf(path, password=password + "-wrong")
        assert wrong.value.reason is RejectReason.WRONG_PASSWORD
        document = extract_pdf(path, password=password)
        assert document.encrypted and len(document.pages) == int(row["pages"])
        assert usable_text_chars(document.pages[0].text) > 0


def test_every_corpus_file_gives_the_same_outcome_through_the_worker():
    with PdfWorker() as worker:
        for row in COURT + BAD:
            path = _path(row)
            try:
                local = extract_pdf(path)
            except ImportRejected as exc:
                with pytest.raises(ImportRejected) as caught:
                    worker.extract(path)
                assert (caught.value.reason, caught.value.message) == (exc.reason, exc.message)
            else:
                assert worker.extract(path) == local, path.name
        assert worker.started == 1  # no file crashed or hung the engine


def test_352_page_book_extracts_whole_in_process_and_through_the_worker():
    (row,) = [r for r in BAD if "352-PAGES" in r["local_file"]]
    document = extract_pdf(_path(row))
    with PdfWorker() as worker:
        remote = worker.extract(_path(row))
    assert len(document.pages) == len(remote.pages) == 352
    assert document.pages_needing_ocr == 2  # "350/352 pages with >=20 chars; 2 image-only"
    assert [p.text for p in document.pages] == [p.text for p in remote.pages]
