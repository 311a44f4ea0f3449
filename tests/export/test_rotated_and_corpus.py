"""Rotated and odd-sized originals land upright with highlights on their words; the public corpus bundles."""

from __future__ import annotations

import csv
from pathlib import Path

import pymupdf
import pytest

from casebook.core.bundles import BundleDefinition, ExhibitChoice
from casebook.core.evidence import ClaimType
from casebook.pdf.bundle_stamp import Placement, StampRegions
from casebook.services import evidence
from casebook.services.bundles import export_bundle
from casebook.services.cases import create_case
from casebook.services.importing import import_paths

from .conftest import CORPUS

QUOTE = "the agency returned an address for every listed entry"


def _odd_pdf(path: Path) -> Path:
    """Page 1 rotated 90°, page 2 legal size with a crop box, page 3 rotated 270°."""
    doc = pymupdf.open()
    for number, (size, rotation) in enumerate((((612, 792), 90), ((612, 1008), 0), ((612, 792), 270)), start=1):
        page = doc.new_page(width=size[0], height=size[1])
        page.insert_text((72, 100), f"Page {number} of the odd filing.", fontsize=12)
        page.insert_text((72, 140), f"On review {QUOTE} number {number}.", fontsize=12)
        if number == 2:
            page.set_cropbox(pymupdf.Rect(20, 20, 600, 990))
        page.set_rotation(rotation)
    doc.set_metadata({"author": "Someone Else", "producer": "Other Tool", "title": "Odd"})
    doc.embfile_add("secret.txt", b"not for the court")
    doc.save(path)
    return path


def test_rotated_pages_upright_highlighted_and_verified(tmp_path):
    with create_case(tmp_path / "case", title="Odd") as case:
        summary = import_paths(case, [_odd_pdf(tmp_path / "odd.pdf")])
        doc_id = summary.imported[0].document_id
        claim = evidence.add_claim(case, "The agency answered every entry.", claim_type=ClaimType.ALLEGATION)
        for number in (1, 2, 3):
            excerpt = evidence.add_excerpt_by_quote(case, doc_id, f"{QUOTE} number {number}", page=number)
            evidence.link_excerpt(case, claim.id, excerpt.id, "supports")
        definition = BundleDefinition(exhibits=(ExhibitChoice(doc_id),), name="odd", date="2026-01-02",
                                      bates_prefix="ODD")
        report = export_bundle(case, definition, tmp_path / "odd-bundle.pdf")
    assert report.verification.ok, report.verification.problems
    assert report.verification.quotes_checked == 3
    original = pymupdf.open(tmp_path / "odd.pdf")
    with pymupdf.open(report.path) as doc:
        assert doc.metadata["author"] == "Casebook" and doc.metadata["producer"].startswith("Casebook")
        assert doc.embfile_count() == 0
        front = next(i for i in range(doc.page_count) if doc[i].get_label() == "1")
        for number in (1, 2, 3):
            page = doc[front + number - 1]
            assert page.rotation == 0 and (page.rect.width, page.rect.height) == (612, 792)
            annots = [a for a in page.annots() if a.type[1] == "Highlight"]
            assert len(annots) == 1
            covered = " ".join(page.get_text("text", clip=annots[0].rect).split())
            assert f"number {number}" in covered
            # Shown as the viewer shows the original (its /Rotate and crop box applied), shrunk into the band-free box.
            shown = original[number - 1]
            placement = Placement.fit((shown.rect.width, shown.rect.height), StampRegions.for_page(612, 792).content)
            want = next(placement.map(tuple(pymupdf.Rect(w[:4]) * shown.rotation_matrix))
                        for w in shown.get_text("words") if w[4] == "returned")
            got = next(w[:4] for w in page.get_text("words") if w[4] == "returned")
            assert all(abs(a - b) < 1.5 for a, b in zip(want, got, strict=True)), (number, want, got)


def _corpus_pdfs() -> list[Path]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [CORPUS / r["local_file"] for r in rows if r["local_file"].startswith("court_pdfs/")
            and r["encrypted"] != "yes" and (CORPUS / r["local_file"]).is_file()]


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_court_pdfs_bundle_and_verify(tmp_path):
    paths = _corpus_pdfs()
    if not paths:
        pytest.skip("shared test corpus not present")
    damaged = [p for p in paths if "NO-STARTXREF" in p.name or "JUNK-HEADER" in p.name]
    assert damaged, "the corpus should include damaged court PDFs"
    with create_case(tmp_path / "case", title="Corpus") as case:
        summary = import_paths(case, paths)
        imported = [d for d in summary.imported if d.page_count]
        assert {Path(p.name).name for p in damaged} <= {Path(d.path).name for d in imported}
        claim = evidence.add_claim(case, "Corpus proposition", claim_type=ClaimType.FINDING)
        linked = 0
        for doc in imported:  # one excerpt from each text page 1, to make verification check real quotes
            page = evidence.documents.get_pages(case.db, doc.document_id, numbers=[1], with_words=False)[0]
            lines = [ln for ln in page.text.split("\n") if len(ln) > 40]
            if page.needs_ocr or not lines:
                continue
            try:
                excerpt = evidence.add_excerpt_by_quote(case, doc.document_id, lines[0], page=1)
            except evidence.EvidenceError:
                continue
            evidence.link_excerpt(case, claim.id, excerpt.id, "context")
            linked += 1
        definition = BundleDefinition(exhibits=tuple(ExhibitChoice(d.document_id) for d in imported),
                                      name="corpus", date="2026-01-02", bates_prefix="CORP", profile="dcd")
        report = export_bundle(case, definition, tmp_path / "corpus.pdf")
    assert report.verification.ok, report.verification.problems
    assert linked >= 5 and report.verification.quotes_checked == linked
