"""Run PDF extraction in a child process, so a file that crashes or hangs MuPDF cannot stop the app."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from casebook.core.documents import ExtractedDocument, ExtractedPage
from casebook.core.errors import ImportRejected, RejectReason
from casebook.core.progress import Cancelled, CancelToken, ProgressCallback, ProgressUpdate
from casebook.core.worker_priority import yield_if_asked
from casebook.pdf.extract import (
    CHUNK_PAGES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PAGES,
    CompactDocument,
    CompactPage,
    extract_pdf,
)
from casebook.pdf.ocr import DEFAULT_DPI, DEFAULT_LANG, PAGE_TIMEOUT, OcrFailed, OcrPage, OcrUnavailable

log = logging.getLogger(__name__)

# For callers that want no child process (tests, benchmarks, one-off scripts).
extract_in_process = extract_pdf

BASE_TIMEOUT = 60.0
SECONDS_PER_MB = 1.0
# How often the parent wakes to look at the cancel token while the child works.
_POLL_SECONDS = 0.05
_STOP_GRACE_SECONDS = 2.0

# Receives each chunk of extracted pages as the child sends it.
PagesCallback = Callable[[list[ExtractedPage]], None]


def default_timeout(size_bytes: int) -> float:
    """A minute per file plus a second per megabyte: big scans get time, a hung engine is stopped."""
    return BASE_TIMEOUT + SECONDS_PER_MB * size_bytes / (1024 * 1024)


class PdfWorker:
    """A child process that extracts PDFs one at a time; it is restarted after a crash, a timeout or a cancel.

    Use as a context manager (`with PdfWorker() as worker: worker.extract(path)`) or call `close()`.
    Calls are serialised: one file is in flight at a time.
    """

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES) -> None:
        # "spawn" everywhere: the same start method Windows and macOS use, and no forked MuPDF state.
        self._context = multiprocessing.get_context("spawn")
        self._max_bytes = max_bytes
        self._max_pages = max_pages
        self._process: Any = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()
        self.started = 0  # child processes started so far; more than one means restarts

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (for a supervisor, or to watch it in a task manager)."""
        return self._process.pid if self.alive else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        """Start the child now rather than on the first file (it takes a moment to import PyMuPDF)."""
        with self._lock:
            self._ensure_child()

    def close(self) -> None:
        """Ask the child to exit, and kill it if it does not."""
        with self._lock:
            if self._conn is not None and self.alive:
                with contextlib.suppress(OSError):
                    self._conn.send(("stop",))
                self._process.join(_STOP_GRACE_SECONDS)
            self._kill()

    def extract(
        self,
        path: Path,
        *,
        password: str | None = None,
        timeout: float | None = None,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
        on_pages: PagesCallback | None = None,
        chunk_pages: int = CHUNK_PAGES,
    ) -> ExtractedDocument:
        """Extract `path` in the child; raises ImportRejected (incl. CRASHED, TIMEOUT) or Cancelled.

        The child sends the pages in chunks of `chunk_pages` as it reads them. With `on_pages`, each chunk is
        handed to it as it arrives and the document returned has no pages, so neither process holds them all;
        an exception from `on_pages` stops the child and is raised here. Without it, the pages are collected.
        """
        path = Path(path)
        if timeout is None:
            try:
                timeout = default_timeout(path.stat().st_size)
            except OSError:
                timeout = BASE_TIMEOUT  # the child reports the missing file with its usual message
        collected: list[ExtractedPage] = []

        def take(chunk: list[CompactPage]) -> None:
            pages = [page.to_page() for page in chunk]
            if on_pages is None:
                collected.extend(pages)
            else:
                on_pages(pages)

        request = ("extract", str(path), password, self._max_bytes, self._max_pages, max(1, chunk_pages))
        compact = self._request(request, label=path.name, timeout=timeout, cancel=cancel, progress=progress,
                                on_chunk=take)
        if not isinstance(compact, CompactDocument):
            raise TypeError(f"PDF worker returned {type(compact).__name__}, not a document")
        document = compact.to_document()
        document.pages = collected
        return document

    def ocr_page(
        self,
        path: Path,
        number: int,
        *,
        lang: str = DEFAULT_LANG,
        dpi: int = DEFAULT_DPI,
        keep_native: bool = True,
        password: str | None = None,
        timeout: float = PAGE_TIMEOUT,
        cancel: CancelToken | None = None,
    ) -> OcrPage:
        """OCR page `number` of `path` in the child; raises OcrFailed, OcrUnavailable, ImportRejected or Cancelled.

        A cancel kills the child, and Tesseract with it, mid-page.
        """
        request = ("ocr", str(path), number, password, lang, dpi, keep_native, timeout)
        # Rendering the page and loading the word list come on top of Tesseract's own time limit.
        result = self._request(request, label=f"{Path(path).name} page {number}", timeout=timeout + 30.0,
                               cancel=cancel, progress=None)
        if not isinstance(result, OcrPage):
            raise TypeError(f"PDF worker returned {type(result).__name__}, not an OCR page")
        return result

    def _request(
        self,
        request: tuple[Any, ...],
        *,
        label: str,
        timeout: float,
        cancel: CancelToken | None,
        progress: ProgressCallback | None,
        on_chunk: Callable[[Any], None] | None = None,
    ) -> Any:
        with self._lock:
            if cancel is not None:
                cancel.raise_if_cancelled()
            conn, process = self._ensure_child()
            try:
                conn.send(request)
            except OSError:
                self._kill()
                raise self._crashed(label) from None
            deadline = time.monotonic() + timeout
            while True:
                if cancel is not None and cancel.cancelled:
                    self._kill()
                    raise Cancelled(f"{label}: import cancelled")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._kill()
                    raise ImportRejected(
                        RejectReason.TIMEOUT,
                        f"{label}: the PDF engine made no progress for {timeout:.0f} s; stopped",
                    )
                ready = wait([conn, process.sentinel], timeout=min(remaining, _POLL_SECONDS))
                if conn in ready:
                    try:
                        message = conn.recv()
                    except (EOFError, OSError):
                        self._kill()
                        raise self._crashed(label) from None
                    kind = message[0]
                    if kind == "progress":
                        # The limit is on silence, not on size: a long document that keeps reporting pages
                        # may take as long as it needs; a page that hangs the engine still times out.
                        deadline = time.monotonic() + timeout
                        if progress is not None:
                            progress(ProgressUpdate(*message[1:]))
                        continue
                    if kind == "pages" and on_chunk is not None:
                        deadline = time.monotonic() + timeout
                        try:
                            on_chunk(message[1])
                        except BaseException:
                            self._kill()  # the child is mid-document: start afresh for the next file
                            raise
                        continue
                    if kind == "ok":
                        return message[1]
                    raise message[1]
                if process.sentinel in ready:
                    self._kill()
                    raise self._crashed(label)

    @staticmethod
    def _crashed(label: str) -> ImportRejected:
        return ImportRejected(RejectReason.CRASHED, f"{label}: the PDF engine crashed while reading it")

    def _ensure_child(self) -> tuple[Connection, Any]:
        if self._conn is not None and self.alive:
            return self._conn, self._process
        self._kill()
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_child_main, args=(child_end,), name="casebook-pdf-worker", daemon=True
        )
        process.start()
        self.started += 1
        child_end.close()  # so the parent sees EOF when the child dies
        self._process, self._conn = process, parent_end
        log.debug("started PDF worker process %s", process.pid)
        return parent_end, process

    def _kill(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(_STOP_GRACE_SECONDS)
            if process.exitcode is not None:
                process.close()
        if conn is not None:
            conn.close()


def _child_main(conn: Connection) -> None:
    """Serve requests until told to stop or the parent goes away."""
    yield_if_asked()  # started by the desktop app: its GUI thread gets a core first
    from casebook.pdf.extract import CompactDocument, read_pdf_chunks

    def send_progress(update: ProgressUpdate) -> None:
        conn.send(("progress", update.done, update.total, update.message))

    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        kind = request[0]
        if kind == "stop":
            return
        try:
            if kind == "extract":
                _, path, password, max_bytes, max_pages, chunk_pages = request
                result: Any = None
                # Pages go to the parent as they are read; the document's own fields come last.
                for item in read_pdf_chunks(Path(path), password=password, progress=send_progress,
                                            max_bytes=max_bytes, max_pages=max_pages, chunk_pages=chunk_pages):
                    if isinstance(item, CompactDocument):
                        result = item
                    else:
                        conn.send(("pages", item))
            elif kind == "ocr":
                from casebook.pdf.ocr import ocr_pdf_page

                _, path, number, password, lang, dpi, keep_native, page_timeout = request
                result = ocr_pdf_page(Path(path), number, password=password, lang=lang, dpi=dpi,
                                      keep_native=keep_native, timeout=page_timeout)
            else:
                raise ValueError(f"unknown PDF worker request {kind!r}")
            reply: tuple[str, Any] = ("ok", result)
        except (ImportRejected, OcrFailed, OcrUnavailable) as exc:
            reply = ("error", exc)
        except Exception as exc:
            # Anything unexpected is a bug, but the parent must still get a one-line, picklable answer.
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            log.error("PDF worker failed: %s", traceback.format_exc())
            reply = ("error", ImportRejected(RejectReason.UNREADABLE, f"{_label(request)}: {detail}"))
        try:
            conn.send(reply)
        except (OSError, EOFError):
            return


def _label(request: tuple[Any, ...]) -> str:
    return Path(request[1]).name if request[0] in ("extract", "ocr") else str(request[0])
