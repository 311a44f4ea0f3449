"""Gathering what a bundle shows: exhibit documents (articles paginated), excerpt places, marks, chart rows."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from casebook.core.anchoring import Quad, reanchor
from casebook.core.bundles import (
    RELATION_COLOURS,
    RELATION_PRIORITY,
    BundleDefinition,
    BundleError,
    ChartCite,
    ChartRow,
    ExhibitSource,
)
from casebook.core.documents import DocumentKind
from casebook.core.evidence import Excerpt, Link, Relation
from casebook.core.excerpt_geometry import quads_for
from casebook.core.records import DocumentRecord
from casebook.export.documents import CSS, ArticleCapture, article_exhibit_html
from casebook.pdf.bundle_assemble import Mark, Source
from casebook.pdf.bundle_html import pdf_page_texts, render_html
from casebook.pdf.bundle_stamp import HTML_MARGINS
from casebook.services.reports import claim_chart
from casebook.services.viewing import article_html, original_path
from casebook.store import documents
from casebook.store import evidence as evidence_store
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

# Sanitised article HTML may still name images or stylesheets; a filing carries none of them.
_EXTERNAL = re.compile(r"<(?:img|link|source|video|audio|iframe|object|embed|picture)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class ExcerptPlace:
    """Where an excerpt sits among its exhibit's pages (1-based) and its rectangles per page."""

    first: int
    last: int
    rects: dict[int, list[Quad]]


@dataclass
class PreparedExhibit:
    """One exhibit ready to plan and draw."""

    record: DocumentRecord
    source: ExhibitSource
    pdf: Source
    fit: bool  # originals are fitted into the stamp-free box; paginated articles fill the page
    footer: tuple[str, ...] = ()
    places: dict[int, ExcerptPlace] = field(default_factory=dict)
    unplaced: dict[int, str] = field(default_factory=dict)  # excerpt id -> why it could not be placed
    pages_without_text: list[int] = field(default_factory=list)


def is_article(record: DocumentRecord) -> bool:
    return record.format != "pdf"


def _capture(record: DocumentRecord) -> ArticleCapture:
    site = record.publisher or ""
    return ArticleCapture(title=record.title, site=site, url=record.url or "",
                          date=record.published_date or record.date or "", sha256=record.sha256,
                          author=record.author or "")


def _footer(capture: ArticleCapture) -> tuple[str, ...]:
    first = " · ".join(p for p in (capture.site or "Saved web page", capture.url or "URL not recorded",
                                   f"published {capture.date}" if capture.date else "date not recorded"))
    return (f"Captured copy: {first}", f"SHA-256 of the saved file: {capture.sha256}")


def prepare_exhibit(case: CaseStore, record: DocumentRecord, excerpts: Sequence[Excerpt], *,
                    page_size: tuple[float, float]) -> PreparedExhibit:
    """Read one exhibit: a PDF original as it is, an article rendered onto Letter pages with its footer."""
    date = record.date or ""
    if not is_article(record):
        pages = documents.get_pages(case.db, record.id, with_words=False)
        source = ExhibitSource(record.id, record.title, record.kind.value, date, record.sha256, record.page_count)
        prepared = PreparedExhibit(record, source, Source(path=original_path(case, record.id)), fit=True,
                                   pages_without_text=[p.number for p in pages if p.needs_ocr])
        for excerpt in excerpts:
            span = excerpt.anchor.span
            prepared.places[excerpt.id] = ExcerptPlace(span.start_page, span.end_page, dict(excerpt.quads))
        return prepared
    capture = _capture(record)
    body = _EXTERNAL.sub("", article_html(case, record.id))
    rendered = render_html(article_exhibit_html(capture, body), css=CSS, page_size=page_size,
                           margins=HTML_MARGINS)
    source = ExhibitSource(record.id, record.title, DocumentKind.ARTICLE.value if record.kind is DocumentKind.OTHER
                           else record.kind.value, date, record.sha256, rendered.page_count, is_article=True)
    prepared = PreparedExhibit(record, source, Source(data=rendered.pdf), fit=False, footer=_footer(capture))
    text_pages = pdf_page_texts(rendered.pdf)
    words = {p.number: p.words for p in text_pages}
    for excerpt in excerpts:
        # The article's stored text and its printed pages differ in layout only: find each quote again.
        found = reanchor(excerpt.anchor, text_pages)
        if found.anchor is None or found.status == "lost":
            prepared.unplaced[excerpt.id] = found.note or "quote not found on the printed article pages"
            continue
        span = found.anchor.span
        prepared.places[excerpt.id] = ExcerptPlace(span.start_page, span.end_page, quads_for(found.anchor, words))
    return prepared


def prepare_exhibits(case: CaseStore, definition: BundleDefinition, *,
                     page_size: tuple[float, float]) -> list[PreparedExhibit]:
    prepared = []
    for choice in definition.exhibits:
        record = documents.get_document(case.db, choice.document_id)
        if record is None:
            raise BundleError(f"no document {choice.document_id} in this case")
        if record.page_count < 1:
            raise BundleError(f"document {record.id} ({record.original_name}) has no pages to put in a bundle")
        excerpts = evidence_store.list_excerpts(case.db, document_id=record.id)
        prepared.append(prepare_exhibit(case, record, excerpts, page_size=page_size))
    return prepared


# --- marks and chart ---------------------------------------------------------------------------------------------

@dataclass
class EvidenceMap:
    """Links of the case by excerpt, with chart numbers of claims (the order of the claim chart)."""

    rows: list[ChartRow]
    links_by_excerpt: dict[int, list[Link]]
    claim_numbers: dict[int, int]
    statements: dict[int, str]


def _relation(links: Sequence[Link]) -> Relation:
    present = {link.relation for link in links}
    return next(r for r in RELATION_PRIORITY if r in present)


def marks_for(prepared: PreparedExhibit, evidence: EvidenceMap) -> dict[int, list[Mark]]:
    """Highlights per exhibit page (1-based): every placed excerpt linked to a claim, noting the claims."""
    marks: dict[int, list[Mark]] = {}
    for excerpt_id, place in sorted(prepared.places.items()):
        links = evidence.links_by_excerpt.get(excerpt_id)
        if not links:
            continue
        relation = _relation(links)
        notes = [f"Claim {evidence.claim_numbers.get(lk.claim_id, lk.claim_id)} ({lk.relation.value}): "
                 f"{evidence.statements.get(lk.claim_id, '')}" for lk in sorted(links, key=lambda lk: lk.claim_id)]
        content = f"Excerpt {excerpt_id}. " + " | ".join(notes)
        for page, rects in sorted(place.rects.items()):
            marks.setdefault(page, []).append(Mark(tuple(rects), RELATION_COLOURS[relation],
                                                   content, relation.value))
    return marks


def evidence_map(case: CaseStore, prepared: Sequence[PreparedExhibit]) -> EvidenceMap:
    """Claims bearing on the bundle's excerpts, in chart order, with their cites (bundle places filled later)."""
    in_bundle = {ex_id for p in prepared for ex_id in p.places}
    entries = claim_chart(case)
    rows: list[ChartRow] = []
    numbers: dict[int, int] = {}
    statements: dict[int, str] = {}
    for entry in entries:
        statements[entry.claim_id] = entry.statement
        if not any(item.excerpt_id in in_bundle for item in entry.evidence):
            continue
        numbers[entry.claim_id] = len(rows) + 1
        cites = tuple(ChartCite(relation=Relation(item.relation), quote=item.quote, original_cite=item.cite,
                                excerpt_id=item.excerpt_id, note=item.note) for item in entry.evidence)
        rows.append(ChartRow(number=len(rows) + 1, claim_id=entry.claim_id, statement=entry.statement,
                             status=entry.status, claim_type=entry.claim_type, asserted_in=entry.source_cite or "",
                             cites=cites))
    links: dict[int, list[Link]] = {}
    for link in evidence_store.list_links(case.db):
        if link.excerpt_id in in_bundle:
            links.setdefault(link.excerpt_id, []).append(link)
    return EvidenceMap(rows, links, numbers, statements)
