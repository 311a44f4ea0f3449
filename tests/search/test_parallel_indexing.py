"""Large backlogs are indexed by worker processes whose segments one commit adopts: same results as one writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.core.documents import DocumentKind, DocumentMetadata, ExtractedDocument, ExtractedPage
from casebook.services import search as search_service
from casebook.services.cases import create_case
from casebook.store import documents, outbox

QUERIES = ("affidavit", "affidavit AND wharf", '"sealed ledger"', '"sealed ledger" w/3 harbor', "ledg*",
           "kind:declaration harbor", "wharf NOT affidavit")


def _filing(n: int) -> ExtractedDocument:
    words = ["affidavit", "wharf", "harbor", "custody", "invoice"]
    pages = [f"Page {p} of filing {n}: the {words[(n + p) % 5]} was noted near the {words[(n * p) % 5]}"
             for p in range(1, 4)]
    if n % 3 == 0:  # a phrase split by the page break
        pages[1] += " the sealed"
        pages[2] = "ledger stayed at the harbor. " + pages[2]
    return ExtractedDocument(format="pdf", extractor="test/1", pages=[
        ExtractedPage(number=i, label=str(i), text=text) for i, text in enumerate(pages, 1)],
        metadata=DocumentMetadata(title=f"Filing {n}",
                                  kind=DocumentKind.DECLARATION if n % 2 else DocumentKind.ORDER))


def _case_with_filings(folder: Path, count: int):
    case = create_case(folder, title="Parallel v. Serial")
    for n in range(count):
        with case.transaction() as db:
            documents.insert_document(db, _filing(n), sha256=f"{n:064x}", size=100, source=Path(f"f{n}.pdf"))
    return case


def _answers(case) -> dict[str, set]:
    with search_service.open_index(case) as index:
        return {q: index.matching_units(q) for q in QUERIES}


def test_workers_index_the_same_units_as_one_writer_and_verify_agrees(tmp_path, monkeypatch):
    serial = _case_with_filings(tmp_path / "serial", 24)
    parallel = _case_with_filings(tmp_path / "parallel", 24)
    try:
        search_service.sync_index(serial)
        monkeypatch.setattr(search_service, "PARALLEL_PAGES", 1)
        monkeypatch.setattr(search_service, "CHUNK_PAGES", 10)
        search_service.sync_index(parallel)
        assert outbox.count(parallel.db) == 0
        with search_service.open_index(parallel) as index:
            assert index.segment_count() >= 2  # one segment per worker, adopted together
            assert index.doc_count() == 72
        expected = _answers(serial)
        assert all(expected.values())
        assert _answers(parallel) == expected
        assert search_service.check_index(parallel).consistent

        # A second round replaces every earlier unit of the documents: nothing is counted twice.
        with parallel.transaction() as db:
            outbox.enqueue_every_document(db)
        search_service.sync_index(parallel)
        with search_service.open_index(parallel) as index:
            assert index.doc_count() == 72
        assert _answers(parallel) == expected
        assert search_service.check_index(parallel).consistent
    finally:
        serial.close()
        parallel.close()


def test_a_failed_worker_round_leaves_the_index_as_it_was_and_the_work_queued(tmp_path, monkeypatch):
    case = _case_with_filings(tmp_path / "case", 6)
    try:
        monkeypatch.setattr(search_service, "PARALLEL_PAGES", 1)

        def broken(*args, **kwargs):
            raise RuntimeError("an indexing worker failed: simulated")

        monkeypatch.setattr(search_service.SegmentBuilders, "finish", broken)
        with pytest.raises(RuntimeError, match="simulated"):
            search_service.sync_index(case)
        assert outbox.count(case.db) == 6
        with search_service.open_index(case) as index:
            assert index.doc_count() == 0
        monkeypatch.undo()
        search_service.sync_index(case)
        assert search_service.check_index(case).consistent
    finally:
        case.close()
