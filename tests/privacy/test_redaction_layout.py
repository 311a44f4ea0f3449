"""A redaction never moves the rest of its line: a page MuPDF would shift is rebuilt as image + text layer."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from casebook.pdf.redact import RedactionSpec, bad_redaction_pages, leaks, redact_copy
from casebook.pdf.redact_layout import Box, kept_words, moved_words

NAME = "Romualdo"
# Justified text (word spacing) shown through a kerned TJ array: the kind of line MuPDF shifts after a redaction.
JUSTIFIED = (b"BT /helv 12 Tf 3 Tw 72 700 Td [(Call the " + NAME.encode() + b")-300( office or by calling)-200"
             b"( the clerk today.)] TJ ET")
PLAIN = f"Call the {NAME} office or by calling the clerk today."  # MuPDF moves this line too
CORPUS = Path("/work/shared/corpus/court_pdfs")
MIELO = CORPUS / "doctor_ca3_clerk-letter_mielo-v-steak-n-shake.pdf"


def _pdf(stream: bytes | None = None, line: str = PLAIN) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 92), line, fontname="helv", fontsize=12)
    page.insert_text((72, 140), "A second line nobody redacts.", fontname="helv", fontsize=12)
    if stream is not None:
        doc.update_stream(page.get_contents()[0], stream + b"\n" + doc.xref_stream(page.get_contents()[0]))
    data = doc.tobytes()
    doc.close()
    return data


def _spec() -> RedactionSpec:
    return RedactionSpec("R-0001", 1, "name", NAME, "R.")


def _kept(data: bytes) -> list:
    doc = pymupdf.open("pdf", data)
    page = doc[0]
    boxes = [Box(tuple(r), "") for r in page.search_for(NAME)]
    return kept_words(page, boxes)


def _box_is_dark(data: bytes) -> bool:
    doc = pymupdf.open("pdf", data)
    page = doc[0]
    box = page.search_for("R.")[0] if page.search_for("R.") else None
    pix = page.get_pixmap(dpi=72, clip=box)
    dark = sum(1 for i in range(0, len(pix.samples), pix.n) if pix.samples[i] < 60)
    return box is not None and dark > 0.5 * pix.width * pix.height


def test_mupdf_moves_the_justified_line():
    """The fixture really shows the upstream bug, so the rebuild below is tested against it."""
    doc = pymupdf.open("pdf", _pdf(JUSTIFIED))
    page = doc[0]
    boxes = [Box(tuple(r), "") for r in page.search_for(NAME)]
    kept = kept_words(page, boxes)
    for r in page.search_for(NAME):
        page.add_redact_annot(r)
    page.apply_redactions()
    assert moved_words(page, kept)


def test_shifted_page_is_rebuilt_with_every_kept_word_in_place():
    data = _pdf(JUSTIFIED)
    kept = _kept(data)
    copy = redact_copy(data, [_spec()])
    assert copy.rebuilt_pages == [1]
    doc = pymupdf.open("pdf", copy.data)
    assert moved_words(doc[0], kept) == []
    assert doc[0].get_images()  # the page is now a picture
    assert doc[0].search_for("office or by calling")  # and still searchable
    assert leaks(copy.data, [("R-0001", NAME)]) == []
    assert bad_redaction_pages(copy.data) == []
    assert _box_is_dark(copy.data)
    assert "R." in doc[0].get_text()  # the partial form is printed in the box


def test_page_without_damage_stays_vector():
    data = _pdf(line=f"The clerk called {NAME}")  # nothing follows the box on its line: nothing can move
    kept = _kept(data)
    copy = redact_copy(data, [_spec()])
    assert copy.rebuilt_pages == []
    doc = pymupdf.open("pdf", copy.data)
    assert not doc[0].get_images()
    assert moved_words(doc[0], kept) == []
    assert leaks(copy.data, [("R-0001", NAME)]) == []


def test_plain_line_is_rebuilt_too():
    copy = redact_copy(_pdf(), [_spec()])
    assert copy.rebuilt_pages == [1]
    assert moved_words(pymupdf.open("pdf", copy.data)[0], _kept(_pdf())) == []


def test_rotated_page_keeps_its_rotation_and_words():
    doc = pymupdf.open("pdf", _pdf(JUSTIFIED))
    doc[0].set_rotation(90)
    data = doc.tobytes()
    kept = _kept(data)
    copy = redact_copy(data, [_spec()])
    out = pymupdf.open("pdf", copy.data)[0]
    assert copy.rebuilt_pages == [1] and out.rotation == 90
    assert moved_words(out, kept) == []
    assert leaks(copy.data, [("R-0001", NAME)]) == []


@pytest.mark.corpus
def test_corpus_letter_keeps_the_rest_of_the_line():
    if not MIELO.exists():
        pytest.skip("the shared corpus is not present")
    doc = pymupdf.open(MIELO)
    page = doc[0]
    word = next(w for w in page.get_text("words") if w[4] == "calling")  # "or by calling the Clerk's Office"
    boxes = [Box(tuple(r), "") for r in page.search_for("calling")]
    kept = kept_words(page, boxes)
    copy = redact_copy(MIELO, [RedactionSpec("R-0001", 1, "name", "calling", "", (tuple(word[:4]),))])
    out = pymupdf.open("pdf", copy.data)[0]
    assert moved_words(out, kept) == []
    assert "calling" not in out.get_text()
    assert bad_redaction_pages(copy.data) == []


def test_export_manifest_names_the_rebuilt_pages(new_case, tmp_path):
    from casebook.core.bundles import BundleDefinition, ExhibitChoice
    from casebook.services import privacy as privacy_service
    from casebook.services.bundles import export_bundle
    from tests.privacy.conftest import import_one, make_filing

    case = new_case()
    document = import_one(case, make_filing(tmp_path / "decl.pdf"))
    privacy_service.scan_documents(case, [document])
    privacy_service.decide_all(case, "accept")
    definition = BundleDefinition(exhibits=(ExhibitChoice(document),), name="public", redact=True,
                                  bates_prefix="TRC", date="2026-02-11")
    report = export_bundle(case, definition, tmp_path / "out" / "public.pdf")
    rebuilt = json.loads(report.manifest_path.read_text())["rebuilt_pages"]
    assert [(e["exhibit"], e["exhibit_page"]) for e in rebuilt] == [("A", 1)]  # the SSNs sit mid-line
    assert rebuilt[0]["note"] == (f"page {rebuilt[0]['bundle_page']} rebuilt as image + text layer because "
                                  "redaction would have moved text")
    bundle = pymupdf.open(report.path)
    page = next(p for p in bundle if "XXX-XX-6789" in p.get_text())  # bundle pages count from the exhibits
    assert page.search_for("on the return.") and "123-45-6789" not in page.get_text()
    assert page.get_images()
