"""`casebook privacy …` and `casebook export bundle --redact` / `export privacy-list` on the command line."""

from __future__ import annotations

import json

import pymupdf
from click.testing import CliRunner

from casebook.cli.main import cli
from tests.privacy.conftest import EXPECTED, make_filing


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_scan_review_redact_and_seal_from_the_command_line(tmp_path):
    root = str(tmp_path / "case")
    run("new", root, "--title", "Romo v. Agency")
    run("--case", root, "import", str(make_filing(tmp_path / "decl.pdf")))
    scanned = json.loads(run("--case", root, "privacy", "scan", "--json"))
    assert scanned["new"] == len(EXPECTED) and scanned["pending"] == len(EXPECTED)
    listing = json.loads(run("--case", root, "privacy", "list", "--json"))
    by_text = {" ".join(f["text"].split()): f for f in listing}
    assert {(t, f["rule"], f["replacement"]) for t, f in by_text.items()} == EXPECTED
    table = run("--case", root, "privacy", "list")
    assert "XXX-XX-6789" in table and "pending" in table

    ein = str(by_text["98-7654321"]["id"])
    run("--case", root, "privacy", "exempt", ein, "--reason", "the employer's EIN is public")
    run("--case", root, "privacy", "accept", "--all")
    statuses = {f["status"] for f in json.loads(run("--case", root, "privacy", "list", "--json"))}
    assert statuses == {"accepted", "exempt"}
    run("--case", root, "privacy", "add", "1", "--page", "1", "--text", "the intake sheet")
    run("--case", root, "privacy", "add", "1", "--page", "1", "--box", "400,740,560,780", "--rule", "manual")

    out = tmp_path / "public.pdf"
    run("--case", root, "export", "bundle", "--exhibit", "1", "--name", "public", "--redact", "--out", str(out),
        "--date", "2026-02-11")
    text = " ".join(page.get_text() for page in pymupdf.open(out))
    assert "123-45-6789" not in text and "intake sheet" not in text and "[REDACTED]" in text
    assert "98-7654321" in text  # exempt under 5.2(b): left as it is
    manifest = json.loads(out.with_name("public.manifest.json").read_text())
    assert len(manifest["redactions"]) == len(EXPECTED) - 1 + 2

    sealed = tmp_path / "sealed.txt"
    manifest_path = str(out.with_name("public.manifest.json"))
    assert "UNDER SEAL" in run("--case", root, "export", "privacy-list", "--bundle", "public", "--out", str(sealed),
                               "--manifest", manifest_path)
    lines = [line for line in sealed.read_text().splitlines() if line.startswith("R-")]
    assert len(lines) == len(manifest["redactions"])
    assert any(line.endswith("\t123-45-6789") for line in lines)

    # A decision changed after the export: the list no longer matches the bundle and is refused.
    run("--case", root, "privacy", "reject", str(by_text["123-45-6789"]["id"]))
    run("--case", root, "export", "privacy-list", "--bundle", "public", "--out", str(tmp_path / "stale.txt"),
        "--manifest", manifest_path, code=2)
    assert not (tmp_path / "stale.txt").exists()


def test_exempt_without_reason_is_refused(tmp_path):
    root = str(tmp_path / "case")
    run("new", root, "--title", "Romo v. Agency")
    run("--case", root, "import", str(make_filing(tmp_path / "decl.pdf")))
    run("--case", root, "privacy", "scan")
    result = CliRunner().invoke(cli, ["--case", root, "privacy", "exempt", "1"])
    assert result.exit_code == 2 and "reason" in result.output + (result.stderr if result.stderr_bytes else "")


def test_case_terms_from_the_command_line(tmp_path):
    root = str(tmp_path / "case")
    run("new", root, "--title", "Romo v. Agency")
    run("--case", root, "import", str(make_filing(tmp_path / "decl.pdf")))
    run("--case", root, "privacy", "term", "Dottie Romo")
    run("--case", root, "privacy", "term", r"intake\s+sheet", "--regex", "--replacement", "[FORM]")
    assert [t["pattern"] for t in json.loads(run("--case", root, "privacy", "terms", "--json"))] == [
        "Dottie Romo", r"intake\s+sheet"]
    run("--case", root, "privacy", "scan")
    found = json.loads(run("--case", root, "privacy", "list", "--json"))
    terms = {(f["text"], f["replacement"]) for f in found if f["rule"] == "case_term"}
    assert ("intake sheet", "[FORM]") in terms and any(r == "D.R." for _t, r in terms)
