"""Progress reporting and cooperative cancellation shared by every long operation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """Raised inside an operation when its cancel token has been set."""


@dataclass(frozen=True)
class ProgressUpdate:
    """One snapshot of an operation's progress: `done` of `total` units, with a label."""

    done: int
    total: int | None
    message: str = ""


ProgressCallback = Callable[[ProgressUpdate], None]


def no_progress(update: ProgressUpdate) -> None:
    """Default progress sink that ignores every update."""


class CancelToken:
    """A thread-safe flag a caller sets to ask an operation to stop at its next checkpoint."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("operation cancelled")


NEVER_CANCELLED = CancelToken()
