"""Page furniture: stamps, running headers and footers, page and pleading-line numbers, and nothing of the body."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from casebook.ingest.filings import find_ecf_stamps
from casebook.ingest.furniture import find_furniture

COURT_PDFS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "court_pdfs"


def texts(pages: list[str]) -> list[list[str]]:
    return [[text[a:b] for a, b in ranges] for text, ranges in zip(pages, find_furniture(pages), strict=True)]


BODY = [
    "This case presents a question of whether a district court has jurisdiction\n\nto modify a sentence.",
    "guideline range. After Martin appealed his sentence to this court but before\n\nhe filed his brief,",
    "time of sentencing, we find no error, much less plain error.\n\nAFFIRMED.",
    "The parties shall confer and file a joint proposed schedule\n\nwithin twenty-one days.",
]


def appellate_page(n: int, body: str) -> str:
    header = "Nos. 07-30815 & 08-30818\n\n" if n > 1 else ""
    return (f"Case: 07-30815 Document: 00511021443 Page: {n} Date Filed: 02/05/2010\n\n{header}{body}\n\n{n}")


def test_stamp_running_header_and_page_number_on_every_page():
    pages = [appellate_page(n, BODY[n - 1]) for n in (1, 2, 3)]
    found = texts(pages)
    assert found[0] == ["Case: 07-30815 Document: 00511021443 Page: 1 Date Filed: 02/05/2010", "1"]
    for n in (2, 3):
        assert found[n - 1] == [f"Case: 07-30815 Document: 00511021443 Page: {n} Date Filed: 02/05/2010",
                                "Nos. 07-30815 & 08-30818", str(n)]


def test_a_footnote_marker_inside_the_page_is_body_text():
    page = ("Case 1:25-cv-01234-ABC Document 62 Filed 03/14/25 Page 2 of 5\n\nthe appeal of the original\n1\n\n"
            "sentence is pending before this court.\n\n2")
    (found,) = texts([page])
    assert found == ["Case 1:25-cv-01234-ABC Document 62 Filed 03/14/25 Page 2 of 5", "2"]


def test_running_footer_and_folio_variants():
    pages = [f"{BODY[n - 1]}\n\n- {n} -\nPLAINTIFF'S MOTION TO COMPEL" for n in range(1, 5)]
    assert texts(pages) == [[f"- {n} -", "PLAINTIFF'S MOTION TO COMPEL"] for n in range(1, 5)]
    paged = [f"{BODY[n - 1]}\nPage {n} of 4" for n in range(1, 5)]
    assert texts(paged) == [[f"Page {n} of 4"] for n in range(1, 5)]
    exhibit = ["I declare as follows.\n1\nExh. B - 1", "More of the declaration.\nExh. B - 2\n2"]
    assert texts(exhibit) == [["1", "Exh. B - 1"], ["Exh. B - 2", "2"]]


def test_a_running_footer_that_moves_with_the_page_number():
    pages = [f"{BODY[n - 1]}\nSmith Decl. - {n}" for n in range(1, 4)]
    assert texts(pages) == [[f"Smith Decl. - {n}"] for n in range(1, 4)]
    # A sentence of the body at the top of each page that mentions the page's number is not a header.
    sentences = [f"{BODY[n]}\nThe clinic served {n} hundred taxpayers in the year it reports on." for n in range(3)]
    assert texts(sentences) == [[], [], []]


def test_body_lines_alike_but_for_their_numbers_are_not_running_lines():
    pages = [f"Line {24 * n + 1} of the motion says the agency answered request {24 * n + 1}.\nmiddle\n"
             f"Line {24 * n + 24} of the motion says the agency answered request {24 * n + 24}." for n in range(4)]
    assert texts(pages) == [[], [], [], []]


def test_a_caption_repeated_on_a_short_document_is_not_a_running_header():
    caption = "NOTE: This disposition is nonprecedential.\nUnited States Court of Appeals for the Federal Circuit"
    pages = [f"{caption}\n2009-1361\nPAUL N. NELSON,\nopinion text", f"{caption}\n2009-1361\nPAUL N. NELSON,\njudgment"]
    assert texts(pages) == [[], []]


def test_tax_court_star_paging():
    pages = ["- 5 -\n\n[*5] corresponding deduction for losses carried forward\n(we hold that he was)."]
    (found,) = texts(pages)
    assert found == ["- 5 -", "[*5]"]


def test_pleading_paper_column_and_inline_numbers():
    column = "\n\n".join(str(n) for n in range(1, 29)) + "\n\nWO\n\nIN THE UNITED STATES DISTRICT COURT\n\nBody."
    (found,) = texts([column])
    assert found == [str(n) for n in range(1, 29)]
    inline = "\n".join(f"{n} line {n} of the pleading text continues here" for n in range(1, 15))
    (found_inline,) = texts([inline])
    assert found_inline == [str(n) for n in range(1, 15)]
    # A run of numbered lines that does not count from the top of the page is a list, not pleading paper.
    numbered_list = "\n".join(f"{n} Item {n} of the schedule of exhibits filed with the motion" for n in range(5, 17))
    assert texts([numbered_list]) == [[]]
    # A short run of numbered lines is a list, not pleading paper.
    listing = "Exhibits\n1\n2\n3\n4\nThe end of the appendix."
    assert texts([listing]) == [[]]


def test_condensed_transcript_headers_repeated_side_by_side():
    pages = []
    for n in range(1, 4):
        header = "CRYSTAL M. LONG\n\nCRYSTAL M. LONG\n\nFebruary 19, 2018\n\nFebruary 19, 2018\n\n"
        header += f"LONG vs ABILITY RECOVERY SERVICES\n\nLONG vs ABILITY RECOVERY SERVICES\n\n{4 * n - 3}–{4 * n}\n\n"
        pages.append(f"Case 8:17-cv-01955-GJH Document 57-7 Filed 04/20/18 Page {n} of 3\n{header}"
                     f"Q. And what did you do on day {n}?\nA. {BODY[n]}")
    for n, found in enumerate(texts(pages), start=1):
        assert found[1:] == ["CRYSTAL M. LONG", "CRYSTAL M. LONG", "February 19, 2018", "February 19, 2018",
                             "LONG vs ABILITY RECOVERY SERVICES", "LONG vs ABILITY RECOVERY SERVICES",
                             f"{4 * n - 3}–{4 * n}"]


def test_a_lone_number_only_once_per_edge():
    page = "Table of requests\n248\n4016\n5285"
    (found,) = texts([page])
    assert found == ["5285"]


def test_stamp_split_over_two_lines():
    page = "Case 4:08-cv-02214-SBA Document 26\nFiled 01/29/2009 Page 1 of 2\nSTIPULATION AND ORDER\nBody text."
    (found,) = texts([page])
    assert found == ["Case 4:08-cv-02214-SBA Document 26", "Filed 01/29/2009 Page 1 of 2"]
    bare_head = "Case 1:20-cv-00001-ABC\nDocument 5 Filed 01/02/20 Page 3 of 9\nBody text begins here."
    (found,) = texts([bare_head])
    assert found == ["Case 1:20-cv-00001-ABC", "Document 5 Filed 01/02/20 Page 3 of 9"]


def test_empty_pages():
    assert find_furniture(["", "   \n\n"]) == [[], []]


# --- the public corpus ------------------------------------------------------------------------------------------

# The first sentence of the body on a stamped page, as printed; none of it may be furniture.
FIRST_BODY = {
    "clhist_ca5_opinion_us-v-martin_07-30815_FOOTNOTE-FIRST.pdf": (2, "guideline range. After Martin appealed"),
    "doctor_ca1_opinion_calvary-chapel_20-1507.pdf": (3, "SELYA, Circuit Judge. This interlocutory appeal"),
    "doctor_ca9_motion-to-stay_zepeda-rivas_20-16276.pdf": (3, "Appellees respectfully request that the Court"),
    "cl_ca2_acms-order_bainbridge-v-argentina_NO-STARTXREF.pdf": (2, "In each of the above-captioned appeals"),
    "xray_declaration_angela-frye_SCANNED-OCR.pdf": (1, "I, Angela Frye, have personal knowledge"),
    "doctor_ca3_clerk-letter_mielo-v-steak-n-shake.pdf": (2, "Counsel for Appellant"),
    "cl_ca3_clerk-letter_21-2728.pdf": (1, "OFFICE OF THE CLERK"),
}


@functools.cache
def _extracted(name: str) -> tuple[str, ...]:
    from casebook.pdf.extract import extract_pdf

    return tuple(page.text for page in extract_pdf(COURT_PDFS / name).pages)


def _corpus_pages(name: str) -> list[str]:
    if not (COURT_PDFS / name).is_file():
        pytest.skip("the shared corpus is not present")
    return list(_extracted(name))


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(FIRST_BODY))
def test_corpus_stamps_are_furniture_and_the_first_body_sentence_is_not(name):
    pages = _corpus_pages(name)
    furniture = find_furniture(pages)
    stamped = 0
    for text, ranges in zip(pages, furniture, strict=True):
        for line in text.split("\n"):
            if find_ecf_stamps(line):
                stamped += 1
                at = text.index(line)
                assert any(a <= at and at + len(line) <= b for a, b in ranges), (name, line)
    assert stamped >= 1
    number, sentence = FIRST_BODY[name]
    text, ranges = pages[number - 1], furniture[number - 1]
    at = text.index(sentence)
    assert not any(a < at + len(sentence) and b > at for a, b in ranges), (name, sentence)


@pytest.mark.corpus
def test_corpus_furniture_is_never_a_sentence_of_the_body():
    if not COURT_PDFS.is_dir():
        pytest.skip("the shared corpus is not present")
    for path in sorted(COURT_PDFS.glob("*.pdf")):
        pages = _corpus_pages(path.name)
        for text, ranges in zip(pages, find_furniture(pages), strict=True):
            for a, b in ranges:
                piece = text[a:b]
                stamp = bool(find_ecf_stamps(piece.split("\n")[0]))
                # Stamps, folios and short running lines only: no furniture ends a sentence of running text.
                assert stamp or len(piece) <= 90, (path.name, piece)
                assert stamp or not piece.rstrip().endswith((".", ",", ";")) or len(piece.split()) <= 6, (
                    path.name, piece)


@pytest.mark.corpus
def test_corpus_running_headers_of_the_fifth_circuit_and_bard_orders():
    ca5 = _corpus_pages("clhist_ca5_opinion_us-v-martin_07-30815_FOOTNOTE-FIRST.pdf")
    found = texts(ca5)
    assert "Nos. 07-30815 & 08-30818" in found[1] and "Nos. 07-30815 & 08-30818" in found[2]
    bard = _corpus_pages("doctor_azd_mdl-remand-order_bard-ivc.pdf")
    found = texts(bard)
    assert found[0] == [str(n) for n in range(1, 29)]  # the pleading-paper margin of page 1
    assert "SUGGESTION OF REMAND AND TRANSFER ORDER" in found[1]


# --- OCR recomputes the furniture of the pages it rewrites ------------------------------------------------------

@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_ocr_recomputes_furniture(tmp_path):
    import pymupdf

    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths
    from casebook.services.ocr import ocr_documents
    from casebook.store import documents

    out = pymupdf.open()
    for n in (1, 2, 3):
        source = pymupdf.open()
        drawn = source.new_page(width=612, height=792)
        drawn.insert_text((72, 40), f"Case 1:25-cv-01234-ABC Document 12 Filed 05/02/25 Page {n} of 3", fontsize=11)
        for i, line in enumerate([f"The clinic served {n} hundred taxpayers in the year it reports on here.",
                                  "Its director describes the work in the paragraphs that follow below."]):
            drawn.insert_text((72, 120 + 22 * i), line, fontsize=13)
        drawn.insert_text((300, 740), str(n), fontsize=13)
        page = out.new_page(width=612, height=792)
        page.insert_image(page.rect, pixmap=drawn.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY))
        source.close()
    path = tmp_path / "scan.pdf"
    out.save(path)
    out.close()
    with create_case(tmp_path / "case", title="Roe v. Agency") as case:
        summary = import_paths(case, [path])
        doc_id = summary.imported[0].document_id
        assert all(not p.furniture for p in documents.get_pages(case.db, doc_id, with_words=False))
        ocr_documents(case, [doc_id])
        pages = documents.get_pages(case.db, doc_id, with_words=False)
    for page in pages:
        furniture = [page.text[a:b] for a, b in page.furniture]
        assert furniture and furniture[0].startswith("Case 1:25-cv-01234"), (page.number, page.text[:120])
        assert not any("clinic served" in piece for piece in furniture)


def test_exhibit_sticker_above_the_stamp_and_a_two_up_header():
    page = ("EXHIBIT 4\nCase 8:17-cv-01955-GJH Document 57-7 Filed 04/20/18 Page 1 of 21\nCRYSTAL M. LONG\n\n"
            "CRYSTAL M. LONG\nMarch 3, 2018\nThe witness was sworn and testified as follows.")
    (found,) = texts([page])
    assert found == ["EXHIBIT 4", "Case 8:17-cv-01955-GJH Document 57-7 Filed 04/20/18 Page 1 of 21",
                     "CRYSTAL M. LONG", "CRYSTAL M. LONG"]
    # "EXHIBIT A" heading a page without a stamp under it is the exhibit's own title.
    assert texts(["EXHIBIT A\nLease agreement between the parties."]) == [[]]


@pytest.mark.corpus
def test_corpus_condensed_transcript_header():
    pages = _corpus_pages("xray_mdd_deposition-transcript_long-v-pendrick.pdf")
    (found,) = texts(pages)
    assert found.count("LONG vs ABILITY RECOVERY SERVICES") == 2 and found.count("CRYSTAL M. LONG") == 2
    assert found[0] == "EXHIBIT 4" and found[1].startswith("Case 8:17-cv-01955-GJH Document 57-7")
    assert not any("DEPOSITION" in piece or "APPEARANCES" in piece for piece in found)


def test_pleading_paper_pdf_margin_column_before_the_stamp(tmp_path):
    import pymupdf

    from casebook.core.anchoring import find_quote, text_without_furniture
    from casebook.pdf.extract import extract_pdf

    words = ("the clinic alleges that the agency disclosed return information of taxpayers without lawful "
             "authority and kept no record of").split()
    doc = pymupdf.open()
    k = 0
    for p in (1, 2):
        page = doc.new_page(width=612, height=792)
        page.insert_text((150, 30), f"Case 3:25-cv-00001-XYZ Document 9 Filed 05/01/25 Page {p} of 2", fontsize=9)
        for n in range(1, 29):
            page.insert_text((40, 72 + (n - 1) * 24), str(n), fontsize=11)  # the margin's line numbers
            page.insert_text((90, 72 + (n - 1) * 24), f"w{p}x{n} " + " ".join(words[(k + i) % len(words)]
                                                                           for i in range(11)), fontsize=11)
            k += 11
        page.insert_text((290, 760), f"- {p} -", fontsize=10)
        page.insert_text((200, 775), "COMPLAINT FOR DECLARATORY RELIEF", fontsize=9)
    path = tmp_path / "pleading.pdf"
    doc.save(path)
    doc.close()
    pages = extract_pdf(path).pages
    for page, ranges in zip(pages, find_furniture([p.text for p in pages]), strict=True):
        page.furniture = ranges
        found = [page.text[a:b] for a, b in ranges]
        assert [str(n) for n in range(1, 29)] == [t for t in found if t.isdigit()]
        assert f"Case 3:25-cv-00001-XYZ Document 9 Filed 05/01/25 Page {page.number} of 2" in found
        assert f"- {page.number} -" in found and "COMPLAINT FOR DECLARATORY RELIEF" in found
        assert not any(t.startswith(f"w{page.number}x") for t in found)
    tail = text_without_furniture(pages[0].text, pages[0].furniture).split()[-5:]
    head = text_without_furniture(pages[1].text, pages[1].furniture).split()[:5]
    (anchor,) = find_quote(pages, " ".join(tail + head))
    assert (anchor.span.start_page, anchor.span.end_page) == (1, 2)
    assert anchor.quote.exact.split() == tail + head
