"""The evidence commands end to end: excerpt, claim, tag, entity, issue, undo, redo, history and report."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from casebook.cli.main import cli


@pytest.fixture
def run(ev_case):
    root = str(ev_case.layout.root)
    ev_case.close()  # the commands open the case themselves

    def invoke(*args: str, code: int = 0):
        result = CliRunner().invoke(cli, ["--case", root, *args], catch_exceptions=False)
        assert result.exit_code == code, (args, result.output, result.stderr if hasattr(result, "stderr") else "")
        return result

    return invoke


def _json(result):
    return json.loads(result.stdout)


def test_excerpt_commands(run):
    added = _json(run("excerpt", "add", "1", "--page", "1", "--quote", "roughly 900 individuals", "--note", "n",
                      "--tag", "hot", "--json"))
    assert added["cite"] == "Example Decl. ¶ 2" and added["ecf"] == "ECF No. 17 at 1" and added["tags"] == ["hot"]
    text = run("excerpt", "add", "2", "--quote", "roughly 900 people").output
    assert "Daily Example ¶" in text
    listed = _json(run("excerpt", "list", "--json"))
    assert [e["id"] for e in listed] == [added["id"], added["id"] + 1]
    assert len(_json(run("excerpt", "list", "--doc", "2", "--json"))) == 1
    shown = run("excerpt", "show", str(added["id"])).output
    assert "Example Decl. ¶ 2" in shown and "“roughly 900 individuals”" in shown
    run("excerpt", "edit", str(added["id"]), "--note", "changed")
    assert _json(run("excerpt", "show", str(added["id"]), "--json"))["note"] == "changed"
    run("excerpt", "delete", str(added["id"]))
    assert len(_json(run("excerpt", "list", "--json"))) == 1
    reanchored = _json(run("excerpt", "reanchor", "2", "--json"))
    assert reanchored["unchanged"] == [added["id"] + 1]
    span = _json(run("excerpt", "add-span", "2", "--from", "1:0", "--to", "1:6", "--json"))
    assert span["quote"] == "Agency"


def test_excerpt_add_fails_clearly_showing_candidates(run):
    result = run("excerpt", "add", "1", "--quote", "about 310", code=2)
    assert "occurs 2 times" in result.stderr
    assert result.stderr.count("  page 1: …") == 2
    assert "[about 310] entries in total" in result.stderr
    data = json.loads(run("excerpt", "add", "1", "--quote", "about 310", "--json", code=2).stdout)
    assert len(data["candidates"]) == 2 and data["candidates"][0]["page"] == 1
    absent = run("excerpt", "add", "1", "--quote", "no such words", code=2)
    assert "is not in document 1" in absent.stderr
    assert "no document 99" in run("excerpt", "add", "99", "--quote", "x", code=2).stderr
    assert "no excerpt 5" in run("excerpt", "show", "5", code=2).stderr


def test_claim_commands(run):
    run("entity", "add", "Example Agency", "--org", "--alias", "EA")
    person = _json(run("entity", "add", "Robin Example", "--role", "Records Officer", "--member-of", "EA", "--json"))
    run("issue", "add", "Merits")
    run("issue", "add", "Scale", "--parent", "1")
    excerpt = _json(run("excerpt", "add", "1", "--quote", "roughly 900 individuals", "--json"))
    other = _json(run("excerpt", "add", "2", "--quote", "roughly 900 people", "--json"))
    claim = _json(run("claim", "add", "The request listed roughly 900 individuals.", "--by", "Robin Example",
                      "--type", "sworn", "--status", "undisputed", "--excerpt", str(excerpt["id"]),
                      "--date", "March 2025", "--issue", "1.1", "--tag", "hot/figures", "--json"))
    assert claim["asserted_by"] == person["id"] and claim["asserted_in_document"] == 1
    assert claim["event_date"] == "2025-03" and claim["type"] == "sworn statement"
    run("claim", "link", str(claim["id"]), str(excerpt["id"]), "--supports")
    run("claim", "link", str(claim["id"]), str(other["id"]), "--qualifies", "--note", "press")
    assert "cannot contradict" in run("claim", "link", str(claim["id"]), str(excerpt["id"]), "--contradicts",
                                      "--replace", code=2).stderr
    assert "--supports, --contradicts" in run("claim", "link", str(claim["id"]), str(other["id"]), code=2).stderr
    shown = run("claim", "show", str(claim["id"])).output
    assert "Example Decl. ¶ 2; ECF No. 17 at 1" in shown and "qualifies" in shown
    listed = _json(run("claim", "list", "--json"))
    assert listed[0]["links"] == 2
    assert _json(run("claim", "list", "--status", "disputed", "--json")) == []
    run("claim", "edit", str(claim["id"]), "--status", "disputed", "--date", "none", "--issue", "Merits")
    edited = _json(run("claim", "list", "--tag", "hot", "--json"))[0]
    assert (edited["status"], edited["event_date"], edited["issue_ids"]) == ("disputed", None, [1])
    run("claim", "unlink", str(claim["id"]), str(other["id"]))
    assert "is not linked" in run("claim", "unlink", str(claim["id"]), str(other["id"]), code=2).stderr
    assert "not a claim type" in run("claim", "add", "x", "--type", "gossip", code=2).stderr
    run("claim", "delete", str(claim["id"]))
    assert "No claims." in run("claim", "list").output


def test_tag_entity_and_issue_commands(run):
    run("tag", "add", "privilege/work product", "--doc", "1", "--colour", "#112233")
    tags = _json(run("tag", "list", "--json"))
    assert [(t["path"], t["uses"]) for t in tags] == [("privilege", 0), ("privilege/work product", 1)]
    assert tags[1]["colour"] == "#112233"
    assert "  work product  #112233  (1)" in run("tag", "list").output
    run("tag", "remove", "privilege/work product", "--doc", "1")
    run("tag", "remove", "privilege")
    assert _json(run("tag", "list", "--json")) == []
    assert "only one of" in run("tag", "add", "x", "--doc", "1", "--claim", "1", code=2).stderr

    run("entity", "add", "Robin Example")
    clash = _json(run("entity", "add", "Robyn Example", "--json"))
    assert clash["clashes"] and clash["clashes"][0]["reason"] == "near-identical name"
    assert "near-identical name" in run("entity", "clashes").output
    run("entity", "alias", "Robin Example", "R. E.")
    assert _json(run("entity", "list", "--json"))[0]["aliases"] == ["R. E."]
    merged = _json(run("entity", "merge", "Robin Example", "Robyn Example", "--json"))
    assert "Robyn Example" in merged["aliases"]
    assert "No same-name clashes." in run("entity", "clashes").output
    split = _json(run("entity", "split", "1", "--name", "Robyn Example", "--alias", "Robyn Example", "--json"))
    assert split["aliases"] == ["Robyn Example"]
    run("entity", "delete", str(split["id"]))

    run("issue", "add", "Merits")
    run("issue", "add", "Remedy")
    moved = _json(run("issue", "move", "Remedy", "--parent", "Merits", "--json"))
    assert moved["number"] == "1.1"
    assert "  1.1  Remedy" in run("issue", "list").output
    assert "under itself" in run("issue", "move", "1", "--parent", "1.1", code=2).stderr
    run("issue", "rename", "1.1", "Relief")
    run("issue", "delete", "Merits")
    assert _json(run("issue", "list", "--json")) == []


def test_undo_redo_and_history_survive_between_commands(run):
    run("issue", "add", "Merits")
    run("entity", "add", "Robin Example")
    assert run("undo").output.strip() == "Undo: Add person “Robin Example”"
    assert _json(run("entity", "list", "--json")) == []
    assert "(undone) Add person" in run("history").output
    assert _json(run("redo", "--json"))["redo"] == "Add person “Robin Example”"
    assert len(_json(run("entity", "list", "--json"))) == 1
    assert run("redo").output.strip() == "Nothing to redo."
    run("undo")
    run("undo")
    assert run("undo").output.strip() == "Nothing to undo."
    assert _json(run("issue", "list", "--json")) == []


@pytest.mark.parametrize("name", ["chart", "chronology", "cast", "issues"])
def test_report_commands_in_every_format(run, tmp_path, name):
    run("entity", "add", "Robin Example", "--role", "Records Officer")
    run("issue", "add", "Merits")
    excerpt = _json(run("excerpt", "add", "1", "--quote", "roughly 900 individuals", "--json"))
    claim = _json(run("claim", "add", "Roughly 900 individuals were listed.", "--by", "Robin Example",
                      "--type", "sworn", "--excerpt", str(excerpt["id"]), "--date", "2025-03", "--issue", "1",
                      "--json"))
    run("claim", "link", str(claim["id"]), str(excerpt["id"]), "--supports")
    markdown = run("report", name).output
    assert markdown.startswith("# ")
    data = json.loads(run("report", name, "--format", "json").output)
    assert data
    rows = list(csv.DictReader(io.StringIO(run("report", name, "--format", "csv").output)))
    assert rows
    out = tmp_path / "reports" / f"{name}.md"
    run("report", name, "--format", "md", "--out", str(out))
    assert out.read_text(encoding="utf-8") == markdown
    if name in ("chart", "chronology"):
        assert "Example Decl. ¶ 2; ECF No. 17 at 1" in markdown
