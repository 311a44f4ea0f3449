"""Page furniture: running headers and footers, CM/ECF stamps, pleading-paper line numbers and page numbers."""

from __future__ import annotations

from collections.abc import Sequence


def find_furniture(pages_text: Sequence[str]) -> list[list[tuple[int, int]]]:
    """For each page, the [start, end) character ranges of its furniture, in text order."""
    return [[] for _ in pages_text]
