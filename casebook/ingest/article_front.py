"""An article's front matter (headline, dek, byline, date lines): recognised, never numbered; author and date read.

The paragraph rule, the same for HTML, MHTML, plain text and Markdown: ¶ 1 is the first paragraph of the body.
Headings (the headline, and section subheads inside the body) are not paragraphs; nor are the kicker above the
headline, the dek (standfirst) under it, the byline, a line that only gives the date ("Published Feb. 12, 2026
at 6:05 AM"), or a dateline standing alone on its line ("WASHINGTON —"). They stay in the page, shown but
unnumbered. Every other block — body paragraph, block quote, list item, table row — is numbered, in order.
Promotional lines ("Read more: …", "Sign up for our newsletter") are not article text and are left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from casebook.ingest.blocks import Block

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LEAD_LIMIT = 10  # front matter is looked for among the first blocks only

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d{{2}})\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d{2})\b"),  # US order
)
_TIME = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.I)
_DATE_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|modified|originally|first|on|at|am|pm|a\.m\.|p\.m\.|edt|est|cdt|cst|"
    r"mdt|mst|pdt|pst|gmt|utc|bst|cet|et|ct|pt|mt|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|today|date)\b\.?",
    re.I,
)
_UPDATED = re.compile(r"\b(?:updated|modified|last\s+edited)\b", re.I)
_PUBLISHED = re.compile(r"\b(?:published|posted|first\s+published|originally\s+published)\b", re.I)

_BYLINE = re.compile(r"^(?:by|written\s+by|story\s+by|words\s+by|reporting\s+by)\s*:?\s+(?=\S)", re.I)
_BYLINE_CUT = re.compile(
    r"\s(?:is|was)\s+(?:an?|the)\s|\s(?:covers|writes|reports|reported)\s|\s[|·•/]\s|\s[—–]\s|\s-\s|\n"
    r"|\b(?:published|updated|posted)\b",
    re.I,
)
_ROLE_WORDS = re.compile(
    r"\b(?:reporter|writer|correspondent|editor|staff|contributor|columnist|producer|journalist|bureau|"
    r"associated\s+press|reuters|news|times|post|journal|radio|press|agency|service|wire|magazine|herald|"
    r"tribune|gazette|ledger|daily|weekly|media|network|online|digital)\b",
    re.I,
)
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÞĀ-Ž][\w’'.-]*|(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|al|el|y|ibn|st\.?))$"
)
_DATELINE_ONLY = re.compile(
    r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z.]+)?(?:\s*\([^()]{1,30}\))?\s*[—–-]*\s*$"
)
_CALL_TO_ACTION = re.compile(
    r"^\s*(?:(?:read\s+more|related|see\s+also|also\s+read|more\s+from|recommended|most\s+read|trending"
    r"|related\s+(?:stories|articles|coverage|links))\s*(?:[:»›→]|$)"
    r"|advertisement\s*$|skip\s+advertisement\s*$|story\s+continues\s+below|continue\s+reading\s*$"
    r"|(?:sign\s+up|subscribe)\b.{0,80}\b(?:newsletter|inbox|email|e-mail)s?\b"
    r"|(?:get|want)\s+(?:our|the)\b.{0,60}\b(?:newsletter|in\s+your\s+inbox)\b"
    r"|click\s+here\s+to\s+(?:subscribe|sign\s+up|read\s+more))",
    re.I,
)


# --- dates ------------------------------------------------------------------------------------------

def _date_from(match: re.Match[str]) -> str | None:
    month_text, day, year = match.group("month"), int(match.group("day")), int(match.group("year"))
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower().rstrip(".")[:3])
    try:
        return dt.date(year, month or 0, day).isoformat()
    except ValueError:
        return None


def printed_dates(text: str) -> list[tuple[int, str]]:
    """(position, ISO date) of every calendar date printed in `text`, in order."""
    found: dict[int, str] = {}
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = _date_from(match)
            if iso and not any(abs(match.start() - at) < 3 for at in found):
                found[match.start()] = iso
    return sorted(found.items())


def publication_date(text: str) -> str | None:
    """The publication date a line prints: after "Published" when it also gives an update, else the first."""
    dates = printed_dates(text)
    if not dates:
        return None
    published = _PUBLISHED.search(text)
    if published:
        after = [iso for at, iso in dates if at >= published.end()]
        if after:
            return after[0]
    updated = _UPDATED.search(text)
    if updated:
        before = [iso for at, iso in dates if at < updated.start()]
        return before[0] if before else None  # "Updated March 3, 2024" alone is not a publication date
    return dates[0][1]


def is_date_line(text: str) -> bool:
    """A short line that only gives a date (and time, weekday, "Published"/"Updated")."""
    if len(text) > 120 or not printed_dates(text):
        return False
    rest = text
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub(" ", rest)
    rest = _DATE_FILLER.sub(" ", _TIME.sub(" ", rest))
    words = re.findall(r"[A-Za-z]{2,}", rest)
    return len(words) <= 1


# --- bylines ----------------------------------------------------------------------------------------

def _join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _is_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and not any(ch.isdigit() for ch in text) and all(_NAME_WORD.match(w) for w in words) \
        and words[0][0].isupper()


def clean_author(value: str | None, *, byline: bool = False) -> str | None:
    """Author names from a byline or author field: "By A and B, Staff Writer" → "A and B"; None if no name.

    A biography ("Phil Helsel is a reporter …"), a role, an outlet and a date after the names are cut off.
    With `byline`, the text must start with "By" (or "Written by", …).
    """
    if not value:
        return None
    text = " ".join(value.replace("\u00a0", " ").split())
    prefix = _BYLINE.match(text)
    if byline and not prefix:
        return None
    text = text[prefix.end():] if prefix else text
    cut = _BYLINE_CUT.search(text)
    if cut:
        text = text[: cut.start()]
    for pattern in _DATE_PATTERNS:
        found = pattern.search(text)
        if found:
            text = text[: found.start()]
    names: list[str] = []
    for piece in re.split(r"[,;]|\s+and\s+|\s*&\s*", text, flags=re.I):
        name = piece.strip(" .,:;")
        if not name or _ROLE_WORDS.search(name):
            continue
        if _is_name(name):
            if name not in names:
                names.append(name)
        elif byline:
            return None  # "By Monday, officials said …" is a sentence, not a byline
    return _join_names(names) if names else None


def is_byline(text: str) -> bool:
    return len(text) <= 200 and clean_author(text, byline=True) is not None


# --- the paragraph rule -------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def is_dateline_only(text: str) -> bool:
    """A dateline alone on its line: "WASHINGTON —", "GARDEN CITY, Kan. —", "LONDON (Reuters) -"."""
    return len(text) <= 60 and bool(_DATELINE_ONLY.match(text)) and bool(re.match(r"^[A-Z]{2,}", text))


def is_call_to_action(text: str) -> bool:
    """A promotional line ("Read more: …", "Sign up for our newsletter", "Advertisement"), never article text."""
    return len(text) <= 200 and bool(_CALL_TO_ACTION.match(text))


def _italic_only(block: Block) -> bool:
    inner = block.html.strip()
    return bool(re.fullmatch(r"<(em|i)>.*</\1>", inner, re.S)) and "</em><em>" not in inner


def _unnumbered(block: Block) -> Block:
    return dataclasses.replace(block, numbered=False)


def _is_headline(block: Block, title_key: str) -> bool:
    return block.tag in HEADINGS or (bool(title_key) and _norm(block.text) == title_key)


def apply_paragraph_rule(blocks: list[Block], *, title: str | None, deks: Iterable[str] = ()) -> list[Block]:
    """The article's blocks with front matter and headings unnumbered and promotional lines removed.

    `title` is the headline as the page's metadata gives it (a block with the same words is the headline even
    when it is not marked as a heading); `deks` are texts the page marks as its dek.
    """
    title_key = _norm(title or "")
    dek_keys = {_norm(d) for d in deks if d and d.strip()}
    kept = [b for b in blocks if b.tag == "tr" or not is_call_to_action(b.text)]
    out: list[Block] = []
    lead = True
    seen_headline = False  # a dek follows the headline
    for index, block in enumerate(kept):
        text = block.text
        if lead and index < _LEAD_LIMIT:
            following = kept[index + 1 : index + 3]
            front = (
                _is_headline(block, title_key)
                or is_byline(text) or is_date_line(text) or is_dateline_only(text)
                or _norm(text) in dek_keys
                or (seen_headline and block.tag == "p" and len(text) <= 400
                    and (_italic_only(block) or any(is_byline(f.text) or is_date_line(f.text) for f in following)))
                or (not seen_headline and len(text) <= 40 and not re.search(r"[.!?]$", text)
                    and any(_is_headline(f, title_key) for f in following[:1]))  # a kicker above the headline
            )
            if front:
                seen_headline = seen_headline or _is_headline(block, title_key)
                out.append(_unnumbered(block))
                continue
            lead = False
        if block.tag in HEADINGS or (block.tag == "p" and (is_dateline_only(text) or is_date_line(text))):
            out.append(_unnumbered(block))
        else:
            out.append(block)
    return out


def _front(blocks: list[Block]) -> list[Block]:
    """The unnumbered blocks before ¶ 1 (after `apply_paragraph_rule`)."""
    front = []
    for block in blocks[:_LEAD_LIMIT]:
        if block.numbered:
            break
        front.append(block)
    return front


def byline_in_blocks(blocks: list[Block]) -> str | None:
    """The author named by a "By …" line in the front matter, if any."""
    for block in _front(blocks):
        author = clean_author(block.text, byline=True) if len(block.text) <= 200 else None
        if author:
            return author
    return None


def date_in_blocks(blocks: list[Block]) -> str | None:
    """The publication date printed in a date line or byline of the front matter, if any."""
    for block in _front(blocks):
        if is_date_line(block.text) or is_byline(block.text):
            found = publication_date(block.text)
            if found:
                return found
    return None


def choose_author(bylines: Iterable[str], blocks: list[Block], fallbacks: Iterable[str | None]) -> str | None:
    """The author as printed: a "By …" byline first, then an author element's name, then the file's metadata."""
    bylines = list(bylines)
    for text in bylines:
        author = clean_author(text, byline=True)
        if author:
            return author
    author = byline_in_blocks(blocks)
    if author:
        return author
    for candidate in (*bylines, *fallbacks):
        author = clean_author(candidate)
        if author:
            return author
    return None


def choose_date(date_texts: Iterable[str], blocks: list[Block], metadata_date: str | None) -> str | None:
    """The publication date printed on the page (a date or byline element, a date line); else the metadata's.

    When the page prints several dates and one of them is the metadata's, that one is taken.
    """
    printed = [found for text in date_texts if (found := publication_date(text))]
    if not printed:
        found = date_in_blocks(blocks)
        printed = [found] if found else []
    if metadata_date and metadata_date in printed:
        return metadata_date
    return printed[0] if printed else metadata_date
