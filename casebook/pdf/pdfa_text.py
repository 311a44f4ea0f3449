"""Keeping a bundle's text readable through Ghostscript: font text maps put back, and pages compared after."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

# Ghostscript 10.0 (its new PDF interpreter) loses text mappings two ways: a ToUnicode range is rewritten with
# a truncated target ("“" read back as "<", "ﬁ" as "û"), and a simple TrueType font re-embedded as a one-byte
# Type 0 font gets no ToUnicode at all ("’" read back as "\x92" or "Õ"). Character codes are kept, so the source
# font's own map, found on the same pages, gives the text back.

_SECTION = re.compile(r"beginbf(char|range)(.*?)endbf\1", re.S)
_TOKEN = re.compile(r"<([0-9A-Fa-f]*)>|(\[)|(\])")
_CODESPACE = re.compile(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", re.S)
_BASE_ENCODINGS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
_SIMPLE = {"/Type1", "/MMType1", "/TrueType", "/Type3"}


def _utf16(hex_text: str) -> str:
    try:
        return bytes.fromhex(hex_text).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return ""


def _tokens(body: str) -> list[str | list[str]]:
    tokens: list[str | list[str]] = []
    array: list[str] | None = None
    for hex_text, opening, closing in _TOKEN.findall(body):
        if opening:
            array = []
        elif closing:
            tokens.append(array or [])
            array = None
        elif array is not None:
            array.append(hex_text)
        else:
            tokens.append(hex_text)
    return tokens


def parse_to_unicode(cmap: str) -> dict[int, str]:
    """Code -> text of a ToUnicode CMap (bfchar and both bfrange forms)."""
    found: dict[int, str] = {}
    for kind, body in _SECTION.findall(cmap):
        tokens = _tokens(body)
        step = 2 if kind == "char" else 3
        for i in range(0, len(tokens) - step + 1, step):
            group = tokens[i:i + step]
            if not isinstance(group[0], str) or not group[0]:
                continue
            if kind == "char":
                if isinstance(group[1], str):
                    found[int(group[0], 16)] = _utf16(group[1])
                continue
            low, high, target = int(group[0], 16), int(str(group[1]) or "0", 16), group[2]
            for n, code in enumerate(range(low, min(high, low + 0xFFFF) + 1)):
                if isinstance(target, list):
                    if n < len(target):
                        found[code] = _utf16(target[n])
                elif target:
                    found[code] = _utf16(f"{int(target, 16) + n:0{len(target)}x}")
    return found


def cmap_bytes(mapping: Mapping[int, str], code_bytes: int = 2) -> bytes:
    """A ToUnicode CMap for `mapping`, with codes of `code_bytes` bytes."""
    digits = 2 * code_bytes
    top = "F" * digits
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo <</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", f"<{'0' * digits}> <{top}>", "endcodespacerange"]
    items = sorted((c, t) for c, t in mapping.items() if t and c < 16 ** digits)
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{code:0{digits}x}> <{text.encode('utf-16-be').hex()}>" for code, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end", ""]
    return "\n".join(lines).encode("ascii")


@dataclass
class _Font:
    xref: int
    name: str  # BaseFont without its subset tag; "" for Type 3
    subtype: str
    pages: set[int]
    to_unicode: int | None  # xref of its ToUnicode stream
    code_bytes: int
    mapping: dict[int, str]


def _encoding_map(doc: Any, xref: int) -> dict[int, str]:
    """Code -> text from a simple font's /Encoding (base encoding and Differences)."""
    kind, value = doc.xref_get_key(xref, "Encoding")
    base, differences = "", ""
    if kind == "name":
        base = value
    elif kind in ("dict", "xref"):
        target = xref if kind == "dict" else int(value.split()[0])
        key = "Encoding/BaseEncoding" if kind == "dict" else "BaseEncoding"
        base = doc.xref_get_key(target, key)[1]
        differences = doc.xref_get_key(target, "Encoding/Differences" if kind == "dict" else "Differences")[1]
    mapping: dict[int, str] = {}
    codec = _BASE_ENCODINGS.get(base)
    for code in range(32, 256):
        if codec:
            try:
                mapping[code] = bytes([code]).decode(codec).replace("\xad", "-")  # as MuPDF reads a soft hyphen
            except UnicodeDecodeError:
                continue
        elif code < 127:  # StandardEncoding: ASCII but for the curly single quotes
            mapping[code] = {0x27: "’", 0x60: "‘"}.get(code, chr(code))
    if differences:
        import pymupdf

        code = 0
        for token in re.findall(r"\d+|/[^\s/\[\]]+", differences):
            if token.isdigit():
                code = int(token)
                continue
            char = pymupdf.glyph_name_to_unicode(token[1:])
            if char and char != 0xFFFD:
                mapping[code] = chr(char)
            code += 1
    return mapping


def _fonts(doc: Any, *, with_encodings: bool) -> dict[int, _Font]:
    fonts: dict[int, _Font] = {}
    for page in doc:
        for entry in page.get_fonts(full=True):
            xref = entry[0]
            if xref in fonts:
                fonts[xref].pages.add(page.number)
                continue
            subtype = doc.xref_get_key(xref, "Subtype")[1]
            name = doc.xref_get_key(xref, "BaseFont")[1].lstrip("/").split("+")[-1]
            kind, value = doc.xref_get_key(xref, "ToUnicode")
            to_unicode, mapping, code_bytes = None, {}, 1 if subtype in _SIMPLE else 2
            if kind == "xref":
                to_unicode = int(value.split()[0])
                text = (doc.xref_stream(to_unicode) or b"").decode("latin-1")
                mapping = parse_to_unicode(text)
                space = _CODESPACE.search(text)
                code_bytes = max(1, len(space.group(1)) // 2) if space else code_bytes
            elif with_encodings and subtype in _SIMPLE:
                mapping = _encoding_map(doc, xref)
            fonts[xref] = _Font(xref, "" if subtype == "/Type3" else name, subtype, {page.number}, to_unicode,
                                code_bytes, mapping)
    return fonts


def _one_byte_type0(doc: Any, font: _Font) -> bool:
    """A Type 0 font whose encoding CMap takes one-byte codes (Ghostscript's OneByteIdentityH)."""
    if font.subtype != "/Type0":
        return False
    kind, value = doc.xref_get_key(font.xref, "Encoding")
    if kind != "xref":
        return False
    space = _CODESPACE.search((doc.xref_stream(int(value.split()[0])) or b"").decode("latin-1"))
    return space is not None and len(space.group(1)) == 2


def _agreeing_source(font: _Font, candidates: list[_Font]) -> dict[int, str] | None:
    """The source map that covers the font's codes and agrees on at least half of them, if it differs."""
    best, best_agree = None, -1
    for candidate in candidates:
        if not candidate.mapping or not all(code in candidate.mapping for code in font.mapping):
            continue
        agree = sum(candidate.mapping[code] == text for code, text in font.mapping.items())
        if agree > best_agree:
            best, best_agree = candidate, agree
    if best is None or best_agree == len(font.mapping) or best_agree < 0.5 * len(font.mapping):
        return None
    return {code: best.mapping[code] for code in font.mapping}


def _numbers(text: str) -> list[float | str]:
    return [t if t in "[]" else float(t) for t in re.findall(r"\[|\]|-?\d+(?:\.\d+)?", text)]


def _resolved(doc: Any, kind: str, value: str) -> str:
    return doc.xref_object(int(value.split()[0]), compressed=True) if kind == "xref" else value


def widths(doc: Any, xref: int) -> dict[int, float]:
    """Code -> glyph width of a simple font (/FirstChar, /Widths) or a Type 0 font (its descendant's /W)."""
    if doc.xref_get_key(xref, "Subtype")[1] != "/Type0":
        first = doc.xref_get_key(xref, "FirstChar")[1]
        values = [v for v in _numbers(_resolved(doc, *doc.xref_get_key(xref, "Widths"))) if not isinstance(v, str)]
        return {int(first) + n: w for n, w in enumerate(values)} if first.isdigit() else {}
    kind, value = doc.xref_get_key(xref, "DescendantFonts")
    found = re.search(r"(\d+)\s+0\s+R", _resolved(doc, kind, value))
    if not found:
        return {}
    tokens = _numbers(_resolved(doc, *doc.xref_get_key(int(found.group(1)), "W")))
    out: dict[int, float] = {}
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i + 1] == "[":
            code, i = int(tokens[i]), i + 2
            while i < len(tokens) and tokens[i] != "]":
                out[code], code, i = float(tokens[i]), code + 1, i + 1
            i += 1
        elif i + 2 < len(tokens) and "[" not in tokens[i:i + 3] and "]" not in tokens[i:i + 3]:
            out.update({c: float(tokens[i + 2]) for c in range(int(tokens[i]), int(tokens[i + 1]) + 1)})
            i += 3
        else:
            i += 1
    return out


def _fits(font: _Font, candidate: _Font, doc: Any, source: Any) -> bool:
    """Whether the candidate's glyph widths are the font's own for every code the font has (but .notdef)."""
    own = {code: w for code, w in widths(doc, font.xref).items() if code}
    theirs = widths(source, candidate.xref)
    return bool(own) and all(abs(theirs.get(code, -1000) - w) <= 1 for code, w in own.items())


def _fitting_source(font: _Font, same_name: list[_Font], doc: Any, source: Any) -> dict[int, str] | None:
    """A ToUnicode too short to judge by agreement: the one same-named source font that covers its codes
    and has the same glyph widths."""
    fitting = [c for c in same_name if c.mapping and all(code in c.mapping for code in font.mapping)
               and _fits(font, c, doc, source)]
    merged = _merge([c.mapping for c in fitting])
    if not merged or all(merged[code] == text for code, text in font.mapping.items()):
        return None
    return {code: merged[code] for code in font.mapping}


def _named_source(font: _Font, candidates: list[_Font], doc: Any, source: Any) -> dict[int, str] | None:
    """For a font without ToUnicode: the map of its same-named source fonts on its pages; where several of
    that name encode differently, only those whose glyph widths match the font's own for every code it has."""
    named = [c for c in candidates if font.name and c.name == font.name and c.mapping]
    merged = _merge([c.mapping for c in named])
    if merged is None and named:
        merged = _merge([c.mapping for c in named if _fits(font, c, doc, source)])
    return merged or None


def _merge(maps: list[dict[int, str]]) -> dict[int, str] | None:
    """One map from several that agree wherever they overlap; None when two disagree."""
    merged: dict[int, str] = {}
    for mapping in maps:
        for code, text in mapping.items():
            if merged.setdefault(code, text) != text:
                return None
    return merged


def repair_text_maps(doc: Any, source: Any) -> int:
    """Give the converted fonts back the text mapping of the bundle fonts they came from; returns how many."""
    before = _fonts(source, with_encodings=True)
    repaired = 0
    for font in _fonts(doc, with_encodings=False).values():
        candidates = [f for f in before.values() if f.pages & font.pages]
        if font.to_unicode is not None and font.mapping:
            same_name = [c for c in candidates if font.name and c.name == font.name]
            mapping = (_agreeing_source(font, same_name) or _agreeing_source(font, candidates)
                       or _fitting_source(font, same_name, doc, source))
            if mapping:
                doc.update_stream(font.to_unicode, cmap_bytes(mapping, font.code_bytes))
                repaired += 1
        elif font.to_unicode is None and _one_byte_type0(doc, font):  # simple fonts keep their /Encoding
            mapping = _named_source(font, candidates, doc, source)
            if mapping:
                xref = doc.get_new_xref()
                doc.update_object(xref, "<<>>")
                doc.update_stream(xref, cmap_bytes(mapping, 1))
                doc.xref_set_key(font.xref, "ToUnicode", f"{xref} 0 R")
                repaired += 1
    return repaired


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def text_differences(doc: Any, source: Any) -> list[int]:
    """0-based pages whose extracted text (whitespace and compatibility forms aside) differs from the source's."""
    return [i for i in range(min(doc.page_count, source.page_count))
            if _squash(doc[i].get_text()) != _squash(source[i].get_text())]
