"""True redaction of a copy of a PDF (never the original), and the proof that nothing redacted can be read back.

Each redaction becomes a PyMuPDF redaction annotation that `apply_redactions` burns in: the text under the box
is deleted, image pixels under it are blanked and vector graphics touching it are removed; the box is filled
black and the partial form FRCP 5.2 allows ("XXX-XX-1234", "1978", "J.D.") is written in it in white. Dark boxes
that already hide readable text (found by `redactions.find_bad_redactions`, the import-time check) are redacted
too. MuPDF can move the rest of a redacted line under the box; a page where any word outside the boxes moved
is rebuilt as a picture with the boxes burned in and an invisible text layer (`redact_layout`), and reported in
`RedactedCopy.rebuilt_pages`. The copy is scrubbed of document metadata, XMP, annotations, attachments and
hidden layers.
`leaks` then reads the written file back (PyMuPDF text and the raw content streams) for any forbidden string,
and `bad_redaction_pages` runs the import-time bad-redaction check on every page.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.pdf.page_content import PageContent
from casebook.pdf.redact_layout import Box, Word, kept_words, moved_words, rebuild_page
from casebook.pdf.redactions import find_bad_redactions

log = logging.getLogger(__name__)

Rect = tuple[float, float, float, float]
BOX_FILL = (0.0, 0.0, 0.0)
BOX_TEXT = (1.0, 1.0, 1.0)
FONT = "helv"
MIN_FONT = 3.0
EXISTING_BOX_RULE = "existing_box"
_PAD = 0.6
_INSET = 0.3  # a glyph is removed when its box touches the redaction: keep clear of the neighbouring letters


class RedactionFailed(Exception):
    """A redaction could not be applied; the redacted copy must not be used."""


@dataclass(frozen=True)
class RedactionSpec:
    """One item to redact on one page (1-based): its boxes, the text it hides and what is written instead."""

    identifier: str
    page: int
    rule: str
    text: str
    replacement: str
    rects: tuple[Rect, ...] = ()
    boxed: bool = False  # the rects are a drawn box (a person's, or a dark box already there): used as they are


@dataclass
class RedactedCopy:
    """The redacted PDF's bytes and every redaction applied, including dark boxes that already hid text."""

    data: bytes
    applied: list[RedactionSpec] = field(default_factory=list)
    rebuilt_pages: list[int] = field(default_factory=list)  # 1-based pages rebuilt as image + text layer


def _fit_size(text: str, rect: Any) -> float:
    import pymupdf

    if not text:
        return 0.0
    size = max(MIN_FONT, min(11.0, (rect.height - 0.5) * 0.85))
    width = pymupdf.get_text_length(text, fontname=FONT, fontsize=size)
    if width > rect.width - 1:
        size = max(MIN_FONT, size * (rect.width - 1) / width)
    return size


def _rects_for(page: Any, spec: RedactionSpec) -> list[Any]:
    """Where to redact: a drawn box as it is; else every place the page's text layer prints the exact text
    (glyph-exact, so the neighbouring letters stay), else the word boxes (an OCRed scan has no text layer)."""
    import pymupdf

    given = [pymupdf.Rect(r) for r in spec.rects]
    if spec.boxed:
        return [r for r in given if not r.is_empty]
    hits = [pymupdf.Rect(q) for q in page.search_for(" ".join(spec.text.split()))] if spec.text.strip() else []
    rects = hits or given
    return [pymupdf.Rect(r.x0 + _INSET, r.y0 - _PAD, r.x1 - _INSET, r.y1 + _PAD) for r in rects if not r.is_empty]


def existing_boxes(page: Any) -> list[tuple[Rect, str]]:
    """Dark boxes on the page with readable text still under them (the import-time bad-redaction check)."""
    return [(r.box, r.text) for r in find_bad_redactions(PageContent.read(page))]


def bad_redaction_pages(pdf: Path | bytes) -> list[tuple[int, str]]:
    """(page, text) for every dark box of the file that still has text under it; empty when the file is clean."""
    import pymupdf

    doc = pymupdf.open(pdf) if isinstance(pdf, Path) else pymupdf.open("pdf", pdf)
    try:
        return [(page.number + 1, text) for page in doc for _box, text in existing_boxes(page)]
    finally:
        doc.close()


def _show_hidden_layers(doc: Any) -> Any:
    """The document with every optional-content layer on, so text kept in a hidden layer is seen, redacted and
    checked (MuPDF applies a changed layer configuration only when the file is opened again)."""
    import pymupdf

    try:
        layers = doc.get_ocgs() or {}
    except Exception:  # a document without optional content
        return doc
    if not layers:
        return doc
    doc.set_layer(-1, on=list(layers), off=[])
    shown = pymupdf.open("pdf", doc.tobytes())
    doc.close()
    return shown


def redact_copy(source: Path | bytes, specs: Sequence[RedactionSpec], *, apply_existing_boxes: bool = True,
                prefix: str = "", tolerate_missing: bool = False) -> RedactedCopy:
    """A redacted copy of `source` as bytes; raises RedactionFailed when any page cannot be redacted.

    `tolerate_missing` skips a spec with no box whose text is not on its page (a re-paginated article)."""
    import pymupdf

    doc = pymupdf.open(source) if isinstance(source, Path) else pymupdf.open("pdf", source)
    try:
        if doc.needs_pass:
            raise RedactionFailed("the PDF is encrypted; it cannot be redacted")
        doc = _show_hidden_layers(doc)
        applied: list[RedactionSpec] = []
        rebuilt: list[int] = []
        original = None  # the document as it was, for rebuilding a page whose text MuPDF moved
        by_page: dict[int, list[RedactionSpec]] = {}
        for spec in specs:
            by_page.setdefault(spec.page, []).append(spec)
        for page in doc:
            number = page.number + 1
            wanted = list(by_page.get(number, ()))
            if apply_existing_boxes:
                for n, (box, text) in enumerate(existing_boxes(page), start=1):
                    wanted.append(RedactionSpec(f"{prefix}P{number}-B{n}", number, EXISTING_BOX_RULE, text, "",
                                                (box,), boxed=True))
            if tolerate_missing:
                wanted = [w for w in wanted if w.rects or _rects_for(page, w)]
            if not wanted:
                continue
            if original is None:
                original = pymupdf.open("pdf", doc.tobytes())
            boxes, kept = _redact_page(page, wanted)
            if moved_words(page, kept):
                rebuilt_page = rebuild_page(doc, original, page.number, boxes, kept, _burn)
                rebuilt.append(number)
                if moved_words(rebuilt_page, kept):
                    log.warning("page %d: the rebuilt text layer does not match the original words", number)
            applied.extend(wanted)
        _scrub(doc)
        return RedactedCopy(doc.tobytes(garbage=4, deflate=True, no_new_id=True), applied, rebuilt)
    except RedactionFailed:
        raise
    except Exception as exc:
        raise RedactionFailed(f"redaction failed: {exc}") from exc
    finally:
        doc.close()
        if original is not None:
            original.close()


def _redact_page(page: Any, specs: Sequence[RedactionSpec]) -> tuple[list[Box], list[Word]]:
    """Burn the specs into the page; returns the boxes drawn and the words outside them as they stood before."""
    boxes: list[Box] = []
    planned = [(spec, _rects_for(page, spec)) for spec in specs]
    for spec, found in planned:
        if not found:
            raise RedactionFailed(f"page {spec.page}: nowhere to put redaction {spec.identifier}")
        # An item printed inside a longer redacted one (an SSN's digits within an account number) is covered
        # by that one's box: a second box on the same glyphs would print both partial forms over each other.
        longer = [r for other, rs in planned if len(other.text) > len(spec.text) and not other.boxed for r in rs]
        rects = [r for r in found if not any(_covers(o, r) for o in longer)]
        whole = "".join(spec.text.split())
        for i, rect in enumerate(rects):
            # Each full occurrence shows the partial form; of one wrapped over lines, only its first part does.
            full = i == 0 or "".join(page.get_textbox(rect).split()) == whole
            text = spec.replacement if full else ""
            boxes.append(Box((rect.x0, rect.y0, rect.x1, rect.y1), text))
    kept = kept_words(page, boxes)
    _burn(page, boxes)
    return boxes, kept


def _burn(page: Any, boxes: Sequence[Box]) -> None:
    """Each box as a redaction annotation (black, its partial form in white), then applied."""
    import pymupdf

    for box in boxes:
        rect = pymupdf.Rect(box.rect)
        page.add_redact_annot(rect, text=box.text or None, fontname=FONT, fontsize=_fit_size(box.text, rect) or 11,
                              align=pymupdf.TEXT_ALIGN_LEFT, fill=BOX_FILL, text_color=BOX_TEXT, cross_out=False)
    apply_redactions(page)


def _covers(outer: Any, inner: Any) -> bool:
    return (outer & inner).get_area() >= 0.8 * max(inner.get_area(), 1e-6)


def apply_redactions(page: Any) -> None:
    """Burn in the page's redaction annotations: text removed, pixels blanked, touching vector graphics removed."""
    import pymupdf

    if not page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                                 graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
                                 text=pymupdf.PDF_REDACT_TEXT_REMOVE):
        raise RedactionFailed(f"page {page.number + 1}: MuPDF applied no redaction")


def _scrub(doc: Any) -> None:
    """Metadata, XMP, annotations, form fields, attachments and layer definitions out of the copy."""
    doc.set_metadata({})
    doc.del_xml_metadata()
    for page in doc:
        for annot in list(page.annots() or ()):
            page.delete_annot(annot)
        for widget in list(page.widgets() or ()):
            page.delete_widget(widget)
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
    catalog = doc.pdf_catalog()
    for key in ("OCProperties", "Metadata", "PieceInfo", "AcroForm", "Names"):
        if doc.xref_get_key(catalog, key)[0] != "null":
            doc.xref_set_key(catalog, key, "null")


# --- proof --------------------------------------------------------------------------------------------------------

_LITERAL = re.compile(rb"\((?:\\.|[^\\)])*\)")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]+)>")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal_text(raw: bytes) -> bytes:
    body = raw[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i : i + 1]
        if ch == b"\\" and i + 1 < len(body):
            nxt = body[i + 1 : i + 2]
            if nxt in b"01234567":
                digits = re.match(rb"[0-7]{1,3}", body[i + 1 :]).group()  # type: ignore[union-attr]
                out.append(int(digits, 8) & 0xFF)
                i += 1 + len(digits)
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += ch
        i += 1
    return bytes(out)


def stream_strings(stream: bytes) -> str:
    """The strings a content stream shows, joined in order (TJ pieces run together), as Latin-1 text."""
    pieces = []
    for m in re.finditer(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]+>(?!>)", stream):
        token = m.group()
        if token.startswith(b"("):
            pieces.append(_literal_text(token))
        else:
            hexdigits = re.sub(rb"\s", b"", token[1:-1])
            if len(hexdigits) % 2:
                hexdigits += b"0"
            try:
                data = bytes.fromhex(hexdigits.decode())
            except ValueError:
                continue
            pieces.append(data.replace(b"\x00", b""))  # two-byte codes of ASCII text
    return b"".join(pieces).decode("latin-1")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _digits_joined(text: str) -> str:
    return re.sub(r"(?<=\d)[\s\-./]+(?=\d)", "", text)


def leaks(pdf: Path | bytes, forbidden: Iterable[tuple[str, str]]) -> list[str]:
    """Where any forbidden string can still be read back: PyMuPDF's text of every page and every raw stream.

    `forbidden` holds (identifier, string) pairs; the problems name the identifier, never the string."""
    import pymupdf

    pairs = [(name, _squash(text)) for name, text in forbidden if _squash(text)]
    wanted = [w for _name, w in pairs]
    names = [name for name, _w in pairs]
    if not wanted:
        return []
    doc = pymupdf.open(pdf) if isinstance(pdf, Path) else pymupdf.open("pdf", pdf)
    found: list[str] = []
    try:
        for page in doc:
            text = page.get_text("text")
            for haystack in {_squash(text), _squash(_digits_joined(text))}:
                for index, w in enumerate(wanted):
                    if w in haystack:
                        found.append(f"page {page.number + 1}: redacted item {names[index]} can still be "
                                     "extracted")
        fonts = _font_programs(doc)
        for xref in range(1, doc.xref_length()):
            try:
                if not doc.xref_is_stream(xref) or xref in fonts:
                    continue
                raw = doc.xref_stream(xref)
            except Exception:
                raw = _raw_inflate(doc, xref)
            if not raw:
                continue
            shown = stream_strings(raw)
            texts = {_squash(shown), _squash(_digits_joined(shown)), _squash(raw.decode("latin-1"))}
            for index, w in enumerate(wanted):
                if any(w in t for t in texts):
                    found.append(f"object {xref}: redacted item {names[index]} is in a raw content stream")
    finally:
        doc.close()
    return list(dict.fromkeys(found))


def _font_programs(doc: Any) -> set[int]:
    """Embedded font programs: their charsets list glyphs in order ("0123456789"), which is no page text."""
    out: set[int] = set()
    for xref in range(1, doc.xref_length()):
        try:
            if doc.xref_get_key(xref, "Type") != ("name", "/FontDescriptor"):
                continue
            for key in ("FontFile", "FontFile2", "FontFile3"):
                kind, value = doc.xref_get_key(xref, key)
                if kind == "xref":
                    out.add(int(value.split()[0]))
        except Exception:  # a damaged object: its stream is checked like any other
            continue
    return out


def _raw_inflate(doc: Any, xref: int) -> bytes:
    try:
        return zlib.decompress(doc.xref_stream_raw(xref))
    except Exception:
        return b""
