"""Pin cites a court accepts: short-form citations and the page, ECF and paragraph pins of an excerpt.

Forms (Bluebook-style short cites as used in briefs):
* paragraph-numbered sources (declarations, complaints): "Romo Decl. ¶ 8", "Compl. ¶¶ 4–6", "Compl. ¶¶ 4, 6";
* paged sources (orders, opinions, motions, dockets): "Order at 3", "Order at 3–4", using printed page labels;
* CM/ECF: "ECF No. 62 at 3", "ECF No. 62 at 3–4", using the page numbers of the ECF header stamp;
* the PDF itself: "PDF p. 3", "PDF pp. 3–4";
* news articles have no pages, so they are pinned by paragraph, counting the article's body paragraphs from 1
  as Casebook numbers them on import: "Capitol Ledger ¶ 5" (courts accept "¶" pins for unpaginated online
  sources; the paragraph count is reproducible from the saved page).
Ranges use an en dash and full numbers ("123–125").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from casebook.core.anchoring import TextSpan, paragraphs_for
from casebook.core.documents import DocumentKind, DocumentMetadata
from casebook.core.records import DocumentRecord, PageRecord

log = logging.getLogger(__name__)

EN_DASH = "–"
# Sources cited by page even when some of their text is numbered (findings, lists of relief, exhibits).
_PAGE_CITED = frozenset({DocumentKind.ORDER, DocumentKind.OPINION, DocumentKind.MOTION, DocumentKind.DOCKET})

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_DECLARANT = re.compile(r"\b(?:DECLARATION|AFFIDAVIT)\s+OF\s+(?P<name>.+)", re.IGNORECASE)
# Where a declarant's name ends in a title: "DECLARATION OF DOTTIE ROMO IN SUPPORT OF …".
_NAME_END = re.compile(
    r"\s*(?:,|;|\(|\bIN\s+(?:SUPPORT|OPPOSITION|RESPONSE|FURTHER)\b|\bRE(?:GARDING)?\b:?|\bPURSUANT\b|"
    r"\bON\s+BEHALF\b|\bFOR\b|\bAS\s+TO\b|\bAND\b|\bWITH\b|\bDATED\b).*$",
    re.IGNORECASE,
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md"})
_EXHIBIT = re.compile(r"\bEx(?:hibit|h?\.)\s*(?P<n>[A-Z]{1,2}\b|\d+[A-Z]?\b|[A-Z]-\d+\b)", re.IGNORECASE)


def format_range(first: int | str, last: int | str) -> str:
    """"3" for one page, "3–4" (en dash) for several."""
    first, last = str(first), str(last)
    return first if first == last else f"{first}{EN_DASH}{last}"


def format_paragraphs(numbers: Iterable[int]) -> str:
    """"¶ 8", "¶¶ 4–6", "¶¶ 4, 6", "¶¶ 2–4, 7"; empty when there are no numbers."""
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    if len(ordered) == 1:
        return f"¶ {ordered[0]}"
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "¶¶ " + ", ".join(format_range(run[0], run[-1]) for run in runs)


@dataclass(frozen=True)
class PinCite:
    """Every pin an excerpt can be cited by; `short()` picks the one lawyers use for its source.

    `paragraphs` are a filing's numbered paragraphs, `article_paragraphs` an article's body paragraphs.
    `by_page` marks sources cited by page even when paragraphs are numbered (orders, opinions, motions).
    """

    pdf_pages: tuple[int, int]
    page_labels: tuple[str, str]
    ecf_document_number: str | None = None
    ecf_pages: tuple[int, int] | None = None
    paragraphs: tuple[int, ...] = ()
    article_paragraphs: tuple[int, ...] = ()
    by_page: bool = False

    def short(self, short_cite: str) -> str:
        """The short-form cite with its pin: "Romo Decl. ¶ 8", "Order at 3–4", "Capitol Ledger ¶ 5"."""
        if self.paragraphs and not self.by_page:
            return f"{short_cite} {format_paragraphs(self.paragraphs)}"
        if self.article_paragraphs:
            return f"{short_cite} {format_paragraphs(self.article_paragraphs)}"
        first, last = self.page_labels
        if not first:
            first, last = str(self.pdf_pages[0]), str(self.pdf_pages[1])
        return f"{short_cite} at {format_range(first, last or first)}"

    def ecf(self) -> str | None:
        """"ECF No. 62 at 3" from the ECF stamp's page numbers; None for documents not filed on CM/ECF.

        Without stamps the PDF page numbers stand in, since CM/ECF numbers the pages of the filed PDF.
        """
        if not self.ecf_document_number:
            return None
        first, last = self.ecf_pages or self.pdf_pages
        return f"ECF No. {self.ecf_document_number} at {format_range(first, last)}"

    def pdf(self) -> str:
        """"PDF p. 3" or "PDF pp. 3–4": the page a reader scrolls to in the file."""
        first, last = self.pdf_pages
        return f"PDF p. {first}" if first == last else f"PDF pp. {format_range(first, last)}"


# ---------------------------------------------------------------------------------------------------------
# Short-form citations from metadata


def _title_case_name(word: str) -> str:
    """"ROMO" → "Romo", "GARCIA-LOPEZ" → "Garcia-Lopez", "O'BRIEN" → "O'Brien", "McDonald" kept."""
    if not word.isupper():
        return word
    parts = re.split(r"([-'’])", word.lower())
    return "".join(p.capitalize() if p not in "-'’" else p for p in parts)


def declarant_surname(title: str) -> str | None:
    """The declarant's surname from "DECLARATION OF DOTTIE ROMO IN SUPPORT OF …" ("Romo")."""
    match = _DECLARANT.search(title)
    if match is None:
        return None
    name = _NAME_END.sub("", match.group("name")).strip(" .,")
    words = [w.strip(".,") for w in name.split()]
    words = [w for w in words if w and w.lower().strip(".") not in _NAME_SUFFIXES]
    if not words:
        return None
    return _title_case_name(words[-1])


def _ordinal(title: str) -> str:
    """"Second " for "SECOND AMENDED …"/"SECOND SUPPLEMENTAL …", else ""."""
    first = title.strip().split(maxsplit=1)
    if first and first[0].lower() in _ORDINALS:
        return first[0].capitalize() + " "
    return ""


def _publisher(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


def derive_short_cite(meta: DocumentMetadata) -> str | None:
    """The short cite a brief would use for a freshly analysed document ("Romo Decl.", "Calvary Chapel, slip op.")."""
    return None


def default_short_cite(doc: DocumentRecord) -> str:
    """The short form a brief cites the document by, from its metadata; a user-edited `short_cite` wins."""
    if doc.short_cite and doc.short_cite.strip():
        return doc.short_cite.strip()
    title = doc.title.strip()
    upper = title.upper()
    kind = doc.kind
    if kind is DocumentKind.DECLARATION or _DECLARANT.search(title):
        noun = "Aff." if "AFFIDAVIT" in upper and "DECLARATION" not in upper else "Decl."
        surname = declarant_surname(title)
        lead = _ordinal(title) or ("Suppl. " if "SUPPLEMENTAL" in upper else "")
        if surname:
            return f"{lead}{surname} {noun}"
        if kind is DocumentKind.DECLARATION:
            return f"{lead}{noun}"
    if kind is DocumentKind.COMPLAINT:
        return f"{_ordinal(title)}Am. Compl." if "AMENDED" in upper else "Compl."
    if kind in (DocumentKind.ORDER, DocumentKind.OPINION):
        if "MEMORANDUM OPINION" in upper:
            return "Mem. Op."
        if "OPINION" in upper or kind is DocumentKind.OPINION:
            return "Op."
        return "Order"
    if kind is DocumentKind.MOTION:
        if "OPPOSITION" in upper:
            return "Opp'n"
        if upper.startswith("REPLY"):
            return "Reply"
        return "Mot."
    if kind is DocumentKind.DOCKET:
        return "Docket"
    if kind is DocumentKind.ARTICLE and doc.publisher and doc.publisher.strip():
        return _publisher(doc.publisher)
    if kind is DocumentKind.EXHIBIT:
        match = _EXHIBIT.search(title) or _EXHIBIT.search(doc.original_name)
        if match:
            return f"Ex. {match.group('n').upper()}"
    return title or doc.original_name


# ---------------------------------------------------------------------------------------------------------
# Pins of an excerpt


def pin_cite_for(doc: DocumentRecord, pages: Sequence[PageRecord], span: TextSpan) -> PinCite:
    """Every pin of the excerpt at `span` in `doc` (pages may be the whole document or just the span's pages).

    Raises ValueError when the span's pages are not among `pages`.
    """
    by_number = {page.number: page for page in pages}
    first, last = by_number.get(span.start_page), by_number.get(span.end_page)
    if first is None or last is None:
        raise ValueError(f"pages {span.start_page}–{span.end_page} are not among the pages given")
    labels = (first.label or str(first.number), last.label or str(last.number))
    ecf_pages = None
    if first.ecf_page is not None:
        ecf_pages = (first.ecf_page, last.ecf_page if last.ecf_page is not None else first.ecf_page)
    numbers = tuple(paragraphs_for(span, {page.number: page.paragraphs for page in pages}))
    # Saved web pages are numbered by body paragraph; filings (PDF or plain text) by their own numbering.
    article = doc.kind is DocumentKind.ARTICLE or (
        doc.format in ("html", "mhtml", "markdown") and doc.kind is DocumentKind.OTHER
    )
    return PinCite(
        pdf_pages=(span.start_page, span.end_page),
        page_labels=labels,
        ecf_document_number=doc.ecf_document_number or None,
        ecf_pages=ecf_pages,
        paragraphs=() if article else numbers,
        article_paragraphs=numbers if article else (),
        by_page=doc.kind in _PAGE_CITED,
    )
