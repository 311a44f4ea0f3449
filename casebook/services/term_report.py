"""Search term reports (STR): per term or query, its hits, unique hits, documents and pages."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass

from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.core.search import QueryError, SearchFilters, UnitKey
from casebook.services.search import open_index, sync_index
from casebook.store.case_store import CaseStore


@dataclass(frozen=True)
class TermRow:
    """One line of a search term report. A term matches whole documents (see casebook.index.query); `hits`
    counts the units of those documents holding its words (PDF pages and article paragraphs), `pages` the
    distinct pages among them, `documents` the documents."""

    term: str
    hits: int
    unique_hits: int
    documents: int
    pages: int
    error: str | None = None


def read_terms(text: str) -> list[str]:
    """One term or query per line; blank lines and lines starting with '#' are ignored."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def term_report(case: CaseStore, terms: list[str], *, filters: SearchFilters | None = None,
                progress: ProgressCallback = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> list[TermRow]:
    """Run each term against the whole case; a unique hit is a unit that no other term in the list finds."""
    matches: dict[str, set[UnitKey] | QueryError] = {}
    with open_index(case) as index:
        sync_index(case, index, cancel=cancel)
        for done, term in enumerate(terms):
            cancel.raise_if_cancelled()
            progress(ProgressUpdate(done, len(terms), term))
            try:
                found_keys = index.matching_units(term, filters=filters)  # pages only: every key is a UnitKey
                matches[term] = {key for key in found_keys if isinstance(key, UnitKey)}
            except QueryError as exc:
                matches[term] = exc
    seen = Counter(unit for found in matches.values() if isinstance(found, set) for unit in found)
    rows = []
    for term in terms:
        found = matches[term]
        if isinstance(found, QueryError):
            rows.append(TermRow(term, 0, 0, 0, 0, error=str(found)))
            continue
        rows.append(TermRow(
            term=term, hits=len(found), unique_hits=sum(1 for unit in found if seen[unit] == 1),
            documents=len({u.document_id for u in found}), pages=len({(u.document_id, u.page) for u in found}),
        ))
    return rows


def render_table(rows: list[TermRow]) -> str:
    width = max([len("TERM"), *(len(r.term) for r in rows)])
    lines = [f"{'TERM':<{width}}  {'HITS':>6}  {'UNIQUE':>6}  {'DOCS':>5}  {'PAGES':>6}"]
    for r in rows:
        if r.error:
            lines.append(f"{r.term:<{width}}  error: {r.error}")
        else:
            lines.append(f"{r.term:<{width}}  {r.hits:>6}  {r.unique_hits:>6}  {r.documents:>5}  {r.pages:>6}")
    return "\n".join(lines)


def render_csv(rows: list[TermRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["term", "hits", "unique_hits", "documents", "pages", "error"])
    for r in rows:
        writer.writerow([r.term, r.hits, r.unique_hits, r.documents, r.pages, r.error or ""])
    return out.getvalue()


def render_json(rows: list[TermRow]) -> str:
    return json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False)
