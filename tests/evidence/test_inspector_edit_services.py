"""The services behind in-place inspector edits: a link's relation and note, and an item's whole tag set, each one
audited, undoable edit that keeps the relation rules."""

from __future__ import annotations

import pytest

from casebook.core.evidence import EvidenceError, Relation
from casebook.services import evidence, history
from casebook.store import audit

from .helpers import populate, snapshot


def _link(case, claim_id: int, excerpt_id: int):
    return next(lk for lk in evidence.list_links(case, claim_id=claim_id) if lk.excerpt_id == excerpt_id)


def test_update_link_changes_relation_and_note_in_one_undoable_edit(ev_case):
    ids = populate(ev_case)
    link = _link(ev_case, ids["claim"], ids["e3"])
    before = snapshot(ev_case)
    changed = evidence.update_link(ev_case, link.id, relation="qualifies")
    assert (changed.relation, changed.note) == (Relation.QUALIFIES, "press")  # the note is kept
    changed = evidence.update_link(ev_case, link.id, note="  rounds   the figure ")
    assert (changed.relation, changed.note) == (Relation.QUALIFIES, "rounds the figure")
    assert history.undo_redo_labels(ev_case)[0] == f"Edit link of excerpt {ids['e3']} to claim {ids['claim']}"
    assert [e.action for e in audit.entries(ev_case.db)].count("claim.link.edit") == 2
    history.undo(ev_case)
    history.undo(ev_case)
    assert snapshot(ev_case) == before


def test_update_link_refuses_what_the_relation_rules_forbid_and_changes_nothing(ev_case):
    ids = populate(ev_case)
    own = _link(ev_case, ids["claim"], ids["e1"])  # the excerpt where the claim is asserted
    before = snapshot(ev_case)
    with pytest.raises(EvidenceError, match="cannot qualify the claim it makes"):
        evidence.update_link(ev_case, own.id, relation=Relation.QUALIFIES)
    with pytest.raises(EvidenceError, match="is not a relation; choose one of: supports, contradicts"):
        evidence.update_link(ev_case, own.id, relation="proves")
    with pytest.raises(EvidenceError, match="no link 999"):
        evidence.update_link(ev_case, 999, note="x")
    assert snapshot(ev_case) == before


def test_set_tags_replaces_the_tag_set_in_one_undoable_edit(ev_case):
    ids = populate(ev_case)
    before = snapshot(ev_case)
    assert evidence.set_tags(ev_case, "excerpt", ids["e2"], ["hot", "privilege/work product", " "]) == (
        "hot", "privilege/work product")
    assert evidence.set_tags(ev_case, "claim", ids["claim"], []) == ()
    assert history.undo_redo_labels(ev_case)[0] == f"Edit claim {ids['claim']} tags"
    assert "tag.set" in [e.action for e in audit.entries(ev_case.db)]
    history.undo(ev_case)
    assert evidence.get_claim(ev_case, ids["claim"]).tags == ("hot/figures",)
    history.undo(ev_case)
    assert snapshot(ev_case) == before
    with pytest.raises(EvidenceError, match="only documents, excerpts and claims"):
        evidence.set_tags(ev_case, "entity", 1, ["x"])
