"""The render thread: page images made off the GUI thread (in a child process), latest request wins, cached."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from casebook.services import viewing

log = logging.getLogger(__name__)

CACHE_BYTES = 384 * 1024 * 1024
# Channels are served in this order: what is on screen first, thumbnails after.
CHANNELS = ("view", "thumbs")


@dataclass(frozen=True)
class RenderKey:
    """A page image is identified by its document, page and zoom (device pixels per point, rounded)."""

    document_id: int
    page: int
    zoom: float

    @staticmethod
    def quantise(zoom: float) -> float:
        return round(zoom, 3)


@dataclass(frozen=True)
class RenderRequest:
    key: RenderKey
    path: Path
    password: str | None = None


class ImageCache:
    """Least-recently-used page images within a byte budget; lives on the GUI thread."""

    def __init__(self, *, budget: int = CACHE_BYTES) -> None:
        self.budget = budget
        self._images: OrderedDict[RenderKey, QImage] = OrderedDict()
        self._bytes = 0

    def get(self, key: RenderKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def __contains__(self, key: RenderKey) -> bool:
        return key in self._images

    def put(self, key: RenderKey, image: QImage) -> None:
        if key in self._images:
            self._bytes -= self._images.pop(key).sizeInBytes()
        self._images[key] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self.budget and len(self._images) > 1:
            _, old = self._images.popitem(last=False)
            self._bytes -= old.sizeInBytes()

    def nearest(self, document_id: int, page: int, zoom: float) -> QImage | None:
        """Any cached image of the page, closest in zoom: shown scaled until the exact one arrives."""
        best, distance = None, None
        for key, image in self._images.items():
            if key.document_id == document_id and key.page == page:
                d = abs(key.zoom - zoom)
                if distance is None or d < distance:
                    best, distance = image, d
        return best

    def drop_document(self, document_id: int) -> None:
        for key in [k for k in self._images if k.document_id == document_id]:
            self._bytes -= self._images.pop(key).sizeInBytes()

    @property
    def bytes_used(self) -> int:
        return self._bytes


class RenderQueue(QThread):
    """Renders requested pages one at a time in its own thread (PyMuPDF must stay on a single thread)."""

    rendered = Signal(object, object)  # RenderKey, QImage
    failed = Signal(object, object)  # RenderKey, RenderError or other exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casebook-render")
        self._cond = threading.Condition()
        self._pending: dict[str, list[RenderRequest]] = {c: [] for c in CHANNELS}
        self._current: RenderKey | None = None
        self._stopping = False
        self.renders = 0

    def request(self, channel: str, requests: list[RenderRequest]) -> None:
        """Replace the channel's pending requests: whatever was asked before and not yet started is dropped."""
        with self._cond:
            self._pending[channel] = [r for r in requests if r.key != self._current]
            self._cond.notify()

    def clear(self) -> None:
        with self._cond:
            for channel in CHANNELS:
                self._pending[channel] = []

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()

    def _next(self) -> RenderRequest | None:
        with self._cond:
            while not self._stopping:
                for channel in CHANNELS:
                    if self._pending[channel]:
                        request = self._pending[channel].pop(0)
                        self._current = request.key
                        return request
                self._cond.wait()
            return None

    def run(self) -> None:  # runs in the render thread
        # The pixels are made in a child process (see RenderWorker): MuPDF holds the GIL while rasterising,
        # and this thread only waits on a pipe, so the GUI thread keeps running.
        worker = viewing.RenderWorker()
        try:
            worker.start()
            while (request := self._next()) is not None:
                try:
                    page = worker.render(request.path, request.key.page, request.key.zoom, password=request.password)
                    image = QImage(page.samples, page.width, page.height, page.stride,
                                   QImage.Format.Format_RGB888).copy()  # copy: the bytes die with `page`
                    self.renders += 1
                    self.rendered.emit(request.key, image)
                except Exception as exc:  # a bad page must not stop the thread
                    log.warning("render of %s failed: %s", request.key, exc)
                    self.failed.emit(request.key, exc)
                finally:
                    with self._cond:
                        self._current = None
        finally:
            worker.close()
