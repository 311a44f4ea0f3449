"""Import benchmark: pages/s and peak memory importing a generated 1,000-page filing, beside bare PyMuPDF."""

from __future__ import annotations

import multiprocessing
import os
import random
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from casebook.core.filing_spec import FilingSpec

WORDS = (
    "the", "plaintiff", "defendant", "court", "records", "declaration", "disclosure", "taxpayer",
    "information", "agency", "request", "address", "data", "sharing", "agreement", "memorandum",
    "statute", "privacy", "return", "section", "officer", "department", "enforcement",
    "immigration", "review", "notice", "order", "relief", "injunction", "hearing", "counsel",
    "exhibit", "evidence", "federal", "district", "circuit", "motion", "paragraph", "filed",
    "sworn", "penalty", "perjury", "authority", "administrative", "procedure", "act", "unlawful",
    "arbitrary", "capricious", "individuals", "identify", "insufficient", "dissemination",
    "disposal",
)


@dataclass
class ImportBenchResult:
    """Figures of one import benchmark run."""

    pages: int
    file_mb: float
    casebook_seconds: float
    casebook_pages_per_s: float
    casebook_peak_rss_mb: float
    casebook_worker_peak_rss_mb: float
    casebook_all_processes_peak_rss_mb: float  # sampled: the import process and its PDF worker at the same moment
    bare_seconds: float
    bare_pages_per_s: float
    bare_peak_rss_mb: float

    def to_dict(self) -> dict:
        return asdict(self)


def synthetic_filing(paragraphs: int, *, seed: int = 1746) -> FilingSpec:
    """A long declaration of filler paragraphs in filing style; the same seed gives the same text."""
    rng = random.Random(seed)

    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
        return " ".join(words).capitalize() + "."

    return FilingSpec.from_dict({
        "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["TAXPAYER RIGHTS CENTER,", "Plaintiff,"],
        "defendants": ["INTERNAL REVENUE SERVICE, et al.,", "Defendants."],
        "case_number": "1:25-cv-01234",
        "judge_initials": "ABC",
        "kind": "declaration",
        "title": "DECLARATION OF A BENCHMARK WITNESS",
        "paragraphs": [" ".join(sentence() for _ in range(rng.randint(3, 6))) for _ in range(paragraphs)],
        "signature": ["/s/ Benchmark Witness", "Benchmark Witness"],
        "ecf_document_number": "99",
        "filed_date": "2025-07-02",
    })


def _rss_mb(who: int) -> float:
    import resource
    import sys

    kb = resource.getrusage(who).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def _make_pdf(path: str, pages: int) -> int:
    from casebook.pdf.filing_writer import write_filing

    count = write_filing(synthetic_filing(40), Path(path))
    per_page = max(1.0, 40 / max(count, 1))
    paragraphs = int(pages * per_page)
    count = write_filing(synthetic_filing(paragraphs), Path(path))
    while count < pages:
        paragraphs = int(paragraphs * pages / count) + 2
        count = write_filing(synthetic_filing(paragraphs), Path(path))
    return count


def _process_tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants now, read from /proc (0 where /proc is missing)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * page
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total / 1024**2


class _TreeRssSampler(threading.Thread):
    """Samples the memory of this process and its children every few milliseconds; keeps the peak."""

    def __init__(self, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._every = every
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_mb = max(self.peak_mb, _process_tree_rss_mb(os.getpid()))
            self._done.wait(self._every)

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak_mb


def _bare(path: str, queue: Any) -> None:
    from casebook.pdf.reference import bare_text_extraction

    start = time.perf_counter()
    pages, _chars = bare_text_extraction(Path(path))
    import resource

    queue.put((time.perf_counter() - start, pages, _rss_mb(resource.RUSAGE_SELF)))


def _casebook(path: str, case_dir: str, queue: Any) -> None:
    import resource

    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths

    sampler = _TreeRssSampler()
    sampler.start()
    with create_case(Path(case_dir), title="bench") as case:
        start = time.perf_counter()
        summary = import_paths(case, [Path(path)])
        seconds = time.perf_counter() - start
    tree_peak = sampler.stop()
    if summary.failed:
        raise RuntimeError(summary.failed[0].message)
    pages = summary.imported[0].page_count
    queue.put((seconds, pages, _rss_mb(resource.RUSAGE_SELF), _rss_mb(resource.RUSAGE_CHILDREN), tree_peak))


def _in_child(target, *args):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def run_import_bench(*, pages: int = 1000, workdir: Path | None = None) -> ImportBenchResult:
    """Generate the PDF, then time Casebook's import and PyMuPDF's bare extraction, each in a fresh process."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        pdf = Path(tmp) / "bench-filing.pdf"
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(1) as pool:
            made = pool.apply(_make_pdf, (str(pdf), pages))
        cb_seconds, cb_pages, cb_rss, worker_rss, tree_rss = _in_child(_casebook, str(pdf), str(Path(tmp) / "case"))
        bare_seconds, bare_pages, bare_rss = _in_child(_bare, str(pdf))
        assert cb_pages == bare_pages == made
        return ImportBenchResult(
            pages=made, file_mb=round(pdf.stat().st_size / 1024**2, 2),
            casebook_seconds=round(cb_seconds, 2), casebook_pages_per_s=round(made / cb_seconds, 1),
            casebook_peak_rss_mb=round(cb_rss, 1), casebook_worker_peak_rss_mb=round(worker_rss, 1),
            casebook_all_processes_peak_rss_mb=round(tree_rss, 1),
            bare_seconds=round(bare_seconds, 2), bare_pages_per_s=round(made / bare_seconds, 1),
            bare_peak_rss_mb=round(bare_rss, 1),
        )
