"""`casebook docket`: each docket entry with the filing it links to, or "missing"."""

from __future__ import annotations

import json

from click.testing import CliRunner

from casebook.cli.main import cli
from casebook.core.filing_spec import FilingSpec
from casebook.pdf.filing_writer import write_filing
from casebook.services.resources import resources_root

DEMO = resources_root() / "demo"


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_docket_lists_entries_with_linked_filings_and_missing_ones(tmp_path):
    root = tmp_path / "case"
    run("new", str(root), "--title", "Taxpayer Rights Center v. Treasury")
    assert "No docket entries" in run("--case", str(root), "docket")
    sheet = tmp_path / "docket.html"
    sheet.write_bytes((DEMO / "docket.html").read_bytes())
    order = tmp_path / "order.pdf"
    write_filing(FilingSpec.from_dict(json.loads((DEMO / "filings" / "order.json").read_text(encoding="utf-8"))),
                 order)
    run("--case", str(root), "import", str(sheet), str(order))

    listing = json.loads(run("--case", str(root), "docket", "--json"))
    by_number = {line["number"]: line for line in listing}
    order_line = by_number["45"]
    assert order_line["status"] == "linked" and order_line["date_filed"] == "2025-11-21"
    assert order_line["filing"]["id"] and order_line["filing"]["title"]
    assert by_number["62"]["status"] == "missing" and by_number["62"]["filing"] is None
    assert order_line["short_text"].startswith("ORDER granting in part")

    table = run("--case", str(root), "docket")
    row_45 = next(line for line in table.splitlines() if line.strip().startswith("45 "))
    assert "2025-11-21" in row_45 and f"#{order_line['filing']['id']}" in row_45
    row_62 = next(line for line in table.splitlines() if line.strip().startswith("62 "))
    assert row_62.rstrip().endswith("missing")
    assert "1 linked" in table

    missing = json.loads(run("--case", str(root), "docket", "--missing", "--json"))
    assert {line["number"] for line in missing} == {"1", "9", "38", "44", "62", "63"}
