"""The hash-chained audit log detects edits; the originals vault stores each file once, read-only."""

from __future__ import annotations

import itertools
import os
import sqlite3
import stat

import pytest

from casebook.store import audit
from casebook.store.originals import OriginalsVault, sha256_of


def _append_some(case, n=3):
    for i in range(n):
        with case.transaction() as db:
            audit.append(db, "test.action", f"thing:{i}", {"n": i})


def test_audit_chain_is_intact_after_appends(case):
    _append_some(case)
    assert audit.verify_chain(case.db) == []
    entries = audit.entries(case.db)
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(entries))


def test_audit_log_refuses_updates_and_deletes(case):
    _append_some(case)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), case.transaction() as db:
        db.execute("UPDATE audit_log SET action = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), case.transaction() as db:
        db.execute("DELETE FROM audit_log WHERE seq = 2")


def _tamper(case, sql):
    conn = sqlite3.connect(case.layout.db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_an_edited_entry_is_detected(case):
    _append_some(case)
    _tamper(case, "UPDATE audit_log SET details = '{\"n\": 99}' WHERE seq = 3")
    problems = audit.verify_chain(case.db)
    assert any("entry 3" in p and "altered" in p for p in problems)


def test_a_deleted_entry_is_detected(case):
    _append_some(case)
    _tamper(case, "DELETE FROM audit_log WHERE seq = 2")
    problems = audit.verify_chain(case.db)
    assert any("missing" in p for p in problems)


def test_rewriting_the_newest_entry_with_a_fresh_hash_is_detected(case):
    _append_some(case)
    last = audit.entries(case.db)[-1]
    forged = audit._entry_hash(last.prev_hash, last.seq, last.at, last.actor, "test.forged", last.target, "{}")
    _tamper(case, f"UPDATE audit_log SET action = 'test.forged', details = '{{}}', hash = '{forged}' "
                  f"WHERE seq = {last.seq}")
    assert any("head" in p for p in audit.verify_chain(case.db))


def test_vault_stores_once_read_only_and_detects_alteration(tmp_path):
    source = tmp_path / "decl.pdf"
    source.write_bytes(b"%PDF-1.7 pretend evidence")
    vault = OriginalsVault(tmp_path / "originals")
    first = vault.put(source)
    second = vault.put(source)
    assert first.newly_stored and not second.newly_stored
    assert first.sha256 == sha256_of(source)[0] and first.path == second.path
    assert first.path.read_bytes() == source.read_bytes()
    assert not (first.path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    assert vault.verify(first.sha256, first.size) is None
    assert list(vault.leftovers()) == []
    os.chmod(first.path, stat.S_IRUSR | stat.S_IWUSR)
    first.path.write_bytes(b"%PDF-1.7 altered evidence")
    assert "altered" in vault.verify(first.sha256, first.size)
    first.path.unlink()
    assert "missing" in vault.verify(first.sha256, first.size)
