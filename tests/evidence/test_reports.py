"""Reports in every format: the chart, chronology, cast and issue outline parse and carry the pin cites."""

from __future__ import annotations

import csv
import io
import json

import pytest

from casebook.core.errors import CasebookError
from casebook.core.evidence import Relation
from casebook.services import cast, evidence
from casebook.services.report_formats import FORMATS, REPORTS, render_report
from casebook.services.reports import chronology, claim_chart

from .helpers import ARTICLE, DECLARATION, populate


@pytest.fixture
def reported(ev_case):
    ids = populate(ev_case)
    late = evidence.add_claim(ev_case, "The recipient destroyed the records in July 2025.",
                              asserted_in_document=DECLARATION, event_date="2025-07-15")
    evidence.link_excerpt(ev_case, late.id, ids["e4"], Relation.CONTEXT)
    contra = evidence.add_claim(ev_case, "More than 300 entries were answered.", asserted_in_excerpt=ids["e3"],
                                claim_type="news report", status="undisputed")
    evidence.link_excerpt(ev_case, contra.id, ids["e2"], Relation.CONTRADICTS, note="declaration says 310")
    cast.add_entity(ev_case, "Robin Example", role="Clinic volunteer")
    ids.update(late=late.id, contra=contra.id)
    return ev_case, ids


def test_chart_entries_carry_sources_evidence_and_warnings(reported):
    case, ids = reported
    entries = {e.claim_id: e for e in claim_chart(case)}
    first = entries[ids["claim"]]
    assert first.asserted_by == "Robin Example"
    assert first.asserted_by_role == "Records Officer, Example Agency"
    assert first.source_cite == "Example Decl. ¶ 2; ECF No. 17 at 1"
    assert [e.relation for e in first.evidence] == ["supports", "supports", "context"]
    assert first.evidence[1].cite.startswith("Daily Example ¶ ") and first.evidence[1].note == "press"
    assert entries[ids["late"]].warnings == [
        "event date 2025-07-15 is after the asserting document's date 2025-06-02"]
    assert entries[ids["contra"]].warnings == ["marked undisputed but linked to contradicting evidence"]


def test_chronology_sorts_fuzzy_dates_and_flags_conflicts(reported):
    case, ids = reported
    entries = chronology(case)
    dated = [e for e in entries if e.date]
    assert [e.sort_key for e in dated] == sorted(e.sort_key for e in dated)
    assert entries[-1].claim_id == ids["contra"] and entries[-1].date_text == "undated"
    late = next(e for e in entries if e.claim_id == ids["late"])
    assert late.conflict and late.document_date == "2025-06-02"
    kinds = [e.kind for e in dated]
    assert "document" in kinds and "claim" in kinds
    filed = next(e for e in entries if e.kind == "document" and e.document_id == DECLARATION)
    assert filed.source == "Example Decl.; ECF No. 17"


@pytest.mark.parametrize("name", REPORTS)
def test_json_and_csv_parse_for_every_report(reported, name):
    case, _ = reported
    data = json.loads(render_report(case, name, "json"))
    assert isinstance(data, list) and data
    rows = list(csv.DictReader(io.StringIO(render_report(case, name, "csv"))))
    assert rows


def test_chart_formats_agree(reported):
    case, ids = reported
    data = json.loads(render_report(case, "chart", "json"))
    assert {d["claim_id"] for d in data} == {ids["claim"], ids["late"], ids["contra"]}
    rows = list(csv.DictReader(io.StringIO(render_report(case, "chart", "csv"))))
    claim_rows = [r for r in rows if r["claim_id"] == str(ids["claim"])]
    assert [r["relation"] for r in claim_rows] == ["supports", "supports", "context"]
    assert claim_rows[0]["cite"] == "Example Decl. ¶ 2; ECF No. 17 at 1"
    assert claim_rows[0]["quote"] == "roughly 900 individuals"
    markdown = render_report(case, "chart", "md")
    assert markdown.startswith("# Claim–evidence chart: Example Clinic v. Example Agency")
    assert "| No. | Claim | Status | Asserted in | Supporting | Contradicting | Qualifying |" in markdown
    assert "“roughly 900 individuals” Example Decl. ¶ 2; ECF No. 17 at 1." in markdown
    assert "Example Decl. ¶ 3; ECF No. 17 at 1" in markdown  # the contradicting excerpt's pin
    assert "**Check:** marked undisputed but linked to contradicting evidence." in markdown
    assert "— declaration says 310" in markdown


def test_markdown_of_other_reports(reported):
    case, ids = reported
    chrono = render_report(case, "chronology", "md")
    assert "| Mar. 2025 | The request listed roughly 900 individuals." in chrono
    assert "**Conflict:** event date 2025-07-15" in chrono
    cast_md = render_report(case, "cast", "md")
    assert "- **Robin Example**, Records Officer, Example Agency. Also known as: R. Example." in cast_md
    assert "**Possible same-name clash** — identical name: Robin Example" in cast_md
    issues = render_report(case, "issues", "md")
    assert "- **1** Merits" in issues and "  - **1.1** Scale" in issues
    assert f"Claim {ids['claim']} (undisputed): The request listed roughly 900 individuals." in issues


def test_unknown_report_or_format_is_a_clear_error(ev_case):
    with pytest.raises(CasebookError, match="no such report"):
        render_report(ev_case, "verdict", "md")
    with pytest.raises(CasebookError, match="no such format"):
        render_report(ev_case, "chart", "docx")
    assert set(FORMATS) == {"md", "csv", "json"}
    assert "No claims recorded yet." in render_report(ev_case, "chart", "md")
    assert json.loads(render_report(ev_case, "chart", "json")) == []
    assert ARTICLE  # the article stays importable alongside
