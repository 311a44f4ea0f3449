"""Undo and redo of every kind of evidence edit, persisted across reopening the case; outbox and audit rows."""

from __future__ import annotations

import pytest

from casebook.core.anchoring import TextSpan
from casebook.core.errors import CasebookError
from casebook.core.evidence import ClaimStatus, Relation
from casebook.services import cast, evidence, history
from casebook.services.cases import open_case
from casebook.store import audit

from .helpers import ARTICLE, DECLARATION, populate, snapshot


def _move_text(case, ids):
    # Re-extraction shifted the page: new text in front of everything (not itself an undoable edit).
    case.db.execute("UPDATE pages SET text = 'Preface added by OCR. ' || text WHERE document_id = ?", [DECLARATION])
    return evidence.reanchor_document(case, DECLARATION)


COMMANDS = {
    "add excerpt by quote": lambda case, ids: evidence.add_excerpt_by_quote(
        case, DECLARATION, "no more", note="n", tags=["cold/x"], entity_ids=[ids["other"]]),
    "add excerpt by span": lambda case, ids: evidence.add_excerpt_by_span(case, ARTICLE, TextSpan(1, 0, 1, 20)),
    "edit excerpt": lambda case, ids: evidence.update_excerpt(case, ids["e1"], note="new note",
                                                              entity_ids=[ids["other"]]),
    "delete excerpt": lambda case, ids: evidence.delete_excerpt(case, ids["e1"]),
    "add claim": lambda case, ids: evidence.add_claim(case, "Another claim", asserted_by=ids["other"],
                                                      asserted_in_document=ARTICLE, issue_ids=[ids["remedy"]],
                                                      tags=["new/tag"], event_date="on or before 2025-06-01"),
    "edit claim": lambda case, ids: evidence.update_claim(case, ids["claim"], statement="Changed.",
                                                          status=ClaimStatus.DISPUTED, event_date=None,
                                                          issue_ids=[ids["remedy"], ids["merits"]]),
    "delete claim": lambda case, ids: evidence.delete_claim(case, ids["claim"]),
    "link": lambda case, ids: evidence.link_excerpt(case, ids["claim"], ids["e4"], Relation.CONTRADICTS, note="n"),
    "replace link": lambda case, ids: evidence.link_excerpt(case, ids["claim"], ids["e3"], Relation.QUALIFIES,
                                                            replace=True),
    "unlink": lambda case, ids: evidence.unlink_excerpt(case, ids["claim"], ids["e3"]),
    "tag document": lambda case, ids: evidence.add_tag(case, "exhibits/key", on=("document", DECLARATION)),
    "recolour tag": lambda case, ids: evidence.add_tag(case, "hot", colour="#123456"),
    "untag excerpt": lambda case, ids: evidence.remove_tag(case, "hot", on=("excerpt", ids["e2"])),
    "delete tag everywhere": lambda case, ids: evidence.remove_tag(case, "hot"),
    "add entity": lambda case, ids: cast.add_entity(case, "New Person", aliases=["NP"]),
    "edit entity": lambda case, ids: cast.update_entity(case, ids["robin"], role="Former officer",
                                                        organisation_id=None),
    "add alias": lambda case, ids: cast.add_alias(case, ids["robin"], "Bobbie"),
    "remove alias": lambda case, ids: cast.remove_alias(case, ids["robin"], "R. Example"),
    "merge entities": lambda case, ids: cast.merge_entities(case, ids["other"], ids["robin"]),
    "split entity": lambda case, ids: cast.split_entity(case, ids["robin"], name="Robin Other",
                                                        aliases=["R. Example"], claim_ids=[ids["claim"]],
                                                        excerpt_ids=[ids["e1"]]),
    "delete entity": lambda case, ids: cast.delete_entity(case, ids["agency"]),
    "add issue": lambda case, ids: cast.add_issue(case, "Standing", parent_id=ids["merits"]),
    "move issue": lambda case, ids: cast.move_issue(case, ids["remedy"], parent_id=ids["merits"], position=0),
    "rename issue": lambda case, ids: cast.rename_issue(case, ids["scale"], "Number affected"),
    "delete issue": lambda case, ids: cast.delete_issue(case, ids["merits"]),
    "re-anchor document": _move_text,
    "mark reviewed": lambda case, ids: (_move_text(case, ids), evidence.mark_reviewed(case, ids["e1"])),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_undoes_and_redoes_across_reopening(ev_case, name):
    ids = populate(ev_case)
    root = ev_case.layout.root
    if name == "mark reviewed":  # the flag to clear comes from an earlier re-anchoring
        _move_text(ev_case, ids)
        before = snapshot(ev_case)
        evidence.mark_reviewed(ev_case, ids["e1"])
    else:
        before = snapshot(ev_case)
        COMMANDS[name](ev_case, ids)
    after = snapshot(ev_case)
    assert after != before, "the command changed nothing"
    ev_case.close()

    with open_case(root) as case:
        undone = history.undo(case)
        assert undone is not None and undone.undone
    with open_case(root) as case:
        assert snapshot(case) == before
        assert history.undo_redo_labels(case)[1] == undone.label
        redone = history.redo(case)
        assert redone is not None and redone.seq == undone.seq
    with open_case(root) as case:
        assert snapshot(case) == after
        assert audit.verify_chain(case.db) == []


def test_a_new_edit_after_undo_discards_the_redo_branch(ev_case):
    first = cast.add_issue(ev_case, "First")
    second = cast.add_issue(ev_case, "Second")
    assert history.undo(ev_case).label == f"Add issue “{second.title}”"
    cast.add_issue(ev_case, "Third")
    assert history.redo(ev_case) is None
    assert [i.title for i in cast.list_issues(ev_case)] == ["First", "Third"]
    assert history.undo(ev_case).label == "Add issue “Third”"
    assert history.undo(ev_case).label == f"Add issue “{first.title}”"
    assert history.undo(ev_case) is None
    assert cast.list_issues(ev_case) == []


def test_failed_edits_leave_no_history(ev_case):
    with pytest.raises(evidence.EvidenceError):
        evidence.add_excerpt_by_quote(ev_case, DECLARATION, "words that are not there")
    with pytest.raises(evidence.EvidenceError):
        evidence.add_claim(ev_case, "x", asserted_by=999)
    assert history.list_history(ev_case) == []


def test_edits_write_outbox_rows_and_audit_entries_in_the_same_transaction(ev_case):
    ids = populate(ev_case)
    outbox_before = ev_case.db.execute("SELECT max(id) FROM outbox").fetchone()[0]
    evidence.delete_excerpt(ev_case, ids["e3"])
    rows = ev_case.db.execute("SELECT op, document_id, target_id FROM outbox WHERE id > ?",
                              [outbox_before]).fetchall()
    assert ("delete_excerpt", ARTICLE, ids["e3"]) in rows
    assert ("index_claim", None, ids["claim"]) in rows  # its link went with it
    last = audit.entries(ev_case.db, limit=1)[0]
    assert last.action == "excerpt.delete" and last.target == f"excerpt:{ids['e3']}"
    history.undo(ev_case)
    rows = ev_case.db.execute("SELECT op, target_id FROM outbox ORDER BY id DESC LIMIT 2").fetchall()
    assert ("index_excerpt", ids["e3"]) in rows
    assert audit.entries(ev_case.db, limit=1)[0].action == "history.undo"
    evidence.add_tag(ev_case, "key", on=("document", DECLARATION))
    assert ev_case.db.execute("SELECT op, document_id FROM outbox ORDER BY id DESC LIMIT 1").fetchone() == (
        "index_document", DECLARATION)


def test_undo_refuses_cleanly_when_the_case_changed_underneath(ev_case):
    ids = populate(ev_case)
    evidence.delete_excerpt(ev_case, ids["e3"])
    # The article disappears by other means (not an undoable edit); restoring its excerpt is impossible.
    ev_case.db.execute("DELETE FROM documents WHERE id = ?", [ARTICLE])
    with pytest.raises(CasebookError, match="cannot undo"):
        history.undo(ev_case)
    assert history.list_history(ev_case)[0].undone is False
