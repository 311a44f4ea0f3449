"""Taking the index's write lock, and clearing one left behind by a writer that died.

Whoosh locks `MAIN_WRITELOCK` with an OS file lock (flock / msvcrt), which the OS drops when the holder
dies, so a plain SIGKILL never leaves the index locked. A lock can still outlive its writer: a child process
forked while the writer was open inherits the descriptor and keeps the lock (a PDF worker started with
the fork method, say), and some network file systems keep locks of crashed clients for minutes. So each
writer records who it is in `WRITER.json` beside the lock; when the lock is taken and that recorded owner
is dead (same machine, process gone), the lock file is removed and created afresh — the orphan keeps a lock
on a file nobody uses any more — and the write goes ahead. A live owner is waited for, then reported.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from whoosh.index import LockError

from casebook.core.search import SearchIndexBusy

if TYPE_CHECKING:  # Whoosh is untyped: Any to mypy, named for the reader
    from whoosh.index import Index
    from whoosh.writing import IndexWriter

log = logging.getLogger(__name__)

LOCK_NAME = "MAIN_WRITELOCK"
OWNER_NAME = "WRITER.json"


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    since: str

    def describe(self) -> str:
        return f"process {self.pid} on {self.host} (since {self.since})"


def read_owner(folder: Path) -> LockOwner | None:
    try:
        data = json.loads((folder / OWNER_NAME).read_text(encoding="utf-8"))
        return LockOwner(int(data["pid"]), str(data["host"]), str(data.get("since", "?")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_owner(folder: Path) -> None:
    data = {"pid": os.getpid(), "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%dT%H:%M:%S")}
    tmp = folder / (OWNER_NAME + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, folder / OWNER_NAME)


def clear_owner(folder: Path, *, only_mine: bool = False) -> None:
    if only_mine:
        owner = read_owner(folder)
        if owner is None or owner.pid != os.getpid() or owner.host != socket.gethostname():
            return
    with contextlib.suppress(FileNotFoundError):
        (folder / OWNER_NAME).unlink()


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (a reused id counts as alive: never steal)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_is_dead(owner: LockOwner | None) -> TypeGuard[LockOwner]:
    return (owner is not None and owner.host == socket.gethostname() and owner.pid != os.getpid()
            and not process_alive(owner.pid))


def open_writer(ix: Index, folder: Path, *, timeout: float, **writer_options: Any) -> IndexWriter:
    """A Whoosh writer on `ix`, clearing a stale lock; raises SearchIndexBusy if a live writer holds it."""
    deadline = time.monotonic() + timeout
    cleared = False
    while True:
        try:
            writer = ix.writer(timeout=0.0, **writer_options)
        except LockError:
            owner = read_owner(folder)
            if not cleared and owner_is_dead(owner):
                log.warning("%s: clearing the search index lock left by %s, which is no longer running",
                            folder, owner.describe())
                try:
                    (folder / LOCK_NAME).unlink()
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise SearchIndexBusy(f"{folder}: the search index is locked by {owner.describe()}, "
                                          f"which has ended, and the lock cannot be removed: {exc}") from exc
                clear_owner(folder)
                cleared = True
                continue
            if time.monotonic() >= deadline:
                who = owner.describe() if owner else "another program"
                raise SearchIndexBusy(f"{folder}: the search index is being updated by {who}; "
                                      "try again when it has finished") from None
            time.sleep(0.05)
            continue
        write_owner(folder)
        return writer
