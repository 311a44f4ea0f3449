"""Case reports and a bundle's claim chart as Word documents: the report data, handed to the DOCX writer."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casebook.core.bundles import BundleDefinition, BundlePlan, ChartRow
from casebook.core.errors import CasebookError
from casebook.export.docx_reports import (
    ChartLine,
    CiteCell,
    OutlineItem,
    ReportHeading,
    TableReport,
    chart_document,
    outline_document,
    save_docx,
    table_document,
)
from casebook.services import reports
from casebook.services.bundles import bundle_chart, default_output
from casebook.services.caption import get_caption
from casebook.services.report_formats import REPORTS
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

TITLES = {"chart": "Claim–evidence chart", "chronology": "Chronology", "cast": "Cast of characters",
          "issues": "Issue outline"}


def report_heading(case: CaseStore, name: str, *, date: str = "") -> ReportHeading:
    caption = get_caption(case)
    return ReportHeading(f"{TITLES.get(name, name)}: {caption.caption or case.title}", tuple(caption.lines()), date)


def default_docx_path(case: CaseStore, name: str) -> Path:
    return case.layout.exports / f"{name}.docx"


def write_docx_report(case: CaseStore, name: str, out: Path | None = None) -> Path:
    """One report ("chart", "chronology", "cast", "issues") as a Word document at `out` (default: exports/)."""
    if name not in REPORTS:
        raise CasebookError(f"{name}: no such report; choose one of {', '.join(REPORTS)}")
    heading = report_heading(case, name)
    if name == "chart":
        document = chart_document(heading, [_entry_line(e) for e in reports.claim_chart(case)])
    elif name == "chronology":
        document = table_document(heading, _chronology(case), empty="No dated claims or documents yet.")
    elif name == "cast":
        document = outline_document(heading, _cast(case), empty="No people or organisations recorded yet.")
    else:
        document = outline_document(heading, _issues(case), empty="No issues recorded yet.")
    return save_docx(document, Path(out) if out is not None else default_docx_path(case, name))


def _entry_line(e: reports.ChartEntry) -> ChartLine:
    who = e.asserted_by or "unattributed"
    if e.asserted_by_role:
        who += f" ({e.asserted_by_role})"
    details = [f"{e.claim_type.capitalize()}, {e.status}; asserted by {who}"
               + (f" in {e.source_cite}" if e.source_cite else "") + "."]
    if e.event_date_text:
        details.append(f"Event date: {e.event_date_text}"
                       + (f" (asserting document dated {e.document_date})" if e.document_date else "") + ".")
    if e.issues:
        details.append(f"Issues: {'; '.join(e.issues)}.")
    if e.tags:
        details.append(f"Tags: {', '.join(e.tags)}.")
    if e.note:
        details.append(f"Note: {e.note}")
    details += [f"Check: {w}." for w in e.warnings]
    if not e.evidence:
        details.append("No evidence linked yet.")
    cites = tuple(CiteCell(i.relation, i.cite, i.quote, i.note) for i in e.evidence)
    return ChartLine(e.claim_id, e.statement, e.status, e.source_cite or "", cites, tuple(details))


def _chronology(case: CaseStore) -> TableReport:
    report = TableReport(("Date", "Event", "Source", "Document date", "Flag"), widths=(1.2, 3.6, 2.2, 1.1, 1.4))
    for e in reports.chronology(case):
        what = e.description if e.kind == "document" else f"{e.description} (claim {e.claim_id}, {e.status})"
        report.rows.append((e.date_text, what, e.source or "—", e.document_date or "—",
                            f"Conflict: {e.conflict}" if e.conflict else ""))
    return report


def _cast(case: CaseStore) -> list[OutlineItem]:
    items: list[OutlineItem] = []
    members = reports.cast_of_characters(case)
    for kind, section in (("person", "People"), ("organisation", "Organisations")):
        group = [m for m in members if m.kind == kind]
        for n, m in enumerate(group):
            text = m.description or ""
            if m.aliases:
                text += f"{'. ' if text else ''}Also known as: {', '.join(m.aliases)}"
            if m.claims:
                text += f"{'. ' if text else ''}Asserts claim(s) {', '.join(map(str, m.claims))}"
            items.append(OutlineItem(text, 0, m.name, section if n == 0 else ""))
            items += [OutlineItem(f"{clash}; confirm or split.", 1, "Possible same-name clash —")
                      for clash in m.possible_clashes]
    return items


def _issues(case: CaseStore) -> list[OutlineItem]:
    items: list[OutlineItem] = []
    for e in reports.issue_report(case):
        items.append(OutlineItem(e.title, e.depth, e.number))
        items += [OutlineItem(f"Claim {c['claim_id']} ({c['status']}): {c['statement']}", e.depth + 1)
                  for c in e.claims]
    return items


# --- a bundle's chart ----------------------------------------------------------------------------------------------

def _bundle_place(plan: BundlePlan, first: int | None, last: int | None, bates_first: Any, bates_last: Any) -> str:
    if first is None:
        return "not in this bundle"
    pages = f"Bundle p. {first}" if first == (last or first) else f"Bundle pp. {first}–{last}"
    if bates_first is None:
        return pages
    first_bates, last_bates = plan.bates_text(bates_first), plan.bates_text(bates_last or bates_first)
    return f"{pages}, {first_bates}" + (f"–{last_bates}" if last_bates != first_bates else "")


def bundle_chart_lines(plan: BundlePlan, rows: Sequence[ChartRow]) -> list[ChartLine]:
    """The bundle's chart rows (as the chart pages print them, redacted where the bundle is) for Word."""
    lines = []
    for row in rows:
        cites = tuple(CiteCell(c.relation.value, c.original_cite, c.quote, c.note,
                               _bundle_place(plan, c.bundle_first, c.bundle_last, c.bates_first, c.bates_last))
                      for c in row.cites)
        details = (f"{row.claim_type.capitalize()}, {row.status}"
                   + (f"; asserted in {row.asserted_in}" if row.asserted_in else "") + ".",)
        lines.append(ChartLine(row.number, row.statement, row.status, row.asserted_in, cites, details))
    return lines


def bundle_chart_docx_path(case: CaseStore, definition: BundleDefinition, out: Path | None = None) -> Path:
    """Beside the bundle: "OUT.chart.docx" for OUT.pdf (volumes share one chart)."""
    target = Path(out) if out is not None else default_output(case, definition)
    return target.with_name(f"{target.stem}.chart.docx")


def write_bundle_chart_docx(case: CaseStore, definition: BundleDefinition, out: Path | None = None) -> Path:
    """The claim chart of an exported bundle as a Word document beside it (`out` is the bundle's --out):
    pin cites as written, with the bundle pages and Bates numbers where each excerpt now sits."""
    plan, rows = bundle_chart(case, definition)
    return save_docx(chart_document(_bundle_heading(case, plan), bundle_chart_lines(plan, rows)),
                     bundle_chart_docx_path(case, definition, out))


def _bundle_heading(case: CaseStore, plan: BundlePlan) -> ReportHeading:
    heading = report_heading(case, "chart", date=plan.definition.date)
    heading = ReportHeading(f"{TITLES['chart']}: {plan.definition.title}", heading.caption or (case.title,),
                            plan.definition.date)
    return heading
