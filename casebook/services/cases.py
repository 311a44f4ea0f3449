"""Creating and opening cases."""

from __future__ import annotations

from pathlib import Path

from casebook.store.case_store import CaseStore


def create_case(path: Path, *, title: str) -> CaseStore:
    """Create a new case folder with an empty store; the caller closes the returned store."""
    return CaseStore.create(Path(path).expanduser().resolve(), title=title)


def open_case(path: Path) -> CaseStore:
    """Open an existing case, migrating (after a backup) or refusing a newer store."""
    return CaseStore.open(Path(path).expanduser().resolve())
