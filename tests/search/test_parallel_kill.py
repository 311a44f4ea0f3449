"""SIGKILL while worker processes build segments (the fast segment builder): the next sync heals the index."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook.core.documents import DocumentKind, DocumentMetadata, ExtractedDocument, ExtractedPage
from casebook.services import search as search_service
from casebook.services.cases import create_case, open_case
from casebook.store import documents, outbox

DOCUMENTS, PAGES = 30, 8

REINDEX_IN_PARALLEL = """
import sys
from pathlib import Path
from casebook.services import search
from casebook.services.cases import open_case
search.PARALLEL_PAGES = 1
search.CHUNK_PAGES = 4
with open_case(Path(sys.argv[1])) as case:
    search.reindex(case)
"""


def _filing(n: int) -> ExtractedDocument:
    pages = [ExtractedPage(number=p, label=str(p),
                           text=f"Witness {n} described shipment {n * 100 + p} at the harbor on day {p}. "
                                f"The sealed ledger stayed in custody of clerk {n}.")
             for p in range(1, PAGES + 1)]
    return ExtractedDocument(format="pdf", extractor="test/1", pages=pages,
                             metadata=DocumentMetadata(title=f"Filing {n}", kind=DocumentKind.DECLARATION))


@pytest.fixture
def case_root(tmp_path) -> Path:
    root = tmp_path / "case"
    with create_case(root, title="Kill v. Workers") as case:
        for n in range(DOCUMENTS):
            with case.transaction() as db:
                documents.insert_document(db, _filing(n), sha256=f"{n:064x}", size=100, source=Path(f"f{n}.pdf"))
        search_service.sync_index(case)
    return root


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("delay", [0.0, 0.3, 0.8])
def test_sigkill_during_a_parallel_round_is_healed_by_the_next_sync(case_root, delay):
    proc = subprocess.Popen([sys.executable, "-c", REINDEX_IN_PARALLEL, str(case_root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:  # the rebuild has queued its work …
        with open_case(case_root) as case:
            if outbox.count(case.db):
                break
        time.sleep(0.005)
    time.sleep(delay)
    if proc.poll() is None:  # … and is killed with its workers, wherever it is
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_case(case_root) as case:
        check = search_service.check_index(case)  # applies what is still queued, then compares
        assert check.consistent, check.problems()
        assert search_service.search(case, '"sealed ledger"', limit=1).total == DOCUMENTS * PAGES
        assert search_service.search(case, "shipment 1203", limit=5).documents == 1  # document 12, page 3
