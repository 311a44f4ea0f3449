"""The FRCP 5.2 detectors: every identifier shape with its partial form, and no court furniture as a finding."""

from __future__ import annotations

import pytest

from casebook.core.privacy import (
    ACCOUNT,
    ADDRESS,
    CARD,
    CASE_TERM,
    DOB,
    EIN,
    IBAN,
    ITIN,
    MINOR,
    SSN,
    CaseTerm,
    forbidden_forms,
    iban_ok,
    luhn_ok,
    scan_page,
)


def found(text: str, **kwargs) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.replacement) for f in scan_page(1, text, **kwargs)]


@pytest.mark.parametrize(("text", "expected"), [
    ("SSN 123-45-6789.", ("ssn", "123-45-6789", "XXX-XX-6789")),
    ("her number, 123 45 6789, was", ("ssn", "123 45 6789", "XXX-XX-6789")),
    ("Social Security No. 123456789", ("ssn", "123456789", "XXX-XX-6789")),
    ("ITIN 912-70-1234", ("itin", "912-70-1234", "XXX-XX-1234")),
    ("EIN 12-3456789", ("ein", "12-3456789", "XX-XXX6789")),
    ("DOB: 03/14/1978", ("dob", "03/14/1978", "1978")),
    ("was born on July 4, 1980 in", ("dob", "July 4, 1980", "1980")),
    ("date of birth 4 July 1980", ("dob", "4 July 1980", "1980")),
    ("card 4111-1111-1111-1111 was", ("card", "4111-1111-1111-1111", "XXXX-XXXX-XXXX-1111")),
    ("Acct. No. 00-1234-5678 at the bank", ("account", "00-1234-5678", "XX-XXXX-5678")),
    ("IBAN GB82 WEST 1234 5698 7654 32", ("iban", "GB82 WEST 1234 5698 7654 32", "XXXX XXXX XXXX XXXX XX54 32")),
])
def test_each_identifier_with_its_partial_form(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize("text", [
    "SSN 000-12-3456", "SSN 666-12-3456", "SSN 923-12-3456", "SSN 123-00-4567", "SSN 123-45-0000",
    "card 4111 1111 1111 1112",  # fails Luhn
    "IBAN GB82 WEST 1234 5698 7654 33",  # fails mod 97
    "EIN 07-1234567",  # no such prefix
    "a nine-digit number 123456789 with no word for it",
])
def test_invalid_or_unnamed_numbers_are_not_findings(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [
    "Case 1:25-cv-01234-ABC Document 12-3 Filed 02/11/26 Page 2 of 5 PageID #: 123",
    "Case: 24-5123 Document: 00118234567 Page: 3 Date Filed: 05/02/2025 Entry ID: 6712345",
    "USCA Case #25-5012 Document #2101234 Filed: 02/11/2025 Page 1 of 12",
    "TRC-000142  DOJ 000123456  ABC0001234567  EPA-HQ-2024-001234",
    "Filed 2025-01-02. Dated: February 11, 2026. Signed on 02/11/2026.",
    "Tel: (202) 555-0143  Fax: 202-555-0199  Cell 202.555.0188  (202) 555-0143 ext. 12",
    "Washington, DC 20005-1234 · No. 1:24-cr-00012 (D.D.C.) · 28 U.S.C. § 1331 · ECF No. 62-1",
])
def test_court_furniture_is_never_a_finding(text):
    assert found(text) == []


def test_furniture_ranges_are_skipped():
    text = "SSN 123-45-6789"
    assert scan_page(1, text, furniture=[(0, len(text))]) == []


def test_findings_carry_page_and_offsets():
    text = "Intro line.\nSSN 123-45-6789 here."
    [f] = scan_page(7, text)
    assert (f.page, text[f.start:f.end], f.rule) == (7, "123-45-6789", SSN)


def test_minor_names_are_candidates_with_initials():
    assert found("the minor child, Jane Roe, lives with") == [(MINOR, "Jane Roe", "J.R.")]
    assert found("John Q. Smith, a minor, testified") == [(MINOR, "John Q. Smith", "J.Q.S.")]


def test_home_addresses_only_in_criminal_matters():
    text = "The defendant resides at 1234 Elm Street, Springfield, IL 62701."
    assert found(text) == []
    [(rule, what, replacement)] = found(text, criminal=True)
    assert (rule, replacement) == (ADDRESS, "Springfield, IL")
    assert what.startswith("1234 Elm Street") and "62701" in what


def test_case_terms_and_patterns():
    terms = [CaseTerm("Maria Lopez"), CaseTerm(r"TX-\d{6}", regex=True, replacement="TX-[REDACTED]")]
    assert found("Taxpayer MARIA  LOPEZ filed TX-123456.", terms=terms) == [
        (CASE_TERM, "MARIA  LOPEZ", "M.L."), (CASE_TERM, "TX-123456", "TX-[REDACTED]")]


def test_checksums():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("DE89 3704 0044 0532 0130 00") and not iban_ok("DE89 3704 0044 0532 0130 01")


def test_forbidden_forms_include_digits_only():
    assert forbidden_forms("123-45-6789") == ["123-45-6789", "123456789"]
    assert forbidden_forms("Jane Roe") == ["Jane Roe"]


def test_rule_names_cover_every_rule():
    from casebook.core.privacy import RULE_NAMES

    assert {SSN, ITIN, EIN, DOB, CARD, IBAN, ACCOUNT, MINOR, ADDRESS, CASE_TERM} <= set(RULE_NAMES)


def test_a_written_date_has_no_digits_only_form():
    assert forbidden_forms("March 14, 1978") == ["March 14, 1978"]
