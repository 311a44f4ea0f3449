"""Case settings written outside the undo history (the demo mark) still leave an audit entry."""

from __future__ import annotations

from casebook.services.cases import create_case
from casebook.store import audit


def test_a_case_setting_is_written_with_its_audit_entry(tmp_path):
    with create_case(tmp_path / "case", title="Mark") as case:
        before = audit.entry_count(case.db)
        case.mark("demo_case", "1", action="case.demo")
        assert case.meta()["demo_case"] == "1"
        assert audit.entry_count(case.db) == before + 1
        last = audit.entries(case.db)[-1]
        assert (last.action, last.target) == ("case.demo", "case")
        assert audit.verify_chain(case.db) == []
