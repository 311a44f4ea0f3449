"""The demo bundle: declaration, complaint, order and two articles, with Bates, stamps, highlights and chart."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pymupdf
import pytest

from casebook.core.bundles import RELATION_COLOURS, ExhibitChoice, Marking
from casebook.core.evidence import Relation
from casebook.pdf.bundle_stamp import StampRegions
from casebook.services.bundles import BundleVerificationFailed, export_bundle, plan_bundle
from casebook.services.cases import open_case
from casebook.store import bundles as bundle_store

from .conftest import demo_definition

ZOOM = 2.0


@pytest.fixture(scope="module")
def exported(tmp_path_factory, demo_template):
    """One export of the demo bundle, read by the tests that only look at it."""
    root = tmp_path_factory.mktemp("exported") / "case"
    shutil.copytree(demo_template, root)
    with open_case(root) as case:
        report = export_bundle(case, demo_definition(), root / "out" / "bundle.pdf")
        originals = {d: hashlib.sha256(case.vault.path_for(case.db.execute(
            "SELECT sha256 FROM documents WHERE id = ?", [d]).fetchone()[0]).read_bytes()).hexdigest()
            for d in (1, 2, 3, 4, 5)}
        plan = plan_bundle(case, demo_definition())
        quotes = dict(case.db.execute("SELECT id, exact FROM excerpts WHERE start_page = end_page").fetchall())
    doc = pymupdf.open(report.path)
    yield report, doc, plan, originals, quotes
    doc.close()


def _pixel(pix: pymupdf.Pixmap, x: float, y: float) -> tuple[int, int, int]:
    return pix.pixel(int(x * ZOOM), int(y * ZOOM))[:3]


def _front(doc) -> int:
    return next(i for i in range(doc.page_count) if doc[i].get_label() == "1")


def test_export_verifies_and_writes_manifest(exported):
    report, doc, _, _, _ = exported
    assert report.verification.ok, report.verification.problems
    assert report.verification.quotes_checked >= 8
    assert report.bates == "TRC000001–TRC000014"
    assert doc.page_count == report.pages
    manifest = json.loads(report.manifest_path.read_text())
    assert manifest["sha256"] == hashlib.sha256(report.path.read_bytes()).hexdigest()
    assert [e["label"] for e in manifest["exhibits"]] == ["A", "B", "C", "D", "E"]


def test_manifest_hashes_are_the_originals(exported):
    report, _, _, originals, _ = exported
    manifest = json.loads(report.manifest_path.read_text())
    assert {e["document_id"]: e["original_sha256"] for e in manifest["exhibits"]} == originals


def test_page_labels_match_printed_numbers_and_index(exported):
    _, doc, plan, _, _ = exported
    front = _front(doc)
    assert [doc[i].get_label() for i in range(front)] == ["i", "ii", "iii"][:front]
    for exhibit in plan.exhibits:
        page = doc[front + exhibit.first_page - 1]
        assert page.get_label() == str(exhibit.first_page)
        regions = StampRegions.for_page(page.rect.width, page.rect.height)
        assert page.get_text("text", clip=regions.page_number).strip() == f"Page {exhibit.first_page}"
    index_text = doc[1].get_text()
    for exhibit in plan.exhibits:
        pages = f"{exhibit.first_page}–{exhibit.last_page}" if exhibit.last_page != exhibit.first_page \
            else str(exhibit.first_page)
        assert pages in index_text.replace("–\n", "–")


def test_bates_numbers_unique_consecutive_and_stamped(exported):
    _, doc, plan, _, _ = exported
    front = _front(doc)
    read = []
    for number, page in enumerate(plan.pages, start=1):
        if page.bates is None:
            continue
        pdf_page = doc[front + number - 1]
        regions = StampRegions.for_page(pdf_page.rect.width, pdf_page.rect.height)
        read.append(pdf_page.get_text("text", clip=regions.bates).strip())
    assert read == [f"TRC{n:06d}" for n in range(1, 15)]
    # The stamp is really drawn where the region says: dark pixels in the Bates box of the first exhibit page.
    page = doc[front]
    pix = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM))
    x0, y0, x1, y1 = StampRegions.for_page(page.rect.width, page.rect.height).bates
    dark = sum(1 for x in range(int(x0 * ZOOM), int(x1 * ZOOM)) for y in range(int(y0 * ZOOM), int(y1 * ZOOM))
               if sum(pix.pixel(x, y)[:3]) < 200)
    assert dark > 50


def test_exhibit_stamp_on_first_page_of_each_exhibit(exported):
    _, doc, plan, _, _ = exported
    front = _front(doc)
    for exhibit in plan.exhibits:
        page = doc[front + exhibit.content_first_page - 1]
        regions = StampRegions.for_page(page.rect.width, page.rect.height)
        assert page.get_text("text", clip=regions.exhibit).strip() == exhibit.heading.upper()
    second = doc[front + 1]
    assert not second.get_text("text", clip=StampRegions.for_page(612, 792).exhibit).strip()


def _highlights(doc):
    for page in doc:
        for annot in page.annots():
            if annot.type[1] == "Highlight":
                yield page, annot


def test_highlights_are_annotations_in_relation_colours_over_the_quote(exported):
    _, doc, _, _, quotes = exported
    found = list(_highlights(doc))
    assert len(found) >= 8
    subjects = {annot.info["subject"] for _, annot in found}
    assert {"supports", "qualifies"} <= subjects
    for page, annot in found:
        relation = Relation(annot.info["subject"])
        want = tuple(round(c * 255) for c in RELATION_COLOURS[relation])
        assert tuple(round(c * 255) for c in annot.colors["stroke"]) == want
        assert "Claim " in annot.info["content"]
        assert annot.flags & pymupdf.PDF_ANNOT_IS_PRINT
        # Rendered, some pixel under the highlight has the relation's colour (the gaps between letters).
        pix = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), clip=annot.rect)
        colours = {pix.pixel(x, y)[:3] for x in range(0, pix.width, 2) for y in range(0, pix.height, 2)}
        assert any(all(abs(a - b) <= 6 for a, b in zip(c, want, strict=True)) for c in colours), relation
        # And it lies over the excerpt's own words: each line's box covers that line of the quote.
        excerpt_id = int(annot.info["content"].split(".")[0].removeprefix("Excerpt "))
        if excerpt_id in quotes:
            covered = set()
            for i in range(0, len(annot.vertices), 4):
                box = pymupdf.Quad(annot.vertices[i:i + 4]).rect
                covered |= {w[4].strip("“”\".,;:’‘()") for w in page.get_text("words")
                            if box.contains(pymupdf.Point((w[0] + w[2]) / 2, (w[1] + w[3]) / 2))}
            words = [w.strip("“”\".,;:’‘()") for w in quotes[excerpt_id].split()]
            assert sum(w in covered for w in words) >= 0.9 * len(words), (excerpt_id, covered)


def test_bookmarks_one_per_exhibit(exported):
    _, doc, plan, _, _ = exported
    toc = doc.get_toc()
    front = _front(doc)
    for exhibit in plan.exhibits:
        assert [1, exhibit.bookmark, front + exhibit.first_page] in toc
    assert toc[0] == [1, "Cover", 1]
    assert any(title == "Claim–Evidence Chart" for _, title, _ in toc)


def test_links_land_on_their_pages(exported):
    _, doc, plan, _, _ = exported
    front = _front(doc)
    index_targets = {link["page"] for link in doc[1].get_links()}
    assert {front + e.first_page - 1 for e in plan.exhibits} <= index_targets
    chart_pages = range(front + plan.chart_first - 1, doc.page_count)
    chart_links = [(i, link) for i in chart_pages for link in doc[i].get_links()]
    assert chart_links
    for _, link in chart_links:
        assert link["kind"] == pymupdf.LINK_GOTO
        assert front <= link["page"] < front + plan.exhibit_pages


def test_metadata_is_ours_alone(exported):
    _, doc, _, _, _ = exported
    meta = doc.metadata
    assert meta["author"] == "Counsel for Plaintiff"
    assert meta["producer"].startswith("Casebook")
    assert meta["creator"] == "Casebook"
    assert meta["creationDate"] == "D:20260220000000Z"
    assert not doc.get_xml_metadata()
    assert doc.embfile_count() == 0
    assert not doc.is_encrypted
    catalog = doc.pdf_catalog()
    assert doc.xref_get_key(catalog, "OpenAction")[0] == "null"
    assert doc.xref_get_key(catalog, "Names")[0] == "null"


def test_article_pages_carry_capture_footer(exported):
    _, doc, plan, _, _ = exported
    front = _front(doc)
    article = next(e for e in plan.exhibits if e.is_article)
    page = doc[front + article.content_first_page - 1]
    text = page.get_text("text", clip=StampRegions.for_page(612, 792).footer)
    assert article.sha256 in text.replace("\n", "")
    assert "Captured copy" in text


def test_identical_state_gives_identical_bytes(demo_case, tmp_path):
    first = export_bundle(demo_case, demo_definition(), tmp_path / "one.pdf")
    second = export_bundle(demo_case, demo_definition(), tmp_path / "two.pdf")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.bates == second.bates
    assert len(bundle_store.list_ranges(demo_case.db, "TRC")) == 1


def test_bates_continue_across_exports_and_are_never_reused(demo_case, tmp_path):
    first = export_bundle(demo_case, demo_definition(), tmp_path / "one.pdf")
    docket = export_bundle(demo_case, demo_definition(name="docket", exhibits=(ExhibitChoice(6),)),
                           tmp_path / "docket.pdf")
    assert first.bates == "TRC000001–TRC000014"
    assert docket.bates.startswith("TRC000015")
    # A different selection gets fresh numbers even though its documents were numbered before.
    again = export_bundle(demo_case, demo_definition(name="subset", exhibits=demo_definition().exhibits[:2]),
                          tmp_path / "subset.pdf")
    last_docket = int(docket.bates.split("–")[-1][3:])
    assert int(again.bates[3:9]) == last_docket + 1
    issued = bundle_store.list_ranges(demo_case.db, "TRC")
    numbers = [n for r in issued for n in range(r.first, r.last + 1)]
    assert len(numbers) == len(set(numbers))


def test_slip_sheets_and_burned_in_highlights(demo_case, tmp_path):
    report = export_bundle(demo_case, demo_definition(marking=Marking.SLIP_SHEET, burn_in=True, name="slips"),
                           tmp_path / "slips.pdf")
    assert report.verification.ok
    with pymupdf.open(report.path) as doc:
        assert not list(_highlights(doc))
        front = _front(doc)
        assert "EXHIBIT A" in doc[front].get_text()
        # The declaration's page 2 (¶¶ 6, 8, 12 are linked) now has the supporting green in its pixels.
        page = doc[front + 2]
        pix = page.get_pixmap(matrix=pymupdf.Matrix(1, 1))
        green = tuple(round(c * 255) for c in RELATION_COLOURS[Relation.SUPPORTS])
        tinted = sum(1 for x in range(0, pix.width, 3) for y in range(0, pix.height, 3)
                     if pix.pixel(x, y)[1] > pix.pixel(x, y)[0] + 40 and pix.pixel(x, y)[1] > 150)
        assert tinted > 100, green


def test_tampered_quote_fails_verification_and_leaves_nothing(demo_case, tmp_path):
    excerpt_id = demo_case.db.execute("SELECT id FROM excerpts WHERE document_id = 3 ORDER BY id").fetchone()[0]
    demo_case.db.execute("UPDATE excerpts SET exact = ? WHERE id = ?",
                         ["The IRS never shared any taxpayer address with anyone at all.", excerpt_id])
    out = tmp_path / "out" / "tampered.pdf"
    with pytest.raises(BundleVerificationFailed) as failure:
        export_bundle(demo_case, demo_definition(), out)
    assert any(f"excerpt {excerpt_id}" in p for p in failure.value.verification.problems)
    assert not out.exists()
    assert list(out.parent.iterdir()) == []


def test_preview_plan_writes_nothing(demo_case):
    plan = plan_bundle(demo_case, demo_definition())
    assert [e.label for e in plan.exhibits] == ["A", "B", "C", "D", "E"]
    assert plan.bates_range(plan.exhibits[0]) == "TRC000001–TRC000003"
    assert bundle_store.list_ranges(demo_case.db) == []
    assert not list(Path(demo_case.layout.exports).glob("*.pdf"))


def test_profile_without_links_writes_none(demo_case, tmp_path):
    report = export_bundle(demo_case, demo_definition(profile="nolinks", name="plain"), tmp_path / "plain.pdf")
    assert report.verification.ok and report.verification.links_checked == 0
    with pymupdf.open(report.path) as doc:
        assert not any(page.get_links() for page in doc)


def test_cancelled_export_leaves_nothing(demo_case, tmp_path):
    from casebook.core.progress import Cancelled, CancelToken

    token = CancelToken()

    def cancel_midway(update):
        if update.total and update.done >= 5:
            token.cancel()

    out = tmp_path / "out" / "cancelled.pdf"
    with pytest.raises(Cancelled):
        export_bundle(demo_case, demo_definition(), out, progress=cancel_midway, cancel=token)
    assert not out.exists() and list(out.parent.iterdir()) == []
