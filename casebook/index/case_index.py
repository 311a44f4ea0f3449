"""A case's search index: open or create it, write batches, search, and compare it with the store."""

from __future__ import annotations

import gc
import json
import logging
import shutil
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from whoosh import index as windex
from whoosh.query import Or, Term

from casebook.core.records import DocumentRecord, PageRecord
from casebook.core.search import (
    SORT_ORDERS,
    ClaimSource,
    ExcerptSource,
    ItemKey,
    QueryError,
    SearchFilters,
    SearchHit,
    SearchIndexCorrupt,
    SearchKey,
    SearchResults,
    SortOrder,
    UnitKey,
)
from casebook.index import highlight
from casebook.index.batch import IndexBatch
from casebook.index.compile import Compiler, Expander, filters_query, is_ranked
from casebook.index.docmatch import DocumentMatcher
from casebook.index.docsets import DocSets
from casebook.index.locks import LOCK_NAME, OWNER_NAME, clear_owner, open_writer
from casebook.index.query import Node, ParsedQuery, parse
from casebook.index.quickmarks import WordMarker
from casebook.index.schema import INDEX_FORMAT, build_schema, claim_unit, excerpt_unit, index_codec, units_for
from casebook.index.segfacts import FactsCache

if TYPE_CHECKING:  # Whoosh is untyped: Any to mypy, named for the reader
    from whoosh.index import Index
    from whoosh.searching import Searcher
    from whoosh.writing import IndexWriter

log = logging.getLogger(__name__)

FORMAT_FILE = "casebook-index.json"
# One pool per writer; DESIGN.md §8 measured nothing gained above 128 MB.
WRITER_LIMIT_MB = 128
MAX_LIMIT = 1000

TextFor = Callable[[int, int], str]
T = TypeVar("T")


def _whoosh_files(folder: Path) -> list[Path]:
    names = {FORMAT_FILE, OWNER_NAME, LOCK_NAME}
    return [p for p in folder.iterdir()
            if p.name in names or p.name.startswith("_MAIN_") or p.name.startswith("MAIN_")
            or p.suffix in (".toc", ".seg", ".pst", ".trm", ".fvz", ".pos", ".dci", ".dcz", ".fid",
                            ".vps", ".tmp", ".run")]


@contextmanager
def _files_left_open_by_failures() -> Iterator[None]:
    """Whoosh leaves files open when reading a damaged index fails; close them without ResourceWarnings."""
    failed = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            if failed:
                gc.collect()


class CaseIndex:
    """The Whoosh index of one case, kept in the case's `index/` folder.

    Thread use: one writer at a time (the caller serialises batches); searches may run from any thread
    while no batch is committing — open one CaseIndex per reader thread if they overlap.
    """

    def __init__(self, folder: Path, ix: Index, *, lock_timeout: float) -> None:
        self.folder = folder
        self._ix = ix
        self._searcher: Searcher | None = None
        self._expander: Expander | None = None
        self._facts = FactsCache()
        self.lock_timeout = lock_timeout

    # --- opening ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str, *, create: bool = True, lock_timeout: float = 5.0) -> CaseIndex:
        """Open the index in `folder`, creating an empty one if there is none.

        Raises SearchIndexCorrupt when an index is there but cannot be read, or was written in an older
        format: the caller then rebuilds it (`recreate` and re-add every document from the store).
        """
        folder = Path(folder)
        if not folder.exists():
            if not create:
                raise SearchIndexCorrupt(f"{folder}: there is no search index here")
            folder.mkdir(parents=True)
        if not any(folder.glob("_MAIN_*.toc")):
            if not create:
                raise SearchIndexCorrupt(f"{folder}: there is no search index here")
            # No table of contents: nothing was ever committed (or a first build died); start afresh.
            return cls._create(folder, lock_timeout=lock_timeout)
        recorded = cls._recorded_format(folder)
        if recorded != INDEX_FORMAT:
            raise SearchIndexCorrupt(f"{folder}: the search index was written in format {recorded or 'unknown'}"
                                     f", this Casebook uses {INDEX_FORMAT}; it must be rebuilt")
        problem = None
        with _files_left_open_by_failures():
            try:
                ix = windex.open_dir(str(folder))
                if set(ix.schema.names()) != set(build_schema().names()):
                    raise SearchIndexCorrupt(f"{folder}: the search index has unexpected fields; "
                                             "it must be rebuilt")
                opened = cls(folder, ix, lock_timeout=lock_timeout)
                opened._searcher_now().doc_count()
            except SearchIndexCorrupt:
                raise
            except Exception as exc:  # whoosh raises pickle, struct, EOF, OS and its own errors alike
                problem = f"{type(exc).__name__}: {exc}"
        if problem is not None:
            raise SearchIndexCorrupt(f"{folder}: the search index cannot be read ({problem}); it must be rebuilt")
        return opened

    @classmethod
    def recreate(cls, folder: Path | str, *, lock_timeout: float = 5.0) -> CaseIndex:
        """Delete whatever index is in `folder` (readable or not) and create an empty one."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for path in _whoosh_files(folder):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with suppress(FileNotFoundError):
                    path.unlink()
        return cls._create(folder, lock_timeout=lock_timeout)

    @classmethod
    def _create(cls, folder: Path, *, lock_timeout: float) -> CaseIndex:
        ix = windex.create_in(str(folder), build_schema())
        (folder / FORMAT_FILE).write_text(json.dumps({"format": INDEX_FORMAT}), encoding="utf-8")
        return cls(folder, ix, lock_timeout=lock_timeout)

    @staticmethod
    def _recorded_format(folder: Path) -> str | None:
        try:
            return json.loads((folder / FORMAT_FILE).read_text(encoding="utf-8")).get("format")
        except (OSError, ValueError, AttributeError):
            return None

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._expander = None
        self._facts = FactsCache()

    def __enter__(self) -> CaseIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------------------------

    def _searcher_now(self) -> Searcher:
        """A searcher on the latest committed state (refreshed if another writer committed)."""
        if self._searcher is None:
            self._searcher = self._ix.searcher()
            self._expander = None
        elif not self._searcher.up_to_date():
            # Not Searcher.refresh(): with a reused reader it re-adds segments that a merge removed
            # (Whoosh 2.7 `FileIndex._reader`), so merged documents would be counted twice.
            self._searcher.close()
            self._searcher = self._ix.searcher()
            self._expander = None
        if self._expander is None:
            self._expander = Expander(self._searcher.reader())
        return self._searcher

    def _guard(self, action: Callable[[], T]) -> T:
        """Run a read; damage found on the way (truncated or garbled files) becomes SearchIndexCorrupt."""
        problem = None
        with _files_left_open_by_failures():
            try:
                return action()
            except (QueryError, SearchIndexCorrupt):
                raise
            except Exception as exc:  # unpickling, struct, zlib, EOF, OS and Whoosh errors alike
                if isinstance(exc, TypeError | AttributeError | NameError):  # our bugs: not the index's fault
                    raise
                problem = f"{type(exc).__name__}: {exc}"
                self.close()
        raise SearchIndexCorrupt(f"{self.folder}: the search index cannot be read ({problem}); it must be rebuilt")

    def doc_count(self) -> int:
        """Units (pages and article paragraphs) in the index."""
        return self._guard(lambda: self._searcher_now().doc_count())

    def document_ids(self) -> set[int]:
        """Documents with at least one page unit in the index."""
        def read() -> set[int]:
            sets = DocSets(self._searcher_now(), self._facts)
            keys = sets.unit_keys(sets.matching(Term("type", "page")))
            return {key.document_id for key in keys if isinstance(key, UnitKey)}  # all are: page units
        return self._guard(read)

    def item_ids(self, kind: str) -> set[int]:
        """Ids of the claims (kind "claim") or excerpts ("excerpt") in the index."""
        def read() -> set[int]:
            sets = DocSets(self._searcher_now(), self._facts)
            keys = sets.unit_keys(sets.matching(Term("type", kind)))
            return {key.item_id for key in keys if isinstance(key, ItemKey)}  # all are: claims or excerpts
        return self._guard(read)

    def excerpts_linked_to(self, claim_ids: Iterable[int]) -> set[int]:
        """Excerpts indexed as linked to any of these claims (to refresh them when a link goes away)."""
        terms = [Term("linked", str(claim_id)) for claim_id in sorted(set(claim_ids))]
        if not terms:
            return set()

        def read() -> set[int]:
            sets = DocSets(self._searcher_now(), self._facts)
            keys = sets.unit_keys(sets.matching(terms[0] if len(terms) == 1 else Or(terms)))
            return {key.item_id for key in keys if isinstance(key, ItemKey)}
        return self._guard(read)

    def segment_count(self) -> int:
        return len(self._ix._segments())

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())

    def fingerprints(self) -> dict[SearchKey, str]:
        """Every indexed unit with the fingerprint it was indexed with (compare `expected_fingerprints`)."""
        def read() -> dict[SearchKey, str]:
            out: dict[SearchKey, str] = {}
            for _, stored in self._searcher_now().reader().iter_docs():
                out[_stored_key(stored)] = stored["fp"]
            return out
        return self._guard(read)

    @staticmethod
    def expected_fingerprints(doc: DocumentRecord, pages: Sequence[PageRecord], *,
                              tags: Iterable[str] = ()) -> dict[SearchKey, str]:
        """The fingerprints `fingerprints()` would report once `doc` is indexed with these pages and tags."""
        return {unit.key: unit.fingerprint for unit in units_for(doc, pages, tags=tags)}

    @staticmethod
    def expected_item_fingerprints(claims: Iterable[ClaimSource] = (),
                                   excerpts: Iterable[tuple[ExcerptSource, DocumentRecord]] = ()
                                   ) -> dict[SearchKey, str]:
        """The fingerprints `fingerprints()` would report for these claims and (excerpt, document) pairs."""
        units = [claim_unit(c) for c in claims] + [excerpt_unit(e, doc) for e, doc in excerpts]
        return {unit.key: unit.fingerprint for unit in units}

    def check(self) -> None:
        """Read every stored record and term list; raise SearchIndexCorrupt if anything is unreadable."""
        def read() -> None:
            reader = self._searcher_now().reader()
            for _ in reader.iter_docs():
                pass
            for name in ("text", "doc", "kind", "date"):
                for _ in reader.lexicon(name):
                    pass
        try:
            self._guard(read)
        except SearchIndexCorrupt:
            raise
        except Exception as exc:
            raise SearchIndexCorrupt(f"{self.folder}: the search index is damaged ({type(exc).__name__}: "
                                     f"{exc}); it must be rebuilt") from exc

    # --- writing ------------------------------------------------------------------------------------

    def batch(self, *, optimize: bool = False, merge: bool = True) -> IndexBatch:
        """A batch of changes written by one Whoosh writer and committed together on leaving the `with`.

        An exception inside the `with` discards the batch (the index keeps its previous state). `merge`
        lets Whoosh fold small segments together on commit (keep it on for outbox batches: many segments
        slow every search); a long rebuild may commit chunks with merge=False and `optimize()` at the end.
        Measured here: batches of about 1,000 pages index fastest; one writer per file is 2x slower.
        """
        return IndexBatch(self, optimize=optimize, merge=merge)

    def clear(self) -> None:
        """Remove every unit (the folder keeps an empty, valid index)."""
        with self.batch() as batch:
            batch.clear()

    def optimize(self) -> bool:
        """Merge all segments into one, dropping deleted units; False if there was nothing to do.

        Run when idle: it rewrites the whole index (about 5 s per 1,000 pages here).
        """
        def settled() -> bool:
            reader = self._searcher_now().reader()
            return self.segment_count() <= 1 and not reader.has_deletions()
        if self._guard(settled):
            return False
        with self.batch(optimize=True):
            pass
        return True

    def _writer(self) -> IndexWriter:
        return open_writer(self._ix, self.folder, timeout=self.lock_timeout, limitmb=WRITER_LIMIT_MB,
                           codec=index_codec())

    def _committed(self) -> None:
        clear_owner(self.folder, only_mine=True)
        self._expander = None

    # --- searching ----------------------------------------------------------------------------------

    def search(self, query: str, *, filters: SearchFilters | None = None, sort: SortOrder = "relevance",
               limit: int = 20, offset: int = 0, text_for: TextFor | None = None, snippets: int = 3,
               facets: bool = True) -> SearchResults:
        """Run a query (see casebook.index.query for the language) and return one page of hits.

        `text_for(document_id, page_number)` returns a page's text from the store; it is called only for
        the hits returned, to build snippets and hit ranges (without it hits have none). Facets count
        kinds, courts and tags over all matching units; `facets=False` skips them (faster on huge sets).
        Raises QueryError for a query that cannot be run; typing slips are searched anyway with `notice`.
        """
        if sort not in SORT_ORDERS:
            raise QueryError(f"sort must be one of {', '.join(SORT_ORDERS)}")
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        parsed = parse(query)
        started = time.perf_counter()
        results, spans, tokens, expander = self._guard(
            lambda: self._search(query, parsed, filters, sort, limit, offset, facets))
        # Snippets come from the store's text, outside the guard: a failing text_for is the caller's error,
        # not damage to the index.
        texts: dict[tuple[int, int], str] = {}
        # None: the query needs word positions. Fuzzy words are looked for as the search expanded them.
        marker = WordMarker.of(parsed.root, fuzzy_words=expander.fuzzy) if results.hits else None
        results.hits[:] = [self._highlighted(hit, span, words, parsed.root, text_for, texts, snippets, marker)
                           if text_for is not None or hit.unit_type != "page" else hit
                           for hit, span, words in zip(results.hits, spans, tokens, strict=True)]
        log.debug("search %r: %d units, %d shown, %.1f ms", query, results.total, len(results.hits),
                  (time.perf_counter() - started) * 1000)
        return results

    def _search(self, query: str, parsed: ParsedQuery, filters: SearchFilters | None, sort: SortOrder, limit: int,
                offset: int, facets: bool) -> tuple[SearchResults, list, list, Expander]:
        searcher = self._searcher_now()
        assert self._expander is not None  # _searcher_now sets it
        compiler = Compiler(self._expander)
        compiled = compiler.compile(parsed.root)  # checks the query; its words rank the hits
        sets = DocSets(searcher, self._facts)
        matcher = DocumentMatcher(sets, compiler)
        matched = matcher.matching(parsed.root, filters_query(filters))
        total = sets.total(matched)
        wanted = offset + limit
        rows: list[tuple[int, float]] = []
        if total and limit:
            if sort == "relevance" and is_ranked(parsed.root):
                rows = sets.ranked(compiled, matched, wanted, by_item=True)[offset:]
            else:
                key = "order" if sort == "relevance" else ("date_desc" if sort == "date_desc" else "date")
                rows = [(docnum, 0.0) for docnum in sets.first_by(matched, wanted, key)[offset:]]
        stored = [searcher.stored_fields(docnum) for docnum, _ in rows]
        tokens = matcher.tokens(parsed.root, [docnum for docnum, _ in rows])  # for the rows shown alone
        hits = [self._hit(fields, score) for fields, (_, score) in zip(stored, rows, strict=True)]
        results = SearchResults(query=query, total=total, hits=hits,
                                facets=sets.facet_counts(matched) if facets else {}, offset=offset, limit=limit,
                                notice=parsed.notice, documents=sets.document_count(matched))
        return (results, [fields.get("span") for fields in stored],
                [tokens.get(docnum, ()) for docnum, _ in rows], compiler.x)

    @staticmethod
    def _hit(stored: dict, score: float) -> SearchHit:
        unit_type = stored.get("type") or "page"
        if unit_type == "page":
            return SearchHit(document_id=int(stored["doc"]), page_number=stored["page"],
                             page_label=stored.get("label") or str(stored["page"]),
                             paragraph=stored.get("paragraph"), score=float(score or 0.0),
                             title=stored.get("title_text") or "", kind=stored.get("kind") or "",
                             date=stored.get("date") or None)
        info = stored.get("info") or {}
        item_id = int(stored["item"].split(":", 1)[1])
        common = {"score": float(score or 0.0), "unit_type": unit_type, "text": stored.get("body") or "",
                  "note": info.get("note", ""), "tags": tuple(info.get("tags", ())), "paragraph": None}
        if unit_type == "claim":
            return SearchHit(document_id=0, page_number=0, page_label="", title=info.get("statement", ""),
                             kind="", date=None, claim_id=item_id, claim_type=info.get("claim_type", ""),
                             status=info.get("status", ""), asserted_by=info.get("asserted_by", ""), **common)
        start_page, start, end_page, end = info.get("anchor", (stored["page"], 0, stored["page"], 0))
        return SearchHit(document_id=int(stored["doc"]), page_number=stored["page"],
                         page_label=stored.get("label") or str(stored["page"]), title=stored.get("title_text") or "",
                         kind=stored.get("kind") or "", date=stored.get("date") or None, excerpt_id=item_id,
                         citation=info.get("citation", ""), links=tuple(tuple(x) for x in info.get("links", ())),
                         # The excerpt's extent on its first page: where the viewer jumps and what it highlights.
                         hit_ranges=[(start, end if end_page == start_page else -1)], **common)

    @staticmethod
    def _highlighted(hit: SearchHit, span: tuple[int, int] | None, words: Iterable[tuple[int, int]], root: Node,
                     text_for: TextFor | None, texts: dict[tuple[int, int], str],
                     max_snippets: int, marker: WordMarker | None = None) -> SearchHit:
        """`words`: the unit's word positions that phrases and proximity matched (across unit boundaries);
        `marker` highlights a query of single words without tokenising the whole page (same ranges)."""
        if hit.unit_type != "page":
            return CaseIndex._item_highlighted(hit, root, text_for, texts, max_snippets)
        key = (hit.document_id, hit.page_number)
        if key not in texts:
            assert text_for is not None  # search() highlights page hits only with a text_for
            texts[key] = text_for(*key) or ""
        page_text = texts[key]
        start, end = span or (0, len(page_text))  # where the unit sits in its page
        start, end = min(start, len(page_text)), min(end, len(page_text))
        marked = marker.ranges(page_text, start, end, words) if marker is not None else None
        if marked is not None:
            ranges, bounds = marked
            found = highlight.snippets_in(page_text, start, bounds.first_start, bounds.last_end, ranges,
                                          limit=max_snippets) if max_snippets else []
            return replace(hit, snippets=found, hit_ranges=ranges)
        unit = highlight.UnitText(page_text, min(start, len(page_text)), min(end, len(page_text)))
        ranges = highlight.hit_ranges(root, unit, words)
        found = highlight.snippets(unit, ranges, limit=max_snippets) if max_snippets else []
        return replace(hit, snippets=found, hit_ranges=ranges)

    @staticmethod
    def _item_highlighted(hit: SearchHit, root: Node, text_for: TextFor | None, texts: dict[tuple[int, int], str],
                          max_snippets: int) -> SearchHit:
        """Snippets of a claim or excerpt come from its own text; an excerpt's range on its page is completed
        from the page text when it runs on to the next page."""
        unit = highlight.UnitText(hit.text, 0, len(hit.text))
        ranges = highlight.hit_ranges(root, unit, cross=False)  # one unit is the whole item
        found = highlight.snippets(unit, ranges, limit=max_snippets) if max_snippets else []
        page_ranges = hit.hit_ranges
        if hit.unit_type == "excerpt" and page_ranges and page_ranges[0][1] < 0:
            key = (hit.document_id, hit.page_number)
            if key not in texts and text_for is not None:
                texts[key] = text_for(*key) or ""
            start = page_ranges[0][0]
            page_ranges = [(start, max(start, len(texts.get(key, ""))))]
        return replace(hit, snippets=found, hit_ranges=page_ranges)

    def matching_units(self, query: str, *, filters: SearchFilters | None = None,
                       unit_types: tuple[str, ...] | None = ("page",)) -> set[SearchKey]:
        """Every unit a query matches (for search term reports: hits, unique hits, documents, pages).

        Only pages and article paragraphs by default, as a term report counts them; `unit_types=None`
        includes claims and excerpts too (their keys are ItemKeys).
        """
        parsed = parse(query)
        if unit_types and not (filters and filters.unit_types):
            filters = replace(filters or SearchFilters(), unit_types=unit_types)

        def run() -> set[SearchKey]:
            searcher = self._searcher_now()
            assert self._expander is not None  # _searcher_now sets it
            compiler = Compiler(self._expander)
            compiler.compile(parsed.root)  # checks the query as a search would
            sets = DocSets(searcher, self._facts)
            matched = DocumentMatcher(sets, compiler).matching(parsed.root, filters_query(filters))
            return sets.unit_keys(matched)
        return self._guard(run)


def _stored_key(stored: dict) -> SearchKey:
    unit_type = stored.get("type") or "page"
    if unit_type == "page":
        return UnitKey(int(stored["doc"]), stored["page"], stored.get("paragraph"))
    return ItemKey(unit_type, int(stored["item"].split(":", 1)[1]))
