"""Find court-filing structure in page text: CM/ECF header stamps, numbered paragraphs and caption metadata.

The page text is the PDF reconstruction (words joined by single spaces, lines by "\\n", blank lines between
blocks). Everything here is pure text analysis, fast enough to run on every page of every import.

Conventions:

* CM/ECF stamps are read in `stamps` (district ECF numbers apart from appellate document IDs); the caption,
  docket numbers, title and date rules are in `caption`, `docketnumbers`, `titles` and `dates`.
* Numbered paragraphs are found by `paragraphs` (one increasing sequence per document) and page furniture by
  `furniture`; `FilingAnalysis` runs both over a document streamed in chunks, `analyse_filing` over a whole one.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Sequence
from typing import overload

from casebook.core.citations import derive_short_cite
from casebook.core.documents import (
    DateBasis,
    DocumentKind,
    DocumentMetadata,
    ExtractedDocument,
    ExtractedPage,
    NumberedParagraph,
)
from casebook.ingest.caption import CaptionInfo, detect_caption, kind_from_title
from casebook.ingest.courts import complete_court
from casebook.ingest.dates import find_document_date
from casebook.ingest.docketnumbers import core as docket_core
from casebook.ingest.docketnumbers import running_head_numbers
from casebook.ingest.furniture import FurnitureFinder
from casebook.ingest.paragraphs import (  # noqa: F401  (re-exported: the paragraph finder used to live here)
    ParagraphNumbering,
    RunningHeaderSurvey,
    find_numbered_paragraphs,
    number_paragraphs_across_pages,
)
from casebook.ingest.parties import find_parties
from casebook.ingest.stamps import (  # noqa: F401  (re-exported: the stamp functions used to live here)
    StampReading,
    find_ecf_stamps,
    governing_stamp,
    is_ecf_stamp_line,
    iso_date,
    parse_ecf_stamp,
    read_stamps,
)
from casebook.ingest.titles import (
    _LETTER_CLOSE,
    _RE_LINE,
    clerk_letter_title,
    decision_heading,
    decretal_title,
    display_title,
    form_title,
    is_clerk_letter,
    is_junk_title,
    movant_prefix,
    reads_as_letter,
    reads_as_opinion,
    repair_declarant,
    slip_opinion_title,
)

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------------------
# Whole documents


def analyse_filing(doc: ExtractedDocument) -> ExtractedDocument:
    """Fill each page's ECF stamp, numbered paragraphs and furniture, and the document's filing metadata.

    Every filing field is found afresh from the text (running it twice changes nothing; keeping what a person set
    is the services' job); the only value taken from the incoming metadata is a PDF /Title, used when the text
    names no title and the /Title is not junk. Articles and other non-filing formats are returned untouched.
    `FilingAnalysis` does the same for a document read page by page.
    """
    if doc.format not in ("pdf", "text") or doc.metadata.kind is DocumentKind.ARTICLE:
        return doc
    analysis = FilingAnalysis()
    for page in doc.pages:
        analysis.survey(page.text)
    analysis.annotate(doc.pages)
    analysis.finish()
    analysis.fill_metadata(doc.metadata)
    return doc


# The pages the metadata rules read: the first ten (caption, title, parties) and the last two (dates).
_FIRST_PAGES = 10
_LAST_PAGES = 2


class _SampledPages(Sequence[str]):
    """A document's page texts as the metadata rules read them, without holding them all: the first and last
    pages, and the first page with a letter's "RE:" line and closing (clerk's letters); other pages read as ""."""

    def __init__(self, count: int, kept: dict[int, str]) -> None:
        self._count = count
        self._kept = kept

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self._kept.get(i, "") for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._kept.get(index, "")


class FilingAnalysis:
    """`analyse_filing` for a document read page by page, holding a few pages' text, never the whole document.

    Pass one: `survey(text)` every page in page order (running headers and footers, the governing stamp and the
    pages the metadata rules read are noted). Pass two: `annotate(pages)` the same pages again in order, in
    chunks, then `finish()`; each call returns the pages whose stamp, paragraphs and furniture are now set (a
    page waits for the next pages that may continue its last paragraph). Then `fill_metadata`.
    """

    def __init__(self) -> None:
        self.page_count = 0
        self._headers = RunningHeaderSurvey()
        self._furniture = FurnitureFinder()
        self._kept: dict[int, str] = {}
        self._letter_page: int | None = None  # the first page with a letter's closing
        self._re_page: int | None = None  # the first page with a letter's "RE:" line
        self._reading: StampReading | None = None
        self._numbering: ParagraphNumbering | None = None
        self._waiting: deque[ExtractedPage] = deque()
        self._stamped_pages = 0
        self._annotated = 0

    def survey(self, text: str) -> None:
        index = self.page_count
        self.page_count += 1
        self._headers.survey(text)
        self._furniture.survey(text)
        if self._letter_page is None and _LETTER_CLOSE.search(text):
            self._letter_page = index
        if self._re_page is None and _RE_LINE.search(text):
            self._re_page = index
        self._kept[index] = text
        passed = index - _LAST_PAGES  # no longer one of the last pages
        if passed >= _FIRST_PAGES and passed not in (self._letter_page, self._re_page):
            del self._kept[passed]
        if self._reading is None and parse_ecf_stamp(text) is not None:
            self._reading = governing_stamp(text)

    def annotate(self, pages: Sequence[ExtractedPage]) -> list[ExtractedPage]:
        """Set the stamp, paragraphs and furniture of the next pages; returns the pages now complete."""
        if self._numbering is None:
            self._numbering = ParagraphNumbering(self._headers.headers())
        done: list[ExtractedPage] = []
        for page in pages:
            page.ecf = parse_ecf_stamp(page.text)
            self._stamped_pages += page.ecf is not None
            page.furniture = self._furniture.ranges(self._annotated, page.text)
            self._annotated += 1
            self._waiting.append(page)
            done += self._settled(self._numbering.add(page.text))
        return done

    def finish(self) -> list[ExtractedPage]:
        """The pages still waiting for their paragraphs, now complete."""
        if self._numbering is None:
            return []
        return self._settled(self._numbering.finish())

    def _settled(self, paragraphs: list[list[NumberedParagraph]]) -> list[ExtractedPage]:
        done = []
        for found in paragraphs:
            page = self._waiting.popleft()
            page.paragraphs = found
            done.append(page)
        return done

    def fill_metadata(self, meta: DocumentMetadata) -> None:
        """The document's filing metadata (court, docket numbers, title, kind, date, parties, short cite)."""
        if not self.page_count:
            return
        texts = _SampledPages(self.page_count, self._kept)
        reading = self._reading
        caption = detect_caption(texts[0], second_page_text=texts[1] if len(texts) > 1 else "",
                                 appellate=bool(reading and reading.appellate))
        meta.court = complete_court(caption.court, texts[0], stamp_circuit=reading.circuit if reading else None)
        meta.docket_numbers = _docket_numbers(caption.docket_numbers, reading, texts)
        meta.case_number = meta.docket_numbers[0] if meta.docket_numbers else None
        meta.ecf_document_number = None
        meta.appellate_document_id = None
        if reading is not None:
            if reading.appellate:
                meta.appellate_document_id = reading.appellate_id
            else:
                meta.ecf_document_number = reading.stamp.document_number or None
        meta.date, meta.date_basis = find_document_date(texts,
                                                        stamp_filed=reading.stamp.filed_date if reading else None)
        meta.filed_date = meta.date if meta.date_basis is DateBasis.FILED else None
        _title_and_kind(meta, caption, texts, reading)
        # Captions are read from the first pages; a clerk's letter may print its "RE:" line after a long service list.
        meta.parties = meta.parties or find_parties(texts[:_FIRST_PAGES])
        meta.short_cite = meta.short_cite or derive_short_cite(meta, texts[0])
        log.debug("analysed filing: %s, %s, %d stamped pages", meta.case_number, meta.kind.value,
                  self._stamped_pages)


def _docket_numbers(caption_numbers: Sequence[str], reading: StampReading | None, texts: Sequence[str]) -> list[str]:
    """Every docket number, the primary first: a district stamp's number (judge initials kept) leads; an
    appellate caption's own list leads its stamp, which may name only one of consolidated appeals."""
    numbers = list(caption_numbers)
    if reading is not None and not reading.appellate:
        stamped = reading.printed_case
        stamped_core = docket_core(stamped)
        numbers = [stamped, *(n for n in numbers if docket_core(n) != stamped_core and n != stamped)]
    elif reading is not None and reading.printed_case not in numbers:
        numbers.append(reading.printed_case)
    if numbers:
        numbers += [n for n in running_head_numbers(texts, numbers[0]) if n not in numbers]
    return numbers


def _title_and_kind(meta: DocumentMetadata, caption: CaptionInfo, texts: Sequence[str],
                    reading: StampReading | None) -> None:
    """The document's own title (display form and as printed) and the kind it names."""
    pdf_title = meta.title.strip()
    lines = [" ".join(line.split()) for line in texts[0].split("\n") if line.strip()]
    printed: str | None = None
    if is_clerk_letter(texts):
        title, kind = clerk_letter_title(texts), DocumentKind.LETTER
    else:
        named = form_title(lines) or slip_opinion_title(texts[0])
        if named is not None:
            title, printed = named
        else:
            printed = caption.title or decision_heading(texts)
            printed = repair_declarant(printed, texts) if printed else None
            title = display_title(printed) if printed else ""
        if printed and re.fullmatch(r"ORDER", printed.strip()):
            title = decretal_title(texts) or title
        kind = kind_from_title(title)
        if kind is DocumentKind.MOTION:
            title = movant_prefix(title, texts)
        if not title and reads_as_opinion(texts):
            title, kind = "Opinion", DocumentKind.OPINION
        if not title and pdf_title and not is_junk_title(pdf_title):
            title, kind = pdf_title, kind_from_title(pdf_title)
        if kind is DocumentKind.OTHER and not title and caption.court is None and reads_as_letter(texts[0]):
            kind = DocumentKind.LETTER
    count = reading.stamp.page_count if reading else None
    if title and count and len(texts) < count and reading and reading.stamp.page == 1:
        title = f"{title} (Excerpt)"
    meta.title = title
    meta.title_as_printed = printed
    meta.kind = kind
