"""Bundle definitions saved with the case, and Bates ranges issued per prefix (never reused)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from casebook.core.bundles import BundleDefinition, BundleError
from casebook.store.database import inserted_id

log = logging.getLogger(__name__)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save_definition(db: Database, definition: BundleDefinition) -> None:
    """Insert or replace the definition saved under its name. Call inside a transaction."""
    text = json.dumps(definition.to_dict(), sort_keys=True, ensure_ascii=False)
    stored = db.execute("SELECT definition FROM bundle_definitions WHERE name = ?", [definition.name]).fetchone()
    if stored is not None and stored[0] == text:
        return  # unchanged: the row (and an undoable save of it) stays as it is
    now = _now()
    db.execute(
        "INSERT INTO bundle_definitions (name, definition, created_at, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        [definition.name, text, now, now],
    )


def get_definition(db: Database, name: str) -> BundleDefinition | None:
    row = db.execute("SELECT definition FROM bundle_definitions WHERE name = ?", [name]).fetchone()
    return BundleDefinition.from_dict(json.loads(row[0])) if row else None


def list_definitions(db: Database) -> list[BundleDefinition]:
    rows = db.execute("SELECT definition FROM bundle_definitions ORDER BY name").fetchall()
    return [BundleDefinition.from_dict(json.loads(r[0])) for r in rows]


@dataclass(frozen=True)
class BatesRange:
    """Numbers issued under a prefix for one set of pages."""

    id: int
    prefix: str
    first: int
    last: int
    fingerprint: str
    bundle_name: str
    issued_at: str

    @property
    def count(self) -> int:
        return self.last - self.first + 1


def list_ranges(db: Database, prefix: str | None = None) -> list[BatesRange]:
    sql = "SELECT id, prefix, first_number, last_number, fingerprint, bundle_name, issued_at FROM bates_ranges"
    rows = (db.execute(sql + " WHERE prefix = ? ORDER BY first_number", [prefix]) if prefix is not None
            else db.execute(sql + " ORDER BY prefix, first_number"))
    return [BatesRange(*row) for row in rows.fetchall()]


def next_number(db: Database, prefix: str) -> int:
    row = db.execute("SELECT next_number FROM bates_counters WHERE prefix = ?", [prefix]).fetchone()
    return row[0] if row else 1


def allocate_range(db: Database, prefix: str, count: int, *, fingerprint: str, bundle_name: str,
                   start: int | None = None) -> BatesRange:
    """Issue `count` numbers under `prefix`; call inside one write transaction.

    The same pages under the same prefix (same fingerprint and count) get the range they were issued before,
    so regenerating a production reproduces it. Anything else gets fresh numbers after every number ever
    issued, or from `start` when that does not overlap an issued range.
    """
    if count < 1:
        raise BundleError("a Bates range needs at least one page")
    issued = list_ranges(db, prefix)
    for earlier in issued:
        if earlier.fingerprint == fingerprint and earlier.count == count and start in (None, earlier.first):
            return earlier
    first = next_number(db, prefix) if start is None else start
    if first < 0:
        raise BundleError("Bates numbers start at 0 or above")
    last = first + count - 1
    for earlier in issued:
        if first <= earlier.last and earlier.first <= last:
            raise BundleError(
                f"Bates {prefix}{first}–{prefix}{last} would reuse numbers issued on {earlier.issued_at[:10]} "
                f"for bundle {earlier.bundle_name!r} ({prefix}{earlier.first}–{prefix}{earlier.last}); "
                f"the next free number is {next_number(db, prefix)}")
    issued_at = _now()
    cursor = db.execute(
        "INSERT INTO bates_ranges (prefix, first_number, last_number, fingerprint, bundle_name, issued_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", [prefix, first, last, fingerprint, bundle_name, issued_at])
    db.execute(
        "INSERT INTO bates_counters (prefix, next_number) VALUES (?, ?) "
        "ON CONFLICT(prefix) DO UPDATE SET next_number = max(next_number, excluded.next_number)",
        [prefix, last + 1])
    return BatesRange(inserted_id(cursor), prefix, first, last, fingerprint, bundle_name, issued_at)
