"""Fixtures for OCR tests: scanned-like PDFs (text rasterised into an image, no text layer) and cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from tests.conftest import import_one, needs_tesseract  # noqa: F401 (shared; imported from here by these tests)

PAGE_WIDTH, PAGE_HEIGHT = 612, 792
LINE_HEIGHT = 20
FONT_SIZE = 13

ECF_STAMP = "Case 1:25-cv-01234-ABC Document 12 Filed 05/02/25 Page 1 of 1"
DECLARATION = [
    "DECLARATION OF MARIA ROMO",
    "1. I am the director of a legal clinic for low-income taxpayers.",
    "2. The memorandum permits requests for the addresses of taxpayers.",
    "3. Our clients fear that filing a return will expose them to removal.",
]
SECOND_PAGE = [
    "4. Confidential return information is protected by section 6103.",
    "5. I declare under penalty of perjury that the foregoing is true.",
]


@dataclass
class ScannedPage:
    """What a page showed before it was rasterised: its lines and the words with their boxes."""

    lines: list[str]
    words: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    hidden: str | None = None  # invisible text layered over the scan (a bad OCR layer)
    native: str | None = None  # visible text kept as real text over the scan (an ECF stamp)
    text_layer: bool = False  # an ordinary text page, not a scan


def _draw_lines(page: pymupdf.Page, lines: list[str], *, top: float = 100) -> None:
    for i, line in enumerate(lines):
        page.insert_text((72, top + LINE_HEIGHT * i), line, fontsize=FONT_SIZE, fontname="tiro")


def make_pdf(path: Path, pages: list[ScannedPage], *, dpi: int = 200) -> Path:
    """Build a PDF whose pages are scans (an image of the lines, no text layer) unless `text_layer` is set."""
    out = pymupdf.open()
    for spec in pages:
        source = pymupdf.open()
        original = source.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        _draw_lines(original, spec.lines)
        spec.words = [w[:5] for w in original.get_text("words")]
        page = out.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        if spec.text_layer:
            _draw_lines(page, spec.lines)
        else:
            pixmap = original.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            page.insert_image(page.rect, pixmap=pixmap)
        if spec.native:
            page.insert_text((72, 40), spec.native, fontsize=9, fontname="helv")
        if spec.hidden:
            page.insert_text((72, 600), spec.hidden, fontsize=11, fontname="helv", render_mode=3)
        source.close()
    out.save(path)
    out.close()
    return path
