"""A `casebook import` process killed with SIGKILL midway leaves a store that opens, verifies and is whole."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from casebook.services.cases import create_case, open_case
from casebook.services.importing import import_paths
from casebook.services.verify import verify_case

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _documents_committed(db_path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("kill_after_documents", [1, 4])
def test_sigkill_midway_leaves_only_whole_documents(tmp_path, pdf_factory, kill_after_documents):
    folder = tmp_path / "batch"
    for i in range(30):
        pages = [f"Exhibit {i} page {p}\n" + "\n".join(f"{n}. Line of testimony {n}" for n in range(1, 40))
                 for p in range(1, 16)]
        pdf_factory(pages, folder=folder, name=f"exhibit-{i:02}.pdf")
    root = tmp_path / "case"
    create_case(root, title="Kill test").close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "casebook.cli.main", "--case", str(root), "import", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    try:
        while _documents_committed(root / "casebook.sqlite") < kill_after_documents:
            assert proc.poll() is None, "the import finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the import and its PDF worker, mid-flight
        proc.wait()
    with open_case(root) as case:
        report = verify_case(case)
        assert report.ok, report.problems
        counts = case.db.execute(
            "SELECT d.page_count, count(p.id) FROM documents d LEFT JOIN pages p ON p.document_id = d.id "
            "GROUP BY d.id"
        ).fetchall()
        assert counts and all(expected == stored == 15 for expected, stored in counts)
        done_before = len(counts)
        assert done_before < 30
        summary = import_paths(case, [folder])
        assert len(summary.imported) + len(summary.duplicates) == 30 and not summary.failed
        assert len(summary.duplicates) == done_before
        assert verify_case(case).ok
