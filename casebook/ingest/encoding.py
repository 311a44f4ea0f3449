"""Turn the bytes of a saved web page or text file into text, trusting declared charsets only when they fit.

Order of evidence: a byte-order mark; then whether the bytes are valid UTF-8 (a declaration that says
otherwise is usually a template left unchanged, and non-ASCII text that is valid UTF-8 by accident is
vanishingly rare); then the declared charset (HTTP/MIME header, <meta charset>, <meta http-equiv>, XML
declaration) when it decodes cleanly; then windows-1252, the browsers' reading of latin-1 that also maps
smart quotes and dashes. UTF-8 with a few stray bad bytes stays UTF-8 with U+FFFD in their place. Text
that is neither UTF-8 nor plausibly Western (long runs of accented letters, as a Cyrillic or Greek page
read as windows-1252 would give) is handed to charset_normalizer, which is deterministic for given bytes.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import NamedTuple

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)""", re.I)

# WHATWG: browsers decode these labels as windows-1252, so a page declaring them may use cp1252 quotes.
_WESTERN = {"latin-1", "iso8859-1", "ascii", "cp1252", "iso8859-15"}
_UTF8 = "utf-8"


class DecodedText(NamedTuple):
    """Decoded text, the codec actually used, and notes worth telling the user (empty when all was clean)."""

    text: str
    encoding: str
    notes: list[str]


def normalise_charset(label: str | bytes | None) -> str | None:
    """Map a charset label to a Python codec name, or None when Python does not know it."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", errors="ignore")
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name in ("utf-8", "utf-8-sig") else name


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first few kilobytes (meta tag or XML declaration), if any."""
    head = data[:4096]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return normalise_charset(match.group(1)) if match else None


_UTF8_OR_HIGH = re.compile(
    rb"([\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}"
    rb"|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}"
    rb"|\xF4[\x80-\x8F][\x80-\xBF]{2})|[\x80-\xFF]"
)


def _utf8_evidence(data: bytes) -> tuple[int, int]:
    """Count (valid multi-byte UTF-8 characters, stray high bytes) in one linear pass."""
    valid = 0
    bad = 0
    for match in _UTF8_OR_HIGH.finditer(data):
        if match.group(1):
            valid += 1
        else:
            bad += 1
    return valid, bad


def _plausibly_western(text: str) -> bool:
    """True when non-ASCII characters are sparse among letters, as in English or West European text."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    foreign = sum(1 for ch in letters if ord(ch) > 0x7F)
    return foreign / len(letters) <= 0.3


def _guess_with_charset_normalizer(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: pulled in by trafilatura's dependencies, not needed otherwise
        return None
    best = from_bytes(data).best()
    return normalise_charset(best.encoding) if best is not None else None


def _decode_cp1252(data: bytes) -> str:
    # Five bytes are undefined in cp1252 (0x81 0x8D 0x8F 0x90 0x9D); show them as U+FFFD rather than fail.
    return data.decode("cp1252", errors="replace")


def decode_text(data: bytes, *, declared: str | None = None, sniff_meta: bool = True) -> DecodedText:
    """Decode `data`; `declared` is a charset from outside the bytes (MIME part header, HTTP header).

    With `sniff_meta`, a <meta charset> / XML declaration in the bytes also counts as declared
    (the outside declaration wins when both exist). Never raises for bad bytes.
    """
    notes: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            if "\ufffd" in text:
                notes.append(f"invalid {codec.upper()} bytes replaced")
            return DecodedText(text, codec, notes)

    outside = normalise_charset(declared)
    inside = declared_charset(data) if sniff_meta else None
    claim = outside or inside
    if declared and outside is None:
        notes.append(f"unknown declared charset {declared!r} ignored")

    if data.isascii():
        return DecodedText(data.decode("ascii"), claim if claim in _WESTERN | {_UTF8} else "ascii", notes)

    try:
        text = data.decode(_UTF8)
    except UnicodeDecodeError:
        pass
    else:
        if claim and claim != _UTF8:
            notes.append(f"declared charset {claim} but the bytes are UTF-8; decoded as UTF-8")
        return DecodedText(text, _UTF8, notes)

    valid, bad = _utf8_evidence(data)
    if valid and valid >= bad:
        # Mostly UTF-8 with a few broken bytes (a truncated save, a bad paste): keep UTF-8.
        notes.append(f"{bad} invalid UTF-8 byte sequence(s) replaced")
        return DecodedText(data.decode(_UTF8, errors="replace"), _UTF8, notes)

    if claim and claim != _UTF8 and claim not in _WESTERN:
        try:
            return DecodedText(data.decode(claim), claim, notes)
        except UnicodeDecodeError:
            notes.append(f"declared charset {claim} does not fit the bytes")
        except LookupError:  # codec registry changed under us; fall through to the guesses
            pass

    text = _decode_cp1252(data)
    if claim is None and not _plausibly_western(text):
        guess = _guess_with_charset_normalizer(data)
        if guess and guess not in _WESTERN:
            try:
                result = DecodedText(data.decode(guess, errors="replace"), guess, notes)
            except LookupError:
                result = None
            if result is not None:
                notes.append(f"no charset declared; detected {guess}")
                return result
    if claim == _UTF8:
        notes.append("declared charset utf-8 but the bytes are windows-1252; decoded as windows-1252")
    if "\ufffd" in text:
        notes.append("bytes undefined in windows-1252 replaced")
    return DecodedText(text, "cp1252", notes)
