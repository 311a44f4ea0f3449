"""Rows of saved bundle definitions, for edits the undo history records (reading them: store.bundles)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from casebook.core.bundles import BundleDefinition

TABLE = "bundle_definitions"


def encode(definition: BundleDefinition) -> str:
    """The stored JSON of a definition (sorted keys, so an unchanged definition stores the same text)."""
    return json.dumps(definition.to_dict(), sort_keys=True, ensure_ascii=False)


def find(db: Database, name: str) -> tuple[int, str] | None:
    """(row id, stored JSON) of the definition saved under `name`, or None."""
    row = db.execute(f"SELECT id, definition FROM {TABLE} WHERE name = ?", [name]).fetchone()
    return (int(row[0]), row[1]) if row else None


def new_row(definition: BundleDefinition) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {"name": definition.name, "definition": encode(definition), "created_at": now, "updated_at": now}


def changed_row(definition: BundleDefinition) -> dict[str, Any]:
    return {"definition": encode(definition), "updated_at": datetime.now(UTC).isoformat(timespec="seconds")}


def saved_at(db: Database) -> dict[str, str]:
    """When each saved definition was last changed, by name."""
    return dict(db.execute(f"SELECT name, updated_at FROM {TABLE}").fetchall())
