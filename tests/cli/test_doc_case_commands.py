"""`casebook doc set|show|reanalyse` and `casebook case set|show`: edits reach list, chart and bundle, and stay."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from casebook.cli.main import cli
from tests.conftest import needs_tesseract

SWORN = "The notices were printed from a list the Board had not checked against its payment records."


def _spec():
    from casebook.core.filing_spec import FilingSpec

    return FilingSpec.from_dict({
        "kind": "declaration",
        "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["HARBOUR TENANTS UNION,"], "defendants": ["CITY WATER BOARD, et al.,"],
        "case_number": "1:24-cv-04321", "judge_initials": "KLM",
        "title": "DECLARATION OF JONAS VELL",
        "preamble": ["I, Jonas Vell, declare as follows:"],
        "paragraphs": [
            "I manage the billing office of the City Water Board and have done so since 2019.",
            "In January 2024 the Board sent about 4,100 shut-off notices to tenants of the harbour district.",
            SWORN,
        ],
        "closing": ["I declare under penalty of perjury that the foregoing is true and correct."],
        "signature": ["/s/ Jonas Vell", "Jonas Vell"],
        "ecf_document_number": "23", "filed_date": "2024-03-14",
    })


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    from casebook.pdf.filing_writer import write_filing
    from casebook.services import evidence
    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths

    folder = tmp_path_factory.mktemp("doc-commands")
    write_filing(_spec(), folder / "vell.pdf")
    root = folder / "case"
    with create_case(root, title="Tenants v. Board") as case:
        assert not import_paths(case, [folder / "vell.pdf"]).failed
        excerpt = evidence.add_excerpt_by_quote(case, 1, SWORN)
        claim = evidence.add_claim(case, "The Board never checked the shut-off list against its payment records.")
        evidence.link_excerpt(case, claim.id, excerpt.id, "supports")
    return root


@pytest.fixture
def root(template, tmp_path) -> str:
    target = tmp_path / "case"
    shutil.copytree(template, target)
    return str(target)


def _run(root: str, *args: str, code: int = 0):
    result = CliRunner().invoke(cli, ["--case", root, *args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def _listed(root: str) -> dict:
    return json.loads(_run(root, "list", "--json").output)[0]


def _bundle_text(root: str, out: Path) -> list[str]:
    _run(root, "export", "bundle", "--exhibit", "1", "--date", "2026-01-05", "--out", str(out), "--json")
    with pymupdf.open(out) as doc:
        # Ligatures ("ﬀ") are expanded so that the text compares with what was typed.
        return [page.get_text(flags=pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES) for page in doc]


SET = ["--title", "Declaration of Jonas Vell, Billing Manager", "--short-cite", "Vell Billing Decl.",
       "--kind", "affidavit"]


def test_doc_set_reaches_list_chart_and_bundle_and_survives_reanalysis_and_ocr(root, tmp_path):
    _run(root, "doc", "set", "1", *SET, code=2)  # not a kind: refused with a usage error, nothing changed
    original = _listed(root)
    result = _run(root, "doc", "set", "1", "--title", "Declaration of Jonas Vell, Billing Manager",
                  "--short-cite", "Vell Billing Decl.", "--kind", "exhibit", "--date", "2024-03-12",
                  "--date-basis", "signed")
    assert "title:" in result.output and "Set by person: " in result.output
    listed = _listed(root)
    assert (listed["title"], listed["short_cite"], listed["kind"], listed["date"], listed["date_basis"]) == (
        "Declaration of Jonas Vell, Billing Manager", "Vell Billing Decl.", "exhibit", "2024-03-12", "signed")
    assert set(listed["set_by_person"]) >= {"title", "short_cite", "kind", "date", "date_basis"}
    assert "Declaration of Jonas Vell, Billing Manager" in _run(root, "list").output
    assert "Vell Billing Decl. ¶ 3" in _run(root, "report", "chart").output
    found = json.loads(_run(root, "search", "payment records", "--kind", "exhibit", "--json").output)
    assert found["total"] >= 1 and found["hits"][0]["title"] == "Declaration of Jonas Vell, Billing Manager"
    pages = _bundle_text(root, tmp_path / "bundle.pdf")
    index = next(text for text in pages[:3] if "Billing Manager" in text)
    assert "2024-03-12" in index or "March 12, 2024" in index

    _run(root, "doc", "reanalyse")
    assert _listed(root) == listed
    shown = json.loads(_run(root, "doc", "show", "1", "--json").output)
    assert shown["fields"]["title"] == {"value": "Declaration of Jonas Vell, Billing Manager",
                                        "origin": "set by person"}
    assert shown["fields"]["court"]["origin"] == "extracted"
    text = _run(root, "doc", "show", "1").output
    assert "[set by person]" in text and "[extracted]" in text

    assert "Undo: Edit document 1" in _run(root, "undo").output
    restored = _listed(root)
    assert (restored["title"], restored["short_cite"], restored["kind"], restored["date"]) == (
        original["title"], original["short_cite"], original["kind"], original["date"])
    assert restored["set_by_person"] == original["set_by_person"]
    assert "Billing Manager" not in "".join(_bundle_text(root, tmp_path / "bundle-2.pdf")[:3])


@needs_tesseract
def test_ocr_redo_all_leaves_a_person_set_title_alone(root):
    _run(root, "doc", "set", "1", "--title", "Vell declaration as corrected", "--short-cite", "Vell Decl.")
    _run(root, "ocr", "1", "--mode", "redo-all")
    listed = _listed(root)
    assert (listed["title"], listed["short_cite"]) == ("Vell declaration as corrected", "Vell Decl.")


def test_doc_set_errors_are_one_line_with_exit_status_2(root):
    bad_date = _run(root, "doc", "set", "1", "--date", "12 March 2024", code=2)
    assert bad_date.output.strip().count("\n") == 0 and "YYYY-MM-DD" in bad_date.output
    assert "at least one field" in _run(root, "doc", "set", "1", code=2).output
    assert "no document 99" in _run(root, "doc", "set", "99", "--title", "X", code=2).output
    assert "not a metadata field" in _run(root, "doc", "set", "1", "--clear", "colour", code=2).output


def test_case_caption_goes_on_the_bundle_cover_and_report_headers(root, tmp_path):
    before = _bundle_text(root, tmp_path / "before.pdf")[0]
    assert "Tenants v. Board" in before  # no caption yet: the case title and the exhibit's court
    _run(root, "case", "set", "--court", "Superior Court of the Harbour District", "--number", "HD-2024-0917",
         "--caption", "Harbour Tenants Union v. City Water Board", "--filer", "Counsel for Plaintiff")
    shown = json.loads(_run(root, "case", "show", "--json").output)
    assert shown["caption"] == "Harbour Tenants Union v. City Water Board" and shown["number"] == "HD-2024-0917"
    cover = _bundle_text(root, tmp_path / "after.pdf")[0]
    for text in ("Superior Court of the Harbour District", "Harbour Tenants Union v. City Water Board",
                 "No. HD-2024-0917", "Counsel for Plaintiff"):
        assert text in cover
    assert "District of Columbia" not in cover  # not the first exhibit's court
    with pymupdf.open(tmp_path / "after.pdf") as bundle:  # the PDF's own title names the caption too
        assert bundle.metadata["title"].endswith("— Harbour Tenants Union v. City Water Board")
    chart = _run(root, "report", "chart").output
    assert chart.startswith("# Claim–evidence chart: Harbour Tenants Union v. City Water Board")
    assert "Superior Court of the Harbour District" in chart
    assert "Undo: Set case caption" in _run(root, "undo").output
    assert json.loads(_run(root, "case", "show", "--json").output)["court"] == ""
