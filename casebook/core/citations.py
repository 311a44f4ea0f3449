"""Pin cites a court accepts: short-form citations and the page, ECF and paragraph pins of an excerpt.

Forms (Bluebook-style short cites as used in briefs):
* paragraph-numbered sources (declarations, complaints): "Romo Decl. ¶ 8", "Compl. ¶¶ 4–6", "Compl. ¶¶ 4, 6";
* paged sources (orders, opinions, motions, judgments, briefs, letters, transcripts, dockets): "Order at 3",
  "Order at 3–4", "Calvary Chapel, slip op. at 5", "Long Dep. at 2", using printed page labels;
* CM/ECF: "ECF No. 62 at 3", "ECF No. 62 at 3–4", using the page numbers of the ECF header stamp;
* the PDF itself: "PDF p. 3", "PDF pp. 3–4";
* news articles have no pages, so they are pinned by paragraph, counting the article's body paragraphs from 1
  as Casebook numbers them on import: "Capitol Ledger ¶ 5" (courts accept "¶" pins for unpaginated online
  sources; the paragraph count is reproducible from the saved page).
Ranges use an en dash and full numbers ("123–125").

Short cites (`short_cite_from`, shared by freshly analysed and stored documents): "Romo Decl.", "Compl.",
"Am. Compl.", "Mot. to Stay", "Opp'n", "Order", "Stip. & Order", "Mem. Op.", "J.", "Clerk's Ltr.", "Long Dep.",
"Appellant's Br.", "Ex. 3"; appellate and Supreme Court opinions by the first party's short name ("Calvary Chapel,
slip op.", "Martin, slip op." for United States v. Martin); a Tax Court opinion by its printed citation
("Bordelon, T.C. Memo. 2020-26"); an article by its outlet ("Capitol Ledger").

"ECF No." is rendered in one place (`ecf_cite`), and only for a district or bankruptcy docket-entry number: an
appellate court's document ID ("00117684624", "28.1") is never cited as ECF; appellate filings are cited by their
short cite and page ("Calvary Chapel, slip op. at 5").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from casebook.core.anchoring import TextSpan
from casebook.core.bluebook import short_party, title_case
from casebook.core.documents import DocumentKind, DocumentMetadata
from casebook.core.excerpt_geometry import paragraphs_for
from casebook.core.records import DocumentRecord, PageRecord

log = logging.getLogger(__name__)

EN_DASH = "–"
# Sources cited by page even when some of their text is numbered (findings, lists of relief, exhibits, the line
# numbers of a transcript).
_PAGE_CITED = frozenset({
    DocumentKind.ORDER, DocumentKind.OPINION, DocumentKind.MOTION, DocumentKind.DOCKET, DocumentKind.JUDGMENT,
    DocumentKind.BRIEF, DocumentKind.LETTER, DocumentKind.NOTICE, DocumentKind.TRANSCRIPT, DocumentKind.FORM,
})

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_DECLARANT = re.compile(r"\b(?:DECLARATION|AFFIDAVIT)\s+OF\s+(?P<name>.+)", re.IGNORECASE)
_DEPONENT = re.compile(r"\bDEPOSITION\s+(?:TRANSCRIPT\s+)?OF\s+(?P<name>.+)", re.IGNORECASE)
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
        if not citable_ecf_number(self.ecf_document_number):
            return None
        first, last = self.ecf_pages or self.pdf_pages
        return ecf_cite(self.ecf_document_number, format_range(first, last))

    def pdf(self) -> str:
        """"PDF p. 3" or "PDF pp. 3–4": the page a reader scrolls to in the file."""
        first, last = self.pdf_pages
        return f"PDF p. {first}" if first == last else f"PDF pp. {format_range(first, last)}"


def full_cite(pin: PinCite, short_cite: str) -> str:
    """"Romo Decl. ¶ 8; ECF No. 62 at 2": the short form with its pin, then the ECF pin when it was e-filed."""
    short = pin.short(short_cite)
    ecf = pin.ecf()
    return f"{short}; {ecf}" if ecf and ecf not in short else short


# ---------------------------------------------------------------------------------------------------------
# CM/ECF numbers: the one place "ECF No." is written

# Courts whose stamps give document IDs, not docket-entry numbers (federal and state appellate courts).
_APPELLATE_COURT = re.compile(
    r"court\s+of\s+(?:criminal\s+|civil\s+)?appeals?\b|\bappellate\b|\bsupreme\s+(?:judicial\s+)?court\b|"
    r"\bappeals\s+court\b|\bcircuit\s+court\s+of\s+appeals\b",
    re.IGNORECASE,
)
# A docket-entry number with an optional attachment: "62", "62-1". Appellate document IDs are longer, zero-padded
# ("00117684624") or dotted (an ACMS "28.1").
_ECF_NUMBER = re.compile(r"[1-9]\d{0,5}(?:-\d{1,3})?")


def is_appellate_court(court: str | None) -> bool:
    """True for a court of appeals or a supreme court (federal or state), whose stamps carry document IDs."""
    return bool(court and _APPELLATE_COURT.search(court))


def citable_ecf_number(number: str | None, *, court: str | None = None,
                       appellate_document_id: str | None = None) -> str | None:
    """`number` when a court accepts it as "ECF No. …": a district or bankruptcy docket-entry number, else None.

    Defensive: an appellate court's document ID is refused even if it was stored as an ECF number.
    """
    number = (number or "").strip()
    if not number or not _ECF_NUMBER.fullmatch(number):
        return None
    if number == (appellate_document_id or "").strip() or is_appellate_court(court):
        return None
    return number


def document_ecf_number(doc: DocumentRecord) -> str | None:
    """The document's ECF number if it may be cited as one (see `citable_ecf_number`)."""
    return citable_ecf_number(doc.ecf_document_number, court=doc.court,
                              appellate_document_id=doc.appellate_document_id)


def ecf_cite(number: str | None, pages: str | None = None) -> str | None:
    """"ECF No. 62" or "ECF No. 62 at 3–4"; None when `number` is not a citable docket-entry number."""
    number = citable_ecf_number(number)
    if number is None:
        return None
    return f"ECF No. {number} at {pages}" if pages else f"ECF No. {number}"


def document_cite(doc: DocumentRecord, short_cite: str | None = None) -> str:
    """A whole document: "Romo Decl.; ECF No. 62", or just the short cite when it was not e-filed in a district."""
    short = short_cite or default_short_cite(doc)
    ecf = ecf_cite(document_ecf_number(doc))
    return f"{short}; {ecf}" if ecf and ecf not in short else short


# ---------------------------------------------------------------------------------------------------------
# Short-form citations from metadata


def _title_case_name(word: str) -> str:
    """"ROMO" → "Romo", "GARCIA-LOPEZ" → "Garcia-Lopez", "O'BRIEN" → "O'Brien", "McDonald" kept."""
    if not word.isupper():
        return word
    parts = re.split(r"([-'’])", word.lower())
    return "".join(p.capitalize() if p not in "-'’" else p for p in parts)


def declarant_surname(title: str, pattern: re.Pattern[str] = _DECLARANT) -> str | None:
    """The declarant's surname from "DECLARATION OF DOTTIE ROMO IN SUPPORT OF …" ("Romo")."""
    match = pattern.search(title)
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


_TAX_COURT_CITE = re.compile(
    r"\b(?P<cite>T\.\s?C\.\s+(?:Memo\.|Summary\s+Opinion)\s+\d{4}-\d{1,4}|\d{1,3}\s+T\.\s?C\.\s+No\.\s+\d{1,3})"
)
_MOTION_TO = re.compile(r"\bMOTION\s+TO\s+(?P<verb>[A-Z][A-Za-z-]+)", re.IGNORECASE)
_MOTION_FOR = re.compile(r"\bMOTION\s+FOR\s+(?P<object>[A-Za-z' ’-]+)", re.IGNORECASE)
_MOTION_OBJECTS = (
    ("partial summary judgment", "Partial Summ. J."), ("summary judgment", "Summ. J."),
    ("preliminary injunction", "Prelim. Inj."), ("temporary restraining order", "TRO"),
    ("judgment on the pleadings", "J. on the Pleadings"), ("default judgment", "Default J."),
    ("class certification", "Class Cert."), ("reconsideration", "Recons."), ("attorney", "Att'y Fees"),
    ("leave", "Leave"), ("sanctions", "Sanctions"), ("extension", "Extension"), ("new trial", "New Trial"),
    ("stay", "Stay"), ("protective order", "Protective Order"),
)
# Words of a document title before "ORDER" / "JUDGMENT" as short cites write them.
_TITLE_WORDS = {
    "hearing": "Hr'g", "memorandum": "Mem.", "preliminary": "Prelim.", "injunction": "Inj.", "temporary": "Temp.",
    "stipulated": "Stip.", "amended": "Am.", "supplemental": "Suppl.", "final": "Final", "default": "Default",
    "partial": "Partial", "scheduling": "Scheduling", "protective": "Protective", "expedited": "Expedited",
    "consent": "Consent", "interim": "Interim", "transfer": "Transfer", "remand": "Remand", "summary": "Summ.",
    "restraining": "Restraining", "sealing": "Sealing", "case": "Case", "management": "Mgmt.", "pretrial": "Pretrial",
    "minute": "Minute", "discovery": "Discovery", "administrative": "Admin.", "procedural": "Procedural",
}


def _lead_words(upper: str, noun: str) -> str | None:
    """"Expedited Hr'g" from "EXPEDITED HEARING ORDER …" (the words before `noun`, when all are known), else None."""
    match = re.search(rf"^(?P<lead>(?:[A-Z']+\s+){{1,3}}){noun}\b", upper)
    if match is None:
        return None
    words = match["lead"].split()
    if not all(w.lower() in _TITLE_WORDS for w in words):
        return None
    return " ".join(_TITLE_WORDS[w.lower()] for w in words)


def _motion_cite(title: str, upper: str) -> str:
    if "OPPOSITION" in upper or upper.startswith(("RESPONSE IN OPP", "MEMORANDUM IN OPP")):
        return "Opp'n"
    if upper.startswith("REPLY") or " REPLY " in f" {upper.split(' IN ')[0]} ":
        return "Reply"
    to = _MOTION_TO.search(title)
    if to is not None:
        return f"Mot. to {to['verb'].capitalize()}"
    target = _MOTION_FOR.search(title)
    if target is not None:
        wanted = target["object"].lower()
        for phrase, short in _MOTION_OBJECTS:
            if wanted.startswith(phrase):
                return f"Mot. for {short}"
    return "Mot."


def _order_cite(upper: str) -> str:
    if "MEMORANDUM OPINION" in upper:
        return "Mem. Op."
    if "REPORT AND RECOMMENDATION" in upper:
        return "R. & R."
    if "OPINION" in upper and "ORDER" in upper and upper.index("OPINION") < upper.index("ORDER"):
        return "Op. & Order"
    if "OPINION" in upper:
        return "Op."
    if "STIPULAT" in upper and "ORDER" in upper:
        return "Stip. & Order"
    if re.search(r"\bORDER\s+AND\s+JUDGMENT\b", upper):
        return "Order & J."
    lead = _lead_words(upper, "ORDER")
    return f"{lead} Order" if lead else "Order"


def _opinion_cite(upper: str, parties: str | None, court: str | None, text: str) -> str:
    tax = _TAX_COURT_CITE.search(text[:600]) if text else None
    party = short_party(parties) if parties else None
    if tax is not None and party:
        return f"{party}, {' '.join(tax['cite'].split())}"
    if party and (is_appellate_court(court) or (court and "tax court" in court.lower())):
        return f"{party}, slip op."
    if "MEMORANDUM OPINION" in upper:
        return "Mem. Op."
    return "Op."


def _transcript_cite(title: str, upper: str) -> str:
    deponent = declarant_surname(title, _DEPONENT)
    if deponent:
        return f"{deponent} Dep."
    if "HEARING" in upper:
        return "Hr'g Tr."
    if "TRIAL" in upper:
        return "Trial Tr."
    return "Dep." if "DEPOSITION" in upper else "Tr."


def _brief_cite(upper: str) -> str:
    if "AMICUS" in upper or "AMICI" in upper:
        return "Amicus Br."
    if "REPLY" in upper:
        return "Reply Br."
    for party in ("APPELLANT", "APPELLEE", "PETITIONER", "RESPONDENT"):
        if party in upper:
            return f"{party.capitalize()}'s Br."
    return "Br."


def _form_cite(title: str) -> str | None:
    name = re.sub(r"\s*\([^)]*\)", "", title)
    name = re.sub(r"\s+of\s+counsel\b", "", name, flags=re.IGNORECASE).strip(" .,")
    name = title_case(name) if name.isupper() else name
    return name if name and len(name.split()) <= 4 else "Form"


def short_cite_from(kind: DocumentKind, title: str, *, parties: str | None = None, court: str | None = None,
                    publisher: str | None = None, author: str | None = None, ecf_number: str | None = None,
                    original_name: str = "", text: str = "") -> str | None:
    """The short cite common US practice gives a document, or None when no rule applies (the title stands in).

    `text` is the first page's text, for a citation printed on it ("T.C. Memo. 2020-26").
    """
    title = " ".join((title or "").split())
    upper = title.upper()
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
    if kind is DocumentKind.OPINION or (kind is DocumentKind.ORDER and "OPINION" in upper and not parties):
        return _opinion_cite(upper, parties, court, text)
    if kind is DocumentKind.ORDER:
        return _order_cite(upper)
    if kind is DocumentKind.JUDGMENT:
        if re.search(r"\bORDER\s+AND\s+JUDGMENT\b", upper):
            return "Order & J."
        judgment_lead = _lead_words(upper, "JUDGMENT")
        return f"{judgment_lead} J." if judgment_lead else "J."
    if kind is DocumentKind.MOTION:
        return _motion_cite(title, upper)
    if kind is DocumentKind.BRIEF:
        return _brief_cite(upper)
    if kind is DocumentKind.TRANSCRIPT:
        return _transcript_cite(title, upper)
    if kind is DocumentKind.DOCKET:
        return "Docket"
    if kind is DocumentKind.ARTICLE and publisher and publisher.strip():
        return _publisher(publisher)
    if kind is DocumentKind.EXHIBIT:
        match = _EXHIBIT.search(title) or _EXHIBIT.search(original_name)
        if match:
            return f"Ex. {match.group('n').upper()}"
    if kind is DocumentKind.LETTER:
        if "CLERK" in upper:
            return "Clerk's Ltr."
        if not title and ecf_number:
            return f"ECF No. {ecf_number}"
        author_names = (author or "").split()[-1:] if author else []
        return f"{author_names[0]} Ltr." if author_names else "Ltr."
    if kind is DocumentKind.NOTICE:
        match = re.match(r"^NOTICE\s+OF\s+(?P<what>[A-Z]+(?:\s+[A-Z]+)?)$", upper)
        return f"Notice of {match['what'].title()}" if match else "Notice"
    if kind is DocumentKind.FORM and title:
        return _form_cite(title)
    if not title and ecf_number:
        return f"ECF No. {ecf_number}"
    return None


def derive_short_cite(meta: DocumentMetadata, first_page_text: str = "") -> str | None:
    """The short cite a brief would use for a freshly analysed document ("Romo Decl.", "Calvary Chapel, slip op.").

    None when no rule applies: the document is then cited by its (possibly later corrected) title.
    """
    ecf = citable_ecf_number(meta.ecf_document_number, court=meta.court,
                             appellate_document_id=meta.appellate_document_id)
    return short_cite_from(meta.kind, meta.title, parties=meta.parties, court=meta.court, publisher=meta.publisher,
                           author=meta.author, ecf_number=ecf, text=first_page_text)


def default_short_cite(doc: DocumentRecord) -> str:
    """The short form a brief cites the document by, from its metadata; a user-edited or stored `short_cite` wins."""
    if doc.short_cite and doc.short_cite.strip():
        return doc.short_cite.strip()
    derived = short_cite_from(doc.kind, doc.title, parties=doc.parties, court=doc.court, publisher=doc.publisher,
                              author=doc.author, ecf_number=document_ecf_number(doc),
                              original_name=doc.original_name)
    return derived or doc.title.strip() or doc.original_name


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
        ecf_document_number=document_ecf_number(doc),
        ecf_pages=ecf_pages,
        paragraphs=() if article else numbers,
        article_paragraphs=numbers if article else (),
        by_page=doc.kind in _PAGE_CITED,
    )
