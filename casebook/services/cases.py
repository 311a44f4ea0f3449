"""Creating and opening cases."""

from __future__ import annotations

from pathlib import Path

from casebook.store.case_store import CLI_SESSION, SHARED_SESSION, CaseStore, new_session_id

__all__ = ["CLI_SESSION", "SHARED_SESSION", "create_case", "new_session_id", "open_case"]


def create_case(path: Path, *, title: str, session: str | None = CLI_SESSION) -> CaseStore:
    """Create a new case folder with an empty store; the caller closes the returned store."""
    return CaseStore.create(Path(path).expanduser().resolve(), title=title, session=session)


def open_case(path: Path, *, session: str | None = CLI_SESSION) -> CaseStore:
    """Open an existing case, migrating (after a backup) or refusing a newer store.

    `session` names whose undo stack the store uses: the command line's by default, a window's own id
    (`new_session_id()`) from the GUI, or SHARED_SESSION for edits every session may undo.
    """
    return CaseStore.open(Path(path).expanduser().resolve(), session=session)
