"""Listing, taking and restoring backups of a case's store, with the restore recorded in the audit log."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.services.search import reindex
from casebook.store import backups
from casebook.store.backups import BackupInfo
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup restored, the backup of the store it replaced, documents it removed."""

    restored: BackupInfo
    safety_backup: str
    documents_removed: list[int]
    index_rebuilt: bool

    def to_dict(self) -> dict:
        return {
            "restored": self.restored.name, "restored_taken_at": self.restored.taken_at.isoformat(),
            "safety_backup": self.safety_backup, "documents_removed": self.documents_removed,
            "index_rebuilt": self.index_rebuilt,
        }


def list_case_backups(case: CaseStore) -> list[BackupInfo]:
    """The case's backups, oldest first."""
    return backups.list_backups(case.layout.backups)


def find_backup(case: CaseStore, name: str | None = None) -> BackupInfo:
    """A backup by name, unique name prefix or path; the newest when `name` is None."""
    return backups.resolve_backup(case.layout.backups, name)


def restore_backup(case: CaseStore, name: str | None = None, *, progress: ProgressCallback = no_progress,
                   cancel: CancelToken = NEVER_CANCELLED) -> RestoreResult:
    """Restore the store from a backup (the newest when `name` is None), after backing up the current store.

    Originals are never deleted: documents imported after the backup keep their files in the vault (verify
    notes them) and come back with a re-import. The search index is rebuilt; if that is interrupted, the
    queued work finishes on the next search or verify.
    """
    chosen = backups.resolve_backup(case.layout.backups, name)
    backups.check_backup(chosen.path)
    cancel.raise_if_cancelled()
    progress(ProgressUpdate(0, 3, "backing up the current store"))
    safety = backups.take_backup(case.db, case.layout.backups, reason=backups.BEFORE_RESTORE)
    progress(ProgressUpdate(1, 3, f"restoring {chosen.name}"))
    removed = backups.restore_into(case.db, chosen, safety_backup=safety, work_folder=case.layout.backups)
    log.info("%s: restored %s (the replaced store is in %s)", case.layout.root, chosen.name, safety.name)
    progress(ProgressUpdate(2, 3, "rebuilding the search index"))
    rebuilt = True
    try:
        reindex(case, cancel=cancel)
    except Exception as exc:  # the store is restored; the queued index work completes on the next sync
        log.warning("%s: the search index will be rebuilt later (%s)", case.layout.root, exc)
        rebuilt = False
    progress(ProgressUpdate(3, 3, "restored"))
    return RestoreResult(chosen, safety.name, removed, rebuilt)
