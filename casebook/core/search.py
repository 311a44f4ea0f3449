"""What a full-text search over a case asks for and gets back: filters, hits, snippets, facets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from casebook.core.errors import CasebookError

SortOrder = Literal["relevance", "date", "date_desc"]
"""`relevance` ranks by BM25F; `date` is chronological (oldest first, as a chronology reads); `date_desc` newest
first. Date ties keep document and page order."""

SORT_ORDERS: tuple[str, ...] = ("relevance", "date", "date_desc")

FACET_FIELDS: tuple[str, ...] = ("kind", "court", "tag", "type")

UNIT_TYPES: tuple[str, ...] = ("page", "claim", "excerpt")
"""What a hit can be: a PDF page or article paragraph ("page"), a claim, or an excerpt (`type:` in queries)."""


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


class ItemKey(NamedTuple):
    """One searchable claim or excerpt (`kind` "claim" or "excerpt"); pages keep their UnitKey.

    A separate key type, so page keys stay the (document, page, paragraph) triples callers compare with.
    """

    kind: str
    item_id: int

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}"


SearchKey = UnitKey | ItemKey


def key_order(key: SearchKey) -> tuple:
    """A sort key for a mix of page and claim/excerpt keys (tuples of the two do not compare)."""
    if isinstance(key, ItemKey):
        return (1, key.kind, key.item_id, 0)
    return (0, key.document_id, key.page, -1 if key.paragraph is None else key.paragraph)


@dataclass(frozen=True)
class ClaimSource:
    """What the search index holds of one claim, read from the store."""

    id: int
    statement: str
    claim_type: str
    status: str
    note: str = ""
    asserted_by: str = ""  # the asserting person's or organisation's name
    asserted_role: str = ""
    asserted_aliases: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()  # issue titles
    tags: tuple[str, ...] = ()
    event_date: str = ""


@dataclass(frozen=True)
class ExcerptSource:
    """What the search index holds of one excerpt, read from the store (the citation is added by services)."""

    id: int
    document_id: int
    start_page: int
    start: int
    end_page: int
    end: int
    exact: str
    note: str = ""
    tags: tuple[str, ...] = ()
    links: tuple[tuple[int, str], ...] = ()  # (claim id, relation) of every claim it is linked to
    citation: str = ""  # "Romo Decl. ¶ 8"
    page_label: str = ""  # printed label of the start page


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
    unit_types: tuple[str, ...] = ()  # "page", "claim", "excerpt" (see UNIT_TYPES); empty = all

    def is_empty(self) -> bool:
        return not (self.kinds or self.courts or self.dockets or self.tags or self.document_ids
                    or self.date_from or self.date_to or self.unit_types)


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
    """One matching unit: a page of a document, an article paragraph (on page 1 of the article), a claim or
    an excerpt (`unit_type`).

    For pages, `hit_ranges` are page-text offsets of every matched word in the unit (empty when no page text
    was available to the search) and `snippets` are the best few passages, in page order. For an excerpt,
    `document_id`/`page_number` are where it starts, `hit_ranges` its whole span on that page (so the viewer
    can jump to and highlight it), `citation` its pin cite and `links` the claims it bears on; for a claim,
    `document_id` and `page_number` are 0. For both, `text` is the unit's own text (statement or quote, then
    the note) and snippets are cut from it (their offsets are into `text`, not a page).
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
    unit_type: str = "page"
    claim_id: int | None = None
    excerpt_id: int | None = None
    text: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    citation: str = ""
    links: tuple[tuple[int, str], ...] = ()  # excerpts: (claim id, relation)
    claim_type: str = ""
    status: str = ""
    asserted_by: str = ""

    @property
    def unit(self) -> SearchKey:
        if self.unit_type == "claim" and self.claim_id is not None:
            return ItemKey("claim", self.claim_id)
        if self.unit_type == "excerpt" and self.excerpt_id is not None:
            return ItemKey("excerpt", self.excerpt_id)
        return UnitKey(self.document_id, self.page_number, self.paragraph)


@dataclass(frozen=True)
class SearchResults:
    """One page of results, the total number of matching units, and facet counts over all of them.

    A query matches whole documents (and claims and excerpts, each on its own); the matching units are the
    pages or article paragraphs of those documents that hold the query's searched words (every unit of a
    document matched only by filters or NOT), and `documents` counts the documents. Hits are ranked with a
    document's pages together, by the document's best page.

    `facets` maps "kind", "court", "tag" and "type" to {value: matching units}; a tag counts the units
    tagged with it or any tag below it ("hot" counts "hot/sworn figures"). `notice` tells the user when the
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
    "UNIT_TYPES",
    "ClaimSource",
    "ExcerptSource",
    "ItemKey",
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "SearchIndexBusy",
    "SearchIndexCorrupt",
    "SearchKey",
    "SearchResults",
    "Snippet",
    "SortOrder",
    "UnitKey",
    "key_order",
]
