"""Page images for the viewer and thumbnails: one render thread, one cache, and a signal when an image lands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from casebook.ui.render_queue import ImageCache, RenderKey, RenderQueue, RenderRequest


class PageImageService(QObject):
    """Owns the render thread and the image cache; widgets ask for pages and listen for `imageReady`."""

    imageReady = Signal(object)  # RenderKey
    renderFailed = Signal(object, object)  # RenderKey, exception

    def __init__(self, parent: QObject | None = None, *, cache_bytes: int | None = None) -> None:
        super().__init__(parent)
        self.cache = ImageCache() if cache_bytes is None else ImageCache(budget=cache_bytes)
        self.queue = RenderQueue(self)
        self.queue.rendered.connect(self._on_rendered)
        self.queue.failed.connect(self._on_failed)
        self.queue.start()
        self.failures: dict[RenderKey, BaseException] = {}

    def image(self, key: RenderKey) -> QImage | None:
        return self.cache.get(key)

    def request(self, channel: str, path: Path, keys: list[RenderKey], *, password: str | None = None) -> None:
        """Ask for the pages not cached yet; replaces what the channel asked before (latest wins)."""
        wanted = [RenderRequest(k, path, password) for k in keys if k not in self.cache and k not in self.failures]
        self.queue.request(channel, wanted)

    def forget_failures(self, document_id: int) -> None:
        for key in [k for k in self.failures if k.document_id == document_id]:
            del self.failures[key]

    def _on_rendered(self, key: RenderKey, image: QImage) -> None:
        self.cache.put(key, image)
        self.imageReady.emit(key)

    def _on_failed(self, key: RenderKey, error: BaseException) -> None:
        self.failures[key] = error  # not retried on every repaint; forget_failures() allows a retry
        self.renderFailed.emit(key, error)

    def shutdown(self, *, timeout_ms: int = 10_000) -> None:
        self.queue.clear()
        self.queue.stop()
        self.queue.wait(timeout_ms)
