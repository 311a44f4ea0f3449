"""CM/ECF stamps and numbered paragraphs found in reconstructed page text."""

from __future__ import annotations

from datetime import date

import pytest

from casebook.core.documents import EcfStamp
from casebook.ingest.filings import (
    find_ecf_stamps,
    find_numbered_paragraphs,
    is_ecf_stamp_line,
    iso_date,
    number_paragraphs_across_pages,
    parse_ecf_stamp,
)

# ---------------------------------------------------------------------------------------------------------
# ECF stamps


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Case 1:25-cv-01234-ABC Document 62 Filed 07/02/25 Page 3 of 12",
            EcfStamp("1:25-cv-01234", "62", "2025-07-02", 3, 12),
        ),
        (
            "Case 1:25-cv-01234-ABC   Document 62-1   Filed 07/02/2025   Page 3 of 12 PageID #: 456",
            EcfStamp("1:25-cv-01234", "62-1", "2025-07-02", 3, 12),
        ),
        (
            "Case: 20-1507 Document: 00117684624 Page: 1 Date Filed: 12/04/2020 Entry ID: 6385535",
            EcfStamp("20-1507", "00117684624", "2020-12-04", 1, None),
        ),
        (
            "Case 4:08-cv-02214-SBA Document 27 Filed 05/14/2009 Page 1 of 2",
            EcfStamp("4:08-cv-02214", "27", "2009-05-14", 1, 2),
        ),
        (
            "Case 2:15-md-02641-DGC Document 1234 Filed 03/01/16 Page 5 of 9",
            EcfStamp("2:15-md-02641", "1234", "2016-03-01", 5, 9),
        ),
        (  # Ninth Circuit: date first, docket entry named DktEntry
            "Case: 20-16276, 08/05/2020, ID: 11778722, DktEntry: 19, Page 1 of 15",
            EcfStamp("20-16276", "19", "2020-08-05", 1, 15),
        ),
        (  # Second Circuit ACMS: decimal entry numbers
            "Case: 25-1689, 07/15/2025, DktEntry: 28.1, Page 2 of 2",
            EcfStamp("25-1689", "28.1", "2025-07-15", 2, 2),
        ),
        (  # Fourth Circuit
            "Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1",
            EcfStamp("17-2218", "17", "2017-10-31", 1, 1),
        ),
        (  # Seventh Circuit prints only the page count
            "Case: 17-2400 Document: 3 Filed: 07/13/2017 Pages: 1",
            EcfStamp("17-2400", "3", "2017-07-13", None, 1),
        ),
        (  # D.C. Circuit
            "USCA Case #20-5143 Document #1849289 Filed: 06/26/2020 Page 1 of 28",
            EcfStamp("20-5143", "1849289", "2020-06-26", 1, 28),
        ),
        (  # Eighth Circuit: no document number, the entry ID identifies the filing
            "Appellate Case: 20-1234 Page: 4 Date Filed: 01/02/2020 Entry ID: 4869123",
            EcfStamp("20-1234", "4869123", "2020-01-02", 4, None),
        ),
        (  # bankruptcy court: judge initials in lower or upper case
            "Case 20-10343-LSS Doc 1 Filed 02/18/20 Page 1 of 22",
            EcfStamp("20-10343", "1", "2020-02-18", 1, 22),
        ),
    ],
)
def test_parse_ecf_stamp_styles(line: str, expected: EcfStamp) -> None:
    text = f"{line}\n\nUNITED STATES DISTRICT COURT\nBody text of the filing.\n"
    assert parse_ecf_stamp(text) == expected


def test_stamp_at_the_bottom_of_the_page_text_is_found() -> None:
    body = "\n".join(f"Line {i} of the opinion's running text." for i in range(40))
    text = f"{body}\n\nCase: 20-1507 Document: 00117684624 Page: 7 Date Filed: 12/22/2020 Entry ID: 6390389"
    stamp = parse_ecf_stamp(text)
    assert stamp is not None and stamp.page == 7 and stamp.filed_date == "2020-12-22"


def test_stamp_split_over_two_lines() -> None:
    text = "Case 1:25-cv-01234-ABC Document 62-1\nFiled 07/02/2025 Page 3 of 12 PageID #: 456\n\nBody."
    assert parse_ecf_stamp(text) == EcfStamp("1:25-cv-01234", "62-1", "2025-07-02", 3, 12)


def test_stamp_in_the_middle_of_a_long_page_is_not_read() -> None:
    lines = [f"Line {i} of the body." for i in range(30)]
    lines[15] = "Case 1:25-cv-01234-ABC Document 62 Filed 07/02/25 Page 3 of 12"
    assert parse_ecf_stamp("\n".join(lines)) is None


def test_caption_case_number_is_not_a_stamp() -> None:
    text = "UNITED STATES COURT OF APPEALS\nFOR THE FIRST CIRCUIT\nCase No. 20-1507\nCase 1:25-cv-01234 is open"
    assert parse_ecf_stamp(text) is None
    assert parse_ecf_stamp("") is None


def test_refiled_page_takes_the_latest_stamp() -> None:
    # A signed proposed order: the page keeps the proposal's stamp and gets the order's stamp too.
    text = (
        "Case 4:08-cv-02214-SBA Document 26 Filed 01/29/2009 Page 1 of 2\n\nXXXXXXXX\n\n"
        "Case 4:08-cv-02214-SBA Document 27 Filed 02/03/09 Page 1 of 2"
    )
    assert len(find_ecf_stamps(text)) == 2
    stamp = parse_ecf_stamp(text)
    assert stamp is not None and stamp.document_number == "27" and stamp.filed_date == "2009-02-03"


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("07/02/25", date(2025, 7, 10), "2025-07-02"),
        ("1/2/26", date(2025, 7, 10), "2026-01-02"),  # next year's two-digit year is still this century
        ("1/2/27", date(2025, 7, 10), "1927-01-02"),
        ("12/31/99", date(2025, 7, 10), "1999-12-31"),
        ("02/03/09", date(2025, 7, 10), "2009-02-03"),
        ("12/04/2020", date(2025, 7, 10), "2020-12-04"),
        ("13/45/20", date(2025, 7, 10), None),
        ("2/30/2020", date(2025, 7, 10), None),
    ],
)
def test_iso_date_two_digit_years(text: str, today: date, expected: str | None) -> None:
    assert iso_date(text, today=today) == expected


def test_is_ecf_stamp_line() -> None:
    assert is_ecf_stamp_line("Case 1:25-cv-01234-ABC Document 62 Filed 07/02/25 Page 3 of 12")
    assert is_ecf_stamp_line("Filed 07/02/2025 Page 3 of 12 PageID #: 456")
    assert not is_ecf_stamp_line("Case No. 20-1507")
    assert not is_ecf_stamp_line("Filed under seal pursuant to the protective order.")


# ---------------------------------------------------------------------------------------------------------
# Numbered paragraphs on one page


def numbers(paragraphs) -> list[int]:
    return [p.number for p in paragraphs]


def spans(text: str, paragraphs) -> dict[int, str]:
    return {p.number: text[p.start : p.end] for p in paragraphs}


DECLARATION_PAGE = """Case 1:25-cv-01234-ABC Document 62 Filed 07/02/25 Page 2 of 3

4. I have worked at the agency for eleven years and supervise the
records unit that answers requests from other agencies.

5. In March the unit received a request for taxpayer addresses. The
request listed the following categories:
1. current mailing addresses;
2. prior addresses; and
3. employer names.

6. I refused the request because the statute did not permit disclosure.

2"""


def test_paragraphs_run_from_number_to_next_number_and_skip_footer() -> None:
    found = find_numbered_paragraphs(DECLARATION_PAGE)
    assert numbers(found) == [4, 5, 6]  # the list 1–3 inside paragraph 5 restarts and is not a paragraph
    text = spans(DECLARATION_PAGE, found)
    assert text[4].startswith("4. I have worked") and text[4].endswith("other agencies.")
    assert text[5].endswith("3. employer names.")  # the list stays inside paragraph 5
    assert text[6] == "6. I refused the request because the statute did not permit disclosure."


@pytest.mark.parametrize(
    ("marker", "number"),
    [("12.", 12), ("12 .", 12), ("¶ 12", 12), ("¶12", 12), ("(12)", 12), ("¶ 12.", 12)],
)
def test_paragraph_marker_styles(marker: str, number: int) -> None:
    nxt = marker.replace("12", "13")
    text = f"{marker} The agency shared the records.\nIt did so in May.\n{nxt} The records were returned."
    found = find_numbered_paragraphs(text)
    assert numbers(found) == [number, number + 1]
    assert spans(text, found)[number] == f"{marker} The agency shared the records.\nIt did so in May."


def test_dates_and_inline_lists_are_not_paragraphs() -> None:
    text = (
        "The hearing was continued to\n12. March 2024 at the request of counsel, and then\n"
        "13. April 2024. The court considered three points:\n(1) the notice; (2) the timing; and\n"
        "(3) the prejudice to the agency."
    )
    assert find_numbered_paragraphs(text) == []


def test_years_at_line_start_are_not_paragraphs() -> None:
    text = "The program began in\n2019. It ended in\n2020. Nothing else happened."
    assert find_numbered_paragraphs(text) == []


def test_numbered_headings_and_short_lists_are_not_paragraphs() -> None:
    headings = "1.\nGeneral rule\n\nFor certain taxpayers the rule applies.\n\n2.\nAmounts at risk\n\nText."
    assert find_numbered_paragraphs(headings) == []
    form_list = (
        "As counsel you must file:\n1. Application for Admission (if applicable)\n2. Appearance Form\n"
        "3. Civil Information Statement\n4. Disclosure Statement\nThese forms are due in 14 days."
    )
    assert find_numbered_paragraphs(form_list) == []


def test_wrapped_paragraphs_without_blank_lines_are_not_a_list() -> None:
    text = (
        "1. Plaintiffs bring this action to stop the disclosure of\ntaxpayer information to another agency.\n"
        "2. The agreement between the agencies was signed in\nApril and permits bulk transfers.\n"
        "3. Plaintiffs are organisations whose members filed\nreturns using taxpayer numbers."
    )
    assert numbers(find_numbered_paragraphs(text)) == [1, 2, 3]


def test_lone_number_lines_followed_by_text() -> None:
    # OCR layers and some word processors put the paragraph number on its own line.
    text = "1.\nI am a citizen of the United States over the age of 18.\n\n2.\nI joined the group in July."
    found = find_numbered_paragraphs(text)
    assert numbers(found) == [1, 2]
    assert spans(text, found)[1] == "1.\nI am a citizen of the United States over the age of 18."


def test_ocr_split_number_only_after_its_predecessor() -> None:
    text = "10. Per the rules, members could not post.\n1 1. Before I asked, others did.\n12. Then I asked."
    assert numbers(find_numbered_paragraphs(text)) == [10, 11, 12]
    assert numbers(find_numbered_paragraphs("Intro.\n1 1. Something else entirely.")) == []


def test_lowercase_ocr_start_accepted_only_inside_a_run() -> None:
    text = "4. The first paragraph.\n5. ln order to join, I filled out a form.\n6. The last paragraph."
    assert numbers(find_numbered_paragraphs(text)) == [4, 5, 6]
    assert numbers(find_numbered_paragraphs("Some text that wraps at\n5. ln order to join, I filled it.")) == []


def test_headings_between_paragraphs_are_trimmed() -> None:
    text = (
        "12. Venue is proper in this District.\n\nCOUNT I\nViolation of the Privacy Act\n\n"
        "13. Plaintiffs repeat the allegations above.\n\nII. FACTS\n\n14. The agency signed the agreement."
    )
    found = spans(text, find_numbered_paragraphs(text))
    assert found[12] == "12. Venue is proper in this District."
    assert found[13] == "13. Plaintiffs repeat the allegations above."


def test_signature_block_ends_the_last_paragraph() -> None:
    text = (
        "13. I never received a refund.\n\n14. I lost all of my investment.\n\n"
        "I declare under penalty of perjury that the foregoing is true and correct.\n\n"
        "Executed on: July 2, 2025\n\n/s/ Dottie Romo\n\n3"
    )
    found = spans(text, find_numbered_paragraphs(text))
    assert found[14] == "14. I lost all of my investment."


PLEADING_LINE_NUMBERS = "\n\n".join(str(n) for n in range(1, 29))


def test_pleading_paper_line_numbers_block_is_ignored() -> None:
    # Line numbers printed down the margin come out as a block of lone numbers (see the Bard IVC order).
    text = (
        f"{PLEADING_LINE_NUMBERS}\n\nIN THE UNITED STATES DISTRICT COURT\n\nFOR THE DISTRICT OF ARIZONA\n\n"
        "This multidistrict litigation proceeding involves personal injury cases\n\n"
        "brought against Defendants. The MDL was transferred to this Court in 2015."
    )
    assert find_numbered_paragraphs(text) == []


def test_pleading_paper_numbers_before_each_line() -> None:
    lines = [
        "COMPLAINT FOR DECLARATORY AND INJUNCTIVE RELIEF",
        "1. Plaintiffs bring this action to stop the disclosure of",
        "taxpayer information to another agency.",
        "2. The agreement between the agencies was signed in",
        "April and permits bulk transfers of records.",
        "3. Plaintiffs are organisations whose members filed",
        "tax returns using individual taxpayer numbers.",
        "JURISDICTION AND VENUE",
        "4. This Court has jurisdiction under 28 U.S.C. § 1331.",
        "5. Venue is proper in this District.",
    ]
    text = "\n".join(f"{n} {line}" for n, line in enumerate(lines, start=1))
    found = find_numbered_paragraphs(text)
    assert numbers(found) == [1, 2, 3, 4, 5]
    by_number = spans(text, found)
    # The paragraph's range starts at its number, after the margin line number, and keeps later margins.
    assert by_number[1] == (
        "1. Plaintiffs bring this action to stop the disclosure of\n3 taxpayer information to another agency."
    )
    assert by_number[3].endswith("individual taxpayer numbers.")  # heading line 8 trimmed
    assert by_number[5] == "5. Venue is proper in this District."


def test_page_without_numbers_has_no_paragraphs() -> None:
    assert find_numbered_paragraphs("") == []
    assert find_numbered_paragraphs("The court has considered the motion.\nIt is denied.") == []


# ---------------------------------------------------------------------------------------------------------
# Paragraphs across pages


STAMP = "Case 1:25-cv-01234-ABC Document 62 Filed 07/02/25 Page {n} of 4"


def page(n: int, body: str) -> str:
    return f"{STAMP.format(n=n)}\n\n{body}\n\n{n}"


def test_sequence_and_continuation_across_pages() -> None:
    pages = [
        page(1, "DECLARATION OF DOTTIE ROMO\n\n1. I keep the records.\n\n2. In May the agency\na request that"),
        page(2, "listed every address on file.\n\n3. I declined the request.\n\n4. The agency wrote again."),
        page(3, "EXHIBIT A\n\n1. Names of requesters;\n\n2. Dates of requests; and\n\n3. Outcomes."),
    ]
    result = number_paragraphs_across_pages(pages)
    assert [numbers(p) for p in result] == [[1, 2], [2, 3, 4], []]
    continuation = result[1][0]
    assert continuation.continued and not any(p.continued for p in result[0])
    assert pages[1][continuation.start : continuation.end] == "listed every address on file."
    assert pages[0][result[0][1].start : result[0][1].end] == "2. In May the agency\na request that"


def test_last_paragraph_continues_into_the_signature_page() -> None:
    pages = [
        page(1, "13. I never received a refund.\n\n14. I lost all of my investment and"),
        page(2, "the monthly fees.\n\nI declare under penalty of perjury that this is true.\n\n/s/ A. Frye"),
    ]
    result = number_paragraphs_across_pages(pages)
    assert [numbers(p) for p in result] == [[13, 14], [14]]
    assert result[1][0].continued
    assert pages[1][result[1][0].start : result[1][0].end] == "the monthly fees."


def test_no_continuation_when_the_next_page_opens_with_a_heading() -> None:
    pages = [
        page(1, "4. Venue is proper in this District."),
        page(2, "FACTUAL ALLEGATIONS\n\nThe agencies signed an agreement.\n\n5. It allows transfers."),
    ]
    result = number_paragraphs_across_pages(pages)
    assert [numbers(p) for p in result] == [[4], [5]]
    assert not any(p.continued for p in result[1])


def test_no_continuation_after_a_signature_block() -> None:
    pages = [
        page(1, "6. I lost my investment.\n\nRespectfully submitted,\n\n/s/ Counsel"),
        page(2, "Counsel continues with an address block.\n\n7. A second declaration paragraph."),
    ]
    result = number_paragraphs_across_pages(pages)
    assert [numbers(p) for p in result] == [[6], [7]]
    assert not result[1][0].continued


def test_paragraph_filling_a_whole_page_continues_through_it() -> None:
    pages = [
        page(1, "7. The agreement provides that"),
        page(2, "the requesting agency may ask for any address\nit believes is relevant to an investigation"),
        page(3, "of a named person.\n\n8. The agreement was signed in April."),
    ]
    result = number_paragraphs_across_pages(pages)
    assert [numbers(p) for p in result] == [[7], [7], [7, 8]]
    assert result[1][0].continued and result[2][0].continued


def test_forward_jump_accepted_restart_rejected() -> None:
    pages = [
        page(1, "1. First.\n\n2. Second."),
        page(2, ""),  # an image-only page in the middle
        page(3, "9. Ninth.\n\n10. Tenth."),
        page(4, "1. A different list.\n\n2. Restarting the count.\n\n3. Again."),
    ]
    assert [numbers(p) for p in number_paragraphs_across_pages(pages)] == [[1, 2], [], [9, 10], []]


def test_running_headers_are_not_continuations() -> None:
    header = "Nos. 07-30815 & 08-30818"
    bodies = [
        "1. Para one.\n\n2. Para two begins and",
        "continues here.\n\n3. Three.\n\n4. Four begins and",
        "four continues.\n\n5. Five.",
        "6. Six.",
    ]
    pages = [f"{header}\n\n{n}\n\n{body}" for n, body in enumerate(bodies, start=1)]
    result = number_paragraphs_across_pages(pages)
    assert [numbers(p) for p in result] == [[1, 2], [2, 3, 4], [4, 5], [6]]
    assert pages[1][result[1][0].start : result[1][0].end] == "continues here."
    assert pages[2][result[2][0].start : result[2][0].end] == "four continues."
