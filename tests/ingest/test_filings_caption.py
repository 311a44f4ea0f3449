"""Captions: court names, case numbers, titles and the document kind they imply."""

from __future__ import annotations

import pytest

from casebook.core.documents import DocumentKind
from casebook.ingest.caption import (
    detect_caption,
    find_caption_case_number,
    kind_from_title,
    looks_like_file_name,
    strip_judge_initials,
)

DDC_COMPLAINT = """UNITED STATES DISTRICT COURT
FOR THE DISTRICT OF COLUMBIA

CENTRO DE TRABAJADORES UNIDOS,
et al.,
Plaintiffs,
v.
SCOTT BESSENT, in his official capacity
as Secretary of the Treasury, et al.,
Defendants.

Civil Action No. 25-1234 (ABC)

COMPLAINT FOR DECLARATORY AND
INJUNCTIVE RELIEF

INTRODUCTION

1. Plaintiffs bring this action to stop the disclosure of taxpayer information."""


def test_district_court_complaint_caption() -> None:
    caption = detect_caption(DDC_COMPLAINT)
    assert caption.court == "United States District Court for the District of Columbia"
    assert caption.case_number == "25-1234 (ABC)"  # as printed, without its label; judge initials kept
    assert caption.title == "COMPLAINT FOR DECLARATORY AND INJUNCTIVE RELIEF"
    assert caption.kind is DocumentKind.COMPLAINT


def test_declaration_with_ecf_style_number_and_in_the_court_line() -> None:
    text = (
        "IN THE UNITED STATES DISTRICT COURT\nFOR THE EASTERN DISTRICT OF NEW YORK\n\n"
        "JANE ROE,\nPlaintiff,\nv.\nDEPARTMENT OF HOMELAND SECURITY,\nDefendant.\n\n"
        "Case No. 1:25-cv-01234-ABC-DEF\n\nDECLARATION OF DOTTIE ROMO\n\nI, Dottie Romo, declare:"
    )
    caption = detect_caption(text)
    assert caption.court == "United States District Court for the Eastern District of New York"
    assert caption.case_number == "1:25-cv-01234-ABC-DEF"
    assert caption.title == "DECLARATION OF DOTTIE ROMO"
    assert caption.kind is DocumentKind.DECLARATION


def test_court_of_appeals_ignores_the_court_appealed_from() -> None:
    text = (
        "United States Court of Appeals\n\nFor the First Circuit\nNo. 20-1507\n\n"
        "CALVARY CHAPEL OF BANGOR,\n\nPlaintiff, Appellant,\n\nv.\n\nJANET T. MILLS,\n\n"
        "APPEAL FROM THE UNITED STATES DISTRICT COURT\n\nFOR THE DISTRICT OF MAINE"
    )
    caption = detect_caption(text)
    assert caption.court == "United States Court of Appeals for the First Circuit"
    assert caption.case_number == "20-1507"


def test_circuit_split_over_lines() -> None:
    text = "UNITED STATES COURT OF APPEALS\n\nFOR THE\nSECOND CIRCUIT\nAt a Stated Term of the Court...\n\nORDER"
    caption = detect_caption(text)
    assert caption.court == "United States Court of Appeals for the Second Circuit"
    assert caption.title == "ORDER"
    assert caption.kind is DocumentKind.ORDER


def test_state_court_and_tax_court() -> None:
    missouri = detect_caption("In the Missouri Court of Appeals\n\nEastern District\n\nDIVISION THREE\n\nNo. ED108783")
    assert missouri.court == "Missouri Court of Appeals, Eastern District"
    assert missouri.case_number == "ED108783"
    tax = detect_caption("T.C. Memo. 2020-26\n\nUNITED STATES TAX COURT\n\nROCK BORDELON, Petitioners v.")
    assert tax.court == "United States Tax Court"


@pytest.mark.parametrize(
    ("text", "court"),
    [
        (
            "SUPERIOR COURT OF THE STATE OF CALIFORNIA\nCOUNTY OF LOS ANGELES\n\nJOHN DOE,",
            "Superior Court of the State of California, County of Los Angeles",
        ),
        ("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS\nCOUNTY DEPARTMENT", "Circuit Court of Cook County, Illinois"),
        (
            "UNITED STATES BANKRUPTCY COURT\nDISTRICT OF DELAWARE\n\nIn re:",
            "United States Bankruptcy Court for the District of Delaware",
        ),
        ("SUPREME COURT OF THE UNITED STATES\n\nNo. 22-451", "Supreme Court of the United States"),
    ],
)
def test_other_court_names(text: str, court: str) -> None:
    assert detect_caption(text).court == court


def test_filing_stamp_box_does_not_hide_the_court() -> None:
    # A clerk's "FILED" box printed above the caption also names the court, in pieces.
    text = (
        "FILED\nOct 02, 2019\nTENNESSEE COURT OF\nWORKERS' COMPENSATION\n\nCLAIMS\n\n"
        "IN THE COURT OF WORKERS' COMPENSATION CLAIMS\n\nAT NASHVILLE\n\nDocket No. 2018-06-1735\n\n"
        "EXPEDITED HEARING ORDER DENYING REQUESTED RELIEF"
    )
    caption = detect_caption(text)
    assert caption.court == "Court of Workers' Compensation Claims"  # the state is added by courts.complete_court
    assert caption.case_number == "2018-06-1735"
    assert caption.kind is DocumentKind.ORDER


def test_spaced_title_and_transcript_padding() -> None:
    assert detect_caption("No. 17-2400\n\nIN RE: FEDEX GROUND\n\nO R D E R\n\nThe court orders.").title == "ORDER"
    transcript = (
        "·1· · · ·IN THE UNITED STATES DISTRICT COURT\n· · · · · · ·FOR THE DISTRICT OF MARYLAND\n·2\n"
        "·5· ·v.· · · · · · · · · · · : Civil Action No:\n· · · · · · · · · · · · · · ·: 8:17-cv-01955-GJH\n"
        "15· · CONFIDENTIAL DEPOSITION OF CRYSTAL M. LONG"
    )
    caption = detect_caption(transcript)
    assert caption.court == "United States District Court for the District of Maryland"
    assert caption.case_number == "8:17-cv-01955-GJH"
    assert caption.title == "CONFIDENTIAL DEPOSITION OF CRYSTAL M. LONG"
    assert caption.kind is DocumentKind.TRANSCRIPT


def test_second_page_supplies_what_the_cover_lacks() -> None:
    cover = "Counsel listed here\nJane Counsel\n123 Main Street"
    second = "UNITED STATES DISTRICT COURT\nDISTRICT OF MASSACHUSETTS\n\nMEMORANDUM OPINION\n\nThe court..."
    caption = detect_caption(cover, second_page_text=second)
    assert caption.court == "United States District Court for the District of Massachusetts"
    assert caption.title == "MEMORANDUM OPINION"
    assert caption.kind is DocumentKind.OPINION


def test_nothing_to_find() -> None:
    caption = detect_caption("")
    assert (caption.court, caption.case_number, caption.title, caption.kind) == (
        None,
        None,
        "",
        DocumentKind.OTHER,
    )
    prose = detect_caption("The court, in No. 1 of its rulings, said the clerk of court would docket it.")
    assert prose.court is None and prose.case_number is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("DECLARATION OF DOTTIE ROMO", DocumentKind.DECLARATION),
        ("AFFIDAVIT OF SERVICE", DocumentKind.DECLARATION),
        ("DECLARATION OF J. SMITH IN SUPPORT OF MOTION FOR PRELIMINARY INJUNCTION", DocumentKind.DECLARATION),
        ("COMPLAINT FOR DECLARATORY AND INJUNCTIVE RELIEF", DocumentKind.COMPLAINT),
        ("FIRST AMENDED COMPLAINT", DocumentKind.COMPLAINT),
        ("PLAINTIFFS' MOTION FOR A TEMPORARY RESTRAINING ORDER", DocumentKind.MOTION),
        ("MEMORANDUM OF POINTS AND AUTHORITIES IN SUPPORT OF MOTION TO DISMISS", DocumentKind.MOTION),
        ("OPPOSITION TO DEFENDANTS' MOTION TO DISMISS", DocumentKind.MOTION),
        ("ORDER GRANTING TEMPORARY RESTRAINING ORDER", DocumentKind.ORDER),
        ("MEMORANDUM AND ORDER", DocumentKind.ORDER),
        ("STIPULATION AND [PROPOSED] ORDER", DocumentKind.ORDER),
        ("FINAL JUDGMENT", DocumentKind.JUDGMENT),
        ("ORDER AND JUDGMENT", DocumentKind.OPINION),
        ("MEMORANDUM FINDINGS OF FACT AND OPINION", DocumentKind.OPINION),
        ("Slip Opinion (Syllabus)", DocumentKind.OPINION),
        ("PER CURIAM", DocumentKind.OPINION),
        ("Clerk's Letter re Entry of Judgment", DocumentKind.LETTER),
        ("CONFIDENTIAL DEPOSITION OF CRYSTAL M. LONG", DocumentKind.TRANSCRIPT),
        ("APPELLEES' ANSWERING BRIEF", DocumentKind.BRIEF),
        ("REPLY BRIEF OF APPELLANT", DocumentKind.BRIEF),
        ("REPLY IN SUPPORT OF MOTION TO DISMISS", DocumentKind.MOTION),
        ("NOTICE OF MOTION AND MOTION TO DISMISS", DocumentKind.MOTION),
        ("OPINION AND ORDER", DocumentKind.OPINION),
        ("MEMORANDUM OPINION AND ORDER", DocumentKind.OPINION),
        ("Appearance of Counsel Form", DocumentKind.FORM),
        ("MEMORANDUM OPINION", DocumentKind.OPINION),
        ("OPINION OF THE COURT", DocumentKind.OPINION),
        ("CIVIL DOCKET FOR CASE #: 1:25-cv-01234", DocumentKind.DOCKET),
        ("EXHIBIT A", DocumentKind.EXHIBIT),
        ("ANSWER TO COMPLAINT", DocumentKind.OTHER),
        ("NOTICE OF APPEAL FROM ORDER", DocumentKind.NOTICE),
        ("ENTRY OF APPEARANCE", DocumentKind.FORM),
        ("", DocumentKind.OTHER),
    ],
)
def test_kind_from_title(title: str, kind: DocumentKind) -> None:
    assert kind_from_title(title) is kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Civil Action No. 25-1234 (ABC)", "25-1234 (ABC)"),
        ("Civ. A. No. 25-1234", "25-1234"),
        ("Case No. 3:20-cv-02731-VC", "3:20-cv-02731-VC"),
        ("Case Number: 17-2678", "17-2678"),
        ("Nos. 07-30815", "07-30815"),
        ("No. MDL 15-02641-PHX-DGC", "MDL 15-02641-PHX-DGC"),
        ("Docket Nos. 19031-13, 27735-13", "19031-13"),
        ("No. 11–889. Argued April 23, 2013", "11-889"),
        ("[Bar No. 79258]", None),
        ("No. _______", None),
        ("There is No. 1 reason.", None),
    ],
)
def test_caption_case_numbers(text: str, expected: str | None) -> None:
    assert find_caption_case_number(text) == expected


def test_strip_judge_initials() -> None:
    assert strip_judge_initials("1:25-cv-01234-ABC") == "1:25-cv-01234"
    assert strip_judge_initials("1:19-cr-00725-JPO-1") == "1:19-cr-00725"
    assert strip_judge_initials("19-12345-abc") == "19-12345"
    assert strip_judge_initials("20-1507") == "20-1507"
    assert strip_judge_initials("1:25-cv-01234") == "1:25-cv-01234"


def test_file_name_titles() -> None:
    assert looks_like_file_name("Microsoft Word - romo decl.docx")
    assert looks_like_file_name("Microsoft Word - Jagels Opinion Draft copy")
    assert looks_like_file_name("opinion_pdf_text_based.png")
    assert looks_like_file_name("C:\\Users\\clerk\\order.pdf")
    assert looks_like_file_name("scan0001.tif")
    assert not looks_like_file_name("FORM 8. Entry of Appearance")
    assert not looks_like_file_name("Declaration of Dottie Romo")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\n\nNo. 17-50192\n\nOPINION\nLEROY D. BACA,\n"
         "Defendant-Appellant.", "OPINION"),
        ("No. 20-16276\n\nMOTION FOR EXTENSION OF TIME TO FILE\n\nANSWERING BRIEF\nSEAN RIORDAN\n",
         "MOTION FOR EXTENSION OF TIME TO FILE ANSWERING BRIEF"),
        ("CASE NO. C 08-02214 SBA\nJOINT STIPULATION AND\n\nXXXXXXXX\n\n) ORDER RE EXTENSION\n) OF DISCOVERY CUT-\n"
         ") OFF\nRLI INSURANCE COMPANY, a )", "JOINT STIPULATION AND ORDER RE EXTENSION OF DISCOVERY CUT-OFF"),
        ("EXHIBIT 4\n\nCONFIDENTIAL DEPOSITION OF CRYSTAL M. LONG\n", "CONFIDENTIAL DEPOSITION OF CRYSTAL M. LONG"),
        ("UNITED STATES COURT OF APPEALS\nFOR THE FOURTH CIRCUIT\n\nON PETITION FOR REVIEW OF AN ORDER OF THE BOARD\n\n"
         "PUBLISHED OPINION", "PUBLISHED OPINION"),
    ],
)
def test_title_ends_where_the_caption_goes_on(text: str, title: str) -> None:
    assert detect_caption(text).title == title
