"""Find court-filing structure in page text: CM/ECF header stamps, numbered paragraphs and caption metadata.

The page text is the PDF reconstruction (words joined by single spaces, lines by "\\n", blank lines between
blocks). Everything here is pure text analysis, fast enough to run on every page of every import.

Conventions:

* `EcfStamp.case_number` is the number as stamped *without* judge initials ("1:25-cv-01234-ABC" →
  "1:25-cv-01234", see `caption.strip_judge_initials`); `document_number` is kept as printed ("62-1",
  "00117684624", "28.1").
* Numbered paragraphs are found per page, then `number_paragraphs_across_pages` enforces one increasing
  sequence for the whole document: list items that restart at 1 and exhibits numbered afresh are ignored.
  Text at the top of a page that belongs to the paragraph numbered on the previous page is recorded as a
  `NumberedParagraph(continued=True)` with the same number, but only when the sequence provably resumes
  (the next number follows) or the text runs into the signature block.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from casebook.core.citations import derive_short_cite
from casebook.core.documents import DocumentKind, EcfStamp, ExtractedDocument, NumberedParagraph
from casebook.ingest.caption import detect_caption, kind_from_title, looks_like_file_name, strip_judge_initials
from casebook.ingest.furniture import find_furniture
from casebook.ingest.parties import find_parties

log = logging.getLogger(__name__)

# Stamps are printed in the page margin; depending on content order they come first or last in the text.
_STAMP_WINDOW = 6

# ---------------------------------------------------------------------------------------------------------
# CM/ECF stamps

_STAMP_HEAD = re.compile(
    r"^\W{0,3}(?:USCA\d{0,2}\s+)?(?:Appellate\s+)?(?:Case|Appeal)\s*(?:No\.?)?\s*[:#]?\s*"
    r"(?P<case>\d{1,2}:\d{2}-[A-Za-z]{1,5}-\d{1,7}(?:-[A-Za-z0-9]{1,6})*|\d{2,4}-\d{3,7}(?:-[A-Za-z]{2,5}\d?)*)"
    r"(?=[\s,;]|$)",
    re.I,
)
_DOC_FIELD = re.compile(
    r"\b(?:Document|Doc|DktEntry|Dkt|ECF)\.?\s*(?:No\.?)?\s*[:#]?\s*(?P<doc>\d+(?:[-.]\d+)?)\b", re.I
)
_ENTRY_FIELD = re.compile(r"\bEntry\s+ID:?\s*(?P<entry>\d+)", re.I)
_FILED_FIELD = re.compile(r"\bFiled:?\s*(?P<date>\d{1,2}/\d{1,2}/\d{2,4})(?![\d/])", re.I)
_ANY_DATE = re.compile(r"(?<![\d/])(?P<date>\d{1,2}/\d{1,2}/\d{2,4})(?![\d/])")
_PAGE_FIELD = re.compile(r"\b(?:Page|Pg)\.?\s*:?\s*(?P<page>\d+)(?:\s*of\s*(?P<count>\d+))?", re.I)
_PAGES_FIELD = re.compile(r"\bPages:?\s*(?P<count>\d+)", re.I)
_STAMP_TAIL = re.compile(r"^(?:Document|Doc|DktEntry|(?:Date\s+)?Filed|Entry\s+ID|PageID)\b", re.I)


def iso_date(text: str, *, today: date | None = None) -> str | None:
    """A US "m/d/yy" or "m/d/yyyy" date as ISO; two-digit years are 20xx unless that is over a year ahead."""
    try:
        month, day, year = (int(part) for part in text.split("/"))
    except ValueError:
        return None
    if year < 100:
        current = (today or date.today()).year % 100
        year += 2000 if year <= current + 1 else 1900
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _parse_stamp(line: str) -> tuple[EcfStamp, int] | None:
    """One stamp from one line, with how many fields it carried (to prefer a complete two-line join)."""
    head = _STAMP_HEAD.match(line)
    if head is None:
        return None
    rest = line[head.end() :]
    doc = _DOC_FIELD.search(rest)
    entry = _ENTRY_FIELD.search(rest)
    filed = _FILED_FIELD.search(rest) or _ANY_DATE.search(rest)
    if not (doc or entry or filed):
        return None  # "Case No. 20-1507" in a caption is not a stamp
    page = _PAGE_FIELD.search(rest)
    pages = _PAGES_FIELD.search(rest)
    count = page["count"] if page and page["count"] else (pages["count"] if pages else None)
    stamp = EcfStamp(
        case_number=strip_judge_initials(head["case"]),
        document_number=doc["doc"] if doc else (entry["entry"] if entry else ""),
        filed_date=iso_date(filed["date"]) if filed else None,
        page=int(page["page"]) if page else None,
        page_count=int(count) if count else None,
    )
    return stamp, sum(x is not None for x in (doc, filed, page or pages))


def find_ecf_stamps(text: str) -> list[EcfStamp]:
    """Every CM/ECF stamp in the first and last lines of a page, also when split over two lines."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) <= 2 * _STAMP_WINDOW:
        window = range(len(lines))
    else:
        window = [*range(_STAMP_WINDOW), *range(len(lines) - _STAMP_WINDOW, len(lines))]
    stamps: list[EcfStamp] = []
    for i in window:
        parsed = _parse_stamp(lines[i])
        if _STAMP_HEAD.match(lines[i]) and i + 1 < len(lines) and (parsed is None or parsed[1] < 3):
            joined = _parse_stamp(f"{lines[i]} {lines[i + 1]}")
            if joined and (parsed is None or joined[1] > parsed[1]):
                parsed = joined
        if parsed and parsed[0] not in stamps:
            stamps.append(parsed[0])
    return stamps


def _stamp_order(stamp: EcfStamp) -> tuple[str, tuple[int, ...]]:
    numbers = tuple(int(part) for part in re.split(r"[-.]", stamp.document_number) if part.isdigit())
    return stamp.filed_date or "", numbers


def parse_ecf_stamp(text: str) -> EcfStamp | None:
    """The CM/ECF stamp of a page, or None.

    When a page carries two (a proposed order re-filed as the signed order, an earlier filing attached as an
    exhibit) the latest filing governs: latest filed date, then the higher document number.
    """
    stamps = find_ecf_stamps(text)
    if not stamps:
        return None
    return max(stamps, key=_stamp_order)


def is_ecf_stamp_line(line: str) -> bool:
    """True for a stamp line, or the second half of a stamp broken over two lines."""
    line = line.strip()
    if _parse_stamp(line) is not None:
        return True
    return bool(len(line) < 90 and _STAMP_TAIL.match(line) and (_ANY_DATE.search(line) or _PAGE_FIELD.search(line)))


# ---------------------------------------------------------------------------------------------------------
# Page layout: lines, the body between header and footer, and paragraph-number candidates

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MARKER = re.compile(
    r"^(?:¶\s*(?P<para>\d{1,4})\.?|\((?P<paren>\d{1,4})\)|(?P<dot>\d{1,4})\s?\.|(?P<split>\d\s\d)\s?\.)(?=\s|$)"
)
_LONE_MARKER = re.compile(r"^(?:¶\s*\d{1,4}\.?|\(\d{1,4}\)|\d{1,4}\s?\.)$")
_DATE_AFTER = re.compile(rf"^(?:{_MONTHS})\b", re.I)
_LEADING_LINE_NUMBER = re.compile(r"^(\d{1,2})\s+(?=[^\s.])")
_FOOTER = re.compile(
    r"^(?:[-–—]?\s*\d{1,4}\s*[-–—]?"  # lone page (or pleading line) number, "- 12 -"
    r"|(?:page\s+)?\d{1,4}\s+of\s+\d{1,4}|page\s+\d{1,4}"
    r"|\[\*\d{1,4}\]"  # Tax Court star paging
    r"|exh(?:ibit|\.)?\s*[A-Z0-9]{1,4}\s*[-–]\s*\d{1,4})$",
    re.I,
)
_SIGNATURE = re.compile(
    r"^(?:I\s+(?:declare|certify|verify|swear|affirm)\s+under\s+penalty|Executed\s+(?:on|this|at)\b"
    r"|Dated?(?:\s*[:,]|\s+this\b)|Respectfully\s+submitted|/s/|s/\s?[A-Z]|IT\s+IS\s+SO\s+ORDERED|SO\s+ORDERED"
    r"|WHEREFORE\b|PRAYER\s+FOR\s+RELIEF|Subscribed\s+and\s+sworn|Sworn\s+to\b|IN\s+WITNESS\s+WHEREOF"
    r"|(?-i:ENTERED)\b|FURTHER\s+(?:AFFIANT|DECLARANT)\s+SAYETH|CERTIFICATE\s+OF\s+SERVICE|VERIFICATION$)",
    re.I,
)
_ROMAN_HEADING = re.compile(r"^(?:[IVXLC]{1,6}|[A-H])\.\s+[A-Z]")
_CLOSERS = "\"'”’)]"
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "or", "by", "with"})
_MAX_CONTINUED_PAGES = 3
_MAX_PARAGRAPH_NUMBER = 1899  # above this a line-initial "2019." is a year, not paragraph 2019


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str  # stripped; "" for a blank line


@dataclass(slots=True)
class _Candidate:
    line: int
    number: int
    start: int
    form: str  # "dot", "para", "paren" or "split" (OCR broke "11." into "1 1.")
    lone: bool  # the number stands alone on its line; its text starts on the next line
    weak: bool  # text starts in lower case (OCR "ln order"): believable only as the next number of a run
    item: bool  # a short line without a full stop, next line numbered ("2. Appearance Form"): a list item


@dataclass(slots=True)
class _Page:
    lines: list[_Line]
    body_start: int
    body_end: int
    candidates: list[_Candidate] = field(default_factory=list)

    def signature_line(self, first: int) -> int | None:
        for i in range(first, self.body_end):
            if self.lines[i].text and _SIGNATURE.match(self.lines[i].text):
                return i
        return None


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith((".", ",", ";", ":", "!", "?"))


def _header_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _is_footer(line: str, headers: frozenset[str]) -> bool:
    return bool(_FOOTER.match(line) or is_ecf_stamp_line(line) or (headers and _header_key(line) in headers))


def _is_heading(line: str) -> bool:
    """A section heading between paragraphs ("JURISDICTION AND VENUE", "II. FACTS", "Background")."""
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) < 2 or len(line) > 90:
        return False
    if not any(ch.islower() for ch in letters):
        return not line.endswith((",", ";"))
    if _ends_sentence(line):
        return False
    if _ROMAN_HEADING.match(line):
        return True
    words = line.split()
    capitalised = all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words if w[0].isalpha())
    return len(words) <= 8 and capitalised


def _split_lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip()) if stripped else 0
        lines.append(_Line(offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def _is_pleading_paper(lines: list[_Line]) -> bool:
    """True when line numbers 1–28 are printed before the text on most lines (pleading paper)."""
    numbers = [int(m[1]) for line in lines if (m := _LEADING_LINE_NUMBER.match(line.text))]
    if len(numbers) < 8:
        return False
    steps = sum(1 for a, b in itertools.pairwise(numbers) if b == a + 1 or (b == 1 and a >= 20))
    return steps >= 0.6 * (len(numbers) - 1)


def _candidate(lines: list[_Line], index: int, text: str, offset: int) -> _Candidate | None:
    match = _MARKER.match(text)
    if match is None:
        return None
    form = next(name for name in ("para", "paren", "dot", "split") if match[name] is not None)
    number = int(match[form].replace(" ", ""))
    if not 1 <= number <= _MAX_PARAGRAPH_NUMBER:
        return None
    rest = text[match.end() :].lstrip()
    lone = not rest
    if lone:
        # "12." alone on its line (OCR and some word processors split the number from its text): the text
        # must follow on the next non-empty line.
        # The reconstruction may also stack a column of numbers ("1.\n2.") before their paragraphs.
        following = next(
            (line.text for line in lines[index + 1 : index + 9] if line.text and not _LONE_MARKER.match(line.text)),
            "",
        )
        if not following or _FOOTER.match(following) or _MARKER.match(following):
            return None
        rest = following
    if lone and (_is_heading(rest) or (len(rest.split()) <= 6 and not _ends_sentence(rest))):
        return None  # "1.\nGeneral rule": a numbered section heading, not a paragraph
    if not lone and len(rest) <= 60 and not any(ch.islower() for ch in rest) and not rest.endswith("."):
        return None  # "1. JURISDICTION"
    if _DATE_AFTER.match(rest):
        return None  # a date such as "12. March 2024"
    weak = rest[0].islower() and form != "para"
    if weak and form == "paren":
        return None  # "(1) the court's …": an inline list wrapped to the start of a line
    item = False
    if not lone and len(rest) < 80 and not rest.endswith("."):
        # A short line without a full stop followed directly by the next number is a list item.
        following = next((line.text for line in lines[index + 1 : index + 4] if line.text), "")
        item = not following or bool(_MARKER.match(following))
    return _Candidate(index, number, offset, form, lone, weak, item)


def _layout(text: str, headers: frozenset[str] = frozenset()) -> _Page:
    lines = _split_lines(text)
    start, end = 0, len(lines)
    while start < end and (not lines[start].text or _is_footer(lines[start].text, headers)):
        start += 1
    while end > start and (not lines[end - 1].text or _is_footer(lines[end - 1].text, headers)):
        end -= 1
    page = _Page(lines, start, end)
    pleading = _is_pleading_paper(lines[start:end])
    for i in range(start, end):
        line = lines[i]
        if not line.text or not (line.text[0].isdigit() or line.text[0] in "¶("):
            continue
        text, offset = line.text, line.start
        if pleading and (m := _LEADING_LINE_NUMBER.match(text)):
            text, offset = text[m.end() :], offset + m.end()
        candidate = _candidate(lines, i, text, offset)
        if candidate is not None:
            page.candidates.append(candidate)
    return page


# ---------------------------------------------------------------------------------------------------------
# Choosing the paragraph sequence


def _chains(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Group candidates into runs numbered n, n+1, … (one missing number tolerated) in page order."""
    chains: list[list[_Candidate]] = []
    for candidate in candidates:
        target = None
        for step in (1, 2):
            target = next((ch for ch in reversed(chains) if ch[-1].number == candidate.number - step), None)
            if target is not None:
                break
        if target is not None and not (candidate.weak and target[-1].number != candidate.number - 1):
            target.append(candidate)
        elif candidate.form != "split" and not candidate.weak:  # "1 1." only believable right after 10
            chains.append([candidate])

    def restarts_inside(inner: list[_Candidate], outer: list[_Candidate]) -> bool:
        return any(
            a.line < inner[0].line and inner[-1].line < b.line and inner[0].number <= a.number
            for a, b in itertools.pairwise(outer)
        )

    def is_list(chain: list[_Candidate]) -> bool:
        return len(chain) >= 3 and sum(c.item for c in chain) >= 0.6 * len(chain)

    # A list "1. 2. 3." inside paragraph 12 restarts the count between 12 and 13: it is not a paragraph run;
    # nor is a run of one-line items without full stops ("1. Appearance Form", "2. Disclosure Statement").
    return [ch for ch in chains if not is_list(ch) and not any(restarts_inside(ch, o) for o in chains if o is not ch)]


def _pick_chain(chains: list[list[_Candidate]], expected: int | None) -> list[_Candidate]:
    if not chains:
        return []
    if expected is None:
        best = max(chains, key=lambda ch: (len(ch), -ch[0].line))
        if len(best) == 1 and best[0].form == "paren":
            return []  # a lone "(2)" at a line start is far more often an inline list than a paragraph
        return best
    resuming = [ch for ch in chains if expected <= ch[0].number <= expected + 2]
    if resuming:
        return min(resuming, key=lambda ch: (ch[0].line, -len(ch)))
    # Pages may be missing (image-only, excerpted): accept a clear forward run, never a restart.
    ahead = [ch for ch in chains if ch[0].number > expected and len(ch) >= 2]
    return max(ahead, key=lambda ch: (len(ch), -ch[0].line)) if ahead else []


def _end_offset(page: _Page, first: int, stop: int) -> int:
    """End of the text from line `first` up to line `stop`, dropping trailing footers and headings."""
    j = stop - 1
    while j > first and (
        not page.lines[j].text or _is_footer(page.lines[j].text, frozenset()) or _is_heading(page.lines[j].text)
    ):
        j -= 1
    return page.lines[j].end


def _ranges(page: _Page, chain: list[_Candidate]) -> list[NumberedParagraph]:
    if not chain:
        return []
    signature = page.signature_line(chain[-1].line + 1)
    last_stop = signature if signature is not None else page.body_end
    result = []
    for i, candidate in enumerate(chain):
        stop = chain[i + 1].line if i + 1 < len(chain) else last_stop
        keep_from = candidate.line + 1 if candidate.lone else candidate.line
        end = _end_offset(page, keep_from, stop)
        result.append(NumberedParagraph(candidate.number, candidate.start, end))
    return result


def find_numbered_paragraphs(text: str) -> list[NumberedParagraph]:
    """The numbered paragraphs of one page ("12.", "12 .", "¶ 12", "(12)"), each from its number to the next.

    Without the rest of the document the page's longest plausible run wins; use
    `number_paragraphs_across_pages` for documents so that the sequence continues from page to page.
    """
    page = _layout(text)
    return _ranges(page, _pick_chain(_chains(page.candidates), None))


def _running_headers(pages_text: list[str]) -> frozenset[str]:
    """Lines repeated at the top of most pages ("Nos. 07-30815 & 08-30818"), numbers ignored."""
    counts: Counter[str] = Counter()
    text_pages = 0
    for text in pages_text:
        top = [line.strip() for line in text[:600].split("\n") if line.strip()][:3]
        if top:
            text_pages += 1
            counts.update({_header_key(line) for line in top if len(line) > 3 and not _MARKER.match(line)})
    threshold = max(3, (text_pages + 1) // 2)
    return frozenset(key for key, n in counts.items() if n >= threshold)


def _lead_text_line(page: _Page, stop: int) -> int | None:
    """The first body line before `stop` when it is running text (not a heading): a continuation's start."""
    for i in range(page.body_start, stop):
        text = page.lines[i].text
        if text:
            return None if _is_heading(text) else i
    return None


def number_paragraphs_across_pages(pages_text: list[str]) -> list[list[NumberedParagraph]]:
    """Numbered paragraphs for every page, as one document-wide increasing sequence.

    A continuation at the top of a page (paragraph 12 begun on the previous page) is returned as
    `NumberedParagraph(12, …, continued=True)` when the next paragraph found is 13, or when the text runs
    into the signature block. Limitations: the last paragraph of a document continuing onto a page without a
    signature block gets no continuation, and a second numbered series (an exhibit's own paragraphs
    starting again at 1) is ignored.
    """
    headers = _running_headers(pages_text)
    pages = [_layout(text, headers) for text in pages_text]
    chosen: list[list[_Candidate]] = []
    expected: int | None = None
    for page in pages:
        chain = _pick_chain(_chains(page.candidates), expected)
        chosen.append(chain)
        if chain:
            expected = chain[-1].number + 1

    def next_first_number(k: int) -> int | None:
        # A paragraph may fill a whole page, but not several: look no further than two pages on.
        for m in range(k, min(k + _MAX_CONTINUED_PAGES, len(pages))):
            if chosen[m]:
                return chosen[m][0].number
            if pages[m].body_start >= pages[m].body_end:
                return None  # an empty (image-only) page breaks the chain of evidence
        return None

    result: list[list[NumberedParagraph]] = []
    open_number: int | None = None
    for k, (page, chain) in enumerate(zip(pages, chosen, strict=True)):
        paragraphs: list[NumberedParagraph] = []
        continued_whole_page = False
        if open_number is not None:
            stop = chain[0].line if chain else page.body_end
            signature = None if chain else page.signature_line(page.body_start)
            if signature is not None:
                stop = signature
            lead = _lead_text_line(page, stop)
            resumes = next_first_number(k) == open_number + 1
            if lead is not None and (resumes or signature is not None):
                end = _end_offset(page, lead, stop)
                paragraphs.append(NumberedParagraph(open_number, page.lines[lead].start, end, continued=True))
                continued_whole_page = not chain and signature is None
        paragraphs.extend(_ranges(page, chain))
        result.append(paragraphs)
        if chain:
            open_number = chain[-1].number if page.signature_line(chain[-1].line + 1) is None else None
        elif not continued_whole_page:
            open_number = None
    return result


# ---------------------------------------------------------------------------------------------------------
# Whole documents


def analyse_filing(doc: ExtractedDocument) -> ExtractedDocument:
    """Fill each page's ECF stamp and numbered paragraphs and the document's court, case and title metadata.

    Values already present in the metadata are kept (so running it twice changes nothing); otherwise the
    ECF stamp's case number wins over the caption's, and the caption title replaces a PDF metadata title
    that is empty or a file name. Articles and other non-filing formats are returned untouched.
    """
    if doc.format not in ("pdf", "text") or doc.metadata.kind is DocumentKind.ARTICLE:
        return doc
    for page in doc.pages:
        page.ecf = parse_ecf_stamp(page.text)
    for page, paragraphs in zip(doc.pages, number_paragraphs_across_pages([p.text for p in doc.pages]), strict=True):
        page.paragraphs = paragraphs
    for page, furniture in zip(doc.pages, find_furniture([p.text for p in doc.pages]), strict=True):
        page.furniture = furniture
    if not doc.pages:
        return doc

    meta = doc.metadata
    stamp = next((page.ecf for page in doc.pages if page.ecf is not None), None)
    second_page = doc.pages[1].text if len(doc.pages) > 1 else ""
    caption = detect_caption(doc.pages[0].text, second_page_text=second_page)
    meta.court = meta.court or caption.court
    meta.case_number = meta.case_number or (stamp.case_number if stamp else None) or caption.case_number
    if stamp is not None:
        meta.ecf_document_number = meta.ecf_document_number or stamp.document_number or None
        meta.filed_date = meta.filed_date or stamp.filed_date
    if caption.title and (not meta.title.strip() or looks_like_file_name(meta.title)):
        meta.title = caption.title
    if meta.kind is DocumentKind.OTHER:
        # A meaningful PDF title ("Romo declaration (signed)") may name the kind when the caption does not.
        meta.kind = kind_from_title(meta.title)
        if meta.kind is DocumentKind.OTHER:
            meta.kind = caption.kind
    meta.parties = meta.parties or find_parties([page.text for page in doc.pages[:3]])
    meta.short_cite = meta.short_cite or derive_short_cite(meta)
    log.debug(
        "analysed filing: %s, %s, %d stamped pages",
        meta.case_number,
        meta.kind.value,
        sum(page.ecf is not None for page in doc.pages),
    )
    return doc
