"""Privacy findings and the case's own redaction terms: reading and writing their rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from casebook.core.privacy import CaseTerm
from casebook.store.database import inserted_id
from casebook.store.history import Recorder

PENDING, ACCEPTED, REJECTED, EXEMPT = "pending", "accepted", "rejected", "exempt"
STATUSES = (PENDING, ACCEPTED, REJECTED, EXEMPT)
_COLUMNS = ("id, document_id, page, start_offset, end_offset, rule, text, replacement, prefix, suffix, box, origin, "
            "status, reason, anchored, created_at")


@dataclass(frozen=True)
class PrivacyFinding:
    """A stored finding with its text-quote anchor and the person's decision."""

    id: int
    document_id: int
    page: int
    start: int
    end: int
    rule: str
    text: str
    replacement: str
    prefix: str
    suffix: str
    box: tuple[float, float, float, float] | None
    origin: str
    status: str
    reason: str
    anchored: bool
    created_at: str

    @property
    def identifier(self) -> str:
        """The reference-list identifier of the redacted item (FRCP 5.2(g))."""
        return f"R-{self.id:04d}"

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        data = {"id": self.id, "identifier": self.identifier, "document_id": self.document_id, "page": self.page,
                "start": self.start, "end": self.end, "rule": self.rule, "replacement": self.replacement,
                "box": list(self.box) if self.box else None, "origin": self.origin, "status": self.status,
                "reason": self.reason, "anchored": self.anchored}
        if with_text:
            data["text"] = self.text
        return data


def _finding(row: tuple) -> PrivacyFinding:
    (id_, doc, page, start, end, rule, text, replacement, prefix, suffix, box, origin, status, reason, anchored,
     created) = row
    return PrivacyFinding(id_, doc, page, start, end, rule, text, replacement, prefix, suffix,
                          tuple(json.loads(box)) if box else None, origin, status, reason, bool(anchored), created)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def list_findings(db: Database, *, document_id: int | None = None, status: str | None = None,
                  ids: list[int] | None = None) -> list[PrivacyFinding]:
    sql, args = f"SELECT {_COLUMNS} FROM privacy_findings WHERE 1 = 1", list[Any]()
    if document_id is not None:
        sql += " AND document_id = ?"
        args.append(document_id)
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    if ids is not None:
        sql += f" AND id IN ({', '.join('?' for _ in ids)})"
        args.extend(ids)
    sql += " ORDER BY document_id, page, start_offset, id"
    return [_finding(r) for r in db.execute(sql, args).fetchall()]


def get_finding(db: Database, finding_id: int) -> PrivacyFinding | None:
    found = list_findings(db, ids=[finding_id])
    return found[0] if found else None


def row_values(*, document_id: int, page: int, start: int, end: int, rule: str, text: str, replacement: str,
               prefix: str = "", suffix: str = "", box: tuple[float, ...] | None = None, origin: str = "scan",
               status: str = PENDING, reason: str = "") -> dict[str, Any]:
    """The column values of a new finding row (inserted directly or through the history recorder)."""
    return {"document_id": document_id, "page": page, "start_offset": start, "end_offset": end, "rule": rule,
            "text": text, "replacement": replacement, "prefix": prefix, "suffix": suffix,
            "box": json.dumps([round(v, 2) for v in box]) if box else None, "origin": origin, "status": status,
            "reason": reason, "anchored": 1, "created_at": now()}


def insert_finding(db: Database, values: dict[str, Any]) -> int:
    cols = list(values)
    cursor = db.execute(f"INSERT INTO privacy_findings ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                        [values[c] for c in cols])
    return inserted_id(cursor)


def move_finding(db: Database, finding_id: int, *, page: int, start: int, end: int, anchored: bool = True) -> None:
    """Re-anchoring moved a finding (or lost it: `anchored` False keeps the old place for review)."""
    db.execute("UPDATE privacy_findings SET page = ?, start_offset = ?, end_offset = ?, anchored = ? WHERE id = ?",
               [page, start, end, int(anchored), finding_id])


def list_terms(db: Database) -> list[tuple[int, CaseTerm]]:
    rows = db.execute("SELECT id, pattern, regex, replacement FROM privacy_terms ORDER BY id").fetchall()
    return [(r[0], CaseTerm(r[1], bool(r[2]), r[3])) for r in rows]


# --- undoable writes (through a history Recorder) -------------------------------------------------------------

def record_decision(rec: Recorder, finding_id: int, status: str, reason: str) -> None:
    """A person's decision on one finding; the reason is kept only for an exemption."""
    rec.update("privacy_findings", finding_id, {"status": status, "reason": reason.strip() if status == EXEMPT else ""})


def record_finding(rec: Recorder, values: dict[str, Any]) -> int:
    """A new finding row (see `row_values`); returns its id."""
    return rec.insert("privacy_findings", values)


def record_term(rec: Recorder, pattern: str, *, regex: bool, replacement: str) -> int:
    """A term or pattern on the case's own privacy list; returns its id."""
    return rec.insert("privacy_terms", {"pattern": pattern.strip(), "regex": int(regex), "replacement": replacement})
