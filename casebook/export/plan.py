"""Bundle planning: exhibit order and labels, printed page numbers, Bates ranges and page labels."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from casebook.core.bundles import (
    BundleDefinition,
    BundleError,
    BundlePage,
    BundlePlan,
    ExhibitSource,
    Marking,
    PlannedExhibit,
    court_profile,
)
from casebook.export.numbering import exhibit_label, roman

log = logging.getLogger(__name__)


def bates_page_count(sources: Sequence[ExhibitSource]) -> int:
    """Bates numbers a bundle needs: one per exhibit page (slip-sheets, front matter and chart get none)."""
    return sum(s.page_count for s in sources)


def plan_bundle(definition: BundleDefinition, sources: Sequence[ExhibitSource], *, bates_first: int | None = None,
                chart_pages: int = 0) -> BundlePlan:
    """Lay the exhibits out in the chosen order. Front matter (cover, index, manifest) is numbered i, ii, …
    apart, so exhibit page numbers never depend on how long the index runs."""
    if not sources:
        raise BundleError("a bundle needs at least one exhibit")
    if len(sources) != len(definition.exhibits):
        raise BundleError("every exhibit of the definition needs its document")
    ids = [s.document_id for s in sources]
    if len(set(ids)) != len(ids):
        raise BundleError("a document appears twice in the bundle; each exhibit must be a different document")
    profile = court_profile(definition.profile)
    prefix = definition.bates_prefix.strip()
    if prefix and bates_first is None:
        raise BundleError("a Bates prefix needs a first number (allocate a range first)")
    slip = definition.marking is Marking.SLIP_SHEET
    exhibits: list[PlannedExhibit] = []
    pages: list[BundlePage] = []
    bates = bates_first if prefix else None
    warnings: list[str] = []
    for index, (choice, source) in enumerate(zip(definition.exhibits, sources, strict=True)):
        if source.page_count < 1:
            raise BundleError(f"document {source.document_id} has no pages to put in the bundle")
        first = len(pages) + 1
        if slip:
            pages.append(BundlePage(len(pages) + 1, index, 0))
        content_first = len(pages) + 1
        bates_first_here = bates
        for number in range(1, source.page_count + 1):
            pages.append(BundlePage(len(pages) + 1, index, number, bates))
            if bates is not None:
                bates += 1
        exhibits.append(PlannedExhibit(
            label=exhibit_label(index + 1, definition.labels), document_id=source.document_id,
            title=source.title, description=choice.description or source.title, date=choice.date or source.date,
            sha256=source.sha256, source_pages=source.page_count, first_page=first, last_page=len(pages),
            content_first_page=content_first, bates_first=bates_first_here,
            bates_last=None if bates is None else bates - 1, is_article=source.is_article,
        ))
    for _ in range(chart_pages):
        pages.append(BundlePage(len(pages) + 1, None, 0))
    if prefix and bates is not None and len(f"{bates - 1}") > definition.bates_digits:
        warnings.append(f"Bates numbers pass {definition.bates_digits} digits; they are printed in full")
    return BundlePlan(definition=definition, profile=profile, exhibits=tuple(exhibits), pages=tuple(pages),
                      chart_pages=chart_pages, bates_prefix=prefix, bates_digits=definition.bates_digits,
                      warnings=tuple(warnings))


def page_labels(front_pages: int) -> list[tuple[int, str, int]]:
    """PDF page-label ranges as (first page index, style, first number): roman front matter, then 1, 2, 3 …

    Style letters as PDF page labels define them: "r" lower roman, "D" decimal.
    """
    ranges = [(0, "r", 1)] if front_pages else []
    ranges.append((front_pages, "D", 1))
    return ranges


def printed_label(plan_front_pages: int, page_index: int) -> str:
    """The number printed on (and the PDF label of) the page at 0-based `page_index` of the bundle."""
    if page_index < plan_front_pages:
        return roman(page_index + 1)
    return str(page_index - plan_front_pages + 1)
