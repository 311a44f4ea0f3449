"""Tests for FilingSpec: loading from JSON-shaped data and how case numbers and stamps are printed."""

from __future__ import annotations

import pytest

from casebook.core.documents import DocumentKind, EcfStamp
from casebook.core.filing_spec import FilingParagraph, FilingSpec


def _minimal(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["TAXPAYER RIGHTS CENTER,"],
        "defendants": ["UNITED STATES DEPARTMENT OF THE TREASURY, et al.,"],
        "case_number": "1:25-cv-01234",
        "judge_initials": "ABC",
        "title": "DECLARATION OF DOTTIE ROMO",
        "kind": "declaration",
        "paragraphs": ["First.", {"heading": "COUNT I", "text": "Second."}],
        "ecf_document_number": 62,
        "filed_date": "2025-07-02",
    }
    data.update(overrides)
    return data


def test_case_number_is_printed_as_ecf_and_caption_show_it() -> None:
    spec = FilingSpec.from_dict(_minimal())
    assert spec.ecf_case_number == "1:25-cv-01234-ABC"
    assert spec.caption_case_number == "Civil Action No. 1:25-cv-01234 (ABC)"
    assert spec.filed_date_stamp == "07/02/25"


def test_stamp_text_matches_the_cm_ecf_header_format() -> None:
    spec = FilingSpec.from_dict(_minimal())
    assert " ".join(spec.stamp_text(3, 12).split()) == (
        "Case 1:25-cv-01234-ABC Document 62 Filed 07/02/25 Page 3 of 12"
    )
    assert spec.stamp(3, 12) == EcfStamp("1:25-cv-01234-ABC", "62", "2025-07-02", 3, 12)


def test_without_judge_initials_or_date_the_stamp_omits_them() -> None:
    spec = FilingSpec.from_dict(_minimal(judge_initials="", filed_date=""))
    assert spec.caption_case_number == "Civil Action No. 1:25-cv-01234"
    assert " ".join(spec.stamp_text(1, 1).split()) == "Case 1:25-cv-01234 Document 62 Page 1 of 1"


def test_paragraphs_accept_plain_text_and_objects_with_headings() -> None:
    spec = FilingSpec.from_dict(_minimal())
    assert spec.paragraphs == (FilingParagraph("First."), FilingParagraph("Second.", heading="COUNT I"))
    assert spec.kind is DocumentKind.DECLARATION
    assert spec.ecf_document_number == "62"


def test_round_trip_through_to_dict_keeps_notes_in_extra() -> None:
    spec = FilingSpec.from_dict(_minimal(_note="illustrative"))
    again = FilingSpec.from_dict(spec.to_dict())
    assert again == spec
    assert again.extra == {"_note": "illustrative"}


def test_metadata_names_the_signer_from_the_slash_s_line() -> None:
    spec = FilingSpec.from_dict(_minimal(signature=["/s/ Dottie Romo", "Dottie Romo"]))
    metadata = spec.metadata()
    assert metadata.author == "Dottie Romo"
    assert metadata.case_number == "1:25-cv-01234-ABC"
    assert metadata.court == "UNITED STATES DISTRICT COURT FOR THE DISTRICT OF COLUMBIA"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"filed_date": "07/02/2025"}, "ISO date"),
        ({"kind": "affidavit"}, "unknown filing kind"),
        ({"paragraphs": "one long string"}, "must be a list"),
        ({"paragraphs": [{"heading": "X"}]}, "paragraph"),
        ({"court": [1, 2]}, "list of strings"),
        ({"case_number": "  "}, "case number"),
    ],
)
def test_bad_specs_are_refused_with_a_reason(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FilingSpec.from_dict(_minimal(**overrides))


def test_missing_required_fields_are_named() -> None:
    data = _minimal()
    del data["title"]
    with pytest.raises(ValueError, match="title"):
        FilingSpec.from_dict(data)
