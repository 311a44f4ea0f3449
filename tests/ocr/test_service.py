"""casebook.services.ocr: scanned pages become stored, analysed, indexed text; excerpts follow; cancel is clean."""

from __future__ import annotations

import pytest

from casebook.core.progress import CancelToken
from casebook.pdf.ocr import GOOD_QUALITY
from casebook.services import documents as document_service
from casebook.services.evidence import add_excerpt_by_quote, get_excerpt
from casebook.services.ocr import ocr_documents
from casebook.services.search import search, sync_index
from casebook.store import audit, outbox
from casebook.store import ocr as ocr_store
from tests.ocr.conftest import DECLARATION, ECF_STAMP, SECOND_PAGE, ScannedPage, import_one, make_pdf, needs_tesseract

pytestmark = needs_tesseract

COVER = ["EXHIBIT LIST", "Exhibit A is the declaration of Maria Romo."]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A text cover page, then two scanned pages (ECF stamp and numbered paragraphs), OCRed once."""
    from casebook.services.cases import create_case

    folder = tmp_path_factory.mktemp("mixed")
    specs = [ScannedPage(COVER, text_layer=True), ScannedPage([ECF_STAMP, *DECLARATION]), ScannedPage(SECOND_PAGE)]
    path = make_pdf(folder / "romo-declaration.pdf", specs)
    case = create_case(folder / "case", title="Roe v. Agency")
    document_id = import_one(case, path)
    sync_index(case)
    excerpt = add_excerpt_by_quote(case, document_id, "declaration of Maria Romo", page=1)
    before = document_service.get_document(case, document_id)
    updates = []
    report = ocr_documents(case, progress=updates.append)
    queued = [item.document_id for item in outbox.pending(case.db, ops=("index_document",))]
    yield {"case": case, "id": document_id, "specs": specs, "excerpt": excerpt, "before": before,
           "report": report, "updates": updates, "queued": queued}
    case.close()


def test_scanned_pages_get_ocr_text_and_lose_their_flag(mixed):
    case, document_id = mixed["case"], mixed["id"]
    assert mixed["before"].pages_needing_ocr == 2
    report = mixed["report"]
    assert not report.cancelled and report.failed_pages == 0
    [result] = report.documents
    assert [p.number for p in result.pages] == [2, 3]
    assert all(p.quality >= GOOD_QUALITY and not p.needs_ocr for p in result.pages)
    pages = document_service.get_pages(case, document_id, with_words=True)
    assert [p.text_source for p in pages] == ["pdf", "ocr", "ocr"]
    assert pages[0].ocr_quality is None and all(p.ocr_quality > 0.85 for p in pages[1:])
    assert not any(p.needs_ocr for p in pages)
    assert document_service.get_document(case, document_id).pages_needing_ocr == 0
    assert [line for line in pages[0].text.splitlines() if line] == COVER  # the text layer page is untouched
    for line in DECLARATION:
        assert line in pages[1].text
    for page in pages[1:]:
        for box in page.words:
            assert page.text[box.start:box.end].strip() == page.text[box.start:box.end] != ""
    engines = {info.ocr_engine for info in ocr_store.page_info(case.db, document_id)}
    assert engines == {None, report.engine} and report.engine.startswith("tesseract/")


def test_filing_analysis_runs_on_the_ocr_text(mixed):
    case, document_id = mixed["case"], mixed["id"]
    pages = document_service.get_pages(case, document_id)
    assert pages[1].ecf_page == 1
    assert [p.number for p in pages[1].paragraphs] == [1, 2, 3]
    assert [p.number for p in pages[2].paragraphs] == [4, 5]
    record = document_service.get_document(case, document_id)
    assert record.case_number.startswith("1:25-cv-01234") and record.ecf_document_number == "12"
    assert mixed["report"].documents[0].metadata["case_number"] == record.case_number


def test_ocr_is_audited_and_queued_for_the_index_in_its_transaction(mixed):
    case, document_id = mixed["case"], mixed["id"]
    assert document_id in mixed["queued"]
    [entry] = [e for e in audit.entries(case.db) if e.action == "document.ocr"]
    assert entry.target == f"document:{document_id}"
    assert entry.details["pages"] == [2, 3] and entry.details["mode"] == "image-only"
    assert set(entry.details["quality"]) == {"2", "3"} and entry.details["pages_needing_ocr"] == 0
    assert audit.verify_chain(case.db) == []


def test_search_finds_ocr_text_once_the_index_is_synced(mixed):
    case, document_id = mixed["case"], mixed["id"]
    sync_index(case)
    results = search(case, '"expose them to removal"')
    assert [(h.document_id, h.page_number) for h in results.hits] == [(document_id, 2)]
    assert search(case, '"protected by section 6103"').hits[0].page_number == 3


def test_excerpts_are_reanchored_after_ocr(mixed):
    case = mixed["case"]
    excerpt = mixed["excerpt"]
    reanchor = mixed["report"].documents[0].reanchor
    assert reanchor is not None and reanchor.unchanged == [excerpt.id] and not reanchor.lost
    after = get_excerpt(case, excerpt.id).anchor
    # Same place; only the context after it grew, now that the next page has text (its ECF stamp is furniture).
    assert after.span == excerpt.anchor.span and after.quote.exact == excerpt.anchor.quote.exact
    assert after.quote.suffix.startswith(". DECLARATION OF MARIA ROMO") and ECF_STAMP[:10] not in after.quote.suffix


def test_progress_counts_pages(mixed):
    updates = mixed["updates"]
    assert updates[-1].done == updates[-1].total == 2
    assert [u.done for u in updates] == sorted(u.done for u in updates)


def test_redo_all_replaces_a_bad_text_layer_and_reports_lost_excerpts(tmp_path, new_case):
    case = new_case()
    # A scan carrying an invisible text layer that does not match it (a bad earlier OCR).
    spec = ScannedPage(DECLARATION, hidden="Phantom layer words. The memorandum permits requests")
    document_id = import_one(case, make_pdf(tmp_path / "bad-layer.pdf", [spec]))
    assert not document_service.get_pages(case, document_id)[0].needs_ocr
    phantom = add_excerpt_by_quote(case, document_id, "Phantom layer words")
    real = add_excerpt_by_quote(case, document_id, "The memorandum permits requests")
    assert ocr_documents(case, mode="image-only").pages_done == 0  # nothing is flagged, nothing is read
    report = ocr_documents(case, [document_id], mode="redo-all")
    [page] = document_service.get_pages(case, document_id)
    assert page.text_source == "ocr" and "Phantom" not in page.text and DECLARATION[2] in page.text
    reanchor = report.documents[0].reanchor
    assert [i for i, _ in reanchor.lost] == [phantom.id]
    assert real.id in [i for i, _ in reanchor.moved + reanchor.fuzzy]
    kept = get_excerpt(case, phantom.id)  # lost excerpts are kept, flagged for review
    assert kept.review == "lost" and kept.anchor == phantom.anchor
    moved = get_excerpt(case, real.id)
    span = moved.anchor.span
    assert span.start_page == span.end_page == 1
    assert page.text[span.start:span.end] == "The memorandum permits requests"
    assert ocr_store.get_ocr_mode(case.db, document_id) == "redo-all"


def test_skip_mode_is_kept_per_document_until_a_document_is_named(tmp_path, new_case):
    case = new_case()
    document_id = import_one(case, make_pdf(tmp_path / "scan.pdf", [ScannedPage(DECLARATION[:2])]))
    report = ocr_documents(case, [document_id], mode="skip")
    assert report.pages_done == 0 and ocr_store.get_ocr_mode(case.db, document_id) == "skip"
    report = ocr_documents(case)
    assert report.pages_done == 0 and "skip" in report.documents[0].skipped
    assert document_service.get_pages(case, document_id)[0].needs_ocr
    report = ocr_documents(case, [document_id])
    assert report.pages_done == 1 and ocr_store.get_ocr_mode(case.db, document_id) is None
    assert [e.action for e in audit.entries(case.db)][-2:] == ["document.ocr_mode", "document.ocr"]


def test_cancel_between_pages_leaves_the_document_as_it_was(tmp_path, new_case):
    case = new_case()
    path = make_pdf(tmp_path / "two-scans.pdf", [ScannedPage(DECLARATION), ScannedPage(SECOND_PAGE)])
    document_id = import_one(case, path)
    before = document_service.get_pages(case, document_id)
    cancel = CancelToken()

    def progress(update):
        if update.done == 1:  # the first page has been read
            cancel.cancel()

    report = ocr_documents(case, progress=progress, cancel=cancel)
    assert report.cancelled and report.documents == []
    assert document_service.get_pages(case, document_id) == before
    assert document_service.get_document(case, document_id).pages_needing_ocr == 2
    assert not [e for e in audit.entries(case.db) if e.action == "document.ocr"]


def test_articles_are_not_ocred(tmp_path, new_case):
    case = new_case()
    article = tmp_path / "article.html"
    article.write_text("<html><head><title>Agencies share data</title></head><body><article>"
                       "<p>The agencies agreed to share taxpayer addresses.</p></article></body></html>")
    import_one(case, article)
    report = ocr_documents(case)
    assert report.pages_done == 0 and "not a PDF" in report.documents[0].skipped


def test_a_page_that_cannot_be_read_stays_flagged_and_the_others_are_kept(tmp_path, new_case):
    from casebook.pdf.ocr import OcrFailed
    from casebook.pdf.worker import PdfWorker

    class FlakyWorker(PdfWorker):
        def ocr_page(self, path, number, **options):
            if number == 1:
                raise OcrFailed("Tesseract took longer than 120 s on the page; stopped")
            return super().ocr_page(path, number, **options)

    case = new_case()
    path = make_pdf(tmp_path / "two-scans.pdf", [ScannedPage(DECLARATION), ScannedPage(SECOND_PAGE)])
    document_id = import_one(case, path)
    with FlakyWorker() as worker:
        report = ocr_documents(case, worker=worker)
    [result] = report.documents
    assert [p.number for p in result.pages] == [2] and [n for n, _ in result.failed_pages] == [1]
    assert "longer than 120 s" in result.failed_pages[0][1]
    first, second = document_service.get_pages(case, document_id)
    assert first.needs_ocr and first.text_source == "pdf" and first.text == ""
    assert not second.needs_ocr and SECOND_PAGE[0] in second.text
    assert document_service.get_document(case, document_id).pages_needing_ocr == 1
