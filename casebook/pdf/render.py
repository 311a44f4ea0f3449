"""Rendering PDF pages to raw pixels with PyMuPDF, with a small cache of open documents.

PyMuPDF is not thread-safe: every function here must be called from one dedicated render thread.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebook.core.errors import CasebookError

log = logging.getLogger(__name__)

MAX_OPEN_DOCUMENTS = 4
# A rendered page larger than this many pixels is refused: a 400% zoom on a poster-sized page would
# otherwise allocate gigabytes.
MAX_PIXELS = 60_000_000


class RenderError(CasebookError):
    """A page could not be rendered; `needs_password` tells the viewer to ask for one and try again."""

    def __init__(self, message: str, *, needs_password: bool = False) -> None:
        super().__init__(message)
        self.needs_password = needs_password


@dataclass(frozen=True)
class RenderedPage:
    """One page as pixels: `samples` rows of `stride` bytes in `format` ("RGB888")."""

    width: int
    height: int
    stride: int
    samples: bytes
    format: str = "RGB888"


class DocumentCache:
    """Keeps the last few opened PDFs, so paging through one document does not reopen it per page."""

    def __init__(self, *, capacity: int = MAX_OPEN_DOCUMENTS) -> None:
        self.capacity = capacity
        self._docs: OrderedDict[tuple[Path, str | None], Any] = OrderedDict()
        self._owner: int | None = None

    def _check_thread(self) -> None:
        # Catch misuse early: a second thread calling into MuPDF can crash the process.
        ident = threading.get_ident()
        if self._owner is None:
            self._owner = ident
        elif self._owner != ident:
            raise RuntimeError("PDF rendering must stay on one thread")

    def open(self, path: Path, *, password: str | None = None) -> Any:
        import pymupdf

        self._check_thread()
        key = (Path(path), password)
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        try:
            doc = pymupdf.open(path)
        except Exception as exc:
            raise RenderError(f"{path}: cannot open the PDF for display ({exc})") from exc
        if doc.needs_pass and (not password or not doc.authenticate(password)):
            doc.close()
            message = "the PDF is encrypted; give its password" if not password else "wrong password"
            raise RenderError(f"{path}: {message}", needs_password=True)
        self._docs[key] = doc
        while len(self._docs) > self.capacity:
            _, old = self._docs.popitem(last=False)
            old.close()
        return doc

    def close_all(self) -> None:
        while self._docs:
            _, doc = self._docs.popitem()
            doc.close()
        self._owner = None


_cache = DocumentCache()


def render_page(path: Path, page_number: int, zoom: float, *, password: str | None = None,
                cache: DocumentCache | None = None) -> RenderedPage:
    """Render 1-based `page_number` of the PDF at `zoom` pixels per point (1.0 = 72 dpi)."""
    import pymupdf

    doc = (cache or _cache).open(path, password=password)
    if not 1 <= page_number <= doc.page_count:
        raise RenderError(f"{path}: has pages 1–{doc.page_count}; no page {page_number}")
    page = doc[page_number - 1]
    rect = page.rect
    if rect.width * rect.height * zoom * zoom > MAX_PIXELS:
        zoom = (MAX_PIXELS / max(rect.width * rect.height, 1.0)) ** 0.5
    try:
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False, annots=True)
    except Exception as exc:  # a damaged content stream: report, never crash the viewer
        raise RenderError(f"{path}: page {page_number} could not be rendered ({exc})") from exc
    return RenderedPage(pix.width, pix.height, pix.stride, bytes(pix.samples), "RGB888")


def close_documents() -> None:
    """Close every cached document (call from the render thread when it stops)."""
    _cache.close_all()


# --- rendering in a child process ---------------------------------------------------------------------------
# MuPDF keeps the GIL while it rasterises (a complex page takes 100–300 ms), so rendering in a thread of the
# GUI process would freeze the window for that long. The child renders; the parent only waits on a pipe,
# which releases the GIL. A page that crashes MuPDF kills only the child, which is restarted on next use.

RENDER_TIMEOUT = 60.0


def _render_child(conn: Any) -> None:
    import pymupdf  # noqa: F401  (loaded now, while the app starts, not when the first page is wanted)

    cache = DocumentCache()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            break
        if request is None:
            break
        path, page_number, zoom, password = request
        try:
            conn.send(("ok", render_page(Path(path), page_number, zoom, password=password, cache=cache)))
        except RenderError as exc:
            conn.send(("error", str(exc), exc.needs_password))
        except Exception as exc:  # anything else MuPDF raises: report it, keep serving
            conn.send(("error", f"{path}: page {page_number} could not be rendered ({exc})", False))
    cache.close_all()


class RenderWorker:
    """Renders pages in a child process, one request at a time; use from a single thread."""

    def __init__(self, *, timeout: float = RENDER_TIMEOUT) -> None:
        import multiprocessing

        self._context = multiprocessing.get_context("spawn")  # no forked MuPDF or Qt state in the child
        self._timeout = timeout
        self._process: Any = None
        self._conn: Any = None
        self.started = 0

    def start(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        parent, child = self._context.Pipe()
        self._process = self._context.Process(target=_render_child, args=(child,), name="casebook-render",
                                              daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        self.started += 1

    def render(self, path: Path, page_number: int, zoom: float, *, password: str | None = None) -> RenderedPage:
        from multiprocessing.connection import wait

        self.start()
        try:
            self._conn.send((str(path), page_number, zoom, password))
            ready = wait([self._conn, self._process.sentinel], timeout=self._timeout)
            if self._conn not in ready:
                raise EOFError
            reply = self._conn.recv()
        except (EOFError, OSError):
            self._kill()
            raise RenderError(f"{path}: page {page_number} stopped the PDF engine (it crashed or hung)") from None
        if reply[0] == "ok":
            return reply[1]
        raise RenderError(reply[1], needs_password=reply[2])

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            try:
                self._conn.send(None)
                self._process.join(2)
            except OSError:
                pass
        self._kill()
