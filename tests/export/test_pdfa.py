"""The `pdfa` profile: the demo bundle as PDF/A-2b, checked, verified and as navigable as the ordinary bundle."""

from __future__ import annotations

import json
import re
import shutil

import pymupdf
import pytest

from casebook.pdf import pdfa
from casebook.pdf.pdfa import find_ghostscript, parse_to_unicode, read_navigation
from casebook.services.bundles import export_bundle, preflight
from casebook.services.cases import open_case

from .conftest import demo_definition

needs_gs = pytest.mark.skipif(find_ghostscript() is None, reason="Ghostscript (apt-get install ghostscript) absent")


@pytest.fixture(scope="module")
def both(tmp_path_factory, demo_template):
    """The demo bundle exported ordinary and as PDF/A from the same case (same Bates range)."""
    root = tmp_path_factory.mktemp("pdfa") / "case"
    shutil.copytree(demo_template, root)
    with open_case(root) as case:
        plain = export_bundle(case, demo_definition(), root / "out" / "plain.pdf")
        archival = export_bundle(case, demo_definition(profile="pdfa", name="archival"), root / "out" / "a.pdf")
        again = export_bundle(case, demo_definition(profile="pdfa", name="archival"), root / "out" / "b.pdf")
    return plain, archival, again


@needs_gs
def test_pdfa_bundle_identifies_itself_as_pdfa_2b(both):
    _, archival, _ = both
    with pymupdf.open(archival.path) as doc:
        xmp = doc.get_xml_metadata()
        assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp)
        assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", xmp)
        assert doc.metadata["title"] in xmp  # XMP and document information agree
        assert doc.metadata["producer"].startswith("Casebook") and "Ghostscript" in doc.metadata["producer"]
        assert not doc.is_encrypted and doc.embfile_count() == 0


@needs_gs
def test_pdfa_bundle_has_an_srgb_output_intent(both):
    _, archival, _ = both
    with pymupdf.open(archival.path) as doc:
        kind, value = doc.xref_get_key(doc.pdf_catalog(), "OutputIntents")
        assert kind == "array"
        intent = int(re.search(r"(\d+) 0 R", value).group(1))
        assert doc.xref_get_key(intent, "S")[1] == "/GTS_PDFA1"
        icc = doc.xref_stream(int(doc.xref_get_key(intent, "DestOutputProfile")[1].split()[0]))
        assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "


@needs_gs
def test_every_font_is_embedded_and_nothing_is_active(both):
    plain, archival, _ = both
    with pymupdf.open(plain.path) as doc:  # the court filings in the demo use the unembedded base-14 Times
        assert any(f[1] == "n/a" for page in doc for f in page.get_fonts(full=True))
    with pymupdf.open(archival.path) as doc:
        fonts = {(f[3], f[1]) for page in doc for f in page.get_fonts(full=True)}
        assert fonts and all(ext != "n/a" for _, ext in fonts), fonts
        for xref in range(1, doc.xref_length()):
            source = doc.xref_object(xref, compressed=True)
            assert "/JavaScript" not in source and "/JS" not in source and "/OpenAction" not in source


@needs_gs
def test_links_bookmarks_labels_and_highlights_survive(both):
    plain, archival, _ = both
    before, after = read_navigation(plain.path), read_navigation(archival.path)
    assert after.labels == before.labels and after.labels[:4] == ("i", "ii", "iii", "1")
    assert after.toc == before.toc and len(after.toc) >= 8
    assert after.links == before.links and len(after.links) >= 10
    assert after.highlights == before.highlights and len(after.highlights) >= 8
    with pymupdf.open(archival.path) as doc:  # PDF/A: every annotation prints
        for page in doc:
            for xref, _, _ in page.annot_xrefs():
                assert int(doc.xref_get_key(xref, "F")[1]) & pymupdf.PDF_ANNOT_IS_PRINT


@needs_gs
def test_pdfa_bundle_is_verified_and_the_manifest_says_so(both):
    plain, archival, _ = both
    assert archival.verification.ok, archival.verification.problems
    assert archival.verification.quotes_checked == plain.verification.quotes_checked >= 8
    assert archival.bates == plain.bates
    manifest = json.loads(archival.manifest_path.read_text())
    assert manifest["pdfa"] is True and json.loads(plain.manifest_path.read_text())["pdfa"] is False
    checks = manifest["verification"]["pdfa"]
    assert checks["standard"] == "PDF/A-2b" and checks["problems"] == []
    assert "veraPDF not run" in checks["validator"]
    # Quotes read back from the archival file as written (ligatures included): ¶ text of every cited excerpt.
    with pymupdf.open(archival.path) as doc:
        text = "".join(page.get_text() for page in doc)
    assert "ﬁ" in text or "fi" in text
    assert "û" not in text


@needs_gs
def test_pdfa_export_is_byte_reproducible(both):
    _, archival, again = both
    assert archival.path.read_bytes() == again.path.read_bytes()


@needs_gs
def test_preflight_names_the_converter(demo_case):
    report = preflight(demo_case, demo_definition(profile="pdfa"))
    assert any("PDF/A-2b" in n and "Ghostscript" in n for n in report.notes)
    assert not any("PDF/A" in w for w in report.warnings)


def test_without_ghostscript_preflight_warns_and_the_bundle_is_ordinary(demo_case, tmp_path, monkeypatch):
    monkeypatch.setattr(pdfa.shutil, "which", lambda name: None)
    report = preflight(demo_case, demo_definition(profile="pdfa"))
    assert any("Ghostscript" in w and "not installed" in w for w in report.warnings)
    exported = export_bundle(demo_case, demo_definition(profile="pdfa", name="plain"), tmp_path / "plain.pdf")
    assert json.loads(exported.manifest_path.read_text())["pdfa"] is False
    with pymupdf.open(exported.path) as doc:
        assert not doc.get_xml_metadata()


def test_to_unicode_ranges_are_read_with_their_increments():
    cmap = ("2 beginbfrange\n<006d> <006e> <fb01>\n<0010> <0011> [<0041> <00420043>]\nendbfrange\n"
            "1 beginbfchar\n<0005> <2019>\nendbfchar\n")
    assert parse_to_unicode(cmap) == {0x6D: "ﬁ", 0x6E: "ﬂ", 0x10: "A", 0x11: "BC", 0x05: "’"}
