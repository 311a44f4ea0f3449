"""One batch of index changes: documents, claims and excerpts added or deleted through one Whoosh writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from whoosh.writing import CLEAR, MERGE_SMALL, NO_MERGE, OPTIMIZE

from casebook.core.records import DocumentRecord, PageRecord
from casebook.core.search import ClaimSource, ExcerptSource, ItemKey
from casebook.index.schema import Unit, claim_unit, excerpt_unit, units_for

if TYPE_CHECKING:  # Whoosh is untyped: Any to mypy, named for the reader
    from whoosh.writing import IndexWriter

    from casebook.index.case_index import CaseIndex

MergePolicy = Callable[[Any, list[Any]], list[Any]]  # Whoosh's mergetype: (writer, segments) -> segments


class IndexBatch:
    """Adds and deletes documents through one Whoosh writer, committed when the `with` block ends."""

    def __init__(self, index: CaseIndex, *, optimize: bool = False, merge: bool = True) -> None:
        self.index = index
        self.optimize = optimize
        self.merge = merge
        self._writer: IndexWriter | None = None
        self._pending: set[str] = set()  # items added by the open writer (not yet deletable by term)
        self._pending_docs: set[int] = set()  # documents whose pages or excerpts the open writer added
        self._clear = False
        self._adopted: list[object] = []  # segments built by workers, listed in this batch's commit
        self.units_added = 0
        self.documents_deleted = 0

    def __enter__(self) -> IndexBatch:
        self._writer = self.index._writer()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        if exc_type is not None:
            writer.cancel()
            self.index._committed()
            return
        self._commit(writer, CLEAR if self._clear else OPTIMIZE if self.optimize else MERGE_SMALL if self.merge
                     else NO_MERGE)
        self.index._committed()

    def _commit(self, writer: IndexWriter, policy: MergePolicy) -> None:
        adopted, self._adopted = list(self._adopted), []
        # The merge policy sees only the segments committed before; adopted ones join after it. Segments whose
        # every unit is now deleted (a rebuild, a re-import of their documents) are dropped: each segment
        # listed costs every later search a lookup per word.
        writer.commit(mergetype=lambda w, segments: [s for s in policy(w, segments) if s.doc_count()] + adopted)

    def adopt(self, segments: Sequence[object], document_ids: Iterable[int]) -> None:
        """Commit segments built by `casebook.index.segments` workers with this batch, replacing every earlier
        page unit of their documents (the segments hold those documents' units, and nothing else).

        Call before adding anything else to the batch: a mid-batch flush would delete the workers' files.
        """
        writer = self._require()
        if self._pending:
            raise RuntimeError("adopt() must come before the batch's first add")
        for document_id in document_ids:
            writer.delete_by_term("item", f"document:{document_id}")
        self._adopted.extend(segments)

    def _require(self) -> IndexWriter:
        if self._writer is None:
            raise RuntimeError("IndexBatch used outside its `with` block")
        return self._writer

    def _flush_if_pending(self, item: str | None = None, *, document_id: int | None = None) -> None:
        # Whoosh deletes by term only in committed segments: a document (or claim, excerpt) added earlier in
        # this batch is committed first so its units can be replaced. Rare (two outbox rows for one item).
        if item in self._pending or (document_id is not None and document_id in self._pending_docs):
            # A clear happens with this commit (the rebuild is then no longer atomic); so do adopted segments.
            self._commit(self._require(), CLEAR if self._clear else NO_MERGE)
            self._clear = False
            self.index._committed()
            self._pending.clear()
            self._pending_docs.clear()
            self._writer = self.index._writer()

    def add_document(self, doc: DocumentRecord, pages: Sequence[PageRecord], *, tags: Iterable[str] = ()) -> int:
        """Index (or re-index) a document's pages: all its previous page units are replaced (its excerpts,
        indexed with `add_excerpt`, are left alone). Returns units written."""
        self._require()
        units = units_for(doc, pages, tags=tags)
        item = f"document:{doc.id}"
        self._flush_if_pending(item)
        writer = self._require()  # the flush may have opened a new writer
        writer.delete_by_term("item", item)
        for unit in units:
            writer.add_document(**unit.fields())
        self._pending.add(item)
        self._pending_docs.add(doc.id)
        self.units_added += len(units)
        return len(units)

    def delete_document(self, document_id: int) -> None:
        """Remove every unit of a document, its excerpts included (nothing happens if it is not indexed)."""
        self._require()
        self._flush_if_pending(document_id=document_id)
        self._require().delete_by_term("doc", str(document_id))
        self.documents_deleted += 1

    def _put(self, unit: Unit) -> None:
        self._require()
        key = unit.key
        assert isinstance(key, ItemKey)  # claims and excerpts: pages go through add_document
        item = f"{key.kind}:{key.item_id}"
        self._flush_if_pending(item)
        writer = self._require()  # the flush may have opened a new writer
        writer.delete_by_term("item", item)
        writer.add_document(**unit.fields())
        self._pending.add(item)
        if unit.document_id is not None:
            self._pending_docs.add(unit.document_id)
        self.units_added += 1

    def _drop(self, kind: str, item_id: int) -> None:
        self._require()
        item = f"{kind}:{item_id}"
        self._flush_if_pending(item)
        self._require().delete_by_term("item", item)

    def add_claim(self, claim: ClaimSource) -> None:
        """Index (or re-index) a claim."""
        self._put(claim_unit(claim))

    def add_excerpt(self, excerpt: ExcerptSource, doc: DocumentRecord) -> None:
        """Index (or re-index) an excerpt of `doc`."""
        self._put(excerpt_unit(excerpt, doc))

    def delete_claim(self, claim_id: int) -> None:
        """Remove a claim from the index (nothing happens if it is not indexed)."""
        self._drop("claim", claim_id)

    def delete_excerpt(self, excerpt_id: int) -> None:
        """Remove an excerpt from the index (nothing happens if it is not indexed)."""
        self._drop("excerpt", excerpt_id)

    def clear(self) -> None:
        """Drop every unit committed before this batch (the rebuild case: clear, then add every document).

        Units added in this batch, before or after the call, are kept. Nothing is dropped if the batch is
        discarded, so a cancelled rebuild leaves the previous index searchable.
        """
        self._require()
        if self._pending:
            # Flushed units would count as "before this batch": keep them by re-flushing after clearing.
            raise RuntimeError("clear() must come before the batch's first add_document")
        self._clear = True
