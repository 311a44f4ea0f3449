"""A case packed into one zip file with a SHA-256 manifest, and its careful, all-or-nothing unpacking."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from casebook.core.errors import CaseError
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.store.layout import DB_NAME, CaseLayout
from casebook.store.originals import READ_ONLY, sha256_of

log = logging.getLogger(__name__)

ARCHIVE_FORMAT = "casebook-archive/1"
MANIFEST_NAME = "casebook-archive.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 1_000_000
CHUNK = 1024 * 1024
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
# Space kept free on the destination disk beyond what the archive declares.
_HEADROOM_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ArchiveEntry:
    """One file of the packed case: its path inside the case folder, SHA-256 and size."""

    path: str
    sha256: str
    size: int


@dataclass
class ArchiveManifest:
    """What the archive holds; every file is listed with its hash, and unpacking checks every one."""

    title: str
    case_created_at: str
    packed_at: str
    casebook_version: str
    entries: list[ArchiveEntry] = field(default_factory=list)
    format: str = ARCHIVE_FORMAT

    def to_json(self) -> str:
        data = {
            "format": self.format, "title": self.title, "case_created_at": self.case_created_at,
            "packed_at": self.packed_at, "casebook_version": self.casebook_version,
            "files": [{"path": e.path, "sha256": e.sha256, "size": e.size} for e in self.entries],
        }
        return json.dumps(data, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, *, where: Path) -> ArchiveManifest:
        try:
            data = json.loads(text)
            if data.get("format") != ARCHIVE_FORMAT:
                raise CaseError(f"{where}: archive format {data.get('format')!r} is not one this Casebook reads")
            entries = [ArchiveEntry(str(f["path"]), str(f["sha256"]), int(f["size"])) for f in data["files"]]
            return cls(str(data.get("title", "")), str(data.get("case_created_at", "")), str(data.get("packed_at", "")),
                       str(data.get("casebook_version", "")), entries)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CaseError(f"{where}: the archive's manifest is unreadable ({exc})") from exc

    @property
    def total_bytes(self) -> int:
        return sum(e.size for e in self.entries)


def case_files(layout: CaseLayout, *, exclude: Path | None = None) -> Iterator[tuple[str, Path]]:
    """The files a pack carries besides the store: originals and exports (regular files only, no links).

    The index is derived (rebuilt after unpacking) and backups stay with the case they protect.
    """
    for folder in (layout.originals, layout.exports):
        if not folder.is_dir():
            continue
        for current, subdirs, names in os.walk(folder):  # os.walk does not follow links to folders
            subdirs.sort()
            for name in sorted(names):
                path = Path(current) / name
                if name.startswith(".") or (exclude is not None and path == exclude):
                    continue  # temporary files of interrupted copies and exports
                if not stat.S_ISREG(path.lstat().st_mode):
                    log.warning("%s: not a regular file; not packed", path)
                    continue
                yield path.relative_to(layout.root).as_posix(), path


def write_archive(out: Path, *, manifest: ArchiveManifest, store_snapshot: Path, files: list[tuple[str, Path]],
                  progress: ProgressCallback = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> str:
    """Write the zip under a temporary name beside `out`, then move it into place; returns its SHA-256.

    Refuses to overwrite an existing file. A crash or a full disk leaves no file at `out` (only a hidden
    temporary one that is removed on failure).
    """
    if out.exists():
        raise CaseError(f"{out}: already exists; choose another file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; an archive is an ordinary file
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", allowZip64=True) as zf:
            everything = [(DB_NAME, store_snapshot), *files]
            for done, (name, path) in enumerate(everything):
                cancel.raise_if_cancelled()
                progress(ProgressUpdate(done, len(everything), name))
                compress = zipfile.ZIP_STORED if name.startswith("originals/") else zipfile.ZIP_DEFLATED
                manifest.entries.append(_add_file(zf, name, path, compress, cancel))
            info = _zip_info(MANIFEST_NAME, time.time())
            zf.writestr(info, manifest.to_json(), compress_type=zipfile.ZIP_DEFLATED)
            zf.close()
            raw.flush()
            os.fsync(raw.fileno())
        digest = sha256_file(tmp)
        _move_no_clobber(tmp, out)
        progress(ProgressUpdate(len(files) + 1, len(files) + 1, "packed"))
        return digest
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@functools.cache
def _umask() -> int:
    """The process umask (read once: reading it means setting it for a moment)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _zip_info(name: str, mtime: float) -> zipfile.ZipInfo:
    stamp = time.gmtime(max(mtime, 315532800))[:6]  # zip dates start in 1980
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def _add_file(zf: zipfile.ZipFile, name: str, path: Path, compress: int, cancel: CancelToken) -> ArchiveEntry:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as src:
        info = _zip_info(name, os.fstat(src.fileno()).st_mtime)
        info.compress_type = compress
        with zf.open(info, "w", force_zip64=True) as dst:
            while chunk := src.read(CHUNK):
                cancel.raise_if_cancelled()
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
    return ArchiveEntry(name, digest.hexdigest(), size)


def sha256_file(path: Path) -> str:
    return sha256_of(path)[0]


def _move_no_clobber(tmp: Path, out: Path) -> None:
    """Rename into place unless something appeared at `out` meanwhile (a hard link fails if it exists)."""
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise CaseError(f"{out}: already exists; choose another file name") from None
    except OSError:  # file systems without hard links (FAT, some network shares)
        if out.exists():
            raise CaseError(f"{out}: already exists; choose another file name") from None
        os.replace(tmp, out)
        return
    tmp.unlink()


# --- unpacking ------------------------------------------------------------------------------------------------


def check_member_name(name: str, *, where: Path) -> str:
    """Refuse absolute paths, drive letters, backslashes, '..' and empty or odd components."""
    bad = None
    if not name or "\x00" in name:
        bad = "an empty or NUL-containing name"
    elif "\\" in name:
        bad = "a backslash in its name"
    elif name.startswith("/") or _DRIVE_RE.match(name):
        bad = "an absolute path"
    elif any(part in ("", ".", "..") for part in name.rstrip("/").split("/")):
        bad = "a path that climbs out of the case folder ('..')" if ".." in name.split("/") else "an odd path"
    if bad:
        raise CaseError(f"{where}: refused: member {name!r} has {bad}")
    return name


def _check_allowed(entry: ArchiveEntry, *, where: Path) -> None:
    """Only the parts of a case may be in a case archive; originals are named by their own hash."""
    parts = entry.path.split("/")
    if not _SHA_RE.match(entry.sha256) or entry.size < 0:
        raise CaseError(f"{where}: refused: the manifest entry for {entry.path!r} is malformed")
    if entry.path == DB_NAME:
        return
    if parts[0] == "originals":
        if len(parts) != 3 or parts[2] != entry.sha256 or parts[1] != entry.sha256[:2]:
            raise CaseError(f"{where}: refused: {entry.path!r} is not where an original with its hash belongs")
        return
    if parts[0] == "exports" and len(parts) >= 2:
        return
    raise CaseError(f"{where}: refused: {entry.path!r} is not part of a case (store, originals, exports)")


def _check_member_type(info: zipfile.ZipInfo, *, where: Path) -> None:
    mode = info.external_attr >> 16
    if info.flag_bits & 0x1:
        raise CaseError(f"{where}: refused: member {info.filename!r} is encrypted")
    if stat.S_IFMT(mode) == 0 or stat.S_ISREG(mode) or (stat.S_ISDIR(mode) and info.is_dir()):
        return  # no type bits: written by a tool that records no Unix file type, i.e. a plain file
    kind = ("a symbolic link" if stat.S_ISLNK(mode) else "a device file" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a pipe or socket" if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) else "not a regular file")
    raise CaseError(f"{where}: refused: member {info.filename!r} is {kind}")


def read_manifest(archive: Path) -> tuple[zipfile.ZipFile, ArchiveManifest, dict[str, zipfile.ZipInfo]]:
    """Open the archive and check its members and manifest before anything is written anywhere."""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise CaseError(f"{archive}: not a Casebook case archive (not a readable zip file: {exc})") from exc
    except OSError as exc:
        raise CaseError(f"{archive}: cannot read the archive: {exc.strerror or exc}") from exc
    try:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise CaseError(f"{archive}: refused: {len(infos):,} members is more than a case archive holds")
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            check_member_name(info.filename, where=archive)
            _check_member_type(info, where=archive)
            if info.filename in members:
                raise CaseError(f"{archive}: refused: member {info.filename!r} appears twice")
            if not info.is_dir():
                members[info.filename] = info
        meta = members.pop(MANIFEST_NAME, None)
        if meta is None:
            raise CaseError(f"{archive}: not a Casebook case archive (no {MANIFEST_NAME})")
        if meta.file_size > MAX_MANIFEST_BYTES:
            raise CaseError(f"{archive}: refused: its manifest is implausibly large")
        with zf.open(meta) as handle:
            text = handle.read(MAX_MANIFEST_BYTES + 1).decode("utf-8", errors="replace")
        manifest = ArchiveManifest.from_json(text, where=archive)
        listed = {}
        for entry in manifest.entries:
            check_member_name(entry.path, where=archive)
            _check_allowed(entry, where=archive)
            if entry.path in listed:
                raise CaseError(f"{archive}: refused: the manifest lists {entry.path!r} twice")
            listed[entry.path] = entry
        if DB_NAME not in listed:
            raise CaseError(f"{archive}: not a Casebook case archive (no store in its manifest)")
        unlisted = sorted(set(members) - set(listed))
        missing = sorted(set(listed) - set(members))
        if unlisted:
            raise CaseError(f"{archive}: refused: {unlisted[0]!r} is in the archive but not in its manifest")
        if missing:
            raise CaseError(f"{archive}: damaged: {missing[0]!r} is in the manifest but missing from the archive")
        return zf, manifest, members
    except BaseException:
        zf.close()
        raise


def unpack_to_temp(archive: Path, dest: Path, *, progress: ProgressCallback = no_progress,
                   cancel: CancelToken = NEVER_CANCELLED) -> tuple[Path, ArchiveManifest]:
    """Extract and hash-check every file into a hidden folder beside `dest`; the caller moves it into place.

    On any failure the hidden folder is removed, so nothing half-unpacked is ever left behind.
    """
    refuse_existing(dest)
    zf, manifest, members = read_manifest(archive)
    with zf:
        dest.parent.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(dest.parent).free
        if manifest.total_bytes + _HEADROOM_BYTES > free:
            raise CaseError(f"{dest.parent}: not enough free space to unpack ({manifest.total_bytes / 1024**2:,.1f} "
                            f"MB needed, {free / 1024**2:,.1f} MB free)")
        work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.unpacking-", dir=dest.parent))
        try:
            os.chmod(work, 0o777 & ~_umask())
            for done, entry in enumerate(manifest.entries):
                cancel.raise_if_cancelled()
                progress(ProgressUpdate(done, len(manifest.entries), entry.path))
                _extract_checked(zf, members[entry.path], entry, work, archive, cancel)
            for folder in ("originals", "index", "exports", "backups"):
                (work / folder).mkdir(exist_ok=True)
            return work, manifest
        except BaseException:
            discard(work)
            raise


def _extract_checked(zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: ArchiveEntry, work: Path, archive: Path,
                     cancel: CancelToken) -> None:
    target = work.joinpath(*entry.path.split("/"))
    if work.resolve() not in target.resolve().parents:
        raise CaseError(f"{archive}: refused: {entry.path!r} would land outside the case folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    written = 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as out, zf.open(info) as src:
            while chunk := src.read(CHUNK):
                cancel.raise_if_cancelled()
                written += len(chunk)
                if written > entry.size:  # a member that inflates past what the manifest declares: a bomb
                    raise CaseError(f"{archive}: refused: {entry.path!r} is larger than its manifest says")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise CaseError(f"{archive}: damaged: {entry.path!r} cannot be read ({exc})") from exc
    if written != entry.size or digest.hexdigest() != entry.sha256:
        raise CaseError(f"{archive}: damaged or altered: {entry.path!r} does not match the SHA-256 in its manifest")
    if entry.path.startswith("originals/"):
        os.chmod(target, READ_ONLY)


def refuse_existing(dest: Path) -> None:
    """Unpacking never writes over anything: the destination must be new, or an empty folder."""
    if CaseLayout(dest).is_case():
        raise CaseError(f"{dest}: a case already exists here; unpack to a new folder")
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise CaseError(f"{dest}: already exists and is not a folder; unpack to a new folder")
    if dest.is_dir() and any(dest.iterdir()):
        raise CaseError(f"{dest}: folder is not empty; unpack to a new or empty folder")


def move_into_place(work: Path, dest: Path) -> None:
    """Rename the checked folder to `dest` in one step (rename(2) replaces only an empty folder)."""
    refuse_existing(dest)
    try:
        os.rename(work, dest)
    except OSError as exc:
        raise CaseError(f"{dest}: cannot put the unpacked case here ({exc.strerror or exc})") from exc


def discard(work: Path) -> None:
    """Remove a half-unpacked folder, read-only originals included."""
    for current, _subdirs, names in os.walk(work):
        for name in names:
            with contextlib.suppress(OSError):
                os.chmod(Path(current) / name, 0o600)  # Windows will not delete read-only files
    shutil.rmtree(work, ignore_errors=True)
