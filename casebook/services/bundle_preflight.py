"""Pre-flight report for a bundle: what the court profile will object to, and what will change, before writing."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from casebook.core.bundles import BundlePlan, PlannedExhibit
from casebook.export.plan import pack_volumes
from casebook.pdf.bundle_preflight import inspect_original
from casebook.services.bundle_archival import pdfa_tool, preflight_note
from casebook.services.bundle_sources import PreparedExhibit
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

# Rough share of an original's size a bundle adds per exhibit page (stamps, marks); used only for the estimate.
_PAGE_OVERHEAD_BYTES = 1_500
# What every volume carries besides its exhibits: cover, index and manifest pages with their embedded fonts
# (measured on the demo case at about 140 kB). Packing uses it; the assembled size is then measured.
VOLUME_OVERHEAD_BYTES = 150_000


def exhibit_bytes(exhibit: PlannedExhibit, prep: PreparedExhibit) -> int:
    """Estimated bytes an exhibit adds to a bundle file: its original plus stamps and marks per page."""
    return prep.record.size + exhibit.source_pages * _PAGE_OVERHEAD_BYTES


def plan_volumes(plan: BundlePlan, prepared: Sequence[PreparedExhibit]) -> list[tuple[int, ...]]:
    """Exhibit groups for the volumes a capped profile needs (one group when the bundle fits, or no cap)."""
    cap = plan.profile.max_file_bytes
    if not cap:
        return [tuple(range(len(plan.exhibits)))]
    sizes = [exhibit_bytes(ex, prep) for ex, prep in zip(plan.exhibits, prepared, strict=True)]
    if sum(sizes) + VOLUME_OVERHEAD_BYTES <= cap:
        return [tuple(range(len(plan.exhibits)))]
    return pack_volumes(sizes, cap, overhead=VOLUME_OVERHEAD_BYTES)


def _pages(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:12])
    return shown + (f" and {len(numbers) - 12} more" if len(numbers) > 12 else "")


@dataclass
class PreflightReport:
    """Findings by exhibit. `blocking` findings stop the export; `warnings` are reported and kept in the manifest."""

    blocking: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    estimated_bytes: int = 0
    pages: int = 0
    volumes: list[list[str]] = field(default_factory=list)  # exhibit labels per volume when split

    @property
    def ok(self) -> bool:
        return not self.blocking

    def to_dict(self) -> dict:
        return {"ok": self.ok, "blocking": self.blocking, "warnings": self.warnings, "notes": self.notes,
                "estimated_bytes": self.estimated_bytes, "pages": self.pages, "volumes": self.volumes}


def preflight_exhibits(case: CaseStore, plan: BundlePlan, prepared: Sequence[PreparedExhibit]) -> PreflightReport:
    report = PreflightReport(pages=len(plan.pages))
    profile = plan.profile
    tool = pdfa_tool() if profile.pdfa else None
    report.notes.append(f"Profile {profile.name}: {profile.description}.")
    for exhibit, prep in zip(plan.exhibits, prepared, strict=True):
        name = f"{exhibit.heading} ({prep.record.original_name})"
        report.estimated_bytes += prep.record.size + exhibit.source_pages * _PAGE_OVERHEAD_BYTES
        if prep.pages_without_text:
            report.warnings.append(f"{name}: page(s) {_pages(prep.pages_without_text)} have no text layer; "
                                   "they are included as scanned, and excerpts there cannot be checked")
        for excerpt_id, why in sorted(prep.unplaced.items()):
            report.warnings.append(f"{name}: excerpt {excerpt_id} could not be placed on the printed article "
                                   f"({why}); it is neither highlighted nor cited to a bundle page")
        if prep.record.encrypted:
            report.blocking.append(f"{name}: the original is encrypted; decrypt it before bundling")
        if exhibit.is_article or prep.pdf.path is None:
            continue
        found = inspect_original(prep.pdf.path, page_size=profile.page_size)
        if found.error:
            report.blocking.append(f"{name}: {found.error}")
            continue
        if found.pages != exhibit.source_pages:
            report.blocking.append(f"{name}: the original has {found.pages} pages, the case recorded "
                                   f"{exhibit.source_pages}; re-import it")
        if found.oversized_pages:
            report.warnings.append(f"{name}: page(s) {_pages(found.oversized_pages)} are larger than the "
                                   "profile's page size and will be reduced to fit")
        if found.rotated_pages:
            report.notes.append(f"{name}: page(s) {_pages(found.rotated_pages)} are rotated; shown upright as "
                                "the viewer shows them")
        if found.fonts_not_embedded and tool is not None:
            report.notes.append(f"{name}: fonts not embedded in the original "
                                f"({', '.join(found.fonts_not_embedded[:6])}); the PDF/A conversion embeds them")
        elif found.fonts_not_embedded:
            report.warnings.append(f"{name}: fonts not embedded ({', '.join(found.fonts_not_embedded[:6])}); "
                                   "the court's viewer will substitute them")
        dropped = [f"{n} {what}" for n, what in ((found.annotations, "annotation(s)"),
                                                 (found.form_fields, "form field(s)"),
                                                 (found.attachments, "attachment(s)")) if n]
        if found.javascript:
            dropped.append("JavaScript")
        if dropped:
            report.notes.append(f"{name}: {', '.join(dropped)} in the original are not carried into the bundle")
    if profile.max_file_bytes:
        _size_cap(report, plan, prepared)
    if profile.pdfa:
        kind, text = preflight_note(tool)
        if report.volumes:
            kind, text = "warning", ("PDF/A is not produced for a bundle split into volumes: the volumes will be "
                                     "ordinary PDFs and the manifest says pdfa: false (export without a size cap "
                                     "for PDF/A-2b)")
        (report.warnings if kind == "warning" else report.notes).append(text)
    report.warnings.extend(plan.warnings)
    return report


def _mb(size: float) -> str:
    return f"{size / (1024 * 1024):.2f} MB"


def _size_cap(report: PreflightReport, plan: BundlePlan, prepared: Sequence[PreparedExhibit]) -> None:
    """Volumes the cap calls for, and any exhibit that alone is too big for a file (volumes split only
    between exhibits, never inside one)."""
    cap = plan.profile.max_file_bytes or 0
    too_big = False
    for exhibit, prep in zip(plan.exhibits, prepared, strict=True):
        alone = exhibit_bytes(exhibit, prep) + VOLUME_OVERHEAD_BYTES
        if alone > cap:
            too_big = True
            report.blocking.append(
                f"{exhibit.heading} ({prep.record.original_name}) alone is about {_mb(alone)} in a volume, over "
                f"the {_mb(cap)} cap per file; volumes split only between exhibits — reduce or divide that document")
    groups = plan_volumes(plan, prepared)
    if len(groups) > 1 and not too_big:
        report.volumes = [[plan.exhibits[i].label for i in g] for g in groups]
        spans = "; ".join(f"Vol. {n}: Exhibit{'s' if len(g) > 1 else ''} {g[0]}" + (f"–{g[-1]}" if len(g) > 1 else "")
                          for n, g in enumerate(report.volumes, start=1))
        report.notes.append(
            f"estimated size {_mb(report.estimated_bytes + VOLUME_OVERHEAD_BYTES)} is over the {_mb(cap)} cap per "
            "file; the bundle will be "
            f"exported as {len(groups)} volumes split at exhibit boundaries ({spans}); each volume's size is "
            "measured after assembly")
