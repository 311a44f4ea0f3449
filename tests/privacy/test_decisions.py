"""Deciding findings: one by one and in bulk, exemptions with reasons, undo, manual redactions, and re-anchoring."""

from __future__ import annotations

import pytest

from casebook.core.errors import CasebookError
from casebook.services import history
from casebook.services import privacy as privacy_service
from casebook.store.privacy import ACCEPTED, EXEMPT, PENDING, REJECTED
from tests.privacy.conftest import EXPECTED, import_one, make_filing, needs_tesseract


@pytest.fixture
def scanned(new_case, tmp_path):
    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "decl.pdf"))
    privacy_service.scan_documents(case, [doc])
    return case, doc


def _by_text(case):
    return {" ".join(f.text.split()): f for f in privacy_service.list_findings(case)}


def test_decisions_one_by_one_in_bulk_and_undo(scanned):
    case, _doc = scanned
    found = _by_text(case)
    ssn, ein = found["123-45-6789"], found["98-7654321"]
    privacy_service.decide(case, [ssn.id], "accept")
    privacy_service.decide(case, [ein.id], "reject")
    assert privacy_service.get_finding(case, ssn.id).status == ACCEPTED
    assert privacy_service.get_finding(case, ein.id).status == REJECTED
    with pytest.raises(CasebookError, match="reason"):
        privacy_service.decide(case, [ein.id], "exempt")
    privacy_service.decide(case, [ein.id], "exempt", reason="5.2(b)(1): the last four digits of an EIN")
    assert privacy_service.get_finding(case, ein.id).status == EXEMPT
    history.undo(case)
    assert privacy_service.get_finding(case, ein.id).status == REJECTED
    history.redo(case)
    assert privacy_service.get_finding(case, ein.id).reason.startswith("5.2(b)(1)")
    done = privacy_service.decide_all(case, "accept")
    assert len(done) == len(EXPECTED) - 2
    assert not privacy_service.list_findings(case, status=PENDING)
    history.undo(case)
    assert len(privacy_service.list_findings(case, status=PENDING)) == len(EXPECTED) - 2
    actions = [e.action for e in case_audit(case)]
    assert "privacy.accept" in actions and "privacy.exempt" in actions and "privacy.scan" in actions


def case_audit(case):
    from casebook.services.documents import audit_trail

    return audit_trail(case)


def test_audit_never_holds_the_redacted_text(scanned):
    case, _doc = scanned
    privacy_service.decide_all(case, "accept")
    rows = case.db.execute("SELECT details FROM audit_log WHERE action LIKE 'privacy.%'").fetchall()
    assert rows and not any("123-45-6789" in r[0] for r in rows)


def test_rescan_keeps_decisions_and_adds_nothing(scanned):
    case, doc = scanned
    privacy_service.decide_all(case, "accept")
    report = privacy_service.scan_documents(case, [doc])
    assert report.new == 0 and report.kept == len(EXPECTED)
    assert len(privacy_service.list_findings(case, status=ACCEPTED)) == len(EXPECTED)


def test_decisions_follow_the_text_when_it_changes(scanned):
    case, doc = scanned
    ssn = _by_text(case)["123-45-6789"]
    privacy_service.decide(case, [ssn.id], "accept")
    # A re-extraction put a new line in front of everything on page 1.
    with case.transaction() as db:
        db.execute("UPDATE pages SET text = 'A new first line from a re-extraction.\n' || text, furniture = '[]' "
                   "WHERE document_id = ? AND number = 1", [doc])
    report = privacy_service.scan_documents(case, [doc])
    assert report.new == 0 and report.moved == len(EXPECTED)
    moved = privacy_service.get_finding(case, ssn.id)
    assert moved.status == ACCEPTED and moved.start == ssn.start + len("A new first line from a re-extraction.\n")
    page_text = case.db.execute("SELECT text FROM pages WHERE document_id = ? AND number = 1", [doc]).fetchone()[0]
    assert page_text[moved.start:moved.end] == "123-45-6789"


@needs_tesseract
def test_decisions_survive_ocr(new_case, tmp_path):
    from casebook.services.ocr import ocr_documents

    case = new_case()
    doc = import_one(case, make_filing(tmp_path / "scan.pdf", scanned=True), ocr=True)
    privacy_service.scan_documents(case, [doc])
    privacy_service.decide_all(case, "accept")
    ocr_documents(case, [doc], mode="redo-all")
    report = privacy_service.scan_documents(case, [doc])
    assert report.new == 0
    assert {f.status for f in privacy_service.list_findings(case)} == {ACCEPTED}


def test_manual_redaction_by_text_and_by_box(scanned):
    case, doc = scanned
    by_text = privacy_service.add_manual(case, doc, 2, text="Dottie Romo")
    assert (by_text.status, by_text.replacement, by_text.origin) == (ACCEPTED, "D.R.", "manual")
    by_box = privacy_service.add_manual(case, doc, 1, box=(60.0, 700.0, 300.0, 760.0))
    assert by_box.box == (60.0, 700.0, 300.0, 760.0)
    with pytest.raises(CasebookError, match="not on page"):
        privacy_service.add_manual(case, doc, 1, text="no such words here")
    history.undo(case)
    with pytest.raises(CasebookError):
        privacy_service.get_finding(case, by_box.id)
    specs = privacy_service.redaction_specs(case, doc)
    assert [s.text for s in specs] == ["Dottie Romo"]


def test_an_accepted_finding_lost_from_the_text_stops_a_redacted_export(scanned):
    case, doc = scanned
    ssn = _by_text(case)["123-45-6789"]
    privacy_service.decide(case, [ssn.id], "accept")
    with case.transaction() as db:
        db.execute("UPDATE pages SET text = replace(text, '123-45-6789', 'l23-4S-67B9') WHERE document_id = ?", [doc])
    with pytest.raises(CasebookError, match=ssn.identifier):
        privacy_service.redaction_specs(case, doc)
    assert not privacy_service.get_finding(case, ssn.id).anchored
