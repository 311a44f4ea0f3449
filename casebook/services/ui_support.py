"""Read models for the desktop app: the evidence board, excerpt marks, inspector rows, read-only search, pin cites.

Every function here only reads; the GUI calls them on its reader thread. Writes go through the evidence and
history services on the writer thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.core.anchoring import TextSpan
from casebook.core.citations import default_short_cite, full_cite, pin_cite_for
from casebook.core.evidence import Claim, ClaimStatus, Excerpt, OutlineItem, Relation
from casebook.core.records import DocumentRecord, PageRecord
from casebook.core.search import SearchFilters, SearchIndexCorrupt, SearchResults, SortOrder
from casebook.services import cast, evidence, reports
from casebook.services import documents as document_service
from casebook.store import documents as document_store
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

# When an excerpt bears on several claims its highlight shows the relation a reviewer must see first.
RELATION_PRECEDENCE = (Relation.CONTRADICTS, Relation.QUALIFIES, Relation.SUPPORTS, Relation.CONTEXT)


# --- the evidence board -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LinkedExcerpt:
    """One excerpt linked to a claim, as the claims board lists it."""

    claim_id: int
    excerpt_id: int
    relation: Relation
    document_id: int
    document_title: str
    page: int
    cite: str
    quote: str
    note: str = ""


@dataclass(frozen=True)
class ClaimRow:
    """A claim with who asserts it where, its issues and how many excerpts bear on it by relation."""

    claim: Claim
    asserted_by: str
    source: str
    issues: tuple[str, ...]
    issue_scope: tuple[int, ...]  # its issues and their ancestors: filtering by an issue includes sub-issues
    counts: dict[Relation, int]
    warnings: tuple[str, ...] = ()
    evidence: tuple[LinkedExcerpt, ...] = ()


@dataclass(frozen=True)
class ExcerptRow:
    """An excerpt of the case with its citation and the relations it is linked by."""

    excerpt_id: int
    document_id: int
    document_title: str
    page: int
    cite: str
    quote: str
    relations: tuple[Relation, ...] = ()
    note: str = ""
    review: str | None = None


@dataclass
class EvidenceBoard:
    claims: list[ClaimRow] = field(default_factory=list)
    excerpts: list[ExcerptRow] = field(default_factory=list)
    issues: list[OutlineItem] = field(default_factory=list)


def _ancestors(issue_id: int, parents: dict[int, int | None]) -> list[int]:
    found: list[int] = []
    current: int | None = issue_id
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found


def evidence_board(case: CaseStore) -> EvidenceBoard:
    """Every claim with its counts and linked excerpts, every excerpt with its citation, and the issue outline."""
    chart = {entry.claim_id: entry for entry in reports.claim_chart(case)}
    outline = cast.issue_tree(case)
    parents = {item.issue.id: item.issue.parent_id for item in outline}
    excerpts = {e.id: e for e in evidence.list_excerpts(case)}
    board = EvidenceBoard(issues=outline)
    relations: dict[int, list[Relation]] = {}
    for claim in evidence.list_claims(case):
        entry = chart.get(claim.id)
        linked = []
        for item in entry.evidence if entry else ():
            excerpt = excerpts.get(item.excerpt_id)
            relation = Relation(item.relation)
            relations.setdefault(item.excerpt_id, []).append(relation)
            linked.append(LinkedExcerpt(
                claim_id=claim.id, excerpt_id=item.excerpt_id, relation=relation, document_id=item.document_id,
                document_title=item.document_title, page=excerpt.anchor.span.start_page if excerpt else 1,
                cite=item.cite, quote=item.quote, note=item.note))
        counts = {relation: sum(1 for x in linked if x.relation is relation) for relation in Relation}
        scope = sorted({a for issue_id in claim.issue_ids for a in _ancestors(issue_id, parents)})
        board.claims.append(ClaimRow(
            claim=claim, asserted_by=(entry.asserted_by or "") if entry else "",
            source=(entry.source_cite or "") if entry else "", issues=tuple(entry.issues) if entry else (),
            issue_scope=tuple(scope), counts=counts, warnings=tuple(entry.warnings) if entry else (),
            evidence=tuple(linked)))
    titles = {d.id: d.title for d in document_service.list_documents(case)}
    for excerpt in excerpts.values():
        board.excerpts.append(ExcerptRow(
            excerpt_id=excerpt.id, document_id=excerpt.document_id,
            document_title=titles.get(excerpt.document_id, ""), page=excerpt.anchor.span.start_page,
            cite=evidence.excerpt_citation(case, excerpt), quote=" ".join(excerpt.text.split()),
            relations=tuple(dict.fromkeys(relations.get(excerpt.id, ()))), note=excerpt.note,
            review=excerpt.review))
    board.excerpts.sort(key=lambda row: (row.document_id, row.page, row.excerpt_id))
    return board


# --- marks in the viewer ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExcerptMark:
    """Where one excerpt sits in a shown document, and the relation its highlight is coloured by (None: unlinked)."""

    excerpt_id: int
    relation: Relation | None
    span: TextSpan
    quads: dict[int, list] = field(default_factory=dict)


def strongest_relation(relations: Sequence[Relation]) -> Relation | None:
    return next((r for r in RELATION_PRECEDENCE if r in relations), None)


def document_marks(case: CaseStore, document_id: int) -> list[ExcerptMark]:
    """The excerpts of one document with their highlight rectangles (PDFs) and spans (articles)."""
    marks = []
    for excerpt in evidence.list_excerpts(case, document_id=document_id):
        relations = [link.relation for link in evidence.list_links(case, excerpt_id=excerpt.id)]
        marks.append(ExcerptMark(excerpt.id, strongest_relation(relations), excerpt.anchor.span,
                                 dict(excerpt.quads)))
    return marks


# --- the inspector ------------------------------------------------------------------------------------------------

def _links_text(case: CaseStore, excerpt: Excerpt) -> list[tuple[str, str]]:
    rows = []
    for link in evidence.list_links(case, excerpt_id=excerpt.id):
        claim = evidence.get_claim(case, link.claim_id)
        text = f"{link.relation.value} claim {claim.id}: {claim.statement[:120]}"
        rows.append(("Link", text + (f" — {link.note}" if link.note else "")))
    return rows


def excerpt_properties(case: CaseStore, excerpt_id: int) -> list[tuple[str, str]]:
    excerpt = evidence.get_excerpt(case, excerpt_id)
    document = document_service.get_document(case, excerpt.document_id)
    rows = [("Excerpt", str(excerpt.id)), ("Quote", " ".join(excerpt.text.split())),
            ("Cite", evidence.excerpt_citation(case, excerpt)), ("Document", document.title),
            ("Note", excerpt.note), ("Tags", ", ".join(excerpt.tags))]
    if excerpt.review:
        rows.append(("Review", f"{excerpt.review}: {excerpt.review_note}"))
    rows.extend(_links_text(case, excerpt))
    return [(k, v) for k, v in rows if v]


def claim_properties(case: CaseStore, claim_id: int) -> list[tuple[str, str]]:
    claim = evidence.get_claim(case, claim_id)
    entry = next(iter(reports.claim_chart(case, claim_ids=[claim_id])), None)
    rows = [("Claim", str(claim.id)), ("Statement", claim.statement), ("Type", claim.claim_type.value),
            ("Status", claim.status.value)]
    if entry is not None:
        rows += [("Asserted by", entry.asserted_by or ""), ("Source", entry.source_cite or ""),
                 ("Event date", entry.event_date_text or ""), ("Issues", "; ".join(entry.issues))]
        rows += [("Warning", w) for w in entry.warnings]
        rows += [("Link", f"{item.relation}: {item.cite} — “{item.quote[:120]}”"
                  + (f" ({item.note})" if item.note else "")) for item in entry.evidence]
    rows += [("Tags", ", ".join(claim.tags)), ("Note", claim.note)]
    return [(k, v) for k, v in rows if v]


def document_extras(case: CaseStore, document_id: int) -> list[tuple[str, str]]:
    """A document's tags and its excerpts with the claims they are linked to (metadata comes with the record)."""
    rows = [("Tags", ", ".join(evidence.document_tags(case, document_id)) or "none")]
    for excerpt in evidence.list_excerpts(case, document_id=document_id):
        links = evidence.list_links(case, excerpt_id=excerpt.id)
        relations = [f"{lk.relation.value} claim {lk.claim_id}" for lk in links]
        text = f"{evidence.excerpt_citation(case, excerpt)}: “{' '.join(excerpt.text.split())[:100]}”"
        rows.append((f"Excerpt {excerpt.id}", text + (f" ({'; '.join(relations)})" if relations else "")))
    return rows


# --- pin cites of a selection -------------------------------------------------------------------------------------

def selection_pin_cite(document: DocumentRecord, pages: Sequence[PageRecord], span: TextSpan) -> str | None:
    """"Romo Decl. ¶ 8; ECF No. 62 at 2" for a selection, from what the viewer already holds (no store access)."""
    try:
        pin = pin_cite_for(document, pages, span)
    except ValueError:
        return None
    return full_cite(pin, default_short_cite(document))


# --- read-only search ---------------------------------------------------------------------------------------------

class IndexReader:
    """Searches a case's index without writing to it, keeping one index open for the thread that uses it.

    The GUI's writer thread keeps the index in step with the store (sync_index after imports); searching from
    the reader thread must not write, or it would contend with the writer for the index lock.
    """

    def __init__(self) -> None:
        self._index: Any = None  # a CaseIndex; Whoosh is imported on first use, off the GUI thread
        self._folder: Path | None = None

    def _open(self, case: CaseStore) -> Any:
        from casebook.index import CaseIndex

        folder = Path(case.layout.index)
        if self._index is None or self._folder != folder:
            self.close()
            self._index = CaseIndex.open(folder, create=False)
            self._folder = folder
        return self._index

    def search(self, case: CaseStore, query: str, *, filters: SearchFilters | None = None,
               sort: SortOrder = "relevance", limit: int = 20, offset: int = 0) -> SearchResults:
        try:
            index = self._open(case)
        except SearchIndexCorrupt:
            self.close()
            return SearchResults(query=query, total=0, hits=[], facets={}, offset=offset, limit=limit,
                                 notice="The search index is being built; try again in a moment.")

        from casebook.index.schema import body_text

        def text_for(document_id: int, page_number: int) -> str:
            # As indexed: furniture blanked, so hit offsets match (same as services.search.search).
            pages = document_store.get_pages(case.db, document_id, numbers=[page_number], with_words=False)
            return body_text(pages[0]) if pages else ""

        return index.search(query, filters=filters, sort=sort, limit=limit, offset=offset, text_for=text_for)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self._index, self._folder = None, None


def claim_statuses() -> list[str]:
    return [status.value for status in ClaimStatus]


__all__ = [
    "ClaimRow", "EvidenceBoard", "ExcerptMark", "ExcerptRow", "IndexReader", "LinkedExcerpt", "claim_properties",
    "claim_statuses", "document_extras", "document_marks", "evidence_board", "excerpt_properties",
    "selection_pin_cite", "strongest_relation",
]
