"""PyMuPDF's bare text extraction, the reference figure for import benchmarks."""

from __future__ import annotations

from pathlib import Path


def bare_text_extraction(path: Path) -> tuple[int, int]:
    """Extract plain text from every page the simplest way PyMuPDF offers; returns (pages, characters)."""
    import pymupdf

    chars = 0
    with pymupdf.open(path) as doc:
        for page in doc:
            chars += len(page.get_text())
        return doc.page_count, chars
