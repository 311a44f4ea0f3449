"""A case on disk: its folder, its SQLite store and its vault of originals, opened together."""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from casebook import __version__
from casebook.core.errors import CaseError
from casebook.store import audit
from casebook.store.backups import ensure_daily_backup
from casebook.store.database import BUSY_TIMEOUT_MS, open_store
from casebook.store.layout import CaseLayout
from casebook.store.originals import OriginalsVault

log = logging.getLogger(__name__)

# Undo and redo are per session (see store/history.py). The command line is one process per command, so all of
# it is one well-known session, and `casebook undo` undoes the previous `casebook` command's edit; each GUI window
# passes its own `new_session_id()`. SHARED_SESSION records edits any session may undo (the demo case's setup).
CLI_SESSION = "cli"
SHARED_SESSION: str | None = None


def new_session_id() -> str:
    """A fresh session id for one window: never persisted except on the history entries it makes."""
    return uuid.uuid4().hex


class CaseStore:
    """The open store of one case. Widgets never see it; services pass it to store functions."""

    def __init__(self, layout: CaseLayout, db: Database, *, session: str | None = CLI_SESSION) -> None:
        self.layout = layout
        self.db = db
        self.session_id = session  # whose undo stack this opening uses and adds to
        self.vault = OriginalsVault(layout.originals)

    @classmethod
    def create(cls, root: Path, *, title: str, session: str | None = CLI_SESSION) -> CaseStore:
        layout = CaseLayout(root)
        if layout.is_case():
            raise CaseError(f"{root}: a case already exists here")
        if root.exists() and not root.is_dir():
            raise CaseError(f"{root}: exists and is not a folder")
        if root.is_dir() and any(p for p in root.iterdir() if not p.name.startswith(".")):
            raise CaseError(f"{root}: folder is not empty; choose a new or empty folder for the case")
        try:
            layout.make_folders()
        except OSError as exc:
            raise CaseError(f"{root}: cannot create the case folder: {exc.strerror or exc}") from exc
        db = open_store(layout.db_path, create=True)
        store = cls(layout, db, session=session)
        with store.transaction():
            created = datetime.now(UTC).isoformat(timespec="seconds")
            for key, value in (("title", title), ("created_at", created), ("created_by_version", __version__)):
                db.execute("INSERT INTO case_meta (key, value) VALUES (?, ?)", [key, value])
            audit.append(db, "case.create", "case", {"title": title})
        return store

    @classmethod
    def open(cls, root: Path, *, session: str | None = CLI_SESSION) -> CaseStore:
        layout = CaseLayout(root)
        if not root.is_dir():
            raise CaseError(f"{root}: no such case folder")
        if not layout.is_case():
            raise CaseError(f"{root}: not a Casebook case (no {layout.db_path.name}); create one with 'casebook new'")
        _refuse_read_only(layout)
        db = open_store(layout.db_path, backups=layout.backups)
        store = cls(layout, db, session=session)
        for folder in (layout.originals, layout.index, layout.exports):
            folder.mkdir(exist_ok=True)
        ensure_daily_backup(db, layout.backups)
        return store

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction; BEGIN IMMEDIATE takes the write lock up front so writers queue, not fail."""
        conn = self.db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                plain = self._storage_error(exc)
                if plain is exc:
                    raise
                raise plain from exc
            raise CaseError(
                f"{self.layout.root}: the case is busy in another window or process (it kept the case locked "
                f"for more than {BUSY_TIMEOUT_MS // 1000} s); nothing was changed — try again when it is done"
            ) from exc
        try:
            yield self.db
            conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite rolls back by itself after some errors (a full disk); a second ROLLBACK would hide the cause.
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    log.warning("%s: rollback failed after %s", self.layout.root, exc, exc_info=True)
            plain = self._storage_error(exc) if isinstance(exc, sqlite3.OperationalError) else exc
            if plain is exc:
                raise
            raise plain from exc

    def _storage_error(self, exc: sqlite3.OperationalError) -> BaseException:
        """A plain-words CaseError for a full disk, a read-only store or an I/O failure; other errors unchanged."""
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        root = self.layout.root
        if code == sqlite3.SQLITE_FULL:
            return CaseError(f"{root}: the disk holding the case is full; the change was not saved (nothing was "
                             "lost) — free some space and try again")
        if code == sqlite3.SQLITE_READONLY:
            return CaseError(f"{root}: the case store is read-only; the change was not saved")
        if code == sqlite3.SQLITE_IOERR:
            return CaseError(f"{root}: the disk reported an error while saving ({exc}); the change was not saved")
        return exc

    def mark(self, key: str, value: str, *, action: str) -> None:
        """Set a case setting (a case_meta key) in one transaction with its audit entry."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO case_meta (key, value) VALUES (?, ?)", [key, value])
            audit.append(db, action, "case", {key: value})

    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM case_meta").fetchall())

    @property
    def title(self) -> str:
        return self.meta().get("title", self.layout.root.name)

    def integrity_problems(self) -> list[str]:
        """SQLite's own integrity and foreign-key checks."""
        problems = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} row {rowid} points at a missing {parent} row")
        return problems


def _refuse_read_only(layout: CaseLayout) -> None:
    """Refuse plainly, before SQLite creates its -wal and -shm files, when the case cannot be written."""
    for path in (layout.root, layout.db_path):
        if not os.access(path, os.W_OK):
            reason = "is on a read-only disk" if _on_read_only_mount(path) else "is read-only"
            raise CaseError(f"{path}: the case {reason}; Casebook must be able to write to the case folder and "
                            "its store — copy the case to a writable folder (nothing was changed)")


def _on_read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False
