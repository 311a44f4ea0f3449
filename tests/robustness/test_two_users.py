"""Two windows or processes on one case: writes queue behind the busy timeout, or fail plainly; nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from casebook.core.errors import CaseError
from tests.robustness.conftest import REPO, run_cli

WRITER = textwrap.dedent("""
    import sys
    from casebook.services import evidence
    from casebook.services.cases import open_case

    who, count = sys.argv[2], int(sys.argv[3])
    with open_case(sys.argv[1]) as case:
        print("ready", flush=True)
        sys.stdin.readline()  # start together
        for i in range(count):
            claim = evidence.add_claim(case, f"{who} claim {i}")
            evidence.update_claim(case, claim.id, note=f"{who} note {i}")
    print("done", flush=True)
""")


def test_two_processes_adding_100_claims_each_lose_nothing(demo_copy):
    from casebook.services import history
    from casebook.services.cases import open_case
    from casebook.services.verify import verify_case
    from casebook.store.audit import verify_chain

    with open_case(demo_copy) as case:
        claims_before = case.db.execute("SELECT count(*) FROM claims").fetchone()[0]
        history_before = case.db.execute("SELECT count(*) FROM history").fetchone()[0]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(demo_copy), who, "100"], env=env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for who in ("alice", "bob")]
    for proc in writers:
        assert proc.stdout.readline().strip() == "ready"
    for proc in writers:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in writers:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        assert "done" in out
    with open_case(demo_copy) as case:
        rows = case.db.execute("SELECT statement, note FROM claims").fetchall()
        assert len(rows) == claims_before + 200
        for who in ("alice", "bob"):
            mine = {s: n for s, n in rows if s.startswith(f"{who} claim ")}
            assert len(mine) == 100
            assert all(note == f"{who} note {s.rsplit(' ', 1)[1]}" for s, note in mine.items())
        assert not verify_chain(case.db)
        assert case.db.execute("SELECT count(*) FROM history").fetchone()[0] == history_before + 400  # 2 per claim
        assert verify_case(case).ok
        undone = 0
        while history.undo(case) is not None:  # the interleaved history still undoes cleanly, all the way
            undone += 1
        assert undone == history_before + 400
        assert case.db.execute("SELECT count(*) FROM claims").fetchone()[0] == 0


def test_undo_in_one_window_never_undoes_another_windows_edit(demo_copy):
    from casebook.services import evidence, history
    from casebook.services.cases import new_session_id, open_case

    # Each window opens the case under its own undo session, as the GUI's task runner does.
    with open_case(demo_copy, session=new_session_id()) as window_one, \
            open_case(demo_copy, session=new_session_id()) as window_two:
        alice = evidence.add_claim(window_one, "Alice's claim")
        bob = evidence.add_claim(window_two, "Bob's claim")
        assert history.undo_redo_labels(window_one) == (f"Add claim {alice.id}", None)
        assert history.undo_redo_labels(window_two) == (f"Add claim {bob.id}", None)
        history.undo(window_one)  # Alice means to undo her own claim
        evidence.add_claim(window_two, "Bob's second claim")
        statements = {r[0] for r in window_two.db.execute("SELECT statement FROM claims")}
        assert "Alice's claim" not in statements
        # Bob's new edit left Alice's redo branch alone.
        assert history.undo_redo_labels(window_one)[1] == f"Add claim {alice.id}"
        assert history.redo(window_one) is not None
        after_redo = {r[0] for r in window_one.db.execute("SELECT statement FROM claims")}
    assert "Bob's claim" in statements and "Bob's second claim" in statements
    assert {"Alice's claim", "Bob's claim", "Bob's second claim"} <= after_redo


def test_the_command_line_undoes_its_own_edits_across_separate_invocations(demo_copy):
    from casebook.services import evidence
    from casebook.services.cases import new_session_id, open_case

    run_cli("--case", demo_copy, "claim", "add", "First command-line claim")
    with open_case(demo_copy, session=new_session_id()) as window:
        evidence.add_claim(window, "A window's claim")  # newer than the CLI's, but not the CLI's to undo
    run_cli("--case", demo_copy, "claim", "add", "Second command-line claim")

    def statements() -> set[str]:
        with open_case(demo_copy) as case:
            return {r[0] for r in case.db.execute("SELECT statement FROM claims")}

    assert "Undo: Add claim" in run_cli("--case", demo_copy, "undo").stdout
    assert "Second command-line claim" not in statements()
    assert "Undo: Add claim" in run_cli("--case", demo_copy, "undo").stdout
    now = statements()
    assert "First command-line claim" not in now and "A window's claim" in now
    assert "Redo: Add claim" in run_cli("--case", demo_copy, "redo").stdout
    now = statements()
    assert "First command-line claim" in now and "Second command-line claim" not in now


def test_undo_refuses_when_another_window_changed_the_edit_since(demo_copy):
    from casebook.core.errors import CasebookError
    from casebook.services import evidence, history
    from casebook.services.cases import new_session_id, open_case

    def state(case):
        claims = case.db.execute("SELECT id, statement, note FROM claims ORDER BY id").fetchall()
        links = case.db.execute("SELECT id, claim_id, excerpt_id FROM links ORDER BY id").fetchall()
        undone = case.db.execute("SELECT seq, undone FROM history ORDER BY seq").fetchall()
        return claims, links, undone

    with open_case(demo_copy, session=new_session_id()) as alice, \
            open_case(demo_copy, session=new_session_id()) as bob:
        claim = evidence.add_claim(alice, "Alice's claim")
        evidence.update_claim(bob, claim.id, note="Bob's note on it")
        before = state(alice)
        refusal = rf"cannot undo “Add claim {claim.id}”: claim {claim.id} was changed in another window since"
        with pytest.raises(CasebookError, match=refusal):
            history.undo(alice)
        assert state(alice) == before and history.undo_redo_labels(alice)[0] == f"Add claim {claim.id}"

        # Undoing her claim would also delete the link Bob made to it since.
        history.undo(bob)
        excerpt_id = alice.db.execute("SELECT min(id) FROM excerpts").fetchone()[0]
        evidence.link_excerpt(bob, claim.id, excerpt_id, "supports")
        before = state(alice)
        with pytest.raises(CasebookError, match="linked to from another window"):
            history.undo(alice)
        assert state(alice) == before

        # Once Bob has undone his edits, Alice's undo goes through; a claim Bob deleted cannot come back to life
        # by Alice's redo of an older edit of it either.
        history.undo(bob)
        assert history.undo(alice).label == f"Add claim {claim.id}"
        assert claim.id not in [r[0] for r in state(alice)[0]]
        other = evidence.add_claim(alice, "Alice's second claim")
        evidence.update_claim(alice, other.id, note="first note")
        history.undo(alice)
        evidence.delete_claim(bob, other.id)
        before = state(alice)
        with pytest.raises(CasebookError, match="deleted in another window"):
            history.redo(alice)
        assert state(alice) == before


def test_threads_with_two_connections_serialise_their_writes(demo_copy):
    from casebook.services import evidence
    from casebook.services.cases import open_case
    from casebook.store.audit import verify_chain

    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def write(who: str) -> None:
        try:
            with open_case(demo_copy) as case:
                barrier.wait()
                for i in range(50):
                    evidence.add_claim(case, f"{who} thread claim {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in ("window-1", "window-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    with open_case(demo_copy) as case:
        assert case.db.execute("SELECT count(*) FROM claims WHERE statement LIKE '%thread claim%'").fetchone()[0] == 100
        assert not verify_chain(case.db)


def test_a_writer_that_cannot_get_the_lock_is_told_plainly(demo_copy, monkeypatch):
    from casebook.services import evidence
    from casebook.services.cases import open_case
    from casebook.store import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    holder = open_case(demo_copy)
    waiter = open_case(demo_copy)
    try:
        with holder.transaction():  # another window in the middle of a long write
            started = time.monotonic()
            with pytest.raises(CaseError, match="is busy in another window or process") as caught:
                evidence.add_claim(waiter, "Written while the case is locked")
            assert 0.25 <= time.monotonic() - started < 5
            assert "Traceback" not in str(caught.value) and str(demo_copy) in str(caught.value)
        evidence.add_claim(waiter, "Written once the lock is free")
    finally:
        waiter.close()
        holder.close()
    with open_case(demo_copy) as case:
        statements = [r[0] for r in case.db.execute("SELECT statement FROM claims")]
        assert "Written once the lock is free" in statements
        assert "Written while the case is locked" not in statements


@pytest.mark.slow
def test_the_command_line_reports_a_busy_case_in_one_line(demo_copy):
    """A CLI edit blocked for longer than the busy timeout (10 s) exits 2 with one plain line."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sqlite3, sys, time
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        time.sleep(30)
    """), str(demo_copy / "casebook.sqlite")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = run_cli("--case", demo_copy, "claim", "add", "Blocked claim", check=False)
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is busy in another window or process" in lines[0], result.stderr
    assert 9 < waited < 30
    assert "Blocked claim" not in run_cli("--case", demo_copy, "claim", "list").stdout
