"""`casebook bundle save|list|show|delete` and `casebook export bundle --definition NAME`."""

from __future__ import annotations

import json
import unicodedata

import pymupdf
from click.testing import CliRunner

from casebook.cli.main import cli
from casebook.services.importing import import_paths


def test_saved_bundle_round_trip_and_export(case, pdf_factory, tmp_path):
    paths = [pdf_factory([f"Filing {n} page {p}" for p in range(1, pages + 1)]) for n, pages in ((1, 2), (2, 1))]
    assert not import_paths(case, paths).failed
    root = str(case.layout.root)
    case.close()
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, ["--case", root, *args], catch_exceptions=False)

    saved = run("bundle", "save", "Reply exhibits", "--exhibit", "2,1", "--describe", "1=Letter from the Board",
                "--label", "2=R-1", "--dated", "1=2024-05-06", "--bates-prefix", "HTU")
    assert saved.exit_code == 0, saved.output
    shown = json.loads(run("bundle", "show", "Reply exhibits", "--json").output)
    assert [(r["label"], r["document_id"], r["bundle_pages"], r["bates"]) for r in shown["index"]] == [
        ("R-1", 2, [1, 1], "HTU000001"), ("B", 1, [2, 3], "HTU000002–HTU000003")]
    assert shown["index"][1]["description"] == "Letter from the Board" and shown["index"][1]["date"] == "2024-05-06"
    assert "Reply exhibits" in run("bundle", "list").output

    out = tmp_path / "reply.pdf"
    exported = run("export", "bundle", "--definition", "Reply exhibits", "--no-chart", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    with pymupdf.open(out) as doc:
        index = next(p.get_text() for p in doc if "Index of Exhibits" in p.get_text())
    index = " ".join(unicodedata.normalize("NFKC", index).split())
    assert index.index("R-1") < index.index("B Letter from the Board 2024-05-06")

    assert run("bundle", "delete", "Reply exhibits").exit_code == 0
    assert run("bundle", "list", "--json").output.strip() == "[]"
    assert run("undo").exit_code == 0
    assert "Reply exhibits" in run("bundle", "list").output
    missing = runner.invoke(cli, ["--case", root, "bundle", "show", "nothing"])
    assert missing.exit_code == 2 and "no bundle named" in missing.output
