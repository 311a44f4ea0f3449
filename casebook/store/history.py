"""The persisted undo/redo history: edits recorded as row changes with their inverses, replayed on undo and redo.

Every edit of the evidence model goes through a `Recorder`, which performs each insert, update and delete and
notes the change that undoes it. Deleting a row first deletes (or nulls) the rows that refer to it, found
from the schema's foreign keys, so that undo can put all of them back exactly. A committed edit becomes one
`history` row of (label, forward ops, inverse ops, session); undo replays the inverse, redo the forward ops.
A person's edit of a document's metadata or of the case caption is recorded the same way, column by column
(FIELD_TABLES: such rows are only ever updated, never inserted or deleted by an edit).
Every change also writes its search-index work to the outbox and an audit entry, in the caller's transaction.

Undo and redo are per session, so one window never undoes another's edit. A session is one opening of the case
by a GUI window (a fresh id per window) or the command line as a whole (the well-known "cli" session, so
`casebook undo` works across separate commands); entries with a NULL session (made before sessions were
recorded, or shared on purpose like the demo's setup) belong to every session until one undoes them. Undo takes
the session's newest entry not undone, redo its most recently undone one, and a new edit discards only the
session's own redo branch. Because other sessions' edits interleave, replaying an entry first checks that every
row it touches is exactly as the entry left it (and that nothing else now refers to a row it would delete); if
another window has changed it since, the undo or redo is refused with a CasebookError and nothing changes.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from casebook.core.errors import CasebookError
from casebook.store import audit
from casebook.store.database import inserted_id

log = logging.getLogger(__name__)

# Only these tables may be named in recorded operations (table names are interpolated into SQL).
EVIDENCE_TABLES = (
    "entities", "entity_aliases", "tags", "issues", "excerpts", "claims", "links", "claim_issues",
    "excerpt_entities", "document_tags", "excerpt_tags", "claim_tags", "privacy_findings", "privacy_terms",
    "bundle_definitions",
)

# Tables an edit changes column by column but never inserts into or deletes from (a document's metadata, the case's
# settings), with the column that names their rows. Their recorded rows hold only the columns the edit changed, so
# undo is refused only when one of those has changed since (a re-analysis of other columns does not block it).
FIELD_TABLES: dict[str, str] = {"documents": "id", "case_meta": "key"}

# What a changed row means for the search index: (kind, column holding the target id).
_INDEX_TARGETS: dict[str, tuple[str, str]] = {
    "claims": ("claim", "id"), "claim_issues": ("claim", "claim_id"), "claim_tags": ("claim", "claim_id"),
    "links": ("claim", "claim_id"),
    "excerpts": ("excerpt", "id"), "excerpt_tags": ("excerpt", "excerpt_id"),
    "excerpt_entities": ("excerpt", "excerpt_id"),
    "entities": ("entity", "id"), "entity_aliases": ("entity", "entity_id"),
    "document_tags": ("document", "document_id"), "documents": ("document", "id"),
}
_TARGET_TABLE = {"claim": "claims", "excerpt": "excerpts", "entity": "entities"}

Op = dict[str, Any]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_table(table: str) -> str:
    if table not in EVIDENCE_TABLES and table not in FIELD_TABLES:
        raise ValueError(f"{table}: not an evidence table")
    return table


def _check_columns(columns: Iterable[str]) -> list[str]:
    names = list(columns)
    if not all(name.isidentifier() for name in names):
        raise ValueError(f"not column names: {names}")
    return names


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


def _row(db: Database, table: str, row_id: Any, columns: Iterable[str] | None = None) -> dict[str, Any] | None:
    """A row as a dict: every column, or the row's key and `columns` (always so for a FIELD_TABLES row)."""
    key = FIELD_TABLES.get(table, "id")
    if columns is None and table in FIELD_TABLES:
        raise ValueError(f"{table}: name the columns to record")
    selected = "*" if columns is None else ", ".join(dict.fromkeys([key, *_check_columns(columns)]))
    cursor = db.execute(f"SELECT {selected} FROM {_check_table(table)} WHERE {key} = ?", [row_id])
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
        if table in FIELD_TABLES:
            raise ValueError(f"{table}: edits may only update its rows")
        cols = list(values)
        cursor = self.db.execute(
            f"INSERT INTO {_check_table(table)} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [values[c] for c in cols],
        )
        row = _row(self.db, table, inserted_id(cursor))
        if row is None:
            raise CasebookError(f"{table}: the inserted row cannot be read back")
        self.forward.append({"op": "insert", "table": table, "row": row})
        self._inverse.append({"op": "delete", "table": table, "id": row["id"], "row": row})
        return int(row["id"])

    def update(self, table: str, row_id: int | str, values: dict[str, Any]) -> bool:
        """Change some columns of one row; records nothing and returns False when nothing changes."""
        by_field = table in FIELD_TABLES
        old = _row(self.db, table, row_id, values if by_field else None)
        if old is None:
            raise CasebookError(f"no {table[:-1]} {row_id}")
        changed = {k: v for k, v in values.items() if old.get(k) != v}
        if not changed:
            return False
        _apply(self.db, {"op": "update", "table": table, "id": row_id, "values": changed})
        # As stored (column affinity), since undo compares against it.
        new = _row(self.db, table, row_id, changed if by_field else None)
        if new is None:
            raise CasebookError(f"no {table[:-1]} {row_id}")
        if by_field:
            old = {k: v for k, v in old.items() if k in new}
        self.forward.append({"op": "update", "table": table, "id": row_id, "values": changed, "row": new})
        self._inverse.append({"op": "update", "table": table, "id": row_id,
                              "values": {k: old[k] for k in changed}, "row": old})
        return True

    def delete(self, table: str, row_id: int) -> None:
        """Delete a row, first deleting (ON DELETE CASCADE) or nulling (SET NULL) the rows that refer to it."""
        if table in FIELD_TABLES:
            raise ValueError(f"{table}: edits may only update its rows")
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
        db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in _check_columns(values))} "
                   f"WHERE {FIELD_TABLES.get(table, 'id')} = ?", [*values.values(), op["id"]])
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
    written: list[tuple[str, int | None, int | None]] = []
    at = _now()
    for (kind, target_id), document_id in targets.items():
        entry: tuple[str, int | None, int | None]
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


# The entries a session's Undo and Redo work through: its own, and those every session shares (NULL: made before
# sessions were recorded, or by the demo's setup). `IS` matches NULL to NULL, so the shared session sees only those.
_MINE = "(session IS ? OR session IS NULL)"


def commit(db: Database, recorder: Recorder, *, label: str, action: str, target: str,
           details: dict[str, Any] | None = None, session: str | None) -> HistoryEntry | None:
    """Record a finished edit: history row (dropping this session's redo branch), outbox rows and audit entry."""
    if not recorder.changed:
        return None
    # Only this session's redo branch goes: another window's undone edits stay redoable there.
    db.execute(f"DELETE FROM history WHERE undone = 1 AND {_MINE}", [session])
    at = _now()
    cursor = db.execute(
        "INSERT INTO history (label, forward, inverse, undone, created_at, session) VALUES (?, ?, ?, 0, ?, ?)",
        [label, json.dumps(recorder.forward, ensure_ascii=False), json.dumps(recorder.inverse, ensure_ascii=False),
         at, session],
    )
    write_outbox(db, recorder.forward)
    audit.append(db, action, target, {**(details or {}), "label": label, "history": inserted_id(cursor)})
    return HistoryEntry(inserted_id(cursor), label, False, at)


_NOUNS = {"entities": "person or organisation", "entity_aliases": "alias", "claim_issues": "claim's issue",
          "excerpt_entities": "excerpt's person", "document_tags": "document's tag", "excerpt_tags": "excerpt's tag",
          "claim_tags": "claim's tag", "case_meta": "case setting",
          "privacy_findings": "privacy finding", "privacy_terms": "privacy term",
          "bundle_definitions": "saved bundle"}


def _conflict(db: Database, op: Op, expected: dict[str, Any] | None) -> str | None:
    """Why `op` cannot be replayed now (None when it can): the row is not as the entry left it.

    `expected` is the row as this entry left it (None: the entry left no such row). Another session's later
    edit of that row, or of a row that refers to it, means replaying would silently overwrite or delete that
    edit, so the caller refuses instead. Only the recorded columns are compared (a later schema step may add some).
    """
    table, row_id = op["table"], op["id"] if op["op"] != "insert" else op["row"]["id"]
    noun = f"{_NOUNS.get(table, table[:-1])} {row_id}"
    current = _row(db, table, row_id, expected if table in FIELD_TABLES and expected is not None else None)
    if expected is None:
        return f"{noun} was added again in another window since" if current is not None else None
    if current is None:
        return f"{noun} was deleted in another window since"
    if any(current.get(column) != value for column, value in expected.items()):
        return f"{noun} was changed in another window since"
    if op["op"] == "delete":
        # Rows of this entry that refer to it were removed by the ops before; any left came from another edit.
        for child, column, parent_column, _ in _children(db, table):
            if db.execute(f"SELECT 1 FROM {_check_table(child)} WHERE {column} = ? LIMIT 1",
                          [current[parent_column]]).fetchone() is not None:
                return f"{noun} was linked to from another window since"
    return None


def _replay(db: Database, ops: list[Op], paired: list[Op], *, what: str, label: str) -> None:
    """Apply `ops` (an entry's inverse or forward ops), first checking each row is as the entry left it.

    `paired` is the entry's opposite list: ops[i] undoes (or redoes) paired[-1 - i], whose recorded row is the
    state ops[i] must find. Any mismatch raises and the caller's transaction rolls back, so nothing changes.
    """
    checkable = len(paired) == len(ops)  # always so for entries a Recorder wrote
    try:
        for i, op in enumerate(ops):
            problem = None
            if op["op"] == "insert":
                problem = _conflict(db, op, None)
            elif checkable and paired[-1 - i].get("row") is not None:
                problem = _conflict(db, op, paired[-1 - i]["row"])
            if problem:
                hint = " (undo that change there first)" if what == "undo" else ""
                raise CasebookError(f"cannot {what} “{label}”: {problem}{hint}; nothing was changed")
            _apply(db, op)
    except sqlite3.IntegrityError as exc:
        raise CasebookError(f"cannot {what} “{label}”: the case has changed underneath it, in another window "
                            f"or otherwise ({exc}); nothing was changed") from exc
    write_outbox(db, ops)


def undo(db: Database, *, session: str | None) -> HistoryEntry | None:
    """Undo the session's newest edit not yet undone; None when there is nothing to undo."""
    row = db.execute(f"SELECT seq, label, forward, inverse, created_at FROM history WHERE undone = 0 AND {_MINE} "
                     "ORDER BY seq DESC LIMIT 1", [session]).fetchone()
    if row is None:
        return None
    seq, label, forward, inverse, created = row
    _replay(db, json.loads(inverse), json.loads(forward), what="undo", label=label)
    # A shared entry, once undone, is this session's to redo.
    db.execute("UPDATE history SET undone = 1, session = COALESCE(session, ?) WHERE seq = ?", [session, seq])
    audit.append(db, "history.undo", f"history:{seq}", {"label": label})
    return HistoryEntry(seq, label, True, created)


def redo(db: Database, *, session: str | None) -> HistoryEntry | None:
    """Redo the edit the session undid most recently; None when there is nothing to redo."""
    row = db.execute(f"SELECT seq, label, forward, inverse, created_at FROM history WHERE undone = 1 AND {_MINE} "
                     "ORDER BY seq ASC LIMIT 1", [session]).fetchone()
    if row is None:
        return None
    seq, label, forward, inverse, created = row
    _replay(db, json.loads(forward), json.loads(inverse), what="redo", label=label)
    db.execute("UPDATE history SET undone = 0 WHERE seq = ?", [seq])
    audit.append(db, "history.redo", f"history:{seq}", {"label": label})
    return HistoryEntry(seq, label, False, created)


def entries(db: Database, *, limit: int | None = None) -> list[HistoryEntry]:
    """Every session's edits, newest first."""
    sql = "SELECT seq, label, undone, created_at FROM history ORDER BY seq DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [HistoryEntry(s, label, bool(u), at) for s, label, u, at in db.execute(sql)]


def next_labels(db: Database, *, session: str | None) -> tuple[str | None, str | None]:
    """The labels the session's Undo and Redo menu items show (None when disabled)."""
    undo_row = db.execute(f"SELECT label FROM history WHERE undone = 0 AND {_MINE} ORDER BY seq DESC LIMIT 1",
                          [session]).fetchone()
    redo_row = db.execute(f"SELECT label FROM history WHERE undone = 1 AND {_MINE} ORDER BY seq ASC LIMIT 1",
                          [session]).fetchone()
    return (undo_row[0] if undo_row else None, redo_row[0] if redo_row else None)
