"""Turning a parsed query tree and search filters into Whoosh queries against one index reader."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA
from whoosh import query as wq
from whoosh.query import spans

from casebook.core.search import UNIT_TYPES, QueryError, SearchFilters
from casebook.index.analysis import split_words, stem, stem_candidates_prefix
from casebook.index.query import (
    And,
    Everything,
    Filter,
    Fuzzy,
    Near,
    Node,
    Not,
    Or,
    Pattern,
    Phrase,
    Scope,
    Word,
    tag_value,
    unit_type_value,
)
from casebook.index.schema import docket_key

if TYPE_CHECKING:  # Whoosh is untyped: Any to mypy, named for the reader
    from whoosh.reading import IndexReader

# Up to this many words a wildcard or fuzzy term is ranked as an OR of its words; past it the matching
# units are collected unranked (Whoosh's constant-score union), which keeps common prefixes fast.
MAX_SCORED_EXPANSION = 64
# Proximity needs the words themselves; a wildcard inside w/N or "…"~N may stand for at most this many.
MAX_SPAN_EXPANSION = 512
MAX_FUZZY_EXPANSION = 256
DATE_END = "~"  # sorts after any digit or "-", so "2025-06" as an upper bound includes 2025-06-30


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance with adjacent transpositions (optimal string alignment), or `limit + 1`
    past `limit` (rapidfuzz's C implementation: the pure-Python one made a fuzzy query cost ~0.3 s)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    return min(OSA.distance(a, b, score_cutoff=limit), limit + 1)


class Expander:
    """Expands stems, wildcards and fuzzy terms to indexed words; one per searcher (results cached)."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self._cache: dict[tuple, list[str]] = {}
        self._initials: dict[tuple[str, str], list[str]] = {}

    def _prefix(self, field: str, prefix: str) -> Iterable[str]:
        if field not in self.reader.schema:
            return ()
        if not prefix:
            return (_text(t) for t in self.reader.expand_prefix(field, prefix))
        # The words sharing the prefix's first letter are read once per searcher (merging the lexicons of
        # several segments is slow in Whoosh); a prefix is then a slice of that sorted list.
        key = (field, prefix[:1])
        words = self._initials.get(key)
        if words is None:
            words = self._initials[key] = sorted(_text(t) for t in self.reader.expand_prefix(field, prefix[:1]))
        return words[bisect_left(words, prefix):bisect_left(words, prefix + "\U0010ffff")]

    def stems(self, field: str, term: str) -> list[str]:
        key = ("stem", field, term)
        if key not in self._cache:
            if not term.isalpha():
                found = [term]
            else:
                root = stem(term)
                found = [w for w in self._prefix(field, stem_candidates_prefix(term)) if stem(w) == root]
                if term not in found:
                    found.append(term)
            self._cache[key] = found
        return self._cache[key]

    def pattern(self, node: Pattern) -> list[str]:
        key = ("pattern", node.field, node.pattern)
        if key not in self._cache:
            candidates = self._prefix(node.field, node.literal_prefix)
            if node.kind == "prefix":
                found = list(candidates)
            else:
                regex = re.compile(pattern_regex(node.pattern))
                found = [w for w in candidates if regex.fullmatch(w)]
            self._cache[key] = found
        return self._cache[key]

    def fuzzy(self, node: Fuzzy) -> list[str]:
        key = ("fuzzy", node.field, node.term, node.distance)
        if key not in self._cache:
            # Misspellings rarely touch the first letter; requiring it keeps the scan to 1/26 of the words.
            found = [w for w in self._prefix(node.field, node.term[:1])
                     if abs(len(w) - len(node.term)) <= node.distance
                     and edit_distance(w, node.term, node.distance) <= node.distance]
            found.sort(key=lambda w: (edit_distance(w, node.term, node.distance), w))
            self._cache[key] = found[:MAX_FUZZY_EXPANSION]
        return self._cache[key]


def pattern_regex(pattern: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


def _terms(field: str, words: list[str]) -> wq.Query:
    if not words:
        return wq.NullQuery
    if len(words) == 1:
        return wq.Term(field, words[0])
    return wq.Or([wq.Term(field, w) for w in words])


def _span_terms(field: str, words: list[str], what: str) -> wq.Query:
    if len(words) > MAX_SPAN_EXPANSION:
        raise QueryError(f"{what} stands for {len(words)} different words, too many inside a proximity "
                         "search; give more letters")
    if not words:
        return wq.NullQuery
    if len(words) == 1:
        return wq.Term(field, words[0])
    return spans.SpanOr([wq.Term(field, w) for w in words])


class Compiler:
    def __init__(self, expander: Expander) -> None:
        self.x = expander

    def compile(self, node: Node) -> wq.Query:
        if isinstance(node, Word):
            return _terms(node.field, self.x.stems(node.field, node.terms[0]))
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Pattern):
            words = self.x.pattern(node)
            if len(words) <= MAX_SCORED_EXPANSION:
                return _terms(node.field, words)
            if node.kind == "prefix":
                return wq.Prefix(node.field, node.pattern)
            return wq.Wildcard(node.field, node.pattern)
        if isinstance(node, Fuzzy):
            return _terms(node.field, self.x.fuzzy(node))
        if isinstance(node, Filter):
            return filter_query(node)
        if isinstance(node, Near):
            return spans.SpanNear2([self.span(p) for p in node.parts], slop=node.distance,
                                   ordered=node.ordered)
        if isinstance(node, And):
            positives = [self.compile(p) for p in node.parts if not isinstance(p, Not)]
            negatives = [self.compile(p.part) for p in node.parts if isinstance(p, Not)]
            base = (positives[0] if len(positives) == 1 else wq.And(positives)) if positives else wq.Every()
            if negatives:
                return wq.AndNot(base, negatives[0] if len(negatives) == 1 else wq.Or(negatives))
            return base
        if isinstance(node, Or):
            return wq.Or([self.compile(p) for p in node.parts])
        if isinstance(node, Not):
            return wq.AndNot(wq.Every(), self.compile(node.part))
        if isinstance(node, Everything):
            return wq.Every()
        if isinstance(node, Scope):
            return self.compile(node.part)
        raise TypeError(f"unknown query node {node!r}")

    def _phrase(self, node: Phrase) -> wq.Query:
        if len(node.terms) == 1:
            return wq.Term(node.field, node.terms[0])
        if node.slop is None:
            return wq.Phrase(node.field, list(node.terms))
        return spans.SpanNear2([wq.Term(node.field, t) for t in node.terms], slop=node.slop, ordered=False)

    def span(self, node: Node) -> wq.Query:
        """A query that reports word positions, as proximity needs."""
        if isinstance(node, Word):
            return _span_terms(node.field, self.x.stems(node.field, node.terms[0]), node.terms[0])
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Pattern):
            return _span_terms(node.field, self.x.pattern(node), node.pattern)
        if isinstance(node, Fuzzy):
            return _span_terms(node.field, self.x.fuzzy(node), f"{node.term}~{node.distance}")
        if isinstance(node, Or):
            return spans.SpanOr([self.span(p) for p in node.parts])
        if isinstance(node, Near):
            return spans.SpanNear2([self.span(p) for p in node.parts], slop=node.distance, ordered=node.ordered)
        raise QueryError("w/N, pre/N and \"…\"~N join words, phrases, wildcards and OR-groups of them; "
                         "use AND, NOT and field filters outside the proximity group")


def filter_query(node: Filter) -> wq.Query:
    if node.field == "kind":
        return wq.Term("kind", node.value)
    if node.field == "docket":
        return wq.Term("docket", node.value)
    if node.field == "tag":
        return wq.Term("tags", node.value)
    if node.field == "type":
        return wq.Term("type", node.value)
    if node.field == "date":
        return date_range(node.low, node.high)
    raise TypeError(f"unknown filter {node.field}")


def date_range(low: str | None, high: str | None) -> wq.Query:
    return wq.TermRange("date", low, (high + DATE_END) if high else None)


def filters_query(filters: SearchFilters | None) -> wq.Query | None:
    """The SearchFilters as one Whoosh query (values within a field OR'd, fields AND'ed), or None."""
    if filters is None or filters.is_empty():
        return None
    clauses: list[wq.Query] = []

    def any_of(queries: list[wq.Query]) -> None:
        if queries:
            clauses.append(queries[0] if len(queries) == 1 else wq.Or(queries))

    any_of([wq.Term("kind", k.lower()) for k in filters.kinds])
    court_queries: list[wq.Query] = []
    for court in filters.courts:
        words = split_words(court)
        if words:
            court_queries.append(wq.Term("court", words[0]) if len(words) == 1 else wq.Phrase("court", words))
    any_of(court_queries)
    if filters.courts and not court_queries:
        clauses.append(wq.NullQuery)
    any_of([wq.Term("docket", docket_key(d)) for d in filters.dockets])
    any_of([wq.Term("tags", tag_value(t)) for t in filters.tags])
    types = [unit_type_value(t) for t in filters.unit_types]
    if filters.unit_types and not any(types):
        raise QueryError(f"unknown result type {filters.unit_types[0]!r}; use one of {', '.join(UNIT_TYPES)}")
    any_of([wq.Term("type", t) for t in types if t])
    any_of([wq.Term("doc", str(i)) for i in filters.document_ids])
    if filters.date_from or filters.date_to:
        clauses.append(date_range(filters.date_from, filters.date_to))
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


def is_ranked(node: Node) -> bool:
    """Whether the query has words to rank by (a query of only filters and NOTs lists units in order)."""
    if isinstance(node, Filter | Everything | Not):
        return False
    if isinstance(node, And | Or):
        return any(is_ranked(p) for p in node.parts)
    if isinstance(node, Scope):
        return is_ranked(node.part)
    return True
