"""Streamed PDF import: pages arrive from the worker in chunks, are stored as they come, and nothing partial stays."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook.core.documents import WordBoxes
from casebook.core.progress import CancelToken
from casebook.ingest.filings import analyse_filing
from casebook.pdf.extract import CHUNK_PAGES, extract_pdf
from casebook.pdf.worker import PdfWorker
from casebook.services.cases import create_case, open_case
from casebook.services.importing import import_paths
from casebook.services.verify import verify_case
from casebook.store import documents

LONG_PAGES = 3000
# Varied text at the top of each page that runs on from the previous page (the same line everywhere is a header).
_RUN_ON = ("and the ledgers", "while the notices", "because the letters", "so that the records", "as the memoranda",
           "whereas the returns", "though the requests")


def _write_long_filing(path: Path, pages: int) -> Path:
    """A stamped declaration with a running header and numbered paragraphs that run on across page breaks."""
    import pymupdf

    doc = pymupdf.open()
    number = 1
    for p in range(1, pages + 1):
        page = doc.new_page(width=612, height=792)
        lines = [
            f"Case 1:25-cv-01234-ABC Document 7 Filed 07/02/25 Page {p} of {pages}",
            "Declaration of a Streaming Witness",
        ]
        if p == 1:
            lines += ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA",
                      "DECLARATION OF A STREAMING WITNESS"]
        else:
            lines.append(f"{_RUN_ON[p % len(_RUN_ON)]} continue the paragraph begun on the previous page here")
        for _ in range(3):
            lines += [f"{number}. The declarant states fact number {number} about the records of page {p},",
                      f"which the agency kept in its files and disclosed on request number {number + p},"]
            number += 1
        lines.append(f"- {p} -")
        y = 60
        for line in lines:
            page.insert_text((72, y), line, fontsize=10, fontname="tiro")
            y += 16
    doc.save(path)
    doc.close()
    return path


@pytest.fixture(scope="module")
def long_filing(tmp_path_factory) -> Path:
    return _write_long_filing(tmp_path_factory.mktemp("streaming") / "long-declaration.pdf", LONG_PAGES)


def _counting_add_pages(monkeypatch, after_first=None) -> list[int]:
    """Record the size of every chunk stored; run `after_first` once the first chunk is in the transaction."""
    sizes: list[int] = []
    real = documents.add_pages

    def add_pages(db, document_id, pages):
        pages = list(pages)
        real(db, document_id, pages)
        sizes.append(len(pages))
        if after_first is not None and len(sizes) == 1:
            after_first()

    monkeypatch.setattr(documents, "add_pages", add_pages)
    return sizes


def _nothing_stored(case) -> None:
    db = case.db
    for table in ("documents", "pages", "outline", "provenance", "outbox"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'document.import'").fetchone()[0] == 0
    assert verify_case(case).ok


def test_streamed_import_stores_every_page_as_whole_extraction_would(tmp_path, long_filing, monkeypatch):
    sizes = _counting_add_pages(monkeypatch)
    with create_case(tmp_path / "case", title="Streaming") as case:
        summary = import_paths(case, [long_filing])
        assert not summary.failed and len(summary.imported) == 1
        document_id = summary.imported[0].document_id
        stored = documents.get_pages(case.db, document_id)
        record = documents.get_document(case.db, document_id)
        assert verify_case(case).ok

    # The worker sent the pages in several chunks and each was stored as it came.
    assert len(sizes) > 1 and max(sizes) <= CHUNK_PAGES and sum(sizes) == LONG_PAGES

    whole = analyse_filing(extract_pdf(long_filing))
    assert record.page_count == len(stored) == len(whole.pages) == LONG_PAGES
    assert (record.title, record.kind, record.case_number, record.ecf_document_number) == (
        whole.metadata.title, whole.metadata.kind, whole.metadata.case_number, whole.metadata.ecf_document_number)
    assert record.ecf_document_number == "7"
    for page, expected in zip(stored, whole.pages, strict=True):
        assert (page.number, page.label, page.text) == (expected.number, expected.label, expected.text)
        # The store keeps boxes to 1/100 pt (float32); compare what a whole extraction would store.
        assert page.words == WordBoxes.from_bytes(WordBoxes.from_words(expected.words).to_bytes())
        assert list(page.paragraphs) == expected.paragraphs
        assert list(page.furniture) == expected.furniture
        assert page.ecf_page == (expected.ecf.page if expected.ecf else None)
    # Analysis across pages ran on the streamed text: paragraphs continue over page breaks, headers are furniture.
    assert any(p.continued for page in stored for p in page.paragraphs)
    assert all(page.furniture for page in stored[1:])


def test_worker_hands_over_pages_chunk_by_chunk(tmp_path):
    path = _write_long_filing(tmp_path / "short.pdf", 7)
    chunks: list[list[int]] = []
    with PdfWorker() as worker:
        document = worker.extract(path, on_pages=lambda pages: chunks.append([p.number for p in pages]),
                                  chunk_pages=3)
        collected = worker.extract(path, chunk_pages=3)
    assert chunks == [[1, 2, 3], [4, 5, 6], [7]]
    assert document.pages == [] and document.extractor
    assert [p.number for p in collected.pages] == list(range(1, 8))
    assert collected == extract_pdf(path)


def test_cancel_mid_document_leaves_nothing_of_it(tmp_path, monkeypatch):
    path = _write_long_filing(tmp_path / "cancelled.pdf", 3 * CHUNK_PAGES)
    token = CancelToken()
    sizes = _counting_add_pages(monkeypatch, after_first=token.cancel)
    with create_case(tmp_path / "case", title="Cancel") as case:
        summary = import_paths(case, [path], cancel=token)
        assert summary.cancelled and not summary.imported
        assert sizes == [CHUNK_PAGES]  # pages were in the transaction when the cancel came
        _nothing_stored(case)
        assert not any(p.is_file() for p in case.layout.root.joinpath("originals").rglob("*"))


def test_worker_crash_mid_document_leaves_nothing_and_the_next_import_works(tmp_path, monkeypatch):
    path = _write_long_filing(tmp_path / "crashing.pdf", 3 * CHUNK_PAGES)

    def kill_worker() -> None:
        for child in multiprocessing.active_children():
            if child.name == "casebook-pdf-worker":
                os.kill(child.pid, signal.SIGKILL)
                child.join(5)

    sizes = _counting_add_pages(monkeypatch, after_first=kill_worker)
    with create_case(tmp_path / "case", title="Crash") as case:
        summary = import_paths(case, [path])
        assert [f.reason for f in summary.failed] == ["crashed"] and not summary.imported
        assert sizes[0] == CHUNK_PAGES
        _nothing_stored(case)
        monkeypatch.undo()
        again = import_paths(case, [path])
        assert len(again.imported) == 1 and again.imported[0].page_count == 3 * CHUNK_PAGES


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_while_pages_stream_in_leaves_no_partial_document(tmp_path, long_filing):
    root = tmp_path / "case"
    create_case(root, title="Kill").close()
    wal = root / "casebook.sqlite-wal"
    before = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "casebook.cli.main", "--case", str(root), "import", str(long_filing)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 300
    try:
        # Uncommitted pages spill into the write-ahead log: once it has grown, the document is mid-transaction.
        while not (wal.exists() and wal.stat().st_size > before + 4 * 1024**2):
            assert proc.poll() is None, "the import finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        with sqlite3.connect(f"file:{root / 'casebook.sqlite'}?mode=ro", uri=True, timeout=5) as conn:
            assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0  # not committed yet
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the import and its PDF worker, mid-document
        proc.wait()
    with open_case(root) as case:
        _nothing_stored(case)
