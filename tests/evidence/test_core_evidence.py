"""Pure evidence-model rules: fuzzy dates, date conflicts, tag paths, relation rules, warnings, issue outline."""

from __future__ import annotations

from datetime import date

import pytest

from casebook.core.evidence import (
    Claim,
    ClaimStatus,
    ClaimType,
    EvidenceError,
    FuzzyDate,
    Issue,
    Link,
    Relation,
    check_link,
    claim_warnings,
    date_conflict,
    expand_tags,
    issue_outline,
    normalise_colour,
    normalise_tag_path,
    parse_choice,
)


@pytest.mark.parametrize(("text", "kind", "earliest", "latest", "canonical"), [
    ("2025-01-23", "day", date(2025, 1, 23), date(2025, 1, 23), "2025-01-23"),
    ("2025-04", "month", date(2025, 4, 1), date(2025, 4, 30), "2025-04"),
    ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
    ("2025", "year", date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ("on or before 2025-01-23", "on_or_before", None, date(2025, 1, 23), "on or before 2025-01-23"),
    ("On or after 2025-03", "on_or_after", date(2025, 3, 1), None, "on or after 2025-03-01"),
    ("between 2025-04 and 2025-06", "between", date(2025, 4, 1), date(2025, 6, 30),
     "between 2025-04-01 and 2025-06-30"),
    ("January 23, 2026", "day", date(2026, 1, 23), date(2026, 1, 23), "2026-01-23"),
    ("Jan. 23, 2026", "day", date(2026, 1, 23), date(2026, 1, 23), "2026-01-23"),
    ("23 January 2026", "day", date(2026, 1, 23), date(2026, 1, 23), "2026-01-23"),
    ("June 2025", "month", date(2025, 6, 1), date(2025, 6, 30), "2025-06"),
    ("by Sept. 30, 2025", "on_or_before", None, date(2025, 9, 30), "on or before 2025-09-30"),
])
def test_fuzzy_dates_parse_and_round_trip(text, kind, earliest, latest, canonical):
    parsed = FuzzyDate.parse(text)
    assert (parsed.kind, parsed.earliest, parsed.latest) == (kind, earliest, latest)
    assert str(parsed) == canonical
    assert FuzzyDate.parse(str(parsed)) == parsed


@pytest.mark.parametrize("bad", ["", "soon", "2025-13", "2025-02-30", "Smarch 3, 2025",
                                 "between 2025-06 and 2025-01"])
def test_fuzzy_date_rejects_nonsense_with_a_clear_error(bad):
    with pytest.raises(EvidenceError):
        FuzzyDate.parse(bad)


def test_fuzzy_dates_sort_by_earliest_possible_day():
    texts = ["2025", "2025-04", "on or before 2025-01-23", "2025-01-23", "between 2024-12-01 and 2025-02-01",
             "on or after 2025-06-01"]
    ordered = [str(d) for d in sorted(FuzzyDate.parse(t) for t in texts)]
    assert ordered == ["between 2024-12-01 and 2025-02-01", "2025", "on or before 2025-01-23", "2025-01-23",
                       "2025-04", "on or after 2025-06-01"]
    assert FuzzyDate.parse("2025-04") < FuzzyDate.parse("2025-04-02")


def test_describe_uses_brief_style_month_abbreviations():
    assert FuzzyDate.parse("2026-01-23").describe() == "Jan. 23, 2026"
    assert FuzzyDate.parse("2025-06").describe() == "June 2025"
    assert FuzzyDate.parse("on or before 2025-09-02").describe() == "on or before Sept. 2, 2025"


def test_date_conflict_flags_events_after_the_asserting_document():
    assert date_conflict(FuzzyDate.parse("2025-07-01"), "2025-06-02") is not None
    assert date_conflict(FuzzyDate.parse("2025-06"), "2025-06-02") is None  # could be June 1 or 2
    assert date_conflict(FuzzyDate.parse("on or before 2026-01-01"), "2025-06-02") is None
    assert date_conflict(FuzzyDate.parse("on or after 2025-06-03"), "2025-06-02") is not None
    assert date_conflict(None, "2025-06-02") is None
    assert date_conflict(FuzzyDate.parse("2030"), None) is None


def test_tag_paths_are_normalised_and_expand_to_their_ancestors():
    assert normalise_tag_path(" Hot / Privilege ") == "hot/privilege"
    assert normalise_tag_path("Work  Product") == "work product"
    for bad in ("", "hot//x", "/", "a,b", "tag:x"):
        with pytest.raises(EvidenceError):
            normalise_tag_path(bad)
    assert expand_tags(["hot/privilege/email", "cold"]) == ("cold", "hot", "hot/privilege", "hot/privilege/email")
    assert normalise_colour("#ABC", path="x") == "#aabbcc"
    assert normalise_colour(None, path="hot/a") == normalise_colour(None, path="hot/b")  # family shares a colour
    with pytest.raises(EvidenceError):
        normalise_colour("red", path="x")


def _claim(claim_type=ClaimType.SWORN_STATEMENT, *, source=7, status=ClaimStatus.NEEDS_EVIDENCE, event=None):
    return Claim(id=1, statement="s", claim_type=claim_type, status=status, asserted_in_excerpt=source,
                 event_date=event)


def test_relation_rules():
    # One link per claim–excerpt pair.
    with pytest.raises(EvidenceError, match="already linked"):
        check_link(_claim(), 3, Relation.SUPPORTS, [Link(1, 1, 3, Relation.CONTEXT)])
    check_link(_claim(), 3, Relation.SUPPORTS, [Link(1, 1, 4, Relation.CONTEXT), Link(2, 2, 3, Relation.SUPPORTS)])
    # The claim's own source never contradicts or qualifies it.
    for relation in (Relation.CONTRADICTS, Relation.QUALIFIES):
        with pytest.raises(EvidenceError, match="cannot"):
            check_link(_claim(), 7, relation, [])
    # Sworn statements, admissions, findings and expert opinions may support themselves ...
    for kind in (ClaimType.SWORN_STATEMENT, ClaimType.ADMISSION, ClaimType.FINDING, ClaimType.EXPERT_OPINION):
        check_link(_claim(kind), 7, Relation.SUPPORTS, [])
    # ... allegations and news reports may not; they can only be context for themselves.
    for kind in (ClaimType.ALLEGATION, ClaimType.NEWS_REPORT):
        with pytest.raises(EvidenceError, match="not evidence of itself"):
            check_link(_claim(kind), 7, Relation.SUPPORTS, [])
        check_link(_claim(kind), 7, Relation.CONTEXT, [])
        check_link(_claim(kind), 8, Relation.SUPPORTS, [])


def test_claim_warnings():
    contradicted = [Link(1, 1, 3, Relation.CONTRADICTS)]
    assert claim_warnings(_claim(status=ClaimStatus.UNDISPUTED), contradicted, document_date=None) == [
        "marked undisputed but linked to contradicting evidence"]
    assert claim_warnings(_claim(status=ClaimStatus.DISPUTED), contradicted, document_date=None) == []
    late = _claim(event=FuzzyDate.parse("2025-09-01"))
    assert "after the asserting document" in claim_warnings(late, [], document_date="2025-06-02")[0]


def test_issue_outline_numbers_by_parent_and_position():
    issues = [Issue(1, "Merits"), Issue(2, "Remedy", position=1), Issue(3, "Standing", parent_id=1, position=1),
              Issue(4, "Statute", parent_id=1, position=0), Issue(5, "Scope", parent_id=4)]
    assert [(o.number, o.depth, o.issue.title) for o in issue_outline(issues)] == [
        ("1", 0, "Merits"), ("1.1", 1, "Statute"), ("1.1.1", 2, "Scope"), ("1.2", 1, "Standing"), ("2", 0, "Remedy")]


def test_parse_choice_accepts_loose_spellings_and_lists_choices():
    assert parse_choice(ClaimType, "sworn", what="claim type") is ClaimType.SWORN_STATEMENT
    assert parse_choice(ClaimType, "finding", what="claim type") is ClaimType.FINDING
    assert parse_choice(ClaimStatus, "needs_evidence", what="status") is ClaimStatus.NEEDS_EVIDENCE
    with pytest.raises(EvidenceError, match="sworn statement, allegation"):
        parse_choice(ClaimType, "rumour", what="claim type")
