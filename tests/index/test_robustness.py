"""Locks left behind, writers killed mid-batch and damaged index files are handled without user action."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casebook.core.search import SearchIndexBusy, SearchIndexCorrupt
from casebook.index import CaseIndex
from casebook.index.locks import LOCK_NAME, OWNER_NAME
from tests.index.conftest import make_doc, make_page

REPO = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="uses fcntl and SIGKILL")


def _add(ix, doc_id: int, text: str) -> None:
    with ix.batch() as batch:
        batch.add_document(make_doc(doc_id), [make_page(doc_id, 1, text)])


def _hold_lock(folder: Path) -> int:
    """Take the index's OS lock through a descriptor of our own, as an orphaned child process would."""
    import fcntl

    fd = os.open(folder / LOCK_NAME, os.O_CREAT | os.O_WRONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def _record_owner(folder: Path, pid: int) -> None:
    import socket

    (folder / OWNER_NAME).write_text(json.dumps({"pid": pid, "host": socket.gethostname(), "since": "earlier"}))


@posix_only
def test_a_lock_still_held_for_a_dead_writer_is_cleared(tmp_path, caplog):
    folder = tmp_path / "index"
    ix = CaseIndex.open(folder, lock_timeout=0.2)
    _add(ix, 1, "before")
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    fd = _hold_lock(folder)
    try:
        _record_owner(folder, int(finished.stdout))
        _add(ix, 2, "after")
    finally:
        os.close(fd)
    assert ix.document_ids() == {1, 2}
    assert "no longer running" in caplog.text
    assert not (folder / OWNER_NAME).exists()


@posix_only
def test_a_live_writer_is_waited_for_then_reported(tmp_path):
    folder = tmp_path / "index"
    ix = CaseIndex.open(folder, lock_timeout=0.2)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    fd = _hold_lock(folder)
    try:
        _record_owner(folder, sleeper.pid)
        with pytest.raises(SearchIndexBusy, match=f"process {sleeper.pid}"):
            _add(ix, 1, "blocked")
    finally:
        os.close(fd)
        sleeper.kill()
        sleeper.wait()
    _add(ix, 1, "now free")
    assert ix.document_ids() == {1}


def test_a_lock_file_left_behind_does_not_block(tmp_path):
    folder = tmp_path / "index"
    ix = CaseIndex.open(folder)
    (folder / LOCK_NAME).write_text("")
    _record_owner(folder, 999_999_999)
    _add(ix, 1, "fine")
    assert ix.document_ids() == {1}


@posix_only
def test_a_writer_killed_mid_batch_leaves_the_last_commit_intact(tmp_path):
    folder = tmp_path / "index"
    with CaseIndex.open(folder) as ix:
        _add(ix, 1, "committed earlier")
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        from casebook.index import CaseIndex
        from tests.index.conftest import make_doc, make_page
        ix = CaseIndex.open({str(folder)!r})
        with ix.batch() as batch:
            for i in range(2, 400):
                batch.add_document(make_doc(i), [make_page(i, 1, "uncommitted work " * 50)])
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    child = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert (folder / OWNER_NAME).exists()  # the dead writer's record is still there
    with CaseIndex.open(folder, lock_timeout=0.5) as ix:
        assert ix.document_ids() == {1} and ix.search("uncommitted").total == 0
        _add(ix, 2, "after the crash")
        assert ix.document_ids() == {1, 2}
        ix.check()


def test_garbage_table_of_contents_is_reported_as_corrupt(tmp_path):
    folder = tmp_path / "index"
    with CaseIndex.open(folder) as ix:
        _add(ix, 1, "text")
    toc = next(folder.glob("_MAIN_*.toc"))
    toc.write_bytes(b"\x00garbage" * 10)
    with pytest.raises(SearchIndexCorrupt, match="must be rebuilt"):
        CaseIndex.open(folder)
    rebuilt = CaseIndex.recreate(folder)
    assert rebuilt.doc_count() == 0
    _add(rebuilt, 1, "text")
    assert rebuilt.search("text").total == 1
    rebuilt.close()


def test_truncated_segment_is_reported_as_corrupt(tmp_path):
    folder = tmp_path / "index"
    with CaseIndex.open(folder) as ix:
        _add(ix, 1, "some words to make a segment " * 20)
    segment = max((p for p in folder.iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size)
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 3])
    with pytest.raises(SearchIndexCorrupt):
        ix = CaseIndex.open(folder)
        ix.check()
        ix.search("words")


def test_an_index_of_another_format_must_be_rebuilt(tmp_path):
    folder = tmp_path / "index"
    CaseIndex.open(folder).close()
    (folder / "casebook-index.json").write_text(json.dumps({"format": "casebook-index/0"}))
    with pytest.raises(SearchIndexCorrupt, match="format casebook-index/0"):
        CaseIndex.open(folder)
    (folder / "casebook-index.json").unlink()
    with pytest.raises(SearchIndexCorrupt):
        CaseIndex.open(folder)
    assert CaseIndex.recreate(folder).doc_count() == 0


def test_open_without_create_reports_a_missing_index(tmp_path):
    with pytest.raises(SearchIndexCorrupt, match="no search index"):
        CaseIndex.open(tmp_path / "nothing", create=False)
    folder = tmp_path / "fresh"
    assert CaseIndex.open(folder).doc_count() == 0  # created on demand
    assert CaseIndex.open(folder, create=False).doc_count() == 0


def test_recreate_keeps_files_that_are_not_the_index(tmp_path):
    folder = tmp_path / "index"
    CaseIndex.open(folder).close()
    (folder / "notes.txt").write_text("user's own file")
    CaseIndex.recreate(folder).close()
    assert (folder / "notes.txt").read_text() == "user's own file"
