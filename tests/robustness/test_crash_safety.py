"""SIGKILL a real `casebook` process during import, reindexing, annotation and packing; the case stays whole."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.robustness.conftest import CLI, REPO

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and process groups are POSIX")

ENV = {**os.environ, "PYTHONPATH": str(REPO)}
BATCH_FILES = 16
PAGES_PER_FILE = 10
SLOW = pytest.mark.slow


def start(*args: str | Path, script: str | None = None) -> subprocess.Popen:
    command = [sys.executable, "-c", script, *map(str, args)] if script else [*CLI, *map(str, args)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV, cwd=REPO,
                            start_new_session=True, text=True)


def kill_when(proc: subprocess.Popen, ready: Callable[[], bool], *, delay: float = 0.0, limit: float = 60) -> bool:
    """SIGKILL the whole process group (the command and its PDF worker) once `ready()` and `delay` have passed.

    Returns False when the process finished on its own first.
    """
    deadline = time.monotonic() + limit
    try:
        while not ready():
            if proc.poll() is not None:
                return False
            assert time.monotonic() < deadline, "the process never reached the point to kill it at"
            time.sleep(0.005)
        time.sleep(delay)
        return proc.poll() is None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def committed(db_path: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return 0


def assert_case_whole(root: Path) -> dict[str, int]:
    """Integrity check, verify clean (index repaired automatically), every document complete."""
    from casebook.services.cases import open_case
    from casebook.services.verify import verify_case
    from casebook.store.audit import verify_chain

    with open_case(root) as case:
        assert case.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not verify_chain(case.db)
        report = verify_case(case)
        assert report.ok, report.problems
        half = case.db.execute(
            "SELECT d.id FROM documents d LEFT JOIN pages p ON p.document_id = d.id "
            "GROUP BY d.id HAVING count(p.id) != d.page_count").fetchall()
        assert not half, f"half-imported documents: {half}"
        return {table: case.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("documents", "excerpts", "claims", "links", "history", "audit_log")}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    import pymupdf

    folder = tmp_path_factory.mktemp("batch")
    for i in range(BATCH_FILES):
        doc = pymupdf.open()
        for p in range(1, PAGES_PER_FILE + 1):
            lines = (f"{n}. Testimony line {n} of exhibit {i}" for n in range(1, 40))
            text = f"Exhibit {i} page {p}\n" + "\n".join(lines)
            doc.new_page().insert_textbox(pymupdf.Rect(72, 72, 540, 760), text, fontsize=9, fontname="tiro")
        doc.save(folder / f"exhibit-{i:02}.pdf")
        doc.close()
    return folder


@pytest.fixture(scope="module")
def imported_template(tmp_path_factory, batch) -> Path:
    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths
    from casebook.services.search import sync_index

    root = tmp_path_factory.mktemp("imported") / "case"
    with create_case(root, title="Crash v. Safety") as case:
        assert not import_paths(case, [batch]).failed
        sync_index(case)
    return root


# --- import ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("delay", [0.0, 0.9, 1.4, pytest.param(0.5, marks=SLOW), pytest.param(1.1, marks=SLOW),
                                   pytest.param(1.8, marks=SLOW), pytest.param(2.4, marks=SLOW)])
def test_import_killed_at_any_moment_leaves_whole_documents_only(tmp_path, batch, delay):
    from casebook.services.cases import create_case, open_case
    from casebook.services.importing import import_paths

    root = tmp_path / "case"
    create_case(root, title="Kill during import").close()
    proc = start("--case", root, "import", batch)
    started = time.monotonic()
    kill_when(proc, lambda: time.monotonic() - started >= delay)
    counts = assert_case_whole(root)
    # A late kill may land after the last document was stored (while the index is updated): still whole.
    assert counts["documents"] <= BATCH_FILES
    with open_case(root) as case:  # and the interrupted batch simply completes when run again
        summary = import_paths(case, [batch])
        assert not summary.failed
        assert len(summary.imported) + len(summary.duplicates) == BATCH_FILES
    assert assert_case_whole(root)["documents"] == BATCH_FILES


# --- indexing ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("delay", [0.05, 0.4, pytest.param(0.2, marks=SLOW), pytest.param(0.7, marks=SLOW)])
def test_reindex_killed_midway_is_repaired_automatically(tmp_path, imported_template, delay):
    root = tmp_path / "case"
    shutil.copytree(imported_template, root)
    proc = start("--case", root, "reindex")
    # Reindexing first queues every document in the outbox (committed), then rebuilds the Whoosh index.
    queued = lambda: committed(root / "casebook.sqlite", "SELECT count(*) FROM outbox") > 0  # noqa: E731
    killed = kill_when(proc, queued, delay=delay)
    assert killed or delay > 0.1
    assert_case_whole(root)  # verify applies the queued index work and finds the index matching the store
    from casebook.services.cases import open_case
    from casebook.services.search import search

    with open_case(root) as case:
        assert search(case, '"Testimony line 7 of exhibit 15"').total == PAGES_PER_FILE


# --- annotation --------------------------------------------------------------------------------------------------

EDITOR = textwrap.dedent("""
    import sys
    from casebook.services import evidence, history
    from casebook.services.cases import open_case

    with open_case(sys.argv[1]) as case:
        for i in range(10_000):
            excerpt = evidence.add_excerpt_by_quote(case, 3, "roughly 1.2 million", page=2, note=f"edit {i}")
            claim = evidence.add_claim(case, f"Claim number {i} about the 1.2 million request")
            evidence.link_excerpt(case, claim.id, excerpt.id, "supports")
            evidence.update_claim(case, claim.id, note=f"reviewed {i}")
            if i % 3 == 2:
                history.undo(case)
            print(i, flush=True)
""")


@pytest.mark.parametrize("edits_before_kill", [2, 11, pytest.param(1, marks=SLOW), pytest.param(30, marks=SLOW)])
def test_annotation_loop_killed_midway_keeps_history_and_audit_consistent(demo_copy, edits_before_kill):
    proc = start(demo_copy, script=EDITOR)
    done = {"n": -1}

    def enough() -> bool:
        line = proc.stdout.readline()
        if line.strip():
            done["n"] = int(line)
        return done["n"] + 1 >= edits_before_kill

    assert kill_when(proc, enough, delay=0.013 * edits_before_kill)
    before = assert_case_whole(demo_copy)
    assert before["claims"] >= edits_before_kill
    _undo_everything_then_redo(demo_copy, before)


def _undo_everything_then_redo(root: Path, before: dict[str, int]) -> None:
    """Undo history must replay cleanly all the way back and forward again: no edit half-recorded."""
    from casebook.services import history
    from casebook.services.cases import open_case

    with open_case(root) as case:
        left_undone = case.db.execute("SELECT count(*) FROM history WHERE undone = 1").fetchone()[0]
        undone = 0
        while history.undo(case) is not None:
            undone += 1
        assert case.db.execute("SELECT count(*) FROM excerpts").fetchone()[0] == 0
        redone = 0
        while history.redo(case) is not None:
            redone += 1
        assert redone == undone + left_undone
        for _ in range(left_undone):  # back to where the killed editor left the case
            assert history.undo(case) is not None
    after = assert_case_whole(root)
    for table in ("excerpts", "claims", "links"):
        assert after[table] == before[table], table


@pytest.mark.parametrize("delay", [0.45, 0.75, 0.9, *(pytest.param(d, marks=SLOW) for d in (0.2, 0.6, 0.8, 1.0, 1.2))])
def test_cli_edit_killed_at_any_point_is_all_or_nothing(demo_copy, delay):
    claims = "SELECT count(*) FROM claims"
    before = committed(demo_copy / "casebook.sqlite", claims)
    proc = start("--case", demo_copy, "claim", "add", "A claim written while the process is killed", "--json")
    started = time.monotonic()
    finished = not kill_when(proc, lambda: time.monotonic() - started >= delay)
    counts = assert_case_whole(demo_copy)
    assert counts["claims"] in (before, before + 1)
    assert counts["claims"] == before + 1 or not finished


# --- packing (the case archive) ----------------------------------------------------------------------------------

@pytest.fixture
def heavy_case(tmp_path, demo_copy) -> Path:
    """The demo case with a 12 MB exhibit, so packing takes long enough to be interrupted."""
    import pymupdf

    from casebook.services.cases import open_case
    from casebook.services.importing import import_paths

    exhibit = tmp_path / "photo exhibit.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Exhibit 12: photograph of the intake ledger (scanned)")
    noise = os.urandom(12 * 1024 * 1024)
    page.insert_image(page.rect, stream=_ppm(noise))
    doc.save(exhibit)
    doc.close()
    with open_case(demo_copy) as case:
        assert not import_paths(case, [exhibit]).failed
    return demo_copy


def _ppm(noise: bytes) -> bytes:
    side = int((len(noise) // 3) ** 0.5)
    return f"P6 {side} {side} 255\n".encode() + noise[: side * side * 3]


@pytest.mark.parametrize("point", ["staging", "writing"])
def test_pack_killed_midway_leaves_no_archive_at_the_destination(tmp_path, heavy_case, point):
    out_dir = tmp_path / "transfer"
    out_dir.mkdir()
    out = out_dir / "case.casebook.zip"
    proc = start("--case", heavy_case, "pack", "--out", out)

    def reached() -> bool:
        names = [p.name for p in out_dir.iterdir()]
        if point == "staging":
            return any(n.startswith(".casebook-pack-") for n in names)
        partial = [p for p in out_dir.iterdir() if p.name.endswith(".partial")]
        return bool(partial) and partial[0].stat().st_size > 1024 * 1024

    assert kill_when(proc, reached), "pack finished before it could be killed"
    assert not out.exists()
    assert_case_whole(heavy_case)
    from tests.robustness.conftest import run_cli

    run_cli("--case", heavy_case, "pack", "--out", out)  # a later pack to the same name succeeds
    result = run_cli("unpack", out, tmp_path / "unpacked", "--json")
    assert json.loads(result.stdout)["documents"] == 7


# --- exporting a bundle ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("point", ["part-file", 1.0, pytest.param(1.6, marks=SLOW), pytest.param(2.2, marks=SLOW)])
def test_bundle_export_killed_midway_leaves_nothing_at_the_destination(tmp_path, demo_copy, point):
    from tests.robustness.conftest import bundles_available, run_cli

    if not bundles_available():
        pytest.skip("the export-bundle service is not in this tree yet")
    out_dir = tmp_path / "filed"
    out_dir.mkdir()
    out = out_dir / "bundle.pdf"
    proc = start("--case", demo_copy, "export", "bundle", "--exhibit", "1,2,3", "--date", "2026-02-20",
                 "--out", out)
    started = time.monotonic()
    if point == "part-file":
        ready = lambda: any(p.name.endswith(".part") for p in out_dir.iterdir())  # noqa: E731
    else:
        ready = lambda: time.monotonic() - started >= point  # noqa: E731
    killed = kill_when(proc, ready)
    if out.exists():
        # Only a finished bundle is ever published (a kill may land after that, before the process exits):
        # it is complete and its manifest, written before it was published, describes exactly these bytes.
        manifest = out.with_name(out.stem + ".manifest.json")
        assert manifest.exists(), "a bundle was published without its manifest"
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        assert hashlib.sha256(out.read_bytes()).hexdigest() in json.dumps(recorded)
    elif killed:
        leftovers = [p.name for p in out_dir.iterdir()]
        assert all(name.startswith(".") for name in leftovers), leftovers  # only hidden staging files, if any
    assert_case_whole(demo_copy)
    run_cli("--case", demo_copy, "export", "bundle", "--exhibit", "1,2,3", "--date", "2026-02-20", "--out", out)
    assert out.stat().st_size > 0
