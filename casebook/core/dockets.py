"""Docket entries and the rules that tie one to the filing it dockets (same case, same entry number)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# "1:25-cv-01234-ABC", "25-cv-1234", "3:19-bk-40210-MSH": office code, year, case type, sequence, judge initials.
_DISTRICT = re.compile(r"(?<![\w:-])(?:(\d{1,2})[:-])?(\d{2})-?([a-z]{1,4})-?(\d{1,6})(?:-[a-z]{1,4})*(?![\w-])", re.I)
# "17-15589", "2009-1361", "ED108783": appellate and other numbers compared as printed, leading zeros aside.
_NUMBER_PREFIX = re.compile(r"^(?:case\s+)?(?:nos?\.?|number|#)\s*:?\s*", re.I)
# An ECF number "62", "62-1" (attachment 1 to entry 62), "62.1".
_ECF_MAIN = re.compile(r"^\s*(\d{1,6})(?:\s*[-.]\s*\d+)?\s*$")
_SEQUENCE_ID = re.compile(r"\[(\d{6,})\]")


@dataclass(frozen=True)
class DocketEntry:
    """One row of a docket sheet as printed: entry number (None for unnumbered minute entries), dates, text."""

    position: int  # 1-based order on the sheet
    number: str | None
    date_filed: str | None  # ISO yyyy-mm-dd
    text: str
    case_number: str | None = None  # the docket's case number, as the sheet prints it
    date_entered: str | None = None  # ISO yyyy-mm-dd, from "(Entered: 09/17/2002)"
    pacer_document_id: str | None = None  # the document link's ID (".../doc1/04501234001"), when the sheet has one

    def short_text(self, limit: int = 80) -> str:
        """The docket text cut at a word boundary to about `limit` characters, with an ellipsis when cut."""
        text = " ".join(self.text.split())
        if len(text) <= limit:
            return text
        cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
        return f"{cut}…"


def docket_key(number: str | None) -> tuple[str, ...] | None:
    """A docket number reduced for comparison: no "No.", no judge initials, no leading zeros, lower case.

    "1:25-cv-01234-ABC" and "No. 1:25-cv-1234" give the same key; an office code ("1:") is kept apart so that a
    number printed without one still matches (see `same_case`).
    """
    if not number:
        return None
    text = _NUMBER_PREFIX.sub("", number.strip()).strip().rstrip(".,;")
    district = _DISTRICT.search(text)  # also inside "Civil Action No. 1:25-cv-01234 (ABC)"
    if district:
        office, year, kind, sequence = district.groups()
        return ("district", office or "", year, kind.lower(), str(int(sequence)))
    parts = [p.lstrip("0") or "0" if p.isdigit() else p.lower() for p in re.split(r"[-\s]+", text) if p]
    return ("other", *parts) if parts else None


def same_case(first: str | None, second: str | None) -> bool:
    """True when two printed docket numbers name the same case (judge initials, "No." and zero padding aside)."""
    a, b = docket_key(first), docket_key(second)
    if a is None or b is None:
        return False
    if a[0] == b[0] == "district":
        return a[2:] == b[2:] and (not a[1] or not b[1] or a[1] == b[1])
    return a == b


def ecf_main_number(ecf: str | None) -> str | None:
    """The docket-entry number an ECF number belongs to: "62-1" (an attachment) → "62"; "62" → "62"."""
    match = _ECF_MAIN.match(ecf or "")
    return str(int(match.group(1))) if match else None


@dataclass(frozen=True)
class FilingRef:
    """What a filing's metadata says about where it sits on a docket."""

    document_id: int
    title: str
    docket_numbers: tuple[str, ...]
    ecf_document_number: str | None
    appellate_document_id: str | None


def _same_id(first: str, second: str) -> bool:
    return first.lstrip("0") == second.lstrip("0") and first.strip("0") != ""


def entry_matches(entry: DocketEntry, filing: FilingRef) -> bool:
    """True when `filing` is the document docketed as `entry`: the same case, and the entry's number.

    District and bankruptcy filings match by ECF number (an attachment "62-1" belongs to entry 62). Appellate
    filings match when their document ID is the entry number ("Doc: 17"), the sheet's link ID for the entry,
    or the sequence ID the sheet prints in brackets ("[10479792]", the "ID:" of a Ninth Circuit stamp).
    """
    if not any(same_case(entry.case_number, number) for number in filing.docket_numbers):
        return False
    if entry.number is not None and ecf_main_number(filing.ecf_document_number) == str(int(entry.number)):
        return True
    appellate = (filing.appellate_document_id or "").strip()
    if not appellate:
        return False
    if entry.number is not None and ecf_main_number(appellate) == str(int(entry.number)) and len(appellate) <= 8:
        return True
    if entry.pacer_document_id and _same_id(appellate, entry.pacer_document_id):
        return True
    return any(_same_id(appellate, found) for found in _SEQUENCE_ID.findall(entry.text))


def link_entries(entries: Iterable[DocketEntry], filings: Iterable[FilingRef]) -> list[FilingRef | None]:
    """The filing each entry dockets (the first imported, when the same filing was imported twice), or None."""
    candidates = list(filings)
    return [next((f for f in candidates if entry_matches(entry, f)), None) for entry in entries]
