"""Page furniture: running headers and footers, CM/ECF stamps, pleading-paper line numbers and page numbers.

Furniture is found line by line in the page text (lines joined by "\\n"). The rules are conservative: only
lines at the top or bottom edge of a page count (scanning inwards stops at the first line of the body), and a
line is a running header or footer only when the same line sits at the same edge of other pages. Everything
else is text of the filing.

* CM/ECF stamps (`stamps.find_ecf_stamps`) among the first and last lines, also broken over two lines.
* Page numbers: one folio ("2", "- 2 -", "Page 2 of 9", "[*2]") and one other page mark ("Exh. B - 2",
  "5–8") per edge; a Tax Court star page ("[*5]") at the start of the first body line.
* Running headers and footers: the same edge line on at least two pages and on half the pages that could
  carry it (page 1 is not counted for headers: it carries the caption, which later pages may repeat); its
  numbers are the same on every page ("Nos. 07-30815 & 08-30818") or, in a short line, move with the page.
  Pages whose edges repeat entirely are repeated content, not headers. At the top of a page also a line
  printed twice side by side (a two-up transcript page) and an exhibit sticker right above the stamp.
* Pleading paper: the margin's 1–28 column, extracted as a block of lone numbers (anywhere on the page; the
  edges are read without it) or as a number before the text of each line.

`FurnitureFinder` reads a document in two passes (a survey, then each page's ranges), so that a long document
is never held whole: running lines are decided between the passes from a few numbers kept per page.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from casebook.ingest import paragraphs as _paragraphs  # its page-number and pleading-paper rules
from casebook.ingest import stamps as _stamps
from casebook.ingest.frequent_keys import count_key
from casebook.ingest.stamps import find_ecf_stamps, is_ecf_stamp_line

# Edge lines examined for page numbers and running headers/footers (stamps may sit a little deeper).
_EDGE_LINES = 4
_STAMP_WINDOW = 6
_STAR_PAGE = re.compile(r"^\[\*\d{1,4}\]\s*")
_LONE_NUMBER = re.compile(r"^\d{1,2}$")
_EXHIBIT_STICKER = re.compile(r"^(?:EXHIBIT|Exhibit)\s+[A-Z0-9]{1,3}$")  # above the stamp, as filed
_PAGE_RANGE = re.compile(r"^\d{1,4}\s?[-–]\s?\d{1,4}$")  # "5–8": the pages of a condensed transcript
_PLEADING_MAX = 32
_PLEADING_RUN = 10
# A running line whose number moves with the page is short ("Smith Decl. - 5"); a longer one is body text that
# happens to mention a number ("The clinic served 2 hundred taxpayers …" at the top of page 2).
_MOVING_MAX_WORDS = 6


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str  # stripped; never blank (blank lines are skipped)


def _lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(_Line(offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


_NUMBER = re.compile(r"\d+")


def _key(line: str) -> str:
    """A line compared across pages: lower case, every number one "#", spacing ignored."""
    return " ".join(_NUMBER.sub("#", line.lower()).split())


def _is_page_number(line: str) -> bool:
    return bool(_paragraphs._FOOTER.match(line) or _PAGE_RANGE.match(line))


def _stamp_lines(lines: list[_Line]) -> set[int]:
    """The CM/ECF stamp lines among the first and last lines of a page."""
    window = sorted(set(range(min(_STAMP_WINDOW, len(lines))))
                    | set(range(max(0, len(lines) - _STAMP_WINDOW), len(lines))))
    found: set[int] = set()
    for i in window:
        text = lines[i].text
        if not _stamps._STAMP_HEAD.match(text):  # cheap: only a line that starts like a stamp is read as one
            continue
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        # The second half of a stamp broken over two lines ("Filed 02/03/09 Page 2 of 2") only under its head.
        tail = bool(following) and not _stamps._STAMP_HEAD.match(following) and is_ecf_stamp_line(following)
        if find_ecf_stamps(text):
            found.add(i)
            if tail:
                found.add(i + 1)
        elif tail and find_ecf_stamps(f"{text}\n{following}"):
            found.update((i, i + 1))
    return found


def _eligible(line: str) -> bool:
    """A line that may be a running header or footer: some words, not a bare number or punctuation."""
    if len(line) > 160:
        return False
    letters = 0
    for ch in line:
        letters += ch.isalpha()
        if letters >= 3:
            return True
    return False


def _edge_candidates(lines: list[_Line], stamps: set[int], *, top: bool) -> list[tuple[int, str]]:
    """Indexes of the edge lines (from the edge inwards) that are not stamps or page numbers.

    A line repeated side by side (the headers of a two-up transcript page) counts once towards the limit.
    """
    order = range(len(lines)) if top else range(len(lines) - 1, -1, -1)
    found: list[tuple[int, str]] = []
    keys: set[str] = set()
    for i in order:
        if i in stamps or _is_page_number(lines[i].text):
            continue
        key = _key(lines[i].text)
        found.append((i, key))
        keys.add(key)
        if len(keys) >= _EDGE_LINES:
            break
    return found


def _edge_entries(lines: list[_Line], stamps: set[int], *, top: bool) -> list[tuple[str, int, tuple[int, ...]]]:
    """(key, line index, numbers) of the edge lines of one page that may be running headers (top) or footers."""
    entries = []
    for i, key in _edge_candidates(lines, stamps, top=top):
        text = lines[i].text
        if _eligible(text):
            entries.append((key, i, tuple(int(n) for n in _NUMBER.findall(text)[:8])))
    return entries


_Member = tuple[int, int, tuple[int, ...]]  # (page index, line index, the line's numbers)


def _running_members(key: str, members: list[_Member], threshold: int, *, top: bool) -> list[_Member]:
    """The members of one group of alike edge lines that are running lines (none when too few pages carry them).

    Each of the lines' numbers is either the same on every page ("Nos. 07-30815 & 08-30818") or, in a short
    line, moves with the page ("Smith Decl. - 5"); body lines that merely look alike ("Line 25 … request 25")
    do neither.
    """

    def pages_counted(chosen: list[_Member]) -> int:
        # Page 1 carries the caption, which later pages may repeat: it never makes a header running.
        return len({index for index, _, _ in chosen if not (top and index == 0)})

    if pages_counted(members) < threshold:
        return []
    keep = members
    short = len(key.split()) <= _MOVING_MAX_WORDS  # the key keeps the line's words, numbers as "#"
    for position in range(len(members[0][2])):
        keep = [m for m in keep if len(m[2]) > position]  # a literal "#" in one line: its key has one number fewer
        constant = Counter(m[2][position] for m in keep).most_common(1)[0]
        moving = Counter(m[2][position] - m[0] for m in keep).most_common(1)[0]
        if constant[1] >= moving[1] or not short:
            keep = [m for m in keep if m[2][position] == constant[0]]
        else:
            keep = [m for m in keep if m[2][position] - m[0] == moving[0]]
    return keep if pages_counted(keep) >= threshold else []


# Keys tracked while surveying one edge. A running line sits on at least half the pages that count, and a page
# offers at most _EDGE_LINES keys per edge, so any running key occurs more often than 1/(_TRACKED_KEYS + 1) of
# all the keys offered (needs _TRACKED_KEYS + 1 > 2 * _EDGE_LINES): the Misra–Gries summary keeps every one.
_TRACKED_KEYS = 32
_BIG = 2**63


class _EdgeSurvey:
    """One edge (top or bottom) of every page, surveyed in page order: a few numbers per candidate line.

    Per page it keeps only the hash of each candidate line's key, its line index and its numbers, in flat
    arrays; the keys themselves are kept only for the few lines frequent enough to be running lines.
    """

    def __init__(self, *, top: bool) -> None:
        self.top = top
        self.eligible_pages = 0
        self._tracked: dict[str, int] = {}  # Misra–Gries counters: key -> pages (an underestimate)
        self._page = array("i")
        self._line = array("i")
        self._hash = array("q")
        self._numbers_end = array("i")
        self._numbers = array("q")
        self._big: dict[int, tuple[int, ...]] = {}  # entries with a number too large for the array

    def add(self, index: int, lines: list[_Line], stamps: set[int]) -> None:
        if not lines:
            return
        counted = not (self.top and index == 0)
        self.eligible_pages += counted
        keys = set()
        for key, i, numbers in _edge_entries(lines, stamps, top=self.top):
            keys.add(key)
            if all(-_BIG <= n < _BIG for n in numbers):
                self._numbers.extend(numbers)
            else:
                self._big[len(self._page)] = numbers
            self._page.append(index)
            self._line.append(i)
            self._hash.append(hash(key))
            self._numbers_end.append(len(self._numbers))
        if counted:
            for key in keys:
                self._count(key)

    def _count(self, key: str) -> None:
        count_key(self._tracked, key, _TRACKED_KEYS)

    def running(self) -> array:
        """The running lines as sorted codes `page index << 32 | line index`."""
        threshold = max(2, (self.eligible_pages + 1) // 2)
        keys = {hash(key): key for key in self._tracked}
        groups: dict[int, list[_Member]] = {}
        for entry, hashed in enumerate(self._hash):
            if hashed in keys:
                numbers = self._big.get(entry)
                if numbers is None:
                    numbers = tuple(self._numbers[self._numbers_end[entry - 1] if entry else 0:
                                                  self._numbers_end[entry]])
                groups.setdefault(hashed, []).append((self._page[entry], self._line[entry], numbers))
        found = sorted({index << 32 | i for hashed, members in groups.items()
                        for index, i, _ in _running_members(keys[hashed], members, threshold, top=self.top)})
        return array("q", found)


def _pleading_column(lines: list[_Line]) -> set[int]:
    """The lines of a pleading-paper margin extracted as its own block: lone numbers 1, 2, 3, … in a row."""
    column: set[int] = set()
    i = 0
    while i < len(lines):
        if lines[i].text == "1":
            j = i
            while j + 1 < len(lines) and lines[j + 1].text == str(j + 2 - i) and j + 2 - i <= _PLEADING_MAX:
                j += 1
            if j - i + 1 >= _PLEADING_RUN:
                column.update(range(i, j + 1))
                i = j + 1
                continue
        i += 1
    return column


def _pleading_ranges(lines: list[_Line]) -> list[tuple[int, int]]:
    """Pleading-paper line numbers printed before the text of each line."""
    ranges: list[tuple[int, int]] = []
    # Numbers printed before the text on most lines, counting from 1 again on every page.
    numbered = [_paragraphs._Line(line.start, line.end, line.text) for line in lines]
    leading = [int(m[1]) for line in lines if (m := _paragraphs._LEADING_LINE_NUMBER.match(line.text))]
    if leading and min(leading) <= 3 and _paragraphs._is_pleading_paper(numbered):
        for line in lines:
            match = _paragraphs._LEADING_LINE_NUMBER.match(line.text)
            if match and 1 <= int(match[1]) <= _PLEADING_MAX:
                ranges.append((line.start, line.start + len(match[1])))
            elif _LONE_NUMBER.match(line.text) and 1 <= int(line.text) <= _PLEADING_MAX:
                ranges.append((line.start, line.end))  # an empty numbered line
    return ranges


def _edge_ranges(lines: list[_Line], stamp_lines: set[int], running: set[int], *,
                 top: bool) -> list[tuple[int, int]]:
    """Furniture from one edge inwards: stamps, running lines and one page number, up to the first body line.

    At the top also a line printed twice side by side and an exhibit sticker right above the stamp.

    When every edge line examined for running lines is one (pages repeating the same text, not a header), none
    of them is taken: only stamps and page numbers are.
    """
    ranges: list[tuple[int, int]] = []
    order = range(len(lines)) if top else range(len(lines) - 1, -1, -1)
    forms_seen: set[bool] = set()  # one bare folio ("2") and one other page mark ("Exh. B - 2") per edge
    if len(running) >= _EDGE_LINES and len({_key(lines[i].text) for i in running}) >= _EDGE_LINES:
        running = set()
    if top:
        # A two-up (condensed transcript) page prints each mini-page's header side by side: the same line twice.
        window = min(len(lines), 3 * _EDGE_LINES) - 1
        twins = [i for i in range(window) if lines[i].text == lines[i + 1].text and _eligible(lines[i].text)]
        running = running | set(twins) | {i + 1 for i in twins}
        # An exhibit sticker ("EXHIBIT 4") printed above the CM/ECF stamp of the filed exhibit.
        running |= {i for i in range(min(2, len(lines) - 1))
                    if i + 1 in stamp_lines and _EXHIBIT_STICKER.match(lines[i].text)}
    for i in order:
        line = lines[i]
        if i in stamp_lines or i in running:
            ranges.append((line.start, line.end))
            continue
        bare = line.text.isdigit()
        if bare not in forms_seen and _is_page_number(line.text):
            forms_seen.add(bare)
            ranges.append((line.start, line.end))
            continue
        if top and (star := _STAR_PAGE.match(line.text)):
            ranges.append((line.start, line.start + len(star.group().rstrip())))  # "[*5] corresponding …"
        break
    return ranges


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _read_page(text: str) -> tuple[list[_Line], set[int], list[_Line], set[int]]:
    """A page's lines, its pleading-paper margin column, the lines without that column and their stamp lines."""
    all_lines = _lines(text)
    # A pleading-paper margin column is furniture wherever it sits; the edges are read without it (lines keep
    # their offsets in the page text, so ranges found on the remaining lines hold).
    column = _pleading_column(all_lines)
    lines = [line for i, line in enumerate(all_lines) if i not in column] if column else all_lines
    return all_lines, column, lines, _stamp_lines(lines)


class FurnitureFinder:
    """A document's furniture in two passes over its page texts, holding a few numbers per page, not the pages.

    Pass one: `survey` every page, in page order. Pass two: `ranges` of any page surveyed, given its text again.
    Running headers and footers are decided between the passes, from the whole document.
    """

    def __init__(self) -> None:
        self.pages = 0
        self._edges = (_EdgeSurvey(top=True), _EdgeSurvey(top=False))
        self._running: tuple[array, array] | None = None

    def survey(self, text: str) -> None:
        if self._running is not None:
            raise RuntimeError("every page is surveyed before the first page's furniture is asked for")
        _, _, lines, stamps = _read_page(text)
        for edge in self._edges:
            edge.add(self.pages, lines, stamps)
        self.pages += 1

    def ranges(self, index: int, text: str) -> list[tuple[int, int]]:
        """The [start, end) character ranges of the furniture of page `index` (0-based), in text order."""
        if self._running is None:
            self._running = (self._edges[0].running(), self._edges[1].running())
        all_lines, column, lines, stamp_lines = _read_page(text)
        headers, footers = (_lines_of_page(codes, index) for codes in self._running)
        ranges = [(line.start, line.end) for i, line in enumerate(all_lines) if i in column]
        ranges += [(lines[i].start, lines[i].end) for i in stamp_lines]
        ranges += _edge_ranges(lines, stamp_lines, headers, top=True)
        ranges += _edge_ranges(lines, stamp_lines, footers, top=False)
        ranges += _pleading_ranges(lines)
        return _merge(ranges)


def _lines_of_page(codes: array, index: int) -> set[int]:
    first = bisect_left(codes, index << 32)
    last = bisect_left(codes, (index + 1) << 32, first)
    return {code & 0xFFFFFFFF for code in codes[first:last]}


def find_furniture(pages_text: Sequence[str]) -> list[list[tuple[int, int]]]:
    """For each page, the [start, end) character ranges of its furniture, in text order."""
    finder = FurnitureFinder()
    for text in pages_text:
        finder.survey(text)
    return [finder.ranges(index, text) for index, text in enumerate(pages_text)]
