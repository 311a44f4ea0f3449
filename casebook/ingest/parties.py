"""The parties of a filing as a short case name ("Calvary Chapel of Bangor v. Mills"), read from its caption.

A caption is found by its separator ("v.", "vs.", "-against-") on a line of its own, at the end or start of a
party line, or inside an all-capitals or "RE:" line; or by an "In re" / "In the Matter of" line. Each side is
read from the lines next to the separator, skipping what a two-column caption interleaves from its right-hand
column (case numbers, judges, the document title, ")" rules) and stopping at the court heading, a rule line or
the role label ("Plaintiff,", "Defendants-Appellees."). The first-named party of each side is then cut down
and abbreviated by the Bluebook rules in `casebook.core.bluebook`.

When several captions are on the first pages, the best-evidenced wins (an "In re" heading, then a caption with
role labels, then one in capitals or on a form, then a running head), the earliest among equals. A letter whose
only caption is its "RE:" line may carry it on a later page, after a long service list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from casebook.core.bluebook import case_name, in_re_name, is_upper_text

CAPTION_PAGES = 3  # captions are on the first pages; only a letter's "RE:" line is looked for further on
_SOFT = "\x00"  # a line that held only right-hand-column text: a break inside an "In re" block
_MAX_SIDE_LINES = 4
_MAX_SIDE_CHARS = 260
_MAX_LINE_CHARS = 300
_IN_RE_WINDOW = 60  # an "In re" heading sits near the top of the first page
_HEADING_CHARS = 800  # the court's name heads the first page

_ROLE = (
    r"(?:(?:third|3rd|fourth)[-\s]+party\s+|counter[-\s]*|cross[-\s]*)?"
    r"(?:plaintiff|defendant|appellant|appellee|petitioner|respondent|movant|claimant|employee|employer|carrier|"
    r"debtor|intervenor|intervener|relator|complainant|garnishee|applicant|objector|creditor|counterclaimant|"
    r"real\s+part(?:y|ies)\s+in\s+interest|libell?ant|proponent|contestant|condemnor|condemnee)(?:s|\(s\))?"
    r"(?:\s+in\s+intervention)?"
)
_ROLE_LINE = re.compile(rf"^(?:{_ROLE})(?:\s*(?:[-–—/,&]|\band\b)\s*(?:{_ROLE}))*\s*[.,;:]?$", re.IGNORECASE)
_INLINE_ROLE = re.compile(rf",\s*\d{{0,2}}\s*(?:{_ROLE})\b", re.IGNORECASE)
_SEP = r"(?:v|vs|versus|against|vv)"  # "Vv." is how Tesseract often reads a caption's lone "v."
_SEPARATOR_LINE = re.compile(rf"^[_\s]*-?\s*{_SEP}\s*[.,]?\s*-?[_\s]*$", re.IGNORECASE)
_UNDERSCORED = re.compile(r"_{3,}")
_TRAILING_SEP = re.compile(r"^(?P<left>.*?\S)\s+(?:v|vs|V|VS)[.,]$")
_LEADING_SEP = re.compile(r"^(?:v|vs|V|VS)[.,]\s+(?P<right>\S.*)$")
_INLINE_SEP = re.compile(r"^(?P<left>.*?\S)\s+(?:v\.?|vs\.?|V\.|VS\.?)\s+(?P<right>\S.*)$")
_RE_LINE = re.compile(r"^(?:RE|Re)\s*:\s*(?P<rest>.+)$")
_IN_RE = re.compile(
    r"^(?P<head>IN\s+RE|In\s+[Rr]e|IN\s+THE\s+MATTER\s+OF|In\s+the\s+Matter\s+of|MATTER\s+OF|Matter\s+of)"
    r"(?P<colon>\s*:)?(?:\s+(?P<rest>\S.*))?$"
)
_COLUMN = re.compile(r"(?:^|\s)[)\]§:|](?=\s|$)")
_STAMP = re.compile(
    r"^(?:USCA\d*\s+)?(?:Case|Appeal|Appellate\s+Case)\b.{0,60}\b(?:Document|Doc|DktEntry|Filed|Page)\b", re.IGNORECASE
)
_NOISE = re.compile(
    r"^(?:(?:civil\s+action|criminal\s+action|civil|criminal|case|docket|appeal|adv(?:ersary)?\.?\s*(?:proc\.?)?|"
    r"c\.\s?a\.|cause|index|claim|state\s+file)\s*(?:nos?\b\.?|numbers?\b|#)|nos?\.(?:\s|$|_)|nos?\s+\d|mdl\b|"
    r"hon\.|honorable\b|(?:the\s+)?hon\b|judge\b|magistrate\b|(?:chief\s+|senior\s+|u\.s\.\s+)?(?:district|circuit|"
    r"bankruptcy|magistrate)\s+judge\b|appeals?\s+from\b|on\s+appeal\b|on\s+petition\b|petition\s+for\b|"
    r"on\s+review\b|on\s+remand\b|(?:date\s+)?filed\b|argued\b|submitted\b|decided\b|entered\b|dated?\b|"
    r"x{4,}|\[?proposed\]?$|(?:o\s?r\s?d\s?e\s?r|opinion|judgment|memorandum|order)$|"
    r"jury\s+trial\s+demanded|class\s+action)",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(
    r"^(?:[_\-=*~.\s]{3,}$|(?:in|for)\s+the\b|united\s+states\s+(?:court|district|bankruptcy|tax)|"
    r"(?:supreme|superior|district|circuit|county|family|probate|tax|bankruptcy|appellate)\s+court\b|"
    r"court\s+of\b|before\b|present\b|precedential|unpublished|published|not\s+for\s+publication|"
    r"for\s+publication|note\s*:|by\s+the\s+court|certiorari|syllabus|clerk\b|(?:office\s+of\s+the\s+)?clerk\b|"
    r"at\s+\w+$|division\b|.*\bdivision$|(?:\w+\s+)?(?:appellate|judicial)\s+(?:district|circuit|department)\b|(?:northern|southern|eastern|western|middle|central)\s+"
    r"district\b|district\s+of\b|(?:\w+\s+){0,2}bureau\s+of\b|state\s+of\s+\w+\s+(?:court|department)|"
    r"(?:ex\s+parte|in\s+re)\b|pursuant\b|comes\s+now\b|now\s+comes\b)",
    re.IGNORECASE,
)
# A court's place line above the caption ("COUNTY OF LOS ANGELES"); as a party it would end with a comma.
_PLACE_HEADING = re.compile(r"^(?:city\s+and\s+)?(?:county|parish|state|commonwealth)\s+of\s+[A-Za-z .'-]+$",
                            re.IGNORECASE)
# A federal court names a state party by the state's name ("Texas v. United States"), a state's own court "State".
_FEDERAL_COURT = re.compile(
    r"united\s+states\s+(?:district|bankruptcy|tax)\s+court|united\s+states\s+court\s+of\s+(?:appeals|federal)|"
    r"court\s+of\s+appeals\s+for\s+the\s+\w+\s+circuit|supreme\s+court\s+of\s+the\s+united\s+states|"
    r"(?:northern|southern|eastern|western|middle|central)\s+district\s+of\b",
    re.IGNORECASE,
)
_COURT_WORD = re.compile(r"\b(?:COURT|CIRCUIT|TRIBUNAL)\b")
_CONTINUES = re.compile(r"(?:[,&]|\b(?:and|of|the|for|a|an))$", re.IGNORECASE)
_STARTS_CONTINUATION = re.compile(r"^(?:[a-z]|(?i:inc|llc|ltd|corp|co|l\.p|n\.a|jr|sr)\b)")
_LITIGATION_END = re.compile(r"\b(?:litigation|proceedings?|debtors?)[,.]?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Context:
    """The filing's text (to recognise double surnames) and whether its court is a state court."""

    text: str
    state_court: bool


@dataclass(frozen=True)
class _Candidate:
    name: str
    priority: int  # 3 "In re" heading, 2 a caption (role labels, capitals, a form, "RE:"), 1 a running head
    page: int
    line: int


def _clean_lines(text: str) -> list[str]:
    """Page lines with middle-dot padding, pleading-paper numbers, stamps and right-hand-column text removed."""
    raw = [line.replace("·", " ").replace("\u00a0", " ").strip() for line in text.split("\n")]
    numbered = sum(1 for line in raw if re.match(r"^\d{1,2}\s+\S", line))
    pleading = numbered >= 8
    lines: list[str] = []
    for line in raw:
        if pleading:
            line = re.sub(r"^\d{1,2}\s+(?=\S)", "", line)
        if not line:
            lines.append("")
            continue
        if _STAMP.match(line):
            continue
        column = _COLUMN.search(line)
        if column is not None:
            line = line[: column.start()].strip()
            if not line:
                lines.append(_SOFT)
                continue
        if re.fullmatch(r"\d{1,3}", line):  # a pleading-paper line number or page number on its own
            continue
        lines.append(" ".join(line.split()))
    return lines


def _is_role(line: str) -> bool:
    return bool(_ROLE_LINE.match(line.strip()))


def _is_number(line: str) -> bool:
    """A bare docket or page number ("2009-1361", "ED108783", "4:08-cv-02214-SBA"): more digits than letters."""
    digits = sum(ch.isdigit() for ch in line)
    letters = sum(ch.isalpha() for ch in line)
    return digits > 0 and digits >= letters and len(line.split()) <= 3


def _is_noise(line: str) -> bool:
    return bool(_NOISE.match(line) or _is_number(line) or not any(ch.isalpha() for ch in line))


def _is_boundary(line: str) -> bool:
    if _SEPARATOR_LINE.match(line) or _IN_RE.match(line):
        return True
    if line.endswith(",") and _COURT_WORD.search(line.upper()) and not re.match(r"(?i)(?:in|for)\s+the\b", line):
        return False  # a court as a party, as on a writ petition ("v. SUPERIOR COURT OF LOS ANGELES COUNTY,")
    if _BOUNDARY.match(line) or (_COURT_WORD.search(line) and is_upper_text(line)):
        return True
    words = line.split()
    # Running text: a long line in ordinary case is a sentence, not a party.
    return len(words) > 12 and sum(w[:1].islower() for w in words) >= 4


def _content(lines: list[str], start: int, step: int) -> Iterator[tuple[int, str]]:
    """(index, line) of the lines from `start` in direction `step`, skipping blank lines."""
    i = start
    while 0 <= i < len(lines):
        if lines[i]:
            yield i, lines[i]
        i += step


def _joins(upper: str, lower: str, gap: bool) -> bool:
    """Whether `lower` continues the party name on the line `upper` above it."""
    if _CONTINUES.search(upper) or _STARTS_CONTINUATION.match(lower):
        return True
    # "PENDRICK CAPITAL" / "PARTNERS, II, LLC,": a name broken over adjacent lines set the same way.
    return not gap and not upper.endswith(".") and is_upper_text(upper) == is_upper_text(lower)


def _collect_up(lines: list[str], index: int, inline: str) -> tuple[str, bool]:
    """The party group above the separator at `index` (and `inline`, its text on the separator's line)."""
    role = bool(_INLINE_ROLE.search(inline))
    start = index - 1
    if not inline:
        for seen, (i, line) in enumerate(_content(lines, index - 1, -1)):
            if seen >= 6 or (line != _SOFT and _is_boundary(line)):
                break
            if _is_role(line):
                role, start = True, i - 1
                break
    parts = [inline] if inline else []
    gap = False
    for i in range(start, -1, -1):
        line = lines[i]
        if not line or line == _SOFT:
            gap = gap or not line
            continue
        if _is_boundary(line) or _is_role(line) or len(parts) >= _MAX_SIDE_LINES:
            break
        if _is_noise(line):
            gap = True
            continue
        if parts and (_PLACE_HEADING.match(line) or not _joins(line, parts[-1], gap)):
            break
        parts.append(line)
        gap = False
    text = " ".join(reversed(parts))
    return text, role or bool(_INLINE_ROLE.search(text))


def _collect_down(lines: list[str], index: int, inline: str) -> tuple[str, bool]:
    """The party group below the separator at `index` (and `inline`, its text on the separator's line)."""
    role = bool(_INLINE_ROLE.search(inline))
    parts = [inline] if inline else []
    gap = False
    for line in lines[index + 1 :]:
        if not line or line == _SOFT:
            gap = gap or not line
            continue
        if not parts and _is_noise(line):
            continue
        if _is_role(line):
            role = True
            break
        if _is_boundary(line) or len(parts) >= _MAX_SIDE_LINES:
            break
        if _is_noise(line):
            gap = True
            continue
        if parts and not _joins(parts[-1], line, gap):
            break
        parts.append(line)
        gap = False
    text = " ".join(parts)
    return text, role or bool(_INLINE_ROLE.search(text))


def _plausible(side: str) -> bool:
    letters = [ch for ch in side if ch.isalpha()]
    return bool(letters) and len(side) <= _MAX_SIDE_CHARS and not side[:1].islower()


def _in_re_subject(lines: list[str], index: int, rest: str) -> str:
    parts = [rest] if rest else []
    if parts and _LITIGATION_END.search(rest):
        return rest
    for _, line in _content(lines, index + 1, 1):
        if line == _SOFT or _is_noise(line) or _is_role(line) or _is_boundary(line) or len(parts) >= _MAX_SIDE_LINES:
            break
        parts.append(line)
        if _LITIGATION_END.search(line):
            break
    subject = " ".join(parts)
    return re.split(r",\s*(?:No\.|Case\s+No|MDL\b)", subject, maxsplit=1)[0]


def _page_candidates(text: str, page: int, context: _Context) -> list[_Candidate]:
    lines = _clean_lines(text)
    found: list[_Candidate] = []
    content_seen = 0
    for index, line in enumerate(lines):
        if not line or line == _SOFT:
            continue
        content_seen += 1
        in_re = _IN_RE.match(line)
        if in_re is not None:
            subject = _in_re_subject(lines, index, (in_re["rest"] or "").strip())
            if subject and _plausible(subject):
                heading = page == 0 and content_seen <= _IN_RE_WINDOW and (
                    in_re["colon"] or is_upper_text(in_re["head"]) or not in_re["rest"])
                found.append(_Candidate("In re " + in_re_name(subject, context.text), 3 if heading else 1, page, index))
            continue
        candidate = _separator_candidate(lines, index, line, context)
        if candidate is not None:
            found.append(_Candidate(candidate[0], candidate[1], page, index))
    return found


def _separator_candidate(lines: list[str], index: int, line: str, context: _Context) -> tuple[str, int] | None:
    """The case name of a caption whose separator (or "RE:" line) is on line `index`, with its priority."""
    if len(line) > _MAX_LINE_CHARS:  # running text run together; no caption line is this long
        return None
    re_line = _RE_LINE.match(line)
    if re_line is not None:
        match = _INLINE_SEP.match(re_line["rest"])
        if match is None:
            return None
        return _named(match["left"], match["right"], 2, context)
    if _SEPARATOR_LINE.match(line):
        left, left_role = _collect_up(lines, index, "")
        right, right_role = _collect_down(lines, index, "")
        form = bool(_UNDERSCORED.search(line))  # "______ v. ______" on a court's form
        if left_role or right_role or form or (is_upper_text(left) and is_upper_text(right)):
            return _named(left, right, 2, context)
        return None
    trailing, leading = _TRAILING_SEP.match(line), _LEADING_SEP.match(line)
    if trailing is not None or leading is not None:
        # "v. Civil Action No. 1:25-cv-01234": the right-hand column printed on the separator's line.
        left_inline = trailing["left"] if trailing and not _is_noise(trailing["left"]) else ""
        right_inline = leading["right"] if leading and not _is_noise(leading["right"]) else ""
        left, left_role = _collect_up(lines, index, left_inline)
        right, right_role = _collect_down(lines, index, right_inline)
        if left_role or right_role or (is_upper_text(left) and is_upper_text(right)):
            return _named(left, right, 2, context)
        return None
    inline = _INLINE_SEP.match(line)
    if inline is None:
        return None
    if _INLINE_ROLE.search(inline["left"]) and re.search(_ROLE, inline["right"], re.IGNORECASE):
        # "JOHN DOE, Plaintiff, v. ACME CORP., Defendant.": a whole caption set on one line.
        return _named(inline["left"], inline["right"], 2, context)
    if is_upper_text(line) and len(line) <= 120:  # a running head ("LONG vs ABILITY RECOVERY SERVICES")
        return _named(inline["left"], inline["right"], 1, context)
    return None


def _named(left: str, right: str, priority: int, context: _Context) -> tuple[str, int] | None:
    if not (_plausible(left) and _plausible(right)):
        return None
    name = case_name(left, right, context.text, state_court=context.state_court)
    if " v. " not in name:
        return None
    return name, priority


def find_parties(pages_text: Sequence[str]) -> str | None:
    """The case name a lawyer would write for this filing (Bluebook rule 10, table T6); None when it has no caption.

    Captions are read from the first three pages; a letter's "RE: X v. Y" line from any page given.
    """
    pages = [text or "" for text in pages_text]
    heading = pages[0][:_HEADING_CHARS] if pages else ""
    context = _Context("\n".join(pages), not _FEDERAL_COURT.search(heading))
    candidates: list[_Candidate] = []
    for page, text in enumerate(pages[:CAPTION_PAGES]):
        candidates.extend(_page_candidates(text, page, context))
    if not candidates:
        for page, text in enumerate(pages[CAPTION_PAGES:], start=CAPTION_PAGES):
            for index, line in enumerate(_clean_lines(text)):
                if _RE_LINE.match(line or "") and (named := _separator_candidate([line], 0, line, context)):
                    candidates.append(_Candidate(named[0], named[1], page, index))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.priority, -c.page, -c.line))
    return best.name
