"""Full-text search over a case: the only package that imports Whoosh.

Public API: `CaseIndex` (open / recreate, `batch()` writer, `search`, `matching_units`, `fingerprints` /
`expected_fingerprints`, `doc_count`, `document_ids`, `clear`, `optimize`, `check`); results, filters and
errors are in `casebook.core.search`; the query language is documented in `casebook.index.query`.
Modules: analysis (terms), schema (fields, units, fingerprints), query (parser), compile (to Whoosh),
docsets (matching, ranking, facets), highlight (hit offsets, snippets), locks, case_index.

Distribution: whoosh-reloaded 2.7.5 (pinned). Evidence, Nov 2026, tests/index run with `-W error` in
throwaway venvs on CPython 3.11.7 and 3.12.1: whoosh 2.7.4, whoosh-reloaded 2.7.5 and whoosh3 3.54.0 all
pass (186 tests). `python -W error -m compileall whoosh` fails for whoosh 2.7.4 on both (invalid escapes and
`is 0` in codec/whoosh3.py, which we use: SyntaxWarnings today, errors in later Pythons) and lacks
`deleted_docs_set`; whoosh-reloaded warns only in the vendored whoosh/support/pyparsing.py, which Casebook
never imports; whoosh3 compiles clean but is a 2026 single-maintainer fork grown with LangChain/MCP
modules, its on-disk format and internals are the same 2.7 code (same refresh bug, below), and its
indexing was no faster here. Nothing in the evidence makes another distribution clearly better. All
three share `Searcher.refresh()` re-adding merged-away segments, so CaseIndex opens a new searcher instead.
"""

from casebook.index.case_index import CaseIndex, IndexBatch
from casebook.index.query import parse

__all__ = ["CaseIndex", "IndexBatch", "parse"]
