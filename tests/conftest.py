"""Shared fixtures: real PDFs generated with PyMuPDF, temporary cases, and the public corpus location."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")


def write_pdf(path: Path, pages: list[str], *, title: str = "") -> Path:
    """Write a simple text PDF, one string per page (lines split on newlines)."""
    import pymupdf

    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=612, height=792)
        y = 72
        for line in text.splitlines():
            page.insert_text((72, y), line, fontsize=11, fontname="tiro")
            y += 16
    if title:
        doc.set_metadata({"title": title})
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def pdf_factory(tmp_path):
    counter = iter(range(1, 10_000))

    def make(pages: list[str] | None = None, *, name: str | None = None, folder: Path | None = None) -> Path:
        n = next(counter)
        target = (folder or tmp_path) / (name or f"filing-{n}.pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_pdf(target, pages or [f"Sample filing number {n}\n1. The first numbered paragraph."])

    return make


@pytest.fixture
def case(tmp_path):
    from casebook.services.cases import create_case

    store = create_case(tmp_path / "case", title="Test v. Case")
    yield store
    store.close()


@pytest.fixture
def new_case(tmp_path):
    """Make one or more empty cases by name (closed after the test)."""
    from casebook.services.cases import create_case

    cases = []

    def make(name: str = "case"):
        store = create_case(tmp_path / name, title="Roe v. Agency")
        cases.append(store)
        return store

    yield make
    for store in cases:
        store.close()


def import_one(case, path: Path, *, ocr: bool = False) -> int:
    """Import one file (it must import cleanly) and, if asked, OCR it; returns its document id."""
    from casebook.services.importing import import_paths

    summary = import_paths(case, [path])
    assert not summary.failed, summary.failed
    document_id = summary.imported[0].document_id
    if ocr:
        from casebook.services.ocr import ocr_documents

        ocr_documents(case, [document_id])
    return document_id


def corpus_manifest() -> list[dict[str, str]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        pytest.skip("the shared corpus is not present")
    with manifest.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not present")
    return CORPUS
