"""A filing's own date and its basis: filed (stamp or "FILED" line), else decided, entered, dated or signed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from casebook.core.documents import DateBasis

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "June 13, 2013", "Oct 02, 2019", "11 February 2022", "2/2/09", "2010-02-05", "15th day of July, 2025"
DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?{_MONTH},?\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_WORDY = re.compile(
    rf"^(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}}))$",
    re.I,
)


def parse_date(text: str, *, today: date | None = None) -> str | None:
    """A printed date ("June 13, 2013", "11 February 2022", "2/2/09", "2010-02-05") as ISO, or None."""
    text = " ".join(text.split()).strip(" .,;()")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", text):
            month, day, year = (int(part) for part in text.split("/"))
            if year < 100:
                current = (today or date.today()).year % 100
                year += 2000 if year <= current + 1 else 1900
            return date(year, month, day).isoformat()
        match = _WORDY.match(text)
        if match is None:
            return None
        month_name = (match["m1"] or match["m2"]).lower()[:3]
        day = int(match["d1"] or match["d2"])
        year = int(match["y1"] or match["y2"])
        return date(year, _MONTH_NUMBERS[month_name], day).isoformat()
    except (ValueError, KeyError):
        return None


# Each basis with the printed forms that state it. "Filed" must open a line (or follow "(") so that prose such
# as "the motion was filed on May 1, 2020" is not read as the filing date, and its date must follow on the same
# line unless it is a clerk's "FILED" stamp in capitals (a table's "Date Filed" column is not a filing date).
_SPACED_FILED = r"F\s?I\s?L\s?E\s?D"
_PATTERNS: tuple[tuple[DateBasis, re.Pattern[str]], ...] = (
    (DateBasis.FILED, re.compile(
        rf"(?:^|\()[ \t]*(?:{_SPACED_FILED}\s*:?\s*|(?:(?:Date|Opinion|Order|Judgment)[ \t]+)?Filed[ \t]*:?[ \t]*)"
        rf"(?P<date>{DATE})", re.M)),
    (DateBasis.DECIDED, re.compile(rf"(?:^|[\s—–-])(?:Decided|DECIDED)\s*:?\s*(?P<date>{DATE})", re.M)),
    (DateBasis.ENTERED, re.compile(
        rf"^\s*(?:ENTERED|Entered)\s*:?\s*(?:(?:on|ON)\s+(?:the\s+)?(?:docket|Docket|DOCKET)\s*:?\s*)?(?:on\s+)?"
        rf"(?P<date>{DATE})", re.M)),
    (DateBasis.DATED, re.compile(  # "Dated: March 3, 2024"; "Dated: New York, New York" then the date
        rf"^\s*(?:DATED|Dated|Date:)\s*(?:this\s+)?:?\s*(?:[A-Z][A-Za-z .]{{1,30}},\s*[A-Z][A-Za-z .]{{1,30}}\n\s*)?"
        rf"(?P<date>{DATE})", re.M)),
    (DateBasis.SIGNED, re.compile(rf"^\s*(?:SIGNED|Signed)\s*(?:on|this)?\s*:?\s*(?P<date>{DATE})", re.M)),
)
_PAGES_FROM_START = 3
_PAGES_FROM_END = 2


def _pages_to_read(pages_text: Sequence[str]) -> list[str]:
    count = len(pages_text)
    chosen = list(range(min(count, _PAGES_FROM_START)))
    chosen += [i for i in range(max(0, count - _PAGES_FROM_END), count) if i not in chosen]
    return [pages_text[i] for i in chosen]


def find_document_date(
    pages_text: Sequence[str], *, stamp_filed: str | None = None
) -> tuple[str | None, DateBasis | None]:
    """The document's date and basis: the filing stamp's date, else the first printed "Filed", "Decided",
    "Entered", "Dated" or "Signed" date in the first three and last two pages, in that order of preference."""
    if stamp_filed:
        return stamp_filed, DateBasis.FILED
    texts = _pages_to_read(pages_text)
    for basis, pattern in _PATTERNS:
        for text in texts:
            for match in pattern.finditer(text):
                found = parse_date(match["date"])
                if found:
                    return found, basis
    return None, None
