"""Command line for keeping a case safe: pack and unpack it as one file, list and restore store backups."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casebook.cli.common import ProgressLine, case_option, emit_json, json_option, resolve_case_path
from casebook.services import archive as archive_service
from casebook.services import backups as backup_service
from casebook.services.cases import open_case


@click.command()
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Archive file to write (default: beside the case folder, named after it and the time).")
@case_option
@json_option
def pack(out: Path | None, case_path: Path | None, as_json: bool) -> None:
    """Pack the case into one file for transfer: the store, every original and the exports, with SHA-256s."""
    bar = ProgressLine("Packing")
    with open_case(resolve_case_path(case_path)) as case:
        try:
            result = archive_service.pack_case(case, out=out, progress=bar)
        finally:
            bar.finish()
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(f"Packed {result.files} files ({result.bytes / 1024**2:,.1f} MB) into {result.archive}")
        click.echo(f"SHA-256 of the archive: {result.sha256}")


@click.command()
@click.argument("archive", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("dest", type=click.Path(path_type=Path))
@json_option
def unpack(archive: Path, dest: Path, as_json: bool) -> None:
    """Unpack ARCHIVE into a new case folder DEST, checking every file against its SHA-256.

    Refuses archives with paths outside the case, links or device files, and never writes over an existing
    case; on any problem nothing is left at DEST.
    """
    bar = ProgressLine("Unpacking")
    try:
        result = archive_service.unpack_case(archive, dest, progress=bar)
    finally:
        bar.finish()
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(f"Unpacked “{result.title}” ({result.files} files, every SHA-256 checked) into {result.case}")


@click.command("backups")
@case_option
@json_option
def backups_command(case_path: Path | None, as_json: bool) -> None:
    """List the backups of the case's store (taken daily on open, before schema upgrades and restores)."""
    with open_case(resolve_case_path(case_path)) as case:
        found = backup_service.list_case_backups(case)
        folder = case.layout.backups
    if as_json:
        emit_json([{"name": b.name, "taken_at": b.taken_at.isoformat(), "kind": b.kind, "reason": b.reason,
                    "bytes": b.size} for b in found])
        return
    if not found:
        click.echo(f"No backups yet in {folder}.")
        return
    for b in reversed(found):
        click.echo(f"{b.taken_at:%Y-%m-%d %H:%M:%S} UTC  {b.kind:<13} {b.size / 1024:>9,.0f} KB  {b.name}")


@click.command()
@click.argument("backup", required=False)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@case_option
@json_option
def restore(backup: str | None, yes: bool, case_path: Path | None, as_json: bool) -> None:
    """Restore the store from BACKUP (a name from `casebook backups`; default: the newest).

    The current store is backed up first, so a restore can itself be undone by restoring that backup.
    The restore is recorded in the audit log and the search index is rebuilt.
    """
    with open_case(resolve_case_path(case_path)) as case:
        chosen = backup_service.find_backup(case, backup)
        if not yes:
            if not sys.stdin.isatty():
                raise click.UsageError("restoring replaces the case's store; confirm with --yes")
            click.confirm(f"Replace the store with {chosen.name} (taken {chosen.taken_at:%Y-%m-%d %H:%M} UTC)? "
                          "The current store is backed up first", abort=True)
        bar = ProgressLine("Restoring")
        try:
            result = backup_service.restore_backup(case, str(chosen.path), progress=bar)
        finally:
            bar.finish()
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"Restored {result.restored.name}. The store it replaced is kept as {result.safety_backup}.")
    if result.documents_removed:
        click.echo(f"{len(result.documents_removed)} document(s) imported after that backup are no longer in the "
                   "case; their originals stay in the vault and can be imported again.")
    if not result.index_rebuilt:
        click.echo("The search index will finish rebuilding on the next search.")


COMMANDS = (pack, unpack, backups_command, restore)
