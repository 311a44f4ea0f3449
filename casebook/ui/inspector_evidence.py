"""The inspector's claim, excerpt and link rows, and how an in-place edit of one becomes an evidence-service call.

`evidence_rows` runs on the reader thread; `apply_evidence_edit` on the writer thread (each service call records
its own audit entry and undo step, named after the item: "Edit claim 2").
"""

from __future__ import annotations

from typing import Any

from casebook.core.evidence import ClaimStatus, ClaimType, EvidenceError, Relation, parse_choice
from casebook.ui.inspector import PropertyRow

LIST_SEPARATOR = ";"  # people and issues; tags are separated by commas as everywhere else
REVIEWED, NOT_REVIEWED = "yes", "no"
CLAIM_TYPES = tuple(t.value for t in ClaimType)
CLAIM_STATUSES = tuple(s.value for s in ClaimStatus)
RELATIONS = tuple(r.value for r in Relation)
DATE_TIP = ("a day 2025-01-23, a month 2025-04, a year 2025, 'on or before 2025-01-23', 'on or after …' "
            "or 'between 2025-01-01 and 2025-03-31'; empty clears it")
ISSUES_TIP = "issue titles or outline numbers such as 1.2, separated by ;"
TAGS_TIP = "separated by commas; a/b is the sub-tag b of a"
PEOPLE_TIP = "names or aliases of people and organisations in the case, separated by ;"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link_rows(case, link, heading: str) -> list[PropertyRow]:
    return [PropertyRow(heading, link.relation.value, f"link:{link.id}:relation", choices=RELATIONS),
            PropertyRow("   link note", link.note, f"link:{link.id}:note")]


def claim_rows(case, claim_id: int) -> list[PropertyRow]:
    from casebook.services import cast, evidence, reports

    claim = evidence.get_claim(case, claim_id)
    entities = cast.list_entities(case)
    by = next((e.name for e in entities if e.id == claim.asserted_by), "")
    issues = {i.id: i.title for i in cast.list_issues(case)}
    entry = next(iter(reports.claim_chart(case, claim_ids=[claim_id])), None)
    rows = [PropertyRow("Claim", str(claim.id)),
            PropertyRow("Statement", claim.statement, "statement"),
            PropertyRow("Type", claim.claim_type.value, "claim_type", choices=CLAIM_TYPES),
            PropertyRow("Status", claim.status.value, "status", choices=CLAIM_STATUSES),
            PropertyRow("Asserted by", by, "asserted_by", choices=("", *(e.name for e in entities))),
            PropertyRow("Source", (entry.source_cite or "") if entry else ""),
            PropertyRow("Event date", str(claim.event_date) if claim.event_date else "", "event_date",
                        tip=DATE_TIP),
            PropertyRow("Issues", f"{LIST_SEPARATOR} ".join(issues.get(i, str(i)) for i in claim.issue_ids),
                        "issue_ids", tip=ISSUES_TIP),
            PropertyRow("Tags", ", ".join(claim.tags), "tags", tip=TAGS_TIP),
            PropertyRow("Note", claim.note, "note")]
    if entry is not None:
        rows += [PropertyRow("Warning", w) for w in entry.warnings]
    for link in evidence.list_links(case, claim_id=claim_id):
        excerpt = evidence.get_excerpt(case, link.excerpt_id)
        cite = evidence.excerpt_citation(case, excerpt)
        rows += _link_rows(case, link, f"Link: excerpt {excerpt.id}, {_short(cite, 40)}")
    return [r for r in rows if r.value or r.field]


def excerpt_rows(case, excerpt_id: int) -> list[PropertyRow]:
    from casebook.services import cast, documents, evidence

    excerpt = evidence.get_excerpt(case, excerpt_id)
    document = documents.get_document(case, excerpt.document_id)
    names = {e.id: e.name for e in cast.list_entities(case)}
    rows = [PropertyRow("Excerpt", str(excerpt.id)),
            PropertyRow("Quote", " ".join(excerpt.text.split())),
            PropertyRow("Cite", evidence.excerpt_citation(case, excerpt)),
            PropertyRow("Document", document.title),
            PropertyRow("Note", excerpt.note, "note"),
            PropertyRow("Tags", ", ".join(excerpt.tags), "tags", tip=TAGS_TIP),
            PropertyRow("People", f"{LIST_SEPARATOR} ".join(names.get(i, str(i)) for i in excerpt.entity_ids),
                        "entity_ids", tip=PEOPLE_TIP)]
    if excerpt.review:
        rows += [PropertyRow("Position", f"{excerpt.review}: {excerpt.review_note}".rstrip(": ")),
                 PropertyRow("Reviewed", NOT_REVIEWED, "reviewed", choices=(NOT_REVIEWED, REVIEWED))]
    for link in evidence.list_links(case, excerpt_id=excerpt_id):
        claim = evidence.get_claim(case, link.claim_id)
        rows += _link_rows(case, link, f"Link: claim {claim.id}, {_short(claim.statement, 50)}")
    return [r for r in rows if r.value or r.field]


def link_rows(case, link_id: int) -> list[PropertyRow]:
    from casebook.services import evidence

    link = evidence.get_link(case, link_id)
    claim = evidence.get_claim(case, link.claim_id)
    excerpt = evidence.get_excerpt(case, link.excerpt_id)
    return [PropertyRow("Claim", f"{claim.id}: {claim.statement}"),
            PropertyRow("Excerpt", f"{excerpt.id}: “{' '.join(excerpt.text.split())}”"),
            PropertyRow("Cite", evidence.excerpt_citation(case, excerpt)),
            PropertyRow("Relation", link.relation.value, f"link:{link.id}:relation", choices=RELATIONS),
            PropertyRow("Link note", link.note, f"link:{link.id}:note")]


def evidence_rows(case, kind: str, item_id: int) -> list[PropertyRow]:
    """The inspector rows of a claim, excerpt or link (editable ones carry the field they edit)."""
    return {"claim": claim_rows, "excerpt": excerpt_rows, "link": link_rows}[kind](case, item_id)


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


def edit_title(kind: str, item_id: int, field: str) -> str:
    """What the edit is called while it runs and when it fails (the undo label comes from the service)."""
    if field.startswith("link:"):
        return f"Edit link {field.split(':')[1]}"
    return f"Edit {kind} {item_id}"


def apply_evidence_edit(case, kind: str, item_id: int, field: str, value: Any):
    """Run one inspector edit through the evidence services (on the writer thread); raises EvidenceError."""
    from casebook.services import cast, evidence

    text = " ".join(str(value or "").split())
    if field.startswith("link:"):
        _, link_id, part = field.split(":")
        if part == "relation":
            return evidence.update_link(case, int(link_id), relation=text)
        return evidence.update_link(case, int(link_id), note=text)
    if field == "tags":
        return evidence.set_tags(case, kind, item_id, _split(text, ","))
    if kind == "claim":
        changes: dict[str, Any]
        if field == "claim_type":
            changes = {"claim_type": parse_choice(ClaimType, text, what="claim type")}
        elif field == "status":
            changes = {"status": parse_choice(ClaimStatus, text, what="claim status")}
        elif field == "asserted_by":
            changes = {"asserted_by": cast.resolve_entity(case, text).id if text else None}
        elif field == "event_date":
            changes = {"event_date": text or None}
        elif field == "issue_ids":
            changes = {"issue_ids": [cast.resolve_issue(case, ref).id for ref in _split(text, LIST_SEPARATOR)]}
        elif field in ("statement", "note"):
            changes = {field: text}
        else:
            raise EvidenceError(f"a claim has no field {field!r}")
        return evidence.update_claim(case, item_id, **changes)
    if kind == "excerpt":
        if field == "note":
            return evidence.update_excerpt(case, item_id, note=text)
        if field == "entity_ids":
            ids = [cast.resolve_entity(case, ref).id for ref in _split(text, LIST_SEPARATOR)]
            return evidence.update_excerpt(case, item_id, entity_ids=ids)
        if field == "reviewed":
            if text != REVIEWED:
                raise EvidenceError("a reviewed excerpt cannot be marked unreviewed; re-anchor its document instead")
            return evidence.mark_reviewed(case, item_id)
        raise EvidenceError(f"an excerpt has no field {field!r}")
    raise EvidenceError(f"cannot edit a {kind} in the inspector")
