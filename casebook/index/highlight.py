"""Finding a query's matched words in a page's text and cutting snippets around them.

Works from the page text the store holds (the index does not keep it), re-tokenised exactly as it was
indexed, so every range points at the matched words in the text the viewer shows.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable

from casebook.core.search import Snippet
from casebook.index.analysis import ASCII_TOKEN_RE, stem, tokens
from casebook.index.compile import edit_distance, pattern_regex
from casebook.index.query import And, Fuzzy, Near, Node, Not, Or, Pattern, Phrase, Scope, Word

SNIPPET_CONTEXT = 80  # characters either side of a hit
MAX_SNIPPET = 320

Span = tuple[int, int]  # first and last token position, inclusive


class UnitText:
    """One unit's text as positioned terms, with lookups by term."""

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        end = len(text) if end is None else end
        self.page_text = text
        self.base = start
        segment = text[start:end]
        if segment.isascii():
            # Fast path, the same terms as analysis.index_terms: ASCII lower-casing keeps every offset.
            matches = list(ASCII_TOKEN_RE.finditer(segment.lower()))
            self.terms = [m.group() for m in matches]
            if "," in segment:
                self.terms = [t.replace(",", "") for t in self.terms]
            self.starts = [m.start() + start for m in matches]
            self.ends = [m.end() + start for m in matches]
        else:
            self.terms, self.starts, self.ends = [], [], []
            for _, term, s, e in tokens(segment):
                self.terms.append(term)
                self.starts.append(s + start)
                self.ends.append(e + start)
        self.by_term: dict[str, list[int]] = defaultdict(list)
        for position, term in enumerate(self.terms):
            self.by_term[term].append(position)

    def where(self, predicate: Callable[[str], bool]) -> list[int]:
        found: list[int] = []
        for term, positions in self.by_term.items():
            if predicate(term):
                found.extend(positions)
        return sorted(found)


def _single(positions: list[int]) -> list[Span]:
    return [(p, p) for p in positions]


def _near(groups: list[list[Span]], distance: int, ordered: bool) -> list[Span]:
    """Spans of every operand that lie within `distance` words of a span of each other operand."""
    if any(not g for g in groups):
        return []
    keep: list[Span] = []
    for i, group in enumerate(groups):
        for span in group:
            ok = True
            for j, other in enumerate(groups):
                if i == j:
                    continue
                starts = [s for s, _ in other]
                lo = bisect_left(starts, span[0] - distance - 64)  # spans are short: a cheap lower bound
                found = False
                for s, e in other[lo:]:
                    if s > span[1] + distance:
                        break
                    gap = s - span[1] if s > span[1] else span[0] - e
                    if ordered and (j > i) != (s > span[1]):
                        continue
                    if gap <= distance:
                        found = True
                        break
                if not found:
                    ok = False
                    break
            if ok:
                keep.append(span)
    return sorted(set(keep))


def match_spans(node: Node, unit: UnitText, field: str = "text", *, cross: bool = False) -> list[Span]:
    """Token spans in `unit` that `node` matched (NOT clauses and metadata filters match no words).

    With `cross`, phrases and proximity over several words are left out: the search found them in the
    document's whole word sequence and passes their positions on (see `hit_ranges`); inside `page:(…)`
    they are matched here, within the unit.
    """
    if isinstance(node, Scope):
        return match_spans(node.part, unit, field)
    if cross and field == "text" and (isinstance(node, Near) or (
            isinstance(node, Phrase) and node.field == field and len(node.terms) > 1)):
        return []
    if isinstance(node, Word):
        if node.field != field:
            return []
        term = node.terms[0]
        if term.isalpha():
            root = stem(term)
            return _single(unit.where(lambda t: t == term or (t.isalpha() and stem(t) == root)))
        return _single(unit.by_term.get(term, []))
    if isinstance(node, Phrase):
        if node.field != field:
            return []
        groups = [_single(unit.by_term.get(t, [])) for t in node.terms]
        if len(groups) == 1:
            return groups[0]
        if node.slop is not None:
            return _near(groups, node.slop, ordered=False)
        first, n = node.terms, len(node.terms)
        return [(p, p + n - 1) for p in unit.by_term.get(first[0], [])
                if unit.terms[p:p + n] == list(first)]
    if isinstance(node, Pattern):
        if node.field != field:
            return []
        if node.kind == "prefix":
            return _single(unit.where(lambda t: t.startswith(node.pattern)))
        regex = re.compile(pattern_regex(node.pattern))
        return _single(unit.where(lambda t: regex.fullmatch(t) is not None))
    if isinstance(node, Fuzzy):
        if node.field != field:
            return []
        term, d = node.term, node.distance
        return _single(unit.where(lambda t: t[:1] == term[:1] and edit_distance(t, term, d) <= d))
    if isinstance(node, Near):
        groups = [match_spans(p, unit, field) for p in node.parts]
        return _near(groups, node.distance, node.ordered)
    if isinstance(node, And | Or):
        found: set[Span] = set()
        for part in node.parts:
            if not isinstance(part, Not):
                found.update(match_spans(part, unit, field, cross=cross))
        return sorted(found)
    return []


def hit_ranges(node: Node, unit: UnitText, words: Iterable[Span] = (), *, cross: bool = True
               ) -> list[tuple[int, int]]:
    """Page-text [start, end) ranges of the matched words, merged where they overlap.

    `words` are unit-local (first, last) word positions the search matched for phrases and proximity in the
    whole document (with `cross`); without `cross` the unit is a whole item and everything is matched here.
    """
    spans = match_spans(node, unit, cross=cross)
    spans += [(a, min(b, len(unit.starts) - 1)) for a, b in words if 0 <= a < len(unit.starts)]
    ranges = sorted((unit.starts[a], unit.ends[b]) for a, b in spans)
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _snap_start(text: str, position: int, floor: int) -> int:
    if position <= floor:
        return floor
    space = text.rfind(" ", floor, position)
    newline = text.rfind("\n", floor, position)
    cut = max(space, newline)
    return cut + 1 if cut >= 0 and position - cut < 24 else position


def _snap_end(text: str, position: int, ceiling: int) -> int:
    if position >= ceiling:
        return ceiling
    candidates = [i for i in (text.find(" ", position, ceiling), text.find("\n", position, ceiling)) if i >= 0]
    cut = min(candidates) if candidates else -1
    return cut if cut >= 0 and cut - position < 24 else position


def snippets(unit: UnitText, ranges: list[tuple[int, int]], *, limit: int = 3,
             context: int = SNIPPET_CONTEXT) -> list[Snippet]:
    """Up to `limit` passages, best (most hits) first chosen, returned in page order."""
    return snippets_in(unit.page_text, unit.base, unit.starts[0] if unit.starts else None,
                       unit.ends[-1] if unit.ends else None, ranges, limit=limit, context=context)


def snippets_in(text: str, base: int, first_start: int | None, last_end: int | None,
                ranges: list[tuple[int, int]], *, limit: int = 3, context: int = SNIPPET_CONTEXT) -> list[Snippet]:
    """`snippets` for a unit known by where it starts (`base`) and where its first and last words lie."""
    floor = first_start if first_start is not None else base
    ceiling = last_end if last_end is not None else min(len(text), base + 2 * context)
    if not ranges:
        end = _snap_end(text, min(ceiling, floor + 2 * context), ceiling)
        return [_snippet(text, floor, end, [])] if end > floor else []
    windows: list[list] = []  # [start, end, [ranges]]
    for start, end in ranges:
        w_start = max(floor, start - context)
        w_end = min(ceiling, end + context)
        if windows and w_start <= windows[-1][1] and w_end - windows[-1][0] <= MAX_SNIPPET:
            windows[-1][1] = max(windows[-1][1], w_end)
            windows[-1][2].append((start, end))
        else:
            windows.append([w_start, w_end, [(start, end)]])
    best = sorted(windows, key=lambda w: (-len(w[2]), w[0]))[:limit]
    out = []
    for w_start, w_end, inside in sorted(best, key=lambda w: w[0]):
        s = _snap_start(text, w_start, floor)
        e = _snap_end(text, w_end, ceiling)
        s = min(s, inside[0][0])
        e = max(e, inside[-1][1])
        out.append(_snippet(text, s, e, inside))
    return out


def _snippet(text: str, start: int, end: int, inside: list[tuple[int, int]]) -> Snippet:
    # Line breaks become spaces one for one, so offsets within the snippet still add up to page offsets.
    body = re.sub(r"\s", " ", text[start:end])
    return Snippet(text=body, highlights=[(s - start, e - start) for s, e in inside], page_start=start,
                   page_end=end)
