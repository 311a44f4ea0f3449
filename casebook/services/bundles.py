"""Filing bundles: define, plan (index preview), pre-flight, export with verification, and the claim chart PDF."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from casebook import __version__
from casebook.core.bundles import (
    BundleDefinition,
    BundleError,
    BundlePlan,
    ChartCite,
    ChartRow,
    court_profile,
)
from casebook.core.evidence import Relation
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.export.documents import Caption, chart_html
from casebook.export.numbering import bates_fingerprint
from casebook.export.plan import bates_page_count, move_last_exhibit
from casebook.export.plan import plan_bundle as lay_out_plan
from casebook.pdf.bundle_assemble import AssemblyOptions, OutputPage, Source, assemble_bundle
from casebook.pdf.bundle_html import RenderedHtml
from casebook.services.bundle_archival import make_archival, pdfa_tool
from casebook.services.bundle_build import Layout, build_layout, pdf_date, place_cites, render
from casebook.services.bundle_preflight import PreflightReport, plan_volumes, preflight_exhibits
from casebook.services.bundle_redaction import (
    BundleRedactions,
    manifest_entries,
    privacy_warnings,
    proof_problems,
    rebuilt_entries,
    redact_evidence,
    redact_excerpts,
    redact_exhibits,
)
from casebook.services.bundle_sources import EvidenceMap, PreparedExhibit, evidence_map, prepare_exhibits
from casebook.services.bundle_verify import BundleVerificationFailed, Verification, verify_bundle
from casebook.services.bundle_volumes import VolumeFile, export_volumes
from casebook.services.caption import get_caption
from casebook.services.reports import claim_chart
from casebook.services.timeline import with_timeline_appendix
from casebook.store import audit
from casebook.store import bundles as bundle_store
from casebook.store import evidence as evidence_store
from casebook.store.case_store import CaseStore
from casebook.store.originals import sha256_of

log = logging.getLogger(__name__)


@dataclass
class ExportReport:
    """What an export wrote and what verification found."""

    path: Path
    manifest_path: Path
    pages: int
    size: int
    sha256: str
    bates: str
    seconds: float
    verification: Verification
    preflight: PreflightReport
    warnings: list[str] = field(default_factory=list)
    # A bundle split under a size cap: `path` is volume 1, `pages` and `size` cover the set, and `sha256` is
    # the hash over the volumes' hashes in order; each volume's own figures are here.
    volumes: list[VolumeFile] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        return [v.path for v in self.volumes] if self.volumes else [self.path]

    def to_dict(self) -> dict:
        return {"path": str(self.path), "manifest": str(self.manifest_path), "pages": self.pages,
                "size": self.size, "sha256": self.sha256, "bates": self.bates, "seconds": self.seconds,
                "verification": self.verification.to_dict(), "preflight": self.preflight.to_dict(),
                "warnings": self.warnings,
                "volumes": [dict(v.to_dict(), path=str(v.path)) for v in self.volumes]}


# --- definitions -------------------------------------------------------------------------------------------------

def with_defaults(definition: BundleDefinition) -> BundleDefinition:
    """Fill the date (today, UTC) so the saved definition regenerates the same bundle later."""
    if definition.date:
        return definition
    return replace(definition, date=datetime.now(UTC).date().isoformat())


def save_definition(case: CaseStore, definition: BundleDefinition) -> BundleDefinition:
    court_profile(definition.profile)
    definition = with_defaults(definition)
    with case.transaction():
        bundle_store.save_definition(case.db, definition)
    return definition


def get_definition(case: CaseStore, name: str) -> BundleDefinition:
    found = bundle_store.get_definition(case.db, name)
    if found is None:
        raise BundleError(f"no bundle named {name!r} in this case")
    return found


def list_definitions(case: CaseStore) -> list[BundleDefinition]:
    return bundle_store.list_definitions(case.db)


def bates_ranges(case: CaseStore, prefix: str | None = None) -> list[bundle_store.BatesRange]:
    return bundle_store.list_ranges(case.db, prefix)


# --- planning ----------------------------------------------------------------------------------------------------

@dataclass
class _Built:
    plan: BundlePlan
    prepared: list[PreparedExhibit]
    evidence: EvidenceMap
    rows: list[ChartRow]
    chart: RenderedHtml | None
    redactions: BundleRedactions | None = None


def _caption(case: CaseStore, prepared: list[PreparedExhibit]) -> Caption:
    """The case's own caption when one is set (`casebook case set`), else the court and number of the first
    exhibit that has them."""
    own = get_caption(case)
    if own.is_set:
        return Caption(case_title=own.caption or case.title, court=own.court, case_number=own.number,
                       filer=own.filer)
    court = next((p.record.court for p in prepared if p.record.court), "")
    number = next((p.record.case_number for p in prepared if p.record.case_number), "")
    return Caption(case_title=case.title, court=court or "", case_number=number or "")


def _bates_first(case: CaseStore, definition: BundleDefinition, prepared: list[PreparedExhibit], *,
                 allocate: bool) -> int | None:
    prefix = definition.bates_prefix.strip()
    if not prefix:
        return None
    sources = [p.source for p in prepared]
    fingerprint = bates_fingerprint(prefix, sources)
    count = bates_page_count(sources)
    if allocate:
        with case.transaction():
            issued = bundle_store.allocate_range(case.db, prefix, count, fingerprint=fingerprint,
                                                 bundle_name=definition.name, start=definition.bates_start)
            audit.append(case.db, "bates.issue", f"bates:{prefix}",
                         {"first": issued.first, "last": issued.last, "bundle": definition.name})
        return issued.first
    for earlier in bundle_store.list_ranges(case.db, prefix):  # a preview shows what an export would issue
        if earlier.fingerprint == fingerprint and earlier.count == count:
            return earlier.first
    return definition.bates_start if definition.bates_start is not None else bundle_store.next_number(case.db, prefix)


def _build(case: CaseStore, definition: BundleDefinition, *, allocate: bool,
           reuse: _Built | None = None) -> _Built:
    """Prepare the exhibits (or reuse a draft's), settle Bates numbers, plan, place cites and render the chart."""
    profile = court_profile(definition.profile)
    if reuse is not None:
        prepared, evidence = reuse.prepared, reuse.evidence
    else:
        prepared = prepare_exhibits(case, definition, page_size=profile.page_size)
        evidence = evidence_map(case, prepared)
        if definition.redact:
            made = redact_exhibits(case, prepared)
            evidence = redact_evidence(evidence, made)
    redactions = reuse.redactions if reuse is not None else (made if definition.redact else None)
    bates_first = _bates_first(case, definition, prepared, allocate=allocate)
    if reuse is not None:
        drafted = next((p.bates for p in reuse.plan.pages if p.bates is not None), None)
        if drafted == bates_first:
            return reuse  # the draft already shows the numbers just issued (or there are none)
    sources = [p.source for p in prepared]
    plan = lay_out_plan(definition, sources, bates_first=bates_first)
    rows = place_cites(plan, prepared, evidence.rows)
    chart = None
    if definition.include_chart and rows:
        chart = render(chart_html(plan, rows), plan)
        plan = lay_out_plan(definition, sources, bates_first=bates_first, chart_pages=chart.page_count)
    if definition.timeline:  # the timeline figure follows the chart, numbered with it
        chart = with_timeline_appendix(case, plan, chart)
        plan = lay_out_plan(definition, sources, bates_first=bates_first, chart_pages=chart.page_count)
    return _Built(plan, prepared, evidence, rows, chart, redactions)


def plan_bundle(case: CaseStore, definition: BundleDefinition) -> BundlePlan:
    """The bundle as it would be exported now (exhibit labels, page ranges, Bates), for an index preview.

    Writes nothing: Bates numbers shown are those an export would issue.
    """
    return _build(case, with_defaults(definition), allocate=False).plan


def build_for_list(case: CaseStore, definition: BundleDefinition) -> tuple[BundlePlan, BundleRedactions]:
    """The plan and redactions of a redacted bundle as its export lays them out (for the sealed list)."""
    built = _build(case, with_defaults(definition), allocate=False)
    return built.plan, built.redactions or BundleRedactions()


def preflight(case: CaseStore, definition: BundleDefinition) -> PreflightReport:
    """Problems to know about before exporting; `blocking` ones stop an export."""
    definition = with_defaults(definition)
    built = _build(case, definition, allocate=False)
    report = preflight_exhibits(case, built.plan, built.prepared)
    report.warnings.extend(privacy_warnings(case, definition))
    return report


# --- export ------------------------------------------------------------------------------------------------------

def default_output(case: CaseStore, definition: BundleDefinition) -> Path:
    return case.layout.exports / f"{definition.name}.pdf"


def _sha256(path: Path) -> str:
    return sha256_of(path)[0]


def export_bundle(case: CaseStore, definition: BundleDefinition, out: Path | None = None, *,
                  progress: ProgressCallback = no_progress, cancel: CancelToken = NEVER_CANCELLED,
                  save: bool = True) -> ExportReport:
    """Pre-flight, allocate Bates, assemble, verify, then rename into place and write the manifest.

    Any failure (pre-flight block, verification problem, cancel) leaves nothing at `out`.
    """
    started = time.perf_counter()
    definition = with_defaults(definition)
    out = Path(out) if out is not None else default_output(case, definition)
    progress(ProgressUpdate(0, None, "checking the exhibits"))
    draft = _build(case, definition, allocate=False)
    report = preflight_exhibits(case, draft.plan, draft.prepared)
    report.warnings.extend(privacy_warnings(case, definition))
    if report.blocking:
        raise BundleError("pre-flight found problems that stop the export:\n" + "\n".join(report.blocking))
    cancel.raise_if_cancelled()
    if save:
        save_definition(case, definition)
    built = _build(case, definition, allocate=True, reuse=draft)
    caption = _caption(case, built.prepared)
    excerpts = redact_excerpts({e.id: e for e in evidence_store.list_excerpts(case.db)}, built.redactions)
    groups = plan_volumes(built.plan, built.prepared)
    if len(groups) == 1:
        def stage_manifest(verified: ExportReport, layout: Layout) -> Callable[[], Path]:
            return stage_manifest_file(out, built.plan, layout, verified.sha256, verified.size,
                                       verified.verification, report, built.redactions)

        exported = _export_single(built, out, caption, caption.case_title, excerpts, progress, cancel, stage_manifest)
        if isinstance(exported, tuple):
            single, _layout = exported
            single.preflight = report
            single.warnings = list(built.plan.warnings) + report.warnings + single.warnings
            _audit(case, definition, {"path": str(out), "sha256": single.sha256, "pages": single.pages,
                                      "bates": single.bates})
            single.seconds = round(time.perf_counter() - started, 3)
            return single
        groups = exported  # measured over the cap: the last exhibit starts a second volume
    def timeline_appendix(plan: BundlePlan, chart: RenderedHtml | None) -> RenderedHtml:
        return with_timeline_appendix(case, plan, chart)

    tool = pdfa_tool() if built.plan.profile.pdfa else None

    def to_pdfa(path: Path, plan: BundlePlan, layout: Layout) -> Layout:
        assert tool is not None
        return make_archival(path, plan, layout, built.rows, excerpts, tool, cancel=cancel)[1]

    made = export_volumes(built.plan, built.prepared, built.evidence, built.rows, groups, out, caption=caption,
                          case_title=caption.case_title, excerpts=excerpts, preflight=report,
                          with_chart=bool(definition.include_chart and built.rows), progress=progress, cancel=cancel,
                          appendix=timeline_appendix if definition.timeline else None,
                          archival=to_pdfa if tool is not None else None,
                          **_redaction_hooks(built.redactions))
    _audit(case, definition, {"volumes": [v.to_dict() for v in made.files], "sha256": made.digest,
                              "bates": _bates_span(made.plan)})
    warnings = list(built.plan.warnings) + report.warnings + made.fallbacks
    return ExportReport(made.files[0].path, made.manifest_path, sum(v.pages for v in made.files),
                        sum(v.size for v in made.files), made.digest, _bates_span(made.plan),
                        round(time.perf_counter() - started, 3), made.verification, report, warnings, made.files)


def _redaction_hooks(redactions: BundleRedactions | None) -> dict:
    """For volumes of a redacted bundle: the proof run on each volume and the manifest's redaction list."""
    if redactions is None:
        return {}
    return {"proof": lambda path: proof_problems(path, redactions),
            "manifest_extra": lambda plan: {"redactions": manifest_entries(plan, redactions),
                                            "rebuilt_pages": rebuilt_entries(plan, redactions)}}


def _audit(case: CaseStore, definition: BundleDefinition, details: dict) -> None:
    with case.transaction():
        audit.append(case.db, "bundle.export", f"bundle:{definition.name}", details)


def _over_cap(plan: BundlePlan, size: int) -> list[tuple[int, ...]] | None:
    """None when one file of `size` bytes is within the profile's cap; else the exhibit groups of two volumes
    (the last exhibit starts volume 2). A single exhibit over the cap is refused."""
    cap = plan.profile.max_file_bytes
    if not cap or size <= cap:
        return None
    if len(plan.exhibits) > 1:
        return move_last_exhibit([tuple(range(len(plan.exhibits)))], 0)
    raise BundleError(f"{plan.exhibits[0].heading} alone comes to {size / 1048576:.2f} MB, over the "
                      f"{plan.profile.name} profile's cap of {cap / 1048576:.2f} MB per file; "
                      "volumes split only between exhibits — reduce or divide that document")


def _export_single(built: _Built, out: Path, caption: Caption, case_title: str, excerpts: dict,
                   progress: ProgressCallback, cancel: CancelToken,
                   before_publish: Callable[[ExportReport, Layout], Callable[[], Path]] | None = None,
                   ) -> tuple[ExportReport, Layout] | list[tuple[int, ...]]:
    """Assemble, verify and rename one file into place; returns its report and layout, or the exhibit groups
    for volumes when the file measures over the profile's cap (the last exhibit starts volume 2)."""
    layout = build_layout(built.plan, built.prepared, built.evidence, built.chart, built.rows,
                          caption=caption, case_title=case_title)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, staging_name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".pdf.part", dir=out.parent)
    os.close(fd)
    staging = Path(staging_name)
    try:
        result = assemble_bundle(layout.pages, layout.sources, layout.options, staging, progress=progress,
                                 cancel=cancel)
        if (groups := _over_cap(built.plan, result.size)) is not None:
            return groups
        progress(ProgressUpdate(len(layout.pages), len(layout.pages), "verifying"))
        verification, _ = verify_bundle(staging, built.plan, layout, built.rows, excerpts)
        if not verification.ok:
            raise BundleVerificationFailed("the bundle failed verification and was not saved:\n"
                                           + "\n".join(verification.problems), verification)
        if built.plan.profile.pdfa and (tool := pdfa_tool()) is not None:  # PDF/A-2b, verified again
            progress(ProgressUpdate(len(layout.pages), len(layout.pages), "converting to PDF/A-2b"))
            verification, layout, _ = make_archival(staging, built.plan, layout, built.rows, excerpts, tool,
                                                    cancel=cancel)
            result.size = staging.stat().st_size
            if (groups := _over_cap(built.plan, result.size)) is not None:  # the cap holds for the file as saved
                return groups
        if built.redactions is not None:
            progress(ProgressUpdate(len(layout.pages), len(layout.pages), "proving the redactions"))
            leaked = proof_problems(staging, built.redactions)
            if leaked:
                raise BundleError("the redacted bundle was not published: redacted text can still be read:\n"
                                  + "\n".join(leaked))
        cancel.raise_if_cancelled()
        digest = _sha256(staging)
        single = ExportReport(out, out, result.pages, result.size, digest, _bates_span(built.plan), 0.0,
                              verification, PreflightReport(), list(result.fallbacks))
        # The manifest is written (hidden) before the bundle is published and renamed right after it, so a
        # bundle at the destination always has its manifest but for the instant between two renames.
        publish_manifest = before_publish(single, layout) if before_publish else None
        os.replace(staging, out)
        if publish_manifest is not None:
            single.manifest_path = publish_manifest()
    finally:
        staging.unlink(missing_ok=True)
    return single, layout


def _bates_span(plan: BundlePlan) -> str:
    numbers = [p.bates for p in plan.pages if p.bates is not None]
    return f"{plan.bates_text(numbers[0])}–{plan.bates_text(numbers[-1])}" if numbers else ""


def manifest_data(plan: BundlePlan, layout: Layout, digest: str, size: int, file_name: str) -> dict:
    """The manifest: every exhibit's original hash, pages and Bates range; no clock time, so it is reproducible."""
    return {
        "bundle": plan.definition.name, "title": plan.definition.title, "date": plan.definition.date,
        "profile": plan.profile.name, "pdfa": False, "file": file_name, "sha256": digest, "size": size,
        "pages": layout.front_pages + len(plan.pages), "front_matter_pages": layout.front_pages,
        "bates_prefix": plan.bates_prefix, "bates": _bates_span(plan),
        "chart_pages": [plan.chart_first, plan.last_page] if plan.chart_pages else None,
        "exhibits": [
            {"label": ex.label, "document_id": ex.document_id, "title": ex.title, "description": ex.description,
             "date": ex.date, "original_sha256": ex.sha256, "source_pages": ex.source_pages,
             "bundle_pages": [ex.first_page, ex.last_page], "bates": plan.bates_range(ex),
             "article": ex.is_article}
            for ex in plan.exhibits
        ],
        "definition": plan.definition.to_dict(),
    }


def stage_manifest_file(out: Path, plan: BundlePlan, layout: Layout, digest: str, size: int,
                        verification: Verification, report: PreflightReport,
                        redactions: BundleRedactions | None = None) -> Callable[[], Path]:
    """Write the manifest to a hidden temporary file; the returned function renames it into place."""
    data = manifest_data(plan, layout, digest, size, out.name)
    data["verification"] = verification.to_dict()
    data["preflight"] = report.to_dict()
    data["pdfa"] = bool(verification.archival)
    if redactions is not None:
        data["redactions"] = manifest_entries(plan, redactions)
        data["rebuilt_pages"] = rebuilt_entries(plan, redactions)
    path = out.with_name(out.stem + ".manifest.json")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a manifest is meant to be shared with the bundle
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

    def publish() -> Path:
        os.replace(tmp, path)
        return path

    return publish



def bundle_chart(case: CaseStore, definition: BundleDefinition) -> tuple[BundlePlan, list[ChartRow]]:
    """A bundle's plan and chart rows as its export prints them (bundle pages, Bates; redacted if it is)."""
    built = _build(case, with_defaults(definition), allocate=False)
    return built.plan, built.rows


def export_chart(case: CaseStore, out: Path | None = None, *, bundle: str | None = None) -> Path:
    """The claim–evidence chart as its own PDF; with `bundle`, pin cites also give that bundle's pages and Bates.

    Links are left out: the pages they would point to are in another file.
    """
    if bundle is not None:
        built = _build(case, get_definition(case, bundle), allocate=False)
        plan, rows = built.plan, built.rows
    else:
        definition = with_defaults(BundleDefinition(exhibits=(), name="chart", title="Claim–Evidence Chart"))
        plan, rows = BundlePlan(definition, court_profile("default"), (), ()), _all_rows(case)
    plan = replace(plan, profile=replace(plan.profile, links=False))
    rendered = render(chart_html(plan, rows), plan)
    date = pdf_date(plan.definition.date)
    pages = [OutputPage("chart", n, fit=False, page_number=f"Page {n + 1}") for n in range(rendered.page_count)]
    options = AssemblyOptions(
        page_size=plan.profile.page_size, page_labels=[(0, "D", 1)], toc=[], pdf_date=date,
        metadata={"title": f"Claim–Evidence Chart — {case.title}", "author": plan.definition.prepared_by or "Casebook",
                  "subject": f"{len(rows)} claim(s)", "keywords": "", "creator": "Casebook",
                  "producer": f"Casebook {__version__}", "creationDate": date, "modDate": date, "trapped": ""})
    out = Path(out) if out is not None else case.layout.exports / "claim-chart.pdf"
    assemble_bundle(pages, {"chart": Source(data=rendered.pdf)}, options, out)
    return out


def _all_rows(case: CaseStore) -> list[ChartRow]:
    """Every claim with its evidence and original cites (no bundle places)."""
    rows = []
    for number, entry in enumerate(claim_chart(case), start=1):
        cites = tuple(ChartCite(Relation(i.relation), i.quote, i.cite, i.excerpt_id, note=i.note)
                      for i in entry.evidence)
        rows.append(ChartRow(number, entry.claim_id, entry.statement, entry.status, entry.claim_type,
                             entry.source_cite or "", cites))
    return rows
