"""Index files read straight from the memory map, without Whoosh copying each one into memory first.

Whoosh opens a file inside a compound segment (.seg) as a `BufferFile` over the segment's memory map, but
that class wraps the map in `io.BytesIO`, which copies the whole file: every reader held a private copy of
every segment's postings (460 MB for a 100,000-page case, once per open reader, 1.8 GB at the peak of a
rebuild). `ViewReader` reads the memory map in place; `use_mapped_files` installs it in Whoosh's compound
storage once, at import of `casebook.index`.
"""

from __future__ import annotations

from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

_LINE_CHUNK = 256


class ViewReader:
    """The read-only file interface Whoosh and pickle need, over a memoryview (no copy of the whole)."""

    def __init__(self, view: Any) -> None:
        self._view = memoryview(view)
        self._size = len(self._view)
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        if start >= self._size:
            return b""  # past the end (a seek may go there): the position stays
        end = self._size if size is None or size < 0 else min(self._size, start + size)
        self._pos = end
        return bytes(self._view[start:end])

    def readline(self, size: int | None = -1) -> bytes:
        if self._pos >= self._size:
            return b""
        limit = self._size if size is None or size < 0 else min(self._size, self._pos + size)
        start = end = self._pos
        while end < limit:
            chunk = bytes(self._view[end:min(limit, end + _LINE_CHUNK)])
            found = chunk.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
        self._pos = end
        return bytes(self._view[start:end])

    def seek(self, offset: int, whence: int = 0) -> int:
        base = 0 if whence == 0 else self._pos if whence == 1 else self._size
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._view.release()


class MappedFile(BufferFile):
    """Whoosh's BufferFile reading its memoryview in place."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = ViewReader(buf)


def use_mapped_files() -> None:
    """Make Whoosh's compound storage open files as `MappedFile` (idempotent)."""
    compound.BufferFile = MappedFile
