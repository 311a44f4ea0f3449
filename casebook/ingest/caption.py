"""Read a filing's caption from its first page text: the court, the case number, the title and the kind."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from casebook.core.documents import DocumentKind
from casebook.ingest.docketnumbers import find_docket_numbers

log = logging.getLogger(__name__)

# Captions sit at the top of the first page; past this many non-empty lines we are in the body.
_CAPTION_LINES = 80

_SMALL_WORDS = frozenset({"of", "the", "for", "and", "in", "at", "on", "de", "la", "to", "a", "an"})

# ---------------------------------------------------------------------------------------------------------
# Case numbers


_DISTRICT_NUMBER = re.compile(r"^(?P<base>\d{1,2}:\d{2}-[A-Za-z]{1,5}-\d{1,7})(?:-[A-Za-z0-9]{1,6})*$")
_BANKRUPTCY_NUMBER = re.compile(r"^(?P<base>\d{2}-\d{3,7})(?:-[A-Za-z]{2,5}\d?)+$")


def strip_judge_initials(number: str) -> str:
    """Drop the judge initials (and defendant suffixes) courts append to a case number.

    "1:25-cv-01234-ABC" → "1:25-cv-01234"; "2:15-md-02641-DGC" → "2:15-md-02641"; bankruptcy
    "19-12345-abc" → "19-12345". Appellate numbers ("20-1507") and anything unrecognised come back unchanged,
    so every place that shows a case number strips in the same way.
    """
    for pattern in (_DISTRICT_NUMBER, _BANKRUPTCY_NUMBER):
        match = pattern.match(number)
        if match:
            return match["base"]
    return number


def find_caption_case_number(text: str) -> str | None:
    """The first docket number printed with a label ("No. 20-1507" → "20-1507"), as printed without the label."""
    numbers = find_docket_numbers([line.strip() for line in text.split("\n")])
    return numbers[0] if numbers else None


# ---------------------------------------------------------------------------------------------------------
# Line clean-up shared by court and title detection


_TRANSCRIPT_DOTS = re.compile(r"[·•]+")
_SPACES = re.compile(r"\s+")
_LEADING_LINE_NUMBER = re.compile(r"^\d{1,2}\s+(?=[A-Z(\[])")
_TRAILING_SEPARATORS = re.compile(r"(?:\s+[:)\]])+$")
_SPACED_LETTERS = re.compile(r"^(?:[A-Z] ){2,}[A-Z]$")
_LEADING_SEPARATORS = re.compile(r"^[)\]|:]+\s*")
_OVERTYPED = re.compile(r"^[Xx]{4,}$")  # "[PROPOSED]" struck out by typing X over it


def _clean_line(line: str) -> str:
    # Transcripts pad with middle dots; pleading paper and transcripts print line numbers before the text;
    # two-column captions end party lines with ")" or ":" separators.
    line = _SPACES.sub(" ", _TRANSCRIPT_DOTS.sub(" ", line)).strip()
    line = _LEADING_LINE_NUMBER.sub("", line)
    line = _TRAILING_SEPARATORS.sub("", line)
    line = _LEADING_SEPARATORS.sub("", line)
    if _OVERTYPED.match(line):
        return ""
    while line.endswith(")") and line.count(")") > line.count("("):
        line = line[:-1].rstrip()
    if _SPACED_LETTERS.match(line):  # "O R D E R" typeset with letter spacing
        line = line.replace(" ", "")
    return line


def _caption_lines(text: str) -> tuple[list[str], frozenset[int]]:
    """Cleaned non-empty caption lines, and the indices of those that open a block (follow a blank line)."""
    lines: list[str] = []
    block_starts: set[int] = set()
    blank = True
    for raw in text.split("\n"):
        line = _clean_line(raw)
        if not line:
            blank = True
        elif not line.isdigit():
            if blank:
                block_starts.add(len(lines))
            blank = False
            lines.append(line)
            if len(lines) >= _CAPTION_LINES:
                break
    return lines, frozenset(block_starts)


def _is_upper(line: str, *, threshold: float = 0.85) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) < 3:
        return False
    return sum(ch.isupper() for ch in letters) / len(letters) >= threshold


def _is_title_cased(line: str) -> bool:
    words = [w for w in line.split() if any(ch.isalpha() for ch in w)]
    if not words or len(words) > 14 or line.endswith("."):
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _title_case(text: str) -> str:
    out = []
    for i, word in enumerate(text.split()):
        lower = word.lower()
        if i and lower in _SMALL_WORDS:
            out.append(lower)
        elif "." in word or re.fullmatch(r"[IVX]+", word) or not word.isupper():
            out.append(word)  # "D.C.", "U.S.", roman numerals and words already in mixed case stay as printed
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------------------
# Court


_COURT_START = re.compile(
    r"^(?:in\s+the\s+)?(?P<court>(?:united\s+states|supreme|superior|circuit|district|county|municipal|family"
    r"|probate|chancery|bankruptcy|court\s+of|[A-Za-z.']+(?:\s+[A-Za-z.']+){0,3}\s+(?:court|supreme\s+court))"
    r"\b.*)$",
    re.I,
)
_NOT_A_COURT = re.compile(
    r"^(?:for|by|of)\s+the\s+court|\bclerk\b|\breporter\b|\bappeal(?:ed)?\s+from\b|^on\s+appeal|\border\s+of\b"
    r"|\brules?\b",
    re.I,
)
_COURT_WORD = re.compile(r"\bcourt\b", re.I)
_FOR_THE_ALONE = re.compile(r"^(?:for|in\s+and\s+for)\s+the$", re.I)
_FOR_THE_PLACE = re.compile(r"^(?:for|in\s+and\s+for)\s+the\s+(?P<place>.*\b(?:district|circuit)\b.*)$", re.I)
_REGION = r"(?:northern|southern|eastern|western|middle|central)"
_DISTRICT_OF = re.compile(rf"^(?P<place>(?:{_REGION}\s+)?district\s+of\s+\S.*)$", re.I)
_CIRCUIT = re.compile(r"^(?P<place>(?:[A-Za-z]+\s+){0,3}circuit)$", re.I)
_STATE_DISTRICT = re.compile(rf"^(?P<place>{_REGION}\s+district)$", re.I)
_COUNTY_OF = re.compile(r"^(?P<place>(?:in\s+and\s+for\s+the\s+)?county\s+of\s+\S.*)$", re.I)
_ALREADY_PLACED = re.compile(r"\b(?:for\s+the|district\s+of|circuit|county)\b", re.I)


def _court_continuation(base: str, following: list[str]) -> str:
    """Append the "for the District of …" / "Eastern District" lines printed under a court's name."""
    if _ALREADY_PLACED.search(base):
        return base
    federal = base.lower().startswith("united states")
    for i, line in enumerate(following[:3]):
        if _FOR_THE_ALONE.match(line) and i + 1 < len(following):
            line = f"{line} {following[i + 1]}"
        match = _FOR_THE_PLACE.match(line)
        if match:
            return f"{base} for the {match['place']}"
        for pattern in (_DISTRICT_OF, _CIRCUIT, _STATE_DISTRICT, _COUNTY_OF):
            match = pattern.match(line)
            if match:
                place = match["place"]
                return f"{base} for the {place}" if federal else f"{base}, {place}"
        if not _FOR_THE_ALONE.match(line):
            break
    return base


_ENDS_WITH_CONNECTOR = re.compile(r"\b(?:of|for|and|the|in)$", re.I)
_IN_THE = re.compile(r"^in\s+the\b", re.I)


def find_court(lines: list[str]) -> tuple[str | None, int | None]:
    """The court named in a caption, normalised ("United States District Court for the District of Columbia").

    A line reading "IN THE … COURT" wins over an earlier court name, which is often a clerk's filing stamp.
    """
    found: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if len(line) > 120 or not _COURT_WORD.search(line) or _NOT_A_COURT.search(line):
            continue
        if not (_is_upper(line) or _is_title_cased(line)):
            continue
        match = _COURT_START.match(line)
        if match:
            found.append((index, match["court"]))
            if _IN_THE.match(line):
                break
    if not found:
        return None, None
    index, base = next(((i, b) for i, b in found if _IN_THE.match(lines[i])), found[0])
    following = lines[index + 1 : index + 5]
    while following and _ENDS_WITH_CONNECTOR.search(base) and not _FOR_THE_ALONE.match(base):
        base = f"{base} {following.pop(0)}"  # "TENNESSEE COURT OF" / "WORKERS' COMPENSATION"
    court = _court_continuation(base.strip(" ,:;"), following)
    return _title_case(court), index


# ---------------------------------------------------------------------------------------------------------
# Title and kind


_TITLE_WORDS = re.compile(
    r"\b(?:DECLARATIONS?|AFFIDAVIT|COMPLAINT|MOTIONS?|MEMORANDUM|ORDER|OPINION|JUDGMENT|DOCKET|EXHIBIT"
    r"|STIPULATION|NOTICE|BRIEF|PETITION|ANSWER|REPLY|RESPONSE|OPPOSITION|TRANSCRIPT|DEPOSITION|APPEARANCE"
    r"|SUBPOENA|SUGGESTION|VERDICT|INDICTMENT|SUMMONS|WARRANT|DECREE|REPORT|FORM|LETTER|SYLLABUS)\b"
)
_CONNECTOR_END = re.compile(
    r"(?:\b(?:AND|OR|OF|FOR|TO|IN|ON|THE|WITH|BY|RE|PENDING|REGARDING|FILE|SERVE|SUBMIT|SUPPORT|OPPOSITION)|[,&/-])$"
)
_CONNECTOR_START = re.compile(r"^(?:AND|OR|IN\s+SUPPORT|IN\s+OPPOSITION|FOR|TO|OF|ON|PENDING|REGARDING|PURSUANT)\b")
_NAME_LINE = re.compile(r"^[A-Z][A-Z.'\-]*(?:\s+[A-Z][A-Z.'\-]*){1,3}\*?$")
_LEGAL_WORDS = re.compile(
    r"\b(?:RELIEF|BRIEF|COMPLAINT|INJUNCTION|JUDGMENT|DISMISS|STAY|EXTENSION|SUPPORT|OPPOSITION|DEFENDANTS?|PLAINTIFFS?"
    r"|APPELLANTS?|APPELLEES?|ACTION|DISCOVERY|TIME|ORDER|HEARING|DISCLOSURES?|MOTION|CERTIFICATE|SERVICE|EVIDENCE"
    r"|AUTHORITIES|COUNSEL|APPEAL|REMAND|TRANSFER|SANCTIONS|FEES|COSTS|INJUNCTIVE|DECLARATORY|DAMAGES|AMENDED|FIRST"
    r"|SECOND|THIRD|VERIFIED|CLASS)\b"
)
_EXHIBIT_LABEL = re.compile(r"^EXHIBIT\s+[A-Z0-9]{1,4}$")
_NUMBER_LINE = re.compile(r"^(?:(?:CIVIL\s+ACTION|CASE|DOCKET|CAUSE|INDEX|MDL)\s+)?(?:NOS?\.|NUMBER|#)", re.I)
_ECF_LINE = re.compile(r"^(?:USCA\d*\s+)?(?:Appellate\s+)?(?:Case|Appeal)\s*[:#]?\s*\d", re.I)


_NOT_A_TITLE = re.compile(
    r"(?:ENTERED\s+)?BY\s+(?:ORDER|THE\s+COURT)|FOR\s+THE\s+COURT|IT\s+IS\b"
    r"|(?:ON\s+)?(?:PETITION\s+FOR\s+REVIEW|APPEALS?\s+FROM|(?:PETITION\s+FOR\s+(?:A\s+)?WRIT\s+OF\s+)?CERTIORARI"
    r"|REVIEW\s+OF)\b"  # the lower court or agency an appellate caption names
)


def _joins_title(previous: str, line: str, *, same_block: bool) -> bool:
    if _NUMBER_LINE.match(line) or _ECF_LINE.match(line) or _COURT_WORD.search(line):
        return False
    if not any(ch.isalpha() for ch in line):
        return previous.endswith(",") and len(line) < 40  # "20-55662" finishing a list of case numbers
    if not _is_upper(line):
        return False
    name = bool(_NAME_LINE.match(line) and not _LEGAL_WORDS.search(line))
    party_or_counsel = any(ch.islower() for ch in line) or line.endswith(",") or name
    if party_or_counsel and not (_CONNECTOR_END.search(previous) or _CONNECTOR_START.match(line)):
        return False  # a party ("RLI INSURANCE COMPANY, a", "LEROY D. BACA,") or counsel ("SEAN RIORDAN") after it
    # A title wrapped inside its block continues on the next line; across a blank line only a dangling
    # connector ("… AND" / "IN SUPPORT OF …") shows that the title goes on.
    return same_block or bool(_CONNECTOR_END.search(previous) or _CONNECTOR_START.match(line))


def _join(parts: list[str]) -> str:
    joined = parts[0]
    for part in parts[1:]:
        joined = f"{joined}{part}" if joined.endswith("-") and not joined.endswith(" -") else f"{joined} {part}"
    return joined


def find_title(lines: list[str], *, skip: int | None = None, block_starts: frozenset[int] = frozenset()) -> str:
    """The all-caps title of the filing ("DECLARATION OF …", "MEMORANDUM OPINION"), lines joined, or "".

    An exhibit label ("EXHIBIT 4") stamped over a filing is its title only when nothing else is.
    """
    label = ""
    for index, line in enumerate(lines):
        if index == skip or not _is_upper(line) or not _TITLE_WORDS.search(line) or _NOT_A_TITLE.match(line):
            continue
        if _NUMBER_LINE.match(line) or _ECF_LINE.match(line) or len(line) > 160:
            continue
        if _EXHIBIT_LABEL.match(line):
            label = label or line
            continue
        parts = [line]
        for offset, following in enumerate(lines[index + 1 : index + 7], start=index + 1):
            if not _joins_title(parts[-1], following, same_block=offset not in block_starts):
                break
            parts.append(following)
        return _join(parts)
    return label


# The first of these words in a title decides the kind; words mapped to OTHER stop the search so that
# "ANSWER TO COMPLAINT" or "NOTICE OF APPEAL FROM ORDER" are not taken for a complaint or an order.
_KIND_WORDS = re.compile(
    r"\b(?P<word>DECLARATIONS?|AFFIDAVITS?|COMPLAINT|MOTIONS?"
    r"|MEMORANDUM(?:\s+(?:(?:FINDINGS\s+OF\s+FACT\s+AND\s+)?OPINION|(?:AND|&)\s+ORDER))?"
    r"|ORDER\s+AND\s+JUDGMENT|PER\s+CURIAM|SLIP\s+OPINION|SYLLABUS"
    r"|REPLY\s+BRIEF|NOTICE\s+OF\s+(?:[A-Z]+\s+){0,3}MOTION"
    r"|OPPOSITION|REPLY|ORDERS?|JUDGMENT|DECREE|OPINION|DOCKET|EXHIBIT|ANSWER|NOTICE|TRANSCRIPT"
    r"|DEPOSITION|APPEARANCE|FORM|LETTER|BRIEF)\b",
    re.I,
)
_KIND_OF_WORD = {
    "declaration": DocumentKind.DECLARATION,
    "affidavit": DocumentKind.DECLARATION,
    "complaint": DocumentKind.COMPLAINT,
    "motion": DocumentKind.MOTION,
    "memorandum": DocumentKind.MOTION,
    "memorandum opinion": DocumentKind.OPINION,
    "memorandum findings of fact and opinion": DocumentKind.OPINION,
    "memorandum and order": DocumentKind.ORDER,
    "order and judgment": DocumentKind.OPINION,  # the Tenth Circuit's unpublished decisions
    "per curiam": DocumentKind.OPINION,
    "reply brief": DocumentKind.BRIEF,
    "slip opinion": DocumentKind.OPINION,
    "syllabus": DocumentKind.OPINION,
    "opposition": DocumentKind.MOTION,
    "reply": DocumentKind.MOTION,
    "order": DocumentKind.ORDER,
    "judgment": DocumentKind.JUDGMENT,
    "decree": DocumentKind.JUDGMENT,
    "opinion": DocumentKind.OPINION,
    "docket": DocumentKind.DOCKET,
    "exhibit": DocumentKind.EXHIBIT,
    "notice": DocumentKind.NOTICE,
    "transcript": DocumentKind.TRANSCRIPT,
    "deposition": DocumentKind.TRANSCRIPT,
    "appearance": DocumentKind.FORM,
    "form": DocumentKind.FORM,
    "letter": DocumentKind.LETTER,
    "brief": DocumentKind.BRIEF,
}


def kind_from_title(title: str) -> DocumentKind:
    """What a filing is, from its title: the first decisive word wins ("ORDER GRANTING MOTION …" → ORDER)."""
    match = _KIND_WORDS.search(title)
    if not match:
        return DocumentKind.OTHER
    word = _SPACES.sub(" ", match["word"].lower()).replace("&", "and")
    if word.startswith("notice of") and word.endswith("motion"):
        word = "motion"  # "NOTICE OF MOTION AND MOTION TO DISMISS"
    if word not in _KIND_OF_WORD and word.endswith("s"):
        word = word[:-1]
    return _KIND_OF_WORD.get(word, DocumentKind.OTHER)


_FILE_NAME_TITLE = re.compile(
    r"^(?:Microsoft\s+(?:Word|PowerPoint|Excel)\s+-\s+|untitled\b|document\d*$)|\.(?:docx?|wpd|rtf|odt|pdf|txt"
    r"|cef|tiff?|jpe?g|png)$|[\\/]",
    re.I,
)


def looks_like_file_name(title: str) -> bool:
    """True for PDF metadata titles that are really file names ("Microsoft Word - foo.docx", "C:\\x.pdf")."""
    return bool(_FILE_NAME_TITLE.search(title.strip()))


@dataclass(frozen=True)
class CaptionInfo:
    """What a filing's caption says: court, docket numbers as printed (primary first), title and its kind."""

    court: str | None = None
    case_number: str | None = None
    title: str = ""
    kind: DocumentKind = DocumentKind.OTHER
    docket_numbers: tuple[str, ...] = ()


_APPELLATE_COURT = re.compile(r"\bcourt\s+of\s+appeals?\b|\bsupreme\s+court\b|\bappellate\b", re.I)


def detect_caption(first_page_text: str, *, second_page_text: str = "", appellate: bool = False) -> CaptionInfo:
    """Read the caption of a filing; the second page is consulted only for what the first page lacks.

    `appellate` (or an appellate court's name in the caption) leaves district-form numbers out of the dockets:
    in an appellate caption they are the lower court's.
    """
    lines, block_starts = _caption_lines(first_page_text)
    court, court_index = find_court(lines)
    title = find_title(lines, skip=court_index, block_starts=block_starts)
    appellate = appellate or bool(court and _APPELLATE_COURT.search(court))
    dockets = find_docket_numbers(lines, appellate=appellate)
    if second_page_text and not (court and title and dockets):
        # Cover pages and counsel listings push the caption or the title onto the second page.
        second, second_blocks = _caption_lines(second_page_text)
        if court is None:
            court, second_court_index = find_court(second)
        else:
            second_court_index = None
        title = title or find_title(second, skip=second_court_index, block_starts=second_blocks)
        dockets = dockets or find_docket_numbers(second, appellate=appellate)
    return CaptionInfo(court=court, case_number=dockets[0] if dockets else None, title=title,
                       kind=kind_from_title(title), docket_numbers=tuple(dockets))
