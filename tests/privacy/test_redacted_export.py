"""`export bundle --redact`: every accepted item burnt out of the bundle, proven before publishing, listed apart."""

from __future__ import annotations

import json
import re

import pymupdf
import pytest

from casebook.core.bundles import BundleDefinition, BundleError, ExhibitChoice
from casebook.core.evidence import ClaimType
from casebook.pdf import redact as redact_module
from casebook.pdf.pdfa import find_ghostscript
from casebook.pdf.redact import bad_redaction_pages, stream_strings
from casebook.services import evidence
from casebook.services import privacy as privacy_service
from casebook.services.bundle_redaction import SEAL_HEADING, write_sealed_list
from casebook.services.bundles import export_bundle
from tests.privacy.conftest import BODY as BODY_LINES
from tests.privacy.conftest import EXPECTED, FULL_NUMBERS, import_one, make_filing, needs_tesseract
from tests.privacy.conftest import SIGNATURE as SIGNATURE_LINES

QUOTE = "The taxpayer's Social Security number is 123-45-6789 on the return."


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _digits_joined(text: str) -> str:
    return re.sub(r"(?<=\d)[\s\-./]+(?=\d)", "", text)


def _scan_and_accept(case, document_id):
    privacy_service.scan_documents(case, [document_id])
    found = privacy_service.list_findings(case, document_id=document_id)
    privacy_service.decide_all(case, "accept")
    return found


def _all_text_and_streams(path) -> tuple[str, str]:
    doc = pymupdf.open(path)
    try:
        text = "\n".join(page.get_text() for page in doc)
        streams = []
        for xref in range(1, doc.xref_length()):
            if doc.xref_is_stream(xref):
                raw = doc.xref_stream(xref) or b""
                streams.append(raw.decode("latin-1") + "\n" + stream_strings(raw))
        return text, "\n".join(streams)
    finally:
        doc.close()


def _export(case, document_id, out, **kwargs):
    definition = BundleDefinition(exhibits=(ExhibitChoice(document_id),), name="public", redact=True,
                                  bates_prefix="TRC", date="2026-02-11", **kwargs)
    return export_bundle(case, definition, out)


def test_scan_finds_every_item_with_its_replacement_and_nothing_else(new_case, tmp_path):
    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "decl.pdf"))
    found = _scan_and_accept(case, doc)
    assert {(" ".join(f.text.split()), f.rule, f.replacement) for f in found} == EXPECTED
    assert all(f.page == 1 for f in found)  # page 2: filing date, signature block phone numbers, Bates, stamp


@needs_tesseract
def test_scan_of_an_ocred_scanned_page_finds_the_same_items(new_case, tmp_path):
    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "scan.pdf", scanned=True), ocr=True)
    privacy_service.scan_documents(case, [doc])
    found = {(" ".join(f.text.split()), f.rule, f.replacement) for f in privacy_service.list_findings(case)}
    assert found == EXPECTED
    privacy_service.decide_all(case, "accept")
    out = tmp_path / "out" / "scan-bundle.pdf"
    report = _export(case, doc, out)
    text, streams = _all_text_and_streams(report.path)
    for number in FULL_NUMBERS:
        assert _squash(number) not in _squash(_digits_joined(text))
        assert _squash(number) not in _squash(_digits_joined(streams))
    assert bad_redaction_pages(report.path) == []
    # The image pixels under each box are gone: OCR of the bundle page finds none of the numbers.
    bundle = pymupdf.open(report.path)
    page = next(p for p in bundle if "EXHIBIT A" in p.get_text())
    pix = page.get_pixmap(dpi=200)
    rescanned = pymupdf.open("pdf", pix.pdfocr_tobytes(language="eng"))
    reread = rescanned[0].get_text()
    bundle.close()
    assert "Security" in reread  # the page still reads
    for number in ("123-45-6789", "4111 1111 1111 1111", "000123456789", "03/14/1978"):
        assert number not in reread


def test_redacted_bundle_holds_no_full_number(new_case, tmp_path):
    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "decl.pdf"))
    _scan_and_accept(case, doc)
    claim = evidence.add_claim(case, "The agency exported taxpayer identifiers.", claim_type=ClaimType.ALLEGATION)
    excerpt = evidence.add_excerpt_by_quote(case, doc, QUOTE, page=1)
    evidence.link_excerpt(case, claim.id, excerpt.id, "supports")
    out = tmp_path / "out" / "public.pdf"
    report = _export(case, doc, out)
    assert report.verification.ok and out.is_file()

    text, streams = _all_text_and_streams(out)
    squashed_text, squashed_streams = _squash(_digits_joined(text)), _squash(_digits_joined(streams))
    for number in FULL_NUMBERS:
        assert _squash(number) not in squashed_text, number
        assert _squash(number) not in squashed_streams, number
    for _text, _rule, replacement in EXPECTED:
        assert replacement in text
    assert bad_redaction_pages(out) == []

    bundle = pymupdf.open(out)
    try:
        assert not any(v for k, v in bundle.metadata.items() if k in ("subject", "keywords") and "6789" in (v or ""))
        exhibit = next(p for p in bundle if "EXHIBIT A" in p.get_text())
        assert "TRC000001" in exhibit.get_text()  # Bates still stamped
        assert any(a.type[0] == pymupdf.PDF_ANNOT_HIGHLIGHT for a in exhibit.annots())  # highlight kept
        # The rendered page shows a black box with the white partial form in it.
        [where] = exhibit.search_for("XXX-XX-7891")
        box = pymupdf.Rect(where.x0 - 1, where.y0 - 1, where.x1 + 1, where.y1 + 1)
        pix = exhibit.get_pixmap(clip=box, dpi=200, colorspace=pymupdf.csGRAY)
        samples = pix.samples
        dark = sum(1 for b in samples if b < 60) / len(samples)
        light = sum(1 for b in samples if b > 200) / len(samples)
        assert dark > 0.4 and light > 0.05
        # The chart quotes the excerpt in its redacted form.
        chart = "\n".join(p.get_text() for p in bundle if "Claim" in p.get_text() and "EXHIBIT A" not in p.get_text())
        assert "Social Security number is XXX-XX-6789 on the return" in " ".join(chart.split())
        assert "123-45-6789" not in chart
    finally:
        bundle.close()

    manifest = json.loads(report.manifest_path.read_text())
    raw_manifest = report.manifest_path.read_text()
    for number in FULL_NUMBERS:
        assert number not in raw_manifest
    entries = manifest["redactions"]
    assert len(entries) == len(EXPECTED)
    assert {e["rule"] for e in entries} == {rule for _t, rule, _r in EXPECTED}
    assert all(e["bundle_page"] == 1 and e["exhibit"] == "A" and e["bates"] == "TRC000001" for e in entries)

    sealed, count = write_sealed_list(case, BundleDefinition.from_dict(manifest["definition"]),
                                      tmp_path / "sealed.txt")
    lines = sealed.read_text().splitlines()
    assert lines[0] == SEAL_HEADING and count == len(entries)
    items = [line.split("\t") for line in lines if re.match(r"R-\d{4}\t", line)]
    assert [i[0] for i in items] == [e["identifier"] for e in entries]  # one to one, same order
    assert {i[-1] for i in items} == {t for t, _r, _p in EXPECTED}


def test_export_refuses_when_a_redaction_does_not_remove_the_text(new_case, tmp_path, monkeypatch):
    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "decl.pdf"))
    _scan_and_accept(case, doc)
    monkeypatch.setattr(redact_module, "apply_redactions", lambda page: None)  # boxes drawn, nothing removed
    out = tmp_path / "out" / "public.pdf"
    with pytest.raises(BundleError, match="can still be"):
        _export(case, doc, out)
    assert not out.exists() and not out.with_name("public.manifest.json").exists()
    assert [p for p in out.parent.iterdir()] == []


def test_export_refuses_when_redaction_raises(new_case, tmp_path, monkeypatch):
    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "decl.pdf"))
    _scan_and_accept(case, doc)

    def broken(page):
        raise RuntimeError("MuPDF could not filter the content stream")

    monkeypatch.setattr(redact_module, "apply_redactions", broken)
    out = tmp_path / "out" / "public.pdf"
    with pytest.raises(BundleError, match="redaction failed"):
        _export(case, doc, out)
    assert not out.exists()


def test_without_redact_nothing_changes_and_originals_stay(new_case, tmp_path):
    case = new_case()
    source = make_filing(tmp_path / "decl.pdf")
    doc = import_one(case, source)
    _scan_and_accept(case, doc)
    before = source.read_bytes()
    definition = BundleDefinition(exhibits=(ExhibitChoice(doc),), name="internal", date="2026-02-11")
    report = export_bundle(case, definition, tmp_path / "internal.pdf")
    text, _ = _all_text_and_streams(report.path)
    assert "123-45-6789" in text
    assert "redactions" not in json.loads(report.manifest_path.read_text())
    assert any("NOT applied" in w for w in report.warnings)
    assert source.read_bytes() == before


def test_article_exhibit_is_redacted_where_it_is_printed(new_case, tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Records exposed</title></head><body><article><h1>Records exposed</h1>"
        "<p>By A. Writer</p><p>The leaked file listed one taxpayer's SSN 123-45-6789 beside her name.</p>"
        "<p>The agency said the file was removed within a day.</p></article></body></html>", encoding="utf-8")
    case = new_case()
    doc = import_one(case, page)
    _scan_and_accept(case, doc)
    report = _export(case, doc, tmp_path / "article.pdf")
    text, streams = _all_text_and_streams(report.path)
    assert "XXX-XX-6789" in text
    assert "123456789" not in _squash(_digits_joined(text)) and "123-45-6789" not in streams


@needs_tesseract
def test_redacted_volumes_are_each_proven(new_case, tmp_path):
    case = new_case()
    first = import_one(case, make_filing(tmp_path / "one.pdf", scanned=True))
    second = import_one(case, make_filing(tmp_path / "two.pdf", scanned=True), ocr=True)
    _scan_and_accept(case, second)
    alone = _export(case, first, tmp_path / "alone" / "one.pdf")
    definition = BundleDefinition(exhibits=(ExhibitChoice(first), ExhibitChoice(second)), name="vols", redact=True,
                                  date="2026-02-11", max_mb=round(alone.size * 1.4 / 1048576, 4))
    report = export_bundle(case, definition, tmp_path / "vols" / "Exhibits.pdf")
    assert len(report.volumes) == 2
    for path in report.paths:
        text, streams = _all_text_and_streams(path)
        assert "123-45-6789" not in text and "123456789" not in _squash(_digits_joined(streams))
        assert bad_redaction_pages(path) == []
    manifest = json.loads(report.manifest_path.read_text())
    assert {e["exhibit"] for e in manifest["redactions"]} == {"B"} and len(manifest["redactions"]) == len(EXPECTED)


def test_a_filing_printed_by_the_filing_writer(new_case, tmp_path):
    from casebook.core.documents import DocumentKind
    from casebook.core.filing_spec import FilingParagraph, FilingSpec
    from casebook.pdf.filing_writer import write_filing

    body = [line.split(". ", 1)[1] for line in BODY_LINES if line[0].isdigit()]
    spec = FilingSpec(court=("UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"),
                      plaintiffs=("TAXPAYER RIGHTS CLINIC",), defendants=("INTERNAL REVENUE SERVICE, et al.",),
                      case_number="1:25-cv-01234", judge_initials="ABC", title="DECLARATION OF DOTTIE ROMO",
                      kind=DocumentKind.DECLARATION, paragraphs=tuple(FilingParagraph(t) for t in body),
                      signature=tuple(SIGNATURE_LINES), ecf_document_number="12-3", filed_date="2026-02-11")
    path = tmp_path / "written.pdf"
    write_filing(spec, path)
    case = new_case()
    doc = import_one(case, path)
    found = _scan_and_accept(case, doc)
    assert {(" ".join(f.text.split()), f.rule, f.replacement) for f in found} == EXPECTED
    report = _export(case, doc, tmp_path / "written-bundle.pdf")
    text, streams = _all_text_and_streams(report.path)
    for number in FULL_NUMBERS:
        assert _squash(number) not in _squash(_digits_joined(text))
        assert _squash(number) not in _squash(_digits_joined(streams))
    assert bad_redaction_pages(report.path) == []


@pytest.mark.skipif(find_ghostscript() is None, reason="Ghostscript (apt-get install ghostscript) absent")
def test_a_redacted_pdfa_bundle_is_published_and_holds_no_full_number(new_case, tmp_path):
    # Ghostscript embeds Helvetica, whose glyph list reads "0123456 789": no reason to refuse 123-45-6789.
    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "decl.pdf"))
    _scan_and_accept(case, doc)
    report = _export(case, doc, tmp_path / "out" / "archival.pdf", profile="pdfa")
    assert json.loads(report.manifest_path.read_text())["pdfa"] is True
    text, streams = _all_text_and_streams(report.path)
    for number in FULL_NUMBERS:
        assert _squash(number) not in _squash(_digits_joined(text)), number
    assert "XXX-XX-6789" in text and "123-45-6789" not in streams
    assert bad_redaction_pages(report.path) == []


def test_the_word_chart_beside_a_redacted_bundle_quotes_the_redacted_form(new_case, tmp_path):
    import docx

    from casebook.services.report_docx import write_bundle_chart_docx

    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "decl.pdf"))
    _scan_and_accept(case, doc)
    claim = evidence.add_claim(case, "The agency exported taxpayer identifiers.", claim_type=ClaimType.ALLEGATION)
    excerpt = evidence.add_excerpt_by_quote(case, doc, QUOTE, page=1, note="SSN 123-45-6789 in full")
    evidence.link_excerpt(case, claim.id, excerpt.id, "supports")
    out = tmp_path / "out" / "public.pdf"
    report = _export(case, doc, out)
    written = write_bundle_chart_docx(case, BundleDefinition.from_dict(
        json.loads(report.manifest_path.read_text())["definition"]), out)
    text = "\n".join(c.text for t in docx.Document(str(written)).tables for r in t.rows for c in r.cells)
    assert "Social Security number is XXX-XX-6789 on the return" in " ".join(text.split())
    assert "123-45-6789" not in text and "123456789" not in _digits_joined(text)


def test_export_refuses_when_text_is_left_under_a_dark_box(new_case, tmp_path, monkeypatch):
    from casebook.services import bundle_redaction

    source = pymupdf.open()
    page = source.new_page(width=612, height=792)
    page.insert_text((72, 100), "The informant is Jane Quincy Witness of Springfield.", fontsize=11, fontname="helv")
    page.draw_rect(pymupdf.Rect(160, 88, 300, 104), color=(0, 0, 0), fill=(0, 0, 0))  # a box that hides nothing
    source.save(tmp_path / "boxed.pdf")
    source.close()
    case = new_case()
    doc = import_one(case, tmp_path / "boxed.pdf")
    real = bundle_redaction.redact_copy
    monkeypatch.setattr(bundle_redaction, "redact_copy",  # the dark boxes already on the page left as they are
                        lambda *args, **kwargs: real(*args, **dict(kwargs, apply_existing_boxes=False)))
    out = tmp_path / "out" / "boxed-bundle.pdf"
    with pytest.raises(BundleError, match="under a dark box"):
        _export(case, doc, out)
    assert not out.exists() and list(out.parent.iterdir()) == []
