"""Shared helpers for the evidence tests: a populated case and a snapshot of every evidence table."""

from __future__ import annotations

from casebook.core.evidence import ClaimStatus, ClaimType, EntityKind, Relation
from casebook.services import cast, evidence
from casebook.store.history import EVIDENCE_TABLES

DECLARATION, ARTICLE = 1, 2


def populate(case) -> dict[str, int]:
    """People, issues, excerpts, a claim with links and tags: the state every undo test starts from."""
    agency = cast.add_entity(case, "Example Agency", kind=EntityKind.ORGANISATION, aliases=["EA"])
    robin = cast.add_entity(case, "Robin Example", role="Records Officer", organisation_id=agency.id,
                            aliases=["R. Example"])
    other = cast.add_entity(case, "Pat Other", aliases=["P.O."])
    merits = cast.add_issue(case, "Merits")
    scale = cast.add_issue(case, "Scale", parent_id=merits.id)
    remedy = cast.add_issue(case, "Remedy")
    e1 = evidence.add_excerpt_by_quote(case, DECLARATION, "roughly 900 individuals", entity_ids=[robin.id])
    e2 = evidence.add_excerpt_by_quote(case, DECLARATION, "answered about 310 of those entries", tags=["hot"])
    e3 = evidence.add_excerpt_by_quote(case, ARTICLE, "roughly 900 people")
    e4 = evidence.add_excerpt_by_quote(case, DECLARATION, "asked the recipient to destroy")
    claim = evidence.add_claim(case, "The request listed roughly 900 individuals.",
                               claim_type=ClaimType.SWORN_STATEMENT, status=ClaimStatus.UNDISPUTED,
                               asserted_by=robin.id, asserted_in_excerpt=e1.id, event_date="2025-03",
                               issue_ids=[scale.id], tags=["hot/figures"])
    evidence.link_excerpt(case, claim.id, e1.id, Relation.SUPPORTS)
    evidence.link_excerpt(case, claim.id, e3.id, Relation.SUPPORTS, note="press")
    evidence.link_excerpt(case, claim.id, e2.id, Relation.CONTEXT)
    return {"agency": agency.id, "robin": robin.id, "other": other.id, "merits": merits.id, "scale": scale.id,
            "remedy": remedy.id, "e1": e1.id, "e2": e2.id, "e3": e3.id, "e4": e4.id, "claim": claim.id}


def snapshot(case) -> dict[str, list[tuple]]:
    return {table: case.db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in EVIDENCE_TABLES}
