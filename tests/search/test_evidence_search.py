"""Claims and excerpts in search: indexed through the outbox with pages, found by text, notes and tags, kept
in step with edits, deletions and undo, and checked by verify."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from casebook.core.search import ItemKey, QueryError, SearchFilters
from casebook.index.case_index import FORMAT_FILE
from casebook.services import cast as cast_service
from casebook.services import evidence as evidence_service
from casebook.services import history as history_service
from casebook.services import search as search_service
from casebook.services.cases import open_case
from casebook.store import outbox


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    from casebook.services.demo import build_demo

    root = tmp_path_factory.mktemp("demo-template") / "demo"
    build_demo(root)
    return root


@pytest.fixture
def demo(demo_template, tmp_path):
    """A fresh copy of the demo case (with its claims, excerpts and index) for each test."""
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    with open_case(root) as case:
        yield case


def _claims(results) -> dict[int, object]:
    return {h.claim_id: h for h in results.hits if h.unit_type == "claim"}


def _excerpts(results) -> dict[int, object]:
    return {h.excerpt_id: h for h in results.hits if h.unit_type == "excerpt"}


def test_tag_hot_finds_the_demo_claims_and_their_tagged_excerpts(demo):
    claims = evidence_service.list_claims(demo)
    hot_claims = {c.id for c in claims if any(t.split("/")[0] == "hot" for t in c.tags)}
    hot_excerpts = {e.id for e in evidence_service.list_excerpts(demo) if any(t.startswith("hot") for t in e.tags)}
    assert len(hot_claims) == 3 and hot_excerpts
    results = search_service.search(demo, "tag:hot", limit=100)
    assert set(_claims(results)) == hot_claims
    assert set(_excerpts(results)) == hot_excerpts
    assert results.facets["type"] == {"claim": len(hot_claims), "excerpt": len(hot_excerpts)}
    assert results.facets["tag"]["hot"] == results.total == len(hot_claims) + len(hot_excerpts)
    # The full path matches too; a sibling branch and a mere prefix of a level do not.
    assert search_service.search(demo, 'tag:"hot/sworn figures"', limit=100).total == results.total
    assert search_service.search(demo, "tag:ho").total == 0
    assert search_service.search(demo, 'tag:"hot/other"').total == 0
    # Filters restrict by type, in the query or as SearchFilters.
    only = search_service.search(demo, "tag:hot type:claim", limit=100)
    assert set(_claims(only)) == hot_claims and only.total == len(hot_claims)
    filtered = search_service.search(demo, "tag:hot", filters=SearchFilters(unit_types=("excerpt",)), limit=100)
    assert set(_excerpts(filtered)) == hot_excerpts and filtered.total == len(hot_excerpts)


def test_document_tags_reach_pages_and_tag_hot_finds_them_too(demo):
    doc_id = evidence_service.list_excerpts(demo)[0].document_id
    evidence_service.add_tag(demo, "hot/exhibits", on=("document", doc_id))
    results = search_service.search(demo, "tag:hot type:page", limit=200)
    assert results.total > 0 and {h.document_id for h in results.hits} == {doc_id}
    assert {h.unit_type for h in search_service.search(demo, "tag:hot", limit=200).hits} == {"page", "claim", "excerpt"}


def test_a_claim_is_found_by_words_of_its_statement(demo):
    claim = evidence_service.list_claims(demo)[1]
    words = claim.statement.split()[:6]
    results = search_service.search(demo, '"' + " ".join(words) + '"', limit=50)
    hits = _claims(results)
    assert claim.id in hits
    hit = hits[claim.id]
    assert hit.unit == ItemKey("claim", claim.id) and hit.title == claim.statement
    assert hit.claim_type == claim.claim_type.value and hit.status == claim.status.value
    assert hit.snippets and hit.snippets[0].highlights
    snippet = hit.snippets[0]
    assert snippet.text[slice(*snippet.highlights[0])] == " ".join(words)


def test_a_claim_is_found_by_who_asserts_it(demo):
    claim = next(c for c in evidence_service.list_claims(demo) if c.asserted_by is not None)
    entity = cast_service.get_entity(demo, claim.asserted_by)
    surname = entity.name.split()[-1]
    assert claim.id in _claims(search_service.search(demo, f"{surname} type:claim", limit=50))
    cast_service.update_entity(demo, entity.id, name="Xanthippe Quillfeather")
    assert claim.id in _claims(search_service.search(demo, "Quillfeather", limit=50))
    assert search_service.check_index(demo).consistent


def test_an_excerpt_note_word_finds_the_excerpt_with_its_pin_cite(demo):
    excerpt = evidence_service.list_excerpts(demo)[0]
    evidence_service.update_excerpt(demo, excerpt.id, note="Compare with the zebrafish chronology")
    assert outbox.count(demo.db) > 0
    results = search_service.search(demo, "zebrafish")
    assert outbox.count(demo.db) == 0
    assert [h.excerpt_id for h in results.hits] == [excerpt.id]
    hit = results.hits[0]
    assert hit.unit_type == "excerpt" and hit.unit == ItemKey("excerpt", excerpt.id)
    assert hit.citation == evidence_service.excerpt_citation(demo, excerpt)
    assert hit.document_id == excerpt.document_id and hit.page_number == excerpt.anchor.span.start_page
    assert hit.note == "Compare with the zebrafish chronology"
    # The hit range is the excerpt on its page, so the viewer can jump to it and highlight it.
    span = excerpt.anchor.span
    if span.start_page == span.end_page:
        assert hit.hit_ranges == [(span.start, span.end)]
    snippet = hit.snippets[0]
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["zebrafish"]
    assert {c for c, _ in hit.links} == {link.claim_id for link in evidence_service.list_links(
        demo, excerpt_id=excerpt.id)}


def test_editing_a_claim_then_undo_and_redo_are_reflected(demo):
    claim = evidence_service.list_claims(demo)[0]
    old_word = "processing" if "processing" in claim.statement else claim.statement.split()[-1]
    evidence_service.update_claim(demo, claim.id, statement="The quokka census was never disclosed.")
    assert claim.id in _claims(search_service.search(demo, "quokka"))
    assert claim.id not in _claims(search_service.search(demo, f'"{claim.statement}"', limit=100))
    history_service.undo(demo)
    assert search_service.search(demo, "quokka").total == 0
    assert claim.id in _claims(search_service.search(demo, f"{old_word} type:claim", limit=100))
    history_service.redo(demo)
    assert claim.id in _claims(search_service.search(demo, "quokka"))
    history_service.undo(demo)
    assert search_service.check_index(demo).consistent


def test_deleting_an_excerpt_removes_it_and_undo_brings_it_back(demo):
    excerpt = evidence_service.list_excerpts(demo)[0]
    before = search_service.search(demo, "type:excerpt", limit=100)
    assert excerpt.id in _excerpts(before)
    evidence_service.delete_excerpt(demo, excerpt.id)
    after = search_service.search(demo, "type:excerpt", limit=100)
    assert excerpt.id not in _excerpts(after) and after.total == before.total - 1
    assert search_service.check_index(demo).consistent
    history_service.undo(demo)
    assert excerpt.id in _excerpts(search_service.search(demo, "type:excerpt", limit=100))
    assert search_service.check_index(demo).consistent


def test_unlinking_updates_the_excerpt_and_tagging_updates_the_claim(demo):
    link = evidence_service.list_links(demo)[0]
    hit = _excerpts(search_service.search(demo, "type:excerpt", limit=100))[link.excerpt_id]
    assert (link.claim_id, link.relation.value) in hit.links
    evidence_service.unlink_excerpt(demo, link.claim_id, link.excerpt_id)
    hit = _excerpts(search_service.search(demo, "type:excerpt", limit=100))[link.excerpt_id]
    assert link.claim_id not in {c for c, _ in hit.links}
    evidence_service.add_tag(demo, "privileged/attorney notes", on=("claim", link.claim_id))
    found = search_service.search(demo, "tag:privileged")
    assert [h.claim_id for h in found.hits] == [link.claim_id]
    assert "privileged/attorney notes" in found.hits[0].tags
    assert search_service.check_index(demo).consistent


def test_check_reports_a_claim_changed_or_dropped_behind_the_index(demo):
    search_service.sync_index(demo)
    assert search_service.check_index(demo).consistent
    claim, other = evidence_service.list_claims(demo)[:2]
    demo.db.execute("UPDATE claims SET statement = 'Changed without index work' WHERE id = ?", [claim.id])
    with search_service.open_index(demo) as index, index.batch() as batch:
        batch.delete_claim(other.id)
    check = search_service.check_index(demo, repair=False)
    assert check.stale == [ItemKey("claim", claim.id)]
    assert check.missing == [ItemKey("claim", other.id)]
    assert not check.consistent and any("claim" in p for p in check.problems())
    search_service.reindex(demo)
    assert search_service.check_index(demo).consistent
    assert claim.id in _claims(search_service.search(demo, '"changed without index work"'))


def test_extra_claims_and_excerpts_are_reported_and_a_rebuild_drops_them(demo):
    claim = evidence_service.list_claims(demo)[0]
    search_service.sync_index(demo)
    demo.db.execute("PRAGMA foreign_keys = OFF")
    demo.db.execute("DELETE FROM claims WHERE id = ?", [claim.id])
    check = search_service.check_index(demo, repair=False)
    assert check.extra == [ItemKey("claim", claim.id)]
    search_service.reindex(demo)
    assert search_service.check_index(demo).consistent
    assert claim.id not in _claims(search_service.search(demo, "type:claim", limit=100))


def test_leftover_outbox_work_is_indexed_on_the_next_open(demo_template, tmp_path):
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    with open_case(root) as case:
        claim = evidence_service.list_claims(case)[0]
        evidence_service.update_claim(case, claim.id, note="Ask the wombat expert")
        assert outbox.pending_count(case.db, ops=search_service.INDEX_OPS) > 0  # not yet indexed
    with open_case(root) as case:
        results = search_service.search(case, "wombat")
        assert [h.claim_id for h in results.hits] == [claim.id] and results.hits[0].note == "Ask the wombat expert"
        assert search_service.check_index(case).consistent


def test_an_index_of_the_previous_format_is_rebuilt_with_claims_and_excerpts(demo):
    folder = demo.layout.index
    (folder / FORMAT_FILE).write_text(json.dumps({"format": "casebook-index/1"}), encoding="utf-8")
    results = search_service.search(demo, "tag:hot", limit=100)
    assert results.facets["type"].get("claim") == 3
    assert search_service.check_index(demo).consistent


def test_deleting_a_document_drops_its_excerpts_from_the_index(demo):
    excerpt = evidence_service.list_excerpts(demo)[0]
    with demo.transaction() as db:
        db.execute("DELETE FROM documents WHERE id = ?", [excerpt.document_id])
        outbox.enqueue(db, "delete_document", excerpt.document_id)
    results = search_service.search(demo, "type:excerpt", limit=100)
    assert all(h.document_id != excerpt.document_id for h in results.hits)
    assert search_service.check_index(demo).consistent


def test_unknown_type_is_explained(demo):
    with pytest.raises(QueryError, match="type:memo"):
        search_service.search(demo, "type:memo")


def test_cli_prints_claims_and_excerpts_distinctly(demo_template, tmp_path):
    from casebook.cli.main import cli

    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    runner = CliRunner()
    out = runner.invoke(cli, ["search", "tag:hot", "--case", str(root), "--limit", "50"])
    assert out.exit_code == 0, out.output
    assert "Claim 1: " in out.output
    assert any(line.startswith("Excerpt ") and "Romo Decl. ¶" in line for line in out.output.splitlines())
    as_json = runner.invoke(cli, ["search", "tag:hot", "--case", str(root), "--json", "--type", "excerpt"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["total"] > 0 and {h["type"] for h in data["hits"]} == {"excerpt"}
    hit = data["hits"][0]
    assert hit["excerpt_id"] and hit["citation"] and hit["links"][0]["relation"] in ("supports", "qualifies")
