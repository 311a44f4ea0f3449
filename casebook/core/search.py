"""What a full-text search over a case asks for and gets back: filters, hits, snippets, facets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from casebook.core.errors import CasebookError

SortOrder = Literal["relevance", "date", "date_desc"]
"""`relevance` ranks by BM25F; `date` is chronological (oldest first, as a chronology reads); `date_desc` newest
first. Date ties keep document and page order."""

SORT_ORDERS: tuple[str, ...] = ("relevance", "date", "date_desc")

FACET_FIELDS: tuple[str, ...] = ("kind", "court", "tag")


class QueryError(CasebookError):
    """A search query that cannot be run; the message explains why in the user's terms.

    `position` is the 0-based character offset in the query where the problem was found, when known.
    """

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


class SearchIndexCorrupt(CasebookError):
    """The case's search index cannot be read (damaged, truncated, or written by another format).

    The index is derived data: the caller rebuilds it from the store (`CaseIndex.recreate` + reindex).
    """


class SearchIndexBusy(CasebookError):
    """Another live process is writing the case's search index; try again when it has finished."""


class UnitKey(NamedTuple):
    """One searchable unit: a PDF page (paragraph None) or one numbered paragraph of an article's page."""

    document_id: int
    page: int
    paragraph: int | None = None

    def __str__(self) -> str:
        return f"{self.document_id}:{self.page}" + (f"¶{self.paragraph}" if self.paragraph is not None else "")


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions applied on top of the query text (the GUI's filter boxes; the same as `kind:` etc.).

    Every field is optional; values within one field are alternatives (OR), fields combine with AND.
    Dates are ISO `yyyy-mm-dd` (a shorter prefix such as `2025` or `2025-06` works too) and bound the
    document's filed date, or its published date for articles; both ends are inclusive.
    """

    kinds: tuple[str, ...] = ()
    courts: tuple[str, ...] = ()  # words matched in the court name, e.g. "columbia"
    dockets: tuple[str, ...] = ()  # e.g. "1:25-cv-01234"
    tags: tuple[str, ...] = ()
    document_ids: tuple[int, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def is_empty(self) -> bool:
        return not (self.kinds or self.courts or self.dockets or self.tags or self.document_ids
                    or self.date_from or self.date_to)


@dataclass(frozen=True)
class Snippet:
    """A short passage around one or more hits.

    `highlights` are [start, end) offsets within `text`; `page_start`/`page_end` place `text` in the page
    text, so a hit at highlights[i] sits at page_start + start … page_start + end on the page.
    """

    text: str
    highlights: list[tuple[int, int]]
    page_start: int
    page_end: int


@dataclass(frozen=True)
class SearchHit:
    """One matching unit: a page of a document, or an article paragraph (on page 1 of the article).

    `hit_ranges` are page-text offsets of every matched word in the unit (empty when no page text was
    available to the search); `snippets` are the best few passages, in page order.
    """

    document_id: int
    page_number: int
    page_label: str
    paragraph: int | None
    score: float
    title: str
    kind: str
    date: str | None
    snippets: list[Snippet] = field(default_factory=list)
    hit_ranges: list[tuple[int, int]] = field(default_factory=list)

    @property
    def unit(self) -> UnitKey:
        return UnitKey(self.document_id, self.page_number, self.paragraph)


@dataclass(frozen=True)
class SearchResults:
    """One page of results, the total number of matching units, and facet counts over all of them.

    `facets` maps "kind", "court" and "tag" to {value: matching units}. `notice` tells the user when the
    query was not run exactly as typed (e.g. "Unbalanced quote: searched as plain words").
    """

    query: str
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    offset: int
    limit: int
    notice: str | None = None
    documents: int = 0  # distinct documents among all matching units

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total


__all__ = [
    "FACET_FIELDS",
    "SORT_ORDERS",
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "SearchIndexBusy",
    "SearchIndexCorrupt",
    "SearchResults",
    "Snippet",
    "SortOrder",
    "UnitKey",
]
