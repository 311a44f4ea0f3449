"""A case on disk: its folder, its SQLite store and its vault of originals, opened together."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from casebook import __version__
from casebook.core.errors import CaseError
from casebook.store import audit
from casebook.store.database import open_store
from casebook.store.layout import CaseLayout
from casebook.store.originals import OriginalsVault

log = logging.getLogger(__name__)


class CaseStore:
    """The open store of one case. Widgets never see it; services pass it to store functions."""

    def __init__(self, layout: CaseLayout, db: Database) -> None:
        self.layout = layout
        self.db = db
        self.vault = OriginalsVault(layout.originals)

    @classmethod
    def create(cls, root: Path, *, title: str) -> CaseStore:
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
        store = cls(layout, db)
        with store.transaction():
            created = datetime.now(UTC).isoformat(timespec="seconds")
            for key, value in (("title", title), ("created_at", created), ("created_by_version", __version__)):
                db.execute("INSERT INTO case_meta (key, value) VALUES (?, ?)", [key, value])
            audit.append(db, "case.create", "case", {"title": title})
        return store

    @classmethod
    def open(cls, root: Path) -> CaseStore:
        layout = CaseLayout(root)
        if not root.is_dir():
            raise CaseError(f"{root}: no such case folder")
        if not layout.is_case():
            raise CaseError(f"{root}: not a Casebook case (no {layout.db_path.name}); create one with 'casebook new'")
        db = open_store(layout.db_path, backups=layout.backups)
        store = cls(layout, db)
        for folder in (layout.originals, layout.index, layout.exports):
            folder.mkdir(exist_ok=True)
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
            raise CaseError(f"{self.layout.root}: the case is busy in another window or process ({exc})") from exc
        try:
            yield self.db
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

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
