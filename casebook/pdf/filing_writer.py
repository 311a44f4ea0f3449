"""Print a FilingSpec as a US district-court filing PDF with a CM/ECF header stamp on every page."""

from __future__ import annotations

import datetime as _dt
import inspect
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from casebook.core.filing_spec import FilingSpec

logger = logging.getLogger(__name__)

# Letter paper, 1-inch margins, 12-point Times, double-spaced body: the shape most district courts require.
PAGE_WIDTH = 612.0
PAGE_HEIGHT = 792.0
MARGIN = 72.0
BODY_SIZE = 12.0
BODY_LEADING = 24.0  # double spacing
SINGLE_LEADING = 14.0  # captions, headings, signature blocks are single-spaced
STAMP_SIZE = 10.0
STAMP_BASELINE = 40.0  # from the top edge, inside the top margin like the real CM/ECF stamp
FOLIO_BASELINE = PAGE_HEIGHT - 44.0
NOTICE_SIZE = 7.0
NOTICE_BASELINE = PAGE_HEIGHT - 24.0
INDENT = 36.0  # first-line indent, where a paragraph number sits
NUMBER_TAB = 72.0  # where the first line's text starts after the number

REGULAR, BOLD, ITALIC = "tiro", "tibo", "tiit"  # base-14 Times: nothing to embed, text stays extractable
_FONT_RESOURCES = (REGULAR, BOLD, ITALIC)

# A line that starts with "12." reads as paragraph 12 to any extractor, so wrapping never leaves one there.
_LOOKS_NUMBERED = re.compile(r"^\(?\d+[.)]$")


@dataclass(frozen=True)
class _Run:
    x: float
    baseline: float  # from the top edge
    text: str
    font: str
    size: float


@dataclass
class _Page:
    runs: list[_Run] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)


class _Metrics:
    """Advance widths of the base-14 Times faces, cached per word so long filings wrap quickly."""

    def __init__(self) -> None:
        import pymupdf

        self._fonts = {name: pymupdf.Font(name) for name in _FONT_RESOURCES}
        self._chars: dict[tuple[str, str], float] = {}
        self._words: dict[tuple[str, str], float] = {}

    def _char(self, font: str, char: str) -> float:
        key = (font, char)
        width = self._chars.get(key)
        if width is None:
            # Characters WinAnsi cannot encode print as "?", so measure them as "?".
            printable = char if _encodable(char) else "?"
            width = self._fonts[font].glyph_advance(ord(printable))
            self._chars[key] = width
        return width

    def width(self, text: str, font: str, size: float) -> float:
        key = (font, text)
        em = self._words.get(key)
        if em is None:
            em = sum(self._char(font, c) for c in text)
            if len(self._words) < 200_000:
                self._words[key] = em
        return em * size


def _encodable(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _winansi_hex(text: str) -> str:
    # The base-14 fonts are written with /WinAnsiEncoding, so cp1252 bytes are exactly the glyph codes;
    # this keeps §, ¶, curly quotes and dashes intact in the extracted text.
    return text.encode("cp1252", errors="replace").hex()


class _Composer:
    """Flows lines down pages, starting a new page when the next line would cross the bottom margin."""

    def __init__(self, metrics: _Metrics) -> None:
        self.metrics = metrics
        self.pages: list[_Page] = [_Page()]
        self.top = MARGIN
        self.bottom = PAGE_HEIGHT - MARGIN
        self.y = self.top
        self.headings: list[tuple[str, int]] = []

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    @property
    def at_page_top(self) -> bool:
        return self.y <= self.top

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = self.top

    def room(self, height: float) -> bool:
        return self.y + height <= self.bottom

    def ensure(self, height: float) -> None:
        if not self.at_page_top and not self.room(height):
            self.new_page()

    def line(self, text: str, *, x: float, font: str = REGULAR, size: float = BODY_SIZE,
             leading: float = BODY_LEADING) -> None:
        # A line needs its ascent and descent (about one font size) below the cursor, not the full leading.
        self.ensure(size * 1.25)
        if text:
            self.page.runs.append(_Run(x, self.y + size, text, font, size))
        self.y += leading

    def centred(self, text: str, *, font: str = REGULAR, size: float = BODY_SIZE,
                leading: float = SINGLE_LEADING, left: float = MARGIN,
                right: float = PAGE_WIDTH - MARGIN) -> None:
        for piece in self.wrap(text, right - left, font=font, size=size):
            width = self.metrics.width(piece, font, size)
            self.line(piece, x=left + (right - left - width) / 2, font=font, size=size, leading=leading)

    def wrap(self, text: str, width: float, *, font: str = REGULAR, size: float = BODY_SIZE,
             first_width: float | None = None) -> list[str]:
        """Greedy word wrap; `first_width` is the room on the first line (after an indent or number)."""
        words = text.split()
        if not words:
            return []
        space = self.metrics.width(" ", font, size)
        lines: list[list[str]] = [[]]
        used = 0.0
        limit = first_width if first_width is not None else width
        for word in words:
            w = self.metrics.width(word, font, size)
            current = lines[-1]
            if current and used + space + w > limit:
                carried: list[str] = []
                if _LOOKS_NUMBERED.match(word) and len(current) > 1:
                    carried = [current.pop()]
                lines.append([*carried, word])
                limit = width
                used = sum(self.metrics.width(c, font, size) + space for c in lines[-1]) - space
            else:
                used = used + space + w if current else w
                current.append(word)
        return [" ".join(line) for line in lines]


def _lay_out(spec: FilingSpec, metrics: _Metrics) -> _Composer:
    doc = _Composer(metrics)
    left, right = MARGIN, PAGE_WIDTH - MARGIN
    width = right - left
    for court_line in spec.court:
        doc.centred(court_line, font=BOLD)
    doc.y += SINGLE_LEADING
    _caption(doc, spec)
    doc.y += SINGLE_LEADING
    doc.centred(spec.title, font=BOLD)
    doc.headings.append((spec.title, len(doc.pages)))
    doc.y += SINGLE_LEADING
    for text in spec.preamble:
        _body_paragraph(doc, text, indent=INDENT, width=width)
    for number, paragraph in enumerate(spec.paragraphs, start=1):
        if paragraph.heading:
            _heading(doc, paragraph.heading)
        _numbered_paragraph(doc, number, paragraph.text, width=width)
    if spec.closing_heading:
        _heading(doc, spec.closing_heading)
    for text in spec.closing:
        _body_paragraph(doc, text, indent=INDENT, width=width)
    _signature(doc, spec.signature)
    return doc


def _caption(doc: _Composer, spec: FilingSpec) -> None:
    """Parties on the left closed by a ruled box, the case number on the right, as DC captions look."""
    middle = PAGE_WIDTH / 2
    left_width = middle - MARGIN - 12.0
    rows: list[tuple[str, float]] = []
    for party in spec.plaintiffs:
        rows += [(line, MARGIN) for line in doc.wrap(party, left_width)]
    if spec.plaintiffs:
        rows += [("", MARGIN), (spec.plaintiff_role, MARGIN + 72.0), ("", MARGIN)]
    rows += [("v.", MARGIN + 36.0), ("", MARGIN)]
    for party in spec.defendants:
        rows += [(line, MARGIN) for line in doc.wrap(party, left_width)]
    if spec.defendants:
        rows += [("", MARGIN), (spec.defendant_role, MARGIN + 72.0)]
    height = (len(rows) + 1) * SINGLE_LEADING
    if height > doc.bottom - doc.y:
        raise ValueError("the caption does not fit on the first page")
    top = doc.y
    for text, x in rows:
        doc.line(text, x=x, leading=SINGLE_LEADING)
    bottom = doc.y + 4.0
    doc.page.rules.append((MARGIN, bottom, middle, bottom))
    doc.page.rules.append((middle, top - 4.0, middle, bottom))
    number_lines = doc.wrap(spec.caption_case_number, PAGE_WIDTH - MARGIN - middle - 18.0)
    y = top + (bottom - top - len(number_lines) * SINGLE_LEADING) / 2
    for i, text in enumerate(number_lines):
        baseline = y + BODY_SIZE + i * SINGLE_LEADING
        doc.page.runs.append(_Run(middle + 18.0, baseline, text, REGULAR, BODY_SIZE))
    doc.y = bottom + SINGLE_LEADING


def _heading(doc: _Composer, heading: str) -> None:
    lines = [line for line in heading.split("\n") if line.strip()]
    # Keep the heading with the first line of what it heads.
    doc.ensure(len(lines) * SINGLE_LEADING + SINGLE_LEADING + BODY_LEADING)
    if not doc.at_page_top:
        doc.y += SINGLE_LEADING / 2
    doc.headings.append((" ".join(line.strip() for line in lines), len(doc.pages)))
    for i, line in enumerate(lines):
        doc.centred(line, font=BOLD, leading=SINGLE_LEADING if i < len(lines) - 1 else BODY_LEADING)


def _body_paragraph(doc: _Composer, text: str, *, indent: float, width: float) -> None:
    for i, line in enumerate(doc.wrap(text, width, first_width=width - indent)):
        doc.line(line, x=MARGIN + (indent if i == 0 else 0.0))


def _numbered_paragraph(doc: _Composer, number: int, text: str, *, width: float) -> None:
    label = f"{number}."
    space = doc.metrics.width(" ", REGULAR, BODY_SIZE)
    label_width = doc.metrics.width(label, REGULAR, BODY_SIZE)
    # Spaces, not a positioning jump, carry the first line to the tab stop: text extractors split a line
    # at a wide gap, and "1." must stay on the same extracted line as the words it numbers.
    pad = " " * max(1, round((NUMBER_TAB - INDENT - label_width) / space))
    lead = label + pad
    first_width = width - INDENT - doc.metrics.width(lead, REGULAR, BODY_SIZE)
    lines = doc.wrap(text, width, first_width=first_width) or [""]
    for i, line in enumerate(lines):
        if i == 0:
            doc.line(lead + line, x=MARGIN + INDENT)
        else:
            doc.line(line, x=MARGIN)


def _signature(doc: _Composer, lines: tuple[str, ...]) -> None:
    if not lines:
        return
    # A signature block is never split from itself across a page break.
    doc.ensure(SINGLE_LEADING * (len(lines) + 1))
    if not doc.at_page_top:
        doc.y += SINGLE_LEADING
    x = PAGE_WIDTH / 2
    for line in lines:
        # An empty line is the gap left for a wet signature or between "Respectfully submitted," and "/s/".
        for piece in doc.wrap(line, PAGE_WIDTH - MARGIN - x) or [""]:
            doc.line(piece, x=x, leading=SINGLE_LEADING)


def _page_furniture(spec: FilingSpec, page: _Page, number: int, page_count: int, metrics: _Metrics) -> None:
    """Add the ECF stamp, the folio and the notice, which need the final page count."""
    stamp = spec.stamp_text(number, page_count)
    stamp_width = metrics.width(stamp, REGULAR, STAMP_SIZE)
    page.runs.insert(0, _Run((PAGE_WIDTH - stamp_width) / 2, STAMP_BASELINE, stamp, REGULAR, STAMP_SIZE))
    folio = str(number)
    page.runs.append(_Run((PAGE_WIDTH - metrics.width(folio, REGULAR, BODY_SIZE)) / 2, FOLIO_BASELINE,
                          folio, REGULAR, BODY_SIZE))
    if spec.notice:
        notice_width = metrics.width(spec.notice, ITALIC, NOTICE_SIZE)
        page.runs.append(_Run((PAGE_WIDTH - notice_width) / 2, NOTICE_BASELINE, spec.notice, ITALIC,
                              NOTICE_SIZE))


def _content_stream(page: _Page) -> bytes:
    parts = ["BT"]
    current: tuple[str, float] | None = None
    for run in page.runs:
        if (run.font, run.size) != current:
            parts.append(f"/{run.font} {run.size:g} Tf")
            current = (run.font, run.size)
        parts.append(f"1 0 0 1 {run.x:.2f} {PAGE_HEIGHT - run.baseline:.2f} Tm <{_winansi_hex(run.text)}> Tj")
    parts.append("ET")
    if page.rules:
        parts.append("0.6 w 0 G")
        for x0, y0, x1, y1 in page.rules:
            parts.append(f"{x0:.2f} {PAGE_HEIGHT - y0:.2f} m {x1:.2f} {PAGE_HEIGHT - y1:.2f} l S")
    return "\n".join(parts).encode("ascii")


def _pdf_date(iso: str) -> str:
    day = _dt.date.fromisoformat(iso) if iso else _dt.date(2000, 1, 1)
    return day.strftime("D:%Y%m%d000000Z")


def write_filing(spec: FilingSpec, out_path: Path) -> int:
    """Write `spec` as a PDF at `out_path` (atomically) and return its page count.

    Layout runs first, in pure Python, so the total page count is known when each page's
    "Page k of N" stamp is printed. Pages share one resource dictionary of base-14 fonts and get one
    hand-built content stream each: that keeps a 1,000-page filing to about a second. The same spec always
    gives the same bytes (fixed dates, no random file ID).
    """
    import pymupdf

    metrics = _Metrics()
    composer = _lay_out(spec, metrics)
    page_count = len(composer.pages)
    doc = pymupdf.open()
    try:
        resources = 0
        for number, page_layout in enumerate(composer.pages, start=1):
            _page_furniture(spec, page_layout, number, page_count, metrics)
            page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
            if not resources:
                fonts = " ".join(f"/{name} {page.insert_font(fontname=name)} 0 R" for name in _FONT_RESOURCES)
                resources = doc.get_new_xref()
                doc.update_object(resources, f"<< /Font << {fonts} >> >>")
            doc.xref_set_key(page.xref, "Resources", f"{resources} 0 R")
            contents = doc.get_new_xref()
            doc.update_object(contents, "<< >>")
            doc.update_stream(contents, _content_stream(page_layout))
            doc.xref_set_key(page.xref, "Contents", f"{contents} 0 R")
        created = _pdf_date(spec.filed_date)
        metadata = spec.metadata()
        doc.set_metadata({
            "title": spec.title,
            "author": metadata.author or "",
            "subject": f"{spec.ecf_case_number}, ECF No. {spec.ecf_document_number}",
            "keywords": spec.notice,
            "creator": "Casebook filing writer",
            "producer": "Casebook",
            "creationDate": created,
            "modDate": created,
        })
        doc.set_toc([[1, title, page] for title, page in composer.headings if title])
        _save_atomically(doc, Path(out_path))
    finally:
        doc.close()
    logger.debug("wrote %s: %d pages", out_path, page_count)
    return page_count


def _save_atomically(doc: object, out_path: Path) -> None:
    options: dict[str, object] = {"garbage": 3, "deflate": True, "no_new_id": True}
    # Newer PyMuPDF can also drop anything time- or address-dependent MuPDF itself would write.
    if "reproducible" in inspect.signature(doc.save).parameters:  # type: ignore[attr-defined]
        options["reproducible"] = True
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".filing-", suffix=".pdf", dir=out_path.parent)
    os.close(fd)
    try:
        doc.save(tmp_name, **options)  # type: ignore[attr-defined]
        os.replace(tmp_name, out_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
