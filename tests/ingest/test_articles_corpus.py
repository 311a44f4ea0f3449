"""The public corpus's PACER docket pages import as dockets with their caption found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casebook.core.documents import DocumentKind
from casebook.ingest.articles import import_article

pytestmark = pytest.mark.corpus

DOCKETS = {
    "juriscraper_docket_nysd_tremsky-v-laden_1-02-cv-07300": ("U.S. District Court, Southern District of New York",),
    "juriscraper_docket_ca9_hawaii-v-trump_17-15589": ("United States Court of Appeals for the Ninth Circuit",),
}


def squash(text: str) -> str:
    return " ".join(re.sub(r"\s+([,.;])", r"\1", text).split())


@pytest.mark.parametrize("stem", sorted(DOCKETS))
def test_docket_page_imports_with_caption(corpus_dir: Path, stem: str) -> None:
    page_path = corpus_dir / "court_html" / f"{stem}.html"
    truth_path = corpus_dir / "court_html" / f"{stem}.expected.json"
    if not page_path.exists() or not truth_path.exists():
        pytest.skip("corpus docket missing")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    document = import_article(page_path)
    meta = document.metadata
    text = document.pages[0].text

    assert meta.kind is DocumentKind.DOCKET
    assert meta.case_number == truth["docket_number"]
    assert truth["docket_number"] in text
    assert meta.court == DOCKETS[stem][0]
    assert meta.filed_date == truth["date_filed"]
    assert truth["case_name"] in meta.title
    assert "http" not in (document.html or "") and "<script" not in (document.html or "")

    flat = squash(text)
    entries = truth["docket_entries"]
    found = [entry for entry in entries if squash(entry["description"])[:60] in flat]
    assert len(found) == len(entries)
    parties = [party["name"] for party in truth["parties"]]
    assert all(squash(name) in flat for name in parties)
