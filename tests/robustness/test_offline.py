"""Nothing goes to the network: import, search, annotation, reports and export run with every socket refused."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from tests.robustness.conftest import bundles_available, export_demo_bundle, run_cli

BUNDLES_READY = bundles_available()


def test_the_tripwire_trips_in_process_and_in_child_processes(network_guard, tmp_path):
    with pytest.raises(AssertionError, match="network connection attempted"):
        socket.create_connection(("127.0.0.1", 9))
    network_guard["attempts"].clear()  # that attempt was this test's own
    child = subprocess.run([sys.executable, "-c", "import socket; socket.getaddrinfo('example.com', 80)"],
                           env=network_guard["env"], capture_output=True, text=True)
    assert child.returncode != 0 and "network connection attempted" in child.stderr
    assert "getaddrinfo" in network_guard["log"].read_text(encoding="utf-8")
    network_guard["log"].unlink()


def test_every_use_case_runs_offline_in_process(network_guard, demo_copy, corpus, tmp_path):
    """Import (demo sources and corpus files), search, excerpt + claim + link, every report, export."""
    from casebook.services import evidence
    from casebook.services.cases import open_case
    from casebook.services.importing import import_paths
    from casebook.services.report_formats import FORMATS, REPORTS, render_report
    from casebook.services.search import reindex, search
    from casebook.services.verify import verify_case

    with open_case(demo_copy) as case:
        summary = import_paths(case, [demo_copy / "demo-sources", corpus / "court_pdfs",
                                     *sorted((corpus / "court_html").glob("*.html"))])
        assert summary.imported and not summary.failed, summary.failed
        assert len(summary.duplicates) >= 6  # the demo's own sources were already in the case
        reindex(case)
        assert search(case, "taxpayer").total > 0
        assert search(case, '"CALVARY CHAPEL"').total > 0  # a corpus filing
        excerpt = evidence.add_excerpt_by_quote(case, 3, "roughly 1.2 million", page=2)
        claim = evidence.add_claim(case, "ICE asked the IRS for about 1.2 million addresses.")
        evidence.link_excerpt(case, claim.id, excerpt.id, "supports")
        for name in REPORTS:
            for fmt in FORMATS:
                assert render_report(case, name, fmt).strip()
        if BUNDLES_READY:
            result = export_demo_bundle(case, tmp_path / "bundle.pdf")
            assert result.path.is_file() and result.pages > 0
        assert verify_case(case).ok


def test_the_command_line_and_its_pdf_worker_run_offline(network_guard, demo_copy, corpus, tmp_path):
    """The same flow through the real `casebook` command; its children get the guard via sitecustomize."""
    env = network_guard["env"]
    case = str(demo_copy)
    run_cli("--case", case, "import", corpus / "court_pdfs" / "doctor_ca7_order_in-re-fedex-ground_17-2400.pdf",
            *sorted((corpus / "court_html").glob("*.html")), env=env)
    hits = json.loads(run_cli("--case", case, "search", "FEDEX", "--json", env=env).stdout)
    assert hits["total"] >= 1
    run_cli("--case", case, "reindex", env=env)
    added = json.loads(run_cli("--case", case, "excerpt", "add", "3", "--quote", "roughly 1.2 million",
                               "--page", "2", "--json", env=env).stdout)
    claim = json.loads(run_cli("--case", case, "claim", "add", "ICE asked for 1.2 million addresses",
                               "--json", env=env).stdout)
    run_cli("--case", case, "claim", "link", claim["id"], added["id"], "--supports", env=env)
    for name in ("chart", "chronology", "cast", "issues"):
        run_cli("--case", case, "report", name, "--out", tmp_path / f"{name}.md", env=env)
        assert (tmp_path / f"{name}.md").stat().st_size > 0
    run_cli("--case", case, "pack", "--out", tmp_path / "case.zip", env=env)
    run_cli("unpack", tmp_path / "case.zip", tmp_path / "unpacked", env=env)
    verified = run_cli("--case", tmp_path / "unpacked", "verify", env=env)
    assert "no problems found" in verified.stdout
    if BUNDLES_READY:
        run_cli("--case", case, "export", "bundle", "--exhibit", "1,2,3", "--date", "2026-02-20",
                "--out", tmp_path / "bundle.pdf", env=env)
        assert (tmp_path / "bundle.pdf").stat().st_size > 0


def test_article_view_refusal_is_covered_by_the_gui_tests():
    """The desktop article view's refusal of remote requests is tested in tests/ui (the GUI helper's tests)."""
    from tests.conftest import REPO

    ui_tests = list((REPO / "tests" / "ui").glob("test_article*.py"))
    if not ui_tests:
        pytest.skip("the GUI tests are not in this tree")
    assert any("remote" in t.read_text(encoding="utf-8").lower() for t in ui_tests)
