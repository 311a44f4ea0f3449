"""Pre-flight inspection of an exhibit's original: page sizes, unembedded fonts and what will be left behind."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.pdf.active_content import scan_active_content

log = logging.getLogger(__name__)

# A page more than this much larger than the bundle page (either side, in points) counts as oversized.
OVERSIZE_TOLERANCE = 18.0


@dataclass
class OriginalInspection:
    """What pre-flight found in one original PDF."""

    pages: int = 0
    oversized_pages: list[int] = field(default_factory=list)
    rotated_pages: list[int] = field(default_factory=list)
    fonts_not_embedded: list[str] = field(default_factory=list)
    annotations: int = 0  # not carried into the bundle
    form_fields: int = 0
    attachments: int = 0
    javascript: bool = False
    error: str = ""


def inspect_original(path: Path, *, page_size: tuple[float, float]) -> OriginalInspection:
    """Read an original without changing it; a file MuPDF cannot open is reported, not raised."""
    import pymupdf

    found = OriginalInspection()
    try:
        doc: Any = pymupdf.open(path)
    except Exception as exc:
        found.error = f"cannot open: {exc}"
        return found
    with doc:
        found.pages = doc.page_count
        width, height = page_size
        for page in doc:
            rect = page.rect
            if rect.width > width + OVERSIZE_TOLERANCE or rect.height > height + OVERSIZE_TOLERANCE:
                found.oversized_pages.append(page.number + 1)
            if page.rotation:
                found.rotated_pages.append(page.number + 1)
            try:
                found.annotations += sum(1 for a in page.annots() if a.type[1] != "Link")
                found.form_fields += sum(1 for _ in page.widgets())
            except Exception as exc:  # damaged annotations: the page may still render
                log.debug("%s page %d: %s", path, page.number + 1, exc)
        found.attachments = doc.embfile_count()
        found.fonts_not_embedded = sorted(_fonts_not_embedded(doc))
        found.javascript = scan_active_content(doc, limit=_MAX_OBJECTS).javascript_or_unchecked
    return found


_MAX_OBJECTS = 200_000


def _fonts_not_embedded(doc: Any) -> set[str]:
    """One pass over the file's objects: fonts without a font program.

    Cheaper than asking every page for its fonts, which re-reads shared resources once per page.
    """
    fonts: set[str] = set()
    for xref in range(1, min(doc.xref_length(), _MAX_OBJECTS)):
        try:
            source = doc.xref_object(xref, compressed=True)
        except Exception:
            continue
        if "/Type/Font" not in source.replace(" ", "") or "/Type3" in source or "/Type0" in source:
            continue
        descriptor = doc.xref_get_key(xref, "FontDescriptor")
        embedded = False
        if descriptor[0] == "xref":
            target = int(descriptor[1].split()[0])
            embedded = any(doc.xref_get_key(target, key)[0] != "null" for key in ("FontFile", "FontFile2", "FontFile3"))
        if not embedded:
            name = doc.xref_get_key(xref, "BaseFont")[1].lstrip("/")
            fonts.add(name.split("+")[-1] or "(unnamed)")
    return fonts
