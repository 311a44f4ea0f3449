"""Docket sheets: entries parsed at import, stored with the document, and linked to filings by case and ECF number."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from casebook.core.dockets import DocketEntry, FilingRef, ecf_main_number, entry_matches, same_case
from casebook.core.filing_spec import FilingSpec
from casebook.ingest.articles import import_article
from casebook.pdf.filing_writer import write_filing
from casebook.services.dockets import docket_lines, missing_filings
from casebook.services.importing import import_paths
from casebook.services.resources import resources_root
from casebook.store import audit

DEMO = resources_root() / "demo"
CORPUS_HTML = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "court_html"


def stamped_filing(tmp_path: Path, *, ecf: str, case_number: str = "1:25-cv-01234", name: str) -> Path:
    spec = FilingSpec.from_dict(json.loads((DEMO / "filings" / "declaration.json").read_text(encoding="utf-8")))
    spec = dataclasses.replace(spec, ecf_document_number=ecf, case_number=case_number)
    out = tmp_path / name
    write_filing(spec, out)
    return out


# --- the linking rules ----------------------------------------------------------------------------------

def test_docket_numbers_compare_without_judge_initials_no_or_padding():
    assert same_case("1:25-cv-01234", "1:25-cv-01234-ABC")
    assert same_case("No. 1:25-cv-1234", "1:25-cv-01234-ABC-DEF")
    assert same_case("25-cv-01234", "1:25-cv-01234")  # a caption often drops the office code
    assert same_case("Civil Action No. 1:25-cv-01234 (ABC)", "1:25-cv-01234")
    assert same_case("1:25cv1234", "1:25-cv-01234")
    assert same_case("2-15-cv-00180", "2:15-cv-00180-JFC")
    assert not same_case("1:25-cv-01234", "2:25-cv-01234")
    assert not same_case("1:25-cv-01234", "1:25-cr-01234")
    assert not same_case("1:25-cv-01234", "1:24-cv-01234")
    assert same_case("No. 17-15589", "17-15589")
    assert not same_case("17-15589", "17-15590")
    assert not same_case(None, "17-15589")


def test_an_attachment_belongs_to_its_entry():
    assert ecf_main_number("62-1") == "62"
    assert ecf_main_number("62") == "62"
    assert ecf_main_number("00516242060") is None


def test_appellate_filings_match_by_entry_number_link_or_bracketed_id():
    entry = DocketEntry(position=3, number="317", date_filed="2017-06-19", case_number="17-15589",
                        text="Filed order (MDH, RMG and RAP) GRANTED. [10479792] (OC)",
                        pacer_document_id="009029131781")

    def filing(appellate: str | None, ecf: str | None = None, case: str = "17-15589") -> FilingRef:
        return FilingRef(1, "Order", (case,), ecf, appellate)

    assert entry_matches(entry, filing("10479792"))  # the Ninth Circuit stamp's "ID:"
    assert entry_matches(entry, filing("9029131781"))  # the sheet's document link, zero padding aside
    assert entry_matches(entry, filing("317"))  # "DktEntry: 317"
    assert not entry_matches(entry, filing("10479793"))
    assert not entry_matches(entry, filing("10479792", case="17-15590"))
    assert not entry_matches(entry, filing(None, ecf="62"))


# --- import, storage and links --------------------------------------------------------------------------

def test_docket_entries_are_stored_with_the_import_and_link_when_read(case, tmp_path):
    sheet = tmp_path / "docket.html"
    sheet.write_bytes((DEMO / "docket.html").read_bytes())
    summary = import_paths(case, [sheet])
    assert not summary.failed

    lines = docket_lines(case)
    assert [line.entry.number for line in lines] == ["1", "9", None, "38", None, "44", "45", "62", "63"]
    assert lines[0].entry.date_filed == "2025-04-28" and lines[0].entry.text.startswith("COMPLAINT against")
    assert all(line.entry.case_number == "1:25-cv-01234" for line in lines)
    assert not any(line.linked for line in lines)
    assert len(missing_filings(lines)) == 7  # the two unnumbered minute entries have no document
    actions = [entry.action for entry in audit.entries(case.db)]
    assert actions[-2:] == ["document.import", "docket.entries"]

    # Filings imported after the sheet link: an attachment to entry 62 with the judge's initials in its stamp,
    # but not a filing with the same ECF number in another case.
    attachment = stamped_filing(tmp_path, ecf="62-1", name="romo-exhibit.pdf")
    other_case = stamped_filing(tmp_path, ecf="45", case_number="1:25-cv-09999", name="other.pdf")
    import_paths(case, [attachment, other_case])
    by_number = {line.entry.number: line for line in docket_lines(case)}
    assert by_number["62"].linked and by_number["62"].filing_title
    assert not by_number["45"].linked
    assert by_number["62"].to_dict()["status"] == "linked"
    assert by_number["45"].to_dict()["status"] == "missing"
    assert by_number[None].to_dict()["status"] == "no document"


def test_an_article_or_failed_parse_stores_no_entries(case, tmp_path):
    page = tmp_path / "story.html"
    page.write_text("<html><body><h1>Docket news</h1><p>Nothing to see in the docket today.</p></body></html>",
                    encoding="utf-8")
    import_paths(case, [page])
    assert docket_lines(case) == []


# --- the corpus's real PACER reports --------------------------------------------------------------------

def _squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text).split()).lower()


@pytest.mark.corpus
@pytest.mark.parametrize("stem", ["juriscraper_docket_nysd_tremsky-v-laden_1-02-cv-07300",
                                  "juriscraper_docket_ca9_hawaii-v-trump_17-15589"])
def test_corpus_docket_entries_match_the_reference_parse(stem):
    page, truth_path = CORPUS_HTML / f"{stem}.html", CORPUS_HTML / f"{stem}.expected.json"
    if not page.exists() or not truth_path.exists():
        pytest.skip("the shared corpus is not present")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    entries = import_article(page).docket_entries
    expected = truth["docket_entries"]
    assert [e.number for e in entries] == [x["document_number"] for x in expected]
    assert [e.date_filed for e in entries] == [x["date_filed"] for x in expected]
    assert [e.date_entered for e in entries] == [x["date_entered"] for x in expected]
    for entry, reference in zip(entries, expected, strict=True):
        assert _squash(entry.text)[:60] == _squash(reference["description"])[:60]
    assert {e.case_number for e in entries} == {truth["docket_number"]}
