"""The timeline service on the demo case: items, dates, colours and the issue, tag and person filters."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from casebook.core.evidence import EvidenceError
from casebook.services import cast, evidence
from casebook.services.cases import open_case
from casebook.services.timeline import TimelineFilters, timeline


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    from casebook.services.demo import build_demo

    root = tmp_path_factory.mktemp("timeline-demo") / "case"
    assert not build_demo(root).failed
    return root


@pytest.fixture
def case(demo_template, tmp_path):
    root = tmp_path / "case"
    shutil.copytree(demo_template, root)
    with open_case(root) as opened:
        yield opened


def _keys(data):
    return {(i.kind, i.label[:20]) for i in data.items}


def test_every_demo_claim_and_document_is_dated(case):
    data = timeline(case)
    assert len(data.claims) == 3 and len(data.documents) == 6 and data.undated == 0
    spans = {(c.start, c.end) for c in data.claims}
    assert (date(2025, 6, 1), date(2025, 11, 21)) in spans  # "between June 1 and Nov. 21, 2025"
    assert (date(2025, 6, 1), date(2025, 6, 30)) in spans  # "June 2025"
    day = next(c for c in data.claims if c.start == date(2026, 1, 23))
    assert not day.is_range and day.status == "needs evidence" and day.colour == "#d08a00"
    declaration = next(d for d in data.documents if d.label == "Declaration of Dottie Romo")
    assert declaration.date_text == "Filed Feb. 11, 2026" and declaration.start == date(2026, 2, 11)
    article = next(d for d in data.documents if "(The Capitol Ledger)" in d.detail)
    assert article.date_text.startswith("Published")
    assert [o.issue.title for o in data.issues][:1] == ["Unlawful disclosure of return information"]
    assert "hot/sworn figures" in data.tags and any(p.name == "Dottie Romo" for p in data.people)


def test_issue_filter_includes_sub_issues_and_the_documents_bearing_on_them(case):
    top = next(o.issue for o in cast.issue_tree(case) if o.number == "1")
    data = timeline(case, TimelineFilters(issue_id=top.id))
    assert len(data.claims) == 2  # both sub-issues of issue 1
    labels = {d.label for d in data.documents}
    assert "Declaration of Dottie Romo" in labels and "Order" not in labels


def test_tag_filter(case):
    assert len(timeline(case, TimelineFilters(tag="hot")).claims) == 3  # a parent tag finds its children
    evidence.add_tag(case, "sealed", on=("document", 2))
    data = timeline(case, TimelineFilters(tag="sealed"))
    assert data.claims == [] and [d.ident for d in data.documents] == [2]


def test_person_filter_by_assertion_excerpt_or_byline(case):
    people = {p.name: p for p in cast.list_entities(case)}
    romo = timeline(case, TimelineFilters(entity_id=people["Dottie Romo"].id))
    assert len(romo.claims) == 3 and "Declaration of Dottie Romo" in {d.label for d in romo.documents}
    ledger = timeline(case, TimelineFilters(entity_id=people["The Capitol Ledger"].id))
    assert ledger.claims == [] and len(ledger.documents) == 1 and "Capitol Ledger" in ledger.documents[0].detail
    with pytest.raises(EvidenceError):
        timeline(case, TimelineFilters(entity_id=9999))


def test_undated_claims_are_counted_not_drawn_and_bounds_are_points(case):
    evidence.add_claim(case, "Someone said something at some time.")
    bound = evidence.add_claim(case, "The letter went out before the hearing.", event_date="on or before 2026-01-30")
    data = timeline(case)
    assert data.undated == 1
    drawn = next(c for c in data.claims if c.ident == bound.id)
    assert drawn.open_side == "before" and drawn.start == drawn.end == date(2026, 1, 30)
    assert len(timeline(case, TimelineFilters(documents=False)).items) == 4


def test_write_figure_pdf_and_png(case, tmp_path):
    import pymupdf

    from casebook.services.timeline import write_figure

    pdf = write_figure(case, tmp_path / "figure.pdf")
    with pymupdf.open(pdf) as doc:
        page = doc[0]
        assert page.rect.width > page.rect.height  # landscape, for an exhibit
        text = " ".join(page.get_text().split())
    assert "Timeline — " in text and "On January 23, 2026, the IRS asked DHS" in text
    png = write_figure(case, tmp_path / "figure.png", fmt="png", filters=TimelineFilters(tag="hot"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    assert not list(tmp_path.glob(".*.part"))
    with pytest.raises(EvidenceError):
        write_figure(case, tmp_path / "figure.svg", fmt="svg")


def test_cli_report_timeline(case, tmp_path):
    from click.testing import CliRunner

    from casebook.cli.main import cli

    root = str(case.layout.root)
    out = tmp_path / "t.pdf"
    result = CliRunner().invoke(cli, ["--case", root, "report", "timeline", "--issue", "Remedy", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000
    result = CliRunner().invoke(cli, ["--case", root, "report", "timeline", "--person", "nobody at all"])
    assert result.exit_code == 2 and "nobody at all" in result.output
