"""The case's own caption (court, case number, caption, filer), kept as case_meta keys."""

from __future__ import annotations

from sqlite_utils import Database

from casebook.store.history import Recorder

# Caption part → case_meta key. An empty value means "not set".
CAPTION_KEYS: dict[str, str] = {
    "court": "caption_court", "number": "caption_number", "caption": "caption_title", "filer": "caption_filer",
}


def read_caption(db: Database) -> dict[str, str]:
    """Every caption part ('' when not set)."""
    keys = list(CAPTION_KEYS.values())
    found = dict(db.execute(f"SELECT key, value FROM case_meta WHERE key IN ({', '.join('?' for _ in keys)})",
                            keys).fetchall())
    return {part: found.get(key, "") for part, key in CAPTION_KEYS.items()}


def record_part(rec: Recorder, part: str, value: str) -> None:
    """Set one caption part through the undo recorder of an edit."""
    rec.update("case_meta", CAPTION_KEYS[part], {"value": value})


def ensure_keys(db: Database) -> None:
    """Give every caption part a row (empty: not set) so that an undoable edit can update it. Call in a transaction."""
    for key in CAPTION_KEYS.values():
        db.execute("INSERT OR IGNORE INTO case_meta (key, value) VALUES (?, '')", [key])
