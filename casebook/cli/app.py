"""The `casebook app` command: opens the desktop application (PySide6 is imported only when it runs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casebook.cli.common import fail


@click.command("app")
@click.option("--case", "case_path", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Case folder to open (default: the group's --case, else the last case, else offer the demo).")
@click.option("--platform", "platform", default=None, metavar="NAME",
              help="Qt platform plugin, e.g. 'offscreen' to run without a screen (default: this desktop's).")
@click.option("--first-start", "first_start", type=click.Choice(["ask", "demo"]), default="ask", show_default=True,
              help="With no case to open: ask what to do, or build and open the demo case (the desktop launcher's).")
def app(case_path: Path | None, platform: str | None, first_start: str) -> None:
    """Open the Casebook desktop application."""
    root = click.get_current_context().find_root()
    case_path = case_path or (root.obj or {}).get("case_path")
    # The one sanctioned edge from cli up to ui (declared in pyproject's layers contract): a launcher,
    # imported only when the command runs, so `casebook` itself works without PySide6.
    try:
        from casebook.ui.app import run
    except ImportError as exc:
        fail(f"the desktop app needs PySide6 ({exc}); install Casebook with its GUI dependencies")
        return
    sys.exit(run(case_path=case_path, platform=platform, build_demo=first_start == "demo"))
