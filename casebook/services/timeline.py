"""The case timeline's items: claims by event date and documents by their own date, filtered by issue, tag or person."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from casebook.core.bundles import BundlePlan
from casebook.core.evidence import (
    Claim,
    Entity,
    EvidenceError,
    FuzzyDate,
    OutlineItem,
    normalise_tag_path,
)
from casebook.core.records import DocumentRecord
from casebook.core.timeline import TimelineItem
from casebook.pdf.bundle_html import RenderedHtml
from casebook.services.cast import issue_tree
from casebook.store import documents
from casebook.store import evidence as store
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimelineFilters:
    """Which items to draw: claims on an issue (or its sub-issues), carrying a tag, or about a person.

    A document stays when it bears on a matching claim (asserts it, or holds an excerpt linked to it), or
    itself matches: it carries the tag (or holds an excerpt that does), mentions the person in an excerpt,
    or names them as author, publisher or party.
    """

    issue_id: int | None = None
    tag: str | None = None
    entity_id: int | None = None
    claims: bool = True
    documents: bool = True

    @property
    def active(self) -> bool:
        return self.issue_id is not None or bool(self.tag) or self.entity_id is not None


@dataclass
class TimelineData:
    """The items to draw, how many matching ones have no date, and the choices the filters offer."""

    items: list[TimelineItem] = field(default_factory=list)
    undated: int = 0
    issues: list[OutlineItem] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    people: list[Entity] = field(default_factory=list)
    case_title: str = ""

    @property
    def claims(self) -> list[TimelineItem]:
        return [i for i in self.items if i.kind == "claim"]

    @property
    def documents(self) -> list[TimelineItem]:
        return [i for i in self.items if i.kind == "document"]


def _fuzzy(text: str | None) -> FuzzyDate | None:
    if not text:
        return None
    try:
        return FuzzyDate.parse(text[:10])
    except EvidenceError:
        log.debug("timeline: %r is not a date", text)
        return None


def claim_item(claim: Claim) -> TimelineItem | None:
    """A claim at its event date: a day as a point, a month, year or range as a bar, a bound as a point."""
    when = claim.event_date
    if when is None:
        return None
    start, end = when.sort_key  # an open end takes the other end's date
    side = {"on_or_before": "before", "on_or_after": "after"}.get(when.kind)
    return TimelineItem(kind="claim", ident=claim.id, label=" ".join(claim.statement.split()), start=start,
                        end=end, date_text=when.describe(), status=claim.status.value, detail=claim.statement,
                        open_side=side)


def document_item(doc: DocumentRecord) -> TimelineItem | None:
    """A document at `DocumentRecord.date` (its own date with its basis, else filed or published)."""
    when = _fuzzy(doc.date)
    if when is None:
        return None
    basis = (doc.dated_by or "dated").capitalize()
    detail = f"{doc.title} ({doc.publisher})" if doc.publisher else doc.title
    start, end = when.sort_key
    return TimelineItem(kind="document", ident=doc.id, label=" ".join(doc.title.split()), start=start,
                        end=end, date_text=f"{basis} {when.describe()}", detail=detail)


def _within(path: str, wanted: str) -> bool:
    return path == wanted or path.startswith(wanted + "/")


def _issue_scope(case: CaseStore, issue_id: int) -> set[int]:
    """The issue and every issue below it."""
    children: dict[int | None, list[int]] = {}
    for issue in store.list_issues(case.db):
        children.setdefault(issue.parent_id, []).append(issue.id)
    scope, todo = set(), [issue_id]
    while todo:
        current = todo.pop()
        if current not in scope:
            scope.add(current)
            todo.extend(children.get(current, ()))
    return scope


def _names_in(entity: Entity, doc: DocumentRecord) -> bool:
    fields = " ".join(f for f in (doc.author, doc.publisher, doc.parties) if f).lower()
    return any(len(name) >= 3 and name.lower() in fields for name in entity.names)


def timeline(case: CaseStore, filters: TimelineFilters = TimelineFilters()) -> TimelineData:
    """Every dated claim and document that passes `filters`, with the filter choices for the view."""
    docs = {d.id: d for d in documents.list_documents(case.db)}
    claims = store.list_claims(case.db)
    excerpts = {e.id: e for e in store.list_excerpts(case.db)}
    links = store.list_links(case.db)
    tag = normalise_tag_path(filters.tag) if filters.tag else None
    scope = _issue_scope(case, filters.issue_id) if filters.issue_id is not None else None
    entity = store.get_entity(case.db, filters.entity_id) if filters.entity_id is not None else None
    if filters.entity_id is not None and entity is None:
        raise EvidenceError(f"no person or organisation {filters.entity_id} in this case")

    def claim_matches(claim: Claim) -> bool:
        if scope is not None and not scope.intersection(claim.issue_ids):
            return False
        if tag is not None and not any(_within(t, tag) for t in claim.tags):
            return False
        return entity is None or claim.asserted_by == entity.id

    kept_claims = [c for c in claims if claim_matches(c)]
    bearing: set[int] = set()  # documents that assert a kept claim or hold evidence linked to one
    kept_ids = {c.id for c in kept_claims}
    for claim in kept_claims:
        if claim.asserted_in_document:
            bearing.add(claim.asserted_in_document)
        if claim.asserted_in_excerpt in excerpts:
            bearing.add(excerpts[claim.asserted_in_excerpt].document_id)
    for link in links:
        if link.claim_id in kept_ids and link.excerpt_id in excerpts:
            bearing.add(excerpts[link.excerpt_id].document_id)

    def document_matches(doc: DocumentRecord) -> bool:
        if not filters.active:
            return True
        if doc.id in bearing:
            return True
        if scope is not None:
            return False  # only claims carry issues
        own = [e for e in excerpts.values() if e.document_id == doc.id]
        if tag is not None and not (any(_within(t, tag) for t in store.document_tags(case.db, doc.id))
                                    or any(_within(t, tag) for e in own for t in e.tags)):
            return False
        return entity is None or any(entity.id in e.entity_ids for e in own) or _names_in(entity, doc)

    data = TimelineData(case_title=case.title)
    candidates: list[TimelineItem | None] = []
    if filters.claims:
        candidates += [claim_item(c) for c in kept_claims]
    if filters.documents:
        candidates += [document_item(d) for d in docs.values() if document_matches(d)]
    data.items = [item for item in candidates if item is not None]
    data.undated = sum(1 for item in candidates if item is None)
    data.issues = issue_tree(case)
    data.tags = [t.path for t in store.list_tags(case.db)]
    data.people = store.list_entities(case.db)
    return data


def bundle_timeline_items(case: CaseStore, plan: BundlePlan) -> list[TimelineItem]:
    """Every dated claim, and the bundle's exhibits labelled by exhibit ("Ex. A: Declaration of …")."""
    data = timeline(case)
    exhibits = {ex.document_id: ex for ex in plan.exhibits}
    items = list(data.claims)
    for item in data.documents:
        exhibit = exhibits.get(item.ident)
        if exhibit is not None:
            name = exhibit.description or item.label
            items.append(replace(item, label=f"Ex. {exhibit.label}: {name}",
                                 detail=f"Exhibit {exhibit.label}: {item.detail}"))
    return items


def with_timeline_appendix(case: CaseStore, plan: BundlePlan, chart: RenderedHtml | None) -> RenderedHtml:
    """The bundle's appendix pages (`chart`, rendered, or None) with the timeline figure and its key after them."""
    from casebook.pdf.timeline_page import append_pages, timeline_pages

    items = bundle_timeline_items(case, plan)
    claims = sum(1 for i in items if i.kind == "claim")
    subtitle = (f"{claims} claim(s) by event date and {len(items) - claims} exhibit(s) by date. "
                "Bars span a range of possible dates; numbers refer to the key.")
    figure = timeline_pages(items, title="Timeline", subtitle=subtitle, page_size=plan.profile.page_size)
    return append_pages(chart, figure)


FIGURE_PAGE = (792.0, 612.0)  # landscape Letter, for a brief or a demonstrative exhibit
FIGURE_MARGINS = (36.0, 36.0, 36.0, 36.0)


def write_figure(case: CaseStore, out: Path, *, fmt: str = "pdf", filters: TimelineFilters = TimelineFilters(),
                 title: str | None = None) -> Path:
    """The timeline (with its numbered key) as a PDF figure on landscape Letter, or its first page as a PNG.

    Written beside `out` and renamed into place, so a failure never leaves half a file.
    """
    from casebook.pdf.timeline_page import first_page_png, timeline_pages

    if fmt not in ("pdf", "png"):
        raise EvidenceError(f"{fmt!r}: a timeline figure is a pdf or a png")
    data = timeline(case, filters)
    chosen = _filter_text(filters, data)
    subtitle = (f"{len(data.claims)} claim(s) by event date, {len(data.documents)} document(s) by date"
                + (f"; {chosen}" if chosen else "")
                + ". Bars span a range of possible dates; numbers refer to the key.")
    figure = timeline_pages(data.items, title=title or f"Timeline — {data.case_title}", subtitle=subtitle,
                            page_size=FIGURE_PAGE, margins=FIGURE_MARGINS)
    payload = figure.pdf if fmt == "pdf" else first_page_png(figure.pdf)
    out = Path(out).expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _filter_text(filters: TimelineFilters, data: TimelineData) -> str:
    parts = []
    if filters.issue_id is not None:
        parts += [f"issue {o.number} {o.issue.title}" for o in data.issues if o.issue.id == filters.issue_id]
    if filters.tag:
        parts.append(f"tag {normalise_tag_path(filters.tag)}")
    if filters.entity_id is not None:
        parts += [p.name for p in data.people if p.id == filters.entity_id]
    return "filtered by " + ", ".join(parts) if parts else ""
