"""analyse_filing on real PDFs generated with PyMuPDF and read back through the PDF text reconstruction."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.core.documents import (
    DateBasis,
    DocumentKind,
    DocumentMetadata,
    ExtractedDocument,
    ExtractedPage,
)
from casebook.ingest.filings import analyse_filing

pymupdf = pytest.importorskip("pymupdf")

STAMP = "Case 1:25-cv-01234-ABC Document 62 Filed 07/02/25 Page {n} of 3"

# Each page: list of blocks; a block is a list of lines drawn 14pt apart, blocks 26pt apart.
ROMO_PAGES = [
    [
        ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        [
            "CENTRO DE TRABAJADORES UNIDOS, et al.,",
            "Plaintiffs,",
            "v.",
            "DEPARTMENT OF THE TREASURY, et al.,",
            "Defendants.",
        ],
        ["Civil Action No. 25-1234 (ABC)"],
        ["DECLARATION OF DOTTIE ROMO"],
        ["I, Dottie Romo, declare as follows:"],
        ["1. I am the records officer of the union and keep its membership files."],
        ["2. Our members file tax returns with individual taxpayer identification", "numbers every year."],
        ["3. In April our members learned that the tax agency agreed to share", "their addresses."],
        ["4. Since then, members have asked whether they should stop filing", "returns because they fear"],
    ],
    [
        ["that their addresses will be sent to immigration officers."],
        ["5. Several members told me they will not file this year."],
        ["6. The union has spent staff time answering these questions instead of", "its usual work."],
    ],
    [
        ["7. The union cannot recover the time it has lost."],
        ["I declare under penalty of perjury that the foregoing is true and correct."],
        ["Executed on July 2, 2025.", "/s/ Dottie Romo"],
    ],
]


def write_filing(path: Path, pages: list[list[list[str]]], *, title: str = "", stamp: bool = True) -> Path:
    doc = pymupdf.open()
    for number, blocks in enumerate(pages, start=1):
        page = doc.new_page(width=612, height=792)
        if stamp:
            page.insert_text((72, 30), STAMP.format(n=number), fontsize=8, fontname="helv")
        y = 80.0
        for block in blocks:
            for line in block:
                page.insert_text((72, y), line, fontsize=11, fontname="tiro")
                y += 14
            y += 12
        page.insert_text((300, 760), str(number), fontsize=10, fontname="tiro")
    doc.set_metadata({"title": title})
    doc.save(path)
    doc.close()
    return path


def read_back(path: Path) -> ExtractedDocument:
    """The real extractor when it exists; otherwise words joined per line, lines by newlines."""
    try:
        from casebook.pdf.extract import extract_pdf
    except ImportError:
        extract_pdf = None
    if extract_pdf is not None:
        return extract_pdf(path)
    pages = []
    with pymupdf.open(path) as doc:
        for index, page in enumerate(doc):
            lines: dict[tuple[int, int], list[str]] = {}
            for word in page.get_text("words"):
                lines.setdefault((word[5], word[6]), []).append(word[4])
            text = "\n".join(" ".join(words) for words in lines.values())
            pages.append(ExtractedPage(number=index + 1, label=str(index + 1), text=text))
        title = doc.metadata.get("title", "")
    return ExtractedDocument("pdf", "test", DocumentMetadata(title=title), pages)


def texts(doc: ExtractedDocument, page_index: int) -> dict[tuple[int, bool], str]:
    page = doc.pages[page_index]
    return {(p.number, p.continued): page.text[p.start : p.end] for p in page.paragraphs}


def test_declaration_pdf(tmp_path: Path) -> None:
    doc = read_back(write_filing(tmp_path / "romo.pdf", ROMO_PAGES, title="Microsoft Word - romo decl.docx"))
    assert analyse_filing(doc) is doc

    assert [page.ecf.page if page.ecf else None for page in doc.pages] == [1, 2, 3]
    assert {page.ecf.page_count for page in doc.pages if page.ecf} == {3}
    meta = doc.metadata
    # The stamp's number, judge initials kept, wins over "Civil Action No. 25-1234 (ABC)".
    assert meta.case_number == "1:25-cv-01234-ABC"
    assert meta.docket_numbers == ["1:25-cv-01234-ABC"]
    assert meta.ecf_document_number == "62" and meta.appellate_document_id is None
    assert meta.filed_date == "2025-07-02"
    assert (meta.date, meta.date_basis) == ("2025-07-02", DateBasis.FILED)
    assert meta.court == "United States District Court for the District of Columbia"
    assert meta.title == "Declaration of Dottie Romo"  # never the "Microsoft Word - …" /Title
    assert meta.title_as_printed == "DECLARATION OF DOTTIE ROMO"
    assert meta.kind is DocumentKind.DECLARATION

    assert [[(p.number, p.continued) for p in page.paragraphs] for page in doc.pages] == [
        [(1, False), (2, False), (3, False), (4, False)],
        [(4, True), (5, False), (6, False)],
        [(7, False)],
    ]
    first, second, third = texts(doc, 0), texts(doc, 1), texts(doc, 2)
    assert first[(1, False)] == "1. I am the records officer of the union and keep its membership files."
    assert first[(2, False)].startswith("2. Our members") and first[(2, False)].endswith("numbers every year.")
    assert first[(4, False)].endswith("because they fear")  # the page number "1" is not part of it
    assert second[(4, True)] == "that their addresses will be sent to immigration officers."
    assert second[(6, False)].endswith("its usual work.")
    assert third[(7, False)] == "7. The union cannot recover the time it has lost."  # signature block excluded


def test_printed_title_wins_over_a_meaningful_metadata_title(tmp_path: Path) -> None:
    path = write_filing(tmp_path / "romo.pdf", ROMO_PAGES, title="Romo declaration (signed)")
    doc = analyse_filing(read_back(path))
    assert doc.metadata.title == "Declaration of Dottie Romo"
    assert doc.metadata.kind is DocumentKind.DECLARATION


def untitled_pages() -> list[list[list[str]]]:
    return [[block for block in ROMO_PAGES[0] if block != ["DECLARATION OF DOTTIE ROMO"]], *ROMO_PAGES[1:]]


def test_metadata_title_used_only_when_the_text_has_none(tmp_path: Path) -> None:
    path = write_filing(tmp_path / "a.pdf", untitled_pages(), title="Romo declaration (signed)")
    doc = analyse_filing(read_back(path))
    assert doc.metadata.title == "Romo declaration (signed)"
    assert doc.metadata.kind is DocumentKind.DECLARATION
    assert doc.metadata.title_as_printed is None


@pytest.mark.parametrize(
    "junk", ["A9Rmahfa4_1laaz8q_bg.tmp", "Microsoft Word - Romo Decl", "untitled", "doctor_ca5_opinion_21-50498"]
)
def test_junk_metadata_title_is_never_the_title(tmp_path: Path, junk: str) -> None:
    doc = analyse_filing(read_back(write_filing(tmp_path / "a.pdf", untitled_pages(), title=junk)))
    assert doc.metadata.title == ""


def test_analysis_finds_every_field_afresh_and_is_idempotent(tmp_path: Path) -> None:
    doc = read_back(write_filing(tmp_path / "romo.pdf", ROMO_PAGES))
    doc.metadata.case_number = "1:25-cv-09999"  # a stale value from an earlier reading of the text
    analyse_filing(doc)
    assert doc.metadata.case_number == "1:25-cv-01234-ABC"
    first = ([list(page.paragraphs) for page in doc.pages], doc.metadata)
    analyse_filing(doc)
    assert ([list(page.paragraphs) for page in doc.pages], doc.metadata) == first


def test_unstamped_filing_uses_the_caption_number(tmp_path: Path) -> None:
    doc = analyse_filing(read_back(write_filing(tmp_path / "romo.pdf", ROMO_PAGES, stamp=False)))
    assert all(page.ecf is None for page in doc.pages)
    assert doc.metadata.case_number == "25-1234 (ABC)"
    assert doc.metadata.ecf_document_number is None and doc.metadata.filed_date is None
    # No stamp: the declaration's "Executed on July 2, 2025." is not a printed "Dated"/"Signed" line.
    assert doc.metadata.date_basis is None


def test_pleading_paper_pdf(tmp_path: Path) -> None:
    body = [
        "COMPLAINT FOR DECLARATORY AND INJUNCTIVE RELIEF",
        "",
        "1. Plaintiffs bring this action to stop the transfer of",
        "confidential taxpayer addresses to immigration officers.",
        "2. The agencies signed an agreement in April that allows",
        "bulk requests for addresses.",
        "JURISDICTION",
        "3. This Court has jurisdiction under 28 U.S.C. § 1331.",
    ]
    doc_pdf = pymupdf.open()
    page = doc_pdf.new_page(width=612, height=792)
    for n in range(1, 29):  # pleading paper: line numbers 1-28 down the left margin, text on the same baselines
        y = 72 + (n - 1) * 24
        page.insert_text((40, y), str(n), fontsize=10, fontname="tiro")
        if n <= len(body) and body[n - 1]:
            page.insert_text((90, y), body[n - 1], fontsize=11, fontname="tiro")
    path = tmp_path / "pleading.pdf"
    doc_pdf.save(path)
    doc_pdf.close()

    doc = analyse_filing(read_back(path))
    found = texts(doc, 0)
    assert [number for number, _ in found] == [1, 2, 3]
    assert all(text.startswith(f"{number}. ") for (number, _), text in found.items())
    assert found[(2, False)].endswith("bulk requests for addresses.")
    assert "JURISDICTION" not in found[(2, False)]
    assert doc.metadata.kind is DocumentKind.COMPLAINT


def test_article_documents_are_left_alone() -> None:
    page = ExtractedPage(number=1, label="1", text="1. A list in an article.\n2. Another item.")
    doc = ExtractedDocument("html", "test", DocumentMetadata(kind=DocumentKind.ARTICLE), [page])
    analyse_filing(doc)
    assert page.paragraphs == [] and page.ecf is None


def test_thousand_pages_analysed() -> None:
    def body(page: int) -> str:
        return "\n".join(
            f"{n}. The agency shared records of taxpayers with another agency under the agreement signed in\n"
            "April; the records included names, addresses and the dates on which returns were filed, and the\n"
            "requests were made in bulk rather than case by case as the statute contemplates."
            for n in (page, "(a)", "(b)", "(c)", "(d)")  # one numbered paragraph, then lettered sub-parts
        )

    pages = [
        ExtractedPage(
            number=i,
            label=str(i),
            text=f"Case 1:25-cv-01234-ABC Document 62 Filed 07/02/25 Page {i} of 1000\n\n{body(i)}\n\n{i}",
        )
        for i in range(1, 1001)
    ]
    doc = ExtractedDocument("pdf", "test", DocumentMetadata(), pages)
    analyse_filing(doc)  # speed is measured by `casebook bench import`, never by a timed test
    assert all(page.ecf is not None and page.ecf.page == page.number for page in doc.pages)
    assert [[p.number for p in page.paragraphs] for page in doc.pages] == [[n] for n in range(1, 1001)]
