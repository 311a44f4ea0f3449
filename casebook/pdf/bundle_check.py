"""Reading a written bundle back for verification: text, stamps, labels, links, bookmarks and hidden content."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.pdf.active_content import scan_active_content
from casebook.pdf.bundle_assemble import FORBIDDEN_KEYS
from casebook.pdf.bundle_stamp import StampRegions
from casebook.pdf.text import reconstruct_page_text, text_flags

log = logging.getLogger(__name__)

_ALLOWED_ANNOTATIONS = {"Highlight", "Link"}


@dataclass(frozen=True)
class PageReading:
    """One page as written: its label, the text in its stamp regions, links and annotations."""

    index: int
    label: str
    page_number_text: str
    bates_text: str
    exhibit_text: str
    links: tuple[tuple[tuple[float, float, float, float], int], ...]  # (rect, target page index)
    annotations: tuple[tuple[str, int, str], ...]  # (type, flags, content)


@dataclass
class BundleReading:
    """What verification needs from the written file."""

    page_count: int
    pages: list[PageReading]
    texts: dict[int, str]  # full reconstructed text of the pages asked for (0-based index)
    metadata: dict[str, str]
    xml_metadata: str
    toc: list[tuple[int, str, int]]
    embedded_files: int
    encrypted: bool
    forbidden: list[str] = field(default_factory=list)  # "xref 12: /JS"
    page_sizes: set[tuple[int, int]] = field(default_factory=set)


def _inside(word: Any, rect: Any) -> bool:
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return rect[0] <= cx <= rect[2] and rect[1] <= cy <= rect[3]


def _words_in(words: Any, rect: Any) -> str:
    return " ".join(w[4] for w in words if _inside(w, rect))


def read_bundle(path: Path, *, text_clips: Mapping[int, tuple[float, float, float, float]] | None = None,
                stamped: Iterable[int] = ()) -> BundleReading:
    """Open a written bundle and read what verification checks.

    Pages in `text_clips` (0-based index -> rectangle) also get their text inside that rectangle, rebuilt the
    way import builds page text, so stamps around the content never split a quote. Exhibit stamps are read on
    those pages and on `stamped` ones.
    """
    import pymupdf

    wanted = dict(text_clips or {})
    stamped = set(stamped)
    with pymupdf.open(path) as doc:
        pages: list[PageReading] = []
        texts: dict[int, str] = {}
        sizes: set[tuple[int, int]] = set()
        labels = [page.get_label() for page in doc]
        for index, page in enumerate(doc):
            regions = StampRegions.for_page(page.rect.width, page.rect.height)
            sizes.add((round(page.rect.width), round(page.rect.height)))
            links = tuple((tuple(link["from"]), link.get("page", -1)) for link in page.get_links())
            annots = tuple((a.type[1], a.flags, a.info.get("content", "")) for a in page.annots())
            # Text extraction dominates verification: full text only where a quote is checked, else the stamp bands.
            if index in wanted:
                words = page.get_text("words", flags=text_flags())
                texts[index] = reconstruct_page_text([w for w in words if _inside(w, wanted[index])]).text
            else:
                bottom = (0, regions.page_number[1] - 2, page.rect.width, page.rect.height)
                words = page.get_text("words", clip=pymupdf.Rect(bottom), flags=text_flags())
                if index in stamped:
                    words += page.get_text("words", clip=pymupdf.Rect(regions.exhibit), flags=text_flags())
            pages.append(PageReading(
                index=index, label=labels[index], page_number_text=_words_in(words, regions.page_number),
                bates_text=_words_in(words, regions.bates), exhibit_text=_words_in(words, regions.exhibit),
                links=links, annotations=annots,
            ))
        forbidden = scan_active_content(doc, FORBIDDEN_KEYS).found
        return BundleReading(
            page_count=doc.page_count, pages=pages, texts=texts,
            metadata={k: v for k, v in doc.metadata.items() if k not in ("format", "encryption")},
            xml_metadata=doc.get_xml_metadata() or "", toc=[tuple(t[:3]) for t in doc.get_toc(simple=True)],
            embedded_files=doc.embfile_count(), encrypted=bool(doc.is_encrypted or doc.metadata.get("encryption")),
            forbidden=forbidden, page_sizes=sizes,
        )


def unexpected_annotations(reading: BundleReading) -> list[str]:
    """Annotations that are not ours or that hide themselves (hidden, no-view flags)."""
    import pymupdf

    hidden = pymupdf.PDF_ANNOT_IS_HIDDEN | pymupdf.PDF_ANNOT_IS_NO_VIEW | pymupdf.PDF_ANNOT_IS_INVISIBLE
    problems = []
    for page in reading.pages:
        for kind, flags, _ in page.annotations:
            if kind not in _ALLOWED_ANNOTATIONS:
                problems.append(f"page {page.label}: a {kind} annotation that Casebook did not make")
            elif flags & hidden:
                problems.append(f"page {page.label}: a hidden {kind} annotation")
    return problems
