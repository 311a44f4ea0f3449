"""The search service: the index follows the store through the outbox, and verify compares the two."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from casebook.services import search as search_service
from casebook.services.cases import open_case
from casebook.services.importing import import_paths
from casebook.services.verify import verify_case
from casebook.store import outbox


def test_imported_pages_become_searchable_and_the_outbox_drains(case, pdf_factory):
    import_paths(case, [pdf_factory(["The agency disclosed taxpayer data", "Nothing relevant here"])])
    assert outbox.count(case.db) == 1
    results = search_service.search(case, '"taxpayer data"')
    assert outbox.count(case.db) == 0
    assert [(h.page_number, h.page_label) for h in results.hits] == [(1, "1")]
    hit = results.hits[0]
    text = "The agency disclosed taxpayer data"
    assert [text[s:e] for s, e in hit.hit_ranges] == ["taxpayer data"]


def test_check_reports_missing_stale_and_extra_units_and_reindex_repairs(case, pdf_factory):
    import_paths(case, [pdf_factory(["First page", "Second page"]), pdf_factory(["Other document"])])
    search_service.sync_index(case)
    assert search_service.check_index(case).consistent
    # A page changed in the store after indexing (e.g. OCR) without index work: stale.
    case.db.execute("UPDATE pages SET text = 'Re-extracted text' WHERE document_id = 1 AND number = 2")
    # A document removed from the index behind the store's back: missing.
    with search_service.open_index(case) as index, index.batch() as batch:
        batch.delete_document(2)
    check = search_service.check_index(case, repair=False)
    assert [(u.document_id, u.page) for u in check.stale] == [(1, 2)]
    assert {u.document_id for u in check.missing} == {2}
    assert not check.consistent and check.problems()
    report = verify_case(case)
    assert not report.ok and any("search index" in p for p in report.problems)
    search_service.reindex(case)
    assert search_service.check_index(case).consistent
    assert verify_case(case).ok


def test_extra_units_are_reported(case, pdf_factory):
    import_paths(case, [pdf_factory(["Only page"])])
    search_service.sync_index(case)
    case.db.execute("PRAGMA foreign_keys = OFF")
    case.db.execute("DELETE FROM pages WHERE document_id = 1")
    case.db.execute("DELETE FROM documents WHERE id = 1")
    check = search_service.check_index(case, repair=False)
    assert [u.document_id for u in check.extra] == [1]


def test_a_damaged_index_is_rebuilt_from_the_store(case, pdf_factory):
    import_paths(case, [pdf_factory(["Sworn statement about addresses"])])
    search_service.sync_index(case)
    for item in case.layout.index.iterdir():
        if item.suffix in (".toc", ".seg"):
            item.write_bytes(b"garbage")
    results = search_service.search(case, "addresses")
    assert results.total == 1
    assert search_service.check_index(case).consistent


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")


@pytest.fixture(scope="module")
def indexed_case_template(tmp_path_factory):
    """A case of 40 documents × 29 pages, indexed; each kill test works on its own copy."""
    import shutil

    from casebook.services.cases import create_case
    from tests.conftest import write_pdf

    base = tmp_path_factory.mktemp("reindex")
    root = base / "case"
    with create_case(root, title="Reindex kill") as case:
        # Each page's words differ (a line repeated on every page is running-header furniture, not indexed).
        files = [write_pdf(base / f"e{i}.pdf", [f"Witness {i} testified on day {p} about the {_ORDINALS[p % 7]} "
                                                f"disclosure of {p * 37 + i} records" for p in range(1, 30)])
                 for i in range(40)]
        import_paths(case, files)
        search_service.sync_index(case)

    def copy(target):
        shutil.copytree(root, target)
        return target

    return copy


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("delay", [0.0, 0.15, 0.4])
def test_sigkill_during_reindex_is_repaired_by_the_next_command(tmp_path, indexed_case_template, delay):
    root = indexed_case_template(tmp_path / "case")
    proc = subprocess.Popen([sys.executable, "-m", "casebook.cli.main", "--case", str(root), "reindex"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    # Wait until the rebuild has queued its work (the index is then being recreated and rewritten) …
    while proc.poll() is None and time.monotonic() < deadline:
        with open_case(root) as case:
            if outbox.count(case.db):
                break
        time.sleep(0.005)
    time.sleep(delay)
    # … and kill it mid-flight.
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    result = subprocess.run([sys.executable, "-m", "casebook.cli.main", "--case", str(root), "verify"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems found" in result.stdout
    with open_case(root) as case:
        assert search_service.search(case, "disclosure", limit=1).total == 40 * 29
    assert killed or delay > 0, "the rebuild ended before it could be killed"
