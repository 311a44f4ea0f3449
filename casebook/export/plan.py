"""Bundle planning: exhibit order and labels, printed page numbers, Bates ranges and page labels."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from casebook.core.bundles import (
    BundleDefinition,
    BundleError,
    BundlePage,
    BundlePlan,
    ExhibitSource,
    Marking,
    PlannedExhibit,
    Volume,
    court_profile,
)
from casebook.export.numbering import exhibit_label, roman

log = logging.getLogger(__name__)


def bates_page_count(sources: Sequence[ExhibitSource]) -> int:
    """Bates numbers a bundle needs: one per exhibit page (slip-sheets, front matter and chart get none)."""
    return sum(s.page_count for s in sources)


def exhibit_labels(definition: BundleDefinition) -> list[str]:
    """Each exhibit's label: its own (e.g. "P-1") when given, else the numbering's label for its place.

    Labels are printed as stamps and cited in the index, so two exhibits may never share one."""
    labels = [" ".join(choice.label.split()) or exhibit_label(index + 1, definition.labels)
              for index, choice in enumerate(definition.exhibits)]
    seen: set[str] = set()
    for label in labels:
        if label.casefold() in seen:
            raise BundleError(f"two exhibits are labelled {label!r}; each exhibit needs its own label")
        seen.add(label.casefold())
    return labels


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
    if definition.max_mb is not None:
        if definition.max_mb <= 0:
            raise BundleError("the size cap (max MB) must be positive")
        profile = replace(profile, max_file_bytes=int(definition.max_mb * 1024 * 1024))
    prefix = definition.bates_prefix.strip()
    if prefix and bates_first is None:
        raise BundleError("a Bates prefix needs a first number (allocate a range first)")
    slip = definition.marking is Marking.SLIP_SHEET
    exhibits: list[PlannedExhibit] = []
    pages: list[BundlePage] = []
    bates = bates_first if prefix else None
    warnings: list[str] = []
    labels = exhibit_labels(definition)
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
            label=labels[index], document_id=source.document_id,
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


def page_labels(front_pages: int, first_number: int = 1) -> list[tuple[int, str, int]]:
    """PDF page-label ranges as (first page index, style, first number): roman front matter, then decimal
    from `first_number` (a later volume continues the bundle's numbering).

    Style letters as PDF page labels define them: "r" lower roman, "D" decimal.
    """
    ranges = [(0, "r", 1)] if front_pages else []
    ranges.append((front_pages, "D", first_number))
    return ranges


def printed_label(plan_front_pages: int, page_index: int, first_number: int = 1) -> str:
    """The number printed on (and the PDF label of) the page at 0-based `page_index` of the file."""
    if page_index < plan_front_pages:
        return roman(page_index + 1)
    return str(page_index - plan_front_pages + first_number)


# --- volumes: a bundle split at exhibit boundaries to meet a court's size cap ------------------------------------

def pack_volumes(sizes: Sequence[int], cap: int, *, overhead: int = 0) -> list[tuple[int, ...]]:
    """Group exhibits (by index, in order) into as few volumes as fit `cap`, never splitting an exhibit.

    `sizes` are estimated bytes per exhibit and `overhead` what every volume adds (front matter, fonts).
    An exhibit too big for a volume of its own still gets one; pre-flight reports it as blocking.
    """
    groups: list[list[int]] = []
    used = 0
    for index, size in enumerate(sizes):
        if groups and used + size <= cap - overhead:
            groups[-1].append(index)
            used += size
        else:
            groups.append([index])
            used = size
    return [tuple(g) for g in groups]


def move_last_exhibit(groups: Sequence[tuple[int, ...]], volume: int) -> list[tuple[int, ...]]:
    """Move the last exhibit of volume `volume` (0-based) to the start of the next one (a new one if last)."""
    if len(groups[volume]) < 2:
        raise BundleError("a volume of one exhibit cannot be split further")
    out = [tuple(g) for g in groups]
    moved = out[volume][-1]
    out[volume] = out[volume][:-1]
    if volume + 1 < len(out):
        out[volume + 1] = (moved, *out[volume + 1])
    else:
        out.append((moved,))
    return out


def assign_volumes(plan: BundlePlan, groups: Sequence[Sequence[int]]) -> BundlePlan:
    """The plan with its exhibits grouped into volumes (consecutive, whole exhibits); the chart goes last."""
    flat = [i for g in groups for i in g]
    if flat != list(range(len(plan.exhibits))) or any(not g for g in groups):
        raise BundleError("volumes must hold every exhibit once, in bundle order")
    count = len(groups)
    volumes = []
    for number, group in enumerate(groups, start=1):
        first = plan.exhibits[group[0]].first_page
        last = plan.exhibits[group[-1]].last_page
        is_last = number == count
        if is_last:
            last = plan.last_page  # chart pages follow the last exhibit
        volumes.append(Volume(number, count, tuple(group), first, last, chart=is_last and bool(plan.chart_pages)))
    return replace(plan, volumes=tuple(volumes), volume=None)


def volume_plan(plan: BundlePlan, number: int) -> BundlePlan:
    """The plan for drawing volume `number` (1-based): its pages only, numbered as in the whole bundle."""
    volume = plan.volumes[number - 1]
    pages = tuple(p for p in plan.pages if volume.holds(p.number))
    return replace(plan, pages=pages, chart_pages=plan.chart_pages if volume.chart else 0, volume=number)


def volume_file_name(stem: str, volume: Volume) -> str:
    """"Exhibits Vol. 2 of 3.pdf": the name courts' filers see, from the set's output name."""
    return f"{stem} {volume.name}.pdf"
