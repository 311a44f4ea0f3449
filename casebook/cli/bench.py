"""`casebook bench …`: benchmarks run on purpose, never as timed unit tests."""

from __future__ import annotations

import click

from casebook.cli.common import emit_json, json_option


@click.group()
def bench() -> None:
    """Measure speed and memory on generated data (figures go in release notes, not tests)."""


@bench.command("import")
@click.option("--pages", type=int, default=1000, show_default=True, help="Pages in the generated filing.")
@json_option
def bench_import(pages: int, as_json: bool) -> None:
    """Import a generated text PDF and compare with PyMuPDF's bare text extraction of the same file."""
    from casebook.bench.importing import run_import_bench

    result = run_import_bench(pages=pages)
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"Generated filing: {result.pages} pages, {result.file_mb} MB")
    click.echo(f"{'':<28}{'seconds':>9}{'pages/s':>10}{'peak RSS MB':>13}")
    click.echo(f"{'Casebook import (total)':<28}{result.casebook_seconds:>9}{result.casebook_pages_per_s:>10}"
               f"{result.casebook_peak_rss_mb:>13}")
    click.echo(f"{'  of which PDF worker':<28}{'':>9}{'':>10}{result.casebook_worker_peak_rss_mb:>13}")
    click.echo(f"{'  all processes at once':<28}{'':>9}{'':>10}{result.casebook_all_processes_peak_rss_mb:>13}")
    click.echo(f"{'PyMuPDF bare get_text()':<28}{result.bare_seconds:>9}{result.bare_pages_per_s:>10}"
               f"{result.bare_peak_rss_mb:>13}")
    ratio = result.casebook_seconds / max(result.bare_seconds, 1e-9)
    click.echo(f"Casebook takes {ratio:.1f}x the bare extraction time (it also rebuilds text with word boxes, "
               "detects paragraphs and stamps, hashes and stores).")


@bench.command("search")
@click.option("--pages", type=int, default=10_000, show_default=True, help="Synthetic filing pages.")
@click.option("--queries", type=int, default=200, show_default=True, help="Queries of each type.")
@json_option
def bench_search(pages: int, queries: int, as_json: bool) -> None:
    """Import-to-searchable, index size and query latency (top-20 highlighted), with SQLite FTS5 beside."""
    from casebook.bench.search import QUERY_TYPES, run_search_bench
    from casebook.cli.common import ProgressLine

    bar = ProgressLine("Benchmark")
    try:
        result = run_search_bench(pages=pages, queries=queries, progress=bar)
    finally:
        bar.finish()
    if as_json:
        emit_json(result.to_dict())
        return
    cb, fts = result.casebook, result.fts5

    def ratio(a: float, b: float) -> str:
        return (f"{a / b:.1f}x" if a / b >= 1 else f"{a / b:.2f}x") if b else "-"

    click.echo(f"Synthetic corpus: {result.pages} pages; {result.queries_per_type} queries of each type; "
               "query figures include highlighting of the top 20 hits.")
    click.echo(f"{'':<34}{'Casebook':>12}{'FTS5':>12}{'Casebook/FTS5':>15}")
    rows = [
        ("import-to-searchable pages/s", cb.pages_per_s, fts.pages_per_s),
        ("  indexing only, pages/s", cb.index_only_pages_per_s, fts.index_only_pages_per_s),
        ("index size MB", cb.index_mb, fts.index_mb),
        ("new 50-page doc searchable, s", cb.new_document_searchable_s, fts.new_document_searchable_s),
    ]
    for kind in QUERY_TYPES:
        rows.append((f"{kind} median ms", cb.latency[kind].median_ms, fts.latency[kind].median_ms))
        rows.append((f"{kind} p95 ms", cb.latency[kind].p95_ms, fts.latency[kind].p95_ms))
    for label, a, b in rows:
        click.echo(f"{label:<34}{a:>12}{b:>12}{ratio(a, b):>15}")


@bench.command("bundle")
@click.option("--pages", type=int, default=1000, show_default=True, help="Exhibit pages in the bundle.")
@json_option
def bench_bundle(pages: int, as_json: bool) -> None:
    """Export a bundle of generated filings with highlights, Bates numbers and chart; time and peak memory."""
    from casebook.bench.bundle import run_bundle_bench

    result = run_bundle_bench(pages=pages)
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"Bundle: {result.pages} pages ({result.exhibits} exhibits, {result.highlights} highlights), "
               f"{result.file_mb} MB; case set up in {result.setup_seconds} s (not timed)")
    click.echo(f"Export incl. pre-flight and verification: {result.export_seconds} s, "
               f"peak RSS {result.export_peak_rss_mb} MB")
