"""Documents and pages as the case store holds them (what services hand to the CLI and the GUI)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from casebook.core.documents import (
    DateBasis,
    DocumentKind,
    EcfStamp,
    NumberedParagraph,
    OutlineEntry,
    RiskFlag,
    WordBox,
)


@dataclass(frozen=True)
class Provenance:
    """One place an original was imported from; a duplicate import adds another."""

    original_name: str
    original_path: str
    imported_at: str


def untitled_label(kind: DocumentKind, case_number: str | None = None, ecf_document_number: str | None = None,
                   appellate_document_id: str | None = None) -> str:
    """What to call a document that prints no title: its kind and numbers, never its file name."""
    noun = "document" if kind in (DocumentKind.OTHER, DocumentKind.EXHIBIT) else kind.value
    parts = [f"Untitled {noun}"]
    case_number, ecf_document_number, appellate_document_id = (
        (value or "").strip() for value in (case_number, ecf_document_number, appellate_document_id))
    if case_number:
        parts.append(f"No. {case_number}")
    if ecf_document_number:
        parts.append(f"ECF No. {ecf_document_number}")
    elif appellate_document_id:
        parts.append(f"Doc. {appellate_document_id}")
    return ", ".join(parts)


@dataclass(frozen=True)
class DocumentRecord:
    """A stored document with its metadata and the provenance of its original."""

    id: int
    sha256: str
    size: int
    format: str
    kind: DocumentKind
    title: str
    original_name: str
    imported_at: str
    extractor: str
    page_count: int
    pages_needing_ocr: int
    court: str | None = None
    case_number: str | None = None
    ecf_document_number: str | None = None
    filed_date: str | None = None
    author: str | None = None
    publisher: str | None = None
    published_date: str | None = None
    url: str | None = None
    encrypted: bool = False
    has_javascript: bool = False
    short_cite: str | None = None
    warnings: tuple[str, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    docket_numbers: tuple[str, ...] = ()
    appellate_document_id: str | None = None
    document_date: str | None = None
    date_basis: DateBasis | None = None
    parties: str | None = None
    description: str | None = None
    title_as_printed: str | None = None
    person_fields: frozenset[str] = frozenset()  # metadata fields a person set; analysis never overwrites them
    risk_flags: tuple[RiskFlag, ...] = ()
    # True when the document prints no title: `title` then holds `untitled_label(…)` for display.
    untitled: bool = False

    @property
    def date(self) -> str | None:
        """The date a lawyer sorts by: the document's own date, else its filed or publication date."""
        return self.document_date or self.filed_date or self.published_date

    @property
    def dated_by(self) -> str | None:
        """Which date `date` is ("filed", "decided", "published" …), when known."""
        if self.document_date:
            return self.date_basis.value if self.date_basis else None
        if self.filed_date:
            return "filed"
        return "published" if self.published_date else None


@dataclass(frozen=True)
class PageRecord:
    """A stored page: text plus the geometry that anchors excerpts to it."""

    document_id: int
    number: int
    label: str
    text: str
    needs_ocr: bool
    width: float
    height: float
    ecf_page: int | None
    words: Sequence[WordBox] = field(default=(), repr=False)
    paragraphs: tuple[NumberedParagraph, ...] = ()
    text_source: str = "pdf"  # "pdf" (the file's own text layer) or "ocr"
    ocr_quality: float | None = None  # 0–1 score of the OCR text; None when the page was not OCRed
    furniture: tuple[tuple[int, int], ...] = ()  # [start, end) ranges of headers, stamps, line numbers in `text`


@dataclass(frozen=True)
class ImportedDocument:
    """What one successful import stored."""

    document_id: int
    path: str
    sha256: str
    title: str
    kind: DocumentKind
    page_count: int
    pages_needing_ocr: int


__all__ = [
    "DocumentRecord",
    "EcfStamp",
    "ImportedDocument",
    "OutlineEntry",
    "PageRecord",
    "Provenance",
]
