"""Fixtures for casebook.pdf tests: real PDFs built with PyMuPDF, and the shared public corpus."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pytest

PDF_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

LEFT_COLUMN = [
    "The plaintiff filed this action",
    "in the district court seeking",
    "relief under the statute.",
]
RIGHT_COLUMN = [
    "The agency moved to dismiss",
    "for lack of standing and the",
    "court granted the motion.",
]


def _save(doc: pymupdf.Document, path: Path, **options) -> Path:
    doc.save(path, **options)
    doc.close()
    return path


def make_text_pdf(path: Path, pages: list[list[str]], **save_options) -> Path:
    """One page per list of lines, set in Times at 12 pt."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=612, height=792)
        for i, line in enumerate(lines):
            page.insert_text((72, 100 + 18 * i), line, fontsize=12, fontname="tiro")
    return _save(doc, path, **save_options)


@pytest.fixture
def text_pdf(tmp_path) -> Path:
    return make_text_pdf(
        tmp_path / "order.pdf",
        [
            ["ORDER GRANTING MOTION TO DISMISS", "The motion is granted for the reasons below."],
            ["The court finds that the plaintiff lacks standing under", "Article III of the Constitution."],
        ],
    )


@pytest.fixture
def ligature_pdf(tmp_path) -> Path:
    """A page whose text uses the U+FB01 "fi" ligature glyph, as word processors emit it."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    writer = pymupdf.TextWriter(page.rect)
    writer.append((72, 100), "The \ufb01nal of\ufb01ce ruling", font=pymupdf.Font("helv"), fontsize=12)
    writer.write_text(page)
    return _save(doc, tmp_path / "ligature.pdf")


@pytest.fixture
def two_column_pdf(tmp_path) -> Path:
    """A full-width caption over two columns whose lines sit on the same baselines."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((200, 72), "OPINION OF THE COURT", fontsize=12, fontname="tiro")
    for i, (left, right) in enumerate(zip(LEFT_COLUMN, RIGHT_COLUMN, strict=True)):
        # A blank line at the same height in both columns must not interleave them.
        y = 120 + 16 * i + (30 if i == 2 else 0)
        page.insert_text((72, y), left, fontsize=11, fontname="tiro")
        page.insert_text((330, y), right, fontsize=11, fontname="tiro")
    return _save(doc, tmp_path / "two-column.pdf")


@pytest.fixture
def labelled_pdf(tmp_path) -> Path:
    """Four pages labelled i, ii, A-1, A-2, with an outline."""
    doc = pymupdf.open()
    for n in range(4):
        doc.new_page(width=612, height=792).insert_text((72, 100), f"Appendix page text number {n + 1}")
    doc.set_page_labels(
        [
            {"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
            {"startpage": 2, "prefix": "A-", "style": "D", "firstpagenum": 1},
        ]
    )
    doc.set_toc([[1, "Table of Contents", 1], [1, "Appendix", 3], [2, "Declaration", 4]])
    doc.set_metadata({"title": "Joint Appendix"})
    return _save(doc, tmp_path / "appendix.pdf")


@pytest.fixture
def mixed_pdf(tmp_path) -> Path:
    """Page 1 text; page 2 a scan (image only); page 3 blank; page 4 a scan with only an ECF header."""
    source = pymupdf.open()
    scanned = source.new_page(width=612, height=792)
    for i in range(30):
        scanned.insert_text((72, 80 + 20 * i), "Declaration of a witness, typed then scanned.", fontsize=12)
    pixmap = scanned.get_pixmap(dpi=50)

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 100), "This page has an ordinary text layer with plenty of characters.")
    doc.new_page(width=612, height=792).insert_image(pymupdf.Rect(0, 0, 612, 792), pixmap=pixmap)
    doc.new_page(width=612, height=792)
    page = doc.new_page(width=612, height=792)
    page.insert_image(pymupdf.Rect(0, 0, 612, 792), pixmap=pixmap)
    page.insert_text((72, 20), "Case 1:25-cv-01234-ABC Document 12 Filed 04/01/25 Page 4 of 4", fontsize=8)
    return _save(doc, tmp_path / "mixed.pdf")


@pytest.fixture
def user_password_pdf(tmp_path) -> Path:
    return make_text_pdf(
        tmp_path / "sealed.pdf",
        [["Sealed exhibit text under a user password."]],
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="secret",
        owner_pw="owner-secret",
    )


@pytest.fixture
def owner_only_pdf(tmp_path) -> Path:
    return make_text_pdf(
        tmp_path / "no-print.pdf",
        [["Printing is restricted but the text opens freely."]],
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        owner_pw="owner-secret",
        permissions=int(pymupdf.PDF_PERM_ACCESSIBILITY),
    )


@pytest.fixture
def javascript_pdf(tmp_path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "A form with a script attached to opening it.")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", "<</S/JavaScript/JS(app.alert\\(1\\);)>>")
    return _save(doc, tmp_path / "scripted.pdf")


@pytest.fixture
def zero_page_pdf(tmp_path) -> Path:
    path = tmp_path / "no-pages.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return path


@pytest.fixture
def docx_named_pdf(tmp_path) -> Path:
    path = tmp_path / "brief.pdf"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.fixture
def pdf_corpus() -> Path:
    if not (PDF_CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip("the shared corpus is not present")
    return PDF_CORPUS
