"""Rolling backups of a case's store: taken with SQLite's backup API, listed, pruned, checked and restored."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from casebook.core.errors import CaseError
from casebook.store import audit, outbox
from casebook.store.database import open_store

log = logging.getLogger(__name__)

# The retention policy (README "Backups"): the newest KEEP_DAILY daily backups; every pre-migration and
# pre-restore backup for KEEP_SAFETY_DAYS days, and always the newest one of each kind whatever its age.
KEEP_DAILY = 7
KEEP_SAFETY_DAYS = 90
DAILY = "daily"
BEFORE_RESTORE = "before-restore"
# database.backup_store names migration backups "before-<migration name>".
_NAME_RE = re.compile(r"^casebook-(\d{8}T\d{6}\d{6}Z)-([A-Za-z0-9_.-]+)\.sqlite$")
_STAMP = "%Y%m%dT%H%M%S%fZ"
_TEMP_PREFIX = ".incoming-backup-"
# A temporary file older than this was left by a process that died mid-backup.
_STALE_TEMP_SECONDS = 3600


@dataclass(frozen=True)
class BackupInfo:
    """One backup file in a case's backups folder."""

    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def kind(self) -> str:
        """'daily', 'pre-migration', 'pre-restore' or 'other' (the retention class)."""
        if self.reason == DAILY:
            return "daily"
        if self.reason == BEFORE_RESTORE:
            return "pre-restore"
        if self.reason.startswith("before-"):
            return "pre-migration"
        return "other"


def take_backup(db: Database, backups: Path, *, reason: str, now: datetime | None = None) -> Path:
    """Copy the live store with SQLite's online backup API into `backups`; consistent even while others write.

    The copy is written under a temporary name and renamed when complete, so a crash or a full disk never
    leaves a half-written file that looks like a backup.
    """
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", reason):
        raise ValueError(f"backup reason {reason!r} must be a plain word")
    backups.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime(_STAMP)
    target = backups / f"casebook-{stamp}-{reason}.sqlite"
    fd, tmp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".sqlite", dir=backups)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        snapshot(db, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("backed up the store to %s", target)
    return target


def snapshot(db: Database, target: Path) -> None:
    """Write a consistent copy of the store to `target` (a new or empty file) and fsync it."""
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
        # The copy is a self-contained file: no -wal beside it, so it can be moved or zipped as is.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def list_backups(backups: Path) -> list[BackupInfo]:
    """Backups in the folder, oldest first; files not named like a Casebook backup are ignored."""
    if not backups.is_dir():
        return []
    found = []
    for path in backups.iterdir():
        match = _NAME_RE.match(path.name)
        if not match or not path.is_file() or path.is_symlink():
            continue
        taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        found.append(BackupInfo(path, taken, match.group(2), path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.name))


def daily_backup_due(backups: Path, *, now: datetime | None = None) -> bool:
    """True when the store was not yet backed up on today's (UTC) date.

    A pre-migration backup taken today counts: it is the store as it stood when first opened today.
    """
    today = (now or datetime.now(UTC)).date()
    return not any(b.kind in ("daily", "pre-migration") and b.taken_at.date() == today
                   for b in list_backups(backups))


def prune_backups(backups: Path, *, now: datetime | None = None, keep_daily: int = KEEP_DAILY,
                  keep_safety_days: int = KEEP_SAFETY_DAYS) -> list[Path]:
    """Apply the retention policy; returns the files removed. Files of unknown kind are never touched."""
    now = now or datetime.now(UTC)
    every = list_backups(backups)
    doomed: list[Path] = []
    dailies = [b for b in every if b.kind == "daily"]
    doomed.extend(b.path for b in dailies[: max(len(dailies) - keep_daily, 0)])
    for kind in ("pre-migration", "pre-restore"):
        of_kind = [b for b in every if b.kind == kind]
        for backup in of_kind[:-1]:  # the newest of each kind is always kept
            if now - backup.taken_at > timedelta(days=keep_safety_days):
                doomed.append(backup.path)
    for path in doomed:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    cutoff = time.time() - _STALE_TEMP_SECONDS
    for leftover in backups.glob(f"{_TEMP_PREFIX}*") if backups.is_dir() else []:
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                doomed.append(leftover)
    return doomed


def resolve_backup(backups: Path, name: str | None) -> BackupInfo:
    """A backup by file name (or unique prefix), or by path; the newest when `name` is None."""
    every = list_backups(backups)
    if name is None:
        if not every:
            raise CaseError(f"{backups}: there are no backups of this case yet")
        return every[-1]
    as_path = Path(name).expanduser()
    if as_path.is_file() and (len(as_path.parts) > 1 or not (backups / name).exists()):
        stat = as_path.stat()
        match = _NAME_RE.match(as_path.name)
        taken = (datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC) if match
                 else datetime.fromtimestamp(stat.st_mtime, UTC))
        return BackupInfo(as_path.resolve(), taken, match.group(2) if match else "other", stat.st_size)
    matches = [b for b in every if b.name == name] or [b for b in every if b.name.startswith(name)]
    if len(matches) != 1:
        what = "no backup" if not matches else f"{len(matches)} backups"
        raise CaseError(f"{name}: {what} of this case match; list them with 'casebook backups'")
    return matches[0]


def check_backup(path: Path) -> dict[str, str]:
    """Open a backup read-only and check it; returns its case_meta. Raises CaseError when it is unusable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CaseError(f"{path}: cannot open the backup: {exc}") from exc
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        if problems:
            raise CaseError(f"{path}: the backup is damaged ({problems[0]})")
        return dict(conn.execute("SELECT key, value FROM case_meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise CaseError(f"{path}: not a Casebook store backup ({exc})") from exc
    finally:
        conn.close()


def restore_into(db: Database, backup: BackupInfo, *, safety_backup: Path, work_folder: Path) -> list[int]:
    """Replace the live store's content with `backup`, atomically for every other reader and writer.

    The backup is first copied aside, brought to the current schema, and given its audit entry and the
    index work the change causes; that prepared copy is then written over the live store with the backup
    API in one step (one write transaction), so a crash leaves either the old store or the restored one.
    Returns the ids of documents the restore removed (their index entries are queued for deletion).
    """
    live_meta = dict(db.execute("SELECT key, value FROM case_meta").fetchall())
    their_meta = check_backup(backup.path)
    if their_meta.get("created_at") != live_meta.get("created_at"):
        raise CaseError(f"{backup.path}: that backup is of another case (“{their_meta.get('title', '?')}”, "
                        f"created {their_meta.get('created_at', '?')}); not restored")
    live_ids = {row[0] for row in db.execute("SELECT id FROM documents")}
    fd, tmp_name = tempfile.mkstemp(prefix=".restoring-", suffix=".sqlite", dir=work_folder)
    os.close(fd)
    prepared = Path(tmp_name)
    try:
        source = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
        dest = sqlite3.connect(prepared)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        staged = open_store(prepared)  # applies any schema steps newer than the backup; refuses a newer store
        try:
            conn = staged.conn
            conn.execute("BEGIN IMMEDIATE")
            restored_ids = {row[0] for row in staged.execute("SELECT id FROM documents")}
            removed = sorted(live_ids - restored_ids)
            for document_id in removed:
                outbox.enqueue(staged, "delete_document", document_id)
            outbox.enqueue_every_document(staged)
            audit.append(staged, "case.restore", "case", {
                "backup": backup.name, "backup_taken_at": backup.taken_at.isoformat(timespec="seconds"),
                "safety_backup": safety_backup.name, "documents_removed": len(removed),
                # Ties the restored chain to the one it replaced (kept whole in the safety backup).
                "replaced_audit_head": live_meta.get("audit_head", ""),
            })
            conn.execute("COMMIT")
            # Written over the live store through its own connection: SQLite takes the write lock, so other
            # windows wait (busy timeout) and then see either the old content or the restored content.
            conn.backup(db.conn)
        finally:
            staged.conn.close()
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{prepared}{suffix}").unlink(missing_ok=True)
    return removed


def ensure_daily_backup(db: Database, backups: Path, *, now: datetime | None = None) -> Path | None:
    """Take today's backup if none was taken yet, then prune; a failure is logged, never fatal to opening."""
    try:
        if not daily_backup_due(backups, now=now):
            return None
        path = take_backup(db, backups, reason=DAILY, now=now)
        prune_backups(backups, now=now)
        return path
    except (OSError, sqlite3.Error) as exc:
        # A full disk or a read-only backups folder must not lock the user out of the case.
        log.warning("%s: could not take the daily backup of the store (%s)", backups, exc)
        return None
