"""Commands loaded when they run: `casebook --help` and a small command never import what others need."""

from __future__ import annotations

import importlib
from typing import Any

import click

from casebook.cli.common import CasebookGroup

# name -> ("module:attribute", one-line help shown by `casebook --help`). The attribute is a click command, or a
# zero-argument function returning one (for groups assembled from several modules). The line here is the
# command's short help everywhere; a test checks every entry loads.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "app": ("casebook.cli.app:app", "Open the Casebook desktop application."),
    "backups": ("casebook.cli.maintenance:backups_command", "List the store's backups, newest first."),
    "bench": ("casebook.cli.bench:bench", "Benchmarks, run on purpose (never as timed tests)."),
    "bundle": ("casebook.cli.bundle:bundle_group", "Named bundle definitions: save, list, show, delete."),
    "case": ("casebook.cli.case:case_group", "The case's own caption: court, number, case name, filer."),
    "claim": ("casebook.cli.evidence:claim", "Claims: statements a party or witness makes, to be proved or disputed."),
    "doc": ("casebook.cli.doc:doc", "A document's metadata: show it, correct it, re-analyse it."),
    "docket": ("casebook.cli.docket:docket", "Docket-sheet entries and the filings in the case they link to."),
    "entity": ("casebook.cli.cast:entity", "The cast of characters: people and organisations with aliases."),
    "excerpt": ("casebook.cli.evidence:excerpt", "Excerpts: exact passages pinned in a document."),
    "export": ("casebook.cli.export:export", "Court bundles and exhibit exports."),
    "history": ("casebook.cli.cast:history_command", "List the edits that undo and redo would step through."),
    "issue": ("casebook.cli.cast:issue", "The issue outline: the questions the case turns on."),
    "ocr": ("casebook.cli.ocr:ocr", "OCR pages without a usable text layer with Tesseract."),
    "pack": ("casebook.cli.maintenance:pack", "Pack the case into one zip file for transfer."),
    "privacy": ("casebook.cli.privacy:privacy", "Privacy review under FRCP 5.2: scan, decide, redact on export."),
    "redo": ("casebook.cli.cast:redo", "Redo the last undone edit."),
    "reindex": ("casebook.cli.search:reindex", "Rebuild the search index from the store."),
    "report": ("casebook.cli.lazy:report_group", "Case reports: search terms, claim chart, chronology, cast, issues."),
    "restore": ("casebook.cli.maintenance:restore", "Restore the store from a backup."),
    "search": ("casebook.cli.search:search", "Full-text search with highlighted snippets and facets."),
    "tag": ("casebook.cli.evidence:tag", "Tags: a hierarchy of labels for documents and excerpts."),
    "undo": ("casebook.cli.cast:undo", "Undo the last edit of the evidence model or metadata."),
    "unpack": ("casebook.cli.maintenance:unpack", "Unpack an archive into a new case folder, checking every hash."),
}


def report_group() -> click.Command:
    """The `report` group: the search term report plus the case reports (chart, chronology, cast, issues)."""
    from casebook.cli.reports import register
    from casebook.cli.search import report

    register_into = click.Group("casebook")
    register_into.add_command(report)
    register(register_into)
    return register_into.commands["report"]


def load(spec: str) -> click.Command:
    module_name, _, attribute = spec.partition(":")
    found: Any = getattr(importlib.import_module(module_name), attribute)
    command = found if isinstance(found, click.Command) else found()
    if not isinstance(command, click.Command):
        raise TypeError(f"{spec} is not a click command")
    return command


class LazyCasebookGroup(CasebookGroup):
    """A CasebookGroup whose listed commands are imported only when used."""

    def __init__(self, *args: Any, lazy_commands: dict[str, tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})
        self._loaded: dict[str, click.Command] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            if cmd_name not in self._loaded:
                spec, short_help = self.lazy_commands[cmd_name]
                command = load(spec)
                command.name = cmd_name
                command.short_help = command.short_help or short_help
                self._loaded[cmd_name] = command
            return self._loaded[cmd_name]
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy_commands:
                rows.append((name, self.lazy_commands[name][1]))
            else:
                command = super().get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=formatter.width)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
