"""Where bundle stamps go and how they are drawn: page numbers, Bates numbers, exhibit stamps, footers, marks.

The geometry is shared by the assembler (which draws) and the verifier (which reads the same regions back).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Rect = tuple[float, float, float, float]
Rgb = tuple[float, float, float]

# Bands kept free of exhibit content: stamps never cover a word of the original.
TOP_BAND = 24.0
BOTTOM_BAND = 26.0
# Our own pages (HTML) leave room for a two-line capture footer above the stamps.
HTML_MARGINS = (54.0, 54.0, 54.0, 66.0)
STAMP_FONT_SIZE = 9.0
FOOTER_FONT_SIZE = 6.5
_INK = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class StampRegions:
    """Stamp rectangles on a page of the bundle's size."""

    page_number: Rect
    bates: Rect
    exhibit: Rect
    footer: Rect
    content: Rect  # where an original page is fitted

    @classmethod
    def for_page(cls, width: float, height: float) -> StampRegions:
        return cls(
            page_number=(width / 2 - 90, height - BOTTOM_BAND + 4, width / 2 + 90, height - 6),
            bates=(width - 200, height - BOTTOM_BAND + 4, width - 18, height - 6),
            exhibit=(width - 150, 3, width - 18, TOP_BAND - 3),
            footer=(36, height - 50, width - 36, height - BOTTOM_BAND + 2),
            content=(0.0, TOP_BAND, width, height - BOTTOM_BAND),
        )


@dataclass(frozen=True)
class Placement:
    """How a source page (in its displayed coordinates) lands on the bundle page: scale, then offset."""

    scale: float
    dx: float
    dy: float

    @classmethod
    def fit(cls, source_size: tuple[float, float], target: Rect, *, enlarge: bool = False) -> Placement:
        """Fit the displayed source page into `target`, keeping proportions, centred; never enlarged unless asked."""
        width, height = source_size
        tw, th = target[2] - target[0], target[3] - target[1]
        scale = min(tw / width, th / height)
        if not enlarge:
            scale = min(scale, 1.0)
        return cls(scale, target[0] + (tw - width * scale) / 2, target[1] + (th - height * scale) / 2)

    def map(self, rect: Rect) -> Rect:
        s = self.scale
        return (self.dx + rect[0] * s, self.dy + rect[1] * s, self.dx + rect[2] * s, self.dy + rect[3] * s)

    def target(self, source_size: tuple[float, float]) -> Rect:
        return self.map((0.0, 0.0, source_size[0], source_size[1]))


def winansi(text: str) -> str:
    """Text the base-14 fonts can show: anything outside Windows-1252 becomes '?' rather than vanishing."""
    return text.encode("cp1252", errors="replace").decode("cp1252")


_FONTS = {"helv": "Helvetica", "hebo": "Helvetica-Bold"}
FORM_NAME = "fzFrm0"  # what show_pdf_page calls the first Form XObject on a fresh page


def _hex(text: str) -> str:
    return "<" + winansi(text).encode("cp1252").hex() + ">"


class StampWriter:
    """Draws stamps as one small content stream per page over two shared base-14 font objects.

    `insert_text` would re-scan the page's fonts and build a Shape for every string: ten times slower on a
    1,000-page bundle, for the same marks.
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.fonts: dict[str, int] = {}
        for name, base in _FONTS.items():
            xref = doc.get_new_xref()
            doc.update_object(xref, f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>")
            self.fonts[name] = xref

    def _text(self, ops: list[str], height: float, rect: Rect, text: str, *, font: str, size: float,
              align: str) -> None:
        import pymupdf

        width = pymupdf.get_text_length(winansi(text), fontname=font, fontsize=size)
        if align == "right":
            x = rect[2] - width
        elif align == "centre":
            x = (rect[0] + rect[2] - width) / 2
        else:
            x = rect[0]
        baseline = rect[3] - (rect[3] - rect[1] - size) / 2 - size * 0.2
        ops.append(f"BT /Cb{font} {size:g} Tf 1 0 0 1 {x:.2f} {height - baseline:.2f} Tm {_hex(text)} Tj ET")

    def stamp(self, page: Any, regions: StampRegions, *, page_number: str, bates: str, exhibit: str,
              footer: tuple[str, ...], form: int | None = None) -> None:
        """Page number (centre), Bates number (right), exhibit stamp (boxed, top right) and footer lines.

        `form` is the xref of the Form XObject `show_pdf_page` drew on this fresh page: the page's resources and
        contents are then written whole, in two calls, instead of being edited key by key.
        """
        import pymupdf

        height = page.rect.height
        ops = ["q 0 0 0 rg 0 0 0 RG"]
        if page_number:
            self._text(ops, height, regions.page_number, page_number, font="helv", size=STAMP_FONT_SIZE,
                       align="centre")
        if bates:
            self._text(ops, height, regions.bates, bates, font="hebo", size=STAMP_FONT_SIZE, align="right")
        if exhibit:
            _, y0, x1, y1 = regions.exhibit
            width = pymupdf.get_text_length(winansi(exhibit), fontname="hebo", fontsize=11) + 12
            x0 = x1 - width
            ops.append(f"q 1 1 1 rg 1 w {x0:.2f} {height - y1:.2f} {width:.2f} {y1 - y0:.2f} re B Q")
            self._text(ops, height, (x0, y0, x1, y1), exhibit, font="hebo", size=11, align="centre")
        for line_no, line in enumerate(footer[:2]):
            top = regions.footer[1] + line_no * (FOOTER_FONT_SIZE + 2.5)
            rect = (regions.footer[0], top, regions.footer[2], top + FOOTER_FONT_SIZE + 2)
            self._text(ops, height, rect, line, font="helv", size=FOOTER_FONT_SIZE, align="left")
        ops.append("Q")
        stream = self.doc.get_new_xref()
        self.doc.update_object(stream, "<< >>")
        if form is not None:
            fonts = " ".join(f"/Cb{name} {xref} 0 R" for name, xref in self.fonts.items())
            self.doc.xref_set_key(page.xref, "Resources", f"<< /XObject << /{FORM_NAME} {form} 0 R >> "
                                                          f"/Font << {fonts} >> >>")
            self.doc.update_stream(stream, f"q /{FORM_NAME} Do Q\n".encode("ascii") + "\n".join(ops).encode("ascii"))
            self.doc.xref_set_key(page.xref, "Contents", f"{stream} 0 R")
            return
        self._add_fonts(page)
        self.doc.update_stream(stream, "\n".join(ops).encode("ascii"))
        contents = " ".join(f"{x} 0 R" for x in page.get_contents())
        self.doc.xref_set_key(page.xref, "Contents", f"[{contents} {stream} 0 R]")

    def _add_fonts(self, page: Any) -> None:
        kind, value = self.doc.xref_get_key(page.xref, "Resources")
        if kind == "xref":
            owner, prefix = int(value.split()[0]), ""
        else:
            owner, prefix = page.xref, "Resources/"
        font_kind, font_value = self.doc.xref_get_key(owner, prefix + "Font")
        if font_kind == "xref":
            owner, prefix = int(font_value.split()[0]), ""
        else:
            prefix += "Font/"
        for name, xref in self.fonts.items():
            self.doc.xref_set_key(owner, f"{prefix}Cb{name}", f"{xref} 0 R")


def add_highlight(page: Any, rects: list[Rect], *, colour: Rgb, content: str, subject: str, date: str,
                  burn_in: bool) -> None:
    """A printable PDF highlight annotation noting the claim(s), or the same colour burned into the page."""
    import pymupdf

    boxes = [pymupdf.Rect(r) for r in rects if r[2] > r[0] and r[3] > r[1]]
    if not boxes:
        return
    if burn_in:
        for box in boxes:
            page.draw_rect(box, color=None, fill=colour, fill_opacity=0.4, overlay=True)
        return
    annot = page.add_highlight_annot(quads=[b.quad for b in boxes])
    annot.set_colors(stroke=colour)
    annot.set_info(content=content, title="Casebook", subject=subject,
                   creationDate=date, modDate=date)
    annot.set_flags(pymupdf.PDF_ANNOT_IS_PRINT)
    annot.update()
