"""Document-level matching: Boolean logic, phrases and proximity over whole documents, answered by page.

The index holds one unit per page (or article paragraph), claim and excerpt; the query is evaluated per
*item* (a document, claim or excerpt: the `item` column), as dtSearch does, and answered with the units
that hold the query's positive words. Word sets come from posting lists with set algebra (DocSets); a
phrase or proximity clause reads word positions of its candidate documents, placed in the document's
word sequence by each unit's `base` column, so a phrase runs on across a page or paragraph break (page
furniture was left out of the sequence when the units were written). Proximity follows Whoosh's
SpanNear2: operands are chained left to right, each within `distance` words (at least 1) of the span
matched so far, in order for pre/N.

Why not a second, document-level unit holding every word again: measured on the same 3,000 synthetic
pages, indexing took 5.9 s CPU with page units and 13.4-14.3 s with a document unit added (Whoosh's
writer works per unique term per unit, in Python), and page answers would still need the page units.

This design against the page-level matching it replaced, on 3,000 synthetic pages (CPU time per query
with highlighting, two runs each, 2 busy shared cores so ±30% noise): term 8.3-9.4 → 7.5-7.9 ms median;
phrase 14.6-20.3 → 15.5-18.3 median, p95 44-66 → 64-69 (an exact phrase reads positions only in units
holding all its words and in neighbouring units holding its first and last word); proximity p95
280-294 → 210-254 (two single words within N are matched by `pair_words`, without building spans); AND
2.1-2.5 → 8.4-9.2 median, because it now finds 20 times the pages (8 → 160 on average) to rank and
highlight; indexing CPU unchanged within noise for the `base` and `item` columns.

Counting first, highlighting the shown rows: matching finds items and units only; the matched words' positions
are read afterwards for the documents of the rows a page of results shows (`tokens`). Two one-word operands
within N are counted unit by unit, each unit stopping at its first matched word (`pair_units`), and a word's
posting blocks are read once per query for matching and ranking (see DocSets.arrays).
On the 10,000-page `bench search` case, CPU ms median/p95, before → after (back to back, busy machine):
proximity 95-126/542-643 → 81-90/155-183, phrase 58-76/305-384 → 52-59/228-270, others unchanged.

Whole segments at once: an exact phrase or a two-operand w/N over many documents is
matched on the segment's word line and, for pairs of the segment's most frequent words, from the distances
the segment builder recorded per unit (linematch.py); the per-document path below remains for other clause
shapes and is the reference the tests compare both with. At 100,000 synthetic pages (ms, median/p95):
phrase 327/1,863 -> 35-45/88-110, proximity 569/1,370 -> 50-60/125-170.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from whoosh import query as wq

from casebook.core.search import QueryError
from casebook.index.compile import MAX_SPAN_EXPANSION, Compiler
from casebook.index.docsets import DocSets, _cost, _position_decoder
from casebook.index.linematch import LineMatcher, two_operands
from casebook.index.query import And, Everything, Filter, Fuzzy, Near, Node, Not, Or, Pattern, Phrase, Scope, Word
from casebook.index.segfacts import _blocks
from casebook.index.segview import Found, SegmentView

# First and last word position in the document, and the (first, last) of each word or exact phrase in it.
Span = tuple[int, int, frozenset[tuple[int, int]]]


def _word_clause(node: Node) -> bool:
    """True if `_eval` answers the node with exactly the items of its units (a word, pattern or fuzzy term in the
    text, or a scope)."""
    if isinstance(node, Scope):
        return True
    return (isinstance(node, Word | Pattern | Fuzzy) or (isinstance(node, Phrase) and len(node.terms) == 1)) \
        and node.field == "text"


class DocumentMatcher:
    """Evaluates a parsed query per document over the segments of one searcher."""

    def __init__(self, sets: DocSets, compiler: Compiler) -> None:
        self.sets = sets
        self.compiler = compiler
        self.x = compiler.x
        self.line = LineMatcher(sets, compiler.x)

    def matching(self, root: Node, restrict: wq.Query | None = None) -> list[set[int]]:
        """Per segment, the matching units (segment-local numbers)."""
        out: list[set[int]] = []
        for (leaf, _), (facts, _) in zip(self.sets.leaves, self.sets.facts, strict=True):
            seg = SegmentView(self.sets, leaf, facts)
            if isinstance(root, Everything):  # every live unit, without going through the documents
                units = set(range(seg.reader.doc_count_all())) - seg.deleted
                out.append(units & seg.units(restrict, None) if restrict is not None and units else units)
                continue
            found = self._eval(root, seg, None)
            units = found.units  # not changed below: a new set is made where units are added or dropped
            # A single word's documents are those of its units; other clauses may match documents alone.
            answered = found.groups if _word_clause(root) else seg.groups_of(units)
            unanswered = found.groups - answered
            if unanswered:
                units = set(units)
                for group in unanswered:  # matched by filters or NOT alone: every unit
                    units.update(seg.live(group))
            if restrict is not None and units:
                units = units & seg.units(restrict, seg.groups_of(units))  # filters hold for whole documents
            out.append(units)
        return out

    def tokens(self, root: Node, shown: Iterable[int]) -> dict[int, set[tuple[int, int]]]:
        """By global unit number, the unit-local (first, last) word positions that phrases and proximity
        matched in the document, for the units `shown` (matched units: only the rows a page of results shows
        are highlighted, so positions are read for their documents alone)."""
        nodes = list(_positional_nodes(root))
        wanted = sorted(set(shown))
        out: dict[int, set[tuple[int, int]]] = {}
        if not nodes or not wanted:
            return out
        for (leaf, offset), (facts, _) in zip(self.sets.leaves, self.sets.facts, strict=True):
            end = offset + facts.reader.doc_count_all()
            local = {d - offset for d in wanted[bisect_left(wanted, offset):bisect_left(wanted, end)]}
            if not local:
                continue
            seg = SegmentView(self.sets, leaf, facts)
            groups = seg.groups_of(local)
            for node in nodes:
                for unit, positions in self._positional(node, seg, groups, tokens=True).tokens.items():
                    if unit in local:
                        out.setdefault(unit + offset, set()).update(positions)
        return out

    # --- clauses ---

    def _eval(self, node: Node, seg: SegmentView, within: set[str] | None) -> Found:
        if isinstance(node, Scope):
            ids = seg.units(self.compiler.compile(node.part), within)
            return Found(seg.groups_of(ids), ids)
        if isinstance(node, Filter) or (isinstance(node, Word | Pattern | Fuzzy | Phrase) and node.field != "text"):
            # Metadata conditions select documents; they hold no words to show.
            return Found(seg.groups_of(seg.units(self.compiler.compile(node), within)))
        if isinstance(node, Word | Pattern | Fuzzy) or (isinstance(node, Phrase) and len(node.terms) == 1):
            ids = seg.units(self.compiler.compile(node), within)
            return Found(seg.groups_of(ids), ids)
        if isinstance(node, Phrase | Near):
            return self._positional(node, seg, within)
        if isinstance(node, And):
            return self._and(node, seg, within)
        if isinstance(node, Or):
            result = Found(set())
            for part in node.parts:
                _merge(result, self._eval(part, seg, within))
            return result
        if isinstance(node, Not):
            every = seg.all_groups() if within is None else within & seg.all_groups()
            return Found(every - self._eval(node.part, seg, every).groups)
        if isinstance(node, Everything):
            return Found(set(seg.all_groups()) if within is None else within & seg.all_groups())
        raise TypeError(f"unknown query node {node!r}")

    def _and(self, node: And, seg: SegmentView, within: set[str] | None) -> Found:
        positives: list[Node] = [p for p in node.parts if not isinstance(p, Not)]
        negatives = [p.part for p in node.parts if isinstance(p, Not)]
        positives.sort(key=lambda p: self._cost(p, seg))
        groups = within
        founds: list[Found] = []
        for part in positives:
            found = self._eval(part, seg, groups)
            groups = found.groups if groups is None else groups & found.groups
            founds.append(found)
            if not groups:
                return Found(set())
        if groups is None:
            groups = set(seg.all_groups())
        for part in negatives:
            if not groups:
                break
            groups = groups - self._eval(part, seg, groups).groups
        result = Found(groups)
        items = seg.items
        for found in founds:
            result.units.update(seg._in_groups(found.units, groups))
            for unit, positions in found.tokens.items():
                if items[unit] in groups:
                    result.tokens.setdefault(unit, set()).update(positions)
        return result

    def _cost(self, node: Node, seg: SegmentView) -> int:
        if isinstance(node, Word | Filter):
            return _cost(self.compiler.compile(node), seg.reader)
        if isinstance(node, Phrase | Near):
            return 1 << 61  # after the plain words that narrow its candidates
        return 1 << 60

    # --- phrases and proximity across unit boundaries ---

    def _present(self, node: Node, seg: SegmentView, within: set[str] | None) -> set[str]:
        """Items that hold every word `node` needs somewhere (candidates for the positional check)."""
        if isinstance(node, Word | Pattern | Fuzzy):
            return seg.groups_of(seg.units(self.compiler.compile(node), within))
        if isinstance(node, Phrase):
            groups = within
            for term in dict.fromkeys(node.terms):
                found = seg.groups_of(seg.units(wq.Term(node.field, term), groups))
                groups = found if groups is None else groups & found
                if not groups:
                    return set()
            return groups or set()
        if isinstance(node, Or):
            out: set[str] = set()
            for part in node.parts:
                out |= self._present(part, seg, within)
            return out
        if isinstance(node, Near):
            groups = within
            for part in node.parts:
                groups = self._present(part, seg, groups)
                if not groups:
                    return set()
            return groups or set()
        raise QueryError("w/N, pre/N and \"…\"~N join words, phrases, wildcards and OR-groups of them; "
                         "use AND, NOT and field filters outside the proximity group")

    def _positional(self, node: Phrase | Near, seg: SegmentView, within: set[str] | None, *,
                    tokens: bool = False) -> Found:
        """Items where the phrase or proximity clause holds, and their units holding its matched words (with
        those words' unit-local positions when `tokens`: highlighting asks for the rows it shows)."""
        found = self.line.match(node, seg, within, tokens=tokens)
        if found is not None:
            return found
        candidates = self._present(node, seg, within)
        result = Found(set())
        if not candidates:
            return result
        exact = isinstance(node, Phrase) and node.slop is None and len(node.terms) > 1
        keep = self._phrase_units(node, seg, candidates) if isinstance(node, Phrase) and exact else None
        return self._read_positions(node, seg, _Positions(seg, candidates, keep), candidates, tokens=tokens)

    def _read_positions(self, node: Phrase | Near, seg: SegmentView, reading: _Positions, candidates: Iterable[str],
                        *, tokens: bool) -> Found:
        """The clause matched on word positions in each candidate item (the units `reading` holds)."""
        result = Found(set())
        pair = two_operands(node)
        for group in sorted(candidates):
            units = reading.units[group]
            if not units:
                continue
            if pair is not None and not tokens:
                # Which units hold a matched word is all a count needs: each unit stops at its first one.
                a, b, distance, ordered = pair
                a_words = self._words(a, reading, group)
                b_words = self._words(b, reading, group) if a_words else []
                held = pair_units(a_words, b_words, distance, ordered, [seg.bases[u] or 0 for u in units])
                if held:
                    result.groups.add(group)
                    result.units.update(units[i] for i in held)
                continue
            if pair is not None:
                a, b, distance, ordered = pair
                words = pair_words(self._words(a, reading, group), self._words(b, reading, group), distance, ordered)
            else:
                words = {w for _, _, found in self._spans(node, reading, group) for w in found}
            if not words:
                continue
            result.groups.add(group)
            bases = [seg.bases[u] or 0 for u in units]
            # Single words (most of them, for proximity of common words) go to their units by slices of
            # the sorted positions: a word belongs to the last unit starting at or before it.
            singles = sorted(first for first, last in words if first == last)
            for i, unit in enumerate(units):
                lo = bisect_left(singles, bases[i]) if i else 0
                hi = bisect_left(singles, bases[i + 1]) if i + 1 < len(units) else len(singles)
                if lo < hi:
                    result.units.add(unit)
                    if tokens:
                        base = bases[i]
                        result.tokens.setdefault(unit, set()).update((p - base, p - base) for p in singles[lo:hi])
            for first, last in words:
                if first == last:
                    continue
                # A phrase split by a page break is highlighted in each unit it runs through.
                position = first
                while position <= last:
                    i = max(bisect_right(bases, position) - 1, 0)
                    unit = units[i]
                    end = min(last, bases[i + 1] - 1) if i + 1 < len(bases) else last
                    end = max(end, position)
                    result.units.add(unit)
                    if tokens:
                        result.tokens.setdefault(unit, set()).add((position - bases[i], end - bases[i]))
                    position = end + 1
        return result

    @staticmethod
    def _phrase_units(node: Phrase, seg: SegmentView, candidates: set[str]) -> set[int]:
        """The units an exact phrase can touch: those holding all its words, and each pair of neighbouring
        units where the first holds its first word and the next its last (a whole document where a unit
        between two others is shorter than the phrase, so the phrase might span three units)."""
        terms, n = node.terms, len(node.terms)
        by_term = {t: seg.units(wq.Term(node.field, t), candidates) for t in dict.fromkeys(terms)}
        keep = set.intersection(*by_term.values())
        first, last = by_term[terms[0]], by_term[terms[-1]]
        bases = seg.bases
        for group in candidates:
            units = sorted(seg.live(group), key=lambda u: bases[u] or 0)
            starts = [bases[u] or 0 for u in units]
            if any(starts[i + 1] - starts[i] < n - 1 for i in range(1, len(units) - 1)):
                keep.update(units)
                continue
            for i in range(len(units) - 1):
                if units[i] in first and units[i + 1] in last:
                    keep.add(units[i])
                    keep.add(units[i + 1])
        return keep

    def _words(self, node: Node, reading: _Positions, group: str) -> list[int]:
        """Positions of a one-word clause (a word, pattern, fuzzy word or quoted word) in the document."""
        if isinstance(node, Word):
            return reading.positions(self.x.stems(node.field, node.terms[0]), group, node.terms[0])
        if isinstance(node, Pattern):
            return reading.positions(self.x.pattern(node), group, node.pattern)
        if isinstance(node, Fuzzy):
            return reading.positions(self.x.fuzzy(node), group, node.term)
        if isinstance(node, Phrase) and len(node.terms) == 1:
            return reading.positions([node.terms[0]], group, node.terms[0])
        raise TypeError(f"not a one-word clause: {node!r}")

    def _spans(self, node: Node, reading: _Positions, group: str) -> list[Span]:
        if isinstance(node, Word):
            return _singles(reading.positions(self.x.stems(node.field, node.terms[0]), group, node.terms[0]))
        if isinstance(node, Pattern):
            return _singles(reading.positions(self.x.pattern(node), group, node.pattern))
        if isinstance(node, Fuzzy):
            return _singles(reading.positions(self.x.fuzzy(node), group, node.term))
        if isinstance(node, Phrase):
            if node.slop is None or len(node.terms) == 1:
                return exact_phrase([reading.positions([t], group, t) for t in node.terms])
            return near_spans([_singles(reading.positions([t], group, t)) for t in node.terms], node.slop,
                              ordered=False)
        if isinstance(node, Or):
            merged: dict[tuple[int, int], frozenset[tuple[int, int]]] = {}
            for part in node.parts:
                for start, end, words in self._spans(part, reading, group):
                    merged[(start, end)] = merged.get((start, end), frozenset()) | words
            return sorted((s, e, w) for (s, e), w in merged.items())
        if isinstance(node, Near):
            return near_spans([self._spans(p, reading, group) for p in node.parts], node.distance, node.ordered)
        raise QueryError("w/N, pre/N and \"…\"~N join words, phrases, wildcards and OR-groups of them; "
                         "use AND, NOT and field filters outside the proximity group")


class _Positions:
    """Word positions in the document sequence of the candidate items of one positional clause."""

    def __init__(self, seg: SegmentView, groups: set[str], keep: set[int] | None = None) -> None:
        """`keep`: only these units can hold a match (the others' positions are not read)."""
        self.seg = seg
        self.units = {g: sorted((u for u in seg.live(g) if keep is None or u in keep),
                                key=lambda u: seg.bases[u] or 0) for g in groups}
        self.all_units = sorted(u for units in self.units.values() for u in units)
        self._encoded: dict[str, dict[int, bytes]] = {}
        self._decode = _position_decoder(seg.reader.schema["text"].format)

    def _postings(self, word: str) -> dict[int, bytes]:
        if word not in self._encoded:
            wanted = set(self.all_units)
            found: dict[int, bytes] = {}
            for ids, _, values in _blocks(self.seg.reader, "text", word, values=True, within=self.all_units):
                assert values is not None  # asked for
                found.update((d, v) for d, v in zip(ids, values, strict=True) if d in wanted)
            self._encoded[word] = found
        return self._encoded[word]

    def positions(self, words: list[str], group: str, what: str) -> list[int]:
        if len(words) > MAX_SPAN_EXPANSION:
            raise QueryError(f"{what} stands for {len(words)} different words, too many inside a proximity "
                             "search; give more letters")
        out: list[int] = []
        bases = self.seg.bases
        for word in words:
            postings = self._postings(word)
            for unit in self.units[group]:
                value = postings.get(unit)
                if value is not None:
                    out.extend(map((bases[unit] or 0).__add__, self._decode(value)))
        out.sort()
        return out


def _singles(positions: list[int]) -> list[Span]:
    return [(p, p, frozenset(((p, p),))) for p in positions]


def exact_phrase(positions: list[list[int]]) -> list[Span]:
    """Spans where the words stand next to each other in order (`positions[i]`: sorted positions of word i)."""
    starts = set(positions[0])
    for offset, found in enumerate(positions[1:], 1):
        starts.intersection_update(map(offset.__rsub__, found))
        if not starts:
            return []
    n = len(positions)
    return [(s, s + n - 1, frozenset(((s, s + n - 1),))) for s in sorted(starts)]


def pair_words(first: list[int], second: list[int], distance: int, ordered: bool) -> set[tuple[int, int]]:
    """Words of `first` and `second` (sorted positions) within `distance` (at least 1) of a word of the
    other, `first` before `second` when `ordered`: near_spans for two single words, without the spans."""
    if not first or not second:
        return set()
    after = distance
    before = -1 if ordered else distance  # `first`'s word needs a `second` word in [a - before, a + after]
    found = _near_any(first, second, before, after) + _near_any(second, first, after, before)
    return {(p, p) for p in found}


def pair_units(first: list[int], second: list[int], distance: int, ordered: bool, starts: list[int]) -> list[int]:
    """Indexes of the units (`starts`: their first positions, ascending) holding a word `pair_words` would
    return, looking in each unit only until its first such word."""
    if not first or not second:
        return []
    before = -1 if ordered else distance
    held = []
    for i, low in enumerate(starts):
        high = starts[i + 1] if i + 1 < len(starts) else None
        if _has_near(first, second, low, high, before, distance) or _has_near(second, first, low, high, distance,
                                                                              before):
            held.append(i)
    return held


def _has_near(xs: list[int], ys: list[int], low: int, high: int | None, before: int, after: int) -> bool:
    """Whether a position x of `xs` in [low, high) has a position y ≠ x of `ys` in [x - before, x + after]."""
    count = len(ys)
    j = bisect_left(ys, low - max(before, 0))
    if j == count or (high is not None and ys[j] > high + after):
        return False  # no word of `ys` anywhere near the unit
    end = len(xs) if high is None else bisect_left(xs, high)
    for i in range(bisect_left(xs, low), end):
        x = xs[i]
        j = bisect_left(ys, x - before)
        if j < count and ys[j] == x:
            j += 1
        if j < count and ys[j] <= x + after:
            return True
    return False


def _near_any(xs: list[int], ys: list[int], before: int, after: int) -> list[int]:
    """The positions x of `xs` with a position y of `ys`, y ≠ x, in [x - before, x + after] (both sorted;
    positions within one list are distinct): one merge pass instead of bisecting for each position."""
    out = []
    j, n = 0, len(ys)
    for x in xs:
        low = x - before
        while j < n and ys[j] < low:
            j += 1
        k = j + 1 if j < n and ys[j] == x else j
        if k < n and ys[k] <= x + after:
            out.append(x)
    return out


def near_spans(operands: list[list[Span]], distance: int, ordered: bool) -> list[Span]:
    """Whoosh's SpanNear2 (mindist 1): each operand within `distance` words of the span matched so far."""
    current = operands[0]
    for following in operands[1:]:
        if not current or not following:
            return []
        starts = [s for s, _, _ in following]
        combined: dict[tuple[int, int], frozenset[tuple[int, int]]] = {}
        for a_start, a_end, a_words in current:
            j = bisect_left(starts, a_start if ordered else max(0, a_start - distance))
            for b_start, b_end, b_words in following[j:]:
                if b_end < a_start - distance or (ordered and a_start > b_start):
                    continue
                if b_start > a_end + distance:
                    break
                if (b_start <= a_start <= b_end) or (b_start <= a_end <= b_end):
                    gap = 0
                elif a_end < b_start:
                    gap = b_start - a_end
                else:
                    gap = a_start - b_end
                if 1 <= gap <= distance:
                    key = (min(a_start, b_start), max(a_end, b_end))
                    combined[key] = combined.get(key, frozenset()) | a_words | b_words
        current = sorted((s, e, w) for (s, e), w in combined.items())
    return current


def _merge(into: Found, found: Found) -> None:
    into.groups |= found.groups
    into.units |= found.units
    for unit, positions in found.tokens.items():
        into.tokens.setdefault(unit, set()).update(positions)


def _positional_nodes(node: Node) -> Iterator[Phrase | Near]:
    """The phrase and proximity clauses whose matched words a hit highlights (not those under NOT, inside
    `page:(…)` or on metadata fields)."""
    if isinstance(node, Near) or (isinstance(node, Phrase) and node.field == "text" and len(node.terms) > 1):
        yield node
    elif isinstance(node, And | Or):
        for part in node.parts:
            if not isinstance(part, Not):
                yield from _positional_nodes(part)
