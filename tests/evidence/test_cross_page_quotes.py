"""Quotes across a page break in stamped filings: found past the furniture, stored without it, cited "at 2–3"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebook.cli.main import cli
from casebook.core.anchoring import TextSpan, text_without_furniture
from casebook.services import evidence
from casebook.services.cases import create_case, open_case
from casebook.services.importing import import_paths
from casebook.store import documents

STAMP = "Case 1:25-cv-01234-ABC"
NOTICE = "Generated for the Casebook tests, not a court record."
MOTION_HEADER = "Case 1:25-cv-01234-ABC Document 62 Filed 03/14/25 Page {page} of 5"
MOTION_FOOTER = "PLAINTIFF'S MOTION TO COMPEL - CASE NO. 1:25-cv-01234"


def _paragraph(i: int) -> str:
    sentences = [
        f"In finding {i}.{j} the record shows that request number {100 * i + j} was answered on review day {j}, "
        f"and the office kept its working notes for entry {i}-{j} with the rest of that batch."
        for j in range(1, 9)
    ]
    return " ".join(sentences)


def order_spec():
    from casebook.core.filing_spec import FilingSpec

    return FilingSpec.from_dict({
        "kind": "order",
        "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["EXAMPLE CLINIC,"], "defendants": ["EXAMPLE AGENCY, et al.,"],
        "case_number": "1:25-cv-01234", "judge_initials": "ABC", "title": "ORDER",
        "preamble": ["Before the Court is the Clinic's motion. The Court finds and orders as follows."],
        "paragraphs": [_paragraph(i) for i in range(1, 7)],
        "closing": ["SO ORDERED."],
        "signature": ["/s/ Example Judge", "United States District Judge"],
        "ecf_document_number": "45", "filed_date": "2025-11-21", "notice": NOTICE,
    })


def declaration_spec():
    from casebook.core.filing_spec import FilingSpec

    return FilingSpec.from_dict({
        "kind": "declaration",
        "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["EXAMPLE CLINIC,"], "defendants": ["EXAMPLE AGENCY, et al.,"],
        "case_number": "1:25-cv-01234", "judge_initials": "ABC", "title": "DECLARATION OF ROBIN EXAMPLE",
        "preamble": ["I, Robin Example, declare as follows:"],
        "paragraphs": [_paragraph(i).replace("In finding", "In entry") for i in range(1, 6)],
        "closing": ["I declare under penalty of perjury that the foregoing is true and correct."],
        "signature": ["/s/ Robin Example", "Robin Example"],
        "ecf_document_number": "17", "filed_date": "2025-06-02", "notice": NOTICE,
    })


def write_motion(path: Path) -> None:
    """Five pages drawn with PyMuPDF: a CM/ECF header line, body lines, a page number and a running footer."""
    import pymupdf

    doc = pymupdf.open()
    line = 0
    for page_number in range(1, 6):
        page = doc.new_page(width=612, height=792)
        page.insert_text((120, 30), MOTION_HEADER.format(page=page_number), fontsize=9)
        y = 90.0
        for _ in range(24):
            line += 1
            page.insert_text((72, y), f"Line {line} of the motion says the agency answered request {line}.",
                             fontsize=11)
            y += 26
        page.insert_text((300, 740), str(page_number), fontsize=11)
        page.insert_text((150, 760), MOTION_FOOTER, fontsize=9)
    doc.save(path)
    doc.close()


@pytest.fixture(scope="module")
def filings_case(tmp_path_factory) -> Path:
    from casebook.pdf.filing_writer import write_filing

    folder = tmp_path_factory.mktemp("cross-page-sources")
    write_filing(order_spec(), folder / "order.pdf")
    write_motion(folder / "motion.pdf")
    write_filing(declaration_spec(), folder / "declaration.pdf")
    root = tmp_path_factory.mktemp("cross-page") / "case"
    with create_case(root, title="Example Clinic v. Example Agency") as case:
        summary = import_paths(case, [folder / "order.pdf", folder / "motion.pdf", folder / "declaration.pdf"])
    assert not summary.failed, summary.failed
    return root


@pytest.fixture
def case_root(filings_case: Path, tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "case"
    shutil.copytree(filings_case, root)
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return root


def _document_id(case, which: str) -> int:
    """The order (ECF No. 45) or the motion (ECF No. 62), told apart by the stamp on their first page."""
    marker = {"order": "Document 45", "motion": "Document 62", "declaration": "Document 17"}[which]
    return next(d.id for d in documents.list_documents(case.db)
                if marker in documents.page_text(case.db, d.id, 1))


def _break_quote(pages, first: int, words: int = 7) -> str:
    """The last words of page `first`'s body and the first words of the next page's body, as one quote."""
    before = text_without_furniture(pages[first - 1].text, pages[first - 1].furniture).split()
    after = text_without_furniture(pages[first].text, pages[first].furniture).split()
    return " ".join(before[-words:] + after[:words])


def _furniture_texts(page) -> list[str]:
    return [page.text[a:b] for a, b in page.furniture]


def test_stamped_order_has_its_stamp_folio_and_notice_as_furniture(case_root):
    with open_case(case_root) as case:
        pages = documents.get_pages(case.db, _document_id(case, "order"), with_words=False)
    assert len(pages) >= 3
    for page in pages:
        furniture = _furniture_texts(page)
        assert furniture[0].startswith(STAMP) and f"Page {page.number} of {len(pages)}" in furniture[0]
        assert str(page.number) in furniture and NOTICE.rstrip(".") in " ".join(furniture)
        body = text_without_furniture(page.text, page.furniture)
        assert STAMP not in body and "Generated for the Casebook tests" not in body


def test_cli_excerpt_add_across_a_page_break(case_root):
    with open_case(case_root) as case:
        doc_id = _document_id(case, "order")
        pages = documents.get_pages(case.db, doc_id, with_words=False)
    quote = _break_quote(pages, 2)
    result = CliRunner().invoke(cli, ["--case", str(case_root), "excerpt", "add", str(doc_id), "--page", "2",
                                      "--quote", quote, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert " ".join(data["quote"].split()) == quote
    assert STAMP not in data["quote"] and "Document 45" not in data["quote"] and "Casebook tests" not in data["quote"]
    assert data["cite"] == "Order at 2–3"
    assert data["ecf"] == "ECF No. 45 at 2–3"
    assert data["pdf"] == "PDF pp. 2–3"
    assert set(data["quads"]) == {"2", "3"}
    # The highlight covers body lines only: nothing in the stamp band at the top or the folio band at the foot.
    assert all(q[1] > 50 for q in data["quads"]["3"])
    assert all(q[3] < 792 - 60 for q in data["quads"]["2"])
    with open_case(case_root) as case:
        excerpt = evidence.get_excerpt(case, data["id"])
    assert (excerpt.anchor.span.start_page, excerpt.anchor.span.end_page) == (2, 3)
    assert STAMP not in excerpt.anchor.quote.prefix + excerpt.anchor.quote.suffix


def test_quote_across_a_break_without_page_is_found_once(case_root):
    with open_case(case_root) as case:
        doc_id = _document_id(case, "order")
        pages = documents.get_pages(case.db, doc_id, with_words=False)
        excerpt = evidence.add_excerpt_by_quote(case, doc_id, _break_quote(pages, 1, words=5))
        assert (excerpt.anchor.span.start_page, excerpt.anchor.span.end_page) == (1, 2)
        assert evidence.excerpt_citation(case, excerpt) == "Order at 1–2"


def test_a_quote_pasted_with_the_footer_and_stamp_in_it_is_stored_without_them(case_root):
    with open_case(case_root) as case:
        doc_id = _document_id(case, "order")
        pages = documents.get_pages(case.db, doc_id, with_words=False)
        start = pages[1].text.index(text_without_furniture(pages[1].text, pages[1].furniture).split()[-4])
        after = text_without_furniture(pages[2].text, pages[2].furniture).split()[:4]
        # As a PDF viewer copies it: the end of page 2, its folio and notice, page 3's stamp, then the body.
        pasted = " ".join(pages[1].text[start:].split() + pages[2].text.split()[: len(after) + 12])
        assert STAMP in pasted and "Casebook tests" in pasted
        excerpt = evidence.add_excerpt_by_quote(case, doc_id, pasted, page=2)
        assert STAMP not in excerpt.text and "Casebook tests" not in excerpt.text
        assert (excerpt.anchor.span.start_page, excerpt.anchor.span.end_page) == (2, 3)
        assert evidence.excerpt_citation(case, excerpt) == "Order at 2–3"
        with pytest.raises(evidence.QuoteNotFound):
            evidence.add_excerpt_by_quote(case, doc_id, "words that are nowhere in this order")


def test_drawn_motion_with_header_line_and_running_footer(case_root):
    with open_case(case_root) as case:
        doc_id = _document_id(case, "motion")
        pages = documents.get_pages(case.db, doc_id, with_words=False)
        assert [_furniture_texts(p) for p in pages[1:3]] == [
            [MOTION_HEADER.format(page=n), str(n), MOTION_FOOTER] for n in (2, 3)
        ]
        excerpt = evidence.add_excerpt_by_quote(
            case, doc_id, "the agency answered request 48. Line 49 of the motion says", page=2)
        assert excerpt.text == "the agency answered request 48. Line 49 of the motion says"
        assert (excerpt.anchor.span.start_page, excerpt.anchor.span.end_page) == (2, 3)
        assert evidence.excerpt_pin_cite(case, excerpt).pdf() == "PDF pp. 2–3"
        assert set(excerpt.quads) == {2, 3}


def test_a_selection_dragged_over_the_next_page_stamp_leaves_it_out(case_root):
    with open_case(case_root) as case:
        doc_id = _document_id(case, "order")
        pages = documents.get_pages(case.db, doc_id, with_words=False)
        page2, page3 = pages[1], pages[2]
        body2 = text_without_furniture(page2.text, page2.furniture)
        start = page2.text.index(body2.split()[-6])
        body3_first = text_without_furniture(page3.text, page3.furniture).split()[:5]
        end = page3.text.index(body3_first[-1]) + len(body3_first[-1])
        # The viewer's span runs over the footer of page 2 and the stamp of page 3.
        excerpt = evidence.add_excerpt_by_span(case, doc_id, TextSpan(2, start, 3, end))
        assert STAMP not in excerpt.text and "Casebook tests" not in excerpt.text
        assert " ".join(excerpt.text.split()).endswith(" ".join(body3_first))
        assert evidence.excerpt_citation(case, excerpt) == "Order at 2–3"
        # A selection that starts on the stamp itself begins at the body text after it.
        stamp_start = page3.furniture[0][0]
        only3 = evidence.add_excerpt_by_span(case, doc_id, TextSpan(3, stamp_start, 3, end))
        assert only3.anchor.span.start > page3.furniture[0][1] and only3.text.split() == body3_first


def test_reanchoring_keeps_a_cross_page_excerpt(case_root):
    with open_case(case_root) as case:
        doc_id = _document_id(case, "order")
        pages = documents.get_pages(case.db, doc_id, with_words=False)
        excerpt = evidence.add_excerpt_by_quote(case, doc_id, _break_quote(pages, 2), page=2)
        report = evidence.reanchor_document(case, doc_id)
        assert report.unchanged == [excerpt.id]


def test_declaration_quote_across_a_break_cites_its_paragraph(case_root):
    with open_case(case_root) as case:
        doc_id = _document_id(case, "declaration")
        pages = documents.get_pages(case.db, doc_id, with_words=False)
        open_paragraph = pages[1].paragraphs[-1].number
        assert pages[2].paragraphs[0].continued and pages[2].paragraphs[0].number == open_paragraph
        excerpt = evidence.add_excerpt_by_quote(case, doc_id, _break_quote(pages, 2), page=2)
        short = evidence.short_cite(documents.get_document(case.db, doc_id))
        assert evidence.excerpt_citation(case, excerpt) == f"{short} ¶ {open_paragraph}"
        assert evidence.excerpt_pin_cite(case, excerpt).ecf() == "ECF No. 17 at 2–3"
        assert STAMP not in excerpt.text and "Casebook tests" not in excerpt.text
