"""Bluebook rule 10 case names: first-named parties, surnames, governments and table T6 abbreviations."""

from __future__ import annotations

import pytest

from casebook.core.bluebook import (
    T6,
    abbreviate_name,
    abbreviate_word,
    case_name,
    case_party,
    first_party,
    in_re_name,
    is_individual,
    short_party,
    surname,
    title_case,
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Regional", "Reg'l"), ("District", "Dist."), ("Construction", "Constr."), ("Company", "Co."),
        ("Insurance", "Ins."), ("Group", "Grp."), ("Indemnity", "Indem."), ("Products", "Prods."),
        ("Liability", "Liab."), ("Litigation", "Litig."), ("System", "Sys."), ("Systems", "Sys."),
        ("Employment", "Emp."), ("Department", "Dep't"), ("Association", "Ass'n"), ("International", "Int'l"),
        ("Services", "Servs."), ("Industries", "Indus."), ("Commission", "Comm'n"), ("Corporation,", "Corp.,"),
        ("Water", "Water"), ("Practices", "Practices"), ("Capital", "Capital"),
    ],
)
def test_t6_words(word, expected):
    assert abbreviate_word(word) == expected


def test_t6_is_a_table_of_lower_case_words():
    assert len(T6) > 200
    assert all(key == key.lower() and " " not in key for key in T6)


def test_direction_words_in_place_names_stay_whole():
    assert abbreviate_name("North Carolina State Bar") == "North Carolina State Bar"
    assert abbreviate_name("Southern Pacific Railroad") == "S. Pac. R.R."
    assert abbreviate_name("United States Fidelity Company") == "U.S. Fid. Co."
    assert abbreviate_name("United States") == "United States"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RLI INSURANCE COMPANY", "RLI Insurance Company"),
        ("CALVARY CHAPEL OF BANGOR", "Calvary Chapel of Bangor"),
        ("PENDRICK CAPITAL PARTNERS, II, LLC", "Pendrick Capital Partners, II, LLC"),
        ("BARD IVC FILTERS", "Bard IVC Filters"),
        ("K2 INC.", "K2 Inc."),
        ("IBM CORPORATION OF THE U.S.", "IBM Corporation of the U.S."),
        ("DAMMANN & CO.", "Dammann & Co."),
    ],
)
def test_title_case_keeps_acronyms(text, expected):
    assert title_case(text) == expected


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("DAMMANN & CO., INC. and INTERNATIONAL FLAVORS & FRAGRANCES INC.", "DAMMANN & CO., INC."),
        ("SHIMMICK CONSTRUCTION COMPANY, INC., a corporation,", "SHIMMICK CONSTRUCTION COMPANY, INC."),
        ("RLI INSURANCE COMPANY, a corporation, and DOES 1 through 100,", "RLI INSURANCE COMPANY"),
        ("ANGEL ZEPEDA RIVAS, et al.", "ANGEL ZEPEDA RIVAS"),
        ("Christopher Mielo, et al", "Christopher Mielo"),
        ("JANET T. MILLS, in her official capacity as Governor of the State of Maine,", "JANET T. MILLS"),
        ("JERROLD MARTIN, also known as Jay,", "JERROLD MARTIN"),
        ("ROCK BORDELON AND TORIE BORDELON,1 Petitioners", "ROCK BORDELON"),
        ("PENDRICK CAPITAL PARTNERS, II, LLC, ABILITY RECOVERY SERVICES, LLC,", "PENDRICK CAPITAL PARTNERS, II, LLC"),
        ("SECRETARY OF HEALTH AND HUMAN SERVICES", "SECRETARY OF HEALTH AND HUMAN SERVICES"),
        ("K2 INC. and K-2 CORPORATION,", "K2 INC."),
        ("Petersen Energia Inversora, S.A.U., Petersen Energia S.A.U.,", "Petersen Energia Inversora, S.A.U."),
        ("JOHN SMITH, JR., individually", "JOHN SMITH, JR."),
    ],
)
def test_first_party(group, expected):
    assert first_party(group) == expected


@pytest.mark.parametrize(
    ("name", "individual"),
    [
        ("JANET T. MILLS", True), ("Leonardo Calderon-Fuentes", True), ("PAUL N. NELSON", True),
        ("CALVARY CHAPEL OF BANGOR", False), ("Reliable Contracting Group", False), ("DVA", False),
        ("Steak N Shake Operations Inc", False), ("City of Hoboken", False), ("Bainbridge Fund LTD", False),
        ("Argentine Republic", False), ("North Carolina State Bar", False),
    ],
)
def test_is_individual(name, individual):
    assert is_individual(name) is individual


def test_surname_keeps_particles_and_double_surnames_written_together():
    assert surname("JANET T. MILLS") == "MILLS"
    assert surname("John Smith Jr.") == "Smith"
    assert surname("Ludwig van Beethoven") == "van Beethoven"
    assert surname("Jean St. Pierre") == "St. Pierre"
    body = "The instant case, Zepeda Rivas, originated as a petition."
    assert surname("ANGEL ZEPEDA RIVAS", body) == "ZEPEDA RIVAS"
    assert surname("ANGEL ZEPEDA RIVAS", "ANGEL ZEPEDA RIVAS, et al.") == "RIVAS"  # only the caption itself
    assert surname("NICHOLE MARIE JAGELS", "Appellant Nichole M. Jagels appeals") == "JAGELS"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("THE TRAVELERS INDEMNITY COMPANY", "Travelers Indem. Co."),
        ("DAMMANN & CO., INC. and INTERNATIONAL FLAVORS & FRAGRANCES INC.", "Dammann & Co."),
        ("SHIMMICK CONSTRUCTION COMPANY, INC., a corporation,", "Shimmick Constr. Co."),
        ("RLI INSURANCE COMPANY, a corporation, and DOES 1 through 100,", "RLI Ins. Co."),
        ("TARRANT REGIONAL WATER DISTRICT", "Tarrant Reg'l Water Dist."),
        ("JANET T. MILLS, in her official capacity as Governor of the State of Maine,", "Mills"),
        ("UNITED STATES OF AMERICA,", "United States"),
        ("COMMISSIONER OF INTERNAL REVENUE, Respondent", "Commissioner"),
        ("STATE OF MISSOURI,", "State"),
        ("The People of the State of California", "People"),
        ("COMMONWEALTH OF PENNSYLVANIA", "Commonwealth"),
        ("The Republic of Argentina,", "Republic of Argentina"),
        ("Bainbridge Fund LTD,", "Bainbridge Fund Ltd."),
        ("Chevron Corp, et al", "Chevron Corp."),
        ("Steak N Shake Operations Inc", "Steak N Shake Operations Inc."),
        ("K2 INC. and K-2 CORPORATION,", "K2 Inc."),
        ("Reliable Contracting Group", "Reliable Contracting Grp."),
        ("DVA", "DVA"),
        ("CEVA Logistics U.S. Holdings,", "CEVA Logistics U.S. Holdings"),
        ("CRYSTAL LONG,", "Long"),
        ("City of Hoboken", "City of Hoboken"),
        ("UNITED STATES DEPARTMENT OF THE TREASURY", "U.S. Dep't of the Treasury"),
        ("United States Department of Commerce", "U.S. Dep't of Com."),
        ("NATIONAL ASSOCIATION OF MANUFACTURERS", "Nat'l Ass'n of Mfrs."),
    ],
)
def test_case_party(printed, expected):
    assert case_party(printed) == expected


def test_case_name_and_in_re():
    assert case_name("CALVARY CHAPEL OF BANGOR,", "JANET T. MILLS, in her official capacity") == (
        "Calvary Chapel of Bangor v. Mills")
    assert in_re_name("Bard IVC Filters Products Liability Litigation,") == "Bard IVC Filters Prods. Liab. Litig."
    assert in_re_name("FEDEX GROUND PACKAGE SYSTEM, INC. EMPLOYMENT PRACTICES LITIGATION") == (
        "Fedex Ground Package Sys., Inc. Emp. Practices Litig.")
    assert in_re_name("JOHN A. SMITH, Debtor") == "Smith"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Calvary Chapel of Bangor v. Mills", "Calvary Chapel"),
        ("United States v. Martin", "Martin"),
        ("Bordelon v. Commissioner", "Bordelon"),
        ("Jagels v. State", "Jagels"),
        ("Tarrant Reg'l Water Dist. v. Herrmann", "Tarrant"),
        ("Travelers Indem. Co. v. Dammann & Co.", "Travelers"),
        ("St. Pierre v. Doctor", "St. Pierre"),
        ("Zepeda Rivas v. Jennings", "Zepeda Rivas"),
        ("City of Hoboken v. Chevron Corp.", "Hoboken"),
        ("In re Bard IVC Filters Prods. Liab. Litig.", "In re Bard IVC Filters"),
        ("", None),
    ],
)
def test_short_party(name, expected):
    assert short_party(name) == expected
