"""Reading documents and pages of a case for display."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from casebook.core.errors import CasebookError
from casebook.core.records import DocumentRecord, PageRecord
from casebook.store import audit, documents
from casebook.store.audit import AuditEntry
from casebook.store.case_store import CaseStore


def list_documents(case: CaseStore) -> list[DocumentRecord]:
    return documents.list_documents(case.db)


def get_document(case: CaseStore, document_id: int) -> DocumentRecord:
    record = documents.get_document(case.db, document_id)
    if record is None:
        raise CasebookError(f"{case.layout.root}: no document {document_id} in this case")
    return record


def get_pages(case: CaseStore, document_id: int, *, numbers: list[int] | None = None,
              with_words: bool = False) -> list[PageRecord]:
    record = get_document(case, document_id)
    if numbers:
        bad = [n for n in numbers if not 1 <= n <= record.page_count]
        if bad:
            raise CasebookError(f"document {document_id} has pages 1–{record.page_count}; no page {bad[0]}")
    return documents.get_pages(case.db, document_id, numbers=numbers, with_words=with_words)


def choose_documents(case: CaseStore, document_ids: Iterable[int] | None) -> list[DocumentRecord]:
    """The documents named (each once, in order; an unknown id is an error), or every document when None."""
    if document_ids is None:
        return list_documents(case)
    return [get_document(case, document_id) for document_id in dict.fromkeys(document_ids)]


def get_outline(case: CaseStore, document_id: int) -> Any:
    return documents.get_outline(case.db, document_id)


def audit_trail(case: CaseStore, *, limit: int | None = None) -> list[AuditEntry]:
    return audit.entries(case.db, limit=limit)


def resolve_document(case: CaseStore, ref: str) -> DocumentRecord:
    """Find a document by id ("3") or by a prefix of its original's SHA-256 (at least 6 hex digits)."""
    ref = ref.strip()
    if ref.isdigit():
        return get_document(case, int(ref))
    if len(ref) >= 6 and all(c in "0123456789abcdef" for c in ref.lower()):
        matches = [d for d in list_documents(case) if d.sha256.startswith(ref.lower())]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CasebookError(f"{ref}: matches {len(matches)} documents; give more of the SHA-256")
    raise CasebookError(f"{ref}: no such document (give its id from 'casebook list' or a SHA-256 prefix)")
