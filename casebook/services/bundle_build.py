"""Turning a bundle plan into pages to draw: front matter, exhibit pages with stamps and marks, chart, links."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from casebook import __version__
from casebook.core.bundles import BundlePlan, ChartCite, ChartRow, Marking
from casebook.export.documents import (
    CSS,
    Caption,
    cover_html,
    index_html,
    manifest_html,
    slip_sheet_html,
)
from casebook.export.plan import page_labels, printed_label
from casebook.pdf.bundle_assemble import AssemblyOptions, OutputPage, Source
from casebook.pdf.bundle_html import RenderedHtml, render_html
from casebook.pdf.bundle_stamp import HTML_MARGINS
from casebook.services.bundle_sources import EvidenceMap, PreparedExhibit, marks_for

log = logging.getLogger(__name__)


def render(html: str, plan: BundlePlan) -> RenderedHtml:
    return render_html(html, css=CSS, page_size=plan.profile.page_size, margins=HTML_MARGINS)


def place_cites(plan: BundlePlan, prepared: Sequence[PreparedExhibit], rows: Sequence[ChartRow]) -> list[ChartRow]:
    """Fill each chart cite with the bundle pages and Bates numbers where its excerpt now sits."""
    where: dict[int, tuple[int, int]] = {}
    for exhibit, prep in zip(plan.exhibits, prepared, strict=True):
        for excerpt_id, place in prep.places.items():
            where[excerpt_id] = (exhibit.bundle_page(place.first), exhibit.bundle_page(place.last))
    placed = []
    for row in rows:
        cites = []
        for cite in row.cites:
            if cite.excerpt_id in where:
                first, last = where[cite.excerpt_id]
                cite = replace(cite, bundle_first=first, bundle_last=last, bates_first=plan.pages[first - 1].bates,
                               bates_last=plan.pages[last - 1].bates)
            cites.append(cite)
        placed.append(replace(row, cites=tuple(cites)))
    return placed


def pdf_date(iso_day: str) -> str:
    digits = iso_day.replace("-", "")[:8].ljust(8, "0") if iso_day else "20000101"
    return f"D:{digits}000000Z"


@dataclass
class Layout:
    """Everything the assembler needs, and what verification expects to read back."""

    pages: list[OutputPage]
    sources: dict[str, Source]
    options: AssemblyOptions
    front_pages: int
    expected_links: list[tuple[int, int]] = field(default_factory=list)  # (page index, target page index)
    highlight_count: int = 0
    text_clips: dict[int, str] = field(default_factory=dict)  # page index -> "fit" | "full"


def _front(rendered: list[tuple[str, RenderedHtml]]) -> int:
    return sum(r.page_count for _, r in rendered)


def build_layout(plan: BundlePlan, prepared: Sequence[PreparedExhibit], evidence: EvidenceMap,
                 chart: RenderedHtml | None, chart_rows: Sequence[ChartRow], *, caption: Caption,
                 case_title: str) -> Layout:
    """Front matter (roman), exhibits and chart (decimal), with stamps, marks, links and bookmarks."""
    definition = plan.definition
    front_docs = [("cover", render(cover_html(plan, caption), plan)), ("index", render(index_html(plan), plan)),
                  ("manifest", render(manifest_html(plan), plan))]
    front = _front(front_docs)
    # Body page N of the bundle sits at file index front + N - offset; a later volume starts past page 1.
    offset = plan.first_number
    sources: dict[str, Source] = {key: Source(data=doc.pdf) for key, doc in front_docs}
    pages: list[OutputPage] = []
    toc: list[tuple[int, str, int]] = []
    expected_links: list[tuple[int, int]] = []

    def link_targets(doc: RenderedHtml, page_no: int, at_index: int) -> tuple:
        out = []
        for spot in doc.links:
            if spot.page != page_no or not spot.href.startswith("#page-") or not plan.profile.links:
                continue
            number = int(spot.href.removeprefix("#page-"))
            if not plan.in_file(number):
                continue  # links stay within one file; other volumes are cited as text
            target = front + number - offset
            out.append((spot.rect, target))
            expected_links.append((at_index, target))
        return tuple(out)

    titles = {"cover": "Cover", "index": "Index of Exhibits", "manifest": "Manifest"}
    for key, doc in front_docs:
        toc.append((1, titles[key], len(pages) + 1))
        for n in range(doc.page_count):
            index = len(pages)
            pages.append(OutputPage(key, n, fit=False, page_number=f"Page {printed_label(front, index, offset)}",
                                    links=link_targets(doc, n, index)))
    marks = [marks_for(prep, evidence) for prep in prepared]
    highlight_count = 0
    text_clips: dict[int, str] = {}
    for bundle_page in plan.pages:
        number = bundle_page.number
        index = front + number - offset
        label = f"Page {printed_label(front, index, offset)}"
        if bundle_page.exhibit is None:
            continue  # chart pages follow below
        exhibit, prep = plan.exhibits[bundle_page.exhibit], prepared[bundle_page.exhibit]
        if number == exhibit.first_page:
            toc.append((1, exhibit.bookmark, index + 1))
            if definition.bookmarks_by_claim:
                toc.extend(_claim_bookmarks(exhibit, prep, evidence, front - offset + 1))
        if bundle_page.source_page == 0:  # slip-sheet
            key = f"slip{bundle_page.exhibit}"
            sources[key] = Source(data=render(slip_sheet_html(exhibit.heading.upper(), exhibit.description),
                                              plan).pdf)
            pages.append(OutputPage(key, 0, fit=False, page_number=label))
            continue
        key = f"ex{bundle_page.exhibit}"
        sources.setdefault(key, prep.pdf)
        stamp = (exhibit.heading.upper() if definition.marking is Marking.STAMP
                 and number == exhibit.content_first_page else "")
        page_marks = tuple(marks[bundle_page.exhibit].get(bundle_page.source_page, ()))
        highlight_count += len(page_marks)
        text_clips[index] = "fit" if prep.fit else "full"
        pages.append(OutputPage(key, bundle_page.source_page - 1, fit=prep.fit, page_number=label,
                                bates=plan.bates_text(bundle_page.bates), exhibit=stamp, footer=prep.footer,
                                marks=page_marks))
    if chart is not None and plan.chart_pages:
        sources["chart"] = Source(data=chart.pdf)
        for heading, first in getattr(chart, "sections", (("Claim–Evidence Chart", 0),)):  # chart, timeline
            toc.append((1, heading, len(pages) + 1 + first))
        for n in range(chart.page_count):
            index = len(pages)
            pages.append(OutputPage("chart", n, fit=False,
                                    page_number=f"Page {printed_label(front, index, offset)}",
                                    links=link_targets(chart, n, index)))
    date = pdf_date(definition.date)
    title = f"{definition.title} — {case_title}" if case_title else definition.title
    if plan.current is not None:
        title += f" — {plan.current.name}"
    metadata = {
        "title": title,
        "author": definition.prepared_by or "Casebook",
        "subject": f"{len(plan.exhibits)} exhibit(s); {len(chart_rows)} claim(s) charted",
        "keywords": "",
        "creator": "Casebook",
        "producer": f"Casebook {__version__}",
        "creationDate": date,
        "modDate": date,
        "trapped": "",
    }
    options = AssemblyOptions(page_size=plan.profile.page_size, metadata=metadata,
                              page_labels=page_labels(front, offset), toc=toc, pdf_date=date,
                              burn_in=definition.burn_in)
    return Layout(pages, sources, options, front, expected_links, highlight_count, text_clips)


def _claim_bookmarks(exhibit: Any, prep: PreparedExhibit, evidence: EvidenceMap, front: int) -> list:
    """Level-2 bookmarks under an exhibit: each claim with an excerpt there, at that excerpt's first page."""
    first_page: dict[int, int] = {}
    for excerpt_id, place in sorted(prep.places.items(), key=lambda kv: (kv[1].first, kv[0])):
        for link in evidence.links_by_excerpt.get(excerpt_id, ()):
            first_page.setdefault(link.claim_id, exhibit.bundle_page(place.first))
    out = []
    for claim_id, page in sorted(first_page.items(), key=lambda kv: evidence.claim_numbers.get(kv[0], 0)):
        statement = evidence.statements.get(claim_id, "")
        short = statement if len(statement) <= 70 else statement[:67] + "…"
        out.append((2, f"Claim {evidence.claim_numbers.get(claim_id, claim_id)}: {short}", front + page))
    return out


def uncited(rows: Sequence[ChartRow]) -> list[ChartCite]:
    return [c for r in rows for c in r.cites if c.bundle_first is None]
