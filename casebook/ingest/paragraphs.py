"""Numbered paragraphs of a court filing: found per page, then held to one increasing sequence for the document.

Numbered paragraphs are found per page, then `ParagraphNumbering` (or `number_paragraphs_across_pages` for a
whole document at once) enforces one increasing sequence: list items that restart at 1 and exhibits numbered
afresh are ignored. Text at the top of a page that belongs to the paragraph numbered on the previous page is
recorded as a `NumberedParagraph(continued=True)` with the same number, but only when the sequence provably
resumes (the next number follows) or the text runs into the signature block. Running headers (found with a
bounded `RunningHeaderSurvey`) are not paragraph text.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from casebook.core.documents import NumberedParagraph
from casebook.ingest.frequent_keys import count_key
from casebook.ingest.stamps import is_ecf_stamp_line

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


# Header keys tracked while surveying: a header sits on at least half the text pages and a page offers at most
# three keys, so a header is more frequent than 1/(_TRACKED_HEADERS + 1) of all the keys offered (needs
# _TRACKED_HEADERS + 1 > 6): the Misra–Gries summary keeps every one; a second look counts them exactly.
_TRACKED_HEADERS = 32


class RunningHeaderSurvey:
    """Lines repeated at the top of most pages ("Nos. 07-30815 & 08-30818"), numbers ignored, surveyed page by
    page: per page only the hashes of its top lines' keys are kept, the keys only for the frequent ones."""

    def __init__(self) -> None:
        self._text_pages = 0
        self._tracked: dict[str, int] = {}  # Misra–Gries counters: key -> pages (an underestimate)
        self._hashes = array("q")  # each text page's distinct keys, one run per page

    def survey(self, text: str) -> None:
        top = [line.strip() for line in text[:600].split("\n") if line.strip()][:3]
        if not top:
            return
        self._text_pages += 1
        keys = {_header_key(line) for line in top if len(line) > 3 and not _MARKER.match(line)}
        for key in keys:
            self._hashes.append(hash(key))
            count_key(self._tracked, key, _TRACKED_HEADERS)

    def headers(self) -> frozenset[str]:
        threshold = max(3, (self._text_pages + 1) // 2)
        tracked = {hash(key) for key in self._tracked}
        counts = Counter(h for h in self._hashes if h in tracked)
        return frozenset(key for key in self._tracked if counts[hash(key)] >= threshold)


def _running_headers(pages_text: Sequence[str]) -> frozenset[str]:
    """Lines repeated at the top of most pages ("Nos. 07-30815 & 08-30818"), numbers ignored."""
    survey = RunningHeaderSurvey()
    for text in pages_text:
        survey.survey(text)
    return survey.headers()


def _lead_text_line(page: _Page, stop: int) -> int | None:
    """The first body line before `stop` when it is running text (not a heading): a continuation's start."""
    for i in range(page.body_start, stop):
        text = page.lines[i].text
        if text:
            return None if _is_heading(text) else i
    return None


class ParagraphNumbering:
    """Numbered paragraphs page by page, in page order, as one document-wide increasing sequence.

    A continuation at the top of a page (paragraph 12 begun on the previous page) is returned as
    `NumberedParagraph(12, …, continued=True)` when the next paragraph found is 13, or when the text runs
    into the signature block. Limitations: the last paragraph of a document continuing onto a page without a
    signature block gets no continuation, and a second numbered series (an exhibit's own paragraphs
    starting again at 1) is ignored.

    `add` takes the next page's text and returns the paragraphs of the pages now settled, in order; `finish`
    returns the rest. A page is settled once the pages that may resume its sequence are read, so only the
    last `_MAX_CONTINUED_PAGES` pages are held. `headers` are the document's running headers
    (`RunningHeaderSurvey`).
    """

    def __init__(self, headers: frozenset[str] = frozenset()) -> None:
        self._headers = headers
        self._expected: int | None = None
        self._open_number: int | None = None
        self._waiting: deque[tuple[_Page, list[_Candidate]]] = deque()

    def add(self, text: str) -> list[list[NumberedParagraph]]:
        page = _layout(text, self._headers)
        chain = _pick_chain(_chains(page.candidates), self._expected)
        if chain:
            self._expected = chain[-1].number + 1
        self._waiting.append((page, chain))
        settled = []
        while len(self._waiting) >= _MAX_CONTINUED_PAGES:
            settled.append(self._settle())
        return settled

    def finish(self) -> list[list[NumberedParagraph]]:
        settled = []
        while self._waiting:
            settled.append(self._settle())
        return settled

    def _next_first_number(self) -> int | None:
        # A paragraph may fill a whole page, but not several: look no further than two pages on.
        for page, chain in itertools.islice(self._waiting, _MAX_CONTINUED_PAGES):
            if chain:
                return chain[0].number
            if page.body_start >= page.body_end:
                return None  # an empty (image-only) page breaks the chain of evidence
        return None

    def _settle(self) -> list[NumberedParagraph]:
        """The paragraphs of the first waiting page, which leaves the window."""
        page, chain = self._waiting[0]
        paragraphs: list[NumberedParagraph] = []
        continued_whole_page = False
        open_number = self._open_number
        if open_number is not None:
            stop = chain[0].line if chain else page.body_end
            signature = None if chain else page.signature_line(page.body_start)
            if signature is not None:
                stop = signature
            lead = _lead_text_line(page, stop)
            resumes = self._next_first_number() == open_number + 1
            if lead is not None and (resumes or signature is not None):
                end = _end_offset(page, lead, stop)
                paragraphs.append(NumberedParagraph(open_number, page.lines[lead].start, end, continued=True))
                continued_whole_page = not chain and signature is None
        paragraphs.extend(_ranges(page, chain))
        if chain:
            self._open_number = chain[-1].number if page.signature_line(chain[-1].line + 1) is None else None
        elif not continued_whole_page:
            self._open_number = None
        self._waiting.popleft()
        return paragraphs


def number_paragraphs_across_pages(pages_text: list[str]) -> list[list[NumberedParagraph]]:
    """Numbered paragraphs for every page, as one document-wide increasing sequence (see `ParagraphNumbering`)."""
    numbering = ParagraphNumbering(_running_headers(pages_text))
    result: list[list[NumberedParagraph]] = []
    for text in pages_text:
        result.extend(numbering.add(text))
    result.extend(numbering.finish())
    return result
