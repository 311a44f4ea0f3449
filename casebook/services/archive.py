"""Packing a case into one file for transfer, and unpacking such a file into a new case, checked end to end."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from casebook import __version__
from casebook.core.errors import CaseError
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from casebook.services.search import sync_index
from casebook.store import archive, audit, documents, outbox
from casebook.store.archive import ArchiveManifest
from casebook.store.backups import snapshot
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

ARCHIVE_SUFFIX = ".casebook.zip"


@dataclass(frozen=True)
class PackResult:
    archive: Path
    files: int
    bytes: int
    sha256: str

    def to_dict(self) -> dict:
        return {"archive": str(self.archive), "files": self.files, "bytes": self.bytes, "sha256": self.sha256}


@dataclass(frozen=True)
class UnpackResult:
    case: Path
    title: str
    files: int
    documents: int

    def to_dict(self) -> dict:
        return {"case": str(self.case), "title": self.title, "files": self.files, "documents": self.documents}


def default_archive_path(case: CaseStore, *, now: datetime | None = None) -> Path:
    """Beside the case folder: '<case folder>-<date and time>.casebook.zip'."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    root = case.layout.root
    return root.parent / f"{root.name}-{stamp}{ARCHIVE_SUFFIX}"


def pack_case(case: CaseStore, *, out: Path | None = None, progress: ProgressCallback = no_progress,
              cancel: CancelToken = NEVER_CANCELLED) -> PackResult:
    """Write the case (a consistent snapshot of the store, every original, the exports) into one zip file.

    The store is copied with SQLite's backup API, so the archive is consistent even while other windows
    write. The pack is recorded in the case's audit log with the archive's SHA-256.
    """
    out = Path(out).expanduser().absolute() if out is not None else default_archive_path(case)
    if out.exists():
        raise CaseError(f"{out}: already exists; choose another file name")
    if out.parent.resolve() == case.layout.originals.resolve() or case.layout.originals in out.parents:
        raise CaseError(f"{out}: the archive cannot be written inside the case's originals folder")
    meta = case.meta()
    out.parent.mkdir(parents=True, exist_ok=True)
    # The snapshot is staged beside the archive: a disk that cannot hold it could not hold the archive either.
    with tempfile.TemporaryDirectory(prefix=".casebook-pack-", dir=out.parent) as staging:
        store_copy = Path(staging) / "casebook.sqlite"
        snapshot(case.db, store_copy)
        files = list(archive.case_files(case.layout, exclude=out))
        manifest = ArchiveManifest(
            title=meta.get("title", case.layout.root.name), case_created_at=meta.get("created_at", ""),
            packed_at=datetime.now(UTC).isoformat(timespec="seconds"), casebook_version=__version__)
        digest = archive.write_archive(out, manifest=manifest, store_snapshot=store_copy, files=files,
                                       progress=progress, cancel=cancel)
    result = PackResult(out, len(manifest.entries), manifest.total_bytes, digest)
    with case.transaction() as db:
        audit.append(db, "case.pack", "case", {"archive": out.name, "sha256": digest, "files": result.files})
    return result


def unpack_case(archive_path: Path, dest: Path, *, progress: ProgressCallback = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> UnpackResult:
    """Unpack an archive into a new case at `dest`: every hash checked, nothing outside `dest` written.

    The files go to a hidden folder beside `dest`; the store is opened and checked there (integrity, audit
    chain, every original present), the unpack is recorded in its audit log, and only then is the folder
    renamed to `dest`. Any failure removes the hidden folder: there is never a half-unpacked case.
    """
    archive_path = Path(archive_path).expanduser().absolute()
    dest = Path(dest).expanduser().absolute()
    work, manifest = archive.unpack_to_temp(archive_path, dest, progress=progress, cancel=cancel)
    try:
        with CaseStore.open(work) as case:
            problems = case.integrity_problems() + audit.verify_chain(case.db)
            if problems:
                raise CaseError(f"{archive_path}: refused: the packed store is damaged ({problems[0]})")
            present = {e.path.rsplit("/", 1)[-1] for e in manifest.entries if e.path.startswith("originals/")}
            originals = documents.stored_originals(case.db)
            absent = [(doc_id, sha) for doc_id, sha, _size in originals if sha not in present]
            if absent:
                raise CaseError(f"{archive_path}: damaged: the original of document {absent[0][0]} "
                                f"({absent[0][1][:12]}…) is not in the archive")
            with case.transaction() as db:
                outbox.enqueue_every_document(db)  # the index is rebuilt from the store, never shipped
                audit.append(db, "case.unpack", "case", {
                    "archive": archive_path.name, "archive_sha256": archive.sha256_file(archive_path),
                    "packed_at": manifest.packed_at, "files": len(manifest.entries),
                })
            title = case.title
        archive.move_into_place(work, dest)
    except BaseException:
        archive.discard(work)
        raise
    try:
        with CaseStore.open(dest) as case:
            sync_index(case, cancel=cancel)
    except Exception as exc:  # the case is whole; the queued index work finishes on the next search
        log.warning("%s: the search index will be built later (%s)", dest, exc)
    return UnpackResult(dest, title, len(manifest.entries), len(originals))
