"""The `pdfa` profile: the demo bundle as PDF/A-2b, checked, verified and as navigable as the ordinary bundle."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pymupdf
import pytest

from casebook.pdf import pdfa
from casebook.pdf.pdfa import find_ghostscript, read_navigation
from casebook.pdf.pdfa_text import parse_to_unicode, text_differences, widths
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
    data = archival.path.read_bytes()  # the manifest describes the archival file, not the file converted
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest() == archival.sha256
    assert manifest["size"] == len(data) == archival.size
    checks = manifest["verification"]["pdfa"]
    assert checks["standard"] == "PDF/A-2b" and checks["problems"] == []
    assert "veraPDF not run" in checks["validator"]
    # Every page reads as the ordinary bundle's does (Ghostscript's lost ligature mappings are put back).
    with pymupdf.open(archival.path) as doc, pymupdf.open(plain.path) as before:
        assert text_differences(doc, before) == []
        assert "û" not in "".join(page.get_text() for page in doc)
    assert checks["lost"] == []


@needs_gs
def test_pdfa_export_is_byte_reproducible(both):
    _, archival, again = both
    assert archival.path.read_bytes() == again.path.read_bytes()


@needs_gs
def test_preflight_names_the_converter(demo_case):
    report = preflight(demo_case, demo_definition(profile="pdfa"))
    assert any("PDF/A-2b" in n and "Ghostscript" in n for n in report.notes)
    assert not any("PDF/A" in w for w in report.warnings)
    # The demo filings use unembedded Times: the conversion embeds it, so that is a note, not a warning.
    assert any("the PDF/A conversion embeds them" in n for n in report.notes)
    assert not any("fonts not embedded" in w for w in report.warnings)


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


@needs_gs
@pytest.mark.corpus
def test_real_filings_read_the_same_after_conversion(tmp_path):
    """Real court PDFs (WinAnsi and MacRoman TrueType, Type 3 and CID fonts, scans) keep their text: every page
    reads as it did before conversion, so quotes and searches still find it."""
    from casebook.core.bundles import BundleDefinition, ExhibitChoice
    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths

    from .conftest import CORPUS

    court_pdfs = CORPUS / "court_pdfs"
    if not court_pdfs.is_dir():
        pytest.skip("the shared corpus is not present")
    with create_case(tmp_path / "case", title="Corpus") as case:
        import_paths(case, [court_pdfs])
        ids = [row[0] for row in case.db.execute("SELECT id FROM documents ORDER BY id").fetchall()]
        assert len(ids) >= 10
        definition = BundleDefinition(exhibits=tuple(ExhibitChoice(i) for i in ids), name="corpus",
                                      date="2026-01-01", profile="pdfa", bates_prefix="X")
        report = export_bundle(case, definition, tmp_path / "corpus.pdf")
    checks = report.verification.archival
    assert checks["problems"] == [] and checks["lost"] == [], checks
    assert any("text mapping" in r for r in checks["restored"])  # Ghostscript did lose some, and it came back
    with pymupdf.open(report.path) as doc:
        text = "".join(page.get_text() for page in doc)
        assert "\x92" not in text and "\x96" not in text


def test_glyph_widths_are_read_from_simple_and_type0_fonts():
    doc = pymupdf.open()
    simple = doc.get_new_xref()
    doc.update_object(simple, "<</Type/Font/Subtype/TrueType/BaseFont/X/FirstChar 32/Widths[250 0 333]>>")
    descendant = doc.get_new_xref()
    doc.update_object(descendant, "<</Type/Font/Subtype/CIDFontType2/W[32[250] 44[250 333 250] 48 50 500]>>")
    type0 = doc.get_new_xref()
    doc.update_object(type0, f"<</Type/Font/Subtype/Type0/BaseFont/X/DescendantFonts[{descendant} 0 R]>>")
    assert widths(doc, simple) == {32: 250, 33: 0, 34: 333}
    assert widths(doc, type0) == {32: 250, 44: 250, 45: 333, 46: 250, 48: 500, 49: 500, 50: 500}


@needs_gs
def test_a_converter_that_writes_no_pdfa_leaves_nothing(demo_case, tmp_path, monkeypatch):
    """Ghostscript gives up on PDF/A for some files and writes an ordinary PDF: the export refuses."""
    from casebook.services.bundle_verify import BundleVerificationFailed

    def ordinary_copy(tool, source, target, **_):
        shutil.copyfile(source, target)
        return ["Widths may differ, reverting to normal PDF output!"]

    monkeypatch.setattr(pdfa, "run_ghostscript", ordinary_copy)
    out = tmp_path / "out" / "a.pdf"
    with pytest.raises(BundleVerificationFailed) as failure:
        export_bundle(demo_case, demo_definition(profile="pdfa", name="archival"), out)
    assert "ordinary PDF" in str(failure.value)
    assert list(out.parent.iterdir()) == []


@needs_gs
def test_cancelling_during_conversion_stops_ghostscript_and_leaves_nothing(demo_case, tmp_path):
    from casebook.core.progress import Cancelled, CancelToken

    token = CancelToken()

    def cancel_at_conversion(update):
        if "PDF/A" in (update.message or ""):
            token.cancel()

    out = tmp_path / "out" / "a.pdf"
    with pytest.raises(Cancelled):
        export_bundle(demo_case, demo_definition(profile="pdfa", name="archival"), out,
                      progress=cancel_at_conversion, cancel=token)
    assert list(out.parent.iterdir()) == []


def test_dropped_labels_bookmarks_and_links_are_put_back(tmp_path):
    from casebook.pdf.pdfa import restore_navigation

    original = tmp_path / "original.pdf"
    with pymupdf.open() as doc:
        for _ in range(4):
            doc.new_page(width=612, height=792)
        doc.set_page_labels([{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
                             {"startpage": 2, "prefix": "", "style": "D", "firstpagenum": 1}])
        doc.set_toc([[1, "Cover", 1], [1, "Exhibit A", 3]])
        doc[1].insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(72, 72, 144, 90), "page": 2,
                            "to": pymupdf.Point(0, 0), "zoom": 0})
        doc.save(original)
    wanted = read_navigation(original)
    stripped = tmp_path / "stripped.pdf"
    with pymupdf.open(original) as doc:  # what a converter that drops everything would write
        doc.set_page_labels([])
        doc.set_toc([])
        for link in doc[1].get_links():
            doc[1].delete_link(link)
        doc.save(stripped)
    with pymupdf.open(stripped) as doc:
        assert read_navigation(stripped) != wanted
        assert restore_navigation(doc, wanted) == ["page labels", "bookmarks", "links"]
        doc.save(tmp_path / "restored.pdf")
    again = read_navigation(tmp_path / "restored.pdf")
    assert (again.labels, again.toc, again.links) == (wanted.labels, wanted.toc, wanted.links)
    with pymupdf.open(tmp_path / "restored.pdf") as doc:
        xref = doc[1].annot_xrefs()[0][0]
        assert int(doc.xref_get_key(xref, "F")[1]) & pymupdf.PDF_ANNOT_IS_PRINT


@needs_gs
def test_volumes_under_a_cap_are_each_pdfa_and_each_within_the_cap(demo_case, tmp_path):
    cap_mb = 0.17  # the ordinary demo bundle (about 0.19 MB) is over it, so the export splits into volumes
    report = export_bundle(demo_case, demo_definition(profile="pdfa", max_mb=cap_mb), tmp_path / "Exhibits.pdf")
    assert len(report.volumes) >= 2 and report.verification.ok, report.verification.problems
    for volume in report.volumes:
        assert volume.size <= cap_mb * 1024 * 1024
        with pymupdf.open(volume.path) as doc:
            assert "<pdfaid:part>2</pdfaid:part>" in doc.get_xml_metadata()
            assert all(ext != "n/a" for page in doc for f in page.get_fonts(full=True) for ext in [f[1]])
            assert hashlib.sha256(volume.path.read_bytes()).hexdigest() == volume.sha256
    assert json.loads(report.manifest_path.read_text(encoding="utf-8"))["pdfa"] is True
