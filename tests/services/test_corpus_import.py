"""One import run over the public court and bad-PDF corpus: text found, OCR flagged, failures explained."""

from __future__ import annotations

import pytest

from casebook.services import documents as document_service
from casebook.services.importing import import_paths
from casebook.services.verify import verify_case
from tests.conftest import corpus_manifest

pytestmark = pytest.mark.corpus

EXPECTED_FAILURES = {
    "doctor_empty_ZERO-BYTES.pdf": "empty",
    "doctor_word97-opinion_MISNAMED.pdf": "not_pdf",
    "pdfjs_poppler-742-0-fuzzed_UNOPENABLE.pdf": "damaged",
    "pdfjs_bug1020226_NO-XREF-ZERO-PAGES.pdf": "zero_pages",
    "pdfjs_issue9418_ZERO-PAGES.pdf": "zero_pages",
    "pdfjs_issue19484_1_ENCRYPTED-CORRUPT.pdf": "zero_pages",
    "pdfjs_issue6010_1_USERPW-abc.pdf": "password_required",
    "pypdf_r2-user-password_RC4-40.pdf": "password_required",
}


def _normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corpus_case(tmp_path_factory):
    from casebook.services.cases import create_case

    rows = corpus_manifest()
    from tests.conftest import CORPUS

    case = create_case(tmp_path_factory.mktemp("corpus") / "case", title="Corpus")
    summary = import_paths(case, [CORPUS / "court_pdfs", CORPUS / "bad_pdfs"])
    yield case, summary, rows
    case.close()


def test_every_readable_file_is_imported_and_every_bad_one_explained(corpus_case):
    _case, summary, rows = corpus_case
    failed = {f.path.rsplit("/", 1)[-1]: f for f in summary.failed}
    assert {name: f.reason for name, f in failed.items()} == EXPECTED_FAILURES
    for name, failure in failed.items():
        assert name in failure.message and "Traceback" not in failure.message
    pdf_rows = [r for r in rows if r["local_file"].endswith(".pdf")]
    assert len(summary.imported) == len(pdf_rows) - len(EXPECTED_FAILURES)
    assert not summary.cancelled


def test_search_probes_are_in_the_stored_page_text(corpus_case):
    case, summary, rows = corpus_case
    by_name = {d.path.rsplit("/", 1)[-1]: d for d in summary.imported}
    checked = 0
    for row in rows:
        probe, name = row["search_probe"], row["local_file"].rsplit("/", 1)[-1]
        if not probe or probe.startswith("OCR:") or not name.endswith(".pdf"):
            continue
        pages = document_service.get_pages(case, by_name[name].document_id)
        assert probe in _normalised(" ".join(p.text for p in pages)), name
        checked += 1
    assert checked >= 15


def test_scanned_pages_are_flagged_for_ocr(corpus_case):
    case, summary, rows = corpus_case
    by_name = {d.path.rsplit("/", 1)[-1]: d for d in summary.imported}
    for row in rows:
        name = row["local_file"].rsplit("/", 1)[-1]
        if row["search_probe"].startswith("OCR:"):
            pages = document_service.get_pages(case, by_name[name].document_id)
            assert all(p.needs_ocr for p in pages), name
    mixed = by_name["cl_tn-wc-claims_calderon-fuentes_expedited-hearing-order_MIXED.pdf"]
    assert mixed.pages_needing_ocr == 5
    text_only = by_name["doctor_ca1_opinion_calvary-chapel_20-1507.pdf"]
    assert text_only.pages_needing_ocr == 0
    assert summary.pages_needing_ocr >= 5 + 1 + 2 + 2


def test_verify_passes_and_a_second_run_stores_nothing_new(corpus_case):
    case, summary, _rows = corpus_case
    assert verify_case(case).ok
    documents_before = case.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    from tests.conftest import CORPUS

    again = import_paths(case, [CORPUS / "court_pdfs", CORPUS / "bad_pdfs"])
    assert again.imported == []
    assert len(again.duplicates) == len(summary.imported)
    assert not any(d.new_provenance for d in again.duplicates)
    assert case.db.execute("SELECT count(*) FROM documents").fetchone()[0] == documents_before
    assert verify_case(case).ok


def test_user_password_files_open_with_the_manifest_password(corpus_case, tmp_path):
    from casebook.services.cases import create_case
    from tests.conftest import CORPUS

    with create_case(tmp_path / "pw", title="Passwords") as case:
        wrong = import_paths(case, [CORPUS / "bad_pdfs" / "pdfjs_issue6010_1_USERPW-abc.pdf"], password="nope")
        assert [f.reason for f in wrong.failed] == ["wrong_password"]
        right = import_paths(case, [CORPUS / "bad_pdfs" / "pdfjs_issue6010_1_USERPW-abc.pdf"], password="abc")
        assert len(right.imported) == 1 and document_service.get_document(case, right.imported[0].document_id).encrypted
