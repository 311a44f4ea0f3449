"""The timeline appendix of a bundle: after the chart, numbered and bookmarked with it, naming each claim."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pymupdf
from click.testing import CliRunner

from casebook.cli.main import cli
from casebook.core.bundles import BundleDefinition
from casebook.pdf.timeline_page import timeline_pages
from casebook.services.bundles import export_bundle, plan_bundle
from casebook.services.demo_claims import DEMO_CLAIMS
from casebook.services.timeline import timeline

from .conftest import demo_definition


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_bundle_with_timeline_appends_a_verified_page_after_the_chart(demo_case, tmp_path):
    plain = plan_bundle(demo_case, demo_definition())
    definition = demo_definition(timeline=True)
    plan = plan_bundle(demo_case, definition)
    assert plan.chart_pages == plain.chart_pages + 1
    report = export_bundle(demo_case, definition, tmp_path / "bundle.pdf")
    assert report.verification.ok
    with pymupdf.open(report.path) as doc:
        toc = doc.get_toc()
        assert [title for _, title, _ in toc[-2:]] == ["Claim–Evidence Chart", "Timeline"]
        last = doc[-1]
        assert toc[-1][2] == doc.page_count
        text = _flat(last.get_text())
        assert last.get_text().count("Page ") >= 1  # numbered like every bundle page
        bands = [d for d in last.get_drawings() if d.get("fill") is not None]
    assert text.startswith("Timeline")
    for claim in DEMO_CLAIMS:
        assert _flat(claim.statement) in text
    assert "Exhibit A: Declaration of Dottie Romo" in text  # exhibits, named by their labels
    assert "Complaint for Declaratory" in text  # exhibit B, the complaint
    assert "Docket" not in text.split("Key", 1)[1]  # the docket sheet is not an exhibit of this bundle
    assert len(bands) >= 10  # bands, legend chips, marks and bars are drawn, not just written


def test_definition_round_trips_the_timeline_choice():
    definition = BundleDefinition.from_dict(demo_definition(timeline=True).to_dict())
    assert definition.timeline is True
    assert BundleDefinition.from_dict({k: v for k, v in definition.to_dict().items() if k != "timeline"}).timeline \
        is False  # definitions saved before the option still load


def test_cli_export_bundle_timeline(demo_template, tmp_path):
    root = tmp_path / "case"
    shutil.copytree(demo_template, root)
    out = tmp_path / "with-timeline.pdf"
    result = CliRunner().invoke(cli, ["--case", str(root), "export", "bundle", "--exhibit", "3,4", "--timeline",
                                      "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with pymupdf.open(out) as doc:
        assert doc.get_toc()[-1][1] == "Timeline"


def test_many_documents_fall_back_to_numbered_marks_and_continue_the_key(demo_case):
    base = timeline(demo_case).items
    items = [replace(base[i % len(base)], ident=1000 + i, label=f"Document number {i} with a long title",
                     detail=f"Document number {i} with a long title")
             for i in range(120)]
    figure = timeline_pages(items, title="Timeline", subtitle="many")
    assert figure.page_count >= 2
    with pymupdf.open("pdf", figure.pdf) as doc:
        first = doc[0]
        text = first.get_text()
        assert "Key (continued)" in doc[1].get_text()
        words = first.get_text("words")
    chart_bottom = next(w[1] for w in words if w[4] == "Key")
    boxes = [w for w in words if w[3] < chart_bottom]
    assert any("–" in w[4] for w in boxes)  # items on one date share a mark labelled by their key numbers
    for a in boxes:  # nothing written above the key overlaps anything else
        for b in boxes:
            if a is not b:
                assert a[2] <= b[0] + 1 or b[2] <= a[0] + 1 or a[3] <= b[1] + 2 or b[3] <= a[1] + 2
    assert "119. Claim" not in text  # numbers only on a crowded chart
    assert "Document number 119 with a long title" in _flat(_all_text(figure.pdf))  # the key has every item


def _all_text(data: bytes) -> str:
    with pymupdf.open("pdf", data) as doc:
        return " ".join(page.get_text() for page in doc)
