"""Filing metadata rules on synthetic caption and stamp text: ECF numbers apart from appellate document IDs,
dates with their basis, docket numbers in every common format, courts, titles and kinds."""

from __future__ import annotations

import pytest

from casebook.core.documents import DateBasis, DocumentKind, DocumentMetadata, ExtractedDocument, ExtractedPage
from casebook.ingest.courts import complete_court
from casebook.ingest.dates import find_document_date, parse_date
from casebook.ingest.docketnumbers import find_docket_numbers
from casebook.ingest.filings import analyse_filing
from casebook.ingest.titles import display_title, is_junk_title


def analysed(*pages: str, title: str = "") -> DocumentMetadata:
    doc = ExtractedDocument(
        "pdf", "test", DocumentMetadata(title=title),
        [ExtractedPage(number=i, label=str(i), text=text) for i, text in enumerate(pages, start=1)],
    )
    return analyse_filing(doc).metadata


CAPTION = "\n\nUNITED STATES COURT OF APPEALS\nFOR THE THIRD CIRCUIT\n\nNo. 21-2728\n\nORDER\n\nThe motion is denied."

# ---------------------------------------------------------------------------------------------------------
# ECF numbers and appellate document IDs


@pytest.mark.parametrize(
    ("stamp", "ecf", "appellate_id"),
    [
        ("Case 1:19-cr-00725-JPO Document 191 Filed 05/25/21 Page 2 of 4", "191", None),
        ("Case 4:21-cv-00518-KGB Document 12-2 Filed 08/18/21 Page 1 of 21", "12-2", None),
        ("Case 20-10343-LSS Doc 1 Filed 02/18/20 Page 1 of 22", "1", None),  # bankruptcy: a docket entry
        ("Case 19-12345 Doc 12 Filed 01/02/20 Entered 01/02/20 12:34:56 Desc Main Document Page 1 of 5", "12", None),
        ("Case 17-1234, Document 45-1, 01/02/2018, 2212345, Page1 of 3", None, "45-1"),  # Second Circuit CM/ECF
        ("Case: 1:20-cv-01234 Document #: 12 Filed: 01/02/20 Page 1 of 5 PageID #:34", "12", None),
        ("Case: 20-1507 Document: 00117684624 Page: 1 Date Filed: 12/22/2020 Entry ID: 6390389", None, "00117684624"),
        ("Case: 21-50498 Document: 00516242060 Page: 1 Date Filed: 03/10/2022", None, "00516242060"),
        ("Case: 17-2678 Document: 003112692106 Page: 1 Date Filed: 08/03/2017", None, "003112692106"),
        ("Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1", None, "17"),
        ("USCA4 Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1", None, "17"),
        ("Case: 17-2400 Document: 3 Filed: 07/13/2017 Pages: 1", None, "3"),
        ("Case: 20-16276, 08/05/2020, ID: 11778722, DktEntry: 19, Page 1 of 15", None, "11778722"),
        ("Case: 25-1689, 07/15/2025, DktEntry: 28.1, Page 1 of 2", None, "28.1"),
        ("Case: 14-1326 Document: 3 Page: 1 Filed: 03/18/2014", None, "3"),
        ("USCA Case #20-5143 Document #1849289 Filed: 06/26/2020 Page 1 of 28", None, "1849289"),
    ],
)
def test_appellate_stamps_give_a_document_id_never_an_ecf_number(stamp: str, ecf: str | None,
                                                                  appellate_id: str | None) -> None:
    meta = analysed(stamp + CAPTION)
    assert (meta.ecf_document_number, meta.appellate_document_id) == (ecf, appellate_id)
    assert meta.date_basis is DateBasis.FILED and meta.date == meta.filed_date


@pytest.mark.parametrize(
    ("stamp", "circuit"),
    [
        ("Case: 17-2678 Document: 003112692106 Page: 1 Date Filed: 08/03/2017", "Third"),
        ("Case: 21-50498 Document: 00516242060 Page: 1 Date Filed: 03/10/2022", "Fifth"),
        ("Case: 20-1507 Document: 00117684624 Page: 1 Date Filed: 12/22/2020 Entry ID: 6390389", "First"),
        ("USCA4 Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1", "Fourth"),
        ("Case: 20-16276, 08/05/2020, ID: 11778722, DktEntry: 19, Page 1 of 15", "Ninth"),
        ("USCA11 Case: 21-12345 Date Filed: 01/02/2022 Page: 1 of 3", "Eleventh"),
        ("USCA Case #20-5143 Document #1849289 Filed: 06/26/2020 Page 1 of 28", "District of Columbia"),
        ("Appellate Case: 20-1234 Document: 010110456789 Date Filed: 01/02/2021 Page: 1", "Tenth"),
        ("Appellate Case: 20-1234 Page: 4 Date Filed: 01/02/2020 Entry ID: 4869123", "Eighth"),
        ("Case: 17-2400 Document: 3 Filed: 07/13/2017 Pages: 1", "Seventh"),
        ("Case: 14-1326 Document: 3 Page: 1 Filed: 03/18/2014", "Federal"),
    ],
)
def test_the_stamp_style_names_the_circuit_a_bare_letterhead_leaves_out(stamp: str, circuit: str) -> None:
    meta = analysed(f"{stamp}\n\nOFFICE OF THE CLERK\n\nUNITED STATES COURT OF APPEALS\n\nNo. 17-2678\n")
    assert meta.court == f"United States Court of Appeals for the {circuit} Circuit"


def test_court_web_address_names_the_circuit() -> None:
    page = "UNITED STATES COURT OF APPEALS\n601 MARKET STREET\nWebsite: www.ca3.uscourts.gov\n"
    court = complete_court("United States Court of Appeals", page)
    assert court == "United States Court of Appeals for the Third Circuit"


def test_state_heading_completes_a_bare_court_of() -> None:
    page = "FILED\nOct 02, 2019\nTENNESSEE COURT OF\nWORKERS' COMPENSATION\n\nCLAIMS\n"
    court = complete_court("Court of Workers' Compensation Claims", page)
    assert court == "Tennessee Court of Workers' Compensation Claims"
    assert complete_court("United States Tax Court", page) == "United States Tax Court"


def test_district_stamp_number_keeps_judge_initials_and_leads_the_caption_number() -> None:
    meta = analysed(
        "Case 4:08-cv-02214-SBA Document 27 Filed 02/03/09 Page 1 of 2\n\nUNITED STATES DISTRICT COURT\n"
        "NORTHERN DISTRICT OF CALIFORNIA\n\nSHIMMICK CONSTRUCTION COMPANY, ) CASE NO.: C 08-02214 SBA\n"
    )
    assert meta.case_number == "4:08-cv-02214-SBA"
    assert meta.docket_numbers == ["4:08-cv-02214-SBA"]  # "C 08-02214 SBA" is the same case


def test_refiled_page_takes_the_later_stamp() -> None:
    meta = analysed(
        "Case 4:08-cv-02214-SBA Document 26 Filed 01/29/2009 Page 1 of 2\n"
        "Case 4:08-cv-02214-SBA Document 27 Filed 02/03/09 Page 1 of 2\n\nSTIPULATION AND ORDER\n"
    )
    assert (meta.ecf_document_number, meta.date) == ("27", "2009-02-03")
    assert meta.kind is DocumentKind.ORDER


# ---------------------------------------------------------------------------------------------------------
# Dates and their basis


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FILED\nOct 02, 2019\n02:19 PM(CT)\nTENNESSEE COURT", ("2019-10-02", DateBasis.FILED)),
        ("Argued December 2, 2009\n\n(Filed:February 5, 2010)\n", ("2010-02-05", DateBasis.FILED)),
        ("Filed: January 19, 2021\nAngela T. Quigless, P.J.", ("2021-01-19", DateBasis.FILED)),
        ("Fifth Circuit\nF I L E D\nFebruary 5, 2010\n", ("2010-02-05", DateBasis.FILED)),
        ("Filed 11 February 2022\n", ("2022-02-11", DateBasis.FILED)),
        ("No. 11-889. Argued April 23, 2013\u2014Decided June 13, 2013\n", ("2013-06-13", DateBasis.DECIDED)),
        ("ENTERED BY ORDER OF THE COURT\nDATED:\nFebruary 5, 2010\n/s/ Clerk", ("2010-02-05", DateBasis.DATED)),
        ("ENTERED October 2, 2019\n", ("2019-10-02", DateBasis.ENTERED)),
        ("Signed this 5th day of March, 2024\n", ("2024-03-05", DateBasis.SIGNED)),
        ("Entered on Docket March 3, 2024\n", ("2024-03-03", DateBasis.ENTERED)),
        ("Opinion Filed: June 2, 2020\n", ("2020-06-02", DateBasis.FILED)),
        ("/s/ Jane Counsel\nDate: March 3, 2024\n", ("2024-03-03", DateBasis.DATED)),
        ("SO ORDERED.\nDated: New York, New York\nMarch 3, 2024\n", ("2024-03-03", DateBasis.DATED)),
        ("the parties entered\nentered on May 1, 2020 into an agreement", (None, None)),
        ("The amended motion was filed by counsel on November 19, 2018.", (None, None)),
        ("CASE MANAGEMENT ORDERS\nDate Filed\n\n10/30/2015\n", (None, None)),
        ("In re Search Warrant dated April 21, 2021, and a letter dated May 14, 2021", (None, None)),
    ],
)
def test_document_date_and_basis(text: str, expected: tuple[str | None, DateBasis | None]) -> None:
    assert find_document_date([text]) == expected


def test_stamp_date_wins_and_decided_beats_dated() -> None:
    assert find_document_date(["Decided June 13, 2013"], stamp_filed="2013-06-14") == ("2013-06-14", DateBasis.FILED)
    assert find_document_date(["DATED: June 1, 2013\n", "Decided June 13, 2013"])[1] is DateBasis.DECIDED


@pytest.mark.parametrize(
    ("text", "iso"),
    [("June 13, 2013", "2013-06-13"), ("Oct 02, 2019", "2019-10-02"), ("11 February 2022", "2022-02-11"),
     ("15th day of July, 2025", "2025-07-15"), ("Sept. 3, 2020", "2020-09-03"), ("2/2/09", "2009-02-02"),
     ("February 30, 2020", None), ("sometime", None)],
)
def test_parse_printed_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


# ---------------------------------------------------------------------------------------------------------
# Docket numbers


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Case No. 4:08-cv-02214-SBA"], ["4:08-cv-02214-SBA"]),
        (["No. MDL 15-02641-PHX-DGC"], ["MDL 15-02641-PHX-DGC"]),
        (["Case No. 19-12345-abc"], ["19-12345-abc"]),
        (["Docket Nos. 19031-13, 27735-13,", "Filed February 20, 2020.", "11905-14."],
         ["19031-13", "27735-13", "11905-14"]),
        (["Docket No. 2018-06-1735", "State File No. 58665-2018"], ["2018-06-1735", "58665-2018"]),
        (["Docket No. 25-1686", "v.", "Docket No. 25-1687", "Docket No. 25-1689"], ["25-1686", "25-1687", "25-1689"]),
        (["Nos. 07-30815 & 08-30818"], ["07-30815", "08-30818"]),
        (["No. ED108783", "Appeal from the Circuit Court of", "St. Charles County, Missouri", "No. 1711-CC00064"],
         ["ED108783"]),
        (["Case Number: 17-2678", "District Case Number: 2-15-cv-00180"], ["17-2678"]),
        (["No. 09-1225", "On Appeal from the United States District Court", "(D.C. No. 04-cv-05699)"], ["09-1225"]),
        (["2009-1361", "PAUL N. NELSON,"], ["2009-1361"]),
        (["JOYCE C. WANG [Bar No.: 121139]", "Georgia Bar No. 462110"], []),
        (["No. 20-16276", "MOTION TO STAY PENDING DECISION IN ROMAN V. WOLF, CASE NOS. 20-55436, 20-55662"],
         ["20-16276"]),
        (["Re: United States v. Parnas, No. 19-cr-725 (JPO)"], ["19-cr-725 (JPO)"]),
        (["JOHN DOE, Plaintiff, v. ) Case No. 1:20-cv-01234-ABC"], ["1:20-cv-01234-ABC"]),
        (["Adv. Pro. No. 20-50001 (KBO)"], ["20-50001 (KBO)"]),
        (["v. ) C.A. No. N21C-03-123 ABC"], ["N21C-03-123 ABC"]),
        (["Index No. 154321/2020"], ["154321/2020"]),
        (["Case No. 21STCV12345"], ["21STCV12345"]),
        (["Civil Action No:", "8:17-cv-01955-GJH"], ["8:17-cv-01955-GJH"]),
    ],
)
def test_docket_number_formats(lines: list[str], expected: list[str]) -> None:
    assert find_docket_numbers(lines) == expected


def test_district_numbers_in_an_appellate_caption_are_the_lower_courts() -> None:
    lines = ["No. 17-2400", "MICHAEL TOFAUTE, et al.,", "] No. 3:05-cv-00595-RLM-MGG"]
    assert find_docket_numbers(lines, appellate=True) == ["17-2400"]


def test_reading_stops_at_running_prose() -> None:
    lines = ["No. 17-2400", "The court, on its own initiative, orders the parties to this appeal to file a",
             "statement on whether it should be consolidated with Appeal", "No. 11-1131."]
    assert find_docket_numbers(lines) == ["17-2400"]


def test_running_head_adds_a_consolidated_appeal() -> None:
    stamp = "Case: 07-30815 Document: 00511021443 Page: {n} Date Filed: 02/05/2010"
    meta = analysed(
        stamp.format(n=1) + "\n\nIN THE UNITED STATES COURT OF APPEALS\nFOR THE FIFTH CIRCUIT\n\nNos. 07-30815\n",
        stamp.format(n=2) + "\n\nNos. 07-30815 & 08-30818\n\nguideline range. After Martin appealed",
    )
    assert meta.docket_numbers == ["07-30815", "08-30818"]
    assert meta.court == "United States Court of Appeals for the Fifth Circuit"


# ---------------------------------------------------------------------------------------------------------
# Titles and kinds


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        ("EXPEDITED HEARING ORDER DENYING REQUESTED RELIEF", "Expedited Hearing Order Denying Requested Relief"),
        ("JOINT STIPULATION AND ORDER RE EXTENSION OF NON-EXPERT DISCOVERY CUT-OFF",
         "Joint Stipulation and Order re Extension of Non-Expert Discovery Cut-Off"),
        ("DECLARATION OF ANGELA FRYE PURSUANT TO 28 U.S.C. $ 1746",
         "Declaration of Angela Frye Pursuant to 28 U.S.C. § 1746"),
        ("MOTION TO STAY PENDING DECISION IN HERNANDEZ ROMAN, ET AL. V. WOLF, ET AL., CASE NOS. 20-55436, 20-55662 "
         "AND MOTION FOR 30-DAY EXTENSION", "Motion to Stay Pending Decision in Hernandez Roman v. Wolf and Motion for "
         "30-Day Extension"),
        ("OPINION OF THE COURT", "Opinion of the Court"),
        ("[PROPOSED] ORDER GRANTING PLAINTIFF'S MOTION FOR A TRO",
         "[Proposed] Order Granting Plaintiff's Motion for a TRO"),
        ("MOTION TO DISMISS THE FOIA CLAIMS AGAINST THE IRS", "Motion to Dismiss the FOIA Claims Against the IRS"),
        ("Judgment", "Judgment"),
    ],
)
def test_display_title(printed: str, shown: str) -> None:
    assert display_title(printed) == shown


@pytest.mark.parametrize(
    "title",
    ["Microsoft Word - Jagels Opinion Draft copy", "A9Rmahfa4_1laaz8q_bg.tmp", "untitled", "Untitled document",
     "doctor_ca5_opinion_st-pierre_21-50498", "opinion_pdf_text_based.png", "C:\\Users\\clerk\\order.pdf",
     "Acrobat PDFMaker 20 for Word", "Document1", "scan0001", "   ", "12345"],
)
def test_junk_pdf_titles(title: str) -> None:
    assert is_junk_title(title)


@pytest.mark.parametrize("title", ["Romo declaration (signed)", "Order Granting Stay", "FORM 8. Entry of Appearance"])
def test_meaningful_pdf_titles(title: str) -> None:
    assert not is_junk_title(title)


def test_junk_pdf_title_is_dropped_even_with_no_printed_title() -> None:
    meta = analysed("Some text with no caption at all.", title="Microsoft Word - draft.docx")
    assert meta.title == "" and meta.title_as_printed is None


def test_bare_order_is_named_by_its_decretal_sentence() -> None:
    meta = analysed(
        "UNITED STATES COURT OF APPEALS\nFOR THE SECOND CIRCUIT\n\nDocket No. 25-1686\n\nORDER\n",
        "IT IS HEREBY ORDERED that the Court grants a temporary administrative stay of the District Court's\n"
        "Turnover Order pending the resolution of the stay motion.",
    )
    assert (meta.title, meta.title_as_printed, meta.kind) == (
        "Order Granting Temporary Administrative Stay", "ORDER", DocumentKind.ORDER)


def test_bare_order_named_by_the_motion_it_decides() -> None:
    meta = analysed("UNITED STATES COURT OF APPEALS\nFOR THE SIXTH CIRCUIT\n\nNo. 20-1234\n\nORDER\n\n"
                    "Upon consideration, IT IS ORDERED that Appellant's motion to stay the mandate is GRANTED.")
    assert meta.title == "Order Granting Appellant's Motion to Stay the Mandate"


def test_spaced_order_without_a_decretal_grant_stays_order() -> None:
    meta = analysed("United States Court of Appeals\nFor the Seventh Circuit\n\nNo. 17-2400\n\nO R D E R\n\n"
                    "The court, on its own initiative, ORDERS the parties to file a Statement.")
    assert (meta.title, meta.kind) == ("Order", DocumentKind.ORDER)


def test_opinion_without_a_printed_title() -> None:
    meta = analysed(
        "In the Missouri Court of Appeals\n\nEastern District\n\nNo. ED108783\n\nFiled: January 19, 2021\n"
        "Angela T. Quigless, P.J., Kurt S. Odenwald, J., and James M. Dowd, J.\n\nIntroduction\n\nAppellant appeals."
    )
    assert (meta.title, meta.kind, meta.court) == ("Opinion", DocumentKind.OPINION,
                                                   "Missouri Court of Appeals, Eastern District")
    assert (meta.date, meta.date_basis) == ("2021-01-19", DateBasis.FILED)


def test_decision_heading_on_a_later_page() -> None:
    meta = analysed("UNITED STATES TAX COURT\n\nDocket No. 19031-13.\nFiled February 20, 2020.\n",
                    "Counsel for petitioners.\n\nMEMORANDUM FINDINGS OF FACT AND OPINION\n\nGUSTAFSON, Judge: The IRS")
    assert (meta.title, meta.kind) == ("Memorandum Findings of Fact and Opinion", DocumentKind.OPINION)


def test_slip_opinion_syllabus() -> None:
    meta = analysed("(Slip Opinion) OCTOBER TERM, 2012 1\n\nSyllabus\n\nSUPREME COURT OF THE UNITED STATES\n\n"
                    "No. 11-889. Argued April 23, 2013\u2014Decided June 13, 2013\n")
    assert (meta.title, meta.kind, meta.case_number) == ("Slip Opinion (Syllabus)", DocumentKind.OPINION, "11-889")
    assert (meta.date, meta.date_basis) == ("2013-06-13", DateBasis.DECIDED)


def test_court_form_heading() -> None:
    meta = analysed("Case: 14-1326 Document: 3 Page: 1 Filed: 03/18/2014\n\nForm 8\n\nFORM 8. Entry of Appearance\n\n"
                    "UNITED STATES COURT OF APPEALS FOR THE FEDERAL CIRCUIT\n")
    assert (meta.title, meta.kind) == ("Entry of Appearance (Form 8)", DocumentKind.FORM)
    assert meta.court == "United States Court of Appeals for the Federal Circuit"


def test_clerk_letters() -> None:
    head = "Case: 21-2728 Document: 138-2 Page: {n} Date Filed: 08/17/2022\n\n"
    letterhead = "OFFICE OF THE CLERK\n\nUNITED STATES COURT OF APPEALS\n\nFOR THE THIRD CIRCUIT\n\nAugust 17, 2022\n"
    judgment = analysed(
        head.format(n=1) + letterhead,
        head.format(n=2) + "RE: City of Hoboken v. Chevron Corp, et al\nCase Number: 21-2728\n\nENTRY OF JUDGMENT\n\n"
        "Today the Court entered its judgment.\n\nVery truly yours,\nClerk",
    )
    assert (judgment.title, judgment.kind) == ("Clerk's Letter re Entry of Judgment", DocumentKind.LETTER)
    assert judgment.appellate_document_id == "138-2" and judgment.ecf_document_number is None
    opening = analysed(head.format(n=1) + letterhead + "Enclosed is case opening information regarding the appeal.\n"
                       "Very truly yours,\nClerk")
    assert (opening.title, opening.kind) == ("Clerk's Case-Opening Letter", DocumentKind.LETTER)


def test_motion_names_its_movant_from_the_first_sentence() -> None:
    meta = analysed(
        "IN THE UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\n\nNo. 20-16276\n\nMOTION TO STAY PROCEEDINGS\n",
        "Appellees respectfully request that the Court stay further briefing.",
    )
    assert meta.title == "Appellees' Motion to Stay Proceedings"
    assert meta.title_as_printed == "MOTION TO STAY PROCEEDINGS"
    assert meta.kind is DocumentKind.MOTION


def test_exhibit_label_gives_way_to_the_filing_title_and_excerpt_is_marked() -> None:
    meta = analysed("EXHIBIT 4\n\nCase 8:17-cv-01955-GJH Document 57-7 Filed 04/20/18 Page 1 of 21\n\n"
                    "IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF MARYLAND\n\n"
                    "CONFIDENTIAL DEPOSITION OF CRYSTAL M. LONG\n")
    assert meta.title == "Confidential Deposition of Crystal M. Long (Excerpt)"  # one page of the stamp's 21
    assert meta.kind is DocumentKind.TRANSCRIPT and meta.ecf_document_number == "57-7"


def test_garbled_declarant_mended_from_the_declaration_itself() -> None:
    meta = analysed("Case 4:21-cv-00518-KGB Document 12-2 Filed 08/18/21 Page 1 of 1\n\n"
                    "DECLARATION OF AI\\GELA FRYE\n\nPURSUANT TO 28 U.S.C. $ 1746\n\n"
                    "I, Angela Frye, have personal knowledge of the facts.")
    assert meta.title == "Declaration of Angela Frye Pursuant to 28 U.S.C. § 1746"
    assert meta.kind is DocumentKind.DECLARATION


def test_uncaptioned_letter_in_counsels_voice() -> None:
    meta = analysed("Case 1:19-cr-00725-JPO Document 191 Filed 05/25/21 Page 2 of 4\n\nOn May 7 we conferred. We "
                    "anticipated that our clients would need time, and the Government advised us by letter.")
    assert (meta.title, meta.kind, meta.court) == ("", DocumentKind.LETTER, None)
    assert (meta.case_number, meta.ecf_document_number) == ("1:19-cr-00725-JPO", "191")
