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


def cover_html(plan: BundlePlan, caption: Caption) -> str:
    d = plan.definition
    lines = [f'<p class="caption">{_e(line)}</p>' for line in (caption.court, caption.case_title,
                                                                 caption.case_number and f"No. {caption.case_number}")
             if line]
    lines.append(f'<p class="cover-title">{_e(d.title)}</p>')
    lines.append(f'<p style="text-align:center">{len(plan.exhibits)} exhibit(s), pages 1–{plan.last_page}'
                 + (f"; Bates {_e(plan.bates_text(_first_bates(plan)))}–{_e(plan.bates_text(_last_bates(plan)))}"
                    if _first_bates(plan) is not None else "") + "</p>")
    if d.date:
        lines.append(f'<p style="text-align:center">Dated {_e(d.date)}</p>')
    if d.prepared_by:
        lines.append(f'<p style="text-align:center">Prepared by {_e(d.prepared_by)}</p>')
    return "\n".join(lines)


def _first_bates(plan: BundlePlan) -> int | None:
    return next((e.bates_first for e in plan.exhibits if e.bates_first is not None), None)


def _last_bates(plan: BundlePlan) -> int | None:
    return next((e.bates_last for e in reversed(plan.exhibits) if e.bates_last is not None), None)


def index_html(plan: BundlePlan) -> str:
    """Exhibit, description, date, bundle pages (linked) and Bates range; then the chart."""
    links = plan.profile.links
    rows = []
    for ex in plan.exhibits:
        pages = page_link(ex.first_page, _pages(ex.first_page, ex.last_page), links=links)
        rows.append(f"<tr><td>{_e(ex.label)}</td><td>{_e(ex.description)}</td><td class=\"nowrap\">{_e(ex.date)}</td>"
                    f"<td class=\"nowrap\">{pages}</td><td>{_e(plan.bates_range(ex))}</td></tr>")
    if plan.chart_pages:
        first = plan.chart_first
        pages = page_link(first, _pages(first, plan.last_page), links=links)
        rows.append(f"<tr><td></td><td>Claim–evidence chart</td><td></td><td class=\"nowrap\">{pages}</td>"
                    "<td></td></tr>")
    return ("<h1>Index of Exhibits</h1>"
            "<table><tr><th>Exhibit</th><th>Description</th><th>Date</th><th>Pages</th><th>Bates</th></tr>"
            + "".join(rows) + "</table>")


def manifest_html(plan: BundlePlan) -> str:
    """Each exhibit's original SHA-256 and Bates range, so a reader can check the bundle against the files."""
    rows = [f'<tr><td>{_e(ex.label)}</td><td class="hash">{_e(ex.sha256)}</td><td>{ex.source_pages}</td>'
            f"<td>{_e(plan.bates_range(ex))}</td></tr>" for ex in plan.exhibits]
    return ("<h1>Manifest</h1><p class=\"small\">SHA-256 of each exhibit's original file as stored in the case. "
            "Articles are reproduced from the saved page; their capture details are in each page's footer.</p>"
            "<table><tr><th>Exhibit</th><th>Original SHA-256</th><th>Pages</th><th>Bates</th></tr>"
            + "".join(rows) + "</table>")


def slip_sheet_html(heading: str, description: str) -> str:
    return (f'<p style="margin-top:250pt;text-align:center;font-size:28pt;font-weight:bold">{_e(heading)}</p>'
            f'<p style="text-align:center">{_e(description)}</p>')


def _bundle_cite(plan: BundlePlan, cite: ChartCite) -> str:
    if cite.bundle_first is None:
        return "not in this bundle"
    first, last = cite.bundle_first, cite.bundle_last or cite.bundle_first
    text = f"Bundle p. {first}" if first == last else f"Bundle pp. {_pages(first, last)}"
    out = page_link(first, text, links=plan.profile.links)
    if cite.bates_first is not None:
        bates = plan.bates_text(cite.bates_first)
        if cite.bates_last not in (None, cite.bates_first):
            bates += "–" + plan.bates_text(cite.bates_last)
        out += " (" + page_link(first, bates, links=plan.profile.links) + ")"
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
