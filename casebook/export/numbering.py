"""Exhibit labels (A…Z, AA…; 1, 2, 3), roman front-matter numbers and Bates fingerprints."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence

from casebook.core.bundles import ExhibitSource, LabelStyle

log = logging.getLogger(__name__)

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def exhibit_label(index: int, style: LabelStyle) -> str:
    """The label of the `index`-th exhibit (1-based): 1 → "A", 26 → "Z", 27 → "AA", 28 → "AB" (or "1", "2")."""
    if index < 1:
        raise ValueError("exhibits are numbered from 1")
    if style is LabelStyle.NUMERIC:
        return str(index)
    letters = ""
    n = index
    while n:  # bijective base 26, as spreadsheets name columns
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def roman(number: int) -> str:
    """Lower-case roman numerals for front-matter pages: 1 → "i", 4 → "iv", 14 → "xiv"."""
    if number < 1:
        raise ValueError("roman numerals start at 1")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def bates_fingerprint(prefix: str, sources: Sequence[ExhibitSource]) -> str:
    """What a Bates range was issued for: the prefix and the exact pages (originals by hash, in order).

    Regenerating the same production reuses its own range; anything else gets new numbers, so a number
    never names two different pages.
    """
    payload = json.dumps([prefix, [[s.sha256, s.page_count] for s in sources]], separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
