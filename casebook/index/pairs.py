"""Distances between a segment's most frequent words, precomputed per unit, for phrases and w/N of common words.

A phrase or w/N of two words found on almost every page ("court plaintiff", "court court"~5) needs every
position of both words: 7 million positions at 100,000 synthetic pages, 300-700 ms even as array work. The
segment builder (`casebook.index.fastwrite`) therefore records, for each pair (a, b) of the segment's
FREQUENT_WORDS most frequent words and each unit holding a, the distance from the unit's occurrences of a to
the nearest b after one of them and before one of them, measured on the document's word line (so across page
breaks, furniture left out; `casebook.index.wordline`): the `pairs` field, term "a b", a 2-byte value
(forward, backward), 255 standing for "not within 254 words". A marker term "=a" holds every unit of the
segment for which a's pairs were recorded.

From these the matching units of `a w/N b` (N ≤ 254) are exactly those where a's forward or backward
distance to b, or b's to a, is at most N; of `a pre/N b`, a's forward or b's backward distance; of the
phrase "a b", the same with N = 1 — the units `docmatch` finds from positions. Segments written by Whoosh's
own writer (small in-process batches) or merged from differently chosen words lack the markers for some
units and are answered from positions instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from whoosh.analysis import KeywordAnalyzer
from whoosh.fields import FieldType
from whoosh.formats import Format

from casebook.index.postings import PostingArrays
from casebook.index.wordline import WordLine

PAIRS_FIELD = "pairs"
FREQUENT_WORDS = 10  # the words of a segment whose pairs are recorded
FAR = 255  # a distance of FAR or more is stored as FAR ("not within FAR - 1 words")
MAX_DISTANCE = FAR - 1  # the largest N the recorded distances answer


class NearestWords(Format):
    """Posting value of a pair term: the distances (forward, backward), one byte each."""

    def fixed_value_size(self) -> int:
        return 2

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterable[tuple[str, int, float, bytes]]:
        return ()  # written by the segment builder only

    def decode_frequency(self, valuestring: bytes) -> int:
        return 1

    def decode_weight(self, valuestring: bytes) -> float:
        return 1.0


def pairs_field() -> FieldType:
    return FieldType(format=NearestWords(), analyzer=KeywordAnalyzer(), scorable=False, stored=False)


def pair_term(first: str, second: str) -> str:
    return f"{first} {second}"


def marker(word: str) -> str:
    return f"={word}"


def frequent(totals: dict[str, float], units: int) -> list[str]:
    """The words whose pairs a segment records: the most frequent, found at least once a unit on average."""
    ranked = sorted((-total, word) for word, total in totals.items() if total >= units)
    return [word for _, word in ranked[:FREQUENT_WORDS]]


def pair_postings(items: list[str | None], bases: list[int | None], words: dict[str, PostingArrays]
                  ) -> dict[str, tuple[np.ndarray, bytes]]:
    """Term → its postings' units (ascending) and their values joined, for the pairs and markers of `words`
    (their positional postings). Kept as arrays: a posting as a Python tuple costs ~130 bytes, and a
    15,000-page segment records about 1.5 million of them."""
    line = WordLine(items, bases, set())
    places: dict[str, np.ndarray] = {}
    owners: dict[str, np.ndarray] = {}
    for word, postings in words.items():
        found = line.places(postings)
        places[word] = found
        owners[word] = line.units_at(found)
    out: dict[str, tuple[np.ndarray, bytes]] = {}
    every = (np.arange(len(items)), bytes((FAR, FAR)) * len(items))  # a marker: no distance of its own
    for first in words:
        out[marker(first)] = every
        at, owner = places[first], owners[first]
        if not len(at):
            continue
        starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
        units = owner[starts]
        for second in words:
            following = places[second]
            forward = np.full(len(at), FAR, dtype=np.int64)
            backward = np.full(len(at), FAR, dtype=np.int64)
            if len(following):
                j = np.searchsorted(following, at, side="right")  # the first `second` after each `first`
                ahead = j < len(following)
                forward[ahead] = following[j[ahead]] - at[ahead]
                k = j - 1  # the last `second` at or before; the word itself when both are the same word
                if first == second:
                    k -= 1
                behind = k >= 0
                backward[behind] = at[behind] - following[k[behind]]
            nearest_ahead = np.minimum(np.minimum.reduceat(forward, starts), FAR)
            nearest_behind = np.minimum(np.minimum.reduceat(backward, starts), FAR)
            near = (nearest_ahead < FAR) | (nearest_behind < FAR)
            if not near.any():
                continue
            values = np.stack((nearest_ahead[near], nearest_behind[near]), axis=1).astype(np.uint8)
            out[pair_term(first, second)] = (units[near], values.tobytes())
    return out


def matching_units(distances: PostingArrays | None, reverse: PostingArrays | None, distance: int,
                   ordered: bool) -> np.ndarray:
    """Units matched by `a w/N b` (or `a pre/N b` when ordered) from the "a b" and "b a" postings (ids and
    their values as an (n, 2) array in `positions`)."""
    found: list[np.ndarray] = []
    if distances is not None and len(distances):
        assert distances.values is not None  # read with their values
        ahead, behind = distances.values[:, 0], distances.values[:, 1]
        keep = ahead <= distance if ordered else (ahead <= distance) | (behind <= distance)
        found.append(distances.ids[keep])
    if reverse is not None and len(reverse):
        assert reverse.values is not None  # read with their values
        ahead, behind = reverse.values[:, 0], reverse.values[:, 1]
        keep = behind <= distance if ordered else (ahead <= distance) | (behind <= distance)
        found.append(reverse.ids[keep])
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
