"""Case reports as Word documents (python-docx): real tables, caption header, stance colours, page-numbered footer."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from casebook.core.bundles import RELATION_COLOURS
from casebook.core.evidence import Relation
from casebook.export.atomic import replacing

log = logging.getLogger(__name__)

STANCES = (Relation.SUPPORTS, Relation.CONTRADICTS, Relation.QUALIFIES, Relation.CONTEXT)
# A table with more columns than this is set on a landscape page.
PORTRAIT_MAX_COLUMNS = 4
_LETTER = (8.5, 11.0)  # inches
_MARGIN = 0.75


@dataclass(frozen=True)
class ReportHeading:
    """What heads every page: the report's title and the case caption's lines (court, caption, No., filer)."""

    title: str
    caption: tuple[str, ...] = ()
    date: str = ""  # ISO day written as the document's date, so the same case gives the same properties


@dataclass(frozen=True)
class CiteCell:
    """One excerpt in the chart: its stance, pin cite as written in the chart, quote, and bundle place if any."""

    relation: str
    cite: str
    quote: str
    note: str = ""
    bundle: str = ""  # "Bundle p. 5, TRC000005" when charted for a bundle


@dataclass(frozen=True)
class ChartLine:
    """One claim's row of the chart, with the lines that describe it below the table."""

    number: int
    statement: str
    status: str
    asserted_in: str
    cites: tuple[CiteCell, ...] = ()
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutlineItem:
    """A bullet of a list report (cast, issues): text, depth (0 = top), and an optional bold lead."""

    text: str
    depth: int = 0
    lead: str = ""
    section: str = ""  # a heading to start before this item


@dataclass
class TableReport:
    """A report that is one table (the chronology)."""

    columns: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    widths: tuple[float, ...] = ()  # inches per column; empty lets Word share the width out


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _safe(text: str) -> str:
    """Text Word can hold: control characters (from OCR or a damaged text layer) are left out."""
    return _NOT_XML.sub("", text or "")


def _hex(relation: str) -> str:
    red, green, blue = RELATION_COLOURS[Relation(relation)]
    return f"{round(red * 255):02X}{round(green * 255):02X}{round(blue * 255):02X}"


# --- low-level python-docx helpers ---------------------------------------------------------------------------------

def _new_document(heading: ReportHeading, *, landscape: bool) -> Any:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches, Pt

    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Times New Roman"
    styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    width, height = _LETTER
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = Inches(width), Inches(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(_MARGIN))
    _header(section, heading)
    _footer(section)
    props = document.core_properties
    props.title, props.author, props.comments = _safe(heading.title), "Casebook", ""
    props.last_modified_by = "Casebook"
    if heading.date:
        when = datetime.fromisoformat(heading.date[:10])
        props.created = props.modified = when
    document.add_heading(_safe(heading.title), level=0)
    return document


def _header(section: Any, heading: ReportHeading) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header = section.header
    lines = list(heading.caption) or [heading.title]
    first = header.paragraphs[0]
    for n, line in enumerate(lines):
        paragraph = first if n == 0 else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(_safe(line))
        run.bold = n == 0


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _footer(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _table(document: Any, columns: Sequence[str]) -> Any:
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    head = table.rows[0]
    _repeat_header(head)
    for cell, name in zip(head.cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    return table


def _set_widths(table: Any, inches: Sequence[float]) -> None:
    """Fixed column widths (Word otherwise makes every column as wide as the widest)."""
    from docx.shared import Inches

    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, inches, strict=True):
            cell.width = Inches(width)


def _fill(cell: Any, text: str) -> None:
    cell.text = _safe(text)


def _reproducible(data: bytes) -> bytes:
    """The same package with every member's zip time fixed, so the same report gives the same bytes."""
    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            out.writestr(fixed, source.read(info.filename))
    return packed.getvalue()


def save_docx(document: Any, out: Path) -> Path:
    """Write beside the target and rename, so a failed write never leaves half a document."""
    out = Path(out).expanduser()
    buffer = io.BytesIO()
    document.save(buffer)
    with replacing(out) as tmp:
        tmp.write_bytes(_reproducible(buffer.getvalue()))
    return out


# --- reports -------------------------------------------------------------------------------------------------------

CHART_COLUMNS = ("No.", "Claim", "Status", "Asserted in", *(s.value.capitalize() for s in STANCES))
CHART_WIDTHS = (0.45, 2.05, 0.85, 1.15, 1.25, 1.25, 1.25, 1.25)  # inches: 9.5 across a landscape Letter page


def _cite_paragraph(cell: Any, cite: CiteCell, first: bool) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.add_run(_safe(cite.cite)).bold = True
    if cite.bundle:
        paragraph.add_run(_safe(f" ({cite.bundle})"))
    paragraph.add_run(_safe(f": “{cite.quote}”"))
    if cite.note:
        paragraph.add_run(_safe(f" — {cite.note}")).italic = True


def chart_document(heading: ReportHeading, lines: Sequence[ChartLine]) -> Any:
    """The claim–evidence chart: one row per claim, a column per stance in its highlight colour, then each
    claim's particulars under its own heading."""
    document = _new_document(heading, landscape=len(CHART_COLUMNS) > PORTRAIT_MAX_COLUMNS)
    legend = document.add_paragraph("Evidence columns are shaded as the bundle highlights them: ")
    for n, stance in enumerate(STANCES):
        run = legend.add_run(stance.value)
        run.bold = True
        _run_shade(run, _hex(stance.value))
        legend.add_run(", " if n < len(STANCES) - 1 else ".")
    if not lines:
        document.add_paragraph("No claims recorded yet.")
        return document
    table = _table(document, CHART_COLUMNS)
    for stance, cell in zip(STANCES, table.rows[0].cells[4:], strict=True):
        _shade(cell, _hex(stance.value))
    for line in lines:
        cells = table.add_row().cells
        _fill(cells[0], str(line.number))
        _fill(cells[1], line.statement)
        _fill(cells[2], line.status)
        _fill(cells[3], line.asserted_in or "—")
        for stance, cell in zip(STANCES, cells[4:], strict=True):
            cites = [c for c in line.cites if c.relation == stance.value]
            if not cites:
                _fill(cell, "—")
                continue
            _shade(cell, _hex(stance.value))
            for n, cite in enumerate(cites):
                _cite_paragraph(cell, cite, n == 0)
    _set_widths(table, CHART_WIDTHS)
    for line in lines:
        document.add_heading(_safe(f"Claim {line.number}: {line.statement}"), level=2)
        for detail in line.details:
            document.add_paragraph(_safe(detail), style="List Bullet")
    return document


def _run_shade(run: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    run._r.get_or_add_rPr().append(shading)


def table_document(heading: ReportHeading, report: TableReport, *, empty: str = "Nothing recorded yet.") -> Any:
    """A report that is one table (the chronology); landscape when it has many columns."""
    document = _new_document(heading, landscape=len(report.columns) > PORTRAIT_MAX_COLUMNS)
    if not report.rows:
        document.add_paragraph(empty)
        return document
    table = _table(document, report.columns)
    for row in report.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _fill(cell, text)
    if report.widths:
        _set_widths(table, report.widths)
    return document


_BULLETS = ("List Bullet", "List Bullet 2", "List Bullet 3")


def outline_document(
    heading: ReportHeading, items: Sequence[OutlineItem], *, empty: str = "Nothing recorded yet."
) -> Any:
    """A report that is headed lists (cast of characters, issue outline); portrait."""
    document = _new_document(heading, landscape=False)
    if not items:
        document.add_paragraph(empty)
    for item in items:
        if item.section:
            document.add_heading(_safe(item.section), level=1)
        paragraph = document.add_paragraph(style=_BULLETS[min(item.depth, len(_BULLETS) - 1)])
        if item.lead:
            paragraph.add_run(_safe(item.lead)).bold = True
            paragraph.add_run(" ")
        paragraph.add_run(_safe(item.text))
    return document
