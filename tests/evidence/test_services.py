"""Evidence services on a real case: excerpts by quote and span, claims, links, tags, cast, issues, re-anchoring."""

from __future__ import annotations

import pytest

from casebook.core.anchoring import TextSpan
from casebook.core.evidence import ClaimStatus, ClaimType, EntityKind, EvidenceError, Relation
from casebook.services import cast, evidence
from casebook.services import documents as document_service

from .helpers import ARTICLE, DECLARATION, populate


def test_excerpt_by_quote_knows_its_pin_cites(ev_case):
    excerpt = evidence.add_excerpt_by_quote(ev_case, DECLARATION, "roughly 900 individuals", note="key figure",
                                            tags=["Hot/Figures"])
    assert excerpt.text == "roughly 900 individuals"
    assert excerpt.anchor.span.start_page == 1
    assert excerpt.quads[1], "a PDF excerpt has highlight quads"
    assert excerpt.tags == ("hot/figures",)
    assert evidence.excerpt_citation(ev_case, excerpt) == "Example Decl. ¶ 2"
    assert evidence.excerpt_pin_cite(ev_case, excerpt).ecf() == "ECF No. 17 at 1"
    article = evidence.add_excerpt_by_quote(ev_case, ARTICLE, "roughly 900 people")
    assert article.quads == {}
    assert evidence.excerpt_citation(ev_case, article).startswith("Daily Example ¶ ")


def test_absent_quote_fails_clearly_and_names_where_it_is(ev_case):
    with pytest.raises(evidence.QuoteNotFound, match="is not in document 1") as absent:
        evidence.add_excerpt_by_quote(ev_case, DECLARATION, "forty thousand")
    assert absent.value.candidates == []
    with pytest.raises(evidence.QuoteNotFound, match=r"not on page 2 .*it is on page\(s\) 1") as elsewhere:
        evidence.add_excerpt_by_quote(ev_case, DECLARATION, "roughly 900 individuals", page=2)
    assert [c.page for c in elsewhere.value.candidates] == [1]
    with pytest.raises(EvidenceError, match="no page 9"):
        evidence.add_excerpt_by_quote(ev_case, DECLARATION, "x", page=9)
    assert evidence.list_excerpts(ev_case) == []


def test_ambiguous_quote_lists_every_candidate_with_context(ev_case):
    with pytest.raises(evidence.QuoteAmbiguous, match="occurs 2 times") as ambiguous:
        evidence.add_excerpt_by_quote(ev_case, DECLARATION, "about 310")
    candidates = ambiguous.value.candidates
    assert len(candidates) == 2 and {c.page for c in candidates} == {1}
    assert "[about 310] of those entries" in candidates[0].context
    assert "[about 310] entries in total" in candidates[1].context
    evidence.add_excerpt_by_quote(ev_case, DECLARATION, "about 310 entries in total")  # more words resolve it


def test_excerpt_by_span_across_a_page_break(ev_case):
    pages = document_service.get_pages(ev_case, DECLARATION)
    first = pages[0]
    para_7 = next(p for p in first.paragraphs if p.number == 7)
    span = TextSpan(1, para_7.start, 2, pages[1].paragraphs[0].start + 40)
    excerpt = evidence.add_excerpt_by_span(ev_case, DECLARATION, span)
    assert set(excerpt.quads) == {1, 2}
    assert evidence.excerpt_citation(ev_case, excerpt) == "Example Decl. ¶ 7"
    assert evidence.excerpt_pin_cite(ev_case, excerpt).ecf() == "ECF No. 17 at 1–2"
    with pytest.raises(EvidenceError, match="no page 5"):
        evidence.add_excerpt_by_span(ev_case, DECLARATION, TextSpan(5, 0, 5, 3))


def test_claims_validate_their_source_people_issues_and_dates(ev_case):
    ids = populate(ev_case)
    claim = evidence.get_claim(ev_case, ids["claim"])
    assert claim.asserted_in_document == DECLARATION  # taken from the excerpt
    assert str(claim.event_date) == "2025-03" and claim.tags == ("hot/figures",)
    with pytest.raises(EvidenceError, match="needs a statement"):
        evidence.add_claim(ev_case, "   ")
    with pytest.raises(EvidenceError, match="no person or organisation 99"):
        evidence.add_claim(ev_case, "x", asserted_by=99)
    with pytest.raises(EvidenceError, match="is in document 2, not document 1"):
        evidence.add_claim(ev_case, "x", asserted_in_document=DECLARATION, asserted_in_excerpt=ids["e3"])
    with pytest.raises(EvidenceError, match="no issue 42"):
        evidence.add_claim(ev_case, "x", issue_ids=[42])
    with pytest.raises(EvidenceError, match="not a date"):
        evidence.add_claim(ev_case, "x", event_date="next Tuesday")
    updated = evidence.update_claim(ev_case, ids["claim"], status=ClaimStatus.DISPUTED, note="see opp'n",
                                    event_date="on or before 2025-03-31")
    assert (updated.status, updated.note, str(updated.event_date)) == (
        ClaimStatus.DISPUTED, "see opp'n", "on or before 2025-03-31")
    assert updated.asserted_in_excerpt == ids["e1"] and updated.issue_ids == claim.issue_ids
    assert [c.id for c in evidence.list_claims(ev_case, tag="hot")] == [ids["claim"]]
    assert evidence.list_claims(ev_case, status=ClaimStatus.UNDISPUTED) == []


def test_relation_rules_are_enforced_by_the_service(ev_case):
    ids = populate(ev_case)
    with pytest.raises(EvidenceError, match=r"already linked to claim \d+ as supports"):
        evidence.link_excerpt(ev_case, ids["claim"], ids["e3"], Relation.QUALIFIES)
    link = evidence.link_excerpt(ev_case, ids["claim"], ids["e3"], Relation.QUALIFIES, replace=True, note="rounded")
    assert (link.relation, link.note) == (Relation.QUALIFIES, "rounded")
    with pytest.raises(EvidenceError, match="cannot contradict"):
        evidence.link_excerpt(ev_case, ids["claim"], ids["e1"], Relation.CONTRADICTS, replace=True)
    # Turning the sworn claim into an allegation would make its self-support circular: refused.
    with pytest.raises(EvidenceError, match="not evidence of itself"):
        evidence.update_claim(ev_case, ids["claim"], claim_type=ClaimType.ALLEGATION)
    assert evidence.get_claim(ev_case, ids["claim"]).claim_type is ClaimType.SWORN_STATEMENT
    allegation = evidence.add_claim(ev_case, "Alleged.", claim_type=ClaimType.ALLEGATION,
                                    asserted_in_excerpt=ids["e2"])
    with pytest.raises(EvidenceError, match="not evidence of itself"):
        evidence.link_excerpt(ev_case, allegation.id, ids["e2"], Relation.SUPPORTS)
    evidence.link_excerpt(ev_case, allegation.id, ids["e2"], Relation.CONTEXT)
    evidence.unlink_excerpt(ev_case, allegation.id, ids["e2"])
    with pytest.raises(EvidenceError, match="is not linked"):
        evidence.unlink_excerpt(ev_case, allegation.id, ids["e2"])


def test_deleting_an_excerpt_drops_its_links_but_keeps_claims(ev_case):
    ids = populate(ev_case)
    evidence.delete_excerpt(ev_case, ids["e1"])
    claim = evidence.get_claim(ev_case, ids["claim"])
    assert claim.asserted_in_excerpt is None and claim.asserted_in_document == DECLARATION
    assert {lk.excerpt_id for lk in evidence.list_links(ev_case, claim_id=claim.id)} == {ids["e2"], ids["e3"]}


def test_hierarchical_tags_on_documents_excerpts_and_claims(ev_case):
    ids = populate(ev_case)
    tag = evidence.add_tag(ev_case, "privilege/attorney client", on=("document", DECLARATION), colour="#0A0")
    assert (tag.path, tag.colour) == ("privilege/attorney client", "#00aa00")
    assert evidence.document_tags(ev_case, DECLARATION) == ("privilege/attorney client",)
    paths = [t.path for t, _ in evidence.list_tags(ev_case)]
    assert paths == ["hot", "hot/figures", "privilege", "privilege/attorney client"]
    with pytest.raises(EvidenceError, match="is not tagged"):
        evidence.remove_tag(ev_case, "hot", on=("claim", ids["claim"]))
    with pytest.raises(EvidenceError, match="only documents, excerpts and claims"):
        evidence.add_tag(ev_case, "x", on=("entity", 1))
    evidence.remove_tag(ev_case, "hot")  # the whole family, everywhere
    assert [t.path for t, _ in evidence.list_tags(ev_case)] == ["privilege", "privilege/attorney client"]
    assert evidence.get_claim(ev_case, ids["claim"]).tags == ()
    assert evidence.get_excerpt(ev_case, ids["e2"]).tags == ()


def test_entities_resolve_merge_and_split(ev_case):
    ids = populate(ev_case)
    assert cast.resolve_entity(ev_case, "r. example").id == ids["robin"]
    assert cast.resolve_entity(ev_case, "EA").id == ids["agency"]
    twin = cast.add_entity(ev_case, "Robin Example", role="Clinic volunteer")
    with pytest.raises(EvidenceError, match="names 2 people"):
        cast.resolve_entity(ev_case, "Robin Example")
    merged = cast.merge_entities(ev_case, ids["robin"], twin.id)
    assert "Clinic volunteer" not in merged.role and twin.id not in {e.id for e in cast.list_entities(ev_case)}
    other = cast.merge_entities(ev_case, ids["other"], ids["robin"])
    assert {"Robin Example", "R. Example", "P.O."} <= set(other.aliases)
    assert evidence.get_claim(ev_case, ids["claim"]).asserted_by == other.id
    assert evidence.get_excerpt(ev_case, ids["e1"]).entity_ids == (other.id,)
    split = cast.split_entity(ev_case, other.id, name="Robin Example", aliases=["R. Example"],
                              claim_ids=[ids["claim"]], excerpt_ids=[ids["e1"]])
    assert split.aliases == ("R. Example",)
    assert evidence.get_claim(ev_case, ids["claim"]).asserted_by == split.id
    with pytest.raises(EvidenceError, match="not asserted by"):
        cast.split_entity(ev_case, other.id, name="X", claim_ids=[ids["claim"]])
    with pytest.raises(EvidenceError, match="cannot merge person “Robin Example” with organisation"):
        cast.merge_entities(ev_case, split.id, ids["agency"])
    with pytest.raises(EvidenceError, match="not an organisation"):
        cast.add_entity(ev_case, "Someone", organisation_id=split.id)


def test_same_name_clashes_are_flagged_for_a_human(ev_case):
    ids = populate(ev_case)
    assert cast.find_name_clashes(ev_case) == []
    cast.add_entity(ev_case, "Robin Example", role="Clinic volunteer")
    cast.add_entity(ev_case, "Dr. Robyn Example")
    cast.add_entity(ev_case, "Example Agency", kind=EntityKind.ORGANISATION)
    cast.add_entity(ev_case, "Jane Smith")
    cast.add_entity(ev_case, "John Smith")  # different first names: not flagged
    cast.add_entity(ev_case, "Pat Q. Other")
    clashes = cast.find_name_clashes(ev_case)
    pairs = {(c.first_name, c.second_name, c.reason) for c in clashes}
    assert ("Robin Example", "Robin Example", "identical name") in pairs
    assert any(r == "near-identical name" and "Robyn Example" in a + b for a, b, r in pairs)
    assert ("Example Agency", "Example Agency", "identical name") in pairs
    assert not any("Smith" in a for a, _, _ in pairs)
    assert all(c.first.kind is c.second.kind for c in clashes)
    assert clashes[0].score >= clashes[-1].score
    assert any(ids["other"] in (c.first.id, c.second.id) for c in clashes)  # "Pat Other" / "Pat Q. Other"
    initials = cast.add_entity(ev_case, "R. Example")
    assert any(c.reason in ("identical name", "same surname and initial") and initials.id == c.second.id
               for c in cast.find_name_clashes(ev_case))


def test_issue_outline_moves_and_refuses_cycles(ev_case):
    ids = populate(ev_case)
    cast.move_issue(ev_case, ids["remedy"], parent_id=ids["merits"], position=0)
    assert [(o.number, o.issue.title) for o in cast.issue_tree(ev_case)] == [
        ("1", "Merits"), ("1.1", "Remedy"), ("1.2", "Scale")]
    with pytest.raises(EvidenceError, match="under itself"):
        cast.move_issue(ev_case, ids["merits"], parent_id=ids["scale"])
    assert cast.resolve_issue(ev_case, "1.2").id == ids["scale"]
    assert cast.resolve_issue(ev_case, "scale").id == ids["scale"]
    cast.delete_issue(ev_case, ids["merits"])
    assert cast.list_issues(ev_case) == []
    assert evidence.get_claim(ev_case, ids["claim"]).issue_ids == ()


def test_reanchoring_reports_moved_and_keeps_lost_excerpts(ev_case):
    ids = populate(ev_case)
    db = ev_case.db
    # Re-extraction shifts page 1 and loses the sentence of excerpt e4 (page 2).
    db.execute("UPDATE pages SET text = 'OCR preface. ' || text WHERE document_id = ? AND number = 1", [DECLARATION])
    db.execute("UPDATE pages SET text = replace(text, 'asked the recipient to destroy', 'xxxxx') "
               "WHERE document_id = ?", [DECLARATION])
    report = evidence.reanchor_document(ev_case, DECLARATION)
    assert {i for i, _ in report.moved} == {ids["e1"], ids["e2"]}
    assert [i for i, _ in report.lost] == [ids["e4"]]
    lost = evidence.get_excerpt(ev_case, ids["e4"])
    assert lost.review == "lost" and lost.text == "asked the recipient to destroy"
    moved = evidence.get_excerpt(ev_case, ids["e1"])
    assert moved.review == "moved" and moved.anchor.span.start > 13
    assert {e.id for e in evidence.list_excerpts(ev_case, needs_review=True)} == {ids["e1"], ids["e2"], ids["e4"]}
    assert evidence.reanchor_document(ev_case, ARTICLE).unchanged == [ids["e3"]]
    assert evidence.mark_reviewed(ev_case, ids["e1"]).review is None
