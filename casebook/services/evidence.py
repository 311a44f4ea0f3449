"""Excerpts, claims, links and tags: adding, editing, deleting and re-anchoring them, every edit undoable."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from casebook.core.anchoring import Anchor, TextSpan, anchor_span, find_quote, reanchor
from casebook.core.citations import PinCite, default_short_cite, pin_cite_for
from casebook.core.evidence import (
    Claim,
    ClaimStatus,
    ClaimType,
    EvidenceError,
    Excerpt,
    FuzzyDate,
    Link,
    Relation,
    Tag,
    check_link,
    normalise_colour,
    normalise_tag_path,
    parse_choice,
)
from casebook.core.excerpt_geometry import quads_for
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.core.records import DocumentRecord, PageRecord
from casebook.services.history import recorded_edit
from casebook.store import documents
from casebook.store import evidence as store
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

UNCHANGED = object()
"""Default of optional edit arguments: leave the field as it is (None clears a field that may be empty)."""

CONTEXT_CHARS = 40


@dataclass(frozen=True)
class QuoteCandidate:
    """One place a quote was found (or nearly found): page and the text around it."""

    page: int
    start: int
    context: str


class QuoteNotFound(EvidenceError):
    """The quote is not in the document (or not on the page asked for); `candidates` are places it is."""

    def __init__(self, message: str, candidates: Sequence[QuoteCandidate] = ()) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


class QuoteAmbiguous(EvidenceError):
    """The quote occurs more than once; `candidates` lists each place so the user can give a page or more text."""

    def __init__(self, message: str, candidates: Sequence[QuoteCandidate]) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


# --- reading -----------------------------------------------------------------------------------------------------

def _document(case: CaseStore, document_id: int) -> DocumentRecord:
    record = documents.get_document(case.db, document_id)
    if record is None:
        raise EvidenceError(f"no document {document_id} in this case")
    return record


def get_excerpt(case: CaseStore, excerpt_id: int) -> Excerpt:
    excerpt = store.get_excerpt(case.db, excerpt_id)
    if excerpt is None:
        raise EvidenceError(f"no excerpt {excerpt_id} in this case (see 'casebook excerpt list')")
    return excerpt


def list_excerpts(case: CaseStore, *, document_id: int | None = None, needs_review: bool = False) -> list[Excerpt]:
    found = store.list_excerpts(case.db, document_id=document_id)
    return [e for e in found if e.review] if needs_review else found


def get_claim(case: CaseStore, claim_id: int) -> Claim:
    claim = store.get_claim(case.db, claim_id)
    if claim is None:
        raise EvidenceError(f"no claim {claim_id} in this case (see 'casebook claim list')")
    return claim


def list_claims(case: CaseStore, *, status: ClaimStatus | None = None, issue_id: int | None = None,
                tag: str | None = None) -> list[Claim]:
    claims = store.list_claims(case.db)
    if status is not None:
        claims = [c for c in claims if c.status is status]
    if issue_id is not None:
        claims = [c for c in claims if issue_id in c.issue_ids]
    if tag is not None:
        path = normalise_tag_path(tag)
        claims = [c for c in claims if any(t == path or t.startswith(path + "/") for t in c.tags)]
    return claims


def list_links(case: CaseStore, *, claim_id: int | None = None, excerpt_id: int | None = None) -> list[Link]:
    return store.list_links(case.db, claim_id=claim_id, excerpt_id=excerpt_id)


def short_cite(document: DocumentRecord) -> str:
    """The document's short-form citation: the user's own ("Romo Decl.") or one built from its metadata."""
    return document.short_cite or default_short_cite(document)


def excerpt_pin_cite(case: CaseStore, excerpt: Excerpt, *, pages: Sequence[PageRecord] | None = None) -> PinCite:
    document = _document(case, excerpt.document_id)
    span = excerpt.anchor.span
    if pages is None:
        pages = documents.get_pages(case.db, document.id, numbers=sorted({span.start_page, span.end_page}),
                                    with_words=False)
    return pin_cite_for(document, pages, span)


def excerpt_citation(case: CaseStore, excerpt: Excerpt) -> str:
    """"Romo Decl. ¶ 8" — the short-form pin cite of an excerpt."""
    return excerpt_pin_cite(case, excerpt).short(short_cite(_document(case, excerpt.document_id)))


# --- excerpts ----------------------------------------------------------------------------------------------------

def _candidate(pages: dict[int, PageRecord], anchor: Anchor) -> QuoteCandidate:
    page = pages[anchor.span.start_page]
    start = anchor.span.start
    before = page.text[max(0, start - CONTEXT_CHARS):start]
    after_page = pages[anchor.span.end_page]
    after = after_page.text[anchor.span.end:anchor.span.end + CONTEXT_CHARS]
    context = " ".join(f"…{before}[{anchor.quote.exact}]{after}…".split())
    return QuoteCandidate(anchor.span.start_page, start, context)


def _find_quote_past_furniture(pages: Sequence[PageRecord], quote: str, *, page: int | None) -> list[Anchor]:
    """`find_quote` on the body text; failing that, on the full text, for a quote copied from a PDF viewer with
    the running header or ECF stamp of a page break in it. Either way the anchor's text leaves the furniture out.
    """
    found = find_quote(pages, quote, page=page)
    if found or not any(p.furniture for p in pages):
        return found
    as_printed = [replace(p, furniture=()) for p in pages]
    return [anchor_span(pages, anchor.span) for anchor in find_quote(as_printed, quote, page=page)]


def locate_quote(case: CaseStore, document_id: int, quote: str, *, page: int | None = None) -> Anchor:
    """The one place `quote` sits in the document (on `page` when given); a clear error when absent or ambiguous."""
    document = _document(case, document_id)
    if not quote.strip():
        raise EvidenceError("an empty quote; give the exact words of the excerpt")
    if page is not None and not 1 <= page <= document.page_count:
        raise EvidenceError(f"document {document_id} has pages 1–{document.page_count}; no page {page}")
    pages = documents.get_pages(case.db, document_id, with_words=False)
    by_number = {p.number: p for p in pages}
    found = _find_quote_past_furniture(pages, quote, page=page)
    short = quote if len(quote) <= 60 else quote[:57] + "…"
    if not found:
        elsewhere = find_quote(pages, quote) if page is not None else []
        candidates = [_candidate(by_number, a) for a in elsewhere]
        where = f"on page {page} of document {document_id}" if page is not None else f"in document {document_id}"
        hint = (f"; it is on page(s) {', '.join(str(c.page) for c in candidates)}" if candidates
                else "; check the wording (the search is exact apart from spacing, quotes and ligatures)")
        raise QuoteNotFound(f"“{short}” is not {where}{hint}", candidates)
    if len(found) > 1:
        candidates = [_candidate(by_number, a) for a in found]
        raise QuoteAmbiguous(
            f"“{short}” occurs {len(found)} times in document {document_id}; give --page or quote more words. "
            "Candidates: " + "; ".join(f"p. {c.page}: {c.context}" for c in candidates),
            candidates,
        )
    return found[0]


def add_excerpt_by_quote(case: CaseStore, document_id: int, quote: str, *, page: int | None = None,
                         note: str = "", tags: Iterable[str] = (), entity_ids: Iterable[int] = ()) -> Excerpt:
    """Pin the passage `quote` (found in the document, on `page` if given) as a new excerpt."""
    anchor = locate_quote(case, document_id, quote, page=page)
    return _add_excerpt(case, document_id, anchor, note=note, tags=tags, entity_ids=entity_ids)


def add_excerpt_by_span(case: CaseStore, document_id: int, span: TextSpan, *, note: str = "",
                        tags: Iterable[str] = (), entity_ids: Iterable[int] = ()) -> Excerpt:
    """Pin a selection (page and character range, as the viewer selects it) as a new excerpt."""
    document = _document(case, document_id)
    for number in (span.start_page, span.end_page):
        if not 1 <= number <= document.page_count:
            raise EvidenceError(f"document {document_id} has pages 1–{document.page_count}; no page {number}")
    pages = documents.get_pages(case.db, document_id, with_words=False)
    try:
        anchor = anchor_span(pages, span)
    except (ValueError, IndexError) as exc:
        raise EvidenceError(f"cannot pin that selection in document {document_id}: {exc}") from exc
    if not anchor.quote.exact.strip():
        raise EvidenceError("the selection is empty; select some text first")
    return _add_excerpt(case, document_id, anchor, note=note, tags=tags, entity_ids=entity_ids)


def _quads(case: CaseStore, document_id: int, anchor: Anchor) -> dict[int, list]:
    numbers = list(range(anchor.span.start_page, anchor.span.end_page + 1))
    pages = documents.get_pages(case.db, document_id, numbers=numbers, with_words=True)
    return quads_for(anchor, {p.number: p.words for p in pages}, {p.number: p.furniture for p in pages})


def _add_excerpt(case: CaseStore, document_id: int, anchor: Anchor, *, note: str, tags: Iterable[str],
                 entity_ids: Iterable[int]) -> Excerpt:
    quads = _quads(case, document_id, anchor)
    paths = [normalise_tag_path(t) for t in tags]
    entity_ids = list(dict.fromkeys(entity_ids))
    _check_entities(case, entity_ids)
    with recorded_edit(case, "Add excerpt", action="excerpt.add", target="excerpt") as edit:
        excerpt_id = store.insert_excerpt(edit.rec, document_id, anchor, quads, note=note)
        for path in paths:
            store.tag_owner(edit.rec, "excerpt", excerpt_id, store.ensure_tag(edit.rec, path, normalise_colour(
                None, path=path)))
        for entity_id in entity_ids:
            store.add_mention(edit.rec, excerpt_id, entity_id)
        edit.label, edit.target = f"Add excerpt {excerpt_id}", f"excerpt:{excerpt_id}"
        edit.details = {"document_id": document_id, "page": anchor.span.start_page, "quote": anchor.quote.exact[:200]}
    return get_excerpt(case, excerpt_id)


def _check_entities(case: CaseStore, entity_ids: Iterable[int]) -> None:
    for entity_id in entity_ids:
        if store.get_entity(case.db, entity_id) is None:
            raise EvidenceError(f"no person or organisation {entity_id} in this case")


def update_excerpt(case: CaseStore, excerpt_id: int, *, note: str | object = UNCHANGED,
                   entity_ids: Iterable[int] | object = UNCHANGED) -> Excerpt:
    """Change an excerpt's note or the people and organisations it mentions."""
    get_excerpt(case, excerpt_id)
    with recorded_edit(case, f"Edit excerpt {excerpt_id}", action="excerpt.edit",
                       target=f"excerpt:{excerpt_id}") as edit:
        if note is not UNCHANGED:
            store.update_excerpt(edit.rec, excerpt_id, {"note": note or ""})
        if entity_ids is not UNCHANGED:
            wanted = list(dict.fromkeys(cast(Iterable[int], entity_ids)))
            _check_entities(case, wanted)
            current = get_excerpt(case, excerpt_id).entity_ids
            for entity_id in current:
                if entity_id not in wanted:
                    row = store.existing_row(store.excerpt_entity_row(case.db, excerpt_id, entity_id), "mention")
                    store.remove_mention(edit.rec, row)
            for entity_id in wanted:
                if entity_id not in current:
                    store.add_mention(edit.rec, excerpt_id, entity_id)
    return get_excerpt(case, excerpt_id)


def delete_excerpt(case: CaseStore, excerpt_id: int) -> Excerpt:
    """Delete an excerpt with its links and tags; claims asserted in it keep their document. Undo restores all."""
    excerpt = get_excerpt(case, excerpt_id)
    with recorded_edit(case, f"Delete excerpt {excerpt_id}", action="excerpt.delete",
                       target=f"excerpt:{excerpt_id}", details={"quote": excerpt.text[:200]}) as edit:
        store.delete_excerpt(edit.rec, excerpt_id)
    return excerpt


# --- claims ------------------------------------------------------------------------------------------------------

def _event_date(value: str | FuzzyDate | None) -> FuzzyDate | None:
    if value is None or isinstance(value, FuzzyDate):
        return value
    return FuzzyDate.parse(value) if value.strip() else None


def _check_source(case: CaseStore, document_id: int | None, excerpt_id: int | None) -> int | None:
    """Validate where a claim is asserted; returns the document id (taken from the excerpt when not given)."""
    if excerpt_id is not None:
        excerpt = get_excerpt(case, excerpt_id)
        if document_id is not None and excerpt.document_id != document_id:
            raise EvidenceError(
                f"excerpt {excerpt_id} is in document {excerpt.document_id}, not document {document_id}")
        return excerpt.document_id
    if document_id is not None:
        _document(case, document_id)
    return document_id


def _check_issues(case: CaseStore, issue_ids: Iterable[int]) -> list[int]:
    known = {i.id for i in store.list_issues(case.db)}
    wanted = list(dict.fromkeys(issue_ids))
    missing = [i for i in wanted if i not in known]
    if missing:
        raise EvidenceError(f"no issue {missing[0]} in this case (see 'casebook issue list')")
    return wanted


def add_claim(case: CaseStore, statement: str, *, claim_type: ClaimType = ClaimType.ALLEGATION,
              status: ClaimStatus = ClaimStatus.NEEDS_EVIDENCE, asserted_by: int | None = None,
              asserted_in_document: int | None = None, asserted_in_excerpt: int | None = None,
              event_date: str | FuzzyDate | None = None, issue_ids: Iterable[int] = (), note: str = "",
              tags: Iterable[str] = ()) -> Claim:
    """Record a claim: what is asserted, by whom, where, of what type and status, when, and on which issues."""
    statement = " ".join(statement.split())
    if not statement:
        raise EvidenceError("a claim needs a statement")
    if asserted_by is not None:
        _check_entities(case, [asserted_by])
    document_id = _check_source(case, asserted_in_document, asserted_in_excerpt)
    issues = _check_issues(case, issue_ids)
    paths = [normalise_tag_path(t) for t in tags]
    columns = store.claim_columns(
        statement=statement, claim_type=ClaimType(claim_type), status=ClaimStatus(status), asserted_by=asserted_by,
        asserted_in_document=document_id, asserted_in_excerpt=asserted_in_excerpt,
        event_date=_event_date(event_date), note=note)
    with recorded_edit(case, "Add claim", action="claim.add", target="claim") as edit:
        claim_id = store.insert_claim(edit.rec, columns)
        store.set_claim_issues(edit.rec, claim_id, issues)
        for path in paths:
            store.tag_owner(edit.rec, "claim", claim_id,
                            store.ensure_tag(edit.rec, path, normalise_colour(None, path=path)))
        edit.label, edit.target = f"Add claim {claim_id}", f"claim:{claim_id}"
        edit.details = {"statement": statement[:200]}
    return get_claim(case, claim_id)


def update_claim(case: CaseStore, claim_id: int, *, statement: str | object = UNCHANGED,
                 claim_type: ClaimType | object = UNCHANGED, status: ClaimStatus | object = UNCHANGED,
                 asserted_by: int | object | None = UNCHANGED, asserted_in_document: int | object | None = UNCHANGED,
                 asserted_in_excerpt: int | object | None = UNCHANGED,
                 event_date: str | FuzzyDate | object | None = UNCHANGED,
                 issue_ids: Iterable[int] | object = UNCHANGED, note: str | object = UNCHANGED) -> Claim:
    """Change any field of a claim (UNCHANGED leaves it; None clears an optional one). One undoable edit."""
    claim = get_claim(case, claim_id)

    def pick(value, current):
        return current if value is UNCHANGED else value

    new_statement = " ".join(str(pick(statement, claim.statement)).split())
    if not new_statement:
        raise EvidenceError("a claim needs a statement")
    by = pick(asserted_by, claim.asserted_by)
    if by is not None:
        _check_entities(case, [by])
    excerpt_id = pick(asserted_in_excerpt, claim.asserted_in_excerpt)
    doc_given = asserted_in_document is not UNCHANGED
    document_id = _check_source(case, pick(asserted_in_document, claim.asserted_in_document)
                                if doc_given or excerpt_id is None else None, excerpt_id)
    columns = store.claim_columns(
        statement=new_statement, claim_type=ClaimType(pick(claim_type, claim.claim_type)),
        status=ClaimStatus(pick(status, claim.status)), asserted_by=by, asserted_in_document=document_id,
        asserted_in_excerpt=excerpt_id, event_date=_event_date(pick(event_date, claim.event_date)),
        note=pick(note, claim.note) or "")
    issues = _check_issues(case, cast(Iterable[int], issue_ids)) if issue_ids is not UNCHANGED else None
    if excerpt_id is not None:  # a link to the claim's own source must still obey the relation rules
        prospective = replace(claim, claim_type=ClaimType(columns["claim_type"]), asserted_in_excerpt=excerpt_id)
        for link in list_links(case, claim_id=claim_id, excerpt_id=excerpt_id):
            check_link(prospective, excerpt_id, link.relation, [])
    with recorded_edit(case, f"Edit claim {claim_id}", action="claim.edit", target=f"claim:{claim_id}") as edit:
        store.update_claim(edit.rec, claim_id, columns)
        if issues is not None:
            store.set_claim_issues(edit.rec, claim_id, issues)
    return get_claim(case, claim_id)


def delete_claim(case: CaseStore, claim_id: int) -> Claim:
    claim = get_claim(case, claim_id)
    with recorded_edit(case, f"Delete claim {claim_id}", action="claim.delete", target=f"claim:{claim_id}",
                       details={"statement": claim.statement[:200]}) as edit:
        store.delete_claim(edit.rec, claim_id)
    return claim


def link_excerpt(case: CaseStore, claim_id: int, excerpt_id: int, relation: Relation | str, *, note: str = "",
                 replace: bool = False) -> Link:
    """Link an excerpt to a claim as supporting, contradicting, qualifying or context (rules: check_link)."""
    claim = get_claim(case, claim_id)
    get_excerpt(case, excerpt_id)
    relation = Relation(relation)
    existing = list_links(case, claim_id=claim_id, excerpt_id=excerpt_id)
    if replace:
        check_link(claim, excerpt_id, relation, [])
    else:
        check_link(claim, excerpt_id, relation, existing)
    label = f"Link excerpt {excerpt_id} to claim {claim_id} ({relation.value})"
    with recorded_edit(case, label, action="claim.link", target=f"claim:{claim_id}",
                       details={"excerpt_id": excerpt_id, "relation": relation.value}) as edit:
        if existing:
            store.update_link(edit.rec, existing[0].id, {"relation": relation.value, "note": note})
            link_id = existing[0].id
        else:
            link_id = store.insert_link(edit.rec, claim_id, excerpt_id, relation.value, note)
    return next(lk for lk in list_links(case, claim_id=claim_id) if lk.id == link_id)


def unlink_excerpt(case: CaseStore, claim_id: int, excerpt_id: int) -> Link:
    existing = list_links(case, claim_id=claim_id, excerpt_id=excerpt_id)
    if not existing:
        raise EvidenceError(f"excerpt {excerpt_id} is not linked to claim {claim_id}")
    with recorded_edit(case, f"Unlink excerpt {excerpt_id} from claim {claim_id}", action="claim.unlink",
                       target=f"claim:{claim_id}", details={"excerpt_id": excerpt_id}) as edit:
        store.delete_link(edit.rec, existing[0].id)
    return existing[0]


# --- tags --------------------------------------------------------------------------------------------------------

TAG_KINDS = ("document", "excerpt", "claim")


def _check_owner(case: CaseStore, kind: str, owner_id: int) -> None:
    if kind not in TAG_KINDS:
        raise EvidenceError(f"{kind}: only documents, excerpts and claims carry tags")
    if kind == "document":
        _document(case, owner_id)
    elif kind == "excerpt":
        get_excerpt(case, owner_id)
    else:
        get_claim(case, owner_id)


def add_tag(case: CaseStore, path: str, *, on: tuple[str, int] | None = None, colour: str | None = None) -> Tag:
    """Create a tag (and its parent levels) and, with `on=(kind, id)`, put it on a document, excerpt or claim.

    Giving `colour` for an existing tag recolours it.
    """
    path = normalise_tag_path(path)
    if on is not None:
        _check_owner(case, *on)
    existing = store.tag_by_path(case.db, path)
    label = f"Tag {on[0]} {on[1]} “{path}”" if on else f"Add tag “{path}”"
    with recorded_edit(case, label, action="tag.add", target=f"{on[0]}:{on[1]}" if on else f"tag:{path}",
                       details={"tag": path}) as edit:
        tag_id = store.ensure_tag(edit.rec, path, normalise_colour(colour, path=path))
        if existing and colour:
            store.set_tag_colour(edit.rec, tag_id, normalise_colour(colour, path=path))
        if on is not None:
            store.tag_owner(edit.rec, on[0], on[1], tag_id)
    tag = store.tag_by_path(case.db, path)
    if tag is None:
        raise EvidenceError(f"tag {path!r} was not saved")
    return tag


def remove_tag(case: CaseStore, path: str, *, on: tuple[str, int] | None = None) -> Tag:
    """Take a tag off one document, excerpt or claim; without `on`, delete the tag (and its sub-tags) everywhere."""
    path = normalise_tag_path(path)
    tag = store.tag_by_path(case.db, path)
    if tag is None:
        raise EvidenceError(f"no tag “{path}” in this case (see 'casebook tag list')")
    if on is not None:
        _check_owner(case, *on)
        if store.tag_link_id(case.db, on[0], on[1], tag.id) is None:
            raise EvidenceError(f"{on[0]} {on[1]} is not tagged “{path}”")
    label = f"Untag {on[0]} {on[1]} “{path}”" if on else f"Delete tag “{path}”"
    with recorded_edit(case, label, action="tag.remove", target=f"{on[0]}:{on[1]}" if on else f"tag:{path}",
                       details={"tag": path}) as edit:
        if on is not None:
            store.untag_owner(edit.rec, on[0], on[1], tag.id)
        else:
            for sub in sorted(store.list_tags(case.db), key=lambda t: -t.depth):
                if sub.path == path or sub.path.startswith(path + "/"):
                    store.delete_tag(edit.rec, sub.id)
    return tag


def list_tags(case: CaseStore) -> list[tuple[Tag, int]]:
    """Every tag in path order (so the tree reads top-down) with how many items carry it directly."""
    usage = store.tag_usage(case.db)
    return [(tag, usage.get(tag.id, 0)) for tag in store.list_tags(case.db)]


def document_tags(case: CaseStore, document_id: int) -> tuple[str, ...]:
    return store.document_tags(case.db, document_id)


# --- re-anchoring ------------------------------------------------------------------------------------------------

@dataclass
class ReanchorReport:
    """What happened to each excerpt of a document after its text changed; lost excerpts are kept for review."""

    document_id: int
    unchanged: list[int] = field(default_factory=list)
    moved: list[tuple[int, str]] = field(default_factory=list)
    fuzzy: list[tuple[int, str]] = field(default_factory=list)
    lost: list[tuple[int, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        def rows(items):
            return [{"excerpt_id": i, "note": n} for i, n in items]
        return {"document_id": self.document_id, "unchanged": self.unchanged, "moved": rows(self.moved),
                "fuzzy": rows(self.fuzzy), "lost": rows(self.lost)}


def reanchor_document(case: CaseStore, document_id: int, *, progress: ProgressCallback = no_progress,
                      cancel: CancelToken = NEVER_CANCELLED) -> ReanchorReport:
    """Re-find every excerpt of a document in its current text (after OCR or a repaired file); one undoable edit.

    Moved excerpts get their new position and quads; fuzzy ones are re-placed and flagged for review; lost
    ones keep their old anchor and are flagged "lost" — never deleted.
    """
    _document(case, document_id)
    excerpts = store.list_excerpts(case.db, document_id=document_id)
    pages = documents.get_pages(case.db, document_id, with_words=True)
    words = {p.number: p.words for p in pages}
    furniture = {p.number: p.furniture for p in pages}
    report = ReanchorReport(document_id)
    with recorded_edit(case, f"Re-anchor excerpts of document {document_id}", action="excerpt.reanchor",
                       target=f"document:{document_id}") as edit:
        for done, excerpt in enumerate(excerpts):
            cancel.raise_if_cancelled()
            progress(ProgressUpdate(done, len(excerpts), f"excerpt {excerpt.id}"))
            result = reanchor(excerpt.anchor, pages)
            if result.status == "lost" or result.anchor is None:
                report.lost.append((excerpt.id, result.note))
                store.update_excerpt(edit.rec, excerpt.id, {"review": "lost", "review_note": result.note})
                continue
            columns = store.anchor_columns(result.anchor, quads_for(result.anchor, words, furniture))
            if result.status == "unchanged":
                report.unchanged.append(excerpt.id)
                columns.update(review=excerpt.review if excerpt.review != "lost" else None)
            else:
                (report.moved if result.status == "moved" else report.fuzzy).append((excerpt.id, result.note))
                columns.update(review=result.status, review_note=result.note)
            store.update_excerpt(edit.rec, excerpt.id, columns)
        edit.details = {"unchanged": len(report.unchanged), "moved": len(report.moved),
                        "fuzzy": len(report.fuzzy), "lost": len(report.lost)}
    progress(ProgressUpdate(len(excerpts), len(excerpts), "re-anchored"))
    return report


def mark_reviewed(case: CaseStore, excerpt_id: int) -> Excerpt:
    """Clear an excerpt's re-anchoring flag once someone has checked it."""
    get_excerpt(case, excerpt_id)
    with recorded_edit(case, f"Mark excerpt {excerpt_id} reviewed", action="excerpt.reviewed",
                       target=f"excerpt:{excerpt_id}") as edit:
        store.update_excerpt(edit.rec, excerpt_id, {"review": None, "review_note": ""})
    return get_excerpt(case, excerpt_id)


# --- in-place edits (the inspector) ------------------------------------------------------------------------------

def get_link(case: CaseStore, link_id: int) -> Link:
    link = next((lk for lk in list_links(case) if lk.id == link_id), None)
    if link is None:
        raise EvidenceError(f"no link {link_id} in this case")
    return link


def update_link(case: CaseStore, link_id: int, *, relation: Relation | str | object = UNCHANGED,
                note: str | object = UNCHANGED) -> Link:
    """Change a link's relation or note in one undoable edit; the relation rules (check_link) still apply."""
    link = get_link(case, link_id)
    new_relation = link.relation
    if relation is not UNCHANGED:
        new_relation = parse_choice(Relation, str(relation), what="relation")
        check_link(get_claim(case, link.claim_id), link.excerpt_id, new_relation, [])
    columns = {"relation": new_relation.value,
               "note": link.note if note is UNCHANGED else " ".join(str(note or "").split())}
    with recorded_edit(case, f"Edit link of excerpt {link.excerpt_id} to claim {link.claim_id}",
                       action="claim.link.edit", target=f"claim:{link.claim_id}",
                       details={"excerpt_id": link.excerpt_id, **columns}) as edit:
        store.update_link(edit.rec, link_id, columns)
    return get_link(case, link_id)


def set_tags(case: CaseStore, kind: str, owner_id: int, paths: Iterable[str]) -> tuple[str, ...]:
    """Make the tags of a document, excerpt or claim exactly `paths` (new tags are created): one undoable edit."""
    _check_owner(case, kind, owner_id)
    wanted = list(dict.fromkeys(normalise_tag_path(p) for p in paths if p.strip()))
    current = store.tags_of(case.db, kind, owner_id)
    with recorded_edit(case, f"Edit {kind} {owner_id} tags", action="tag.set", target=f"{kind}:{owner_id}",
                       details={"tags": wanted}) as edit:
        for path in current:
            if path not in wanted:
                tag = store.tag_by_path(case.db, path)
                if tag is not None:
                    store.untag_owner(edit.rec, kind, owner_id, tag.id)
        for path in wanted:
            if path not in current:
                store.tag_owner(edit.rec, kind, owner_id,
                                store.ensure_tag(edit.rec, path, normalise_colour(None, path=path)))
    return store.tags_of(case.db, kind, owner_id)
