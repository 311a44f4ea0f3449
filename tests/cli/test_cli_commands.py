"""The `casebook` command line: every case command, JSON output, exit codes and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from casebook.cli.main import cli


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_help_documents_every_command():
    out = run("--help").output
    for command in ("new", "import", "list", "show", "verify", "log", "demo", "bench"):
        assert command in out


def test_new_import_list_show_verify_log(tmp_path, pdf_factory):
    root = tmp_path / "case"
    run("new", str(root), "--title", "Taxpayer Rights Center v. IRS")
    pdf = pdf_factory(["Sworn declaration page one", "Page two of the declaration"], name="romo-decl.pdf")
    out = run("--case", str(root), "import", str(pdf)).output
    assert "1 imported" in out
    listing = json.loads(run("--case", str(root), "list", "--json").output)
    assert len(listing) == 1
    doc = listing[0]
    assert {"id", "kind", "title", "filed_date", "published_date", "original_names"} <= doc.keys()
    assert doc["original_names"] == ["romo-decl.pdf"] and doc["pages"] == 2
    table = run("list", "--case", str(root)).output
    assert "romo" in table.lower() or doc["title"] in table
    shown = json.loads(run("--case", str(root), "show", str(doc["id"]), "--json").output)
    assert "Page two of the declaration" in shown["text"] and shown["sha256"] == doc["sha256"]
    page = run("--case", str(root), "show", doc["sha256"][:10], "--page", "2").output
    assert "Page two of the declaration" in page and "Sworn declaration page one" not in page
    verified = run("--case", str(root), "verify", "--json").output
    assert json.loads(verified)["ok"] is True
    entries = json.loads(run("--case", str(root), "log", "--json").output)
    assert [e["action"] for e in entries] == ["case.create", "document.import"]


def test_import_exit_status_reports_failures(tmp_path):
    root = tmp_path / "case"
    run("new", str(root), "--title", "T")
    bad = tmp_path / "blank.pdf"
    bad.write_bytes(b"")
    result = run("--case", str(root), "import", str(bad), "--json", ok=False)
    assert result.exit_code == 1
    assert json.loads(result.output)["failed"][0]["reason"] == "empty"


def test_errors_are_one_clear_line_and_non_zero(tmp_path):
    result = run("--case", str(tmp_path / "missing"), "list", ok=False)
    assert result.exit_code == 2
    assert "casebook: error:" in result.output and "missing" in result.output
    assert "Traceback" not in result.output
    root = tmp_path / "case"
    run("new", str(root), "--title", "T")
    result = run("--case", str(root), "show", "42", ok=False)
    assert result.exit_code == 2 and "no document 42" in result.output
    result = run("new", str(root), "--title", "again", ok=False)
    assert result.exit_code == 2 and "already exists" in result.output


def test_cli_works_without_pyside6(tmp_path, pdf_factory):
    pdf = pdf_factory(["Text of an order"])
    script = (
        "import sys\n"
        "sys.modules['PySide6'] = None  # importing it now raises ImportError\n"
        "from casebook.cli.main import cli\n"
        f"cli(['new', {str(tmp_path / 'c')!r}, '--title', 'No Qt'], standalone_mode=False)\n"
        f"cli(['--case', {str(tmp_path / 'c')!r}, 'import', {str(pdf)!r}], standalone_mode=False)\n"
        "assert not any(m.startswith('PySide6') and sys.modules[m] is not None for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 imported" in result.stdout
