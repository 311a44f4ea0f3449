"""After importing the public corpus, a phrase search for each text probe finds its document on the right page."""

from __future__ import annotations

import pytest

from casebook.services import documents as document_service
from casebook.services import search as search_service
from casebook.services.cases import create_case
from casebook.services.importing import import_paths
from tests.conftest import CORPUS, corpus_manifest

pytestmark = pytest.mark.corpus


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def test_every_text_probe_is_found_by_phrase_search_on_its_page(tmp_path):
    rows = [r for r in corpus_manifest()
            if r["search_probe"] and not r["search_probe"].startswith("OCR:") and r["local_file"].endswith(".pdf")]
    with create_case(tmp_path / "case", title="Corpus search") as case:
        summary = import_paths(case, [CORPUS / "court_pdfs", CORPUS / "bad_pdfs"])
        by_name = {d.path.rsplit("/", 1)[-1]: d.document_id for d in summary.imported}
        checked = 0
        for row in rows:
            name, probe = row["local_file"].rsplit("/", 1)[-1], row["search_probe"]
            results = search_service.search(case, f'"{probe}"', limit=50)
            hits = [h for h in results.hits if h.document_id == by_name[name]]
            assert hits, f"{name}: phrase {probe!r} not found"
            for hit in hits:
                (page,) = document_service.get_pages(case, hit.document_id, numbers=[hit.page_number])
                assert _norm(probe) in _norm(page.text), f"{name}: hit on page {hit.page_number} lacks {probe!r}"
                assert hit.hit_ranges, name
            checked += 1
        assert checked >= 15
