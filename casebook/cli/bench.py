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
    from casebook.services.bench_import import run_import_bench

    result = run_import_bench(pages=pages)
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"Generated filing: {result.pages} pages, {result.file_mb} MB")
    click.echo(f"{'':<28}{'seconds':>9}{'pages/s':>10}{'peak RSS MB':>13}")
    click.echo(f"{'Casebook import (total)':<28}{result.casebook_seconds:>9}{result.casebook_pages_per_s:>10}"
               f"{result.casebook_peak_rss_mb:>13}")
    click.echo(f"{'  of which PDF worker':<28}{'':>9}{'':>10}{result.casebook_worker_peak_rss_mb:>13}")
    click.echo(f"{'PyMuPDF bare get_text()':<28}{result.bare_seconds:>9}{result.bare_pages_per_s:>10}"
               f"{result.bare_peak_rss_mb:>13}")
    ratio = result.casebook_seconds / max(result.bare_seconds, 1e-9)
    click.echo(f"Casebook takes {ratio:.1f}x the bare extraction time (it also rebuilds text with word boxes, "
               "detects paragraphs and stamps, hashes and stores).")
