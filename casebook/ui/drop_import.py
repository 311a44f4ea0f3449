"""Dropping files and folders on the window imports them into the open case (on the writer thread, with progress)."""

from __future__ import annotations

from pathlib import Path


def dropped_paths(mime) -> list[Path]:
    """The local files and folders in a drag's data (web links and other data are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def drag_entered(window, event) -> None:
    """Accept a drag of local files while a case is open, and say in the status bar what a drop will do."""
    paths = dropped_paths(event.mimeData())
    if not paths:
        return
    if window.case_path is None:
        window.statusBar().showMessage("Open or create a case first: dropped files are imported into the open case",
                                       5000)
        return
    event.acceptProposedAction()
    window.statusBar().showMessage(f"Drop to import {len(paths)} item(s) into “{window.case_title}”", 3000)


def dropped(window, event) -> None:
    """Import what was dropped; without an open case nothing is imported and the status bar says why."""
    paths = dropped_paths(event.mimeData())
    if not paths:
        return
    if window.case_path is None:
        window.statusBar().showMessage("Open or create a case before importing: nothing was imported", 10000)
        return
    event.acceptProposedAction()
    window.import_paths(paths)
