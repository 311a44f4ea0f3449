"""Exporting a bundle as volumes under a court's size cap: split at exhibits, measure, verify, then put in place."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from casebook.core.bundles import BundleError, BundlePlan, ChartRow, Volume
from casebook.core.evidence import Excerpt
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.export.documents import Caption, chart_html
from casebook.export.plan import assign_volumes, move_last_exhibit, volume_file_name, volume_plan
from casebook.export.plan import plan_bundle as lay_out_plan
from casebook.pdf.bundle_assemble import assemble_bundle
from casebook.pdf.bundle_html import RenderedHtml
from casebook.services.bundle_build import Layout, build_layout, render
from casebook.services.bundle_preflight import PreflightReport
from casebook.services.bundle_sources import EvidenceMap, PreparedExhibit
from casebook.services.bundle_verify import BundleVerificationFailed, Verification, verify_bundle, verify_set
from casebook.store.originals import sha256_of

# Pages after the chart in the last volume (the timeline figure): given the volume set's plan and the chart
# (or None), returns the chart with the appendix pages after it.
Appendix = Callable[[BundlePlan, RenderedHtml | None], RenderedHtml]
# The `pdfa` profile's conversion of one assembled volume in place (path, its plan, its layout → the layout as
# converted); it raises if the converted volume fails its checks.
Archival = Callable[[Path, BundlePlan, Layout], Layout]

log = logging.getLogger(__name__)


@dataclass
class VolumeFile:
    """One written volume: where it is, its hash and size, and what it holds."""

    number: int
    count: int
    path: Path
    sha256: str
    size: int
    pages: int
    front_pages: int
    first_page: int
    last_page: int
    exhibits: list[str]
    bates: str
    chart: bool

    def to_dict(self) -> dict:
        return {"volume": self.number, "of": self.count, "file": self.path.name, "sha256": self.sha256,
                "size": self.size, "pages": self.pages, "front_matter_pages": self.front_pages,
                "bundle_pages": [self.first_page, self.last_page], "exhibits": self.exhibits,
                "bates": self.bates, "chart": self.chart}


@dataclass
class VolumeSet:
    """A verified set of volumes in place, with its one manifest."""

    plan: BundlePlan
    files: list[VolumeFile]
    manifest_path: Path
    verification: Verification
    rows: list[ChartRow]
    fallbacks: list[str] = field(default_factory=list)

    @property
    def digest(self) -> str:
        """One hash for the set: SHA-256 over the volumes' hashes in order."""
        return hashlib.sha256("\n".join(f.sha256 for f in self.files).encode("ascii")).hexdigest()


def _volume_of(plan: BundlePlan) -> Volume:
    """The volume a per-volume plan draws (every plan of a set has one)."""
    if plan.current is None:
        raise BundleError("a volume's plan does not say which volume it is")
    return plan.current


def _volume_number(plan: BundlePlan, exhibit_index: int) -> int | None:
    volume = plan.exhibit_volume(exhibit_index)
    return volume.number if volume is not None else None


def _sha256(path: Path) -> str:
    return sha256_of(path)[0]


def _mb(size: float) -> str:
    return f"{size / (1024 * 1024):.2f} MB"


def _set_plan(plan: BundlePlan, rows: Sequence[ChartRow], groups: Sequence[tuple[int, ...]],
              sources: Sequence, *, with_chart: bool, appendix: Appendix | None = None,
              ) -> tuple[BundlePlan, RenderedHtml | None]:
    """Group the plan into volumes and render the chart (its cites name volumes) and any further appendix (the
    timeline figure) for the last one.

    The appendix's length only moves its own page numbers, so one re-plan settles it.
    """
    set_plan = assign_volumes(plan, groups)
    if not with_chart and appendix is None:
        return set_plan, None

    def appendix_pages(laid_out: BundlePlan) -> RenderedHtml | None:
        chart = render(chart_html(volume_plan(laid_out, len(groups)), rows), plan) if with_chart else None
        return appendix(laid_out, chart) if appendix is not None else chart

    chart = appendix_pages(set_plan)
    if chart is not None and chart.page_count != plan.chart_pages:
        bates_first = next((p.bates for p in plan.pages if p.bates is not None), None)
        replanned = lay_out_plan(plan.definition, sources, bates_first=bates_first, chart_pages=chart.page_count)
        set_plan = assign_volumes(replanned, groups)
        chart = appendix_pages(set_plan)
    return set_plan, chart


def _bates_span(plan: BundlePlan) -> str:
    numbers = [p.bates for p in plan.pages if p.bates is not None]
    return f"{plan.bates_text(numbers[0])}–{plan.bates_text(numbers[-1])}" if numbers else ""


@dataclass
class _Staged:
    plan: BundlePlan
    layout: Layout
    path: Path
    size: int


def _assemble(set_plan: BundlePlan, chart: RenderedHtml | None, prepared: Sequence[PreparedExhibit],
              evidence: EvidenceMap, rows: Sequence[ChartRow], caption: Caption, case_title: str, stem: str,
              staging: Path, progress: ProgressCallback, cancel: CancelToken, fallbacks: list[str],
              archival: Archival | None = None) -> list[_Staged]:
    staged = []
    for volume in set_plan.volumes:
        vplan = volume_plan(set_plan, volume.number)
        layout = build_layout(vplan, prepared, evidence, chart if volume.chart else None, rows, caption=caption,
                              case_title=case_title)
        path = staging / volume_file_name(stem, volume)

        def report(update: ProgressUpdate, name: str = volume.name) -> None:
            progress(ProgressUpdate(update.done, update.total, f"{name}: {update.message}"))

        result = assemble_bundle(layout.pages, layout.sources, layout.options, path, progress=report, cancel=cancel)
        fallbacks.extend(result.fallbacks)
        size = result.size
        if archival is not None:  # converted before measuring, so the cap holds for the file as saved
            report(ProgressUpdate(len(layout.pages), len(layout.pages), "converting to PDF/A-2b"))
            layout = archival(path, vplan, layout)
            size = path.stat().st_size
        staged.append(_Staged(vplan, layout, path, size))
    return staged


def export_volumes(plan: BundlePlan, prepared: Sequence[PreparedExhibit], evidence: EvidenceMap,
                   rows: Sequence[ChartRow], groups: Sequence[tuple[int, ...]], out: Path, *, caption: Caption,
                   case_title: str, excerpts: dict[int, Excerpt], preflight: PreflightReport, with_chart: bool,
                   progress: ProgressCallback = no_progress, cancel: CancelToken = NEVER_CANCELLED,
                   proof: Callable[[Path], list[str]] | None = None,
                   manifest_extra: Callable[[BundlePlan], dict] | None = None,
                   appendix: Appendix | None = None, archival: Archival | None = None) -> VolumeSet:
    """Write "OUT-STEM Vol. k of n.pdf" for each group of exhibits and one "OUT-STEM.manifest.json".

    Every volume is assembled in a private staging folder and its size measured; a volume over the cap gives
    its last exhibit to the next volume and all are rebuilt (volume counts and cites change), and a volume of
    one exhibit over the cap fails naming it. Then every volume and the whole set are verified, and only then
    is anything moved into place. On any failure nothing is left at the destination.
    """
    cap = plan.profile.max_file_bytes
    if not cap:
        raise BundleError("volumes are only made under a size cap")
    sources = [p.source for p in prepared]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.stem}-volumes-", dir=out.parent))
    placed: list[Path] = []
    try:
        groups = [tuple(g) for g in groups]
        while True:  # ends: every pass moves an exhibit later, or fails
            cancel.raise_if_cancelled()
            fallbacks: list[str] = []
            set_plan, chart = _set_plan(plan, rows, groups, sources, with_chart=with_chart, appendix=appendix)
            for old in staging.iterdir():
                old.unlink()
            staged = _assemble(set_plan, chart, prepared, evidence, rows, caption, case_title, out.stem, staging,
                               progress, cancel, fallbacks, archival)
            over = next((i for i, s in enumerate(staged) if s.size > cap), None)
            if over is None:
                break
            volume = set_plan.volumes[over]
            if len(groups[over]) == 1:
                label = set_plan.exhibits[groups[over][0]].heading
                raise BundleError(f"{volume.name} holds only {label} and comes to {_mb(staged[over].size)}, over "
                                  f"the {_mb(cap)} cap per file; volumes split only between exhibits — reduce "
                                  "or divide that document. Nothing was written.")
            log.info("%s came to %d bytes, over the cap of %d; moving its last exhibit on", volume.name,
                     staged[over].size, cap)
            groups = move_last_exhibit(groups, over)
        progress(ProgressUpdate(0, len(staged), "verifying the volumes"))
        checked = []
        problems: list[str] = []
        for item in staged:
            verification, reading = verify_bundle(item.path, item.plan, item.layout, rows, excerpts)
            problems.extend(f"{_volume_of(item.plan).name}: {p}" for p in verification.problems)
            if proof is not None:  # a redacted set: nothing redacted may be read back from any volume
                problems.extend(f"{_volume_of(item.plan).name}: {p}" for p in proof(item.path))
            checked.append((item.plan, item.layout, reading, verification))
        problems.extend(verify_set(set_plan, rows, checked))
        total = _merge([v for *_, v in checked], problems)
        if not total.ok:
            raise BundleVerificationFailed("the volumes failed verification and none was saved:\n"
                                           + "\n".join(total.problems), total)
        cancel.raise_if_cancelled()
        files = []
        for item in staged:
            volume = _volume_of(item.plan)
            files.append(VolumeFile(
                volume.number, volume.count, out.with_name(item.path.name), _sha256(item.path), item.size,
                len(item.layout.pages), item.layout.front_pages, volume.first_page, volume.last_page,
                [set_plan.exhibits[i].label for i in volume.exhibits], _bates_span(item.plan), volume.chart))
        manifest_name = out.stem + ".manifest.json"
        extra = {**(manifest_extra(set_plan) if manifest_extra else {}), "pdfa": archival is not None}
        _write_manifest(staging / manifest_name, set_plan, files, total, preflight, extra)
        for item, file in zip(staged, files, strict=True):
            os.replace(item.path, file.path)
            placed.append(file.path)
        manifest_path = out.with_name(manifest_name)
        os.replace(staging / manifest_name, manifest_path)
        placed.clear()  # the set is complete
        return VolumeSet(set_plan, files, manifest_path, total, list(rows), fallbacks)
    finally:
        for path in placed:  # a move failed part-way: take back what was put in place
            path.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)


def _merge(results: Sequence[Verification], problems: list[str]) -> Verification:
    return Verification(quotes_checked=sum(r.quotes_checked for r in results),
                        bates_checked=sum(r.bates_checked for r in results),
                        labels_checked=sum(r.labels_checked for r in results),
                        links_checked=sum(r.links_checked for r in results), problems=problems)


def manifest_data(plan: BundlePlan, files: Sequence[VolumeFile]) -> dict:
    """One manifest for the set: each volume's file hash, each exhibit's original hash, volume and Bates range."""
    return {
        "bundle": plan.definition.name, "title": plan.definition.title, "date": plan.definition.date,
        "profile": plan.profile.name, "max_file_bytes": plan.profile.max_file_bytes, "pdfa": False,
        "volumes": [f.to_dict() for f in files], "pages": plan.last_page,
        "bates_prefix": plan.bates_prefix, "bates": _bates_span(plan),
        "chart_pages": [plan.chart_first, plan.last_page] if plan.chart_pages else None,
        "exhibits": [
            {"label": ex.label, "document_id": ex.document_id, "title": ex.title, "description": ex.description,
             "date": ex.date, "original_sha256": ex.sha256, "source_pages": ex.source_pages,
             "volume": _volume_number(plan, i), "bundle_pages": [ex.first_page, ex.last_page],
             "bates": plan.bates_range(ex), "article": ex.is_article}
            for i, ex in enumerate(plan.exhibits)
        ],
        "definition": plan.definition.to_dict(),
    }


def _write_manifest(path: Path, plan: BundlePlan, files: Sequence[VolumeFile], verification: Verification,
                    preflight: PreflightReport, extra: dict | None = None) -> None:
    data = manifest_data(plan, files)
    data["verification"] = verification.to_dict()
    data["preflight"] = preflight.to_dict()
    data.update(extra or {})
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True, ensure_ascii=False)
        handle.write("\n")
    os.chmod(path, 0o644)
