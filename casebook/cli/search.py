"""`casebook search`, `casebook report terms` and `casebook reindex`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import click

from casebook.cli.common import ProgressLine, case_option, emit_json, json_option, resolve_case_path
from casebook.core.search import UNIT_TYPES, SearchFilters, SearchHit, SearchResults, Snippet, SortOrder
from casebook.services import search as search_service
from casebook.services import term_report
from casebook.services.cases import open_case

# One reference text for the query language, kept with the parser (casebook.index.query); "\b" keeps click
# from re-wrapping each block.
QUERY_HELP = "\n\n".join("\b\n" + block for block in search_service.QUERY_LANGUAGE.split("\n\n"))


def _mark(snippet: Snippet, color: bool) -> str:
    text, out, last = snippet.text, [], 0
    for start, end in snippet.highlights:
        out.append(text[last:start])
        word = text[start:end]
        out.append(click.style(word, bold=True, fg="yellow") if color else f"«{word}»")
        last = end
    out.append(text[last:])
    return " ".join("".join(out).split())


def print_results(results: SearchResults, *, color: bool) -> None:
    if results.notice:
        click.echo(f"note: {results.notice}")
    click.echo(f"{results.total} hit(s) in {results.documents} document(s)"
               + (f"; showing {results.offset + 1}–{results.offset + len(results.hits)}" if results.hits else ""))
    for hit in results.hits:
        click.echo("\n" + hit_heading(hit))
        for snippet in hit.snippets:
            click.echo(f"    …{_mark(snippet, color)}…")
    for facet, counts in results.facets.items():
        if counts:
            listed = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            click.echo(f"\n{facet}: {listed}")


def hit_heading(hit: SearchHit) -> str:
    """One line naming a hit: "Claim 1: …", "Excerpt 4 (Romo Decl. ¶ 8) …" or "#3 Title — p. 2 …"."""
    tags = f"; tags {', '.join(hit.tags)}" if hit.tags else ""
    if hit.unit_type == "claim":
        who = f", {hit.asserted_by}" if hit.asserted_by else ""
        return (f"Claim {hit.claim_id}: {_short(hit.title, 90)}  [{hit.claim_type}, {hit.status}{who}{tags}, "
                f"score {hit.score:.2f}]")
    if hit.unit_type == "excerpt":
        links = "; ".join(f"{relation} claim {claim_id}" for claim_id, relation in hit.links)
        extra = "".join(f", {part}" for part in (links,) if part)
        return (f"Excerpt {hit.excerpt_id} ({hit.citation or hit.title}) — #{hit.document_id} p. {hit.page_label}  "
                f"[{hit.kind}{extra}{tags}, score {hit.score:.2f}]")
    where = f"p. {hit.page_label}" + (f" (PDF p. {hit.page_number})" if hit.page_label != str(hit.page_number)
                                      else "")
    if hit.paragraph is not None:
        where = f"¶ {hit.paragraph}"
    return (f"#{hit.document_id} {hit.title[:70]} — {where}  [{hit.kind}, {hit.date or 'undated'}, "
            f"score {hit.score:.2f}]")


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def results_json(results: SearchResults) -> dict:
    return {
        "query": results.query, "total": results.total, "documents": results.documents, "notice": results.notice,
        "offset": results.offset, "limit": results.limit, "facets": results.facets,
        "hits": [
            {
                "document_id": h.document_id, "title": h.title, "kind": h.kind, "date": h.date,
                "page": h.page_number, "page_label": h.page_label, "paragraph": h.paragraph, "score": h.score,
                "hit_ranges": h.hit_ranges, "type": h.unit_type, "claim_id": h.claim_id,
                "excerpt_id": h.excerpt_id, "text": h.text, "note": h.note, "tags": list(h.tags),
                "citation": h.citation, "links": [{"claim_id": c, "relation": r} for c, r in h.links],
                "claim_type": h.claim_type, "status": h.status, "asserted_by": h.asserted_by,
                "snippets": [{"text": s.text, "highlights": s.highlights, "page_start": s.page_start,
                              "page_end": s.page_end} for s in h.snippets],
            }
            for h in results.hits
        ],
    }


@click.command(epilog=QUERY_HELP)
@click.argument("query")
@click.option("--kind", "kinds", multiple=True, help="Only this document kind (repeatable).")
@click.option("--court", "courts", multiple=True, help="Only documents whose court name has these words.")
@click.option("--type", "unit_types", multiple=True, type=click.Choice(UNIT_TYPES),
              help="Only pages, claims or excerpts (repeatable; default all).")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many hits (paging).")
@case_option
@json_option
def search(query: str, kinds: tuple[str, ...], courts: tuple[str, ...], unit_types: tuple[str, ...], sort: SortOrder,
           limit: int, offset: int, case_path: Path | None, as_json: bool) -> None:
    """Search the case's pages, article paragraphs, claims and excerpts (with their notes and tags)."""
    filters = SearchFilters(kinds=kinds, courts=courts, unit_types=unit_types)
    with open_case(resolve_case_path(case_path)) as case:
        results = search_service.search(case, query, filters=filters, sort=sort, limit=limit, offset=offset)
    if as_json:
        emit_json(results_json(results))
    else:
        print_results(results, color=sys.stdout.isatty())


@click.command()
@case_option
@json_option
def reindex(case_path: Path | None, as_json: bool) -> None:
    """Rebuild the search index from the store (the store is the source of truth)."""
    bar = ProgressLine("Reindexing")
    with open_case(resolve_case_path(case_path)) as case:
        try:
            applied = search_service.reindex(case, progress=bar)
        finally:
            bar.finish()
    if as_json:
        emit_json({"documents_indexed": applied})
    else:
        click.echo(f"Search index rebuilt: {applied} document(s) indexed.")


@click.group()
def report() -> None:
    """Reports on the case."""


@report.command("terms")
@click.argument("terms_file", type=click.File("r", encoding="utf-8"))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@case_option
def report_terms(terms_file: TextIO, fmt: str, case_path: Path | None) -> None:
    """Search term report: for each line of TERMS_FILE (a term or query), hits, unique hits, documents, pages."""
    terms = term_report.read_terms(terms_file.read())
    with open_case(resolve_case_path(case_path)) as case:
        rows = term_report.term_report(case, terms)
    render = {"table": term_report.render_table, "csv": term_report.render_csv, "json": term_report.render_json}
    click.echo(render[fmt](rows).rstrip("\n"))
