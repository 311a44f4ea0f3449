"""`doc show` and the inspector show the short cite the pin cites use, also where none is stored (articles)."""

from __future__ import annotations

from casebook.core.documents import DocumentKind
from casebook.core.records import DocumentRecord
from casebook.services.metadata import document_fields


def _fields(**values) -> dict[str, object]:
    base = {"id": 5, "sha256": "0" * 64, "size": 1, "format": "html", "kind": DocumentKind.ARTICLE,
            "title": "Clinics field questions", "original_name": "clinics.html", "imported_at": "2026-02-12",
            "extractor": "test", "page_count": 1, "pages_needing_ocr": 0, "publisher": "Plains Public Radio"}
    return {view.field: view.value for view in document_fields(DocumentRecord(**{**base, **values}))}


def test_an_article_without_a_stored_short_cite_shows_the_one_its_cites_use():
    assert _fields(short_cite=None)["short_cite"] == "Plains Public Radio"


def test_a_stored_short_cite_is_shown_as_stored():
    assert _fields(short_cite="Plains Radio")["short_cite"] == "Plains Radio"
