"""Opening a case's SQLite store: pragmas, the migration chain, backups first, and refusal of newer stores."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from casebook import __version__
from casebook.core.errors import CaseError
from casebook.store.migrations import CASEBOOK_MIGRATIONS, KNOWN_MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def connect(db_path: Path) -> Database:
    """Open a connection with the pragmas every Casebook connection uses."""
    try:
        conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise CaseError(f"{db_path}: cannot open the case store: {exc}") from exc
    db = Database(conn)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("%s: journal mode is %s, not WAL", db_path, mode)
        # FULL: in WAL mode NORMAL may lose the last commits on power loss; an import or an excerpt the user was
        # told is saved must survive it. Each commit then waits for one fsync of the WAL.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CaseError(f"{db_path}: not a Casebook store or damaged beyond repair: {exc}") from exc
    return db


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT just made (sqlite3 types it Optional; after an INSERT it is always set)."""
    if cursor.lastrowid is None:
        raise RuntimeError("no row was inserted")
    return cursor.lastrowid


def applied_migrations(db: Database) -> list[str]:
    return [m.name for m in CASEBOOK_MIGRATIONS.applied(db)]


def open_store(db_path: Path, *, backups: Path | None = None, create: bool = False,
               stop_before: str | None = None) -> Database:
    """Open (or create) a store and bring its schema up to date.

    Refuses a store written by a newer Casebook; backs the store up with SQLite's backup API before
    migrating an existing one. `stop_before` exists so tests can build a store as an older release made it.
    """
    if not create and not db_path.is_file():
        raise CaseError(f"{db_path.parent}: not a Casebook case (no {db_path.name})")
    db = connect(db_path)
    try:
        applied = applied_migrations(db)
        unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
        if unknown:
            raise CaseError(
                f"{db_path.parent}: this case was written by a newer Casebook (schema step {unknown[-1]!r}); "
                f"Casebook {__version__} cannot open it safely — install the newer version"
            )
        pending = [m.name for m in CASEBOOK_MIGRATIONS.pending(db)]
        if stop_before is not None and stop_before in pending:
            pending = pending[: pending.index(stop_before)]
        if pending and applied and backups is not None:
            backup_store(db, backups, reason=f"before-{pending[0]}")
        if pending:
            CASEBOOK_MIGRATIONS.apply(db, stop_before=stop_before)
            log.info("%s: applied schema steps %s", db_path, ", ".join(pending))
        return db
    except BaseException:
        db.conn.close()
        raise


def backup_store(db: Database, backups: Path, *, reason: str) -> Path:
    """Copy the live store with SQLite's online backup API (consistent even in WAL mode)."""
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"casebook-{stamp}-{reason}.sqlite"
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target
