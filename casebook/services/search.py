"""Searching a case, keeping its Whoosh index in step with the store, rebuilding and checking it.

The index holds pages (and article paragraphs), claims and excerpts. Every edit leaves outbox rows in its
own transaction; `sync_index` drains them in batches, reading the current state of each named row from the
store (so the newest state wins, whatever the op said) and refreshing what depends on it: a claim's linked
excerpts (their units list the claims they bear on), an entity's claims (their units name the asserter), a
document's excerpts (they carry its title, kind, date and citation). Issue renames queue no outbox work:
claims naming a renamed issue show as stale in `check_index` until the next reindex.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace

from casebook.core.anchoring import TextSpan
from casebook.core.citations import pin_cite_for
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.core.records import DocumentRecord
from casebook.core.search import (
    ExcerptSource,
    SearchFilters,
    SearchIndexCorrupt,
    SearchKey,
    SearchResults,
    SortOrder,
    key_order,
)
from casebook.index import CaseIndex, IndexBatch
from casebook.index import query as query_language
from casebook.index.schema import body_text
from casebook.index.segments import SegmentBuilders, remove_worker_leftovers
from casebook.services.evidence import short_cite
from casebook.store import documents, evidence_search, outbox
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

QUERY_LANGUAGE = query_language.QUERY_LANGUAGE  # the reference text `casebook search --help` shows

DOCUMENT_OPS = ("index_document", "delete_document")
ITEM_OPS = ("index_claim", "delete_claim", "index_excerpt", "delete_excerpt", "index_entity", "delete_entity",
            outbox.EVIDENCE_OP)
INDEX_OPS = DOCUMENT_OPS + ITEM_OPS
# One Whoosh writer per batch, never per file (DESIGN.md §8); about 1,000 pages a batch indexed fastest
# here (a 10,000-page batch ran at 162 pages/s, 1,000-page batches at 228).
BATCH_PAGES = 1000
PENDING_WINDOW = 2000
# Large backlogs (a bulk import, a rebuild) are indexed by worker processes, one new segment each, adopted
# by one commit per round (casebook.index.segments). Below PARALLEL_PAGES starting workers costs more than
# it saves; a round of at most ROUND_PAGES is what a crash makes us redo. Workers write with the fast segment
# builder (casebook.index.fastwrite): 1,000 synthetic pages took 2.4-2.9 s in workers, 3.2-6.7 s in-process
# (shared 2-core machine); at 500 pages neither was reliably faster.
PARALLEL_PAGES = 1000
# The desktop app sends smaller backlogs to workers too: Whoosh's Python holds the GIL in stretches of up to
# ~80 ms, which the GUI thread feels as stalls; in worker processes it never competes with the GUI (bench_gui:
# indexing the 352-page book stalled the event loop 81 ms in-process, 33 ms with workers).
APP_PARALLEL_PAGES = 100
ROUND_PAGES = 30_000
CHUNK_PAGES = 250
ROUND_WINDOW = 20_000


def index_workers() -> int:
    """Worker processes for a parallel round: one per core, at least two, at most four."""
    return max(2, min(4, os.cpu_count() or 2))


@dataclass
class IndexCheck:
    """How the index compares with the store: units missing from it, stale in it, or extra in it."""

    missing: list[SearchKey] = field(default_factory=list)
    stale: list[SearchKey] = field(default_factory=list)
    extra: list[SearchKey] = field(default_factory=list)
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
               cancel: CancelToken = NEVER_CANCELLED, parallel_pages: int | None = None) -> int:
    """Index every change waiting in the outbox (documents, claims, excerpts, entities); returns how many
    outbox items were applied. Backlogs of at least `parallel_pages` pages (default PARALLEL_PAGES) are indexed by
    worker processes.

    Outbox rows are removed only after the Whoosh batch that applied them has committed, so work
    interrupted by a crash is simply done again on the next call.
    """
    own = index is None
    index = index or open_index(case)
    applied = 0
    try:
        total = outbox.pending_count(case.db, ops=INDEX_OPS)
        while True:
            cancel.raise_if_cancelled()
            pending = outbox.pending(case.db, ops=INDEX_OPS, limit=ROUND_WINDOW)
            if round_items := _parallel_round(case, pending, parallel_pages):
                _index_in_parallel(case, index, round_items, applied, total, progress, cancel)
                applied += len(round_items)
                continue
            items = _next_batch(case, outbox.pending(case.db, ops=INDEX_OPS, limit=PENDING_WINDOW))
            if not items:
                break
            work = _Work.of(items)
            claims, excerpts = work.expand(case, index)
            with index.batch() as batch:
                for done, (document_id, op) in enumerate(work.documents.items()):
                    cancel.raise_if_cancelled()
                    record = documents.get_document(case.db, document_id)
                    if op == "delete_document" or record is None:
                        batch.delete_document(document_id)
                    else:
                        pages = documents.get_pages(case.db, document_id, with_words=False)
                        batch.add_document(record, pages, tags=documents.document_tags(case.db, document_id))
                    progress(ProgressUpdate(applied + done, total, record.title if record else ""))
                cancel.raise_if_cancelled()
                _write_items(case, batch, claims, excerpts)
            with case.transaction() as db:
                outbox.remove(db, [item.id for item in items])
            applied += len(items)
        progress(ProgressUpdate(applied, total, "index up to date"))
        return applied
    finally:
        if own:
            index.close()


def _parallel_round(case: CaseStore, pending: list[outbox.OutboxItem],
                    parallel_pages: int | None = None) -> list[outbox.OutboxItem]:
    """The oldest run of document items worth indexing in parallel (about ROUND_PAGES pages), or []."""
    run: list[tuple[outbox.OutboxItem, int]] = []  # with its document id
    for item in pending:
        if item.op not in DOCUMENT_OPS or item.document_id is None:
            break
        run.append((item, item.document_id))
    pages = documents.page_counts_of(case.db, sorted({document_id for item, document_id in run
                                                       if item.op == "index_document"}))
    taken: list[outbox.OutboxItem] = []
    total = 0
    for item, document_id in run:
        weight = pages.get(document_id, 0) if item.op == "index_document" else 0
        if taken and total + weight > ROUND_PAGES:
            break
        taken.append(item)
        total += weight
    return taken if total >= (PARALLEL_PAGES if parallel_pages is None else parallel_pages) else []


def _index_in_parallel(case: CaseStore, index: CaseIndex, items: list[outbox.OutboxItem], applied: int,
                       total: int, progress: ProgressCallback, cancel: CancelToken) -> None:
    """One parallel round: workers build segments from the store's pages, one commit adopts them all."""
    work = _Work.of(items)
    claims, excerpts = work.expand(case, index)
    with index.batch() as batch:
        remove_worker_leftovers(index.folder)
        built: list[int] = []
        gone: list[int] = []
        builders = SegmentBuilders(index.folder, index_workers())
        try:
            chunk: list = []
            size = 0
            for done, (document_id, op) in enumerate(work.documents.items()):
                cancel.raise_if_cancelled()
                record = documents.get_document(case.db, document_id) if op == "index_document" else None
                if record is None:
                    gone.append(document_id)
                    continue
                pages = documents.get_pages(case.db, document_id, with_words=False)
                chunk.append((record, pages, tuple(documents.document_tags(case.db, document_id))))
                built.append(document_id)
                size += len(pages)
                if size >= CHUNK_PAGES:
                    builders.send(chunk)
                    chunk, size = [], 0
                progress(ProgressUpdate(applied + done, total, record.title))
            if chunk:
                builders.send(chunk)
            segments = builders.finish()
        except BaseException:
            builders.stop()
            raise
        batch.adopt(segments, built)
        for document_id in gone:
            batch.delete_document(document_id)
        _write_items(case, batch, claims, excerpts)
    with case.transaction() as db:
        outbox.remove(db, [item.id for item in items])


@dataclass
class _Work:
    """What one batch of outbox items asks for: the newest op per document, and the rows to refresh."""

    documents: dict[int, str] = field(default_factory=dict)
    claims: set[int] = field(default_factory=set)
    excerpts: set[int] = field(default_factory=set)
    entities: set[int] = field(default_factory=set)
    everything: bool = False

    @classmethod
    def of(cls, items: list[outbox.OutboxItem]) -> _Work:
        work = cls()
        for item in items:
            if item.op in DOCUMENT_OPS:
                if item.document_id is not None:
                    work.documents[item.document_id] = item.op  # the newest op for a document wins
            elif item.op == outbox.EVIDENCE_OP:
                work.everything = True
            elif item.target_id is not None:
                kind = item.op.split("_", 1)[1]
                {"claim": work.claims, "excerpt": work.excerpts, "entity": work.entities}[kind].add(item.target_id)
        return work

    def expand(self, case: CaseStore, index: CaseIndex) -> tuple[set[int], set[int]]:
        """The claims and excerpts to refresh: those named, and those whose units show what changed."""
        db = case.db
        claims, excerpts = set(self.claims), set(self.excerpts)
        if self.everything:
            claims |= set(evidence_search.claim_ids(db)) | index.item_ids("claim")
            excerpts |= set(evidence_search.excerpt_ids(db)) | index.item_ids("excerpt")
        if self.entities:
            claims |= set(evidence_search.claims_asserted_by(db, self.entities))
        if claims:
            # Linked now (a new link) or linked as last indexed (a link since removed).
            excerpts |= set(evidence_search.excerpts_linked_to(db, claims)) | index.excerpts_linked_to(claims)
        reindexed = [d for d, op in self.documents.items() if op == "index_document"]
        if reindexed:
            excerpts |= set(evidence_search.excerpt_ids(db, document_ids=reindexed))
        return claims, excerpts


def _write_items(case: CaseStore, batch: IndexBatch, claims: set[int], excerpts: set[int]) -> None:
    """Re-index the claims and excerpts that still exist; remove the others from the index."""
    found = evidence_search.claim_sources(case.db, claims)
    for claim in found:
        batch.add_claim(claim)
    for claim_id in sorted(claims - {c.id for c in found}):
        batch.delete_claim(claim_id)
    pairs = excerpt_pairs(case, excerpts)
    for excerpt, doc in pairs:
        batch.add_excerpt(excerpt, doc)
    for excerpt_id in sorted(excerpts - {e.id for e, _ in pairs}):
        batch.delete_excerpt(excerpt_id)


def excerpt_pairs(case: CaseStore, excerpt_ids: set[int] | list[int]) -> list[tuple[ExcerptSource, DocumentRecord]]:
    """The excerpts (with their pin cite and start-page label filled in) and their documents, as indexed."""
    docs: dict[int, DocumentRecord | None] = {}
    out = []
    for excerpt in evidence_search.excerpt_sources(case.db, excerpt_ids):
        if excerpt.document_id not in docs:
            docs[excerpt.document_id] = documents.get_document(case.db, excerpt.document_id)
        doc = docs[excerpt.document_id]
        if doc is None:
            continue
        pages = documents.get_pages(case.db, doc.id, numbers=sorted({excerpt.start_page, excerpt.end_page}),
                                    with_words=False)
        label = next((p.label for p in pages if p.number == excerpt.start_page and p.label), str(excerpt.start_page))
        try:
            citation = pin_cite_for(doc, pages, TextSpan(excerpt.start_page, excerpt.start, excerpt.end_page,
                                                         excerpt.end)).short(short_cite(doc))
        except ValueError:  # its pages are gone (re-extracted shorter): cite the document alone
            citation = short_cite(doc)
        out.append((replace(excerpt, citation=citation, page_label=label), doc))
    return out


def _next_batch(case: CaseStore, pending: list[outbox.OutboxItem]) -> list[outbox.OutboxItem]:
    """The oldest outbox items adding up to about BATCH_PAGES pages (at least one item); a claim, excerpt
    or entity counts as one page."""
    pages = documents.page_counts_of(case.db, sorted({item.document_id for item in pending
                                                       if item.op in DOCUMENT_OPS and item.document_id is not None}))
    batch: list[outbox.OutboxItem] = []
    total = 0
    for item in pending:
        if item.op not in DOCUMENT_OPS:
            weight = 1
        else:  # a document item without a document weighs nothing, as before
            weight = pages.get(item.document_id, 0) if item.document_id is not None else 0
        if batch and total + weight > BATCH_PAGES:
            break
        batch.append(item)
        total += weight
    return batch


def search(case: CaseStore, query: str, *, filters: SearchFilters | None = None, sort: SortOrder = "relevance",
           limit: int = 20, offset: int = 0) -> SearchResults:
    """Run a query on the case; pending index work is applied first, so results reflect the store."""
    with open_index(case) as index:
        sync_index(case, index)

        def text_for(document_id: int, page_number: int) -> str:
            # As indexed: page furniture blanked, so hit offsets and snippets skip running headers and stamps.
            pages = documents.get_pages(case.db, document_id, numbers=[page_number], with_words=False)
            return body_text(pages[0]) if pages else ""

        return index.search(query, filters=filters, sort=sort, limit=limit, offset=offset, text_for=text_for)


def reindex(case: CaseStore, *, progress: ProgressCallback = no_progress,
            cancel: CancelToken = NEVER_CANCELLED) -> int:
    """Rebuild the index from the store (pages, claims and excerpts); returns the number of documents.

    Interrupted, it resumes on the next sync: the work is queued first.
    """
    with case.transaction() as db:
        queued = outbox.enqueue_every_document(db)
    with CaseIndex.recreate(case.layout.index) as index:
        sync_index(case, index, progress=progress, cancel=cancel)
    return queued


def check_index(case: CaseStore, *, repair: bool = True, progress: ProgressCallback = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> IndexCheck:
    """Compare every unit the store implies with what the index holds (after applying pending work)."""
    with open_index(case) as index:
        if repair:
            sync_index(case, index, cancel=cancel)
        index.check()
        expected: dict[SearchKey, str] = {}
        records = documents.list_documents(case.db)
        for done, record in enumerate(records):
            cancel.raise_if_cancelled()
            progress(ProgressUpdate(done, len(records), f"checking the index for {record.title}"))
            pages = documents.get_pages(case.db, record.id, with_words=False)
            expected.update(CaseIndex.expected_fingerprints(
                record, pages, tags=documents.document_tags(case.db, record.id)))
        cancel.raise_if_cancelled()
        expected.update(CaseIndex.expected_item_fingerprints(
            evidence_search.claim_sources(case.db, evidence_search.claim_ids(case.db)),
            excerpt_pairs(case, evidence_search.excerpt_ids(case.db))))
        actual = index.fingerprints()
    check = IndexCheck(pending_work=outbox.pending_count(case.db, ops=INDEX_OPS))
    check.missing = sorted((k for k in expected if k not in actual), key=key_order)
    check.stale = sorted((k for k, fp in expected.items() if k in actual and actual[k] != fp), key=key_order)
    check.extra = sorted((k for k in actual if k not in expected), key=key_order)
    return check
