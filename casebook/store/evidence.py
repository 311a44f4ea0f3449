"""Reading and writing excerpts, claims, links, entities, tags and issues (writes go through a history Recorder)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from casebook.core.anchoring import Anchor, TextQuote, TextSpan
from casebook.core.evidence import (
    Claim,
    ClaimStatus,
    ClaimType,
    Entity,
    EntityKind,
    EvidenceError,
    Excerpt,
    FuzzyDate,
    Issue,
    Link,
    Relation,
    Tag,
    normalise_colour,
    tag_ancestors,
)
from casebook.store.history import Recorder

TAGGABLE = {"document": ("document_tags", "document_id"), "excerpt": ("excerpt_tags", "excerpt_id"),
            "claim": ("claim_tags", "claim_id")}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- reading ---------------------------------------------------------------------------------------------------

def _tags_by(db: Database, kind: str, ids: list[int] | None = None) -> dict[int, tuple[str, ...]]:
    table, column = TAGGABLE[kind]
    sql = f"SELECT j.{column}, t.path FROM {table} j JOIN tags t ON t.id = j.tag_id"
    params: list = []
    if ids is not None:
        sql += f" WHERE j.{column} IN ({', '.join('?' for _ in ids)})"
        params = ids
    found: dict[int, list[str]] = {}
    for owner, path in db.execute(sql + " ORDER BY t.path", params):
        found.setdefault(owner, []).append(path)
    return {k: tuple(v) for k, v in found.items()}


def _excerpt(row: tuple, tags: dict, entities: dict) -> Excerpt:
    (ex_id, doc_id, exact, prefix, suffix, sp, so, ep, eo, quads, note, review, review_note, created,
     updated) = row
    return Excerpt(
        id=ex_id, document_id=doc_id,
        anchor=Anchor(TextQuote(exact, prefix, suffix), TextSpan(sp, so, ep, eo)),
        quads={int(page): [tuple(q) for q in rects] for page, rects in json.loads(quads).items()},
        note=note, tags=tags.get(ex_id, ()), entity_ids=tuple(entities.get(ex_id, ())), review=review,
        review_note=review_note, created_at=created, updated_at=updated,
    )


_EXCERPT_COLUMNS = ("id, document_id, exact, prefix, suffix, start_page, start_offset, end_page, end_offset, "
                    "quads, note, review, review_note, created_at, updated_at")


def list_excerpts(db: Database, *, document_id: int | None = None, ids: list[int] | None = None) -> list[Excerpt]:
    sql = f"SELECT {_EXCERPT_COLUMNS} FROM excerpts"
    clauses, params = [], []
    if document_id is not None:
        clauses.append("document_id = ?")
        params.append(document_id)
    if ids is not None:
        clauses.append(f"id IN ({', '.join('?' for _ in ids)})" if ids else "0")
        params += ids
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    rows = db.execute(sql + " ORDER BY document_id, start_page, start_offset, id", params).fetchall()
    tags = _tags_by(db, "excerpt")
    entities: dict[int, list[int]] = {}
    for ex_id, entity_id in db.execute("SELECT excerpt_id, entity_id FROM excerpt_entities ORDER BY id"):
        entities.setdefault(ex_id, []).append(entity_id)
    return [_excerpt(row, tags, entities) for row in rows]


def get_excerpt(db: Database, excerpt_id: int) -> Excerpt | None:
    found = list_excerpts(db, ids=[excerpt_id])
    return found[0] if found else None


_CLAIM_COLUMNS = ("id, statement, claim_type, status, asserted_by, asserted_in_document, asserted_in_excerpt, "
                  "event_date, note, created_at, updated_at")


def list_claims(db: Database, *, ids: list[int] | None = None) -> list[Claim]:
    sql = f"SELECT {_CLAIM_COLUMNS} FROM claims"
    params: list = []
    if ids is not None:
        sql += f" WHERE id IN ({', '.join('?' for _ in ids)})" if ids else " WHERE 0"
        params = ids
    rows = db.execute(sql + " ORDER BY id", params).fetchall()
    tags = _tags_by(db, "claim")
    issues: dict[int, list[int]] = {}
    for claim_id, issue_id in db.execute("SELECT claim_id, issue_id FROM claim_issues ORDER BY id"):
        issues.setdefault(claim_id, []).append(issue_id)
    return [
        Claim(id=r[0], statement=r[1], claim_type=ClaimType(r[2]), status=ClaimStatus(r[3]), asserted_by=r[4],
              asserted_in_document=r[5], asserted_in_excerpt=r[6], issue_ids=tuple(issues.get(r[0], ())),
              event_date=FuzzyDate.parse(r[7]) if r[7] else None, note=r[8], tags=tags.get(r[0], ()),
              created_at=r[9], updated_at=r[10])
        for r in rows
    ]


def get_claim(db: Database, claim_id: int) -> Claim | None:
    found = list_claims(db, ids=[claim_id])
    return found[0] if found else None


def list_links(db: Database, *, claim_id: int | None = None, excerpt_id: int | None = None) -> list[Link]:
    sql = "SELECT id, claim_id, excerpt_id, relation, note FROM links"
    clauses, params = [], []
    if claim_id is not None:
        clauses.append("claim_id = ?")
        params.append(claim_id)
    if excerpt_id is not None:
        clauses.append("excerpt_id = ?")
        params.append(excerpt_id)
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return [Link(i, c, e, Relation(r), n) for i, c, e, r, n in db.execute(sql + " ORDER BY id", params)]


def list_entities(db: Database) -> list[Entity]:
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in db.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY id"):
        aliases.setdefault(entity_id, []).append(alias)
    return [
        Entity(id=i, kind=EntityKind(k), name=n, role=r, organisation_id=o, aliases=tuple(aliases.get(i, ())),
               note=note)
        for i, k, n, r, o, note in db.execute(
            "SELECT id, kind, name, role, organisation_id, note FROM entities ORDER BY name COLLATE NOCASE, id")
    ]


def get_entity(db: Database, entity_id: int) -> Entity | None:
    return next((e for e in list_entities(db) if e.id == entity_id), None)


def alias_row_id(db: Database, entity_id: int, alias: str) -> int | None:
    row = db.execute("SELECT id FROM entity_aliases WHERE entity_id = ? AND alias = ?", [entity_id, alias]).fetchone()
    return row[0] if row else None


def list_tags(db: Database) -> list[Tag]:
    return [Tag(i, p, c) for i, p, c in db.execute("SELECT id, path, colour FROM tags ORDER BY path")]


def tag_by_path(db: Database, path: str) -> Tag | None:
    row = db.execute("SELECT id, path, colour FROM tags WHERE path = ?", [path]).fetchone()
    return Tag(*row) if row else None


def tag_usage(db: Database) -> dict[int, int]:
    counts: dict[int, int] = {}
    for table, _ in TAGGABLE.values():
        for tag_id, n in db.execute(f"SELECT tag_id, count(*) FROM {table} GROUP BY tag_id"):
            counts[tag_id] = counts.get(tag_id, 0) + n
    return counts


def tags_of(db: Database, kind: str, owner_id: int) -> tuple[str, ...]:
    return _tags_by(db, kind, [owner_id]).get(owner_id, ())


def tag_link_id(db: Database, kind: str, owner_id: int, tag_id: int) -> int | None:
    table, column = TAGGABLE[kind]
    row = db.execute(f"SELECT id FROM {table} WHERE {column} = ? AND tag_id = ?", [owner_id, tag_id]).fetchone()
    return row[0] if row else None


def list_issues(db: Database) -> list[Issue]:
    return [Issue(i, t, p, pos, n) for i, t, p, pos, n in db.execute(
        "SELECT id, title, parent_id, position, note FROM issues ORDER BY parent_id, position, id")]


def ids_referring(db: Database, table: str, column: str, value: int) -> list[int]:
    """Row ids of an evidence join table whose `column` equals `value` (used to repoint rows on merge)."""
    allowed = {("claims", "asserted_by"), ("excerpt_entities", "entity_id"), ("entities", "organisation_id"),
               ("entity_aliases", "entity_id")}
    if (table, column) not in allowed:
        raise ValueError(f"{table}.{column}: not a reference the entity merge moves")
    return [r[0] for r in db.execute(f"SELECT id FROM {table} WHERE {column} = ? ORDER BY id", [value])]


def existing_row(row_id: int | None, what: str) -> int:
    """`row_id`, or EvidenceError naming `what` when the lookup found no row."""
    if row_id is None:
        raise EvidenceError(f"no {what}")
    return row_id


def excerpt_entity_row(db: Database, excerpt_id: int, entity_id: int) -> int | None:
    row = db.execute("SELECT id FROM excerpt_entities WHERE excerpt_id = ? AND entity_id = ?",
                     [excerpt_id, entity_id]).fetchone()
    return row[0] if row else None


def document_tags(db: Database, document_id: int) -> tuple[str, ...]:
    """The tags on a document (what the search index stores for its pages)."""
    return tags_of(db, "document", document_id)


# --- writing (every change recorded for undo) ----------------------------------------------------------------

def anchor_columns(anchor: Anchor, quads: dict[int, list]) -> dict[str, Any]:
    return {
        "exact": anchor.quote.exact, "prefix": anchor.quote.prefix, "suffix": anchor.quote.suffix,
        "start_page": anchor.span.start_page, "start_offset": anchor.span.start,
        "end_page": anchor.span.end_page, "end_offset": anchor.span.end,
        "quads": json.dumps({str(p): [list(q) for q in rects] for p, rects in sorted(quads.items())},
                            separators=(",", ":")),
    }


def insert_excerpt(rec: Recorder, document_id: int, anchor: Anchor, quads: dict[int, list], *, note: str) -> int:
    stamp = now()
    return rec.insert("excerpts", {"document_id": document_id, **anchor_columns(anchor, quads), "note": note,
                                   "created_at": stamp, "updated_at": stamp})


def update_row(rec: Recorder, table: str, row_id: int, values: dict[str, Any], *, stamp: bool = True) -> bool:
    """Update columns of an excerpt, claim, entity or issue; stamps updated_at when anything changed."""
    old = rec.row(table, row_id) or {}
    changed = {k: v for k, v in values.items() if old.get(k) != v}
    if not changed:
        return False
    if stamp and "updated_at" in old:
        changed["updated_at"] = now()
    return rec.update(table, row_id, changed)


def claim_columns(*, statement: str, claim_type: ClaimType, status: ClaimStatus, asserted_by: int | None,
                  asserted_in_document: int | None, asserted_in_excerpt: int | None,
                  event_date: FuzzyDate | None, note: str) -> dict[str, Any]:
    return {
        "statement": statement, "claim_type": claim_type.value, "status": status.value, "asserted_by": asserted_by,
        "asserted_in_document": asserted_in_document, "asserted_in_excerpt": asserted_in_excerpt,
        "event_date": str(event_date) if event_date else None,
        "event_sort": "|".join(d.isoformat() for d in event_date.sort_key) if event_date else None,
        "note": note,
    }


def insert_claim(rec: Recorder, columns: dict[str, Any]) -> int:
    stamp = now()
    return rec.insert("claims", {**columns, "created_at": stamp, "updated_at": stamp})


def set_claim_issues(rec: Recorder, claim_id: int, issue_ids: Iterable[int]) -> None:
    wanted = list(dict.fromkeys(issue_ids))
    current = dict(rec.db.execute("SELECT issue_id, id FROM claim_issues WHERE claim_id = ?", [claim_id]).fetchall())
    for issue_id, row_id in current.items():
        if issue_id not in wanted:
            rec.delete("claim_issues", row_id)
    for issue_id in wanted:
        if issue_id not in current:
            rec.insert("claim_issues", {"claim_id": claim_id, "issue_id": issue_id})


def ensure_tag(rec: Recorder, path: str, colour: str) -> int:
    """The tag's id, creating it (and its parent levels, so the tree is whole) when new."""
    tag_id = 0
    for level in tag_ancestors(path):
        existing = tag_by_path(rec.db, level)
        if existing:
            tag_id = existing.id
        else:
            tag_id = rec.insert("tags", {"path": level,
                                         "colour": colour if level == path else normalise_colour(None, path=level)})
    return tag_id


def tag_owner(rec: Recorder, kind: str, owner_id: int, tag_id: int) -> bool:
    table, column = TAGGABLE[kind]
    if tag_link_id(rec.db, kind, owner_id, tag_id) is not None:
        return False
    rec.insert(table, {column: owner_id, "tag_id": tag_id})
    return True


def untag_owner(rec: Recorder, kind: str, owner_id: int, tag_id: int) -> bool:
    row_id = tag_link_id(rec.db, kind, owner_id, tag_id)
    if row_id is None:
        return False
    rec.delete(TAGGABLE[kind][0], row_id)
    return True


# --- named edits for the services (table and column names stay in the store) ---------------------------------
def update_excerpt(rec: Recorder, excerpt_id: int, values: dict[str, Any]) -> bool:
    return update_row(rec, "excerpts", excerpt_id, values)


def update_claim(rec: Recorder, claim_id: int, values: dict[str, Any]) -> bool:
    return update_row(rec, "claims", claim_id, values)


def delete_excerpt(rec: Recorder, excerpt_id: int) -> None:
    rec.delete("excerpts", excerpt_id)


def delete_claim(rec: Recorder, claim_id: int) -> None:
    rec.delete("claims", claim_id)


def add_mention(rec: Recorder, excerpt_id: int, entity_id: int) -> int:
    """Record that an excerpt mentions a person or organisation."""
    return rec.insert("excerpt_entities", {"excerpt_id": excerpt_id, "entity_id": entity_id})


def remove_mention(rec: Recorder, row_id: int) -> None:
    rec.delete("excerpt_entities", row_id)


def insert_link(rec: Recorder, claim_id: int, excerpt_id: int, relation: str, note: str) -> int:
    return rec.insert("links", {"claim_id": claim_id, "excerpt_id": excerpt_id, "relation": relation, "note": note})


def update_link(rec: Recorder, link_id: int, values: dict[str, Any]) -> bool:
    return rec.update("links", link_id, values)


def delete_link(rec: Recorder, link_id: int) -> None:
    rec.delete("links", link_id)


def set_tag_colour(rec: Recorder, tag_id: int, colour: str) -> bool:
    return rec.update("tags", tag_id, {"colour": colour})


def delete_tag(rec: Recorder, tag_id: int) -> None:
    rec.delete("tags", tag_id)


def insert_entity(rec: Recorder, *, kind: str, name: str, role: str, organisation_id: int | None, note: str) -> int:
    return rec.insert("entities", {"kind": kind, "name": name, "role": role, "organisation_id": organisation_id,
                                   "note": note})


def update_entity(rec: Recorder, entity_id: int, values: dict[str, Any], *, stamp: bool = True) -> bool:
    return update_row(rec, "entities", entity_id, values, stamp=stamp)


def delete_entity(rec: Recorder, entity_id: int) -> None:
    rec.delete("entities", entity_id)


def add_alias(rec: Recorder, entity_id: int, alias: str) -> int:
    return rec.insert("entity_aliases", {"entity_id": entity_id, "alias": alias})


def move_alias(rec: Recorder, alias_row: int, entity_id: int) -> bool:
    return rec.update("entity_aliases", alias_row, {"entity_id": entity_id})


def delete_alias(rec: Recorder, alias_row: int) -> None:
    rec.delete("entity_aliases", alias_row)


def claims_asserted_by(db: Database, entity_id: int) -> list[int]:
    return ids_referring(db, "claims", "asserted_by", entity_id)


def mentions_of(db: Database, entity_id: int) -> list[int]:
    """Row ids of the excerpt mentions of a person or organisation."""
    return ids_referring(db, "excerpt_entities", "entity_id", entity_id)


def members_of(db: Database, organisation_id: int) -> list[int]:
    return ids_referring(db, "entities", "organisation_id", organisation_id)


def set_asserted_by(rec: Recorder, claim_id: int, entity_id: int) -> bool:
    return update_row(rec, "claims", claim_id, {"asserted_by": entity_id})


def mention_excerpt(rec: Recorder, mention_row: int) -> int | None:
    """The excerpt of a mention row, or None when the row is gone."""
    row = rec.row("excerpt_entities", mention_row)
    return None if row is None else int(row["excerpt_id"])


def move_mention(rec: Recorder, mention_row: int, entity_id: int) -> bool:
    return rec.update("excerpt_entities", mention_row, {"entity_id": entity_id})


def set_organisation(rec: Recorder, entity_id: int, organisation_id: int) -> bool:
    return rec.update("entities", entity_id, {"organisation_id": organisation_id})


def insert_issue(rec: Recorder, *, parent_id: int | None, title: str, position: int, note: str) -> int:
    return rec.insert("issues", {"parent_id": parent_id, "title": title, "position": position, "note": note})


def update_issue(rec: Recorder, issue_id: int, values: dict[str, Any]) -> bool:
    """Issues are moved and renamed without an updated_at stamp."""
    return update_row(rec, "issues", issue_id, values, stamp=False)


def delete_issue(rec: Recorder, issue_id: int) -> None:
    rec.delete("issues", issue_id)
