"""Documents as importers produce them: pages with text, word boxes, paragraphs and caption metadata."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import overload

from casebook.core.dockets import DocketEntry


class DocumentKind(StrEnum):
    """What a document is in the litigation, as a lawyer would file it."""

    DECLARATION = "declaration"
    COMPLAINT = "complaint"
    MOTION = "motion"
    ORDER = "order"
    OPINION = "opinion"
    DOCKET = "docket"
    JUDGMENT = "judgment"
    BRIEF = "brief"
    LETTER = "letter"
    NOTICE = "notice"
    TRANSCRIPT = "transcript"
    FORM = "form"
    EXHIBIT = "exhibit"
    ARTICLE = "article"
    OTHER = "other"


class DateBasis(StrEnum):
    """What a document's date is: when it was filed, decided, dated, entered, signed or published."""

    FILED = "filed"
    DECIDED = "decided"
    DATED = "dated"
    ENTERED = "entered"
    SIGNED = "signed"
    PUBLISHED = "published"


class RiskKind(StrEnum):
    """What makes a file dangerous to rely on or to re-file, found when it is imported."""

    BAD_REDACTION = "bad_redaction"  # text still extractable under a black box
    HIDDEN_TEXT = "hidden_text"  # invisible or white text, or text drawn over other text
    POOR_OCR = "poor_ocr"  # an existing OCR layer that is mostly garbage
    NEEDS_OCR = "needs_ocr"  # near-empty pages with no usable text layer


@dataclass(frozen=True)
class RiskFlag:
    """One import-time warning about a document: its kind, the 1-based pages it was seen on and a plain detail."""

    kind: RiskKind
    pages: tuple[int, ...]
    detail: str


@dataclass(frozen=True)
class WordBox:
    """One word on a PDF page: its box in PDF points and its [start, end) character range in the page text."""

    x0: float
    y0: float
    x1: float
    y1: float
    start: int
    end: int


class WordBoxes(Sequence[WordBox]):
    """The word boxes of one page kept in two flat arrays; a page can hold thousands of words.

    Behaves as a read-only sequence of WordBox (equal to a list of the same boxes). Flat arrays pickle as
    raw bytes across the PDF worker's process boundary and serialise compactly for the store.
    """

    __slots__ = ("_boxes", "_offsets")
    _HEADER = b"WB1"

    def __init__(self, boxes: array | None = None, offsets: array | None = None) -> None:
        self._boxes = boxes if boxes is not None else array("d")
        self._offsets = offsets if offsets is not None else array("q")
        if len(self._boxes) != 2 * len(self._offsets):
            raise ValueError("word boxes need four coordinates for every pair of offsets")

    @classmethod
    def from_words(cls, words: Iterable[WordBox]) -> WordBoxes:
        if isinstance(words, WordBoxes):
            return words
        boxes, offsets = array("d"), array("q")
        for w in words:
            boxes.extend((w.x0, w.y0, w.x1, w.y1))
            offsets.extend((w.start, w.end))
        return cls(boxes, offsets)

    def __len__(self) -> int:
        return len(self._offsets) // 2

    @overload
    def __getitem__(self, index: int) -> WordBox: ...
    @overload
    def __getitem__(self, index: slice) -> list[WordBox]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("word index out of range")
        b, o = self._boxes, self._offsets
        return WordBox(b[4 * index], b[4 * index + 1], b[4 * index + 2], b[4 * index + 3],
                       o[2 * index], o[2 * index + 1])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, WordBoxes):
            return self._boxes == other._boxes and self._offsets == other._offsets
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"WordBoxes({len(self)} words)"

    def to_bytes(self) -> bytes:
        """Little-endian float32 boxes then int32 offsets, after a small header; exact to 1/100 pt."""
        boxes, offsets = array("f", self._boxes), array("i", self._offsets)
        if sys.byteorder == "big":
            boxes.byteswap()
            offsets.byteswap()
        return self._HEADER + len(self).to_bytes(4, "little") + boxes.tobytes() + offsets.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> WordBoxes:
        if not data:
            return cls()
        if data[:3] != cls._HEADER:
            raise ValueError("not a Casebook word-box record")
        count = int.from_bytes(data[3:7], "little")
        boxes, offsets = array("f"), array("i")
        boxes.frombytes(data[7 : 7 + 16 * count])
        offsets.frombytes(data[7 + 16 * count : 7 + 24 * count])
        if sys.byteorder == "big":
            boxes.byteswap()
            offsets.byteswap()
        return cls(array("d", boxes), array("q", offsets))


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
    words: Sequence[WordBox] = field(default_factory=WordBoxes)
    paragraphs: list[NumberedParagraph] = field(default_factory=list)
    needs_ocr: bool = False
    width: float = 0.0
    height: float = 0.0
    ecf: EcfStamp | None = None
    # [start, end) ranges of page furniture in `text`: running headers and footers, CM/ECF stamps, pleading-paper
    # line numbers, page numbers. Kept in the text (word boxes index it) but never part of a quote or a phrase.
    furniture: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark from the PDF outline: nesting level (1 = top), title and 1-based target page."""

    level: int
    title: str
    page: int


@dataclass
class DocumentMetadata:
    """Descriptive metadata detected in a document or recorded by its user.

    `case_number` is the primary docket number as printed (judge initials kept: "4:08-cv-02214-SBA");
    `docket_numbers` lists every docket number of a consolidated filing, the primary first.
    `ecf_document_number` is a district or bankruptcy docket-entry number ("62", "12-2"), citable as "ECF No.";
    an appellate court's stamp gives `appellate_document_id` instead ("00117684624", "28.1"), never cited as ECF.
    `date` is the document's own date and `date_basis` says which date it is; `filed_date` is the filing stamp's.
    """

    title: str = ""
    kind: DocumentKind = DocumentKind.OTHER
    court: str | None = None
    case_number: str | None = None
    ecf_document_number: str | None = None
    filed_date: str | None = None  # ISO yyyy-mm-dd
    docket_numbers: list[str] = field(default_factory=list)
    appellate_document_id: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    date_basis: DateBasis | None = None
    parties: str | None = None  # short case name, "Calvary Chapel of Bangor v. Mills"
    short_cite: str | None = None  # "Romo Decl.", "Compl.", "Calvary Chapel, slip op."
    title_as_printed: str | None = None  # the title exactly as on the page ("ORDER GRANTING …")
    description: str | None = None
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
    risk_flags: list[RiskFlag] = field(default_factory=list)
    docket_entries: list[DocketEntry] = field(default_factory=list)  # a docket sheet's entries, in sheet order

    @property
    def pages_needing_ocr(self) -> int:
        return sum(1 for page in self.pages if page.needs_ocr)
