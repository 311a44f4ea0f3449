"""`casebook export …`: filing bundles (with pre-flight and verification) and the claim–evidence chart PDF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from casebook.cli.common import EXIT_CANCELLED, EXIT_FAILURES, ProgressLine, case_option, emit_json, json_option
from casebook.cli.common import resolve_case_path as _resolve
from casebook.core.bundles import PROFILES, BundleDefinition, ExhibitChoice, LabelStyle, Marking
from casebook.core.progress import Cancelled
from casebook.services import documents as document_service
from casebook.services.bundles import (
    BundleVerificationFailed,
    export_bundle,
    export_chart,
    get_definition,
    list_definitions,
    plan_bundle,
    preflight,
)
from casebook.services.cases import open_case
from casebook.services.report_docx import write_bundle_chart_docx


@click.group("export")
def export() -> None:
    """Court-ready output: exhibit bundles with Bates numbers, highlights and a claim chart."""


def _bundle_options(func):
    options = [
        click.option("--exhibit", "exhibits", multiple=True, metavar="DOC",
                     help="Document id or SHA-256 prefix, in bundle order; repeat, or give several as 3,1,2."),
        click.option("--name", default=None, help="Save (or, without --exhibit, reuse) the bundle under this name."),
        click.option("--definition", "definition_name", default=None, metavar="NAME",
                     help="Start from the bundle saved under NAME (the app's bundle builder, `casebook bundle "
                          "save`): its exhibits in order with their labels, descriptions and dates."),
        click.option("--labels", type=click.Choice([s.value for s in LabelStyle]), default=None,
                     help="Exhibit labels: alpha (A, B, … AA) or numeric (1, 2, 3)."),
        click.option("--bates-prefix", default=None, help="Bates prefix, e.g. TRC; numbers continue per prefix."),
        click.option("--bates-start", type=int, default=None, help="First Bates number (must not reuse any)."),
        click.option("--profile", type=click.Choice(sorted(PROFILES)), default=None, help="Court profile."),
        click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="Size cap per file in MB (overrides the profile's); above it the bundle is written "
                          "as volumes \"OUT Vol. 1 of N.pdf\"… split at exhibit boundaries."),
        click.option("--burn-in", is_flag=True, default=None, help="Burn highlights into the pages."),
        click.option("--slip-sheets", is_flag=True, default=None, help="A slip-sheet before each exhibit."),
        click.option("--no-chart", is_flag=True, default=None, help="Leave the claim–evidence chart out."),
        click.option("--by-claim", is_flag=True, default=None, help="Nest bookmarks by claim under each exhibit."),
        click.option("--title", default=None, help="Bundle title for the cover."),
        click.option("--date", default=None, help="Date on the cover and in the PDF (default: today; saved)."),
        click.option("--prepared-by", default=None, help="Who prepared the bundle (cover and PDF author)."),
        click.option("--redact", is_flag=True, default=None,
                     help="Apply every accepted privacy redaction (FRCP 5.2) and prove none can be read back."),
        click.option("--timeline", is_flag=True, default=None,
                     help="Add a timeline of the dated claims and exhibits as an appendix after the chart."),
        case_option,
        json_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _definition(case: Any, exhibits: Any, name: Any, **opts: Any) -> BundleDefinition:
    refs = [part.strip() for item in exhibits for part in item.split(",") if part.strip()]
    base = None
    saved = opts.get("definition_name")
    if saved:
        if refs:
            raise click.UsageError("give --definition NAME or --exhibit DOC, not both")
        base = get_definition(case, saved)
        if name:
            base = BundleDefinition.from_dict(dict(base.to_dict(), name=name))
    elif name and not refs:
        base = get_definition(case, name)
    if base is None:
        if not refs:
            raise click.UsageError("give --exhibit DOC (one or more) or --name of a saved bundle")
        choices = tuple(ExhibitChoice(document_service.resolve_document(case, ref).id) for ref in refs)
        base = BundleDefinition(exhibits=choices, name=name or "bundle")
    changes = {
        "labels": LabelStyle(opts["labels"]) if opts["labels"] else None,
        "bates_prefix": opts["bates_prefix"], "bates_start": opts["bates_start"], "profile": opts["profile"],
        "max_mb": opts["max_mb"], "burn_in": opts["burn_in"],
        "marking": Marking.SLIP_SHEET if opts["slip_sheets"] else None,
        "include_chart": False if opts["no_chart"] else None, "bookmarks_by_claim": opts["by_claim"],
        "title": opts["title"], "date": opts["date"], "prepared_by": opts["prepared_by"],
        "redact": opts.get("redact"), "timeline": opts.get("timeline"),
    }
    data = base.to_dict()
    data.update({k: (v.value if hasattr(v, "value") else v) for k, v in changes.items() if v is not None})
    return BundleDefinition.from_dict(data)


def _print_plan(plan: Any) -> None:
    click.echo(f"{'EXHIBIT':<8}{'PAGES':<12}{'BATES':<28}{'DATE':<12}DESCRIPTION")
    for ex in plan.exhibits:
        pages = f"{ex.first_page}–{ex.last_page}" if ex.first_page != ex.last_page else str(ex.first_page)
        click.echo(f"{ex.label:<8}{pages:<12}{plan.bates_range(ex):<28}{ex.date:<12}{ex.description[:70]}")
    if plan.chart_pages:
        click.echo(f"{'chart':<8}{plan.chart_first}–{plan.last_page}")


def _print_preflight(report: Any) -> None:
    for line in report.blocking:
        click.echo(f"BLOCKING: {line}")
    for line in report.warnings:
        click.echo(f"warning: {line}")
    for line in report.notes:
        click.echo(f"note: {line}")
    click.echo(f"Pre-flight: {len(report.blocking)} blocking problem(s), "
               f"{len(report.warnings)} warning(s); about {report.estimated_bytes / 1e6:.1f} MB of originals.")


@export.command("bundle")
@_bundle_options
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Output PDF (default: the case's exports/NAME.pdf); volumes are named after it.")
@click.option("--dry-run", is_flag=True, help="Plan and pre-flight only; write nothing.")
@click.option("--chart-docx", is_flag=True,
              help="Also write the claim chart as a Word document beside the bundle (OUT.chart.docx).")
def bundle(exhibits: Any, name: Any, case_path: Any, as_json: Any, out: Any, dry_run: Any, chart_docx: Any,
           **opts: Any) -> None:
    """Export a filing bundle: cover, index, manifest, stamped exhibits with highlights, and the chart.

    The file is verified (quotes on cited pages, Bates, labels, links, metadata) before it is put in place;
    a failed export leaves nothing at --out.
    """
    with open_case(_resolve(case_path)) as case:
        definition = _definition(case, exhibits, name, **opts)
        if dry_run:
            plan, report = plan_bundle(case, definition), preflight(case, definition)
            if as_json:
                emit_json({"plan": [vars(e) for e in plan.exhibits], "preflight": report.to_dict()})
            else:
                _print_plan(plan)
                _print_preflight(report)
            return
        bar = ProgressLine("Exporting")
        try:
            result = export_bundle(case, definition, out, progress=bar)
        except BundleVerificationFailed as exc:
            bar.finish()
            if as_json:
                emit_json({"ok": False, "verification": exc.verification.to_dict()})
            else:
                click.echo(str(exc), err=True)
            sys.exit(EXIT_FAILURES)
        except Cancelled:
            bar.finish()
            sys.exit(EXIT_CANCELLED)
        bar.finish()
        docx = write_bundle_chart_docx(case, get_definition(case, definition.name), out) if chart_docx else None
    if as_json:
        emit_json(dict(result.to_dict(), **({"chart_docx": str(docx)} if docx else {})))
        return
    for line in result.warnings:
        click.echo(f"warning: {line}")
    v = result.verification
    if result.volumes:
        click.echo(f"Wrote {len(result.volumes)} volumes (split at exhibit boundaries to meet the size cap"
                   + (f"; Bates {result.bates}" if result.bates else "") + "):")
        for vol in result.volumes:
            click.echo(f"  {vol.path} (pages {vol.first_page}–{vol.last_page}, exhibits {', '.join(vol.exhibits)}"
                       f"{', chart' if vol.chart else ''}; {vol.size / 1e6:.2f} MB)")
    else:
        click.echo(f"Wrote {result.path} ({result.pages} pages, {result.size / 1e6:.2f} MB"
                   + (f", Bates {result.bates}" if result.bates else "") + ")")
    click.echo(f"Verified: {v.quotes_checked} quotes, {v.bates_checked} Bates numbers, {v.labels_checked} page "
               f"labels, {v.links_checked} links. Manifest: {result.manifest_path}")
    if v.archival:
        click.echo(f"PDF/A: {v.archival['standard']} by {v.archival['converter']}, checked by Casebook "
                   "(veraPDF not run)" + (f"; restored: {', '.join(v.archival['restored'])}"
                                          if v.archival["restored"] else ""))
        for lost in v.archival.get("lost", []):
            click.echo(f"warning: PDF/A: {lost}")
    if docx is not None:
        click.echo(f"Claim chart (Word): {docx}")


@export.command("preflight")
@_bundle_options
def preflight_command(exhibits: Any, name: Any, case_path: Any, as_json: Any, **opts: Any) -> None:
    """Report what the court profile will object to before exporting (same options as `export bundle`)."""
    with open_case(_resolve(case_path)) as case:
        definition = _definition(case, exhibits, name, **opts)
        plan, report = plan_bundle(case, definition), preflight(case, definition)
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_plan(plan)
        _print_preflight(report)
    if report.blocking:
        sys.exit(EXIT_FAILURES)


@export.command("chart")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Output PDF (default: the case's exports/claim-chart.pdf).")
@click.option("--bundle", "bundle_name", default=None, help="Also cite the pages and Bates of this saved bundle.")
@case_option
def chart(out: Any, bundle_name: Any, case_path: Any) -> None:
    """The claim–evidence chart as its own PDF."""
    with open_case(_resolve(case_path)) as case:
        path = export_chart(case, out, bundle=bundle_name)
    click.echo(f"Wrote {path}")


@export.command("list")
@case_option
@json_option
def list_bundles(case_path: Any, as_json: Any) -> None:
    """Bundles saved with the case."""
    with open_case(_resolve(case_path)) as case:
        found = list_definitions(case)
    if as_json:
        emit_json([d.to_dict() for d in found])
        return
    for d in found:
        click.echo(f"{d.name:<20}{len(d.exhibits):>3} exhibit(s)  {d.bates_prefix or '-':<8} {d.profile:<8} {d.title}")


@export.command("privacy-list")
@click.option("--bundle", "bundle_name", required=True, help="The saved (redacted) bundle the list belongs to.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Output file (default: the case's exports/NAME.privacy-list.SEALED.txt).")
@click.option("--manifest", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="The exported bundle's manifest: the list must match its redactions one to one.")
@case_option
def privacy_list(bundle_name: Any, out: Any, manifest: Any, case_path: Any) -> None:
    """The FRCP 5.2(g) reference list of a redacted bundle, marked for filing under seal."""
    from casebook.services.bundle_redaction import write_sealed_list

    with open_case(_resolve(case_path)) as case:
        path, count = write_sealed_list(case, get_definition(case, bundle_name), out, manifest=manifest)
    click.echo(f"Wrote {path} ({count} redacted item(s)); FILE IT UNDER SEAL, never with the public bundle.")
