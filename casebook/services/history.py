"""Undo and redo of evidence edits, persisted per case, and the recorded-edit helper every edit service uses.

Each store opening undoes only its own session's edits (`case.session_id`: a GUI window's id, or "cli" for
every command-line invocation); see casebook/store/history.py for the rules and the conflict refusal.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from casebook.store import history
from casebook.store.case_store import CaseStore
from casebook.store.history import HistoryEntry, Recorder

log = logging.getLogger(__name__)


@dataclass
class Edit:
    """One edit in progress: the recorder that performs its row changes, and what the audit log will say."""

    rec: Recorder
    label: str
    action: str
    target: str
    details: dict[str, Any] = field(default_factory=dict)


@contextmanager
def recorded_edit(case: CaseStore, label: str, *, action: str, target: str = "case",
                  details: dict[str, Any] | None = None) -> Iterator[Edit]:
    """Run an edit in one transaction; on success it joins the undo history, the outbox and the audit log."""
    with case.transaction() as db:
        edit = Edit(Recorder(db), label, action, target, dict(details or {}))
        yield edit
        history.commit(db, edit.rec, label=edit.label, action=edit.action, target=edit.target, details=edit.details,
                       session=case.session_id)


def undo(case: CaseStore) -> HistoryEntry | None:
    """Undo this session's newest edit; returns it (None when there is nothing to undo).

    Raises CasebookError, changing nothing, when another window has since changed what the edit touched.
    """
    with case.transaction() as db:
        return history.undo(db, session=case.session_id)


def redo(case: CaseStore) -> HistoryEntry | None:
    """Redo this session's most recently undone edit; returns it (None when there is nothing to redo)."""
    with case.transaction() as db:
        return history.redo(db, session=case.session_id)


def list_history(case: CaseStore, *, limit: int | None = None) -> list[HistoryEntry]:
    """Every session's edits newest first, each marked undone or not."""
    return history.entries(case.db, limit=limit)


def undo_redo_labels(case: CaseStore) -> tuple[str | None, str | None]:
    """What this session's Undo and Redo would do next ("Add claim 3"), for menu items; None when unavailable."""
    return history.next_labels(case.db, session=case.session_id)
