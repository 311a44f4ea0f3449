"""Shared pieces of the command line: the --case option, JSON output, errors and a progress line."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from casebook.core.errors import CasebookError
from casebook.core.progress import ProgressUpdate

EXIT_FAILURES = 1
EXIT_ERROR = 2
EXIT_CANCELLED = 130


def case_option(func: Callable) -> Callable:
    """Add `--case PATH` to a command; it falls back to the group's --case, then the current folder."""
    return click.option(
        "--case", "case_path", type=click.Path(path_type=Path, file_okay=False), default=None,
        help="Case folder (default: the group's --case, else the current folder).",
    )(func)


def resolve_case_path(case_path: Path | None) -> Path:
    ctx = click.get_current_context()
    root = ctx.find_root()
    group_case = (root.obj or {}).get("case_path") if root.obj else None
    return (case_path or group_case or Path.cwd()).expanduser()


def json_option(func: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(func)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    click.echo(f"casebook: error: {message}", err=True)
    sys.exit(code)


class CasebookGroup(click.Group):
    """Turns Casebook's user-facing errors into one clear line and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise  # click's own control flow: --help, usage errors, aborts
        except CasebookError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", EXIT_CANCELLED)
        except OSError as exc:
            fail(f"{exc.filename or 'file system'}: {exc.strerror or exc}")
        except Exception as exc:  # a bug: say so plainly; the traceback is for -v
            logging.getLogger("casebook").info("unexpected error", exc_info=True)
            fail(f"unexpected internal error ({type(exc).__name__}: {exc}); run with -v for details and report it")


class ProgressLine:
    """A progress bar on stderr when it is a terminal; silent otherwise (logs and CI stay clean)."""

    def __init__(self, label: str, *, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0

    def __call__(self, update: ProgressUpdate) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and update.total and update.done < update.total:
            return
        self._last = now
        width = 30
        if update.total:
            filled = int(width * update.done / max(update.total, 1))
            bar = "#" * filled + "-" * (width - filled)
            text = f"\r{self.label} [{bar}] {update.done}/{update.total} {update.message[:40]:<40}"
        else:
            text = f"\r{self.label} {update.done} {update.message[:40]:<40}"
        click.echo(text, err=True, nl=False)

    def finish(self) -> None:
        if self.enabled:
            click.echo("", err=True)
