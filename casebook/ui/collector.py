"""Keeping Python's full garbage collections short, so that none of them stalls the GUI thread.

A full (oldest-generation) collection walks every tracked container object and holds the GIL while it does,
so whichever thread happens to trigger it — the search reader, the import writer, a multiprocessing feeder,
the GUI itself — the event loop stands still for its whole length. Once the window is built the process holds
about 140,000 such objects (modules, classes, functions, Qt wrappers), and walking them took 50–200 ms on a
busy two-core machine: the first search after indexing a book paused typing for ~100 ms that way. Those
objects live as long as the process, so they are moved to the permanent generation (`gc.freeze`), which
collections skip: a full collection then walks only what was made since (a few thousand objects, ~2 ms).
It is done once the window is built and again once the first case has been opened and listed, when the
modules that opening a case brings in have been imported.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

_settled: set[str] = set()  # the stages already settled in this process


def settle_long_lived_objects(stage: str) -> bool:
    """Move every object alive now out of the collector's walk, once per process and stage.

    Constant time (it splices lists). Once only: a later freeze would also keep, for good, any garbage cycle
    that was waiting for a collection at that moment (pytest builds many windows in one process).
    """
    if stage in _settled:
        return False
    _settled.add(stage)
    gc.freeze()
    return True


def is_settled(stage: str) -> bool:
    return stage in _settled


def install_collector(window: QMainWindow) -> None:
    """Settle the start-up objects now, and the first case's once its documents have been listed (when idle)."""
    settle_long_lived_objects("start-up")

    def documents_loaded(_documents: list) -> None:
        if getattr(window, "case_path", None) is not None:
            QTimer.singleShot(0, lambda: settle_long_lived_objects("case"))

    window.documentsLoaded.connect(documents_loaded)  # type: ignore[attr-defined]
