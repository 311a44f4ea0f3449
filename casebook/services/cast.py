"""The cast of characters and the issue outline: people and organisations, aliases, merges, splits, clashes, issues."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from casebook.core.evidence import Entity, EntityKind, EvidenceError, Issue, OutlineItem, issue_outline
from casebook.services.history import recorded_edit
from casebook.store import evidence as store
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

CLASH_THRESHOLD = 90.0
"""rapidfuzz token-sort ratio (0–100) at or above which two names are flagged as possibly the same person."""


# --- people and organisations ------------------------------------------------------------------------------------

def list_entities(case: CaseStore, *, kind: EntityKind | None = None) -> list[Entity]:
    found = store.list_entities(case.db)
    return [e for e in found if e.kind is kind] if kind else found


def get_entity(case: CaseStore, entity_id: int) -> Entity:
    entity = store.get_entity(case.db, entity_id)
    if entity is None:
        raise EvidenceError(f"no person or organisation {entity_id} in this case (see 'casebook entity list')")
    return entity


def resolve_entity(case: CaseStore, ref: str) -> Entity:
    """Find a person or organisation by id, or by name or alias (case-insensitive); ambiguity is an error."""
    ref = ref.strip()
    if ref.isdigit():
        return get_entity(case, int(ref))
    wanted = ref.casefold()
    matches = [e for e in store.list_entities(case.db) if any(n.casefold() == wanted for n in e.names)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listing = "; ".join(f"{e.id}: {e.name}{f' ({e.role})' if e.role else ''}" for e in matches)
        raise EvidenceError(f"“{ref}” names {len(matches)} people or organisations ({listing}); give the id")
    raise EvidenceError(f"no person or organisation called “{ref}” (add one with 'casebook entity add')")


def _clean(text: str) -> str:
    return " ".join(text.split())


def add_entity(case: CaseStore, name: str, *, kind: EntityKind = EntityKind.PERSON, role: str = "",
               organisation_id: int | None = None, aliases: Iterable[str] = (), note: str = "") -> Entity:
    """Add a person or organisation to the cast. Same-name entries are allowed (two John Smiths) but flagged."""
    name = _clean(name)
    if not name:
        raise EvidenceError("a person or organisation needs a name")
    if organisation_id is not None and get_entity(case, organisation_id).kind is not EntityKind.ORGANISATION:
        raise EvidenceError(f"entity {organisation_id} is not an organisation")
    with recorded_edit(case, f"Add {EntityKind(kind).value} “{name}”", action="entity.add", target="entity") as edit:
        entity_id = store.insert_entity(edit.rec, kind=EntityKind(kind).value, name=name, role=_clean(role),
                                        organisation_id=organisation_id, note=note)
        for alias in dict.fromkeys(_clean(a) for a in aliases):
            if alias and alias != name:
                store.add_alias(edit.rec, entity_id, alias)
        edit.target = f"entity:{entity_id}"
    return get_entity(case, entity_id)


_UNSET = object()


def update_entity(case: CaseStore, entity_id: int, *, name: str | None = None, role: str | None = None,
                  organisation_id: int | object | None = _UNSET, note: str | None = None) -> Entity:
    entity = get_entity(case, entity_id)
    values: dict = {}
    if name is not None:
        if not _clean(name):
            raise EvidenceError("a person or organisation needs a name")
        values["name"] = _clean(name)
    if role is not None:
        values["role"] = _clean(role)
    if note is not None:
        values["note"] = note
    if organisation_id is not _UNSET:
        if organisation_id == entity_id:
            raise EvidenceError("an organisation cannot be its own member")
        if isinstance(organisation_id, int) and get_entity(case, organisation_id).kind is not EntityKind.ORGANISATION:
            raise EvidenceError(f"entity {organisation_id} is not an organisation")
        values["organisation_id"] = organisation_id
    with recorded_edit(case, f"Edit “{entity.name}”", action="entity.edit", target=f"entity:{entity_id}") as edit:
        store.update_entity(edit.rec, entity_id, values)
    return get_entity(case, entity_id)


def add_alias(case: CaseStore, entity_id: int, alias: str) -> Entity:
    entity = get_entity(case, entity_id)
    alias = _clean(alias)
    if not alias:
        raise EvidenceError("an empty alias")
    if alias in entity.names:
        raise EvidenceError(f"“{alias}” is already a name of {entity.name}")
    with recorded_edit(case, f"Add alias “{alias}” to “{entity.name}”", action="entity.alias",
                       target=f"entity:{entity_id}", details={"alias": alias}) as edit:
        store.add_alias(edit.rec, entity_id, alias)
    return get_entity(case, entity_id)


def remove_alias(case: CaseStore, entity_id: int, alias: str) -> Entity:
    entity = get_entity(case, entity_id)
    row_id = store.alias_row_id(case.db, entity_id, _clean(alias))
    if row_id is None:
        raise EvidenceError(f"“{alias}” is not an alias of {entity.name}")
    with recorded_edit(case, f"Remove alias “{alias}” from “{entity.name}”", action="entity.unalias",
                       target=f"entity:{entity_id}", details={"alias": alias}) as edit:
        store.delete_alias(edit.rec, row_id)
    return get_entity(case, entity_id)


def delete_entity(case: CaseStore, entity_id: int) -> Entity:
    """Remove someone from the cast; their claims keep their text but lose the asserting person. Undoable."""
    entity = get_entity(case, entity_id)
    with recorded_edit(case, f"Delete “{entity.name}”", action="entity.delete", target=f"entity:{entity_id}") as edit:
        store.delete_entity(edit.rec, entity_id)
    return entity


def merge_entities(case: CaseStore, keep_id: int, merge_id: int) -> Entity:
    """Two entries are one person: move every claim, excerpt mention, member and alias of `merge_id` to `keep_id`,
    keep the merged name as an alias, and delete the duplicate. One undoable edit."""
    if keep_id == merge_id:
        raise EvidenceError("cannot merge an entry with itself")
    keep, gone = get_entity(case, keep_id), get_entity(case, merge_id)
    if keep.kind is not gone.kind:
        raise EvidenceError(f"cannot merge {keep.kind.value} “{keep.name}” with {gone.kind.value} “{gone.name}”")
    db = case.db
    with recorded_edit(case, f"Merge “{gone.name}” into “{keep.name}”", action="entity.merge",
                       target=f"entity:{keep_id}", details={"merged": merge_id, "merged_name": gone.name}) as edit:
        for claim_row in store.claims_asserted_by(db, merge_id):
            store.set_asserted_by(edit.rec, claim_row, keep_id)
        kept_mentions = set(get_excerpts_mentioning(case, keep_id))
        for row_id in store.mentions_of(db, merge_id):
            excerpt_id = store.mention_excerpt(edit.rec, row_id)
            if excerpt_id is None:
                continue
            if excerpt_id in kept_mentions:
                store.remove_mention(edit.rec, row_id)
            else:
                store.move_mention(edit.rec, row_id, keep_id)
        for member_row in store.members_of(db, merge_id):
            store.set_organisation(edit.rec, member_row, keep_id)
        names = set(keep.names)
        for name in gone.names:
            if name not in names:
                store.add_alias(edit.rec, keep_id, name)
                names.add(name)
        if not keep.role and gone.role:
            store.update_entity(edit.rec, keep_id, {"role": gone.role}, stamp=False)
        store.delete_entity(edit.rec, merge_id)
    return get_entity(case, keep_id)


def get_excerpts_mentioning(case: CaseStore, entity_id: int) -> list[int]:
    return [e.id for e in store.list_excerpts(case.db) if entity_id in e.entity_ids]


def split_entity(case: CaseStore, entity_id: int, *, name: str, role: str = "", aliases: Iterable[str] = (),
                 claim_ids: Iterable[int] = (), excerpt_ids: Iterable[int] = ()) -> Entity:
    """One entry was two people: create `name` and move the given aliases, claims and excerpt mentions to it."""
    source = get_entity(case, entity_id)
    name = _clean(name)
    if not name:
        raise EvidenceError("the new person or organisation needs a name")
    moving_aliases = [_clean(a) for a in aliases]
    for alias in moving_aliases:
        if alias not in source.aliases:
            raise EvidenceError(f"“{alias}” is not an alias of {source.name}")
    claims = {c.id: c for c in store.list_claims(case.db)}
    for claim_id in claim_ids:
        if claim_id not in claims or claims[claim_id].asserted_by != entity_id:
            raise EvidenceError(f"claim {claim_id} is not asserted by {source.name}")
    mentions = set(get_excerpts_mentioning(case, entity_id))
    for excerpt_id in excerpt_ids:
        if excerpt_id not in mentions:
            raise EvidenceError(f"excerpt {excerpt_id} does not mention {source.name}")
    with recorded_edit(case, f"Split “{name}” from “{source.name}”", action="entity.split",
                       target=f"entity:{entity_id}", details={"new_name": name}) as edit:
        new_id = store.insert_entity(edit.rec, kind=source.kind.value, name=name, role=_clean(role),
                                     organisation_id=source.organisation_id, note="")
        for alias in moving_aliases:
            alias_row = store.existing_row(store.alias_row_id(case.db, entity_id, alias), f"alias {alias!r}")
            store.move_alias(edit.rec, alias_row, new_id)
        for claim_id in claim_ids:
            store.set_asserted_by(edit.rec, claim_id, new_id)
        for excerpt_id in excerpt_ids:
            mention_row = store.existing_row(store.excerpt_entity_row(case.db, excerpt_id, entity_id), "mention")
            store.move_mention(edit.rec, mention_row, new_id)
        edit.details["new_id"] = new_id
    return get_entity(case, new_id)


# --- same-name clashes -------------------------------------------------------------------------------------------

_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "hon", "judge", "justice", "jr", "sr", "ii", "iii", "esq", "the"}


def comparable_name(name: str) -> str:
    """Lower case, accents and punctuation dropped, honorifics removed: "Dr. José  O'Neil" -> "jose o neil"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _HONORIFICS]
    return " ".join(words)


@dataclass(frozen=True)
class NameClash:
    """Two cast entries whose names are identical or nearly so: the same person entered twice, or two people."""

    first: Entity
    second: Entity
    first_name: str
    second_name: str
    score: float
    reason: str  # "identical name", "near-identical name", "same surname and initial"

    def to_dict(self) -> dict:
        return {"first_id": self.first.id, "first_name": self.first_name, "second_id": self.second.id,
                "second_name": self.second_name, "score": round(self.score, 1), "reason": self.reason}


FIRST_NAME_THRESHOLD = 70.0
"""With the same surname, first names at least this similar ("Dottie"/"Dotty", "Jon"/"John") are flagged."""


def _same_surname_similar_first(a: str, b: str) -> float | None:
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1] or len(wa[0]) < 2 or len(wb[0]) < 2:
        return None
    score = fuzz.ratio(wa[0], wb[0])
    return score if score >= FIRST_NAME_THRESHOLD else None


def _initial_match(a: str, b: str) -> bool:
    """"d romo" and "dottie romo": same surname, one first name an initial of the other."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1]:
        return False
    fa, fb = wa[0], wb[0]
    return fa != fb and (len(fa) == 1 or len(fb) == 1) and fa[0] == fb[0]


def find_name_clashes(case: CaseStore, *, threshold: float = CLASH_THRESHOLD) -> list[NameClash]:
    """Pairs of people (or of organisations) whose names or aliases match exactly or nearly, strongest first."""
    entities = store.list_entities(case.db)
    clashes: list[NameClash] = []
    for i, first in enumerate(entities):
        for second in entities[i + 1:]:
            if first.kind is not second.kind:
                continue
            best: NameClash | None = None
            for name_a in first.names:
                for name_b in second.names:
                    a, b = comparable_name(name_a), comparable_name(name_b)
                    if not a or not b:
                        continue
                    if a == b:
                        clash = NameClash(first, second, name_a, name_b, 100.0, "identical name")
                    else:
                        score = fuzz.token_sort_ratio(a, b)
                        if score >= threshold or _same_surname_similar_first(a, b) is not None:
                            clash = NameClash(first, second, name_a, name_b, score, "near-identical name")
                        elif _initial_match(a, b):
                            clash = NameClash(first, second, name_a, name_b, score, "same surname and initial")
                        else:
                            continue
                    if best is None or clash.score > best.score:
                        best = clash
            if best is not None:
                clashes.append(best)
    return sorted(clashes, key=lambda c: (-c.score, c.first.id, c.second.id))


# --- issues ------------------------------------------------------------------------------------------------------

def list_issues(case: CaseStore) -> list[Issue]:
    return store.list_issues(case.db)


def issue_tree(case: CaseStore) -> list[OutlineItem]:
    """The issue outline in order, numbered "1", "1.1", …"""
    return issue_outline(store.list_issues(case.db))


def get_issue(case: CaseStore, issue_id: int) -> Issue:
    issue = next((i for i in store.list_issues(case.db) if i.id == issue_id), None)
    if issue is None:
        raise EvidenceError(f"no issue {issue_id} in this case (see 'casebook issue list')")
    return issue


def resolve_issue(case: CaseStore, ref: str) -> Issue:
    """Find an issue by id, by outline number ("1.2", "#1.2") or by its title (case-insensitive)."""
    ref = ref.strip()
    if ref.isdigit():
        return get_issue(case, int(ref))
    outline = issue_tree(case)
    number = ref.lstrip("#")
    for item in outline:
        if item.number == number:
            return item.issue
    matches = [item.issue for item in outline if item.issue.title.casefold() == ref.casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise EvidenceError(f"“{ref}” is the title of {len(matches)} issues; give the id")
    raise EvidenceError(f"no issue “{ref}” in this case (see 'casebook issue list')")


def _siblings(case: CaseStore, parent_id: int | None, *, excluding: int | None = None) -> list[Issue]:
    return sorted((i for i in store.list_issues(case.db) if i.parent_id == parent_id and i.id != excluding),
                  key=lambda i: (i.position, i.id))


def add_issue(case: CaseStore, title: str, *, parent_id: int | None = None, note: str = "") -> Issue:
    """Add an issue at the end of its parent's sub-issues (or of the top level)."""
    title = _clean(title)
    if not title:
        raise EvidenceError("an issue needs a title")
    if parent_id is not None:
        get_issue(case, parent_id)
    siblings = _siblings(case, parent_id)
    position = max((s.position for s in siblings), default=-1) + 1
    with recorded_edit(case, f"Add issue “{title}”", action="issue.add", target="issue") as edit:
        issue_id = store.insert_issue(edit.rec, parent_id=parent_id, title=title, position=position, note=note)
        edit.target = f"issue:{issue_id}"
    return get_issue(case, issue_id)


def move_issue(case: CaseStore, issue_id: int, *, parent_id: int | None, position: int | None = None) -> Issue:
    """Move an issue under another (or to the top level) at `position` (0-based; default last)."""
    issue = get_issue(case, issue_id)
    if parent_id is not None:
        ancestor: Issue | None = get_issue(case, parent_id)
        while ancestor is not None:
            if ancestor.id == issue_id:
                raise EvidenceError(f"cannot move issue {issue_id} under itself or one of its sub-issues")
            ancestor = get_issue(case, ancestor.parent_id) if ancestor.parent_id is not None else None
    siblings = _siblings(case, parent_id, excluding=issue_id)
    index = len(siblings) if position is None else max(0, min(position, len(siblings)))
    order = [*siblings[:index], issue, *siblings[index:]]
    with recorded_edit(case, f"Move issue “{issue.title}”", action="issue.move", target=f"issue:{issue_id}",
                       details={"parent_id": parent_id, "position": index}) as edit:
        store.update_issue(edit.rec, issue_id, {"parent_id": parent_id})
        for pos, item in enumerate(order):
            store.update_issue(edit.rec, item.id, {"position": pos})
    return get_issue(case, issue_id)


def rename_issue(case: CaseStore, issue_id: int, title: str) -> Issue:
    issue = get_issue(case, issue_id)
    if not _clean(title):
        raise EvidenceError("an issue needs a title")
    with recorded_edit(case, f"Rename issue “{issue.title}”", action="issue.rename",
                       target=f"issue:{issue_id}") as edit:
        store.update_issue(edit.rec, issue_id, {"title": _clean(title)})
    return get_issue(case, issue_id)


def delete_issue(case: CaseStore, issue_id: int) -> Issue:
    """Delete an issue and its sub-issues; claims stay, losing only those issue links. Undoable."""
    issue = get_issue(case, issue_id)
    with recorded_edit(case, f"Delete issue “{issue.title}”", action="issue.delete",
                       target=f"issue:{issue_id}") as edit:
        store.delete_issue(edit.rec, issue_id)
    return issue
