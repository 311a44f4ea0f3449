"""Acceptance: after import and OCR, every `OCR:` search probe of the court corpus is found on its document."""

from __future__ import annotations

import time

import pytest

from casebook.services.importing import import_paths
from casebook.services.ocr import ocr_documents
from casebook.services.search import search, sync_index
from tests.conftest import CORPUS, corpus_manifest
from tests.ocr.conftest import needs_tesseract

pytestmark = [pytest.mark.corpus, needs_tesseract]


def test_ocr_probes_of_the_scanned_court_pdfs_are_found(tmp_path):
    from casebook.services.cases import create_case

    rows = corpus_manifest()
    probes = {row["local_file"].rsplit("/", 1)[-1]: row["search_probe"].removeprefix("OCR:")
              for row in rows if row["search_probe"].startswith("OCR:")}
    assert len(probes) >= 3
    with create_case(tmp_path / "case", title="Corpus") as case:
        summary = import_paths(case, [CORPUS / "court_pdfs"])
        by_name = {d.path.rsplit("/", 1)[-1]: d.document_id for d in summary.imported}
        sync_index(case)
        for name, probe in probes.items():  # not searchable before OCR
            assert by_name[name] not in {h.document_id for h in search(case, f'"{probe}"', limit=50).hits}
        started = time.monotonic()
        report = ocr_documents(case)
        elapsed = time.monotonic() - started
        assert not report.cancelled and report.failed_pages == 0
        assert report.pages_done == summary.pages_needing_ocr >= 10
        assert report.pages_still_needing_ocr == 0
        sync_index(case)
        for name, probe in probes.items():
            hits = search(case, f'"{probe}"', limit=50).hits
            assert by_name[name] in {h.document_id for h in hits}, (name, probe)
    print(f"OCR of {report.pages_done} corpus pages: {elapsed:.1f} s, {elapsed / report.pages_done:.2f} s/page; "
          f"quality {sorted(p.quality for d in report.documents for p in d.pages)}")
