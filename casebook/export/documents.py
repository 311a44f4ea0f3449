"""The bundle's own pages as HTML: cover, index, manifest, slip-sheets, claim–evidence chart, article exhibits.

Links to bundle pages are written `href="#page-N"` (N = printed page number); the PDF layer turns them into
GoTo links once the front matter's length is known. Nothing here refers to anything outside the bundle.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from casebook.core.bundles import RELATION_COLOURS, BundlePlan, ChartCite, ChartRow
from casebook.core.citations import format_range
from casebook.core.evidence import Relation

log = logging.getLogger(__name__)

CSS = """
body { font-family: serif; font-size: 11pt; line-height: 1.25; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 8pt 0; }
h2 { font-size: 13pt; margin: 12pt 0 4pt 0; }
p { margin: 0 0 6pt 0; }
table { width: 100%; border-collapse: collapse; }
th { font-size: 9.5pt; text-align: left; border-bottom: 1px solid #444; padding: 2pt; }
td { font-size: 9.5pt; vertical-align: top; border-bottom: 1px solid #bbb; padding: 2pt; }
a { color: #1a3f9e; text-decoration: none; }
.caption { text-align: center; font-size: 12pt; margin-bottom: 4pt; }
.cover-title { text-align: center; font-size: 20pt; font-weight: bold; margin: 60pt 0 24pt 0; }
.small { font-size: 8.5pt; }
.hash { font-family: monospace; font-size: 7pt; }
.quote { margin: 0 0 2pt 12pt; }
.cite { margin: 0 0 7pt 12pt; font-size: 9.5pt; }
.nowrap { white-space: nowrap; }
"""

RELATION_HEADINGS = {Relation.SUPPORTS: "Supporting", Relation.CONTRADICTS: "Contradicting",
                     Relation.QUALIFIES: "Qualifying", Relation.CONTEXT: "Context"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def page_link(number: int | None, text: str, *, links: bool) -> str:
    if number is None:
        return _e(text)
    return f'<a href="#page-{number}">{_e(text)}</a>' if links else _e(text)


def _pages(first: int, last: int) -> str:
    return format_range(first, last)


@dataclass(frozen=True)
class Caption:
    """Who and where, for the cover: court, case title and number, who prepared the bundle."""

    case_title: str
    court: str = ""
    case_number: str = ""
    filer: str = ""  # who files the bundle ("Counsel for Plaintiff"), from the case caption


def cover_html(plan: BundlePlan, caption: Caption) -> str:
    d = plan.definition
    lines = [f'<p class="caption">{_e(line)}</p>' for line in (caption.court, caption.case_title,
                                                                 caption.case_number and f"No. {caption.case_number}",
                                                                 caption.filer and f"Filed by {caption.filer}")
             if line]
    lines.append(f'<p class="cover-title">{_e(d.title)}</p>')
    volume = plan.current
    if volume is not None:
        lines.append(f'<p class="cover-title">Volume {volume.number} of {volume.count}</p>')
        held = [plan.exhibits[i] for i in volume.exhibits]
        lines.append(f'<p style="text-align:center">Exhibit{"s" if len(held) > 1 else ""} {_e(held[0].label)}'
                     + (f"–{_e(held[-1].label)}" if len(held) > 1 else "")
                     + f", pages {_pages(plan.first_number, plan.last_page)} of 1–{_set_last_page(plan)}"
                     + (f"; Bates {_e(_bates_span(plan, held))}" if held[0].bates_first is not None else "")
                     + "</p>")
        lines.append("<table><tr><th>Exhibit</th><th>Description</th><th>Pages</th></tr>" + "".join(
            f"<tr><td>{_e(ex.label)}</td><td>{_e(ex.description)}</td>"
            f"<td class=\"nowrap\">{_pages(ex.first_page, ex.last_page)}</td></tr>" for ex in held)
            + ("<tr><td></td><td>Claim–evidence chart</td>"
               f"<td class=\"nowrap\">{_pages(plan.chart_first, plan.last_page)}</td></tr>"
               if volume.chart and plan.chart_first else "") + "</table>")
    else:
        lines.append(f'<p style="text-align:center">{len(plan.exhibits)} exhibit(s), pages 1–{plan.last_page}'
                     + (f"; Bates {_e(plan.bates_text(_first_bates(plan)))}–"
                        f"{_e(plan.bates_text(_last_bates(plan)))}" if _first_bates(plan) is not None else "")
                     + "</p>")
    if d.date:
        lines.append(f'<p style="text-align:center">Dated {_e(d.date)}</p>')
    if d.prepared_by:
        lines.append(f'<p style="text-align:center">Prepared by {_e(d.prepared_by)}</p>')
    return "\n".join(lines)


def _set_last_page(plan: BundlePlan) -> int:
    return plan.volumes[-1].last_page if plan.volumes else plan.last_page


def _bates_span(plan: BundlePlan, held: Sequence) -> str:
    first, last = plan.bates_text(held[0].bates_first), plan.bates_text(held[-1].bates_last)
    return first if first == last else f"{first}–{last}"


def _first_bates(plan: BundlePlan) -> int | None:
    return next((e.bates_first for e in plan.exhibits if e.bates_first is not None), None)


def _last_bates(plan: BundlePlan) -> int | None:
    return next((e.bates_last for e in reversed(plan.exhibits) if e.bates_last is not None), None)


def index_html(plan: BundlePlan) -> str:
    """Exhibit, description, date, bundle pages (linked) and Bates range; then the chart.

    A volume of a split bundle carries the full index (every exhibit with its volume), as appendix rules
    expect a reader holding any one volume to find everything; only its own pages are linked.
    """
    links = plan.profile.links
    split = bool(plan.volumes)
    rows = []
    for number, ex in enumerate(plan.exhibits):
        here = links and plan.in_file(ex.first_page)
        pages = page_link(ex.first_page, _pages(ex.first_page, ex.last_page), links=here)
        vol = plan.exhibit_volume(number)
        vol_cell = f"<td class=\"nowrap\">{vol.number if vol else ''}</td>" if split else ""
        rows.append(f"<tr><td>{_e(ex.label)}</td><td>{_e(ex.description)}</td><td class=\"nowrap\">{_e(ex.date)}</td>"
                    f"{vol_cell}<td class=\"nowrap\">{pages}</td><td>{_e(plan.bates_range(ex))}</td></tr>")
    chart_first, chart_last = _chart_span(plan)
    if chart_first is not None:
        here = links and plan.in_file(chart_first)
        pages = page_link(chart_first, _pages(chart_first, chart_last), links=here)
        vol_cell = f"<td>{plan.volumes[-1].number}</td>" if split else ""
        rows.append(f"<tr><td></td><td>Claim–evidence chart</td><td></td>{vol_cell}<td class=\"nowrap\">{pages}</td>"
                    "<td></td></tr>")
    vol_head = "<th>Vol.</th>" if split else ""
    return ("<h1>Index of Exhibits</h1>"
            f"<table><tr><th>Exhibit</th><th>Description</th><th>Date</th>{vol_head}<th>Pages</th><th>Bates</th></tr>"
            + "".join(rows) + "</table>")


def _chart_span(plan: BundlePlan) -> tuple[int | None, int]:
    """Where the chart sits in the whole bundle, even when drawing a volume without it."""
    if plan.chart_first is not None:
        return plan.chart_first, plan.last_page
    if plan.volumes and plan.volumes[-1].chart:
        last = plan.volumes[-1]
        first = plan.exhibits[last.exhibits[-1]].last_page + 1
        return first, last.last_page
    return None, 0


def manifest_html(plan: BundlePlan) -> str:
    """Each exhibit's original SHA-256 and Bates range, so a reader can check the bundle against the files."""
    split = bool(plan.volumes)
    rows = []
    for number, ex in enumerate(plan.exhibits):
        vol = plan.exhibit_volume(number)
        vol_cell = f"<td>{vol.number if vol else ''}</td>" if split else ""
        rows.append(f'<tr><td>{_e(ex.label)}</td>{vol_cell}<td class="hash">{_e(ex.sha256)}</td>'
                    f"<td>{ex.source_pages}</td><td>{_e(plan.bates_range(ex))}</td></tr>")
    note = (f" The bundle is split into {len(plan.volumes)} volumes at exhibit boundaries; page and Bates "
            "numbers continue from one volume to the next." if split else "")
    return ("<h1>Manifest</h1><p class=\"small\">SHA-256 of each exhibit's original file as stored in the case. "
            "Articles are reproduced from the saved page; their capture details are in each page's footer."
            + note + "</p>"
            f"<table><tr><th>Exhibit</th>{'<th>Vol.</th>' if split else ''}<th>Original SHA-256</th><th>Pages</th>"
            "<th>Bates</th></tr>" + "".join(rows) + "</table>")


def slip_sheet_html(heading: str, description: str) -> str:
    return (f'<p style="margin-top:250pt;text-align:center;font-size:28pt;font-weight:bold">{_e(heading)}</p>'
            f'<p style="text-align:center">{_e(description)}</p>')


def _bundle_cite(plan: BundlePlan, cite: ChartCite) -> str:
    if cite.bundle_first is None:
        return "not in this bundle"
    first, last = cite.bundle_first, cite.bundle_last or cite.bundle_first
    links = plan.profile.links and plan.in_file(first)  # a page in another volume is cited as text
    bates = ""
    if cite.bates_first is not None:
        bates = plan.bates_text(cite.bates_first)
        if cite.bates_last not in (None, cite.bates_first):
            bates += "–" + plan.bates_text(cite.bates_last)
    volume = plan.volume_of(first)
    if volume is not None:  # "Vol. 2 at 145; TRC000145"
        out = page_link(first, f"{volume.name.split(' of ')[0]} at {_pages(first, last)}", links=links)
        return out + ("; " + page_link(first, bates, links=links) if bates else "")
    text = f"Bundle p. {first}" if first == last else f"Bundle pp. {_pages(first, last)}"
    out = page_link(first, text, links=links)
    if bates:
        out += " (" + page_link(first, bates, links=links) + ")"
    return out


def _swatch(relation: Relation) -> str:
    r, g, b = (round(c * 255) for c in RELATION_COLOURS[relation])
    return f'<span style="background-color:#{r:02x}{g:02x}{b:02x}">&#160;&#160;&#160;</span>'


def chart_html(plan: BundlePlan, rows: Sequence[ChartRow], *, title: str = "Claim–Evidence Chart") -> str:
    """Each claim, then its excerpts by relation: quote, original pin cite, bundle page and Bates (linked)."""
    out = [f"<h1>{_e(title)}</h1>"]
    for row in rows:
        out.append(f"<h2>Claim {row.number}: {_e(row.statement)}</h2>")
        out.append(f'<p class="small">{_e(row.claim_type)}, {_e(row.status)}'
                   + (f"; asserted in {_e(row.asserted_in)}" if row.asserted_in else "") + "</p>")
        if not row.cites:
            out.append('<p class="small">No excerpts linked.</p>')
        for relation in RELATION_HEADINGS:
            cites = [c for c in row.cites if c.relation is relation]
            if not cites:
                continue
            out.append(f"<p>{_swatch(relation)} <b>{RELATION_HEADINGS[relation]}</b></p>")
            for cite in cites:
                out.append(f'<p class="quote">“{_e(cite.quote)}”</p>')
                note = f" — {_e(cite.note)}" if cite.note else ""
                out.append(f'<p class="cite">{_e(cite.original_cite)}; {_bundle_cite(plan, cite)}{note}</p>')
    return "\n".join(out)


@dataclass(frozen=True)
class ArticleCapture:
    """What the footer of every article page says about where and when the article was saved."""

    title: str
    site: str
    url: str
    date: str
    sha256: str
    author: str = ""

    def footer(self) -> str:
        parts = [self.site or "saved web page", self.url or "URL not recorded", self.date or "date not recorded"]
        return " · ".join(parts) + f" · SHA-256 {self.sha256}"


def article_exhibit_html(capture: ArticleCapture, body_html: str) -> str:
    """The saved article's sanitised body under a heading with its title, byline, site and date."""
    byline = " · ".join(p for p in (capture.author, capture.site, capture.date) if p)
    head = f'<h1 style="text-align:left">{_e(capture.title)}</h1>'
    if byline:
        head += f'<p class="small">{_e(byline)}</p>'
    if capture.url:
        head += f'<p class="small">{_e(capture.url)}</p>'
    return head + "\n" + body_html
