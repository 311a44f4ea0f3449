"""The outbox of index work, written in the same transaction as each data change and drained by the indexer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database


@dataclass(frozen=True)
class OutboxItem:
    """One piece of index work: `op` names it ('index_document', 'delete_document', …)."""

    id: int
    op: str
    document_id: int


def pending(db: Database, *, ops: tuple[str, ...], limit: int = 10_000) -> list[OutboxItem]:
    marks = ", ".join("?" for _ in ops)
    rows = db.execute(
        f"SELECT id, op, document_id FROM outbox WHERE op IN ({marks}) ORDER BY id LIMIT ?", [*ops, limit]
    ).fetchall()
    return [OutboxItem(*row) for row in rows]


def count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM outbox").fetchone()[0]


def remove(db: Database, ids: list[int]) -> None:
    """Drop work that has been committed to the index. Call inside a transaction."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.execute(f"DELETE FROM outbox WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)


def enqueue(db: Database, op: str, document_id: int) -> None:
    db.execute(
        "INSERT INTO outbox (op, document_id, created_at) VALUES (?, ?, ?)",
        [op, document_id, datetime.now(UTC).isoformat(timespec="seconds")],
    )


def enqueue_every_document(db: Database) -> int:
    """Queue every document for (re)indexing, e.g. before a rebuild, so an interrupted rebuild resumes."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cursor = db.execute(
        "INSERT INTO outbox (op, document_id, created_at) SELECT 'index_document', id, ? FROM documents "
        "ORDER BY id",
        [now],
    )
    return cursor.rowcount
