"""Reading the short case name from a filing's caption: synthetic captions, a generated PDF and the public corpus."""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from casebook.ingest.parties import find_parties

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

DISTRICT_TWO_COLUMN = """\
Case 1:21-cv-01234-ABC Document 12 Filed 03/04/21 Page 1 of 9

UNITED STATES DISTRICT COURT
NORTHERN DISTRICT OF CALIFORNIA

SHIMMICK CONSTRUCTION COMPANY, ) Case No.: C 08-02214 SBA
INC., a corporation,
Plaintiff,
VS,
)
) JOINT STIPULATION AND
) ORDER RE EXTENSION
RLI INSURANCE COMPANY, a )
corporation, and DOES 1 through 100, )
)
Defendants. )

PURSUANT TO CIVIL LOCAL RULE 6.2, the parties stipulate as follows:
"""

APPELLATE_BLOCKS = """\
United States Court of Appeals

For the First Circuit
No. 20-1507

CALVARY CHAPEL OF BANGOR,

Plaintiff, Appellant,

v.

JANET T. MILLS, in her official capacity as Governor of the

State of Maine,

Defendant, Appellee.

APPEAL FROM THE UNITED STATES DISTRICT COURT
"""

STATE_INTERLEAVED = """\
In the Missouri Court of Appeals
Eastern District
DIVISION THREE
NICHOLE MARIE JAGELS,
)
No. ED108783
)
Appellant,
)
Appeal from the Circuit Court of
)
St. Charles County, Missouri
vs.
)
No. 1711-CC00064
)
STATE OF MISSOURI,
)
Honorable Deborah J. Alessi
)
Respondent.
)
Filed: January 19, 2021
"""

STATE_ONE_LINE = """\
IN THE SUPREME COURT OF MISSOURI

STATE OF MISSOURI, Respondent,
vs.
JOHN Q. PUBLIC, Appellant.

No. SC98765
"""

TAX_COURT = """\
T.C. Memo. 2020-26

UNITED STATES TAX COURT

ROCK BORDELON AND TORIE BORDELON,1 Petitioners v.

COMMISSIONER OF INTERNAL REVENUE, Respondent

Docket Nos. 19031-13, 27735-13,
Filed February 20, 2020.
"""

SUPREME_COURT = """\
(Slip Opinion) OCTOBER TERM, 2012 1

Syllabus

NOTE: Where it is feasible, a syllabus (headnote) will be released, as is
See United States v. Detroit Timber & Lumber Co., 200 U. S. 321, 337.

SUPREME COURT OF THE UNITED STATES

Syllabus

TARRANT REGIONAL WATER DISTRICT v.
HERRMANN ET AL.

CERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR
THE TENTH CIRCUIT
"""

IN_RE_MDL = """\
IN THE UNITED STATES DISTRICT COURT
FOR THE DISTRICT OF ARIZONA

IN RE: Bard IVC Filters Products
Liability Litigation,

No. MDL 15-02641-PHX-DGC
SUGGESTION OF REMAND AND
TRANSFER ORDER
"""

IN_RE_WITH_UNDERLYING_CASE = """\
United States Court of Appeals
For the Seventh Circuit
No. 17-2400
IN RE:
FEDEX GROUND PACKAGE SYSTEM,
INC. EMPLOYMENT PRACTICES
LITIGATION
] Appeal from the United
] States District Court
MICHAEL TOFAUTE, et al.,
Plaintiffs-Appellants,
]
v.
] Robert L. Miller, Jr., Judge.
FEDEX GROUND PACKAGE SYSTEM,
]
Defendant-Appellee.
]
O R D E R
"""

DEPOSITION = """\
LONG vs ABILITY RECOVERY SERVICES

Page 1
·1· · · ·IN THE UNITED STATES DISTRICT COURT
· · · · · · ·FOR THE DISTRICT OF MARYLAND
·2
·3· ·CRYSTAL LONG,· · · · · ·:
· · · · · · · · · · · · · · ·:
·4· · · · · Plaintiff,· · · ·:
· · · · · · · · · · · · · · ·:
·5· ·v.· · · · · · · · · · · : Civil Action No:
· · · · · · · · · · · · · · ·: 8:17-cv-01955-GJH
·6· ·PENDRICK CAPITAL· · · · :
· · ·PARTNERS, II, LLC,· · · :
·7· · · · · · · · · · · · · ·:
· · ·ABILITY RECOVERY· · · · :
·8· ·SERVICES, LLC,· · · · · :
·9· · · · · Defendants.· · · :
"""

FORM = """\
UNITED STATES COURT OF APPEALS FOR THE FEDERAL CIRCUIT

Reliable Contracting Group

____________________________ v. ____________________________

DVA

14-1326

No. _______

ENTRY OF APPEARANCE
"""

NEW_YORK = """\
UNITED STATES DISTRICT COURT
SOUTHERN DISTRICT OF NEW YORK
---------------------------------------x
UNITED STATES OF AMERICA,
-against-
LEV PARNAS, et al.,
Defendants.
---------------------------------------x
"""

WORKERS_COMP = """\
IN THE COURT OF WORKERS' COMPENSATION CLAIMS
AT NASHVILLE
Leonardo Calderon-Fuentes,

Employee,
v.
CEVA Logistics U.S. Holdings,

Employer,
And
New Hampshire Ins. Co.,

Carrier.
"""

LETTER_WITH_RE_LINE = """\
OFFICE OF THE CLERK
UNITED STATES COURT OF APPEALS
August 3, 2017

Maria G. Danaher
Pittsburgh, PA 15222
RE: Christopher Mielo, et al v. Steak N Shake Operations Inc
Case Number: 17-2678

To All Parties:
Enclosed is case opening information regarding the above-captioned appeal.
"""

BODY_ONLY = """\
In response, by letter dated May 14, 2021, the Government advised defense counsel that it had
obtained a number of other search warrants, as the Court held in Zepeda Rivas v. Jennings, No.
20-cv-02731-VC, 2020 WL 2059848, and in Hernandez Roman, et al.
v. Wolf, et al., Case No. 20-55436, which the parties discussed at length on May 7.
4/29/2021 Government Letter, Filed Under Seal, in In re Search Warrant dated April 21, 2021.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DISTRICT_TWO_COLUMN, "Shimmick Constr. Co. v. RLI Ins. Co."),
        (APPELLATE_BLOCKS, "Calvary Chapel of Bangor v. Mills"),
        (STATE_INTERLEAVED, "Jagels v. State"),
        (STATE_ONE_LINE, "State v. Public"),
        (TAX_COURT, "Bordelon v. Commissioner"),
        (SUPREME_COURT, "Tarrant Reg'l Water Dist. v. Herrmann"),
        (IN_RE_MDL, "In re Bard IVC Filters Prods. Liab. Litig."),
        (IN_RE_WITH_UNDERLYING_CASE, "In re Fedex Ground Package Sys., Inc. Emp. Practices Litig."),
        (DEPOSITION, "Long v. Pendrick Capital Partners, II, LLC"),  # the caption, not the running head
        (FORM, "Reliable Contracting Grp. v. DVA"),
        (NEW_YORK, "United States v. Parnas"),
        (WORKERS_COMP, "Calderon-Fuentes v. CEVA Logistics U.S. Holdings"),
        (LETTER_WITH_RE_LINE, "Mielo v. Steak N Shake Operations Inc."),
    ],
)
def test_caption_forms(text, expected):
    assert find_parties([text]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF COLUMBIA\n\nTAXPAYER RIGHTS CENTER,\n\nPlaintiff,\n\n"
         "v. Civil Action No. 1:25-cv-01234 (ABC)\n\nU.S. DEPARTMENT OF THE TREASURY, et al.,\n\nDefendants.\n",
         "Taxpayer Rights Ctr. v. U.S. Dep't of the Treasury"),
        ("UNITED STATES COURT OF APPEALS\nFOR THE SECOND CIRCUIT\nJOHN DOE,\n\nPlaintiff-Appellant,\n\n"
         "v. No. 21-1234\n\nACME CORP.,\n\nDefendant-Appellee.\n", "Doe v. Acme Corp."),
        ("UNITED STATES BANKRUPTCY COURT\nSOUTHERN DISTRICT OF NEW YORK\nIn re:\n\nJOHN A. DOE,\n\nDebtor.\n\n"
         "Chapter 11\nCase No. 19-12345 (ABC)\n", "In re Doe"),
        ("SUPERIOR COURT OF THE STATE OF CALIFORNIA\nCOUNTY OF LOS ANGELES\nJANE DOE, an individual,\nPlaintiff,\n"
         "vs.\nACME CORP., a Delaware corporation; and DOES 1-50, inclusive,\nDefendants.\n", "Doe v. Acme Corp."),
        ("UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\nJOSE LUIS GARCIA-LOPEZ,\nPetitioner,\nv.\n"
         "MERRICK B. GARLAND, Attorney General,\nRespondent.\n", "Garcia-Lopez v. Garland"),
        ("UNITED STATES COURT OF APPEALS\nFOR THE D.C. CIRCUIT\nNATIONAL LABOR RELATIONS BOARD,\nPetitioner,\nv.\n"
         "STARBUCKS CORPORATION,\nRespondent.\n", "Nat'l Lab. Rels. Bd. v. Starbucks Corp."),
        ("CAUSE NO. 2021-12345\nJOHN SMITH § IN THE DISTRICT COURT OF\n§\nPlaintiff, §\n§\nv. § HARRIS COUNTY, TEXAS\n"
         "§\nCHEVRON U.S.A. INC. § 125TH JUDICIAL DISTRICT\nDefendant. §\n", "Smith v. Chevron U.S.A. Inc."),
        # A state in a federal court is named ("Texas"), in its own courts it is "State" (see STATE_INTERLEAVED).
        ("UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF TEXAS\nSTATE OF TEXAS, et al.,\nPlaintiffs,\nv.\n"
         "UNITED STATES DEPARTMENT OF HOMELAND SECURITY, et al.,\nDefendants.\n",
         "Texas v. U.S. Dep't of Homeland Sec."),
        ("UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\nE. JEAN CARROLL,\nPlaintiff,\n-against-\n"
         "DONALD J. TRUMP, in his personal capacity,\nDefendant.\n", "Carroll v. Trump"),
        ("UNITED STATES DISTRICT COURT\nDISTRICT OF OREGON\nJOHN DOE, Plaintiff, v. ACME CORP., Defendant.\n"
         "Case No. 3:20-cv-1\nOPINION AND ORDER\n", "Doe v. Acme Corp."),  # the whole caption on one line
        ("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS\nCOUNTY DEPARTMENT, CHANCERY DIVISION\nJOHN DOE,\n"
         "Plaintiff,\nv.\nACME CORP.,\nDefendant.\n", "Doe v. Acme Corp."),
        ("UNITED STATES DISTRICT COURT\nDISTRICT OF MASSACHUSETTS\nUNITED STATES OF AMERICA ex rel. JOHN DOE,\n"
         "Plaintiff,\nv.\nACME CORP.,\nDefendant.\n", "United States ex rel. Doe v. Acme Corp."),
        ("UNITED STATES BANKRUPTCY COURT\nDISTRICT OF DELAWARE\nIn re\n\nACME CORP., et al.,1\n\nDebtors.\n",
         "In re Acme Corp."),
        ("DISTRICT COURT\nJOHN DOE,\nPlaintiff(s),\nv.\nACME LLC,\nDefendant(s).\n", "Doe v. Acme LLC"),
        ("IN THE COURT OF APPEAL OF THE STATE OF CALIFORNIA\nSECOND APPELLATE DISTRICT\nJOHN DOE,\nPetitioner,\nv.\n"
         "SUPERIOR COURT OF LOS ANGELES COUNTY,\nRespondent;\nACME CORP.,\nReal Party in Interest.\n",
         "Doe v. Superior Court of Los Angeles Cnty."),  # a court as the respondent to a writ petition
    ],
)
def test_more_caption_forms(text, expected):
    assert find_parties([text]) == expected


def test_no_caption_gives_none():
    assert find_parties([BODY_ONLY]) is None
    table_of_authorities = ("TABLE OF AUTHORITIES\nCases\nBell Atlantic Corp. v.\nTwombly, 550 U.S. 544 (2007) .. 5\n"
                            "Ashcroft v. Iqbal, 556 U.S. 662 (2009) ...... 7\n")
    assert find_parties([table_of_authorities]) is None
    assert find_parties(["COUNSEL FOR: North Carolina State Bar\n(party name)\nAPPEARANCE OF COUNSEL FORM"]) is None
    assert find_parties([]) is None
    assert find_parties(["", ""]) is None


def test_an_ocr_read_of_the_separator_as_vv_still_splits_the_caption():
    """Tesseract often reads a caption's lone "v." as "Vv."; OCR (redo-all) must not lose the parties for that."""
    caption = ("UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF COLUMBIA\n\nTAXPAYER RIGHTS CENTER,\nPlaintiff,\n"
               "Vv.\n\nCivil Action No. 1:25-cv-01234 (ABC)\n\nUNITED STATES DEPARTMENT OF THE\nTREASURY, et al.,\n\n"
               "Defendants.\n\nDECLARATION OF DOTTIE ROMO\n")
    assert find_parties([caption]) == "Taxpayer Rights Ctr. v. U.S. Dep't of the Treasury"


def test_a_letters_re_line_after_a_long_service_list():
    service_list = "Jonathan S. Abady\nEmery Celli Brinckerhoff\n600 Fifth Avenue\nNew York, NY 10020\n" * 4
    pages = [f"OFFICE OF THE CLERK\nAugust 17, 2022\n{service_list}"] * 5 + [
        "Washington, DC 20036\nRE: City of Hoboken v. Chevron Corp, et al\nCase Number: 21-2728\n"]
    assert find_parties(pages) == "City of Hoboken v. Chevron Corp."
    # A caption on the first pages wins over a "RE:" line further on.
    assert find_parties([APPELLATE_BLOCKS, "", "", "RE: Someone Else v. Other Party"]) == (
        "Calvary Chapel of Bangor v. Mills")


def test_double_surname_written_together_in_the_body():
    caption = "No. 20-16276\nIN THE UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\n" \
              "ANGEL ZEPEDA RIVAS, et al.\n\nPlaintiffs-Appellees,\n\nv.\n\nDAVID JENNINGS, et al.\n\n" \
              "Defendants-Appellants.\n"
    assert find_parties([caption]) == "Rivas v. Jennings"
    assert find_parties([caption, "the district court rulings in Zepeda Rivas. Instead, on June 29"]) == (
        "Zepeda Rivas v. Jennings")


def test_generated_stamped_filing(tmp_path):
    from casebook.core.filing_spec import FilingSpec
    from casebook.ingest.filings import analyse_filing
    from casebook.pdf.extract import extract_pdf
    from casebook.pdf.filing_writer import write_filing

    spec = FilingSpec.from_dict({
        "kind": "declaration", "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["TAXPAYER RIGHTS CENTER,"], "defendants": ["U.S. DEPARTMENT OF THE TREASURY, et al.,"],
        "case_number": "1:25-cv-09999", "judge_initials": "XYZ", "title": "DECLARATION OF ROBIN EXAMPLE",
        "preamble": ["I, Robin Example, declare as follows:"], "paragraphs": ["I am the records officer."],
        "closing": ["I declare under penalty of perjury that the foregoing is true and correct."],
        "signature": ["/s/ Robin Example", "Robin Example"], "ecf_document_number": "17", "filed_date": "2025-06-02",
    })
    path = tmp_path / "declaration.pdf"
    write_filing(spec, path)
    doc = analyse_filing(extract_pdf(path))
    assert doc.metadata.parties == "Taxpayer Rights Ctr. v. U.S. Dep't of the Treasury"


# --------------------------------------------------------------------------------------------- the public corpus


def _loose(text: str) -> str:
    """The grader's comparison: case-, accent- and punctuation-insensitive, "&" read as "and"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "", text.casefold().replace("&", "and"))


def _pages_text(path: Path) -> list[str]:
    """Page text as an import gives it: the text layer, OCR (when Tesseract is installed) for scanned caption pages."""
    from casebook.pdf.extract import extract_pdf

    doc = extract_pdf(path)
    texts = [page.text for page in doc.pages[:10]]
    if shutil.which("tesseract"):
        from casebook.pdf.ocr import ocr_pdf_page

        for page in doc.pages[:3]:
            if page.needs_ocr:
                texts[page.number - 1] = ocr_pdf_page(path, page.number).text.text
    return texts


@pytest.mark.corpus
def test_parties_of_the_court_corpus_match_the_careful_reader():
    truth_file = CORPUS / "META_TRUTH.tsv"
    if not truth_file.is_file():
        pytest.skip("the shared corpus is not present")
    with truth_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == 20
    misses = []
    for row in rows:
        got = find_parties(_pages_text(CORPUS / row["local_file"])) or ""
        if _loose(got) != _loose(row["parties"]):
            misses.append((row["local_file"], row["parties"], got))
    matched = len(rows) - len(misses)
    assert matched >= 17, misses
    # No caption: the reader left parties empty, and so must we.
    empty = [row["local_file"] for row in rows if not row["parties"]]
    assert not [m for m in misses if m[0] in empty]
