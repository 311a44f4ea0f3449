"""Case creation, the schema, migrations from an older store, and refusal of a newer one."""

from __future__ import annotations

import sqlite3

import pytest

from casebook.core.errors import CaseError
from casebook.services.cases import create_case, open_case
from casebook.store.database import open_store
from casebook.store.layout import CaseLayout
from casebook.store.migrations import KNOWN_MIGRATIONS


def test_new_case_has_folders_schema_and_pragmas(tmp_path):
    with create_case(tmp_path / "c", title="Taxpayer Rights Center v. IRS") as case:
        layout = case.layout
        for folder in (layout.originals, layout.index, layout.exports):
            assert folder.is_dir()
        tables = set(case.db.table_names())
        assert {"documents", "pages", "provenance", "outline", "audit_log", "outbox", "case_meta"} <= tables
        assert case.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert case.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert case.title == "Taxpayer Rights Center v. IRS"
        applied = [r[0] for r in case.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert tuple(applied) == KNOWN_MIGRATIONS
        assert case.db.execute("SELECT action FROM audit_log").fetchall() == [("case.create",)]


def test_new_case_refuses_existing_case_and_non_empty_folder(tmp_path):
    create_case(tmp_path / "c", title="A").close()
    with pytest.raises(CaseError, match="already exists"):
        create_case(tmp_path / "c", title="B")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x")
    with pytest.raises(CaseError, match="not empty"):
        create_case(tmp_path / "busy", title="C")


def test_open_refuses_a_folder_that_is_not_a_case(tmp_path):
    with pytest.raises(CaseError, match="not a Casebook case"):
        open_case(tmp_path)
    with pytest.raises(CaseError, match="no such case folder"):
        open_case(tmp_path / "missing")


def test_migration_from_a_store_made_by_an_earlier_release(tmp_path):
    layout = CaseLayout(tmp_path / "old")
    layout.make_folders()
    # Build the store exactly as release 1 (schema step 0001 only) would have, with a document in it.
    db = open_store(layout.db_path, create=True, stop_before="0002_document_short_cite")
    assert "short_cite" not in db["documents"].columns_dict
    db.execute("INSERT INTO case_meta (key, value) VALUES ('title', 'Old case')")
    db.execute(
        "INSERT INTO documents (sha256, size, format, kind, title, original_name, imported_at, extractor, "
        "page_count) VALUES ('ab' || printf('%062d', 0), 10, 'pdf', 'order', 'Old order', 'o.pdf', "
        "'2025-01-01T00:00:00+00:00', 'x', 0)"
    )
    db.conn.close()

    with open_case(layout.root) as case:
        assert "short_cite" in case.db["documents"].columns_dict
        assert case.db.execute("SELECT title FROM documents").fetchall() == [("Old order",)]
        applied = [r[0] for r in case.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert tuple(applied) == KNOWN_MIGRATIONS
    backups = list(layout.backups.glob("*.sqlite"))
    assert len(backups) == 1 and "before-0002_document_short_cite" in backups[0].name
    with sqlite3.connect(backups[0]) as old:
        columns = [r[1] for r in old.execute("PRAGMA table_info(documents)")]
        assert "short_cite" not in columns  # the backup is the store as it was before migrating
    # Opening again migrates nothing and makes no new backup.
    open_case(layout.root).close()
    assert len(list(layout.backups.glob("*.sqlite"))) == 1


def test_store_written_by_a_newer_casebook_is_refused(tmp_path):
    create_case(tmp_path / "c", title="A").close()
    with sqlite3.connect(tmp_path / "c" / "casebook.sqlite") as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('casebook', '0099_from_the_future', '2030-01-01')"
        )
    with pytest.raises(CaseError, match="newer Casebook"):
        open_case(tmp_path / "c")


def test_a_file_that_is_not_sqlite_is_reported(tmp_path):
    layout = CaseLayout(tmp_path / "c")
    layout.make_folders()
    layout.db_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CaseError, match=r"not a Casebook store|damaged"):
        open_case(layout.root)


def test_every_connection_is_durable_on_power_loss(tmp_path) -> None:
    """synchronous=FULL: a commit the user was told about is on disk, even in WAL mode."""
    from casebook.store.database import connect

    db = connect(tmp_path / "durable.sqlite")
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
