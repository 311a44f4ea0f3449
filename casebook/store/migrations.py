"""The schema's migration chain; every store, new or old, runs the same steps. Never edit a shipped step."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

CASEBOOK_MIGRATIONS = Migrations("casebook")


@CASEBOOK_MIGRATIONS(name="0001_initial_schema")
def initial_schema(db: Database) -> None:
    db.execute("CREATE TABLE case_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            format TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            original_name TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            extractor TEXT NOT NULL,
            page_count INTEGER NOT NULL,
            pages_needing_ocr INTEGER NOT NULL DEFAULT 0,
            court TEXT,
            case_number TEXT,
            ecf_document_number TEXT,
            filed_date TEXT,
            author TEXT,
            publisher TEXT,
            published_date TEXT,
            url TEXT,
            encrypted INTEGER NOT NULL DEFAULT 0,
            has_javascript INTEGER NOT NULL DEFAULT 0,
            html TEXT,
            warnings TEXT NOT NULL DEFAULT '[]'
        )
        """
    )
    db.execute(
        """
        CREATE TABLE provenance (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            original_name TEXT NOT NULL,
            original_path TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (document_id, original_path)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            words BLOB NOT NULL DEFAULT x'',
            paragraphs TEXT NOT NULL DEFAULT '[]',
            needs_ocr INTEGER NOT NULL DEFAULT 0,
            width REAL NOT NULL DEFAULT 0,
            height REAL NOT NULL DEFAULT 0,
            ecf_page INTEGER,
            UNIQUE (document_id, number)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE outline (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            level INTEGER NOT NULL,
            title TEXT NOT NULL,
            page INTEGER NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """
    )
    # The audit log is append-only: the database itself refuses edits and deletions.
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            op TEXT NOT NULL,
            document_id INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX pages_by_document ON pages(document_id, number)")
    db.execute("CREATE INDEX provenance_by_document ON provenance(document_id)")


@CASEBOOK_MIGRATIONS(name="0002_document_short_cite")
def document_short_cite(db: Database) -> None:
    # Short-form citation a lawyer uses in briefs ("Romo Decl.", "Compl."); editable per document.
    db.execute("ALTER TABLE documents ADD COLUMN short_cite TEXT")


KNOWN_MIGRATIONS: tuple[str, ...] = tuple(m.name for m in CASEBOOK_MIGRATIONS._migrations)
