"""Content-addressed, read-only storage of original evidence files by SHA-256."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from casebook.core.progress import NEVER_CANCELLED, CancelToken

CHUNK = 1024 * 1024
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


@dataclass(frozen=True)
class StoredOriginal:
    """An original file as kept in the vault."""

    sha256: str
    size: int
    path: Path
    newly_stored: bool


def sha256_of(path: Path, *, cancel: CancelToken = NEVER_CANCELLED) -> tuple[str, int]:
    """Hash a file in chunks; returns (hex digest, size in bytes)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            cancel.raise_if_cancelled()
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class OriginalsVault:
    """Stores each original once under originals/<aa>/<sha256>; files are made read-only and never rewritten."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, *, cancel: CancelToken = NEVER_CANCELLED) -> StoredOriginal:
        """Copy `source` into the vault while hashing it; what is stored is exactly what was hashed."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        tmp = Path(tmp_name)
        try:
            with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
                while chunk := src.read(CHUNK):
                    cancel.raise_if_cancelled()
                    digest.update(chunk)
                    dst.write(chunk)
                    size += len(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            if final.exists():
                tmp.unlink()
                return StoredOriginal(sha, size, final, newly_stored=False)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, READ_ONLY)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
            return StoredOriginal(sha, size, final, newly_stored=True)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def discard(self, sha256: str) -> None:
        """Remove an original that no document references (used only when its import failed)."""
        path = self.path_for(sha256)
        if path.exists():
            os.chmod(path, stat.S_IWUSR | READ_ONLY)
            path.unlink()

    def verify(self, sha256: str, size: int) -> str | None:
        """Re-hash a stored original; returns a problem description, or None when it is intact."""
        path = self.path_for(sha256)
        if not path.is_file():
            return f"original {sha256[:12]}… is missing from {path.parent}"
        actual, actual_size = sha256_of(path)
        if actual != sha256 or actual_size != size:
            return f"original {sha256[:12]}… has been altered (now {actual[:12]}…, {actual_size} bytes)"
        return None

    def stored_hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir() and len(folder.name) == 2:
                for item in sorted(folder.iterdir()):
                    yield item.name

    def leftovers(self) -> list[Path]:
        """Temporary files from an interrupted copy."""
        return sorted(self.root.glob(".incoming-*")) if self.root.is_dir() else []


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
