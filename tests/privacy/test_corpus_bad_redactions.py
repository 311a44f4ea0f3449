"""The shared corpus's badly redacted letter: a redacted bundle leaves no text under any of its black boxes."""

from __future__ import annotations

import pymupdf
import pytest

from casebook.core.bundles import BundleDefinition, ExhibitChoice
from casebook.pdf.redact import EXISTING_BOX_RULE, bad_redaction_pages
from casebook.services.bundle_redaction import write_sealed_list
from casebook.services.bundles import export_bundle
from tests.conftest import CORPUS
from tests.privacy.conftest import import_one

pytestmark = pytest.mark.corpus

BAD = CORPUS / "court_pdfs" / "xray_sdny_sealed-letter_search-warrant_BAD-REDACTIONS.pdf"


@pytest.fixture
def bad_letter():
    if not BAD.is_file():
        pytest.skip("the shared corpus is not present")
    return BAD


def test_redacted_bundle_leaves_no_text_under_the_boxes(bad_letter, new_case, tmp_path):
    before = bad_redaction_pages(bad_letter)
    assert before  # the letter's boxes hide nothing: that is why it is in the corpus
    hidden = [text for _page, text in before]
    case = new_case()
    doc = import_one(case, bad_letter)
    definition = BundleDefinition(exhibits=(ExhibitChoice(doc),), name="letter", redact=True, date="2026-02-11")
    report = export_bundle(case, definition, tmp_path / "letter.pdf")
    assert bad_redaction_pages(report.path) == []
    bundle = pymupdf.open(report.path)
    text = " ".join(" ".join(page.get_text().split()) for page in bundle)
    bundle.close()
    for item in hidden:
        if len(item) > 12:  # a bare date like "(12/13/19)" may also be printed openly elsewhere
            assert item not in text
    sealed, count = write_sealed_list(case, definition, tmp_path / "letter.sealed.txt")
    assert count == len(before)
    assert sealed.read_text().count(EXISTING_BOX_RULE) == 0  # named for people, not by code
    assert sealed.read_text().count("dark box already on the page") == count
