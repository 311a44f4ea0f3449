"""Read a saved PACER / CM/ECF docket report: its caption (case number, court, name, date) and its entries.

The entries also stay in the page text, row by row, where search finds them. Case numbers are recorded without
the judge-initials suffix ("1:02-cv-07300-GBD-SN" → "1:02-cv-07300"), the form courts use across documents and
ECF headers. An entry is a table row whose first cell is a date ("04/28/2025") followed by a cell with the entry
number (empty for unnumbered minute entries) and, last, the docket text: the layout of district, bankruptcy and
appellate CM/ECF reports alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from casebook.core.dockets import DocketEntry

# Phrases PACER puts at the top of district and appellate docket reports.
_DISTRICT_HEADER = re.compile(r"\b(?:CIVIL|CRIMINAL|BANKRUPTCY)?\s*DOCKET FOR CASE #:\s*(\S+)", re.I)
_APPELLATE_HEADER = re.compile(r"Court of Appeals Docket #:\s*(\S+)", re.I)
_GENERIC_MARKERS = re.compile(r"\bGeneral Docket\b|\bDocket Report\b|\bDocket Sheet\b", re.I)
_DISTRICT_NUMBER = re.compile(r"\b(\d{1,2}:\d{2}-[a-z]{1,4}-\d{2,6})(?:-[A-Z]{1,4})*\b", re.I)
_APPELLATE_NUMBER = re.compile(r"\b(\d{2}-\d{3,6})\b")
_COURT_LINE = re.compile(
    r"^(United States Court of Appeals for the [A-Za-z .]+Circuit"
    r"|U\.S\. (?:District|Bankruptcy) Court\b.*|United States (?:District|Bankruptcy) Court\b.*)$",
    re.M,
)
_DISTRICT_LINE = re.compile(
    r"^((?:Eastern|Western|Northern|Southern|Middle|Central)?\s*District of [A-Z][^\n(]*)", re.M
)
_CASE_NAME = re.compile(r"^([^\n:|]{2,200}?\S)\s+v\.?\s+([^\n:|]{2,200})$", re.M)
_ET_AL = re.compile(r",?\s+et\s+al\.?", re.I)
_FILED = re.compile(r"\b(?:Date Filed|Docketed):\s*(\d{2})/(\d{2})/(\d{4})")


@dataclass(frozen=True)
class DocketCaption:
    """What the top of a docket report says about the case."""

    case_number: str | None
    court: str | None
    case_name: str | None
    filed_date: str | None  # ISO yyyy-mm-dd


def looks_like_docket(*, title: str | None, text: str) -> bool:
    """True for a CM/ECF or appellate docket report saved from PACER."""
    top = text[:8000]
    if _DISTRICT_HEADER.search(top) or _APPELLATE_HEADER.search(top):
        return True
    return bool(title and re.search(r"\bDocket\b", title) and _GENERIC_MARKERS.search(top))


def _case_number(text: str) -> str | None:
    top = text[:8000]
    for header, pattern in ((_DISTRICT_HEADER, _DISTRICT_NUMBER), (_APPELLATE_HEADER, _APPELLATE_NUMBER)):
        match = header.search(top)
        if match:
            number = pattern.search(match.group(1))
            if number:
                return number.group(1)
            return match.group(1).strip()
    number = _DISTRICT_NUMBER.search(top)
    return number.group(1) if number else None


def _court(text: str) -> str | None:
    top = text[:4000]
    match = _COURT_LINE.search(top)
    if not match:
        return None
    court = match.group(1).strip()
    district = _DISTRICT_LINE.search(top[match.end() : match.end() + 200])
    if district and "District of" not in court:
        # "U.S. District Court" over "Southern District of New York (Foley Square)": drop the division.
        court = f"{court}, {district.group(1).strip()}"
    return court


def _case_name(text: str) -> str | None:
    match = _CASE_NAME.search(text[:8000])
    if not match:
        return None
    name = f"{match.group(1)} v. {match.group(2)}"
    return " ".join(_ET_AL.sub("", name).split())


def _filed_date(text: str) -> str | None:
    match = _FILED.search(text[:8000])
    if not match:
        return None
    month, day, year = match.groups()
    return f"{year}-{month}-{day}"


def read_caption(text: str) -> DocketCaption:
    """Caption facts found in the page text of a docket report (any of them may be None)."""
    return DocketCaption(
        case_number=_case_number(text),
        court=_court(text),
        case_name=_case_name(text),
        filed_date=_filed_date(text),
    )


_ROW_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ENTRY_NUMBER = re.compile(r"^(\d{1,6})(?:\s|$)")
_ENTERED = re.compile(r"[(\[]\s*Entered:\s*(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
_DOCUMENT_LINK = re.compile(r"/docs?1/(\d+)")


def _iso(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    month, day, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _text_pieces(element: etree._Element, out: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in ("script", "style"):
        return
    if tag == "br":
        out.append(" ")
    if tag:
        out.append(element.text or "")
    for child in element:
        _text_pieces(child, out)
        out.append(child.tail or "")


def _cell_text(cell: etree._Element) -> str:
    pieces: list[str] = []
    _text_pieces(cell, pieces)
    return " ".join("".join(pieces).replace("\u00a0", " ").split())


def _entry(row: etree._Element, position: int, case_number: str | None) -> DocketEntry | None:
    cells = [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
    if len(cells) < 3:
        return None
    texts = [_cell_text(cell) for cell in cells]
    date_at = next((i for i in (0, 1) if _ROW_DATE.match(texts[i])), None)
    if date_at is None:
        return None
    number_at = next((i for i in range(3) if i != date_at and (not texts[i] or _ENTRY_NUMBER.match(texts[i]))), None)
    text = texts[-1]
    if number_at is None or number_at == len(texts) - 1 or not text:
        return None
    number_match = _ENTRY_NUMBER.match(texts[number_at])
    link = None
    for anchor in cells[number_at].iter("a", "A"):
        found = _DOCUMENT_LINK.search(anchor.get("href") or "")
        if found:
            link = found.group(1)
            break
    entered = _ENTERED.search(text)
    return DocketEntry(
        position=position,
        number=str(int(number_match.group(1))) if number_match else None,
        date_filed=_iso(_ROW_DATE.match(texts[date_at])),
        text=text,
        case_number=case_number,
        date_entered=_iso(entered) if entered else None,
        pacer_document_id=link,
    )


def read_entries(tree: etree._Element, *, case_number: str | None) -> list[DocketEntry]:
    """The docket entries of a docket report's parsed HTML, in the order the sheet lists them."""
    entries: list[DocketEntry] = []
    for row in tree.iter("tr", "TR"):
        if row.find(".//tr") is not None:
            continue  # a layout row wrapping a nested table; its own rows are visited in turn
        entry = _entry(row, len(entries) + 1, case_number)
        if entry is not None:
            entries.append(entry)
    return entries
