"""Read-only lookups the search indexer needs from the evidence tables: claims and excerpts as indexed, and
which of them an edit elsewhere affects."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from casebook.core.search import ClaimSource, ExcerptSource

_CHUNK = 500


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


def _marks(chunk: list[int]) -> str:
    return ", ".join("?" for _ in chunk)


def _pairs(db: Database, sql: str, ids: Iterable[int]) -> dict[int, list]:
    """{owner id: [values]} for a two-column query with one IN (…) placeholder, run in chunks."""
    found: dict[int, list] = {}
    for chunk in _chunks(ids):
        for owner, value in db.execute(sql.format(marks=_marks(chunk)), chunk):
            found.setdefault(owner, []).append(value)
    return found


def claim_ids(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM claims ORDER BY id")]


def excerpt_ids(db: Database, *, document_ids: Iterable[int] | None = None) -> list[int]:
    """Every excerpt, or the excerpts of some documents."""
    if document_ids is None:
        return [r[0] for r in db.execute("SELECT id FROM excerpts ORDER BY id")]
    found: list[int] = []
    for chunk in _chunks(document_ids):
        found += [r[0] for r in db.execute(f"SELECT id FROM excerpts WHERE document_id IN ({_marks(chunk)})", chunk)]
    return sorted(found)


def claims_asserted_by(db: Database, entity_ids: Iterable[int]) -> list[int]:
    """Claims asserted by any of these people or organisations (their units name the asserter)."""
    return sorted({c for owner in _pairs(db, "SELECT asserted_by, id FROM claims WHERE asserted_by IN ({marks})",
                                         entity_ids).values() for c in owner})


def excerpts_linked_to(db: Database, claim_ids: Iterable[int]) -> list[int]:
    """Excerpts linked to any of these claims (their units list the claims they bear on)."""
    return sorted({e for owner in _pairs(db, "SELECT claim_id, excerpt_id FROM links WHERE claim_id IN ({marks})",
                                         claim_ids).values() for e in owner})


def claim_sources(db: Database, ids: Iterable[int]) -> list[ClaimSource]:
    """The claims with these ids (missing ones are left out) with their asserter, issues and tags."""
    wanted = sorted(set(ids))
    tags = _pairs(db, "SELECT j.claim_id, t.path FROM claim_tags j JOIN tags t ON t.id = j.tag_id "
                      "WHERE j.claim_id IN ({marks}) ORDER BY t.path", wanted)
    issues = _pairs(db, "SELECT j.claim_id, i.title FROM claim_issues j JOIN issues i ON i.id = j.issue_id "
                        "WHERE j.claim_id IN ({marks}) ORDER BY i.position, i.id", wanted)
    rows: list[tuple] = []
    for chunk in _chunks(wanted):
        rows += db.execute(
            "SELECT c.id, c.statement, c.claim_type, c.status, c.note, c.event_date, c.asserted_by, "
            "coalesce(e.name, ''), coalesce(e.role, '') FROM claims c LEFT JOIN entities e ON e.id = c.asserted_by "
            f"WHERE c.id IN ({_marks(chunk)}) ORDER BY c.id", chunk).fetchall()
    aliases = _pairs(db, "SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks}) ORDER BY id",
                     [r[6] for r in rows if r[6] is not None])
    return [
        ClaimSource(id=cid, statement=statement, claim_type=claim_type, status=status, note=note or "",
                    asserted_by=name, asserted_role=role, asserted_aliases=tuple(aliases.get(entity, ())),
                    issues=tuple(issues.get(cid, ())), tags=tuple(tags.get(cid, ())), event_date=event_date or "")
        for cid, statement, claim_type, status, note, event_date, entity, name, role in rows
    ]


def excerpt_sources(db: Database, ids: Iterable[int]) -> list[ExcerptSource]:
    """The excerpts with these ids (missing ones are left out) with their tags and links; no citation yet."""
    wanted = sorted(set(ids))
    tags = _pairs(db, "SELECT j.excerpt_id, t.path FROM excerpt_tags j JOIN tags t ON t.id = j.tag_id "
                      "WHERE j.excerpt_id IN ({marks}) ORDER BY t.path", wanted)
    links: dict[int, list] = {}
    for chunk in _chunks(wanted):
        for excerpt_id, claim_id, relation in db.execute(
                f"SELECT excerpt_id, claim_id, relation FROM links WHERE excerpt_id IN ({_marks(chunk)}) "
                "ORDER BY claim_id", chunk):
            links.setdefault(excerpt_id, []).append((claim_id, relation))
    rows: list[tuple] = []
    for chunk in _chunks(wanted):
        rows += db.execute(
            "SELECT id, document_id, start_page, start_offset, end_page, end_offset, exact, note FROM excerpts "
            f"WHERE id IN ({_marks(chunk)}) ORDER BY id", chunk).fetchall()
    return [
        ExcerptSource(id=eid, document_id=doc, start_page=sp, start=so, end_page=ep, end=eo, exact=exact,
                      note=note or "", tags=tuple(tags.get(eid, ())), links=tuple(links.get(eid, ())))
        for eid, doc, sp, so, ep, eo, exact, note in rows
    ]
