"""Commands load when they run: --help and small commands import no search, PDF or GUI library."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from casebook.cli.lazy import LAZY_COMMANDS, load
from casebook.cli.main import cli

HEAVY = ("whoosh", "pymupdf", "fitz", "PySide6", "rapidfuzz", "trafilatura", "lxml", "sqlite_utils")


def _modules_loaded_by(args: list[str]) -> set[str]:
    code = (
        "import sys, json\n"
        "from casebook.cli.main import cli\n"
        "try:\n"
        f"    cli.main(args={args!r}, prog_name='casebook', standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_help_imports_no_heavy_library() -> None:
    loaded = _modules_loaded_by(["--help"])
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_every_listed_command_loads(name: str) -> None:
    command = load(LAZY_COMMANDS[name][0])
    assert isinstance(command, click.Command)
    assert cli.get_command(click.Context(cli), name) is not None


def test_help_lists_every_command_once() -> None:
    out = CliRunner().invoke(cli, ["--help"]).output
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.startswith("  ") and
              not line.startswith("   ")]
    assert sorted(listed) == sorted({*LAZY_COMMANDS, "new", "import", "list", "show", "verify", "log", "demo"})


def test_report_group_has_the_term_report_and_the_case_reports() -> None:
    report = cli.get_command(click.Context(cli), "report")
    assert isinstance(report, click.Group)
    assert {"terms", "chart", "chronology", "cast", "issues"} <= set(report.commands)
