"""`casebook ocr` and `casebook import --ocr`: JSON reports, exit codes, search afterwards."""

from __future__ import annotations

import json

from click.testing import CliRunner

from casebook.cli.main import cli
from tests.ocr.conftest import DECLARATION, SECOND_PAGE, ScannedPage, make_pdf, needs_tesseract

pytestmark = needs_tesseract


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_ocr_command_reads_named_documents_and_makes_them_searchable(tmp_path):
    root = str(tmp_path / "case")
    run("new", root, "--title", "Roe v. Agency")
    run("--case", root, "import", str(make_pdf(tmp_path / "scan.pdf", [ScannedPage(DECLARATION)])))
    assert "OCR×1" in run("--case", root, "list")
    assert run("--case", root, "search", '"expose them to removal"').startswith("0 hit")
    report = json.loads(run("--case", root, "ocr", "1", "--lang", "eng", "--json"))
    assert report["pages_done"] == 1 and report["failed_pages"] == 0 and not report["cancelled"]
    [doc] = report["documents"]
    assert doc["document_id"] == 1 and doc["pages"][0]["quality"] > 0.85 and not doc["pages"][0]["needs_ocr"]
    assert "1 hit" in run("--case", root, "search", '"expose them to removal"')
    listing = json.loads(run("--case", root, "list", "--json"))
    assert listing[0]["pages_needing_ocr"] == 0
    [page] = json.loads(run("--case", root, "show", "1", "--json"))["pages"]
    assert page["text_source"] == "ocr" and page["ocr_quality"] > 0.85 and not page["needs_ocr"]
    # A second run has nothing left to read.
    again = run("--case", root, "ocr")
    assert "no page needs OCR" in again and "0 page(s) OCRed" in again


def test_ocr_command_rejects_a_missing_language_plainly(tmp_path):
    root = str(tmp_path / "case")
    run("new", root, "--title", "Roe v. Agency")
    out = CliRunner().invoke(cli, ["--case", root, "ocr", "--lang", "zzz"])
    assert out.exit_code == 2 and "no language data for zzz" in out.output and "Traceback" not in out.output


def test_import_with_ocr_reads_scans_as_they_arrive(tmp_path):
    root = str(tmp_path / "case")
    run("new", root, "--title", "Roe v. Agency")
    folder = tmp_path / "incoming"
    folder.mkdir()
    make_pdf(folder / "scan.pdf", [ScannedPage(SECOND_PAGE)])
    make_pdf(folder / "typed.pdf", [ScannedPage(["A typed letter with a real text layer."], text_layer=True)])
    summary = json.loads(run("--case", root, "import", "--ocr", str(folder), "--json"))
    assert len(summary["imported"]) == 2
    assert [d["document_id"] for d in summary["ocr"]["documents"]] == [1]  # only the scan is read
    assert summary["ocr"]["pages_done"] == 1
    assert "1 hit" in run("--case", root, "search", '"protected by section 6103"')
