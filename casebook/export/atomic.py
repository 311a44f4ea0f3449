"""The one atomic file writer: write beside the target, flush to disk, then rename over it.

Standard-library file I/O, so it lives with the other writers in `export` rather than in the pure `core`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path, *, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` when the block succeeds, else it is removed.

    A failed or interrupted write never leaves half a file under the real name; the new file is flushed
    to disk before the rename, so an acknowledged export survives a power loss.
    """
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; an export is an ordinary file to share
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> Path:
    """Write `text` as UTF-8 (newlines as given) to `path` atomically; returns the path written."""
    path = Path(path).expanduser()
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
    return path

