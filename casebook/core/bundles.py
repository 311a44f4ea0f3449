"""Filing bundles as data: the definition a user saves, court profiles, highlight colours and the bundle plan."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from casebook.core.errors import CasebookError
from casebook.core.evidence import Relation

log = logging.getLogger(__name__)

LETTER = (612.0, 792.0)
Rgb = tuple[float, float, float]

# Highlight colours by how an excerpt bears on a claim: green supports, red contradicts, amber qualifies,
# blue is context. An excerpt linked to several claims takes the first of these that applies.
RELATION_COLOURS: dict[Relation, Rgb] = {
    Relation.SUPPORTS: (0.33, 0.85, 0.40),
    Relation.CONTRADICTS: (0.98, 0.40, 0.40),
    Relation.QUALIFIES: (1.00, 0.76, 0.20),
    Relation.CONTEXT: (0.45, 0.72, 1.00),
}
RELATION_PRIORITY = (Relation.CONTRADICTS, Relation.QUALIFIES, Relation.SUPPORTS, Relation.CONTEXT)


class BundleError(CasebookError):
    """A bundle that cannot be planned, exported or verified, and why."""


class LabelStyle(StrEnum):
    ALPHA = "alpha"  # A, B, … Z, AA, AB …
    NUMERIC = "numeric"  # 1, 2, 3 …


class Marking(StrEnum):
    """How an exhibit's start is marked: a stamp on its first page or a slip-sheet before it."""

    STAMP = "stamp"
    SLIP_SHEET = "slip-sheet"


@dataclass(frozen=True)
class CourtProfile:
    """What a court accepts. Every profile forbids JavaScript, attachments and encryption."""

    name: str
    description: str
    page_size: tuple[float, float] = LETTER
    max_file_bytes: int | None = None  # split into volumes at exhibit boundaries above this
    links: bool = True
    pdfa: bool = False


PROFILES: dict[str, CourtProfile] = {
    "default": CourtProfile("default", "Letter pages, internal links, no size cap"),
    "dcd": CourtProfile("dcd", "D.D.C.-style CM/ECF: Letter, 50 MB per file, links allowed, no JavaScript, "
                        "attachments or encryption", max_file_bytes=50 * 1024 * 1024),
    "pdfa": CourtProfile("pdfa", "Archival PDF/A-2b (Ghostscript, where installed); Letter, links allowed",
                         pdfa=True),
    "nolinks": CourtProfile("nolinks", "Letter pages without any links (courts that refuse active content)",
                            links=False),
}


def court_profile(name: str) -> CourtProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise BundleError(f"{name!r} is not a court profile; choose one of: {', '.join(PROFILES)}") from None


@dataclass(frozen=True)
class ExhibitChoice:
    """One document in a bundle; an empty description, date or label falls back to the document's title and date
    and the label the numbering gives its place ("A", "1")."""

    document_id: int
    description: str = ""
    date: str = ""
    label: str = ""


@dataclass(frozen=True)
class BundleDefinition:
    """What a user chose for a bundle; saved with the case by name so the bundle can be regenerated.

    `date` is printed on the cover and written into the PDF's dates; a fixed date keeps output reproducible.
    """

    exhibits: tuple[ExhibitChoice, ...]
    name: str = "bundle"
    title: str = "Exhibits"
    date: str = ""
    prepared_by: str = ""
    labels: LabelStyle = LabelStyle.ALPHA
    bates_prefix: str = ""
    bates_start: int | None = None
    bates_digits: int = 6
    profile: str = "default"
    burn_in: bool = False
    marking: Marking = Marking.STAMP
    include_chart: bool = True
    bookmarks_by_claim: bool = False
    max_mb: float | None = None  # overrides the profile's size cap per file (MB of 1,048,576 bytes)
    redact: bool = False  # apply every accepted privacy redaction (FRCP 5.2) to the exhibits' copies
    timeline: bool = False  # a timeline of the case's dated claims and documents, as an appendix after the chart

    def to_dict(self) -> dict:
        data = asdict(self)
        data["labels"], data["marking"] = self.labels.value, self.marking.value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> BundleDefinition:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["exhibits"] = tuple(ExhibitChoice(**e) for e in data.get("exhibits", ()))
        known["labels"] = LabelStyle(known.get("labels", "alpha"))
        known["marking"] = Marking(known.get("marking", "stamp"))
        return cls(**known)


# --- the plan: what goes on which bundle page ------------------------------------------------------------------

@dataclass(frozen=True)
class ExhibitSource:
    """What planning needs to know about one exhibit's document (pages after any article pagination)."""

    document_id: int
    title: str
    kind: str
    date: str
    sha256: str
    page_count: int
    is_article: bool = False


@dataclass(frozen=True)
class PlannedExhibit:
    """An exhibit's place in the bundle. Bundle pages are the printed numbers (1 = first exhibit page)."""

    label: str
    document_id: int
    title: str
    description: str
    date: str
    sha256: str
    source_pages: int
    first_page: int  # bundle page of the slip-sheet or, without one, the exhibit's first page
    last_page: int
    content_first_page: int  # bundle page of the exhibit's own page 1
    bates_first: int | None
    bates_last: int | None
    is_article: bool = False

    @property
    def heading(self) -> str:
        return f"Exhibit {self.label}"

    @property
    def bookmark(self) -> str:
        """"Exhibit A: 2026-02-11 — Declaration of Dottie Romo"."""
        name = self.description or self.title
        return f"{self.heading}: {self.date} — {name}" if self.date else f"{self.heading}: {name}"

    def bundle_page(self, source_page: int) -> int:
        return self.content_first_page + source_page - 1


@dataclass(frozen=True)
class BundlePage:
    """One page after the front matter: its printed number, what it shows and its Bates number."""

    number: int
    exhibit: int | None  # index into BundlePlan.exhibits; None for chart pages
    source_page: int  # 1-based page of the exhibit's document; 0 for a slip-sheet or chart page
    bates: int | None = None


@dataclass(frozen=True)
class Volume:
    """One file of a bundle split to meet a size cap: whole exhibits, and the chart in the last volume."""

    number: int
    count: int
    exhibits: tuple[int, ...]  # indexes into BundlePlan.exhibits, in order
    first_page: int  # printed bundle page numbers, continuing across volumes
    last_page: int
    chart: bool = False

    @property
    def name(self) -> str:
        return f"Vol. {self.number} of {self.count}"

    def holds(self, page: int | None) -> bool:
        return page is not None and self.first_page <= page <= self.last_page


@dataclass(frozen=True)
class BundlePlan:
    """Everything decided before drawing: exhibits, numbering, Bates ranges, chart pages."""

    definition: BundleDefinition
    profile: CourtProfile
    exhibits: tuple[PlannedExhibit, ...]
    pages: tuple[BundlePage, ...]
    chart_pages: int = 0
    bates_prefix: str = ""
    bates_digits: int = 6
    warnings: tuple[str, ...] = field(default=())
    # A bundle split into volumes lists them all; a plan for drawing one volume names it in `volume` and
    # keeps only that volume's pages (with their bundle-wide numbers) while `exhibits` stays complete.
    volumes: tuple[Volume, ...] = ()
    volume: int | None = None

    @property
    def exhibit_pages(self) -> int:
        return sum(1 for p in self.pages if p.exhibit is not None)

    @property
    def chart_first(self) -> int | None:
        if not self.chart_pages:
            return None
        return next((p.number for p in self.pages if p.exhibit is None), None)

    @property
    def first_number(self) -> int:
        """The printed number of this file's first body page (1 unless this is a later volume)."""
        return self.pages[0].number if self.pages else 1

    @property
    def last_page(self) -> int:
        return self.pages[-1].number if self.pages else 0

    @property
    def current(self) -> Volume | None:
        return self.volumes[self.volume - 1] if self.volume is not None else None

    def in_file(self, page: int | None) -> bool:
        """Whether bundle page `page` is in the file this plan draws (so a link to it can work)."""
        return page is not None and self.first_number <= page <= self.last_page

    def volume_of(self, page: int | None) -> Volume | None:
        return next((v for v in self.volumes if v.holds(page)), None)

    def exhibit_volume(self, index: int) -> Volume | None:
        return next((v for v in self.volumes if index in v.exhibits), None)

    def bates_text(self, number: int | None) -> str:
        return "" if number is None else f"{self.bates_prefix}{number:0{self.bates_digits}d}"

    def bates_range(self, exhibit: PlannedExhibit) -> str:
        if exhibit.bates_first is None:
            return ""
        first, last = self.bates_text(exhibit.bates_first), self.bates_text(exhibit.bates_last)
        return first if first == last else f"{first}–{last}"


@dataclass(frozen=True)
class ChartCite:
    """One excerpt in the chart with its original cite and where it sits in the bundle."""

    relation: Relation
    quote: str
    original_cite: str
    excerpt_id: int
    bundle_first: int | None = None  # printed bundle page numbers
    bundle_last: int | None = None
    bates_first: int | None = None
    bates_last: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ChartRow:
    number: int
    claim_id: int
    statement: str
    status: str
    claim_type: str
    asserted_in: str
    cites: tuple[ChartCite, ...] = ()
