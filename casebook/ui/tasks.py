"""Running case work off the GUI thread: serialised executors that own their case store, with polled progress.

Each `CaseExecutor` is one QThread that opens its own CaseStore (an SQLite connection belongs to the thread
that made it) and runs jobs one after another. The `TaskRunner` owns a writer executor (imports, demo builds,
verification: everything that changes the case) and a reader executor (loading documents and pages, so
browsing stays quick while an import runs); both open the case under the runner's one undo session, so the
window's Undo undoes only its own edits and its menu labels name them. Progress is not signalled: jobs
overwrite `Task.latest` and a ~100 ms QTimer reads it. Results and exceptions come back to the GUI thread
through a queued signal.
"""

from __future__ import annotations

import logging
import queue
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from casebook.core.errors import CasebookError
from casebook.core.progress import Cancelled, CancelToken, ProgressUpdate
from casebook.services.cases import new_session_id, open_case

if TYPE_CHECKING:
    from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

POLL_MS = 100

# A job gets the executor's open case (None when no case is open), a progress sink and a cancel token.


@dataclass(eq=False)
class Task:
    """One submitted job; the GUI holds it to read progress, cancel it, or ignore a late result."""

    title: str
    job: Job
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    background: bool = True  # shown in the status bar with progress and a cancel button
    cancel_token: CancelToken = field(default_factory=CancelToken)
    latest: ProgressUpdate | None = None
    finished: bool = False

    def progress(self, update: ProgressUpdate) -> None:
        self.latest = update  # one attribute store: the poll timer reads the newest value, never a queue

    def cancel(self) -> None:
        self.cancel_token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.cancel_token.cancelled


class _OpenCase:
    """Marker job: switch the executor's case (None closes it)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path


Job = Callable[..., Any] | _OpenCase  # a function run against the case, or the marker that switches case


class CaseExecutor(QThread):
    """A thread that runs jobs in order against the case store it opened itself."""

    completed = Signal(object, object, object)  # task, result, exception (or None)

    def __init__(self, name: str, parent: QObject | None = None, *, session: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.session = session or new_session_id()  # the window's undo session
        self._queue: queue.Queue[Task | None] = queue.Queue()
        self._case: CaseStore | None = None
        self.current: Task | None = None

    def submit(self, task: Task) -> Task:
        self._queue.put(task)
        return task

    def pending(self) -> list[Task]:
        with self._queue.mutex:
            return [t for t in self._queue.queue if t is not None]

    def stop(self) -> None:
        self._queue.put(None)

    def run(self) -> None:  # runs in the executor thread
        try:
            while (task := self._queue.get()) is not None:
                self.current = task
                result, error = None, None
                try:
                    if task.cancelled:
                        raise Cancelled("cancelled before it started")
                    if isinstance(task.job, _OpenCase):
                        result = self._switch_case(task.job.path)
                    else:
                        result = task.job(self._case, progress=task.progress, cancel=task.cancel_token)
                except BaseException as exc:  # every failure goes back to the GUI as a message
                    if not isinstance(exc, (CasebookError, Cancelled)):
                        log.error("task %r failed:\n%s", task.title, traceback.format_exc())
                    error = exc
                task.finished = True
                self.current = None
                self.completed.emit(task, result, error)
        finally:
            self._switch_case(None)

    def _switch_case(self, path: Path | None) -> str | None:
        if self._case is not None:
            self._case.close()
            self._case = None
        if path is None:
            return None
        self._case = open_case(path, session=self.session)
        return self._case.title


class TaskRunner(QObject):
    """Submits jobs to the writer or reader executor and reports their progress to the status bar."""

    progressChanged = Signal(object)  # the visible Task (or None when idle)
    taskFinished = Signal(object, object)  # task, exception or None
    errorRaised = Signal(str, str)  # title, readable message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = new_session_id()  # one per window: its writer and reader share the undo stack
        self.writer = CaseExecutor("casebook-writer", self, session=self.session)
        self.reader = CaseExecutor("casebook-reader", self, session=self.session)
        for executor in (self.writer, self.reader):
            executor.completed.connect(self._on_completed)
            executor.start()
        self._active: list[Task] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._stopped = False

    # --- submitting -------------------------------------------------------------------------------
    def run_write(self, title: str, job: Job, *, on_done=None, on_error=None, background: bool = True) -> Task:
        return self._submit(self.writer, Task(title, job, on_done, on_error, background))

    def run_read(self, title: str, job: Job, *, on_done=None, on_error=None) -> Task:
        return self._submit(self.reader, Task(title, job, on_done, on_error, background=False))

    def open_case(self, path: Path | None, *, on_done=None, on_error=None) -> None:
        """Switch both executors to the case at `path` (None closes it); `on_done` gets the case title."""
        # The writer opens first (it may migrate the store); the reader follows once that has succeeded.
        def writer_opened(title: str | None) -> None:
            self._submit(self.reader, Task("Opening case", _OpenCase(path),
                                           lambda _: on_done(title) if on_done else None, on_error,
                                           background=False))

        self._submit(self.writer, Task("Opening case", _OpenCase(path), writer_opened, on_error, background=False))

    def _submit(self, executor: CaseExecutor, task: Task) -> Task:
        if self._stopped:
            # A timer that fires while the window closes (a debounced search, a preview): never run it.
            log.debug("not running %r: the task runner has been shut down", task.title)
            task.cancel()
            task.finished = True
            return task
        self._active.append(task)
        if task.background and not self._timer.isActive():
            self._timer.start()
            self._poll()
        return executor.submit(task)

    # --- state ------------------------------------------------------------------------------------
    def background_tasks(self) -> list[Task]:
        return [t for t in self._active if t.background and not t.finished]

    @property
    def stopped(self) -> bool:
        return self._stopped

    @property
    def busy(self) -> bool:
        return bool(self.background_tasks())

    def cancel_all(self) -> None:
        for task in self._active:
            task.cancel()

    def _poll(self) -> None:
        tasks = self.background_tasks()
        self.progressChanged.emit(tasks[0] if tasks else None)
        if not tasks:
            self._timer.stop()

    def _on_completed(self, task: Task, result: Any, error: BaseException | None) -> None:
        if task in self._active:
            self._active.remove(task)
        if self._stopped:
            return
        if error is None:
            if task.on_done is not None:
                task.on_done(result)
        elif task.on_error is not None:
            task.on_error(error)
        elif not isinstance(error, Cancelled):
            self.errorRaised.emit(task.title, readable_error(error))
        self.taskFinished.emit(task, error)
        self._poll()

    def shutdown(self, *, timeout_ms: int = 30_000) -> bool:
        """Cancel everything, let the executors finish their current job and close their stores."""
        self._stopped = True
        self._timer.stop()
        self.cancel_all()
        for executor in (self.writer, self.reader):
            for task in executor.pending():
                task.cancel()
            executor.stop()
        clean = all(executor.wait(timeout_ms) for executor in (self.writer, self.reader))
        if not clean:
            log.warning("background work did not stop within %d ms", timeout_ms)
        return clean


def readable_error(error: BaseException) -> str:
    """One line a lawyer can act on: Casebook's own messages as they are, anything else named by its type."""
    if isinstance(error, CasebookError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
    return f"Unexpected error ({type(error).__name__}): {error}"
