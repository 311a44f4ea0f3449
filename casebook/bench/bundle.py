"""Bundle benchmark: export a 1,000-page bundle of generated filings with highlights, Bates and chart."""

from __future__ import annotations

import logging
import multiprocessing
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from casebook.bench.importing import _rss_mb, synthetic_filing
from casebook.core.bundles import BundleDefinition, ExhibitChoice
from casebook.core.evidence import ClaimType, Relation

log = logging.getLogger(__name__)

FILINGS = 10
EXCERPT_EVERY = 4  # pages
RELATIONS = (Relation.SUPPORTS, Relation.CONTRADICTS, Relation.QUALIFIES, Relation.CONTEXT)


@dataclass
class BundleBenchResult:
    pages: int
    exhibits: int
    highlights: int
    file_mb: float
    export_seconds: float
    export_peak_rss_mb: float
    setup_seconds: float

    def to_dict(self) -> dict:
        return asdict(self)


def _write_filings(folder: Path, pages: int) -> list[Path]:
    from casebook.pdf.filing_writer import write_filing

    per_filing = max(1, -(-pages // FILINGS))
    probe = write_filing(synthetic_filing(40), folder / "probe.pdf")
    (folder / "probe.pdf").unlink()
    paths = []
    for index in range(FILINGS):
        paragraphs = max(1, int(40 * per_filing / max(probe, 1)))
        path = folder / f"filing-{index + 1:02d}.pdf"
        count = write_filing(synthetic_filing(paragraphs, seed=1000 + index), path)
        while count < per_filing:  # at least the page budget, so the bundle has the pages asked for
            paragraphs = int(paragraphs * per_filing / max(count, 1)) + 1
            count = write_filing(synthetic_filing(paragraphs, seed=1000 + index), path)
        paths.append(path)
    return paths


def _setup(case_dir: str, pages: int, queue: Any) -> None:
    from casebook.core.evidence import EvidenceError
    from casebook.services import evidence
    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths
    from casebook.store import documents

    start = time.perf_counter()
    folder = Path(case_dir).parent / "filings"
    folder.mkdir()
    paths = _write_filings(folder, pages)
    with create_case(Path(case_dir), title="Bundle benchmark") as case:
        summary = import_paths(case, paths)
        if summary.failed:
            raise RuntimeError(summary.failed[0].message)
        ids = [doc.document_id for doc in summary.imported]
        claims = [evidence.add_claim(case, f"Benchmark proposition {n}", claim_type=ClaimType.SWORN_STATEMENT).id
                  for n in range(1, 6)]
        made = 0
        for doc_id in ids:
            for page in documents.get_pages(case.db, doc_id, with_words=False)[1::EXCERPT_EVERY]:
                lines = [ln for ln in page.text.split("\n") if len(ln) > 50]
                if not lines:
                    continue
                try:
                    excerpt = evidence.add_excerpt_by_quote(case, doc_id, lines[len(lines) // 2], page=page.number)
                except EvidenceError:
                    continue
                evidence.link_excerpt(case, claims[made % len(claims)], excerpt.id, RELATIONS[made % 4])
                made += 1
    queue.put((ids, made, time.perf_counter() - start))


def _export(case_dir: str, ids: list[int], queue: Any) -> None:
    import resource

    from casebook.services.bundles import export_bundle
    from casebook.services.cases import open_case

    definition = BundleDefinition(exhibits=tuple(ExhibitChoice(i) for i in ids), name="bench",
                                  title="Benchmark Appendix", date="2026-01-01", bates_prefix="BENCH")
    with open_case(Path(case_dir)) as case:
        start = time.perf_counter()
        report = export_bundle(case, definition, Path(case_dir) / "exports" / "bench.pdf")
        seconds = time.perf_counter() - start
    queue.put((seconds, report.pages, report.size, _rss_mb(resource.RUSAGE_SELF)))


def _in_child(target, *args):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    if proc.exitcode:
        raise RuntimeError(f"benchmark step failed (exit {proc.exitcode})")
    return result


def run_bundle_bench(*, pages: int = 1000, workdir: Path | None = None) -> BundleBenchResult:
    """Build a case of generated filings (not timed), then time the export in a fresh process."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        case_dir = str(Path(tmp) / "case")
        ids, highlights, setup_seconds = _in_child(_setup, case_dir, pages)
        seconds, total_pages, size, rss = _in_child(_export, case_dir, ids)
        return BundleBenchResult(
            pages=total_pages, exhibits=len(ids), highlights=highlights, file_mb=round(size / 1024**2, 2),
            export_seconds=round(seconds, 2), export_peak_rss_mb=round(rss, 1),
            setup_seconds=round(setup_seconds, 1))
