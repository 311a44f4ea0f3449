"""The persisted undo/redo history: edits recorded as row changes with their inverses, replayed on undo and redo.

Every edit of the evidence model goes through a `Recorder`, which performs each insert, update and delete and
notes the change that undoes it. Deleting a row first deletes (or nulls) the rows that refer to it, found
from the schema's foreign keys, so that undo can put all of them back exactly. A committed edit becomes one
`history` row of (label, forward ops, inverse ops); undo replays the inverse, redo the forward ops, and a new
edit after an undo discards the redo branch. Every change also writes its search-index work to the outbox
and an audit entry, in the caller's transaction.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from casebook.core.errors import CasebookError
from casebook.store import audit

log = logging.getLogger(__name__)

# Only these tables may be named in recorded operations (table names are interpolated into SQL).
EVIDENCE_TABLES = (
    "entities", "entity_aliases", "tags", "issues", "excerpts", "claims", "links", "claim_issues",
    "excerpt_entities", "document_tags", "excerpt_tags", "claim_tags",
)

# What a changed row means for the search index: (kind, column holding the target id).
_INDEX_TARGETS: dict[str, tuple[str, str]] = {
    "claims": ("claim", "id"), "claim_issues": ("claim", "claim_id"), "claim_tags": ("claim", "claim_id"),
    "links": ("claim", "claim_id"),
    "excerpts": ("excerpt", "id"), "excerpt_tags": ("excerpt", "excerpt_id"),
    "excerpt_entities": ("excerpt", "excerpt_id"),
    "entities": ("entity", "id"), "entity_aliases": ("entity", "entity_id"),
    "document_tags": ("document", "document_id"),
}
_TARGET_TABLE = {"claim": "claims", "excerpt": "excerpts", "entity": "entities"}

Op = dict[str, Any]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_table(table: str) -> str:
    if table not in EVIDENCE_TABLES:
        raise ValueError(f"{table}: not an evidence table")
    return table


_CHILDREN: dict[str, list[tuple[str, str, str, str]]] | None = None


def _children(db: Database, table: str) -> list[tuple[str, str, str, str]]:
    """(child table, child column, parent column, ON DELETE action) for every foreign key into `table`."""
    global _CHILDREN
    if _CHILDREN is None:
        found: dict[str, list[tuple[str, str, str, str]]] = {}
        for child in EVIDENCE_TABLES:
            for row in db.execute(f"PRAGMA foreign_key_list({child})").fetchall():
                parent, column, parent_column, on_delete = row[2], row[3], row[4] or "id", row[6]
                found.setdefault(parent, []).append((child, column, parent_column, on_delete.upper()))
        if not found:  # a store from before the evidence tables: nothing to cache yet
            return []
        _CHILDREN = found
    return _CHILDREN.get(table, [])


def _row(db: Database, table: str, row_id: int) -> dict[str, Any] | None:
    cursor = db.execute(f"SELECT * FROM {_check_table(table)} WHERE id = ?", [row_id])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


class Recorder:
    """Performs the row changes of one edit and remembers how to redo and undo them."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.forward: list[Op] = []
        self._inverse: list[Op] = []

    def row(self, table: str, row_id: int) -> dict[str, Any] | None:
        return _row(self.db, table, row_id)

    def insert(self, table: str, values: dict[str, Any]) -> int:
        cols = list(values)
        cursor = self.db.execute(
            f"INSERT INTO {_check_table(table)} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [values[c] for c in cols],
        )
        row = _row(self.db, table, int(cursor.lastrowid))
        self.forward.append({"op": "insert", "table": table, "row": row})
        self._inverse.append({"op": "delete", "table": table, "id": row["id"], "row": row})
        return int(row["id"])

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> bool:
        """Change some columns of one row; records nothing and returns False when nothing changes."""
        old = _row(self.db, table, row_id)
        if old is None:
            raise CasebookError(f"no {table[:-1]} {row_id}")
        changed = {k: v for k, v in values.items() if old.get(k) != v}
        if not changed:
            return False
        _apply(self.db, {"op": "update", "table": table, "id": row_id, "values": changed})
        new = {**old, **changed}
        self.forward.append({"op": "update", "table": table, "id": row_id, "values": changed, "row": new})
        self._inverse.append({"op": "update", "table": table, "id": row_id,
                              "values": {k: old[k] for k in changed}, "row": old})
        return True

    def delete(self, table: str, row_id: int) -> None:
        """Delete a row, first deleting (ON DELETE CASCADE) or nulling (SET NULL) the rows that refer to it."""
        row = _row(self.db, table, row_id)
        if row is None:
            return
        for child, column, parent_column, on_delete in _children(self.db, table):
            if child not in EVIDENCE_TABLES or on_delete not in ("CASCADE", "SET NULL"):
                continue
            ids = [r[0] for r in self.db.execute(
                f"SELECT id FROM {child} WHERE {column} = ? ORDER BY id", [row[parent_column]])]
            for child_id in ids:
                if on_delete == "CASCADE":
                    self.delete(child, child_id)
                else:
                    self.update(child, child_id, {column: None})
        _apply(self.db, {"op": "delete", "table": table, "id": row_id})
        self.forward.append({"op": "delete", "table": table, "id": row_id, "row": row})
        self._inverse.append({"op": "insert", "table": table, "row": row})

    @property
    def inverse(self) -> list[Op]:
        return list(reversed(self._inverse))

    @property
    def changed(self) -> bool:
        return bool(self.forward)


def _apply(db: Database, op: Op) -> None:
    table = _check_table(op["table"])
    if op["op"] == "insert":
        row = op["row"]
        cols = list(row)
        db.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                   [row[c] for c in cols])
    elif op["op"] == "update":
        values = op["values"]
        db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in values)} WHERE id = ?",
                   [*values.values(), op["id"]])
    elif op["op"] == "delete":
        db.execute(f"DELETE FROM {table} WHERE id = ?", [op["id"]])
    else:
        raise ValueError(f"unknown history operation {op['op']!r}")


def write_outbox(db: Database, ops: list[Op]) -> list[tuple[str, int | None, int | None]]:
    """Queue index work for every claim, excerpt, entity and document an edit touched; returns the rows."""
    targets: dict[tuple[str, int], int | None] = {}
    for op in ops:
        mapping = _INDEX_TARGETS.get(op["table"])
        row = op.get("row") or {}
        if mapping is None or row.get(mapping[1]) is None:
            continue
        kind, column = mapping
        document_id = row.get("document_id") if kind in ("excerpt", "document") else None
        targets.setdefault((kind, int(row[column])), document_id)
    written = []
    at = _now()
    for (kind, target_id), document_id in targets.items():
        if kind == "document":
            entry = ("index_document", target_id, None)
        else:
            exists = _row(db, _TARGET_TABLE[kind], target_id) is not None
            entry = (f"{'index' if exists else 'delete'}_{kind}", document_id, target_id)
        db.execute("INSERT INTO outbox (op, document_id, created_at, target_id) VALUES (?, ?, ?, ?)",
                   [entry[0], entry[1], at, entry[2]])
        written.append(entry)
    return written


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    label: str
    undone: bool
    created_at: str


def commit(db: Database, recorder: Recorder, *, label: str, action: str, target: str,
           details: dict[str, Any] | None = None) -> HistoryEntry | None:
    """Record a finished edit: history row (dropping any redo branch), outbox rows and audit entry."""
    if not recorder.changed:
        return None
    db.execute("DELETE FROM history WHERE undone = 1")
    at = _now()
    cursor = db.execute(
        "INSERT INTO history (label, forward, inverse, undone, created_at) VALUES (?, ?, ?, 0, ?)",
        [label, json.dumps(recorder.forward, ensure_ascii=False), json.dumps(recorder.inverse, ensure_ascii=False),
         at],
    )
    write_outbox(db, recorder.forward)
    audit.append(db, action, target, {**(details or {}), "label": label, "history": int(cursor.lastrowid)})
    return HistoryEntry(int(cursor.lastrowid), label, False, at)


def _replay(db: Database, ops: list[Op], *, what: str, label: str) -> None:
    try:
        for op in ops:
            _apply(db, op)
    except sqlite3.IntegrityError as exc:
        raise CasebookError(f"cannot {what} “{label}”: the case has changed underneath it ({exc})") from exc
    write_outbox(db, ops)


def undo(db: Database) -> HistoryEntry | None:
    """Undo the newest edit not yet undone; None when there is nothing to undo."""
    row = db.execute("SELECT seq, label, inverse, created_at FROM history WHERE undone = 0 "
                     "ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        return None
    seq, label, inverse, created = row
    _replay(db, json.loads(inverse), what="undo", label=label)
    db.execute("UPDATE history SET undone = 1 WHERE seq = ?", [seq])
    audit.append(db, "history.undo", f"history:{seq}", {"label": label})
    return HistoryEntry(seq, label, True, created)


def redo(db: Database) -> HistoryEntry | None:
    """Redo the edit undone most recently; None when there is nothing to redo."""
    row = db.execute("SELECT seq, label, forward, created_at FROM history WHERE undone = 1 "
                     "ORDER BY seq ASC LIMIT 1").fetchone()
    if row is None:
        return None
    seq, label, forward, created = row
    _replay(db, json.loads(forward), what="redo", label=label)
    db.execute("UPDATE history SET undone = 0 WHERE seq = ?", [seq])
    audit.append(db, "history.redo", f"history:{seq}", {"label": label})
    return HistoryEntry(seq, label, False, created)


def entries(db: Database, *, limit: int | None = None) -> list[HistoryEntry]:
    sql = "SELECT seq, label, undone, created_at FROM history ORDER BY seq DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [HistoryEntry(s, label, bool(u), at) for s, label, u, at in db.execute(sql)]


def next_labels(db: Database) -> tuple[str | None, str | None]:
    """The labels the GUI shows on its Undo and Redo menu items (None when disabled)."""
    undo_row = db.execute("SELECT label FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT 1").fetchone()
    redo_row = db.execute("SELECT label FROM history WHERE undone = 1 ORDER BY seq ASC LIMIT 1").fetchone()
    return (undo_row[0] if undo_row else None, redo_row[0] if redo_row else None)
