"""Turning text into search terms, the same way for indexing, queries and highlighting.

Whoosh's own analyzer chains cost about a third of indexing time, so Casebook tokenises in one pass here
and hands Whoosh the terms already normalised and space-separated (its built-in whitespace tokenizer then
only splits them). Stemming is done at query time instead of indexing a second, stemmed field: a word is
matched by every indexed word with the same Porter stem (see `stem_candidates_prefix`). That halves
indexing time and keeps one positional field for words, phrases, proximity, wildcards and fuzzy terms.

Rules (documented for users in `casebook.index.query`):
- letters and digits make words; everything else separates them ("1:25-cv-01234" is 1 25 cv 01234);
- digit groups are one number with the commas dropped ("47,000" and "47000" are the same term);
- decimals and dotted abbreviations stay whole ("1.2", "U.S.C" → "u.s.c");
- case, accents and Unicode compatibility forms are folded ("Rómo" = "romo", "ﬁle" = "file").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

# A word character, or a combining mark that belongs to the letter before it ("Ro\u0301mo" is one word).
_W = r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
TOKEN_PATTERN = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\w{_W}*(?:\.{_W}+)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)
# The same tokens for ASCII text (which has no combining marks), about twice as fast to scan.
ASCII_TOKEN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\w+(?:\.\w+)*")

# Words too common to rank on; they are still indexed (positions matter for "exact phrases") and are
# dropped only from plain-word queries. Whoosh's default list also drops "will", "may", "can", "not" and
# "us", which carry meaning in legal text.
STOP_WORDS = frozenset(("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it",
                        "of", "on", "or", "that", "the", "this", "to", "with"))


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """Fold case, accents and compatibility forms of one word (or any short text)."""
    if word.isascii():
        return word.lower()
    folded = unicodedata.normalize("NFKC", word).casefold()
    if not folded.isascii():
        folded = folded.translate(accent_map)
    return folded


def _pieces(word: str) -> list[str]:
    """The terms one token of raw text yields (usually exactly one)."""
    if word.isascii():
        term = word.lower()
        return [term.replace(",", "") if "," in term else term]
    folded = normalise(word)
    found = TOKEN_RE.findall(folded)
    return [t.replace(",", "") if "," in t else t for t in found]


def token_terms(word: str) -> list[str]:
    """The terms one token matched by `TOKEN_RE` yields, as `tokens` gives them."""
    return _pieces(word)


def index_terms(text: str) -> list[str]:
    """Every term of `text` in order; list position = the term's position in the index."""
    if text.isascii():
        terms = ASCII_TOKEN_RE.findall(text.lower())
        return [t.replace(",", "") if "," in t else t for t in terms] if "," in text else terms
    out: list[str] = []
    for match in TOKEN_RE.finditer(text):
        out.extend(_pieces(match.group()))
    return out


def index_value(text: str) -> str:
    """The space-separated terms Whoosh's whitespace tokenizer indexes for `text`."""
    return " ".join(index_terms(text))


def tokens(text: str) -> Iterator[tuple[int, str, int, int]]:
    """(position, term, start, end) for every term, with [start, end) offsets into `text`.

    Positions match `index_terms` exactly, so a phrase found by the index is found here at the same place.
    """
    position = 0
    for match in TOKEN_RE.finditer(text):
        for term in _pieces(match.group()):
            yield position, term, match.start(), match.end()
            position += 1


@lru_cache(maxsize=200_000)
def stem(term: str) -> str:
    """The Porter stem of a normalised term; numbers and short words are their own stem."""
    if len(term) < 3 or not term.isalpha():
        return term
    return _porter_stem(term)


def stem_candidates_prefix(term: str) -> str:
    """A prefix every word sharing `term`'s stem starts with (Porter may change the last two letters,
    e.g. "possibility" → "possibl", "happy" → "happi", "hoping" → "hope")."""
    if not term.isalpha():
        return term
    root = stem(term)
    return root[: max(2, len(root) - 2)] if len(root) > 2 else root


def split_words(text: str) -> list[str]:
    """The terms of a query word or phrase, normalised like the index."""
    return index_terms(text)
