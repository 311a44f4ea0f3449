"""No cite in the chart or a bundle's front matter and chart says "ECF No." for an appellate filing (corpus)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from casebook.cli.main import cli
from casebook.core.anchoring import text_without_furniture
from casebook.services import evidence
from casebook.services.cases import open_case
from casebook.store import documents
from tests.corpus import meta_truth

pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not meta_truth.TRUTH.is_file(), reason="the shared corpus is not present")]


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--case", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_appellate_filings_are_cited_by_short_cite_and_page_never_as_ecf(tmp_path):
    appellate = [meta_truth.CORPUS / row["local_file"] for row in meta_truth.load_truth() if row["appellate_doc_id"]]
    assert len(appellate) >= 5
    root = tmp_path / "case"
    _run(root, "new", str(root), "--title", "Appeals")
    _run(root, "import", *map(str, appellate))
    ids = [doc["id"] for doc in json.loads(_run(root, "list", "--json")) if doc["appellate_document_id"]]
    assert len(ids) == len(appellate) and all(
        not doc["ecf_document_number"] for doc in json.loads(_run(root, "list", "--json")))
    shown = "".join(_run(root, "show", str(doc_id)) for doc_id in ids)
    assert "ECF page" not in shown and "stamped page" in shown
    with open_case(root) as case:
        claim = evidence.add_claim(case, "Each appellate filing says something worth pinning.")
        pinned = 0
        for doc_id in ids:  # a scanned filing has no text to quote until it is OCRed: it is left out
            page = next((p for p in documents.get_pages(case.db, doc_id, with_words=False)
                         if len(text_without_furniture(p.text, p.furniture).split()) > 12), None)
            if page is None:
                continue
            pinned += 1
            words = text_without_furniture(page.text, page.furniture).split()[3:11]
            excerpt = evidence.add_excerpt_by_quote(case, doc_id, " ".join(words), page=page.number)
            evidence.link_excerpt(case, claim.id, excerpt.id, "supports")
            assert "ECF" not in evidence.excerpt_citation(case, excerpt)
            assert evidence.excerpt_pin_cite(case, excerpt).ecf() is None
            assert re.search(r" at \d", evidence.excerpt_citation(case, excerpt))
    assert pinned >= 5
    chart = _run(root, "report", "chart")
    assert chart.count(" at ") >= pinned and "ECF No." not in chart
    _run(root, "export", "bundle", "--exhibit", ",".join(map(str, ids)), "--out", str(tmp_path / "b.pdf"))
    with pymupdf.open(tmp_path / "b.pdf") as bundle:
        chart_page = next(page for _, title, page in bundle.get_toc() if title.startswith("Claim"))
        ours = [bundle[i].get_text() for i in (*range(3), *range(chart_page - 1, bundle.page_count))]
    assert "ECF No." not in "".join(ours)
