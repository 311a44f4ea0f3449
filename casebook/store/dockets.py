"""Reading and writing the entries of imported docket sheets."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from casebook.core.dockets import DocketEntry
from casebook.store import audit

_COLUMNS = "document_id, position, number, date_filed, text, case_number, date_entered, pacer_document_id"


def insert_entries(db: Database, document_id: int, entries: Sequence[DocketEntry]) -> None:
    """Store a docket sheet's entries with their audit entry. Call inside the document's import transaction."""
    if not entries:
        return
    db.conn.executemany(
        f"INSERT INTO docket_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            [document_id, e.position, e.number, e.date_filed, e.text, e.case_number, e.date_entered,
             e.pacer_document_id]
            for e in entries
        ),
    )
    numbered = [e.number for e in entries if e.number is not None]
    audit.append(
        db,
        "docket.entries",
        f"document:{document_id}",
        {"entries": len(entries), "numbered": len(numbered), "case_number": entries[0].case_number},
    )


def list_entries(db: Database, document_id: int | None = None) -> list[tuple[int, DocketEntry]]:
    """(docket document id, entry) for every stored entry, or one sheet's, in import then sheet order."""
    where, params = ("WHERE document_id = ?", [document_id]) if document_id is not None else ("", [])
    rows = db.execute(f"SELECT {_COLUMNS} FROM docket_entries {where} ORDER BY document_id, position", params)
    return [
        (doc_id, DocketEntry(position=position, number=number, date_filed=filed, text=text, case_number=case,
                             date_entered=entered, pacer_document_id=link))
        for doc_id, position, number, filed, text, case, entered, link in rows.fetchall()
    ]
