"""Checking a case: originals re-hashed, SQLite integrity, the audit chain, and pages against documents."""

from __future__ import annotations

from dataclasses import dataclass, field

from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.services.search import check_index
from casebook.store import audit, documents
from casebook.store.case_store import CaseStore


@dataclass
class VerifyReport:
    """Problems make a case fail verification; notes are harmless leftovers worth knowing about."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    originals_checked: int = 0
    audit_entries: int = 0
    index_units_checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {
            "ok": self.ok, "problems": self.problems, "notes": self.notes,
            "originals_checked": self.originals_checked, "audit_entries": self.audit_entries,
            "search_index_checked": self.index_units_checked,
        }


def verify_case(case: CaseStore, *, check_search_index: bool = True, progress: ProgressCallback = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> VerifyReport:
    """Re-hash every original, check the store and compare the search index with it.

    Nothing in the store is changed; index work left over from a crash is applied first (the index is
    derived data), so a consistent case verifies clean without any manual step.
    """
    report = VerifyReport()
    report.problems.extend(f"database: {p}" for p in case.integrity_problems())
    chain = audit.verify_chain(case.db)
    report.problems.extend(chain)
    report.audit_entries = audit.entry_count(case.db)
    originals = documents.stored_originals(case.db)
    stored_pages = documents.page_counts(case.db)
    recorded_pages = documents.recorded_page_counts(case.db)
    for doc_id, expected in recorded_pages.items():
        if stored_pages.get(doc_id, 0) != expected:
            report.problems.append(
                f"document {doc_id}: {stored_pages.get(doc_id, 0)} pages stored, {expected} recorded (half-written)")
    referenced = set()
    for done, (doc_id, sha, size) in enumerate(originals):
        cancel.raise_if_cancelled()
        progress(ProgressUpdate(done, len(originals), f"re-hashing original of document {doc_id}"))
        referenced.add(sha)
        problem = case.vault.verify(sha, size)
        if problem:
            report.problems.append(f"document {doc_id}: {problem}")
        report.originals_checked += 1
    unreferenced = [sha for sha in case.vault.stored_hashes() if sha not in referenced]
    if unreferenced:
        report.notes.append(
            f"{len(unreferenced)} stored original(s) belong to no document (an import was interrupted); "
            "they are kept and reused if the file is imported again")
    leftovers = case.vault.leftovers()
    if leftovers:
        report.notes.append(f"{len(leftovers)} temporary file(s) from an interrupted copy in {case.vault.root}")
    if check_search_index:
        index_check = check_index(case, cancel=cancel)
        report.problems.extend(index_check.problems())
        report.index_units_checked = True
    progress(ProgressUpdate(len(originals), len(originals), "verified"))
    return report
