"""Verifying a written bundle against its plan: quotes on cited pages, Bates, labels, links, clean metadata."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from casebook.core.anchoring import normalise_quote
from casebook.core.bundles import BundleError, BundlePlan, ChartRow, Marking
from casebook.core.evidence import Excerpt
from casebook.export.plan import printed_label
from casebook.pdf.bundle_check import BundleReading, read_bundle, unexpected_annotations
from casebook.pdf.bundle_stamp import HTML_MARGINS, TOP_BAND, StampRegions
from casebook.services.bundle_build import Layout

log = logging.getLogger(__name__)


@dataclass
class Verification:
    """What was checked and every problem found; an export with problems is not kept."""

    quotes_checked: int = 0
    bates_checked: int = 0
    labels_checked: int = 0
    links_checked: int = 0
    problems: list[str] = field(default_factory=list)
    archival: dict = field(default_factory=dict)  # the PDF/A conversion and its checks (`pdfa` profile)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"ok": self.ok, "quotes_checked": self.quotes_checked, "bates_checked": self.bates_checked,
                "labels_checked": self.labels_checked, "links_checked": self.links_checked,
                "problems": list(self.problems), **({"pdfa": self.archival} if self.archival else {})}


class BundleVerificationFailed(BundleError):
    """The written bundle did not pass verification; nothing was left at the destination."""

    def __init__(self, message: str, verification: Verification) -> None:
        super().__init__(message)
        self.verification = verification


def _clip(kind: str, size: tuple[float, float]) -> tuple[float, float, float, float]:
    width, height = size
    if kind == "fit":
        return StampRegions.for_page(width, height).content
    return (0.0, TOP_BAND, width, height - HTML_MARGINS[3] + 6)


_SPACE = re.compile(r"\s+")


def _squash(text: str, *, normalise: bool) -> str:
    # Compared without any whitespace: PDF text may split or join words at line ends differently.
    return _SPACE.sub("", normalise_quote(text) if normalise else text).casefold()


def _cited_pages(first: int | None, last: int | None) -> range:
    """The bundle page numbers a chart cite spans (none when the excerpt is not in the bundle)."""
    if first is None:
        return range(0)
    return range(first, (last or first) + 1)


def quote_on_pages(quote: str, text: str) -> bool:
    """Whether the quote is in the text, whitespace aside; then also ignoring quote marks, dashes, ligatures."""
    if _squash(quote, normalise=False) in _squash(text, normalise=False):
        return True
    return _squash(quote, normalise=True) in _squash(text, normalise=True)


def verify_bundle(path: Path, plan: BundlePlan, layout: Layout, rows: Sequence[ChartRow],
                  excerpts: dict[int, Excerpt]) -> tuple[Verification, BundleReading]:
    """Read the written file back and check it against what was meant to be written."""
    result = Verification()
    # A volume of a split bundle is checked for what it holds: its cites, its exhibits, its page numbers.
    offset = plan.first_number
    front = layout.front_pages - offset + 1  # file index of bundle page N is front + N - 1
    cited = {c.excerpt_id: c for row in rows for c in row.cites if plan.in_file(c.bundle_first)}
    held = [ex for ex in plan.exhibits if plan.in_file(ex.first_page)]
    text_pages: dict[int, tuple[float, float, float, float]] = {}
    for cite in cited.values():
        for number in _cited_pages(cite.bundle_first, cite.bundle_last):
            index = front + number - 1
            text_pages[index] = _clip(layout.text_clips.get(index, "fit"), plan.profile.page_size)
    stamped = {front + ex.content_first_page - 1 for ex in held}
    reading = read_bundle(path, text_clips=text_pages, stamped=stamped)
    problems = result.problems
    expected_count = layout.front_pages + len(plan.pages)
    if reading.page_count != expected_count:
        problems.append(f"the bundle has {reading.page_count} pages; {expected_count} were planned")
        return result, reading
    # 1. Every charted quote is on the bundle page(s) its chart entry cites.
    for excerpt_id, cite in sorted(cited.items()):
        first, last = cite.bundle_first, cite.bundle_last or cite.bundle_first
        text = " ".join(reading.texts.get(front + n - 1, "") for n in _cited_pages(first, last))
        quote = excerpts[excerpt_id].text if excerpt_id in excerpts else cite.quote
        result.quotes_checked += 1
        if not quote_on_pages(quote, text):
            short = quote if len(quote) <= 70 else quote[:67] + "…"
            where = f"page {first}" if first == last else f"pages {first}–{last}"
            problems.append(f"excerpt {excerpt_id} (“{short}”) is not on bundle {where}, which the chart cites")
    # 2. Bates numbers: as planned, unique and consecutive.
    seen: Counter[str] = Counter()
    previous: int | None = None
    for page in plan.pages:
        number = page.number
        if page.bates is None:
            continue
        read = reading.pages[front + number - 1].bates_text
        wanted = plan.bates_text(page.bates)
        result.bates_checked += 1
        seen[read] += 1
        if read != wanted:
            problems.append(f"bundle page {number}: Bates reads {read!r}, expected {wanted!r}")
        if previous is not None and page.bates != previous + 1:
            problems.append(f"bundle page {number}: Bates {wanted} does not follow {plan.bates_text(previous)}")
        previous = page.bates
    problems.extend(f"Bates {text!r} appears {n} times" for text, n in seen.items() if n > 1)
    # 3. Page labels match the printed numbers and the index.
    for written in reading.pages:
        label = printed_label(layout.front_pages, written.index, offset)
        result.labels_checked += 1
        if written.label != label:
            problems.append(f"page {written.index + 1}: PDF page label {written.label!r}, expected {label!r}")
        if written.page_number_text != f"Page {label}":
            problems.append(f"page {written.index + 1}: printed number reads {written.page_number_text!r}, "
                            f"expected 'Page {label}'")
    for exhibit in held:
        index = front + exhibit.first_page - 1
        if reading.pages[index].label != str(exhibit.first_page):
            problems.append(f"{exhibit.heading}: the index gives page {exhibit.first_page}, "
                            f"the file labels it {reading.pages[index].label!r}")
        if plan.definition.marking is Marking.STAMP:
            read = reading.pages[front + exhibit.content_first_page - 1].exhibit_text
            if read != exhibit.heading.upper():
                problems.append(f"{exhibit.heading}: the exhibit stamp reads {read!r}")
    # 4. Every link lands on its target page, and there are no others.
    found = Counter((page.index, target) for page in reading.pages for _rect, target in page.links)
    wanted_links = Counter(layout.expected_links)
    result.links_checked = sum(found.values())
    for (index, target), n in (wanted_links - found).items():
        problems.append(f"page {index + 1}: {n} link(s) to page {target + 1} missing")
    for (index, target), n in (found - wanted_links).items():
        problems.append(f"page {index + 1}: {n} unexpected link(s) to page {target + 1}")
    # 5. Nothing but our metadata, and nothing hidden or active.
    problems.extend(_cleanliness(reading, layout, plan))
    return result, reading


def _cleanliness(reading: BundleReading, layout: Layout, plan: BundlePlan) -> list[str]:
    problems = []
    wanted = {k: v for k, v in layout.options.metadata.items()}
    for key, value in wanted.items():
        if reading.metadata.get(key, "") != value:
            problems.append(f"metadata {key} is {reading.metadata.get(key)!r}, expected {value!r}")
    extra = {k: v for k, v in reading.metadata.items() if v and k not in wanted}
    if extra:
        problems.append(f"metadata not written by Casebook: {sorted(extra)}")
    # A PDF/A file must carry XMP (in the catalog alone); the PDF/A checks read what it says.
    archival = plan.profile.pdfa and "pdfaid" in reading.xml_metadata
    if reading.xml_metadata.strip() and not archival:
        problems.append("the file carries XMP metadata")
    if reading.embedded_files:
        problems.append(f"the file carries {reading.embedded_files} attachment(s)")
    if reading.encrypted:
        problems.append("the file is encrypted")
    problems.extend(f"active or hidden content left in the file: {f}" for f in reading.forbidden
                    if not (archival and f.endswith(": /Metadata")))
    problems.extend(unexpected_annotations(reading))
    highlights = sum(1 for p in reading.pages for kind, _, _ in p.annotations if kind == "Highlight")
    if not plan.definition.burn_in and highlights != layout.highlight_count:
        problems.append(f"{highlights} highlight annotations written, {layout.highlight_count} planned")
    if reading.toc != [tuple(t) for t in layout.options.toc]:
        problems.append("the bookmarks differ from the plan")
    width, height = plan.profile.page_size
    if reading.page_sizes - {(round(width), round(height))}:
        problems.append(f"pages not of the profile's size: {sorted(reading.page_sizes)}")
    return problems


def verify_set(plan: BundlePlan, rows: Sequence[ChartRow],
               volumes: Sequence[tuple[BundlePlan, Layout, BundleReading, Verification]]) -> list[str]:
    """Checks across the volumes of a split bundle, each already verified on its own.

    Every exhibit is in exactly one volume, printed numbers continue from volume to volume, Bates numbers
    are unique and consecutive over the whole set, and every charted quote was checked in its volume.
    """
    problems: list[str] = []
    seen_exhibits = [i for v in plan.volumes for i in v.exhibits]
    if seen_exhibits != list(range(len(plan.exhibits))):
        problems.append(f"the volumes hold exhibits {seen_exhibits}; each exhibit must be in exactly one")
    expected_next = 1
    bates_read: list[str] = []
    planned: list[int] = []
    for vplan, layout, reading, _ in volumes:
        name = vplan.current.name if vplan.current else "the bundle"
        if vplan.first_number != expected_next:
            problems.append(f"{name} starts at page {vplan.first_number}, expected {expected_next}")
        body = [p for p in reading.pages if p.index >= layout.front_pages]
        labels = [p.label for p in body]
        wanted = [str(n) for n in range(vplan.first_number, vplan.first_number + len(body))]
        if labels != wanted:
            problems.append(f"{name}: page labels run {labels[:1]}…{labels[-1:]}, expected {wanted[:1]}…{wanted[-1:]}")
        expected_next = vplan.last_page + 1
        offset = layout.front_pages - vplan.first_number
        for page in vplan.pages:
            if page.bates is not None:
                planned.append(page.bates)
                bates_read.append(reading.pages[offset + page.number].bates_text)
    if expected_next - 1 != plan.last_page:
        problems.append(f"the volumes end at page {expected_next - 1}; the bundle has {plan.last_page}")
    duplicates = sorted(t for t, n in Counter(bates_read).items() if n > 1)
    problems.extend(f"Bates {t!r} appears in more than one place in the set" for t in duplicates)
    if planned and planned != list(range(planned[0], planned[0] + len(planned))):
        problems.append("Bates numbers are not consecutive across the volumes")
    if bates_read != [plan.bates_text(n) for n in planned]:
        problems.append("Bates numbers read back from the volumes differ from the plan")
    cited = {c.excerpt_id for row in rows for c in row.cites if c.bundle_first is not None}
    checked = sum(v.quotes_checked for *_, v in volumes)
    if checked != len(cited):
        problems.append(f"{checked} charted quotes were checked in the volumes; {len(cited)} are cited")
    return problems
