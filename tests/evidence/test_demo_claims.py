"""The demo case ships with the declaration's sworn figures, linked to its paragraphs and the news reports."""

from __future__ import annotations

import json

from click.testing import CliRunner

from casebook.cli.main import cli
from casebook.core.evidence import ClaimType, Relation
from casebook.services import cast, evidence
from casebook.services import documents as document_service
from casebook.services.cases import open_case
from casebook.services.demo_claims import sentences
from casebook.services.reports import claim_chart
from casebook.services.resources import resources_root

DECLARATION_SPEC = resources_root() / "demo" / "filings" / "declaration.json"


def _expected_pin(case, phrase: str) -> str:
    """The pin cite worked out independently: paragraph number from the filing spec, ECF page from the stamp."""
    spec = json.loads(DECLARATION_SPEC.read_text(encoding="utf-8"))
    number = next(i for i, text in enumerate(spec["paragraphs"], start=1) if phrase in text)
    declaration = next(d for d in document_service.list_documents(case) if d.kind.value == "declaration")
    pages = document_service.get_pages(case, declaration.id)
    page = next(p for p in pages if phrase in " ".join(p.text.split()))
    return f"Romo Decl. ¶ {number}; ECF No. {spec['ecf_document_number']} at {page.ecf_page}"


def test_demo_claims_are_present_with_pin_cites_from_the_filing(demo_case_path):
    with open_case(demo_case_path) as case:
        chart = {e.statement: e for e in claim_chart(case)}
        romo = cast.resolve_entity(case, "Dottie Romo")
        assert romo.role == "IRS Chief Risk and Oversight Officer"
        assert cast.get_entity(case, romo.organisation_id).name == "Internal Revenue Service"
        expected = {"47,000 individuals": _expected_pin(case, "47,000 individuals"),
                    "1.2 million": _expected_pin(case, "1.2 million individuals"),
                    "January 23": _expected_pin(case, "On January 23")}
        for phrase, pin in expected.items():
            entry = next(e for s, e in chart.items() if phrase in s)
            assert entry.asserted_by == "Dottie Romo"
            assert entry.claim_type == ClaimType.SWORN_STATEMENT.value
            assert entry.source_cite == pin
            sworn = entry.by_relation(Relation.SUPPORTS)[0]
            assert sworn.cite == pin and phrase.split()[0] in sworn.quote
            assert any(item.cite.startswith("Capitol Ledger ¶") for item in entry.evidence)
            assert any(item.cite.startswith("Plains Public Radio ¶") for item in entry.evidence)
        figure = next(e for s, e in chart.items() if "47,000" in s)
        qualifying = figure.by_relation(Relation.QUALIFIES)
        assert len(qualifying) == 1 and "nearly 50,000" in qualifying[0].quote
        assert qualifying[0].cite.startswith("Capitol Ledger ¶")
        assert not any(e.warnings for e in chart.values())
        assert len(evidence.list_claims(case)) == 3


def test_report_chart_on_the_demo_reads_like_a_brief(demo_case_path):
    result = CliRunner().invoke(cli, ["--case", str(demo_case_path), "report", "chart"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = result.output
    with open_case(demo_case_path) as case:
        pin = _expected_pin(case, "47,000 individuals")
    assert text.startswith("# Claim–evidence chart: Taxpayer Rights Center v. U.S. Department of the Treasury")
    assert f"| undisputed | {pin} |" in text
    assert "- **Qualifies:**" in text and "nearly 50,000 people" in text
    assert "Dottie Romo (IRS Chief Risk and Oversight Officer)" in text
    assert "Traceback" not in text


def test_rebuilding_the_demo_does_not_duplicate_claims(demo_case_path):
    from casebook.services.demo import build_demo

    with open_case(demo_case_path) as case:
        before = len(evidence.list_claims(case)), len(cast.list_entities(case))
    build_demo(demo_case_path)
    with open_case(demo_case_path) as case:
        assert (len(evidence.list_claims(case)), len(cast.list_entities(case))) == before


def test_sentence_splitting_keeps_abbreviations():
    text = "On Jan. 23, the filing says, the IRS wrote to DHS. It was filed in Washington, D.C. Nobody answered."
    assert sentences(text) == ["On Jan. 23, the filing says, the IRS wrote to DHS.",
                               "It was filed in Washington, D.C. Nobody answered."]
