"""Index segments built in worker processes and adopted by one commit (parallel indexing on spawn).

Whoosh's own `procs>1` writer shares one temporary folder between its writers and crashed under spawn, so
Casebook runs its own workers: each opens the index read-only, writes one new segment (its own temporary
folder, no lock: the parent holds the index lock throughout) from the documents it is sent, and returns the
segment's description. The parent's `IndexBatch.adopt` lists those segments in its commit's table of
contents, in the same commit that deletes the documents' older units, so readers see all or nothing. A
worker killed mid-way leaves segment files no table of contents names: Whoosh deletes them at the next
commit (`whoosh.index.clean_files`), and the outbox still holds the work, so it is simply done again.
Segments are written by `casebook.index.fastwrite.SegmentBuilder` (about 4x less CPU than Whoosh's
`SegmentWriter`, which remains for a schema the builder cannot write).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as windex
from whoosh.writing import PostingPool, SegmentWriter

from casebook.core.records import DocumentRecord, PageRecord
from casebook.core.worker_priority import yield_if_asked
from casebook.index.fastwrite import SegmentBuilder, supports
from casebook.index.schema import index_codec, units_for

if TYPE_CHECKING:  # Whoosh is untyped: Any to mypy, named for the reader
    from multiprocessing.queues import Queue

    from whoosh.reading import IndexReader

WORKER_LIMIT_MB = 96  # each worker's posting pool; larger runs spill to its temporary folder
TEMP_PREFIX = "MAIN.worker-"

DocumentWork = tuple[DocumentRecord, Sequence[PageRecord], Sequence[str]]


class _Lengths:
    """Field lengths read once per field: Whoosh otherwise decodes a unit's length for every posting."""

    def __init__(self, reader: IndexReader, count: int) -> None:
        self._reader = reader
        self._count = count
        self._cache: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._cache.get(fieldname)
        if lengths is None:
            lengths = self._cache[fieldname] = [self._reader.doc_field_length(d, fieldname, default)
                                                for d in range(self._count)]
        return lengths[docnum]


class _WorkerWriter(SegmentWriter):
    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader()
        try:
            lengths = _Lengths(reader, reader.doc_count_all())
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            reader.close()


def _segment_writer(folder: Path) -> tuple[SegmentWriter, object]:
    ix = windex.open_dir(str(folder))
    writer = _WorkerWriter(ix, _lk=False, limitmb=WORKER_LIMIT_MB, codec=index_codec())
    # Not the shared "MAIN.tmp": another writer destroys that folder when it finishes.
    shared = writer._tempstorage
    writer._tempstorage = ix.storage.temp_storage(f"{TEMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    writer.pool = PostingPool(writer._tempstorage, writer.newsegment, limitmb=WORKER_LIMIT_MB)
    return writer, shared


def build_segment(folder: Path, work: Iterable[DocumentWork]) -> object | None:
    """Write one new segment holding the units of these documents; returns it (None if nothing was added).

    The segment is not yet part of the index: pass it to `IndexBatch.adopt`.
    """
    ix = windex.open_dir(str(folder))
    codec = index_codec()
    if supports(ix.schema, codec):
        builder = SegmentBuilder(ix.storage, ix.schema, codec, ix.indexname)
        try:
            for doc, pages, tags in work:
                for unit in units_for(doc, pages, tags=tags):
                    builder.add_document(unit.fields())
            return builder.finish()
        except BaseException:
            builder.cancel()
            raise
    writer, _ = _segment_writer(folder)
    try:
        for doc, pages, tags in work:
            for unit in units_for(doc, pages, tags=tags):
                writer.add_document(**unit.fields())
        if not writer._added:
            writer._close_segment()
            return None
        return writer._finalize_segment()
    finally:
        writer._tempstorage.destroy()


def _worker(folder: str, jobs: Queue[list[DocumentWork] | None], results: Queue[tuple[str, Any]]) -> None:
    """Worker loop: build one segment from every chunk of documents until the None sentinel."""
    yield_if_asked()  # started by the desktop app: its GUI thread gets a core first
    def chunks() -> Iterator[DocumentWork]:
        while (chunk := jobs.get()) is not None:
            yield from chunk
    try:
        results.put(("ok", build_segment(Path(folder), chunks())))
    except BaseException as exc:  # reported to the parent, which discards the batch
        results.put(("error", f"{type(exc).__name__}: {exc}"))


class SegmentBuilders:
    """`procs` spawn workers, each building one segment from the document chunks `send` hands out in turn."""

    def __init__(self, folder: Path, procs: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._jobs = [context.Queue(maxsize=2) for _ in range(procs)]  # bounded: memory stays flat
        self._results = context.Queue()
        self._procs = [context.Process(target=_worker, args=(str(folder), jobs, self._results), daemon=True)
                       for jobs in self._jobs]
        self._next = 0
        for proc in self._procs:
            proc.start()

    def send(self, chunk: list[DocumentWork]) -> None:
        jobs = self._jobs[self._next % len(self._jobs)]
        self._next += 1
        while True:
            try:
                jobs.put(chunk, timeout=1.0)
                return
            except queue.Full:
                if not all(proc.is_alive() for proc in self._procs):
                    raise RuntimeError("an indexing worker ended early") from None

    def finish(self) -> list[object]:
        """Wait for every worker's segment; raises RuntimeError if a worker failed or died."""
        for jobs in self._jobs:
            jobs.put(None)
        segments: list[object] = []
        errors: list[str] = []
        for _ in self._procs:
            while True:
                try:
                    status, value = self._results.get(timeout=1.0)
                    break
                except queue.Empty:
                    if not any(proc.is_alive() for proc in self._procs) and self._results.empty():
                        raise RuntimeError("an indexing worker ended without a result") from None
            if status == "ok":
                segments.append(value)
            else:
                errors.append(value)
        for proc in self._procs:
            proc.join()
        if errors:
            raise RuntimeError(f"an indexing worker failed: {errors[0]}")
        return [s for s in segments if s is not None]

    def stop(self) -> None:
        """End the workers now (after a failure or cancel); their partial files are cleaned by the next commit."""
        for proc in self._procs:
            if proc.is_alive():
                proc.kill()
            proc.join()


def remove_worker_leftovers(folder: Path) -> None:
    """Delete temporary folders of workers that were killed (call while holding the index lock)."""
    for path in Path(folder).glob(f"{TEMP_PREFIX}*.tmp"):
        shutil.rmtree(path, ignore_errors=True)
