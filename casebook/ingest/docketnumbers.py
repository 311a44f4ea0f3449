"""A filing's own docket numbers from its caption: every number of a consolidated case, the primary first.

Numbers are kept as printed without their label ("No. 4:08-cv-02214-SBA" → "4:08-cv-02214-SBA"; judge initials
kept), dashes normalised to "-". Numbers of other courts are left out: those labelled "D.C. No.", "District
Court Case Number", "Trial Court No.", those printed under "Appeal from …" / "Certiorari to …", district-format
numbers in an appellate court's caption, and numbers after a case name once this case's number is known
("… Pending Decision in Roman v. Wolf, Case Nos. …"; a letter's first "Re: Smith v. Jones, No. …" is kept); a
number printed with this court's argument or decision dates ("No. 11-889. Argued …") is kept.
Reading stops at the first line of running prose after the first number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NUMBER = (
    r"(?:MDL\s+)?(?:[A-Z]{1,3}\s?)?\d[\dA-Z:]*(?:[-\u2010-\u2015]\s?[A-Za-z0-9]+)*(?:/\d{2,4}(?!\d))?"
    r"(?:\s+[A-Z]{2,4}(?=\s*$))?"  # "C 08-02214 SBA": judge initials after a space, at the end of the line
    r"(?:\s*\([A-Z]{2,5}(?:/[A-Z]{2,5})?\))?"  # "25-1234 (ABC)"
)
_NO = re.compile(
    r"(?:\bnos?\.|\bnos?:|\bnumber:?|#|(?<=case)no\.?:?)[\s:]*"
    r"(?P<nums>" + NUMBER + r"(?:\s*(?:,|&|;|and)\s*(?:and\s+)?" + NUMBER + r")*)(?P<tail>[,\s]*)",
    re.I,
)
_ONE = re.compile(NUMBER)
_LABEL_AT_END = re.compile(r"(?:\bnos?\.|\bnos?:|\bnumber:?|#)\s*$", re.I)
_OTHER_COURT_LABEL = re.compile(
    r"(?:\bD\.\s?C\.|district\s+(?:court\s+)?case|trial\s+court|lower\s+court|circuit\s+court|agency|\bbar|reg(?:istration)?\.?"
    r"|license|claim|tel(?:ephone)?|fax|suite|box|patent|serial|control)\s*$",
    re.I,
)
_LABEL_WORDS = re.compile(
    r"(?:civil|civ\.?|criminal|crim\.?|cr\.?|cv|action|case|docket|cause|index|mdl|adversary|adv\.?\s*pro\.?"
    r"|proceeding|appeal|file|state|misc\w*|misc\.|petition|bankruptcy|bk\.?|matter|civ\.?\s*a\.?|c\.\s?a\.?)\s*$",
    re.I,
)
_OTHER_COURT_HEAD = re.compile(
    r"\b(?:appeal(?:ed|s)?\s+from|on\s+appeal|certiorari\s+to|petition\s+for\s+review|on\s+review\s+from"
    r"|transferred\s+from|removed\s+from)\b",
    re.I,
)
_OTHER_COURT_WINDOW = 8
_THIS_COURT_DATES = re.compile(r"\b(?:Argued|Submitted|Decided)\b")  # "No. 11-889. Argued April 23, 2013"
_ANOTHER_CASE = re.compile(r"\s(?:v\.?|vs\.?)\s+[A-Za-z]", re.I)  # "Roman v. Wolf, Case Nos. …", not "v. ) Case No."
_DISTRICT_FORM = re.compile(r"^\d{1,2}:\d{2}-[A-Za-z]{1,5}-\d")
_BARE_NUMBER = re.compile(r"^(?:\d{2}|\d{4})[-\u2013]\d{3,5}$")
_BARE_LINES = 20
_PROSE_WORDS = 7


def normalise(number: str) -> str:
    """As printed, with dashes made hyphens, spaces collapsed and closing punctuation dropped."""
    number = re.sub(r"[\u2010-\u2015]", "-", number)
    number = re.sub(r"\s*-\s*", "-", " ".join(number.split()))
    return number.strip(" .,;:")


def _plausible(number: str) -> bool:
    digits = sum(ch.isdigit() for ch in number)
    return digits >= 2 and ("-" in number or ":" in number or digits >= 5 or number[0].isalpha())


def core(number: str) -> tuple[str, int] | None:
    """The year and sequence a number is built on ("4:08-cv-02214-SBA" and "C 08-02214 SBA" → ("08", 2214))."""
    match = re.search(r"(?<!\d)(\d{2}|\d{4})-(?:[A-Za-z]{1,5}-)?0*(\d{1,7})(?!\d)", number)
    return (match[1][-2:], int(match[2])) if match else None


def _is_prose(line: str) -> bool:
    words = line.split()
    lower = sum(1 for w in words if w[:1].islower())
    return len(line) >= 50 and lower >= _PROSE_WORDS


def _numbers_in(text: str) -> list[str]:
    found = []
    for match in _ONE.finditer(text):
        number = normalise(match[0])
        if _plausible(number):
            found.append(number)
    return found


def find_docket_numbers(lines: Sequence[str], *, appellate: bool = False) -> list[str]:
    """This court's docket numbers printed in a caption's lines, the first printed first."""
    found: list[str] = []
    other_court_until = -1
    for index, line in enumerate(lines):
        if found and _is_prose(line):
            break
        if _OTHER_COURT_HEAD.search(line):
            other_court_until = index + _OTHER_COURT_WINDOW
        numbers: list[str] = []
        if index < _BARE_LINES and _BARE_NUMBER.match(line):
            numbers = [normalise(line)]
        label_only = _LABEL_AT_END.search(line)
        if label_only and index + 1 < len(lines) and re.fullmatch(NUMBER, lines[index + 1].strip(" .,")):
            head = line[: label_only.start()]
            if not _OTHER_COURT_LABEL.search(head) and _LABEL_WORDS.search(head):
                numbers.extend(_numbers_in(lines[index + 1]))  # "Civil Action No:" / "8:17-cv-01955-GJH"
        for match in _NO.finditer(line):
            head = line[: match.start()]
            label = _LABEL_WORDS.search(head)
            named = _ANOTHER_CASE.search(head[: label.start()] if label else head)
            if _OTHER_COURT_LABEL.search(head) or (named and (found or numbers)):
                continue
            if head.strip(" ])|:[(") and not label and not named:
                continue  # "Bar No. 79258", "Georgia Bar No."
            numbers.extend(_numbers_in(match["nums"]))
            if match["nums"].rstrip().endswith(",") or "," in (match["tail"] or ""):
                numbers.extend(_continued_list(lines, index + 1))
        if index <= other_court_until and not _THIS_COURT_DATES.search(line):
            continue
        for number in numbers:
            if appellate and _DISTRICT_FORM.match(number):
                continue
            if number not in found:
                found.append(number)
    return found


def _continued_list(lines: Sequence[str], start: int) -> list[str]:
    """Numbers of a list broken over lines ("Docket Nos. 19031-13, 27735-13," … "11905-14.")."""
    numbers: list[str] = []
    for line in lines[start : start + 2]:
        if re.fullmatch(r"[\s,&;.]*(?:(?:and\s+)?" + NUMBER + r"[\s,&;.]*)+", line, re.I):
            numbers.extend(_numbers_in(line))
    return numbers


def running_head_numbers(pages_text: Sequence[str], primary: str) -> list[str]:
    """Numbers in a "Nos. 07-30815 & 08-30818" running head at the top of pages 2–3 that lists `primary`."""
    extra: list[str] = []
    for text in pages_text[1:3]:
        top = [line.strip() for line in text.split("\n") if line.strip()][:3]
        for line in top:
            if not re.match(r"^Nos?\.\s", line):
                continue
            numbers = _numbers_in(line[line.index(".") + 1 :])
            if primary in numbers:
                extra.extend(n for n in numbers if n != primary and n not in extra)
    return extra
