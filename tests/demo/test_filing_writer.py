"""Tests for the filing writer: ECF stamps, paragraph numbering, determinism and speed, on real PDFs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest

from casebook.core.filing_spec import FilingParagraph, FilingSpec
from casebook.pdf.filing_writer import write_filing

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
FILINGS = sorted((DEMO / "filings").glob("*.json"))
PARAGRAPH_START = re.compile(r"^(\d+)\.$")


def _load(path: Path) -> FilingSpec:
    return FilingSpec.from_dict(json.loads(path.read_text(encoding="utf-8")))


def _lines(page: pymupdf.Page) -> list[str]:
    """The page's words sorted top to bottom, grouped into lines by baseline."""
    words = sorted(page.get_text("words"), key=lambda w: (round(w[3], 1), w[0]))
    lines: list[tuple[float, list[str]]] = []
    for word in words:
        bottom, text = word[3], word[4]
        if lines and abs(lines[-1][0] - bottom) < 2.0:
            lines[-1][1].append(text)
        else:
            lines.append((bottom, [text]))
    return [" ".join(parts) for _, parts in lines]


def _paragraph_numbers(doc: pymupdf.Document) -> list[int]:
    numbers = []
    for page in doc:
        for line in _lines(page):
            match = PARAGRAPH_START.match(line.split()[0])
            if match:
                numbers.append(int(match.group(1)))
    return numbers


def _spec(paragraphs: int, *, words: int = 60, heading_every: int = 0) -> FilingSpec:
    body = " ".join(f"word{i % 17}" for i in range(words))
    return FilingSpec(
        court=("UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"),
        plaintiffs=("TAXPAYER RIGHTS CENTER,",),
        defendants=("UNITED STATES DEPARTMENT OF THE TREASURY, et al.,",),
        case_number="1:25-cv-01234",
        judge_initials="ABC",
        title="GENERATED FILING",
        paragraphs=tuple(
            FilingParagraph(f"Paragraph {n} says {body}.",
                            heading=f"SECTION {n}" if heading_every and n % heading_every == 1 else "")
            for n in range(1, paragraphs + 1)
        ),
        signature=("/s/ A. Lawyer", "A. Lawyer"),
        ecf_document_number="7",
        filed_date="2025-07-02",
    )


def test_demo_filings_exist() -> None:
    assert {path.stem for path in FILINGS} >= {"declaration", "complaint", "order"}


@pytest.mark.parametrize("path", FILINGS, ids=lambda p: p.stem)
def test_every_page_starts_with_its_ecf_stamp(path: Path, tmp_path: Path) -> None:
    spec = _load(path)
    out = tmp_path / f"{path.stem}.pdf"
    page_count = write_filing(spec, out)
    with pymupdf.open(out) as doc:
        assert doc.page_count == page_count
        for k, page in enumerate(doc, start=1):
            expected = (f"Case {spec.ecf_case_number} Document {spec.ecf_document_number} "
                        f"Filed {spec.filed_date_stamp} Page {k} of {page_count}")
            assert _lines(page)[0] == expected
            assert page.rect.width == pytest.approx(612) and page.rect.height == pytest.approx(792)


@pytest.mark.parametrize("path", FILINGS, ids=lambda p: p.stem)
def test_paragraph_numbers_start_lines_in_order(path: Path, tmp_path: Path) -> None:
    spec = _load(path)
    out = tmp_path / f"{path.stem}.pdf"
    write_filing(spec, out)
    with pymupdf.open(out) as doc:
        assert _paragraph_numbers(doc) == list(range(1, len(spec.paragraphs) + 1))
        text = " ".join(page.get_text() for page in doc)
    # Real text, not images: the caption and title can be searched.
    assert spec.caption_case_number in " ".join(text.split())
    assert spec.title in text


def test_declaration_states_the_key_figures_in_their_own_paragraphs(tmp_path: Path) -> None:
    spec = _load(DEMO / "filings" / "declaration.json")
    assert 12 <= len(spec.paragraphs) <= 16
    out = tmp_path / "declaration.pdf"
    write_filing(spec, out)
    with pymupdf.open(out) as doc:
        text = " ".join(" ".join(page.get_text().split()) for page in doc)
        assert doc.metadata["author"] == "Dottie Romo"
    for phrase in ("47,000", "1.2 million", "January 23, 2026", "28 U.S.C. § 1746",
                   "penalty of perjury", "/s/ Dottie Romo", "Chief Risk and Oversight Officer"):
        assert phrase in text
    holders = {
        phrase: [n for n, p in enumerate(spec.paragraphs, start=1) if phrase in p.text]
        for phrase in ("47,000", "1.2 million", "January 23", "not make any use")
    }
    assert holders["47,000"][0] == 8
    assert all(holders.values())
    assert len({numbers[0] for numbers in holders.values()}) == len(holders)


def test_same_spec_gives_identical_bytes(tmp_path: Path) -> None:
    spec = _load(DEMO / "filings" / "complaint.json")
    write_filing(spec, tmp_path / "a.pdf")
    write_filing(spec, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert not list(tmp_path.glob(".filing-*")), "the temporary file must be renamed into place"


def test_paragraphs_wrap_across_pages_with_stamps_and_folios(tmp_path: Path) -> None:
    spec = _spec(60, heading_every=10)
    out = tmp_path / "long.pdf"
    page_count = write_filing(spec, out)
    assert page_count > 5
    with pymupdf.open(out) as doc:
        assert _paragraph_numbers(doc) == list(range(1, 61))
        for k, page in enumerate(doc, start=1):
            lines = _lines(page)
            assert lines[0].endswith(f"Page {k} of {page_count}")
            assert lines[-1] == str(k)  # folio centred at the foot of the page
            words = page.get_text("words")
            body = [w for w in words if w[1] >= 72 and w[3] <= 792 - 72 + 1]
            assert all(w[0] >= 72 - 0.5 and w[2] <= 612 - 72 + 0.5 for w in body), "text crosses a margin"
        toc = doc.get_toc()
    assert [entry[1] for entry in toc[1:]] == [f"SECTION {n}" for n in range(1, 61, 10)]


@pytest.mark.parametrize("words", [10, 16, 35, 61, 64])  # lengths that put a heading at a page foot
def test_headings_are_kept_with_the_paragraph_they_head(words: int, tmp_path: Path) -> None:
    out = tmp_path / "headings.pdf"
    write_filing(_spec(60, words=words, heading_every=3), out)
    with pymupdf.open(out) as doc:
        for page in doc:
            lines = _lines(page)
            body = lines[1:-1]  # without stamp and folio
            assert not body[-1].startswith("SECTION"), "a heading was left at the foot of a page"


def test_wrapping_never_starts_a_line_with_a_false_paragraph_number(tmp_path: Path) -> None:
    # Cross-references like "¶ 12." fall at a line start for some widths; the writer must avoid that.
    paragraphs = tuple(
        FilingParagraph(" ".join(["See"] + ["x"] * fill + ["¶", "12.", "and", "13.", "above"] * 6))
        for fill in range(40)
    )
    spec = FilingSpec(court=("COURT",), plaintiffs=("P,",), defendants=("D.",), case_number="1:25-cv-1",
                      title="T", paragraphs=paragraphs)
    out = tmp_path / "xref.pdf"
    write_filing(spec, out)
    with pymupdf.open(out) as doc:
        assert _paragraph_numbers(doc) == list(range(1, 41))


def test_characters_outside_winansi_do_not_break_the_writer(tmp_path: Path) -> None:
    spec = FilingSpec(court=("COURT",), plaintiffs=("P,",), defendants=("D.",), case_number="1:25-cv-1",
                      title="T", paragraphs=(FilingParagraph("Fee € 5 — “quoted” § 6103 ¶ 8 → ★ done."),))
    out = tmp_path / "chars.pdf"
    write_filing(spec, out)
    with pymupdf.open(out) as doc:
        text = " ".join(doc[0].get_text().split())
    assert "Fee € 5 — “quoted” § 6103 ¶ 8 ? ? done." in text


def test_a_thousand_page_filing_renders_with_every_page_stamped(tmp_path: Path) -> None:
    spec = _spec(9000, words=40, heading_every=50)
    out = tmp_path / "thousand.pdf"
    page_count = write_filing(spec, out)
    assert page_count >= 1000
    with pymupdf.open(out) as doc:
        assert _lines(doc[-1])[0].endswith(f"Page {page_count} of {page_count}")
        assert _lines(doc[499])[0].endswith(f"Page 500 of {page_count}")
