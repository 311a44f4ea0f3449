"""Rolling backups of the store: daily on open, before migrations and restores, pruned, listed and restored."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

from casebook.core.errors import CaseError
from tests.robustness.conftest import run_cli


def _fresh(demo_copy):
    """The demo copy without the backups taken while it was built."""
    for path in (demo_copy / "backups").iterdir():
        path.unlink()
    return demo_copy


def test_opening_a_case_takes_one_backup_a_day(demo_copy):
    from casebook.services.backups import list_case_backups
    from casebook.services.cases import open_case

    root = _fresh(demo_copy)
    for _ in range(3):
        with open_case(root) as case:
            pass
    backups = list_case_backups(case)
    assert [b.kind for b in backups] == ["daily"]
    copy = sqlite3.connect(f"file:{backups[0].path}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # self-contained, no -wal
        assert copy.execute("SELECT count(*) FROM documents").fetchone()[0] == 6
    finally:
        copy.close()
    assert not [p for p in (root / "backups").iterdir() if p.name.startswith(".")]


def test_a_new_day_brings_a_new_backup_and_pruning_keeps_the_policy(tmp_path, demo_copy):
    from casebook.services.cases import open_case
    from casebook.store import backups

    root = _fresh(demo_copy)
    folder = root / "backups"
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    with open_case(root) as case:
        _fresh(root)  # drop today's real backup: the days below are simulated
        for day in range(12):  # twelve days of use
            assert backups.ensure_daily_backup(case.db, folder, now=start + timedelta(days=day)) is not None
            assert backups.ensure_daily_backup(case.db, folder, now=start + timedelta(days=day, hours=5)) is None
        for age in (200, 120, 30):  # pre-migration and pre-restore backups of various ages
            backups.take_backup(case.db, folder, reason="before-0009_example", now=start - timedelta(days=age))
            backups.take_backup(case.db, folder, reason="before-restore", now=start - timedelta(days=age))
        backups.take_backup(case.db, folder, reason="manual", now=start - timedelta(days=400))
        (folder / "my notes.txt").write_text("kept")
        stale = folder / ".incoming-backup-dead.sqlite"
        stale.write_bytes(b"partial")
        os.utime(stale, (time.time() - 7200, time.time() - 7200))
        removed = backups.prune_backups(folder, now=start + timedelta(days=11))
    kept = backups.list_backups(folder)
    dailies = [b for b in kept if b.kind == "daily"]
    assert len(dailies) == backups.KEEP_DAILY
    assert dailies[-1].taken_at.date() == (start + timedelta(days=11)).date()
    for kind in ("pre-migration", "pre-restore"):  # 30 days old kept, 120 and 200 days pruned
        ages = sorted(((start + timedelta(days=11)) - b.taken_at).days for b in kept if b.kind == kind)
        assert ages == [41]
    assert [b.kind for b in kept].count("other") == 1  # a manual backup is never pruned automatically
    assert (folder / "my notes.txt").exists() and stale in removed and not stale.exists()


def test_the_newest_safety_backup_is_kept_whatever_its_age(tmp_path, demo_copy):
    from casebook.services.cases import open_case
    from casebook.store import backups

    root = _fresh(demo_copy)
    folder = root / "backups"
    with open_case(root) as case:
        old = backups.take_backup(case.db, folder, reason="before-0004_x",
                                  now=datetime.now(UTC) - timedelta(days=900))
    backups.prune_backups(folder)
    assert old.exists()


def test_restore_brings_back_the_backup_and_records_it(demo_copy):
    from casebook.services import evidence
    from casebook.services.backups import list_case_backups, restore_backup
    from casebook.services.cases import open_case
    from casebook.services.search import search
    from casebook.services.verify import verify_case
    from casebook.store.audit import verify_chain

    root = _fresh(demo_copy)
    with open_case(root) as case:
        daily = list_case_backups(case)[0]
        claims = case.db.execute("SELECT count(*) FROM claims").fetchone()[0]
        head_before = case.meta()["audit_head"]
        evidence.add_claim(case, "A claim made after the backup")
        result = restore_backup(case, daily.name)
        assert result.restored.name == daily.name and result.index_rebuilt
        assert case.db.execute("SELECT count(*) FROM claims").fetchone()[0] == claims
        last = case.db.execute("SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        details = json.loads(last[1])
        assert last[0] == "case.restore" and details["backup"] == daily.name
        assert details["safety_backup"] == result.safety_backup
        assert details["replaced_audit_head"] != head_before  # the head after the extra claim was recorded
        assert not verify_chain(case.db)
        assert verify_case(case).ok
        assert search(case, "taxpayer").total > 0
        kinds = {b.name: b.kind for b in list_case_backups(case)}
        assert kinds[result.safety_backup] == "pre-restore"
        # and the restore itself can be undone by restoring the safety backup
        restore_backup(case, result.safety_backup)
        statements = [r[0] for r in case.db.execute("SELECT statement FROM claims")]
        assert "A claim made after the backup" in statements
        assert verify_case(case).ok


def test_restore_over_documents_imported_later_removes_them_from_the_index(demo_copy, pdf_factory):
    from casebook.services.backups import list_case_backups, restore_backup
    from casebook.services.cases import open_case
    from casebook.services.importing import import_paths
    from casebook.services.search import search
    from casebook.services.verify import verify_case

    root = _fresh(demo_copy)
    with open_case(root) as case:
        daily = list_case_backups(case)[0]
        late = pdf_factory(["A late exhibit about zeppelins\n1. Zeppelin paragraph."])
        assert not import_paths(case, [late]).failed
        from casebook.services.search import sync_index

        sync_index(case)
        assert search(case, "zeppelins").total == 1
        result = restore_backup(case, daily.name)
        assert result.documents_removed == [7]
        assert search(case, "zeppelins").total == 0
        report = verify_case(case)
        assert report.ok and any("belong to no document" in n for n in report.notes)  # the original is kept


def test_restore_seen_by_another_open_window(demo_copy):
    """Another window with the case open sees the restored store at once; nothing is torn."""
    from casebook.services import evidence
    from casebook.services.backups import list_case_backups, restore_backup
    from casebook.services.cases import open_case

    root = _fresh(demo_copy)
    with open_case(root) as window_one, open_case(root) as window_two:
        daily = list_case_backups(window_one)[0]
        evidence.add_claim(window_two, "Made in window two")
        restore_backup(window_one, daily.name)
        assert "Made in window two" not in [r[0] for r in window_two.db.execute("SELECT statement FROM claims")]
        evidence.add_claim(window_two, "Made after the restore")
    with open_case(root) as case:
        actions = [r[0] for r in case.db.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 2")]
        assert actions == ["claim.add", "case.restore"]


def test_restore_refuses_a_backup_of_another_case_or_a_damaged_one(tmp_path, demo_copy, case):
    from casebook.services.backups import restore_backup
    from casebook.services.cases import open_case

    root = _fresh(demo_copy)
    with open_case(root):
        pass
    other = next((root / "backups").iterdir())
    with pytest.raises(CaseError, match="another case"):
        restore_backup(case, str(other))
    damaged = tmp_path / "casebook-20260101T000000000000Z-daily.sqlite"
    damaged.write_bytes(other.read_bytes()[:8192] + b"\0" * 4096)
    with pytest.raises(CaseError, match=r"damaged|not a Casebook"):
        restore_backup(case, str(damaged))
    with pytest.raises(CaseError, match="no backup"):
        restore_backup(case, "casebook-1999")


def test_cli_lists_and_restores(demo_copy):
    root = _fresh(demo_copy)
    run_cli("--case", root, "claim", "add", "Claim made before restoring")
    listed = json.loads(run_cli("--case", root, "backups", "--json").stdout)
    assert [b["kind"] for b in listed] == ["daily"]
    refused = run_cli("--case", root, "restore", check=False, stdin=None, input="")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    restored = json.loads(run_cli("--case", root, "restore", listed[0]["name"], "--yes", "--json").stdout)
    assert restored["restored"] == listed[0]["name"]
    assert "Claim made before restoring" not in run_cli("--case", root, "claim", "list").stdout
    log = run_cli("--case", root, "log").stdout.splitlines()
    assert "case.restore" in log[-1]
    kinds = [b["kind"] for b in json.loads(run_cli("--case", root, "backups", "--json").stdout)]
    assert sorted(kinds) == ["daily", "pre-restore"]


def test_a_migration_backup_is_listed_as_such(tmp_path):
    """The pre-migration backup taken by the store opener (database.backup_store) is recognised."""
    from casebook.services.backups import list_case_backups
    from casebook.services.cases import open_case
    from casebook.store.database import open_store
    from casebook.store.layout import CaseLayout
    from casebook.store.migrations import CASEBOOK_MIGRATIONS

    root = tmp_path / "old case"
    layout = CaseLayout(root)
    layout.make_folders()
    names = [m.name for m in CASEBOOK_MIGRATIONS.pending(open_store(tmp_path / "probe.sqlite", create=True,
                                                                    stop_before="0001_initial_schema"))]
    if len(names) < 2:
        pytest.skip("only one schema step: nothing to migrate")
    old = open_store(layout.db_path, create=True, stop_before=names[-1])
    old.execute("INSERT INTO case_meta (key, value) VALUES ('title', 'Old'), ('created_at', '2025-01-01')")
    old.conn.close()
    with open_case(root) as case:
        kinds = sorted(b.kind for b in list_case_backups(case))
    assert kinds == ["pre-migration"]  # it is also today's backup: the store as first opened today
