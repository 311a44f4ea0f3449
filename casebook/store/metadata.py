"""A document's metadata fields as columns: encoding them, and writing what an analysis found (never a person's)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from sqlite_utils import Database

from casebook.store.history import Recorder

# Every metadata field a person may set or an analysis may find, by its DocumentMetadata name, and its column.
FIELD_COLUMNS: dict[str, str] = {
    "title": "title", "title_as_printed": "title_as_printed", "short_cite": "short_cite", "kind": "kind",
    "court": "court", "case_number": "case_number", "docket_numbers": "docket_numbers",
    "ecf_document_number": "ecf_document_number", "appellate_document_id": "appellate_document_id",
    "filed_date": "filed_date", "date": "document_date", "date_basis": "date_basis", "author": "author",
    "publisher": "publisher", "description": "description", "parties": "parties",
}
PERSON_FIELDS_COLUMN = "person_fields"


def encode(field: str, value: Any) -> Any:
    """A field's value as its column stores it (lists as JSON, enums by value)."""
    if field not in FIELD_COLUMNS:
        raise ValueError(f"{field}: not a document metadata field")
    if field == "docket_numbers":
        return json.dumps(list(value or []))
    if isinstance(value, Enum):
        return value.value
    return value


def columns_for(values: Mapping[str, Any]) -> dict[str, Any]:
    """Column values for some metadata fields (as Recorder.update and write_fields take them)."""
    return {FIELD_COLUMNS[field]: encode(field, value) for field, value in values.items()}


def person_fields_json(fields: Iterable[str]) -> str:
    return json.dumps(sorted(set(fields)))


def record_columns(rec: Recorder, document_id: int, columns: dict[str, Any]) -> None:
    """Update a document's metadata columns through the undo recorder of an edit."""
    rec.update("documents", document_id, columns)


def write_fields(db: Database, document_id: int, values: Mapping[str, Any]) -> None:
    """Store metadata fields an analysis found. Call inside the document's transaction; the caller skips any
    field a person set (see services/metadata.analysis_changes)."""
    if not values:
        return
    columns = columns_for(values)
    db.execute(f"UPDATE documents SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
               [*columns.values(), document_id])

