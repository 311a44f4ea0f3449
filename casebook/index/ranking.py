"""Relevance ranking over arrays: BM25 sums for every matched unit at once, a document's pages kept together.

The rules are those `DocSets.ranked` documents (and tests/index/test_ranking_agree.py checks against the plain
loop): each matched unit holding a scored word scores the sum, word by word in sorted order, of
`idf * (K1 + 1) * tf / (tf + norm)`; the float operations are the same, in the same order, so the scores are
identical. Items (documents) rank by their best unit; equal best scores by the item's first-scored unit
(the index of the first sorted word holding it, then its unit number); within an item, units by score, then
in page order. Units holding no scored word follow in document order.

At 100,000 pages a word on every page made the per-posting Python loop (with its dict of scores and
grouping by item) the largest part of a search; here the sums are array additions per word, and the best
unit and tie key of every item are `maximum.at` / `minimum.at` reductions.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from casebook.index.docsets import DocSets

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults
TIE_SHIFT = 1 << 40  # tie key = first scored word's index * TIE_SHIFT + global unit number


def ranked(sets: DocSets, terms: list[tuple[str, Any]], matched: list[set[int]], count: int, *,
           by_item: bool) -> list[tuple[int, float]]:
    """The `count` best (global unit number, score); see the module docstring for the order."""
    searcher = sets.searcher
    total_docs = max(1, searcher.doc_count_all())
    weighted: list[tuple[str, Any, float, float]] = []
    for field, text in sorted(set(terms)):
        df = sets.doc_frequency(field, text)
        if not df:
            continue
        idf = math.log(total_docs / (df + 1)) + 1.0
        weighted.append((field, text, idf * (K1 + 1), searcher.avg_field_length(field) or 1.0))
    keys: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    ties: list[np.ndarray] = []
    items: list[np.ndarray] = []
    item_base = 0
    for (facts, offset), ids in zip(sets.facts, sets.unit_arrays(matched), strict=True):
        codes, item_count = facts.item_numbers()
        if len(ids) and weighted:
            local, sums, first = _segment_scores(sets, facts, weighted, ids)
            keys.append(local + offset)
            scores.append(sums)
            ties.append(first * TIE_SHIFT + local + offset)
            items.append(codes[local] + item_base)
        item_base += item_count
    key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    score = np.concatenate(scores) if scores else np.zeros(0)
    tie = np.concatenate(ties) if ties else np.zeros(0, dtype=np.int64)
    if by_item:
        best = _by_item(sets, key, score, tie, np.concatenate(items) if items else key, item_base, count)
    else:
        best = _top_units(key, score, tie, count)
    if len(best) < count:
        scored = set(key.tolist())
        rest = [d for d in sets.first_by(matched, count + len(scored), "order") if d not in scored]
        best.extend((d, 0.0) for d in rest[: count - len(best)])
    return best


def _segment_scores(sets: DocSets, facts: Any, weighted: list[tuple[str, Any, float, float]], ids: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(matched units holding a scored word, ascending; their sums; the index of the first word holding each).

    `ids`: the matched units, ascending. Every word's postings are joined into one array (word after word), so
    `add.at` sums each unit's terms in word order, as a loop over the words would."""
    reader = facts.reader
    size = reader.doc_count_all()
    units: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    norms: list[np.ndarray] = []
    scales: list[float] = []
    words: list[int] = []
    for index, (field, text, scale, average) in enumerate(weighted):
        postings = sets.arrays(reader, field, text)
        if len(postings):
            units.append(postings.ids)
            weights.append(postings.weights)
            norms.append(facts.norm_array(field, average)[postings.ids])
            scales.append(scale)
            words.append(index)
    if not units:
        return ids[:0], np.zeros(0), ids[:0]
    counts = [len(at) for at in units]
    at = np.concatenate(units)
    weight = np.concatenate(weights)
    terms = (np.repeat(np.asarray(scales), counts) * weight) / (weight + np.concatenate(norms))
    sums = np.zeros(size)
    np.add.at(sums, at, terms)
    first = np.full(size, len(weighted), dtype=np.int64)
    np.minimum.at(first, at, np.repeat(np.asarray(words, dtype=np.int64), counts))
    local = ids[first[ids] < len(weighted)]
    return local, sums[local], first[local]


def _top(score: np.ndarray, tie: np.ndarray, count: int) -> np.ndarray:
    """Indexes of the `count` entries with the highest score, ties by the lowest tie key, in that order."""
    n = len(score)
    if not n or count <= 0:
        return np.zeros(0, dtype=np.int64)
    if n > count:
        floor = np.partition(score, n - count)[n - count]
        candidates = np.flatnonzero(score >= floor)
    else:
        candidates = np.arange(n)
    order = np.lexsort((tie[candidates], -score[candidates]))
    return candidates[order][:count]


def _top_units(key: np.ndarray, score: np.ndarray, tie: np.ndarray, count: int) -> list[tuple[int, float]]:
    chosen = _top(score, tie, count)
    return list(zip(key[chosen].tolist(), score[chosen].tolist(), strict=True))


def _by_item(sets: DocSets, key: np.ndarray, score: np.ndarray, tie: np.ndarray, item: np.ndarray,
             item_count: int, count: int) -> list[tuple[int, float]]:
    """The first `count` units of the best items, each item's units by score, then in page order."""
    if not len(key):
        return []
    best = np.full(item_count, -np.inf)
    np.maximum.at(best, item, score)
    first = np.full(item_count, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, item, tie)
    present = np.flatnonzero(best > -np.inf)
    out: list[tuple[int, float]] = []
    for chosen in present[_top(best[present], first[present], count)].tolist():
        members = np.flatnonzero(item == chosen)
        rows = []
        for k, s in zip(key[members].tolist(), score[members].tolist(), strict=True):
            facts, offset = sets.facts[sets.segment_of(k)]
            rows.append((-s, facts.column("order")[k - offset] or "", k, s))
        rows.sort()
        out.extend((k, s) for _, _, k, s in rows)
        if len(out) >= count:
            break
    return out[:count]
