"""Risk flags found at import reach `list`, `show` and `doc show`: bad redactions and hidden text, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from casebook.cli.main import cli

CORPUS_PDFS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "court_pdfs"
BAD_REDACTIONS = "xray_sdny_sealed-letter_search-warrant_BAD-REDACTIONS.pdf"
BODY = "The defendant moves to dismiss the complaint for failure to state a claim upon which relief can be granted."


def _filing(path: Path, extra) -> Path:
    """A one-page generated motion; `extra` draws what makes it risky (or nothing)."""
    doc = pymupdf.open()
    page = doc.new_page()
    lines = ["UNITED STATES DISTRICT COURT", "DISTRICT OF NEVADA", "Case No. 2:24-cv-00123-ABC", "MOTION TO DISMISS"]
    for i, line in enumerate(lines + [BODY] * 8):
        page.insert_text((72, 72 + 18 * i), line, fontsize=11)
    extra(page)
    doc.save(path)
    return path


def _white(page: pymupdf.Page) -> None:
    page.insert_text((72, 500), "The settlement was paid in secret to the director.", fontsize=11, color=(1, 1, 1))


def _overdrawn(page: pymupdf.Page) -> None:
    page.insert_text((72, 520), "Plaintiff received the notice on March 3.", fontsize=11)
    page.insert_text((72, 520), "Plaintiff never received any notice at all.", fontsize=11)


def _blacked_out(page: pymupdf.Page) -> None:
    page.insert_text((72, 540), "The informant is Jordan Q. Example of Reno.", fontsize=11)
    page.draw_rect(pymupdf.Rect(70, 528, 330, 544), color=None, fill=(0, 0, 0))  # covers, does not remove


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--case", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _case_with(tmp_path: Path, files: list[Path]) -> Path:
    root = tmp_path / "case"
    _run(root, "new", str(root), "--title", "Risks")
    _run(root, "import", *map(str, files))
    return root


def _listed(root: Path) -> dict[str, dict]:
    return {Path(d["original_names"][0]).stem: d for d in json.loads(_run(root, "list", "--json"))}


def test_generated_risky_filings_are_flagged_at_import_and_shown(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    files = [_filing(folder / f"{name}.pdf", extra) for name, extra in
             (("clean", lambda page: None), ("white", _white), ("overdrawn", _overdrawn), ("blacked", _blacked_out))]
    root = _case_with(tmp_path, files)
    listed = _listed(root)
    kinds = {name: {flag["kind"] for flag in doc["risk_flags"]} for name, doc in listed.items()}
    assert kinds == {"clean": set(), "white": {"hidden_text"}, "overdrawn": {"hidden_text"},
                     "blacked": {"bad_redaction"}}

    table = {line.split()[0]: line for line in _run(root, "list").splitlines()[2:]}
    assert "HIDDEN" in table[str(listed["white"]["id"])] and "HIDDEN" in table[str(listed["overdrawn"]["id"])]
    assert "REDACT!" in table[str(listed["blacked"]["id"])]
    assert not {"HIDDEN", "REDACT!"} & set(table[str(listed["clean"]["id"])].split())

    shown = _run(root, "show", str(listed["blacked"]["id"]))
    assert "BAD REDACTION" in shown and "Jordan Q. Example" in shown  # the words a reader could copy out
    assert "hidden_text (page 1)" in _run(root, "doc", "show", str(listed["white"]["id"]))
    assert "RISK" not in _run(root, "doc", "show", str(listed["clean"]["id"]))


@pytest.mark.corpus
def test_the_corpus_badly_redacted_letter_is_flagged_in_list_and_show(tmp_path):
    if not (CORPUS_PDFS / BAD_REDACTIONS).is_file():
        pytest.skip("the shared corpus is not present")
    root = _case_with(tmp_path, [CORPUS_PDFS / BAD_REDACTIONS])
    (doc,) = json.loads(_run(root, "list", "--json"))
    assert [flag["kind"] for flag in doc["risk_flags"]] == ["bad_redaction"]
    assert "REDACT!" in _run(root, "list")
    assert "BAD REDACTION" in _run(root, "show", str(doc["id"]))
