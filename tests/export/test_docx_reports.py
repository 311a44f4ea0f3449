"""Word reports: the demo chart, chronology, cast and issues as DOCX, and the DOCX chart beside a bundle."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from casebook.cli.main import cli
from casebook.core.bundles import RELATION_COLOURS
from casebook.core.evidence import Relation
from casebook.services.caption import get_caption
from casebook.services.report_formats import render_report

STANCE_COLUMNS = {"Supports": Relation.SUPPORTS, "Contradicts": Relation.CONTRADICTS,
                  "Qualifies": Relation.QUALIFIES, "Context": Relation.CONTEXT}


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _hex(relation: Relation) -> str:
    return "".join(f"{round(c * 255):02X}" for c in RELATION_COLOURS[relation])


def _fills(cell) -> set[str]:
    return {s.get(qn("w:fill")) for s in cell._tc.iter(qn("w:shd"))}


@pytest.fixture
def demo(demo_case):
    chart = json.loads(render_report(demo_case, "chart", "json"))
    caption = get_caption(demo_case).lines()
    root = str(demo_case.layout.root)
    demo_case.close()
    return root, chart, caption


def test_chart_docx_holds_every_claim_and_cite_in_a_real_table(demo, tmp_path):
    root, chart, _ = demo
    out = tmp_path / "chart.docx"
    result = _run("--case", root, "report", "chart", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["No.", "Claim", "Status", "Asserted in", *STANCE_COLUMNS]
    rows = {int(r.cells[0].text): r for r in table.rows[1:]}
    assert sorted(rows) == sorted(e["claim_id"] for e in chart) and len(chart) >= 3
    for entry in chart:
        row = rows[entry["claim_id"]]
        assert row.cells[1].text == entry["statement"]
        assert row.cells[2].text == entry["status"]
        assert row.cells[3].text == (entry["source_cite"] or "—")
        for item in entry["evidence"]:
            column = header.index(Relation(item["relation"]).value.capitalize())
            cell = row.cells[column]
            assert item["cite"] in cell.text  # the pin cite exactly as the chart writes it
            assert " ".join(item["quote"].split()) in " ".join(cell.text.split())
            assert _hex(Relation(item["relation"])) in _fills(cell)
    # The stance header cells carry the bundle's highlight colours.
    for name, relation in STANCE_COLUMNS.items():
        assert _hex(relation) in _fills(table.rows[0].cells[header.index(name)])
    # The Markdown chart cites the same things.
    with_md = _run("--case", root, "report", "chart").output
    for entry in chart:
        for item in entry["evidence"]:
            assert item["cite"] in with_md


def test_chart_docx_has_caption_header_page_field_footer_and_landscape(demo, tmp_path):
    root, _, caption = demo
    out = tmp_path / "chart.docx"
    _run("--case", root, "report", "chart", "--format", "docx", "--out", str(out))
    document = docx.Document(str(out))
    section = document.sections[0]
    assert caption and [p.text for p in section.header.paragraphs] == caption
    instructions = [t.text.strip() for t in section.footer._element.iter(qn("w:instrText"))]
    assert "PAGE" in instructions
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0].startswith("Claim–evidence chart: ")
    assert any(h.startswith("Claim 1: ") for h in headings)


def test_other_reports_as_docx(demo, tmp_path):
    root, _, _ = demo
    for name in ("chronology", "cast", "issues"):
        out = tmp_path / f"{name}.docx"
        result = _run("--case", root, "report", name, "--format", "docx", "--out", str(out))
        assert result.exit_code == 0, result.output
    chronology = docx.Document(str(tmp_path / "chronology.docx"))
    entries = json.loads(_run("--case", root, "report", "chronology", "--format", "json").output)
    assert len(chronology.tables[0].rows) == len(entries) + 1
    assert chronology.sections[0].orientation == WD_ORIENT.LANDSCAPE  # five columns
    cast = docx.Document(str(tmp_path / "cast.docx"))
    members = json.loads(_run("--case", root, "report", "cast", "--format", "json").output)
    text = "\n".join(p.text for p in cast.paragraphs)
    assert all(m["name"] in text for m in members)
    assert cast.sections[0].orientation == WD_ORIENT.PORTRAIT
    issues = docx.Document(str(tmp_path / "issues.docx"))
    outline = json.loads(_run("--case", root, "report", "issues", "--format", "json").output)
    text = "\n".join(p.text for p in issues.paragraphs)
    assert all(e["title"] in text for e in outline)


def test_docx_without_out_goes_to_exports(demo):
    root, _, _ = demo
    result = _run("--case", root, "report", "chart", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (Path(root) / "exports" / "chart.docx").is_file()


def test_bundle_chart_docx_beside_the_bundle(demo, tmp_path):
    root, chart, caption = demo
    out = tmp_path / "filing" / "bundle.pdf"
    result = _run("--case", root, "export", "bundle", "--exhibit", "3,1,2,4,5", "--bates-prefix", "TRC",
                  "--date", "2026-02-20", "--out", str(out), "--chart-docx", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["chart_docx"] == str(tmp_path / "filing" / "bundle.chart.docx")
    document = docx.Document(data["chart_docx"])
    assert [p.text for p in document.sections[0].header.paragraphs] == caption
    table = document.tables[0]
    text = "\n".join(c.text for r in table.rows[1:] for c in r.cells[4:])
    for entry in chart:
        for item in entry["evidence"]:
            assert item["cite"] in text
    assert "Bundle p. " in text and "TRC0000" in text


def test_text_word_cannot_hold_is_left_out(tmp_path):
    from casebook.export.docx_reports import ChartLine, CiteCell, ReportHeading, chart_document, save_docx

    line = ChartLine(1, "A claim\x0c read by OCR", "open", "Decl. ¶ 2",
                     (CiteCell("contradicts", "Decl. ¶ 2", "a quote\x00 with a NUL"),))
    out = save_docx(chart_document(ReportHeading("Chart\x01", ("Court",)), [line]), tmp_path / "c.docx")
    cells = docx.Document(str(out)).tables[0].rows[1].cells
    assert cells[1].text == "A claim read by OCR"
    assert "Decl. ¶ 2: “a quote with a NUL”" in cells[5].text


def test_the_same_case_gives_the_same_docx_bytes(demo, tmp_path):
    root, _, _ = demo
    for name in ("one", "two"):
        _run("--case", root, "report", "chart", "--format", "docx", "--out", str(tmp_path / f"{name}.docx"))
    assert (tmp_path / "one.docx").read_bytes() == (tmp_path / "two.docx").read_bytes()
