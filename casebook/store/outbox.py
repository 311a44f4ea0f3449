"""The outbox of index work, written in the same transaction as each data change and drained by the indexer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database


@dataclass(frozen=True)
class OutboxItem:
    """One piece of index work: `op` names it.

    'index_document' / 'delete_document' name a document in `document_id`; 'index_claim' / 'delete_claim',
    'index_excerpt' / 'delete_excerpt' and 'index_entity' / 'delete_entity' name the row in `target_id`
    (an excerpt's document is in `document_id` too); 'index_evidence' (no ids) asks for every claim and
    excerpt to be reconciled with the store, as a rebuild does.
    """

    id: int
    op: str
    document_id: int | None
    target_id: int | None = None


EVIDENCE_OP = "index_evidence"


def pending(db: Database, *, ops: tuple[str, ...], limit: int = 10_000) -> list[OutboxItem]:
    marks = ", ".join("?" for _ in ops)
    rows = db.execute(
        f"SELECT id, op, document_id, target_id FROM outbox WHERE op IN ({marks}) ORDER BY id LIMIT ?",
        [*ops, limit],
    ).fetchall()
    return [OutboxItem(*row) for row in rows]


def pending_count(db: Database, *, ops: tuple[str, ...]) -> int:
    marks = ", ".join("?" for _ in ops)
    return db.execute(f"SELECT count(*) FROM outbox WHERE op IN ({marks})", list(ops)).fetchone()[0]


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
    """Queue every document, claim and excerpt for (re)indexing, e.g. before a rebuild, so an interrupted
    rebuild resumes. Returns the number of documents queued (claims and excerpts follow as one
    'index_evidence' item, queued last so pages come first)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cursor = db.execute(
        "INSERT INTO outbox (op, document_id, created_at) SELECT 'index_document', id, ? FROM documents "
        "ORDER BY id",
        [now],
    )
    queued = cursor.rowcount
    db.execute("INSERT INTO outbox (op, document_id, created_at) VALUES (?, NULL, ?)", [EVIDENCE_OP, now])
    return queued
