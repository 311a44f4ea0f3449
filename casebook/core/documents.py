"""Documents as importers produce them: pages with text, word boxes, paragraphs and caption metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class DocumentKind(StrEnum):
    """What a document is in the litigation, as a lawyer would file it."""

    DECLARATION = "declaration"
    COMPLAINT = "complaint"
    MOTION = "motion"
    ORDER = "order"
    OPINION = "opinion"
    DOCKET = "docket"
    EXHIBIT = "exhibit"
    ARTICLE = "article"
    OTHER = "other"


@dataclass(frozen=True)
class WordBox:
    """One word on a PDF page: its box in PDF points and its [start, end) character range in the page text."""

    x0: float
    y0: float
    x1: float
    y1: float
    start: int
    end: int


@dataclass(frozen=True)
class NumberedParagraph:
    """A numbered paragraph ("12.", "¶ 12") found on a page, with its [start, end) character range.

    `continued` marks the text at the top of a page that belongs to a paragraph numbered on an earlier page.
    """

    number: int
    start: int
    end: int
    continued: bool = False


@dataclass(frozen=True)
class EcfStamp:
    """The CM/ECF header a court's filing system stamps on every page of a filed document."""

    case_number: str
    document_number: str
    filed_date: str | None  # ISO yyyy-mm-dd
    page: int | None
    page_count: int | None


@dataclass
class ExtractedPage:
    """One page (or, for an article, the whole body) as text with the geometry needed to anchor excerpts.

    `number` is 1-based; `label` is the printed page label (PDF page label when the file has one).
    For articles, `paragraphs` are the article's own paragraphs numbered from 1 and `words` is empty.
    """

    number: int
    label: str
    text: str
    words: list[WordBox] = field(default_factory=list)
    paragraphs: list[NumberedParagraph] = field(default_factory=list)
    needs_ocr: bool = False
    width: float = 0.0
    height: float = 0.0
    ecf: EcfStamp | None = None


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark from the PDF outline: nesting level (1 = top), title and 1-based target page."""

    level: int
    title: str
    page: int


@dataclass
class DocumentMetadata:
    """Descriptive metadata detected in a document or recorded by its user."""

    title: str = ""
    kind: DocumentKind = DocumentKind.OTHER
    court: str | None = None
    case_number: str | None = None
    ecf_document_number: str | None = None
    filed_date: str | None = None  # ISO yyyy-mm-dd
    author: str | None = None
    publisher: str | None = None  # news site or outlet
    published_date: str | None = None  # ISO yyyy-mm-dd
    url: str | None = None  # as recorded in the saved file; never fetched


@dataclass
class ExtractedDocument:
    """Everything an importer read from one original file, ready to be stored."""

    format: str  # "pdf", "html", "mhtml", "text", "markdown"
    extractor: str  # name and version, e.g. "casebook-pdf/1 pymupdf/1.26.0"
    metadata: DocumentMetadata
    pages: list[ExtractedPage]
    outline: list[OutlineEntry] = field(default_factory=list)
    html: str | None = None  # sanitised article HTML for display; nothing remote in it
    encrypted: bool = False
    has_javascript: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def pages_needing_ocr(self) -> int:
        return sum(1 for page in self.pages if page.needs_ocr)
