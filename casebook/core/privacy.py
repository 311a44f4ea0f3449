"""Privacy findings under FRCP 5.2(a) / Cr. R. 49.1(a): what must not go into a public filing, with its replacement.

Pure detectors over one page's text. Each finding names its page, its [start, end) offsets in the page text, the
rule that found it, the text and the partial form the rule allows (last four digits, the year of birth, a minor's
initials, the city and state of a home address). Court furniture (CM/ECF stamps, Bates numbers, page headers),
docket numbers, filing dates and phone numbers are never findings: numbers are matched only in the shapes an
identifier takes (SSN 3-2-4, EIN 2-7, Luhn-valid card numbers, mod-97-valid IBANs) or after words that name them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SSN = "ssn"
ITIN = "itin"
EIN = "ein"
DOB = "dob"
CARD = "card"
IBAN = "iban"
ACCOUNT = "account"
MINOR = "minor_name"
ADDRESS = "home_address"
CASE_TERM = "case_term"
MANUAL = "manual"

RULE_NAMES: dict[str, str] = {
    SSN: "Social Security number", ITIN: "individual taxpayer ID (ITIN)", EIN: "employer ID (EIN)",
    DOB: "date of birth", CARD: "payment card number", IBAN: "bank account (IBAN)",
    ACCOUNT: "financial account number", MINOR: "name of a minor (candidate)", ADDRESS: "home address",
    CASE_TERM: "case term", MANUAL: "manual redaction",
}
# Rules whose findings are only candidates: a person must confirm each; bulk acceptance leaves them alone.
CANDIDATE_RULES = frozenset({MINOR})
CONTEXT_CHARS = 32
DEFAULT_REPLACEMENT = "[REDACTED]"


@dataclass(frozen=True)
class Finding:
    """One item on one page that FRCP 5.2(a) keeps out of a public filing."""

    page: int
    start: int
    end: int
    rule: str
    text: str
    replacement: str


@dataclass(frozen=True)
class CaseTerm:
    """A term or pattern of the case's own list (e.g. taxpayer names from a § 6103 disclosure)."""

    pattern: str
    regex: bool = False
    replacement: str = ""


# --- replacements ------------------------------------------------------------------------------------------------

def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def last_four(text: str) -> str:
    """Every digit or letter but the last four turned to X, separators kept ("XXXX XXXX XXXX 1111")."""
    count = sum(ch.isalnum() for ch in text)
    out, seen = [], 0
    for ch in text:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen > count - 4 else "X")
        else:
            out.append(ch)
    return "".join(out)


def ssn_form(text: str) -> str:
    return f"XXX-XX-{digits_of(text)[-4:]}"


def initials(name: str) -> str:
    """ "Jane Q. Doe" -> "J.Q.D." """
    parts = [p for p in re.split(r"[\s.]+", name) if p and p[0].isalpha()]
    return "".join(f"{p[0].upper()}." for p in parts)


# --- checksums ---------------------------------------------------------------------------------------------------

def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def iban_ok(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def ssn_valid(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def itin_valid(area: str, group: str, serial: str) -> bool:
    g = int(group)
    return area.startswith("9") and (50 <= g <= 65 or 70 <= g <= 88 or 90 <= g <= 92 or 94 <= g <= 99) \
        and serial != "0000"


_EIN_BAD_PREFIXES = frozenset({"00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79",
                               "89", "96", "97"})

# --- patterns ----------------------------------------------------------------------------------------------------

_NOT_AFTER = r"(?<![\w:/.\-])"
_NOT_BEFORE = r"(?![\w/\-]|\.\d)"
_SSN_RE = re.compile(_NOT_AFTER + r"(\d{3})([\- ])(\d{2})\2(\d{4})" + _NOT_BEFORE)
_SSN_PLAIN_RE = re.compile(_NOT_AFTER + r"(\d{3})(\d{2})(\d{4})" + _NOT_BEFORE)
_SSN_CONTEXT_RE = re.compile(r"(?:SSN|S\.S\.N\.|SS#|SS\s*No|social\s+security|taxpayer|TIN|ITIN)\b",
                             re.IGNORECASE)
_EIN_RE = re.compile(_NOT_AFTER + r"(\d{2})-(\d{7})" + _NOT_BEFORE)
_CARD_RE = re.compile(_NOT_AFTER + r"([3-6]\d{3}(?:[ \-]?\d{2,4}){2,4}(?:[ \-]?\d{1,3})?)" + _NOT_BEFORE)
_IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b")
_ACCOUNT_RE = re.compile(
    r"\b(?:account|acct\.?|a/c)(?:\s+(?:number|no\.?|num\.?|#))?\s*(?:ending\s+in\s*)?[:#.]?\s*"
    r"(\d[\d\- ]{4,24}\d)(?![\w/])", re.IGNORECASE)
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
           r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = (rf"(?:\d{{1,2}}[/\-.]\d{{1,2}}[/\-.](?:\d{{4}}|\d{{2}})|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|"
         rf"\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")
_DOB_RE = re.compile(rf"\b(?:D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)\s*[:\-–]?\s*({_DATE})",
                     re.IGNORECASE)
_NAME = r"[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+){1,2}"
_MINOR_RES = (
    re.compile(rf"\b(?:minor|child|son|daughter|juvenile)(?:\s+child)?,?\s+({_NAME})"),
    re.compile(rf"\b({_NAME}),?\s+(?:a\s+minor|\((?:a\s+)?minor\)|\(age\s+(?:1[0-7]|[1-9])\)|"
               r"age\s+(?:1[0-7]|[1-9])\b|aged\s+(?:1[0-7]|[1-9])\b|(?:1[0-7]|[1-9])-year-old)"),
)
_STREET = (r"\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w'.]*\s+){1,4}"
           r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Place|Pl|Way|Terrace|Ter|"
           r"Circle|Cir|Parkway|Pkwy|Highway|Hwy)\.?(?:,?\s+(?:Apt|Apartment|Unit|Suite|#)\.?\s*[\w-]+)?")
_ADDRESS_RE = re.compile(
    rf"\b(?:resid(?:es|ed|ing|ence)\s+(?:is\s+)?at|lives\s+at|lived\s+at|home\s+address(?:\s+is)?|"
    rf"home\s+at|address\s+of\s+record)\s*[:\-]?\s*({_STREET}),?\s+([A-Z][A-Za-z .'-]+?),?\s+([A-Z]{{2}})"
    r"(?:\s+\d{5}(?:-\d{4})?)?\b")
_STAMP_LINE_RE = re.compile(r"\b(?:Case|Document|Filed|PageID|Page\s+\d+\s+of|Entered\s+on|Bates)\b")


def _line_of(text: str, start: int, end: int) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a : len(text) if b < 0 else b]


def _in_ranges(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in ranges)


def _phone_like(text: str, start: int, end: int) -> bool:
    """A number that is part of a phone number: a telephone word or "(202)" just before it on its line."""
    before = text[max(0, start - 24) : start]
    return bool(re.search(r"(?:tel|phone|fax|cell|mobile|\(\d{3}\))[^\n]{0,12}$", before, re.IGNORECASE))


def scan_page(page: int, text: str, *, furniture: Sequence[tuple[int, int]] = (), criminal: bool = False,
              terms: Iterable[CaseTerm] = ()) -> list[Finding]:
    """Every finding on one page, in text order, never two overlapping (the first rule to claim a range wins)."""
    found: list[Finding] = []
    taken: list[tuple[int, int]] = list(furniture)

    def add(start: int, end: int, rule: str, replacement: str) -> None:
        if _in_ranges(start, end, taken):
            return
        taken.append((start, end))
        found.append(Finding(page, start, end, rule, text[start:end], replacement))

    for m in _DOB_RE.finditer(text):
        year = re.search(r"(\d{4})\b", m.group(1))
        year_text = year.group(1) if year else ("19" + m.group(1)[-2:])
        add(m.start(1), m.end(1), DOB, year_text)
    for m in _SSN_RE.finditer(text):
        area, _sep, group, serial = m.groups()
        if _phone_like(text, m.start(), m.end()):
            continue
        if ssn_valid(area, group, serial):
            add(m.start(), m.end(), SSN, ssn_form(m.group()))
        elif itin_valid(area, group, serial):
            add(m.start(), m.end(), ITIN, ssn_form(m.group()))
    for m in _SSN_PLAIN_RE.finditer(text):
        area, group, serial = m.groups()
        if not _SSN_CONTEXT_RE.search(text[max(0, m.start() - 60) : m.start()]):
            continue  # a bare nine-digit number is an SSN only where the text says so
        rule = SSN if ssn_valid(area, group, serial) else ITIN if itin_valid(area, group, serial) else None
        if rule:
            add(m.start(), m.end(), rule, ssn_form(m.group()))
    for m in _EIN_RE.finditer(text):
        named = re.search(r"\bEIN\b|employer", text[max(0, m.start() - 40) : m.start()], re.IGNORECASE)
        on_stamp = _STAMP_LINE_RE.search(_line_of(text, m.start(), m.end()))
        if m.group(1) in _EIN_BAD_PREFIXES or (on_stamp and not named):
            continue
        add(m.start(), m.end(), EIN, "XX-XXX" + m.group(2)[-4:])
    for m in _CARD_RE.finditer(text):
        digits = digits_of(m.group(1))
        if 13 <= len(digits) <= 19 and luhn_ok(digits) and not _phone_like(text, m.start(), m.end()):
            add(m.start(1), m.end(1), CARD, last_four(m.group(1)))
    for m in _IBAN_RE.finditer(text):
        if iban_ok(m.group(1)):
            add(m.start(1), m.end(1), IBAN, last_four(m.group(1)))
    for m in _ACCOUNT_RE.finditer(text):
        value = m.group(1).rstrip(" -")
        if len(digits_of(value)) < 5 or re.fullmatch(r"\d{1,2}[/\-]\d{1,2}[/\-]\d{2,4}", value):
            continue
        add(m.start(1), m.start(1) + len(value), ACCOUNT, last_four(value))
    for regex in _MINOR_RES:
        for m in regex.finditer(text):
            add(m.start(1), m.end(1), MINOR, initials(m.group(1)))
    if criminal:
        for m in _ADDRESS_RE.finditer(text):
            add(m.start(1), m.end(), ADDRESS, f"{m.group(2).strip()}, {m.group(3)}")
    for term in terms:
        for m in _term_regex(term).finditer(text):
            if m.end() > m.start():
                add(m.start(), m.end(), CASE_TERM, term.replacement or _term_replacement(m.group()))
    return sorted(found, key=lambda f: (f.start, f.end))


def _term_regex(term: CaseTerm) -> re.Pattern[str]:
    if term.regex:
        return re.compile(term.pattern, re.IGNORECASE)
    words = [re.escape(w) for w in term.pattern.split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"\b", re.IGNORECASE)


def _term_replacement(text: str) -> str:
    """A name becomes its initials; anything with digits keeps its last four; else [REDACTED]."""
    if any(ch.isdigit() for ch in text):
        return last_four(text)
    if re.fullmatch(r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3}", text.strip()):
        return initials(text)
    return DEFAULT_REPLACEMENT


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The text-quote selector's prefix and suffix for [start, end)."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def forbidden_forms(text: str) -> list[str]:
    """What must not be extractable once `text` is redacted: the text itself and its digits without separators."""
    forms = [" ".join(text.split())]
    digits = digits_of(text)
    # Only a number written with separators has a digits-only form ("March 14, 1978" is not "141978").
    if len(digits) >= 5 and digits != forms[0] and not any(ch.isalpha() for ch in text):
        forms.append(digits)
    return forms
