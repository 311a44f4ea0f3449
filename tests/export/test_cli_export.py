"""`casebook export bundle|preflight|chart|list` on the demo case."""

from __future__ import annotations

import json

import pymupdf
from click.testing import CliRunner

from casebook.cli.main import cli


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_export_bundle_defaults_into_exports_and_saves_the_definition(demo_case):
    root = str(demo_case.layout.root)
    demo_case.close()
    result = _run("--case", root, "export", "bundle", "--exhibit", "3,1", "--exhibit", "4", "--labels", "numeric",
                  "--bates-prefix", "TRC", "--bates-start", "100", "--date", "2026-02-20", "--name", "motion",
                  "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verification"]["ok"] and data["bates"].startswith("TRC000100")
    assert data["path"].endswith("exports/motion.pdf")
    with pymupdf.open(data["path"]) as doc:
        assert "EXHIBIT 1" in doc[next(i for i in range(doc.page_count) if doc[i].get_label() == "1")].get_text()
    # Regenerating by name reuses the saved definition and its own Bates range.
    again = json.loads(_run("--case", root, "export", "bundle", "--name", "motion", "--json").output)
    assert again["sha256"] == data["sha256"]
    listed = _run("--case", root, "export", "list")
    assert "motion" in listed.output


def test_dry_run_and_preflight_write_nothing(demo_case):
    root = str(demo_case.layout.root)
    demo_case.close()
    result = _run("--case", root, "export", "bundle", "--exhibit", "3", "--profile", "pdfa", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Pre-flight" in result.output and "PDF/A" in result.output
    pre = _run("--case", root, "export", "preflight", "--exhibit", "1,2", "--json")
    assert json.loads(pre.output)["ok"] is True
    assert not list((demo_case.layout.exports).glob("*.pdf"))


def test_export_chart_pdf(demo_case, tmp_path):
    root = str(demo_case.layout.root)
    demo_case.close()
    out = tmp_path / "chart.pdf"
    result = _run("--case", root, "export", "chart", "--out", str(out))
    assert result.exit_code == 0, result.output
    with pymupdf.open(out) as doc:
        text = "".join(page.get_text() for page in doc)
    assert "Claim–Evidence Chart" in text and "Romo Decl. ¶ 8" in text
