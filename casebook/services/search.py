"""Searching a case, keeping its Whoosh index in step with the store, rebuilding and checking it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.core.search import SearchFilters, SearchIndexCorrupt, SearchResults, SortOrder, UnitKey
from casebook.index import CaseIndex
from casebook.store import documents, outbox
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

INDEX_OPS = ("index_document", "delete_document")
# Documents per Whoosh writer: one writer per batch, never per file (DESIGN.md §8).
BATCH_DOCUMENTS = 200


@dataclass
class IndexCheck:
    """How the index compares with the store: units missing from it, stale in it, or extra in it."""

    missing: list[UnitKey] = field(default_factory=list)
    stale: list[UnitKey] = field(default_factory=list)
    extra: list[UnitKey] = field(default_factory=list)
    pending_work: int = 0

    @property
    def consistent(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.pending_work)

    def problems(self) -> list[str]:
        out = []
        for label, units in (("missing from", self.missing), ("stale in", self.stale), ("extra in", self.extra)):
            if units:
                sample = ", ".join(str(u) for u in units[:5])
                out.append(f"search index: {len(units)} unit(s) {label} the index (e.g. {sample})")
        if self.pending_work:
            out.append(f"search index: {self.pending_work} change(s) not yet indexed")
        return out


def open_index(case: CaseStore) -> CaseIndex:
    """Open the case's index; a damaged one is set aside, recreated empty and queued for a full rebuild."""
    try:
        index = CaseIndex.open(case.layout.index)
        index.doc_count()
        return index
    except SearchIndexCorrupt as exc:
        log.warning("%s; rebuilding it from the store", exc)
        index = CaseIndex.recreate(case.layout.index)
        with case.transaction() as db:
            outbox.enqueue_every_document(db)
        return index


def sync_index(case: CaseStore, index: CaseIndex | None = None, *, progress: ProgressCallback = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> int:
    """Index every change waiting in the outbox; returns how many were applied.

    Outbox rows are removed only after the Whoosh batch that applied them has committed, so work
    interrupted by a crash is simply done again on the next call.
    """
    own = index is None
    index = index or open_index(case)
    applied = 0
    try:
        total = len(outbox.pending(case.db, ops=INDEX_OPS, limit=1_000_000))
        while items := outbox.pending(case.db, ops=INDEX_OPS, limit=BATCH_DOCUMENTS):
            cancel.raise_if_cancelled()
            latest: dict[int, str] = {}
            for item in items:
                latest[item.document_id] = item.op  # the newest op for a document wins
            with index.batch() as batch:
                for done, (document_id, op) in enumerate(latest.items()):
                    cancel.raise_if_cancelled()
                    record = documents.get_document(case.db, document_id)
                    if op == "delete_document" or record is None:
                        batch.delete_document(document_id)
                    else:
                        pages = documents.get_pages(case.db, document_id, with_words=False)
                        batch.add_document(record, pages, tags=documents.document_tags(case.db, document_id))
                    progress(ProgressUpdate(applied + done, total, record.title if record else ""))
            with case.transaction() as db:
                outbox.remove(db, [item.id for item in items])
            applied += len(items)
        progress(ProgressUpdate(applied, total, "index up to date"))
        return applied
    finally:
        if own:
            index.close()


def search(case: CaseStore, query: str, *, filters: SearchFilters | None = None, sort: SortOrder = "relevance",
           limit: int = 20, offset: int = 0) -> SearchResults:
    """Run a query on the case; pending index work is applied first, so results reflect the store."""
    with open_index(case) as index:
        sync_index(case, index)

        def text_for(document_id: int, page_number: int) -> str:
            return documents.page_text(case.db, document_id, page_number)

        return index.search(query, filters=filters, sort=sort, limit=limit, offset=offset, text_for=text_for)


def reindex(case: CaseStore, *, progress: ProgressCallback = no_progress,
            cancel: CancelToken = NEVER_CANCELLED) -> int:
    """Rebuild the index from the store. Interrupted, it resumes on the next sync: the work is queued first."""
    with case.transaction() as db:
        outbox.enqueue_every_document(db)
    with CaseIndex.recreate(case.layout.index) as index:
        return sync_index(case, index, progress=progress, cancel=cancel)


def check_index(case: CaseStore, *, repair: bool = True, progress: ProgressCallback = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> IndexCheck:
    """Compare every unit the store implies with what the index holds (after applying pending work)."""
    with open_index(case) as index:
        if repair:
            sync_index(case, index, cancel=cancel)
        index.check()
        expected: dict[UnitKey, str] = {}
        records = documents.list_documents(case.db)
        for done, record in enumerate(records):
            cancel.raise_if_cancelled()
            progress(ProgressUpdate(done, len(records), f"checking the index for {record.title}"))
            pages = documents.get_pages(case.db, record.id, with_words=False)
            expected.update(CaseIndex.expected_fingerprints(
                record, pages, tags=documents.document_tags(case.db, record.id)))
        actual = index.fingerprints()
    check = IndexCheck(pending_work=len(outbox.pending(case.db, ops=INDEX_OPS, limit=1_000_000)))
    check.missing = sorted(k for k in expected if k not in actual)
    check.stale = sorted(k for k, fp in expected.items() if k in actual and actual[k] != fp)
    check.extra = sorted(k for k in actual if k not in expected)
    return check
