"""Rendering the case reports as Markdown a paralegal can paste into a brief, as CSV and as JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from casebook.core.errors import CasebookError
from casebook.core.evidence import Relation
from casebook.services import reports
from casebook.services.caption import get_caption
from casebook.store.case_store import CaseStore

REPORTS = ("chart", "chronology", "cast", "issues")
FORMATS = ("md", "csv", "json")


def render_report(case: CaseStore, name: str, fmt: str) -> str:
    """One report ("chart", "chronology", "cast", "issues") in one format ("md", "csv", "json")."""
    if name not in REPORTS:
        raise CasebookError(f"{name}: no such report; choose one of {', '.join(REPORTS)}")
    if fmt not in FORMATS:
        raise CasebookError(f"{fmt}: no such format; choose one of {', '.join(FORMATS)}")
    renderer: Callable[[CaseStore, str], str] = {
        "chart": _chart, "chronology": _chronology, "cast": _cast, "issues": _issues,
    }[name]
    return renderer(case, fmt)


def _json(rows: list) -> str:
    return json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False) + "\n"


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _heading(case: CaseStore, name: str) -> list[str]:
    """A report's title and, when the case caption is set, its court, caption, number and filer."""
    caption = get_caption(case)
    block = [line for line in caption.lines() if line != caption.caption]
    return [f"# {name}: {caption.caption or case.title}", "", *(f"{line}  " for line in block[:-1]), *block[-1:],
            *([""] if block else [])]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!", "”", '"')) else text + "."


# --- chart ---------------------------------------------------------------------------------------------------------

def _chart(case: CaseStore, fmt: str) -> str:
    entries = reports.claim_chart(case)
    if fmt == "json":
        return _json(entries)
    if fmt == "csv":
        header = ["claim_id", "statement", "claim_type", "status", "asserted_by", "role", "source_cite",
                  "event_date", "document_date", "issues", "tags", "warnings", "relation", "excerpt_id", "quote",
                  "cite", "link_note"]
        rows = []
        for e in entries:
            base = [e.claim_id, e.statement, e.claim_type, e.status, e.asserted_by or "", e.asserted_by_role or "",
                    e.source_cite or "", e.event_date or "", e.document_date or "", "; ".join(e.issues),
                    "; ".join(e.tags), "; ".join(e.warnings)]
            if not e.evidence:
                rows.append([*base, "", "", "", "", ""])
            for item in e.evidence:
                rows.append([*base, item.relation, item.excerpt_id, item.quote, item.cite, item.note])
        return _csv(header, rows)
    return _chart_markdown(case, entries)


def _chart_markdown(case: CaseStore, entries: list[reports.ChartEntry]) -> str:
    lines = _heading(case, "Claim–evidence chart")
    if not entries:
        return "\n".join([*lines, "No claims recorded yet.", ""])
    lines += ["| No. | Claim | Status | Asserted in | Supporting | Contradicting | Qualifying |",
              "|---|---|---|---|---|---|---|"]
    for e in entries:
        def cites(relation: Relation, entry: Any=e) -> str:
            return "; ".join(item.cite for item in entry.by_relation(relation)) or "—"
        lines.append(f"| {e.claim_id} | {_cell(e.statement)} | {e.status} | {_cell(e.source_cite) or '—'} | "
                     f"{_cell(cites(Relation.SUPPORTS))} | {_cell(cites(Relation.CONTRADICTS))} | "
                     f"{_cell(cites(Relation.QUALIFIES))} |")
    lines.append("")
    for e in entries:
        lines += [f"## Claim {e.claim_id}: {_sentence(e.statement)}", ""]
        who = e.asserted_by or "unattributed"
        if e.asserted_by_role:
            who += f" ({e.asserted_by_role})"
        facts = [f"**{e.claim_type.capitalize()}**, {e.status}", f"asserted by {who}"]
        if e.source_cite:
            facts.append(f"in {e.source_cite}")
        lines.append("- " + "; ".join(facts) + ".")
        if e.event_date_text:
            beside = f" (asserting document dated {e.document_date})" if e.document_date else ""
            lines.append(f"- Event date: {e.event_date_text}{beside}.")
        if e.issues:
            lines.append(f"- Issues: {'; '.join(e.issues)}.")
        if e.tags:
            lines.append(f"- Tags: {', '.join(e.tags)}.")
        if e.note:
            lines.append(f"- Note: {e.note}")
        for warning in e.warnings:
            lines.append(f"- **Check:** {warning}.")
        for relation in (Relation.SUPPORTS, Relation.CONTRADICTS, Relation.QUALIFIES, Relation.CONTEXT):
            items = e.by_relation(relation)
            if not items:
                continue
            lines.append(f"- **{relation.value.capitalize()}:**")
            for item in items:
                note = f" — {item.note}" if item.note else ""
                flag = f" [re-anchoring: {item.review}]" if item.review else ""
                lines.append(f"  - “{item.quote}” {_sentence(item.cite)}{note}{flag}")
        if not e.evidence:
            lines.append("- No evidence linked yet.")
        lines.append("")
    return "\n".join(lines)


# --- chronology ----------------------------------------------------------------------------------------------------

def _chronology(case: CaseStore, fmt: str) -> str:
    entries = reports.chronology(case)
    if fmt == "json":
        return _json(entries)
    if fmt == "csv":
        header = ["date", "date_text", "kind", "description", "source", "document_date", "status", "claim_id",
                  "document_id", "conflict"]
        return _csv(header, [[e.date or "", e.date_text, e.kind, e.description, e.source or "",
                              e.document_date or "", e.status or "", e.claim_id or "", e.document_id or "",
                              e.conflict or ""] for e in entries])
    lines = [*_heading(case, "Chronology"), "| Date | Event | Source | Document date | Flag |",
             "|---|---|---|---|---|"]
    for e in entries:
        what = e.description if e.kind == "document" else f"{e.description} (claim {e.claim_id}, {e.status})"
        flag = f"**Conflict:** {e.conflict}" if e.conflict else ""
        lines.append(f"| {_cell(e.date_text)} | {_cell(what)} | {_cell(e.source) or '—'} | "
                     f"{e.document_date or '—'} | {_cell(flag)} |")
    return "\n".join([*lines, ""])


# --- cast ----------------------------------------------------------------------------------------------------------

def _cast(case: CaseStore, fmt: str) -> str:
    members = reports.cast_of_characters(case)
    if fmt == "json":
        return _json(members)
    if fmt == "csv":
        header = ["entity_id", "kind", "name", "role", "organisation", "description", "aliases", "claims", "excerpts",
                  "possible_clashes"]
        return _csv(header, [[m.entity_id, m.kind, m.name, m.role, m.organisation or "", m.description,
                              "; ".join(m.aliases),
                              " ".join(map(str, m.claims)), " ".join(map(str, m.excerpts)),
                              "; ".join(m.possible_clashes)] for m in members])
    lines = _heading(case, "Cast of characters")
    for kind, heading in (("person", "People"), ("organisation", "Organisations")):
        group = [m for m in members if m.kind == kind]
        if not group:
            continue
        lines += [f"## {heading}", ""]
        for m in group:
            text = f"- **{m.name}**" + (f", {m.description}" if m.description else "")
            if m.aliases:
                text += f". Also known as: {', '.join(m.aliases)}"
            if m.claims:
                text += f". Asserts claim(s) {', '.join(map(str, m.claims))}"
            lines.append(_sentence(text))
            for clash in m.possible_clashes:
                lines.append(f"  - **Possible same-name clash** — {clash}; confirm or split.")
        lines.append("")
    if not members:
        lines.append("No people or organisations recorded yet.")
    return "\n".join(lines) + "\n"


# --- issues --------------------------------------------------------------------------------------------------------

def _issues(case: CaseStore, fmt: str) -> str:
    entries = reports.issue_report(case)
    if fmt == "json":
        return _json(entries)
    if fmt == "csv":
        header = ["issue_id", "number", "depth", "title", "claim_ids", "note"]
        return _csv(header, [[e.issue_id, e.number, e.depth, e.title, " ".join(str(c["claim_id"]) for c in e.claims),
                              e.note] for e in entries])
    lines = _heading(case, "Issue outline")
    for e in entries:
        indent = "  " * e.depth
        lines.append(f"{indent}- **{e.number}** {e.title}")
        for c in e.claims:
            lines.append(f"{indent}  - Claim {c['claim_id']} ({c['status']}): {c['statement']}")
    if not entries:
        lines.append("No issues recorded yet.")
    return "\n".join(lines) + "\n"
