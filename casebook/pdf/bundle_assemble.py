"""Assembling a bundle PDF: place pages, stamp them, highlight excerpts, link, label, bookmark, scrub, save.

Original pages are drawn as Form XObjects on fresh pages (`show_pdf_page`), so nothing but their visible
content comes across: no annotations, form fields, actions, attachments or document metadata. What little
could still ride along inside resources (XMP on images, JavaScript or additional-action keys) is removed
by `scrub_objects`, and `bundle_check` proves it is gone after writing.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.core.bundles import BundleError
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressUpdate
from casebook.pdf.bundle_stamp import FORM_NAME, Placement, Rect, Rgb, StampRegions, StampWriter, add_highlight

log = logging.getLogger(__name__)

# Keys that carry scripts, automatic actions, attachments or hidden metadata; never wanted in a filing.
FORBIDDEN_KEYS = ("JS", "JavaScript", "AA", "OpenAction", "EmbeddedFiles", "EmbeddedFile", "Metadata",
                  "Launch", "SubmitForm", "ImportData", "RichMedia", "PieceInfo", "AcroForm", "URI")
PROGRESS_EVERY = 5


@dataclass(frozen=True)
class Source:
    """A PDF to take pages from: a stored original (path) or pages Casebook rendered (bytes)."""

    path: Path | None = None
    data: bytes | None = None


@dataclass(frozen=True)
class Mark:
    """An excerpt highlight on one source page, in that page's displayed coordinates."""

    rects: tuple[Rect, ...]
    colour: Rgb
    content: str
    subject: str


@dataclass(frozen=True)
class OutputPage:
    """One page of the bundle: which source page it shows and what is stamped on it.

    `fit` shrinks an original into the stamp-free content box; our own pages are shown full size.
    `links` are (rectangle in source coordinates, 0-based target page of the bundle).
    """

    source: str
    source_page: int  # 0-based
    fit: bool
    page_number: str
    bates: str = ""
    exhibit: str = ""
    footer: tuple[str, ...] = ()
    marks: tuple[Mark, ...] = ()
    links: tuple[tuple[Rect, int], ...] = ()


@dataclass(frozen=True)
class AssemblyOptions:
    page_size: tuple[float, float]
    metadata: Mapping[str, str]
    page_labels: Sequence[tuple[int, str, int]]  # (first page index, style "r"/"D", first number)
    toc: Sequence[tuple[int, str, int]]  # (level, title, 1-based page)
    pdf_date: str  # "D:20260211000000Z": every date written, so output never depends on the clock
    burn_in: bool = False


@dataclass
class AssemblyResult:
    path: Path
    pages: int
    size: int
    fallbacks: list[str] = field(default_factory=list)  # pages drawn as images because MuPDF could not graft them


def _open_sources(sources: Mapping[str, Source]) -> dict[str, Any]:
    import pymupdf

    opened = {}
    for key, source in sources.items():
        doc = pymupdf.open(source.path) if source.path is not None else pymupdf.open("pdf", source.data)
        opened[key] = doc
    return opened


def _show(page: Any, target: Rect, doc: Any, number: int, fallbacks: list[str], key: str) -> int | None:
    """Draw a source page upright as the viewer shows it (MuPDF ignores /Rotate here, so we undo it ourselves).

    Returns the xref of the Form XObject drawn, or None when the page had to be drawn as an image.
    """
    import pymupdf

    src = doc[number]
    rotation = src.rotation
    try:
        if rotation:
            src.set_rotation(0)  # in memory only: the stored original is never written
        page.show_pdf_page(pymupdf.Rect(target), doc, number, rotate=-rotation)
        # show_pdf_page returns the reusable whole-page form; the page draws a wrapper carrying the placement.
        kind, value = page.parent.xref_get_key(page.xref, f"Resources/XObject/{FORM_NAME}")
        return int(value.split()[0]) if kind == "xref" else None
    except Exception as exc:  # a damaged page MuPDF can render but not graft: keep it as a picture
        log.warning("%s page %d: drawn as an image (%s)", key, number + 1, exc)
        fallbacks.append(f"{key} page {number + 1}: {exc}")
        if rotation:
            src.set_rotation(rotation)
        pix = src.get_pixmap(dpi=150)
        page.insert_image(pymupdf.Rect(target), pixmap=pix, keep_proportion=True)
        return None
    finally:
        if rotation and src.rotation != rotation:
            src.set_rotation(rotation)


def _displayed_size(doc: Any, number: int) -> tuple[float, float]:
    rect = doc[number].rect
    return rect.width, rect.height


def assemble_bundle(pages: Sequence[OutputPage], sources: Mapping[str, Source], options: AssemblyOptions,
                    out_path: Path, *, progress: Callable[[ProgressUpdate], None] | None = None,
                    cancel: CancelToken = NEVER_CANCELLED) -> AssemblyResult:
    """Build the bundle and write it to `out_path` through a temporary file in the same folder."""
    import pymupdf

    width, height = options.page_size
    regions = StampRegions.for_page(width, height)
    opened = _open_sources(sources)
    fallbacks: list[str] = []
    out = pymupdf.open()
    try:
        placements: list[Placement] = []
        stamper = StampWriter(out)
        for index, spec in enumerate(pages):
            cancel.raise_if_cancelled()
            if progress and index % PROGRESS_EVERY == 0:
                progress(ProgressUpdate(index, len(pages), "assembling pages"))
            doc = opened[spec.source]
            size = _displayed_size(doc, spec.source_page)
            target = regions.content if spec.fit else (0.0, 0.0, width, height)
            placement = Placement.fit(size, target, enlarge=not spec.fit)
            page = out.new_page(width=width, height=height)
            form = _show(page, placement.target(size), doc, spec.source_page, fallbacks, spec.source)
            stamper.stamp(page, regions, page_number=spec.page_number, bates=spec.bates, exhibit=spec.exhibit,
                        footer=spec.footer, form=form)
            for mark in spec.marks:
                add_highlight(page, [placement.map(r) for r in mark.rects], colour=mark.colour,
                              content=mark.content, subject=mark.subject, date=options.pdf_date,
                              burn_in=options.burn_in)
            placements.append(placement)
        for index, spec in enumerate(pages):
            page = out[index]
            for rect, target_page in spec.links:
                page.insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(placements[index].map(rect)),
                                  "page": target_page, "to": pymupdf.Point(0, 0), "zoom": 0})
        out.set_page_labels([{"startpage": start, "prefix": "", "style": style, "firstpagenum": first}
                             for start, style, first in options.page_labels])
        out.set_toc([[level, title, page] for level, title, page in options.toc])
        scrub_objects(out)
        out.del_xml_metadata()
        out.set_metadata(dict(options.metadata))
        cancel.raise_if_cancelled()
        written = save_atomically(out, out_path)
        return AssemblyResult(out_path, len(pages), written, fallbacks)
    finally:
        out.close()
        for doc in opened.values():
            doc.close()


def scrub_objects(doc: Any) -> int:
    """Null every script, automatic action, attachment and metadata key in the output; returns how many."""
    removed = 0
    for xref in range(1, doc.xref_length()):
        try:
            keys = doc.xref_get_keys(xref)
        except Exception:  # a free or broken object slot
            continue
        for key in keys:
            if key in FORBIDDEN_KEYS:
                doc.xref_set_key(xref, key, "null")
                removed += 1
    return removed


def save_atomically(doc: Any, out_path: Path) -> int:
    """Write deterministic bytes (no new file ID, fixed object order) to a temp file, then rename into place."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.stem}-", suffix=".part", dir=out_path.parent)
    os.close(fd)
    try:
        try:
            doc.save(tmp_name, garbage=4, deflate=True, no_new_id=True, reproducible=True)
        except Exception as exc:  # MuPDF reports a full or failing disk as its own error type
            free = shutil.disk_usage(out_path.parent).free
            full = free < 1024 * 1024 or "space" in str(exc).lower()
            reason = "No space left on device (the disk is full)" if full else str(exc)
            raise BundleError(f"{out_path}: cannot write the bundle: {reason}; nothing was written") from exc
        size = os.path.getsize(tmp_name)
        os.replace(tmp_name, out_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return size
