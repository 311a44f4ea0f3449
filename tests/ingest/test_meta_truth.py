"""The careful reader's truth for the 20 corpus court PDFs, imported with OCR as `casebook import --ocr` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.cli.render import document_json
from casebook.services.cases import create_case
from casebook.services.documents import list_documents
from casebook.services.importing import import_paths
from casebook.services.ocr import ocr_documents
from tests.corpus import meta_truth

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not meta_truth.TRUTH.is_file(), reason="the shared corpus is not present"),
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed"),
]

COURT_PDFS = meta_truth.CORPUS / "court_pdfs"
FILING_FIELDS = tuple(f for f in meta_truth.GRADED_FIELDS if f != "parties")


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Casebook's fields for every corpus file, keyed by file name, after import and OCR of image-only pages."""
    folder: Path = tmp_path_factory.mktemp("meta-truth") / "case"
    with create_case(folder, title="Meta truth") as case:
        summary = import_paths(case, [COURT_PDFS])
        assert not summary.failed
        scanned = [d.document_id for d in summary.imported if d.pages_needing_ocr]
        ocr_documents(case, scanned)
        rows = [document_json(doc) for doc in list_documents(case)]
    ours: dict[str, dict[str, str]] = {}
    for row in rows:
        for name in row.get("original_names") or []:
            ours[name] = meta_truth.casebook_fields(row)
    return ours


def _report(result: meta_truth.Grade) -> str:
    table = ", ".join(f"{f} {result.matched[f]}/{result.total[f]}" for f in result.total)
    misses = "\n".join(" | ".join(miss) for miss in result.misses)
    return f"{result.accuracy:.1%}: {table}\n{misses}"


def test_filing_fields_match_the_careful_reader(graded: dict[str, dict[str, str]]) -> None:
    result = meta_truth.grade(meta_truth.load_truth(), graded, FILING_FIELDS)
    assert result.accuracy >= 0.95, _report(result)


def test_all_graded_fields_match_the_careful_reader(graded: dict[str, dict[str, str]]) -> None:
    result = meta_truth.grade(meta_truth.load_truth(), graded)
    assert result.accuracy >= 0.95, _report(result)


def test_no_appellate_document_id_is_an_ecf_number(graded: dict[str, dict[str, str]]) -> None:
    truth = {Path(row["local_file"]).name: row for row in meta_truth.load_truth()}
    for name, fields in graded.items():
        if truth.get(name, {}).get("appellate_doc_id"):
            assert fields["ecf_no"] == "", name
