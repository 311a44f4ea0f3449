"""Worker processes started by the desktop app run below its CPU priority, so its GUI thread gets a core first.

On two cores an import (the PDF worker process) or an indexing round (segment-building worker processes) keeps
every core busy, and the GUI thread then waits its turn in the run queue between two paints. The app asks once,
at start, through an environment variable its worker processes inherit (`ask_workers_to_yield`); PDF and
indexing workers lower their own priority first thing (`yield_if_asked`) and still get every core the GUI
leaves idle. The command line asks nothing: its workers run at full priority. (Lowering the priority of the
app's writer thread instead, which the workers would inherit on Linux, stalls the GUI more: that thread holds
the GIL between its waits, and a thread kept off the CPU while holding it keeps the GUI thread waiting too.)
"""

from __future__ import annotations

import os

NICENESS_VARIABLE = "CASEBOOK_WORKER_NICENESS"
APP_WORKER_NICENESS = 10  # added to the worker's nice value: about a tenth of a core the GUI thread also wants


def ask_workers_to_yield(niceness: int = APP_WORKER_NICENESS) -> None:
    """Worker processes started from now on (by this process or its children) lower their CPU priority."""
    os.environ[NICENESS_VARIABLE] = str(niceness)


def yield_if_asked() -> int:
    """First thing in a worker process: lower its CPU priority if the app asked; returns the increment applied."""
    value = os.environ.get(NICENESS_VARIABLE, "")
    if not value.isdigit() or not hasattr(os, "nice"):  # Windows has no nice values: nothing to do
        return 0
    increment = min(19, int(value))
    try:
        os.nice(increment)
    except OSError:
        return 0
    return increment
