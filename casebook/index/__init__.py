"""Full-text search over a case: the only package that imports Whoosh.

Public API: `CaseIndex` (open / recreate, `batch()` writer with add/delete of documents, claims and excerpts,
`search`, `matching_units`, `fingerprints` / `expected_fingerprints` / `expected_item_fingerprints`,
`item_ids`, `excerpts_linked_to`, `doc_count`, `document_ids`, `clear`, `optimize`, `check`); results, filters and
errors are in `casebook.core.search`; the query language is documented in `casebook.index.query`.
Modules: analysis (terms), schema (fields, units, fingerprints), query (parser and the one reference text
of the query language, `QUERY_LANGUAGE`), compile (to Whoosh), docsets (unit sets, ranking, facets), docmatch
(Boolean logic, phrases and proximity over whole documents, answered by page), highlight (hit offsets,
snippets), locks, case_index; positions (packed word positions), postings (posting lists as arrays),
wordline (phrases and proximity over a segment's words at once), pairs (distances between frequent words),
ranking (BM25 over arrays), mapped (segments read from the memory map), fastwrite / segments (writing).

Units are pages (or article paragraphs), claims and excerpts, but a query matches whole documents (dtSearch
semantics): each unit records where its words start in its document's word sequence (page furniture left
out), so phrases and proximity run on across page and paragraph breaks; `page:(…)` keeps the narrow reading.

Distribution: whoosh-reloaded 2.7.5 (pinned). Evidence, Nov 2026, tests/index run with `-W error` in
throwaway venvs on CPython 3.11.7 and 3.12.1: whoosh 2.7.4, whoosh-reloaded 2.7.5 and whoosh3 3.54.0 all
pass (186 tests). `python -W error -m compileall whoosh` fails for whoosh 2.7.4 on both (invalid escapes and
`is 0` in codec/whoosh3.py, which we use: SyntaxWarnings today, errors in later Pythons) and lacks
`deleted_docs_set`; whoosh-reloaded warns only in the vendored whoosh/support/pyparsing.py, which Casebook
never imports; whoosh3 compiles clean but is a 2026 single-maintainer fork grown with LangChain/MCP
modules around the same 2.7 internals and file format. Speed is the same within noise (3,000 synthetic
pages, CPU time: indexing 208-295 pages/s for all three; query medians within a few ms). Nothing makes
another distribution clearly better. All three share a `Searcher.refresh()` bug (merged-away segments come
back, doubling hits), so CaseIndex opens a fresh searcher instead.

Performance (2 cores, shared): Whoosh's writer costs ~20 µs per unique term per page in Python, so
indexing reaches ~230-300 pages/s, not 1,000; hence one positional field with query-time stemming (a
second, stemmed field halved throughput), terms pre-tokenised here, and the body not stored (snippets
use the store's text via `text_for`). Matching, totals, facets and BM25 ranking run on posting-block
arrays (numpy) and set algebra (docsets.py, ranking.py, wordline.py), not Whoosh's collectors.
"""

from casebook.index.mapped import use_mapped_files

use_mapped_files()  # before any segment is opened: Whoosh would copy each into memory (see mapped.py)

from casebook.index.batch import IndexBatch  # noqa: E402
from casebook.index.case_index import CaseIndex  # noqa: E402
from casebook.index.query import parse  # noqa: E402

__all__ = ["CaseIndex", "IndexBatch", "parse"]
