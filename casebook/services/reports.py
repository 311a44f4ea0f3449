"""Assembling the case reports: claim–evidence chart, chronology, cast of characters and issue outline."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field

from casebook.core.citations import PinCite, document_cite, full_cite, pin_cite_for
from casebook.core.evidence import (
    Claim,
    Entity,
    EntityKind,
    Excerpt,
    FuzzyDate,
    Relation,
    claim_warnings,
    date_conflict,
    issue_outline,
)
from casebook.core.records import DocumentRecord, PageRecord
from casebook.services.cast import find_name_clashes
from casebook.services.evidence import short_cite
from casebook.store import documents
from casebook.store import evidence as store
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

RELATION_ORDER = (Relation.SUPPORTS, Relation.CONTRADICTS, Relation.QUALIFIES, Relation.CONTEXT)


class _Sources:
    """Documents and their pages, read once per report, and the citations built from them."""

    def __init__(self, case: CaseStore) -> None:
        self.case = case
        self.docs = {d.id: d for d in documents.list_documents(case.db)}
        self._pages: dict[int, list[PageRecord]] = {}

    def pages(self, document_id: int) -> list[PageRecord]:
        if document_id not in self._pages:
            self._pages[document_id] = documents.get_pages(self.case.db, document_id, with_words=False)
        return self._pages[document_id]

    def pin(self, excerpt: Excerpt) -> PinCite:
        return pin_cite_for(self.docs[excerpt.document_id], self.pages(excerpt.document_id), excerpt.anchor.span)

    def cite(self, excerpt: Excerpt) -> str:
        """"Romo Decl. ¶ 8; ECF No. 62 at 2" — short form with its pin, then the ECF pin when it was e-filed."""
        return full_cite(self.pin(excerpt), short_cite(self.docs[excerpt.document_id]))

    def cite_document(self, document_id: int) -> str:
        doc = self.docs[document_id]
        return document_cite(doc, short_cite(doc))


# --- claim–evidence chart ------------------------------------------------------------------------------------------

@dataclass
class EvidenceItem:
    relation: str
    excerpt_id: int
    document_id: int
    document_title: str
    quote: str
    cite: str
    pdf_page: str
    note: str = ""
    review: str | None = None


@dataclass
class ChartEntry:
    claim_id: int
    statement: str
    claim_type: str
    status: str
    asserted_by: str | None
    asserted_by_role: str | None
    source_cite: str | None
    source_quote: str | None
    event_date: str | None
    event_date_text: str | None
    document_date: str | None
    issues: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str = ""
    warnings: list[str] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)

    def by_relation(self, relation: Relation) -> list[EvidenceItem]:
        return [e for e in self.evidence if e.relation == relation.value]

    def to_dict(self) -> dict:
        return asdict(self)


def _quote(text: str) -> str:
    return " ".join(text.split())


def _issue_labels(case: CaseStore) -> dict[int, str]:
    return {item.issue.id: f"{item.number} {item.issue.title}" for item in issue_outline(store.list_issues(case.db))}


def claim_chart(case: CaseStore, *, claim_ids: list[int] | None = None,
                issue_id: int | None = None) -> list[ChartEntry]:
    """Each claim with its status, who asserts it where (with pin cite), and its evidence by relation."""
    sources = _Sources(case)
    claims = store.list_claims(case.db, ids=claim_ids)
    if issue_id is not None:
        claims = [c for c in claims if issue_id in c.issue_ids]
    excerpts = {e.id: e for e in store.list_excerpts(case.db)}
    entities = {e.id: e for e in store.list_entities(case.db)}
    issues = _issue_labels(case)
    entries = []
    for claim in claims:
        links = store.list_links(case.db, claim_id=claim.id)
        source = excerpts.get(claim.asserted_in_excerpt) if claim.asserted_in_excerpt else None
        doc = sources.docs.get(claim.asserted_in_document) if claim.asserted_in_document else None
        by = entities.get(claim.asserted_by) if claim.asserted_by else None
        entry = ChartEntry(
            claim_id=claim.id, statement=claim.statement, claim_type=claim.claim_type.value,
            status=claim.status.value, asserted_by=by.name if by else None, asserted_by_role=_role(by, entities),
            source_cite=sources.cite(source) if source else (sources.cite_document(doc.id) if doc else None),
            source_quote=_quote(source.text) if source else None,
            event_date=str(claim.event_date) if claim.event_date else None,
            event_date_text=claim.event_date.describe() if claim.event_date else None,
            document_date=doc.date if doc else None,
            issues=[issues[i] for i in claim.issue_ids if i in issues], tags=list(claim.tags), note=claim.note,
            warnings=claim_warnings(claim, links, document_date=doc.date if doc else None),
        )
        order = {r.value: i for i, r in enumerate(RELATION_ORDER)}
        for link in sorted(links, key=lambda lk: (order[lk.relation.value], lk.id)):
            excerpt = excerpts[link.excerpt_id]
            excerpt_doc = sources.docs[excerpt.document_id]
            entry.evidence.append(EvidenceItem(
                relation=link.relation.value, excerpt_id=excerpt.id, document_id=excerpt.document_id,
                document_title=excerpt_doc.title, quote=_quote(excerpt.text), cite=sources.cite(excerpt),
                pdf_page=sources.pin(excerpt).pdf(), note=link.note, review=excerpt.review,
            ))
            if excerpt.review == "lost":
                entry.warnings.append(f"excerpt {excerpt.id} could not be found after the document changed")
        entries.append(entry)
    return entries


def _role(entity: Entity | None, entities: dict[int, Entity]) -> str | None:
    if entity is None:
        return None
    parts = [entity.role] if entity.role else []
    org = entities.get(entity.organisation_id) if entity.organisation_id else None
    if org and not any(name in entity.role for name in org.names):
        parts.append(org.name)
    return ", ".join(parts) or None


# --- chronology ----------------------------------------------------------------------------------------------------

@dataclass
class ChronologyEntry:
    date: str | None  # canonical FuzzyDate text
    date_text: str
    sort_key: str
    kind: str  # "claim" or "document"
    description: str
    source: str | None
    document_date: str | None
    status: str | None = None
    claim_id: int | None = None
    document_id: int | None = None
    conflict: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def chronology(case: CaseStore, *, include_documents: bool = True) -> list[ChronologyEntry]:
    """Claims by event date (fuzzy dates by their earliest possible day) with the asserting document's date
    beside each, interleaved with the filing and publication of the documents; undated claims come last."""
    sources = _Sources(case)
    excerpts = {e.id: e for e in store.list_excerpts(case.db)}
    entries: list[tuple[tuple, ChronologyEntry]] = []
    for claim in store.list_claims(case.db):
        doc = sources.docs.get(claim.asserted_in_document) if claim.asserted_in_document else None
        source = excerpts.get(claim.asserted_in_excerpt) if claim.asserted_in_excerpt else None
        cite = sources.cite(source) if source else (sources.cite_document(doc.id) if doc else None)
        date = claim.event_date
        entry = ChronologyEntry(
            date=str(date) if date else None, date_text=date.describe() if date else "undated",
            sort_key=_sort_text(date), kind="claim", description=claim.statement, source=cite,
            document_date=doc.date if doc else None, status=claim.status.value, claim_id=claim.id,
            document_id=doc.id if doc else None, conflict=date_conflict(date, doc.date if doc else None),
        )
        entries.append((_sort(date, 1, claim.id), entry))
    if include_documents:
        for doc in sources.docs.values():
            if not doc.date:
                continue
            date = FuzzyDate.parse(doc.date)
            what = "Published" if doc.published_date and not doc.filed_date else "Filed"
            entries.append((_sort(date, 0, doc.id), ChronologyEntry(
                date=str(date), date_text=date.describe(), sort_key=_sort_text(date), kind="document",
                description=f"{what}: {_document_label(doc)}", source=sources.cite_document(doc.id),
                document_date=doc.date, document_id=doc.id)))
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]


def _sort(date: FuzzyDate | None, rank: int, ident: int) -> tuple:
    if date is None:
        return (1, "", "", rank, ident)
    first, last = date.sort_key
    return (0, first.isoformat(), last.isoformat(), rank, ident)


def _sort_text(date: FuzzyDate | None) -> str:
    return "|".join(d.isoformat() for d in date.sort_key) if date else ""


def _document_label(doc: DocumentRecord) -> str:
    title = doc.title if len(doc.title) <= 90 else doc.title[:87] + "…"
    return f"{title} ({doc.publisher})" if doc.publisher else title


# --- cast of characters --------------------------------------------------------------------------------------------

@dataclass
class CastMember:
    entity_id: int
    kind: str
    name: str
    role: str
    organisation: str | None
    description: str  # role and organisation as a brief introduces the person
    aliases: list[str]
    claims: list[int]
    excerpts: list[int]
    possible_clashes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def cast_of_characters(case: CaseStore) -> list[CastMember]:
    """People first, then organisations, alphabetically; with the claims they assert, excerpts that mention
    them and any same-name clashes a human should confirm or split."""
    entities = store.list_entities(case.db)
    by_id = {e.id: e for e in entities}
    claims: dict[int, list[int]] = {}
    for claim in store.list_claims(case.db):
        if claim.asserted_by:
            claims.setdefault(claim.asserted_by, []).append(claim.id)
    mentions: dict[int, list[int]] = {}
    for excerpt in store.list_excerpts(case.db):
        for entity_id in excerpt.entity_ids:
            mentions.setdefault(entity_id, []).append(excerpt.id)
    clashes: dict[int, list[str]] = {}
    for clash in find_name_clashes(case):
        clashes.setdefault(clash.first.id, []).append(f"{clash.reason}: {clash.second.name} (#{clash.second.id})")
        clashes.setdefault(clash.second.id, []).append(f"{clash.reason}: {clash.first.name} (#{clash.first.id})")
    order = {EntityKind.PERSON: 0, EntityKind.ORGANISATION: 1}
    return [
        CastMember(
            entity_id=e.id, kind=e.kind.value, name=e.name, role=e.role,
            organisation=by_id[e.organisation_id].name if e.organisation_id in by_id else None,
            description=_role(e, by_id) or "",
            aliases=list(e.aliases), claims=claims.get(e.id, []), excerpts=mentions.get(e.id, []),
            possible_clashes=clashes.get(e.id, []),
        )
        for e in sorted(entities, key=lambda e: (order[e.kind], e.name.casefold(), e.id))
    ]


# --- issue outline -------------------------------------------------------------------------------------------------

@dataclass
class IssueEntry:
    issue_id: int
    number: str
    depth: int
    title: str
    note: str
    claims: list[dict]

    def to_dict(self) -> dict:
        return asdict(self)


def issue_report(case: CaseStore) -> list[IssueEntry]:
    """The issue outline with the claims bearing on each issue (id, statement, status)."""
    claims: list[Claim] = store.list_claims(case.db)
    out = []
    for item in issue_outline(store.list_issues(case.db)):
        bearing = [{"claim_id": c.id, "statement": c.statement, "status": c.status.value}
                   for c in claims if item.issue.id in c.issue_ids]
        out.append(IssueEntry(item.issue.id, item.number, item.depth, item.issue.title, item.issue.note, bearing))
    return out
