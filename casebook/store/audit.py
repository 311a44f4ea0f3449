"""The hash-chained, append-only audit log of every change made to a case."""

from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: who did what to which target, chained to the entry before it."""

    seq: int
    at: str
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


def _entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, target: str, details: str) -> str:
    payload = json.dumps([prev_hash, seq, at, actor, action, target, details], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def current_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some sandboxes and services
        return "unknown"


def append(db: Database, action: str, target: str, details: dict[str, Any] | None = None) -> AuditEntry:
    """Append an entry; call inside the same transaction as the change it records."""
    row = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (row[0] + 1, row[1]) if row else (1, GENESIS)
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    actor = current_actor()
    details_json = json.dumps(details or {}, ensure_ascii=False, sort_keys=True)
    digest = _entry_hash(prev_hash, seq, at, actor, action, target, details_json)
    db.execute(
        "INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, actor, action, target, details_json, prev_hash, digest],
    )
    # The head is kept apart from the log so that rewriting the newest entry is also detected.
    db.execute(
        "INSERT INTO case_meta (key, value) VALUES ('audit_head', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [f"{seq}:{digest}"],
    )
    return AuditEntry(seq, at, actor, action, target, details or {}, prev_hash, digest)


def entry_count(db: Database) -> int:
    """How many entries the audit log holds."""
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def entries(db: Database, *, limit: int | None = None) -> list[AuditEntry]:
    sql = "SELECT seq, at, actor, action, target, details, prev_hash, hash FROM audit_log ORDER BY seq"
    if limit is not None:
        sql = f"SELECT * FROM ({sql} DESC LIMIT {int(limit)}) ORDER BY seq"
    return [
        AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7]) for r in db.execute(sql)
    ]


def verify_chain(db: Database) -> list[str]:
    """Recompute every hash; returns one line per broken link (empty when the chain is intact)."""
    problems: list[str] = []
    expected_prev = GENESIS
    expected_seq = 1
    for seq, at, actor, action, target, details, prev_hash, digest in db.execute(
        "SELECT seq, at, actor, action, target, details, prev_hash, hash FROM audit_log ORDER BY seq"
    ):
        if seq != expected_seq:
            problems.append(f"audit entry {expected_seq} is missing (next entry is {seq})")
        if prev_hash != expected_prev:
            problems.append(f"audit entry {seq} does not follow the entry before it (chain broken)")
        if _entry_hash(prev_hash, seq, at, actor, action, target, details) != digest:
            problems.append(f"audit entry {seq} ({action} {target}) was altered after it was written")
        expected_prev = digest
        expected_seq = seq + 1
    head = db.execute("SELECT value FROM case_meta WHERE key = 'audit_head'").fetchone()
    last = f"{expected_seq - 1}:{expected_prev}"
    if head and head[0] != last:
        problems.append(f"the audit log's newest entry does not match its recorded head ({head[0][:20]}…)")
    elif not head and expected_seq > 1:
        problems.append("the audit log's recorded head is missing")
    return problems
