"""The quality of a scan's existing OCR text layer, which a garbled layer ("AI\\GELA", "$ I 1 ,400") makes unsafe.

An OCR layer has no word confidences, so its score is the dictionary part of the Tesseract quality score
(`casebook.pdf.ocr.dictionary_ratio`, with Tesseract's own word list) times the share of tokens that are not
junk (stray symbols inside words, case flipping mid-word, letters and digits mixed). Where the word list is not
installed, a word counts when it has a vowel and no mid-word case flip. Pages are compared with the same
threshold that clears a Tesseract page (`GOOD_QUALITY`).
"""

from __future__ import annotations

import re

from casebook.pdf.hidden_text import HiddenFindings
from casebook.pdf.ocr import DEFAULT_LANG, GOOD_QUALITY, dictionary, dictionary_ratio

# A page is an OCR layer when at least this many letters and digits, and this share of all of them, are
# invisible text over an image.
MIN_LAYER_CHARS = 100
LAYER_SHARE = 0.5
# Fewer alphabetic words than this say too little about a layer's quality.
MIN_WORDS = 30
POOR_QUALITY = GOOD_QUALITY

_LEADING = "\"'“‘([{$§¶#*"
_TRAILING = "\"'”’)]},.;:!?*%"
_ALLOWED_INSIDE = set("-'’./:,&@§()")
_LONE_MARKS = {"$", "§", "§§", "¶", "¶¶", "&", "-", "—", "–", "•", "*", "/", "...", "…"}
_CASE_FLIP_RE = re.compile(r"[a-z][A-Z][a-z]")
_LETTER_DIGIT_LETTER_RE = re.compile(r"[A-Za-z]\d+[A-Za-z]")
_DIGITS_THEN_LETTERS_RE = re.compile(r"^\d+([A-Za-z]+)$")
_ORDINALS = {"st", "nd", "rd", "th", "d", "s", "a", "b", "c"}
_ECF_LINE_RE = re.compile(r"\b(?:Case|Appeal)\b.*\b(?:Document|Doc|Dkt)\b.*\bFiled\b", re.IGNORECASE)
_VOWELS = set("aeiouyAEIOUY")


def is_ocr_layer(findings: HiddenFindings) -> bool:
    layer = findings.ocr_layer_chars
    return layer >= MIN_LAYER_CHARS and layer >= LAYER_SHARE * (layer + findings.visible_chars)


def layer_quality(text: str, *, lang: str = DEFAULT_LANG) -> float | None:
    """0–1 for the page text of an OCR layer; None when it has too few words to judge."""
    tokens = [t for line in text.splitlines() if not _ECF_LINE_RE.search(line) for t in line.split()]
    if not tokens:
        return None
    known = dictionary(lang)
    if known is not None:
        ratio, words = dictionary_ratio(tokens, known)
    else:
        ratio, words = _word_shape_ratio(tokens)
    if ratio is None or words < MIN_WORDS:
        return None
    junk = sum(1 for t in tokens if is_junk(t)) / len(tokens)
    return round(ratio * (1.0 - junk), 3)


def is_junk(token: str) -> bool:
    """A token no typesetter produces: a stray symbol inside a word, a mid-word case flip, letters around digits."""
    core = token.lstrip(_LEADING).rstrip(_TRAILING)
    if not core:
        return token not in _LONE_MARKS and not set(token) <= set(".-_")
    if any(not ch.isalnum() and ch not in _ALLOWED_INSIDE for ch in core):
        return True
    if _CASE_FLIP_RE.search(core) and not core[:1].isupper():
        return True
    if _LETTER_DIGIT_LETTER_RE.search(core) and "-" not in core and "." not in core:
        return True
    match = _DIGITS_THEN_LETTERS_RE.match(core)
    return match is not None and match.group(1).lower() not in _ORDINALS


def _word_shape_ratio(tokens: list[str]) -> tuple[float | None, int]:
    words = hits = 0
    for token in tokens:
        core = token.lstrip(_LEADING).rstrip(_TRAILING)
        if len(core) < 2 or not core.replace("'", "").replace("-", "").isalpha():
            continue
        words += 1
        if set(core) & _VOWELS and not _CASE_FLIP_RE.search(core):
            hits += 1
    return (hits / words if words else None), words
