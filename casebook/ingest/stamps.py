"""CM/ECF header stamps: district and bankruptcy docket-entry numbers apart from appellate document IDs.

`EcfStamp.case_number` is the number as stamped without judge initials ("1:25-cv-01234-ABC" → "1:25-cv-01234");
`document_number` is kept as printed ("62-1", "00117684624", "28.1"). A `StampReading` adds what the metadata
needs: the number as printed, whether the stamp is an appellate court's and, if so, the document ID a careful
reader cites it by, and the circuit when the stamp's style names it.

Rule: a stamp is appellate when its case number is not in district form ("1:19-cr-00725") and it is written the
appellate way: "Case:" or "Appeal:" with a colon, "USCA", "DktEntry" or "Entry ID". District and bankruptcy stamps
("Case 1:19-cr-00725-JPO Document 191", "Case 20-10343-LSS Doc 1") give the ECF number; appellate stamps give the
document ID ("Document: 00117684624", "Doc: 17", "DktEntry: 28.1"; the Ninth Circuit's "ID: 11778722" before its
DktEntry) and never an ECF number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from casebook.core.documents import EcfStamp
from casebook.ingest.caption import strip_judge_initials


@dataclass(frozen=True)
class StampReading:
    """One stamp as read: the page's `EcfStamp` plus the printed case number and the appellate reading."""

    stamp: EcfStamp
    printed_case: str  # judge initials kept: "4:08-cv-02214-SBA"
    appellate: bool
    appellate_id: str | None
    circuit: str | None  # "First" … "Eleventh", "Federal", "District of Columbia", when the stamp's style names it


_DISTRICT_FORM = re.compile(r"^\d{1,2}:\d{2}-[A-Za-z]{1,5}-\d")
_APPELLATE_MARK = re.compile(
    r"^\W{0,3}(?:USCA|(?:Appellate\s+)?(?:Case|Appeal)\s*:|Case\s+\S+,\s*Document\b)|\bDktEntry\b|\bEntry\s+ID\b",
    re.I,
)
_NINTH_ID = re.compile(r"(?<!Entry )\bID:\s*(?P<id>\d+)\s*,\s*DktEntry", re.I)
_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh")
# CM/ECF document IDs of some circuits carry the circuit's number: 0011… (1st), 0031… (3rd), 0051… (5th).
_ID_PREFIX = re.compile(r"^00(?P<n>[135])1\d{7,9}$")
_STYLES = (
    (re.compile(r"^\W{0,3}USCA\s+Case\s*#"), "District of Columbia"),  # "USCA Case #20-5143 Document #1849289"
    (re.compile(r"^\W{0,3}Appellate\s+Case:.*\bDocument:\s*0101\d{8}\b"), "Tenth"),
    (re.compile(r"^\W{0,3}Appellate\s+Case:(?!.*\bDocument\b).*\bEntry\s+ID:"), "Eighth"),
    (re.compile(r"^\W{0,3}Case:\s*\S+\s+Document:\s*\S+\s+Filed:\s*\S+\s+Pages:\s*\d+\s*$"), "Seventh"),
    (re.compile(r"^\W{0,3}Case:\s*\S+\s+Document:\s*\S+\s+Page:\s*\d+\s+Filed:"), "Federal"),
)


def _circuit(line: str, appellate_id: str | None) -> str | None:
    """The circuit a stamp's style identifies, or None when the style is shared or unknown."""
    usca = re.match(r"^\W{0,3}USCA(?P<n>\d{1,2})\b", line)
    if usca and 1 <= int(usca["n"]) <= len(_ORDINALS):
        return _ORDINALS[int(usca["n"]) - 1]
    if re.match(r"^\W{0,3}Appeal:\s*\S+\s+Doc:", line):
        return "Fourth"
    if re.search(r"\bEntry\s+ID:", line) and re.search(r"\bDocument:\s*0011", line):
        return "First"
    if _NINTH_ID.search(line):
        return "Ninth"
    if appellate_id and (prefix := _ID_PREFIX.match(appellate_id)):
        return _ORDINALS[int(prefix["n"]) - 1]
    for pattern, circuit in _STYLES:
        if pattern.search(line):
            return circuit
    return None


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
    r"\b(?:Document|Doc|DktEntry|Dkt|ECF)\.?\s*(?:No\.?)?\s*[:#]{0,2}\s*(?P<doc>\d+(?:[-.]\d+)?)\b", re.I
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


def _read_line(line: str) -> tuple[StampReading, int] | None:
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
    document_number = doc["doc"] if doc else (entry["entry"] if entry else "")
    stamp = EcfStamp(
        case_number=strip_judge_initials(head["case"]),
        document_number=document_number,
        filed_date=iso_date(filed["date"]) if filed else None,
        page=int(page["page"]) if page else None,
        page_count=int(count) if count else None,
    )
    appellate = not _DISTRICT_FORM.match(head["case"]) and bool(_APPELLATE_MARK.search(line))
    appellate_id = None
    if appellate:
        ninth = _NINTH_ID.search(rest)
        appellate_id = ninth["id"] if ninth else document_number or None
    reading = StampReading(stamp, head["case"], appellate, appellate_id, _circuit(line, appellate_id))
    return reading, sum(x is not None for x in (doc, filed, page or pages))


def read_stamps(text: str) -> list[StampReading]:
    """Every CM/ECF stamp in the first and last lines of a page, also when split over two lines."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    window: list[int] | range
    if len(lines) <= 2 * _STAMP_WINDOW:
        window = range(len(lines))
    else:
        window = [*range(_STAMP_WINDOW), *range(len(lines) - _STAMP_WINDOW, len(lines))]
    readings: list[StampReading] = []
    for i in window:
        parsed = _read_line(lines[i])
        if _STAMP_HEAD.match(lines[i]) and i + 1 < len(lines) and (parsed is None or parsed[1] < 3):
            joined = _read_line(f"{lines[i]} {lines[i + 1]}")
            if joined and (parsed is None or joined[1] > parsed[1]):
                parsed = joined
        if parsed and parsed[0].stamp not in [r.stamp for r in readings]:
            readings.append(parsed[0])
    return readings


def find_ecf_stamps(text: str) -> list[EcfStamp]:
    """Every CM/ECF stamp in the first and last lines of a page, also when split over two lines."""
    return [reading.stamp for reading in read_stamps(text)]


def _stamp_order(stamp: EcfStamp) -> tuple[str, tuple[int, ...]]:
    numbers = tuple(int(part) for part in re.split(r"[-.]", stamp.document_number) if part.isdigit())
    return stamp.filed_date or "", numbers


def governing_stamp(text: str) -> StampReading | None:
    """The stamp that governs a page: when a page carries two (a proposed order re-filed as the signed order, an
    earlier filing attached as an exhibit) the latest filing wins: latest filed date, then higher document number."""
    readings = read_stamps(text)
    return max(readings, key=lambda reading: _stamp_order(reading.stamp)) if readings else None


def parse_ecf_stamp(text: str) -> EcfStamp | None:
    """The CM/ECF stamp of a page (the governing one when there are several), or None."""
    reading = governing_stamp(text)
    return reading.stamp if reading else None


def is_ecf_stamp_line(line: str) -> bool:
    """True for a stamp line, or the second half of a stamp broken over two lines."""
    line = line.strip()
    if _read_line(line) is not None:
        return True
    return bool(len(line) < 90 and _STAMP_TAIL.match(line) and (_ANY_DATE.search(line) or _PAGE_FIELD.search(line)))


