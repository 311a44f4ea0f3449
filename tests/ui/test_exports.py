"""File → Export from the window: reports as Markdown/CSV/JSON, the term report CSV, and the court bundle."""

from __future__ import annotations

import csv
import io
import json

import pytest

from casebook.export.atomic import write_text_atomically
from casebook.ui.exports import REPORT_TITLES, format_for


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_every_report_is_written_in_each_format(driver, demo_case, tmp_path, fmt):
    driver.open_case(demo_case)
    exporter = driver.win.exporter
    titles = [a.text() for a in driver.win.export_menu.actions() if a.text()]
    assert [t.rstrip("…") for t in titles[:4]] == list(REPORT_TITLES.values())
    for name in REPORT_TITLES:
        target = tmp_path / f"{name}.{fmt}"
        with driver.qtbot.waitSignal(exporter.exported, timeout=10_000) as blocker:
            exporter.export_report(name, fmt, target)
        assert blocker.args == [str(target)]
        text = target.read_text(encoding="utf-8")
        if fmt == "json":
            assert isinstance(json.loads(text), list) and json.loads(text)
        elif fmt == "csv":
            assert len(list(csv.reader(io.StringIO(text)))) > 1
        else:
            assert text.strip()
    chart = (tmp_path / f"chart.{fmt}").read_text(encoding="utf-8")
    assert "47,000" in chart
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary files left behind


def test_export_failure_is_reported_readably(driver, demo_case, tmp_path):
    driver.open_case(demo_case)
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x")
    with driver.qtbot.waitSignal(driver.win.exporter.failed, timeout=10_000) as blocker:
        driver.win.exporter.export_report("chart", "md", blocker_file / "chart.md")
    title, message = blocker.args
    assert title == "Exporting the claim chart" and "not-a-folder" in message
    assert driver.win.last_error_box.text() == message


def test_term_report_dialog_runs_and_exports_csv(driver, demo_case, tmp_path):
    driver.open_case(demo_case)
    dialog = driver.win.open_term_report()
    terms = tmp_path / "terms.txt"
    terms.write_text("# agreed terms\ntaxpayer\n\"47,000\"\nkind:\n", encoding="utf-8")
    dialog.load_terms(terms)
    with driver.qtbot.waitSignal(dialog.reportReady, timeout=20_000):
        dialog.run()
    assert dialog.model.rowCount() == 3
    assert [dialog.model.index(r, 0).data() for r in range(3)] == ["taxpayer", '"47,000"', "kind:"]
    assert dialog.model.index(1, 1).data() == 4 and dialog.model.index(2, 1).data() == "—"
    assert "1 could not be searched" in dialog.status.text()
    written = dialog.export_csv(tmp_path / "out" / "report.csv")
    rows = list(csv.DictReader(written.open(encoding="utf-8")))
    assert [r["term"] for r in rows] == ["taxpayer", '"47,000"', "kind:"] and rows[1]["hits"] == "4"
    dialog.close()


def test_bundle_dialog_previews_the_index_and_exports(driver, demo_case, tmp_path):
    pytest.importorskip("casebook.services.bundles")
    documents = driver.open_case(demo_case)
    assert any(a.text() == "Court &Bundle…" for a in driver.win.export_menu.actions())
    dialog = driver.win.exporter.open_bundle()
    assert dialog.model.rowCount() == 0  # the builder starts empty (tests/ui/test_bundle_builder.py adds by drag)
    dialog.add_documents([d.id for d in documents if d.id in (2, 3)])
    dialog.bates.setText("TRC")
    dialog.preview()
    driver.qtbot.waitUntil(lambda: dialog.model.plan is not None and dialog.model.plan.bates_prefix == "TRC",
                           timeout=30_000)
    assert [dialog.model.index(r, 0).data() for r in range(2)] == ["A", "B"]
    assert dialog.model.index(0, 5).data().startswith("TRC")
    with driver.qtbot.waitSignal(dialog.exported, timeout=120_000) as blocker:
        dialog.export(tmp_path / "bundle.pdf")
    report = blocker.args[0]
    assert report.path == tmp_path / "bundle.pdf" and report.path.is_file() and report.pages >= 5
    assert report.bates.startswith("TRC")
    dialog.close()


def test_helpers(tmp_path):
    from pathlib import Path

    assert format_for(Path("x.CSV")) == "csv" and format_for(Path("x"), "JSON (*.json)") == "json"
    assert format_for(Path("x.markdown")) == "md"
    target = write_text_atomically(tmp_path / "a" / "b.md", "text")
    assert target.read_text() == "text" and [p.name for p in target.parent.iterdir()] == ["b.md"]


def test_report_as_word_from_the_window(driver, demo_case, tmp_path):
    import docx

    driver.open_case(demo_case)
    assert format_for(tmp_path / "chart.docx") == "docx"
    target = tmp_path / "chart.docx"
    with driver.qtbot.waitSignal(driver.win.exporter.exported, timeout=10_000) as blocker:
        driver.win.exporter.export_report("chart", "docx", target)
    assert blocker.args == [str(target)]
    assert "47,000" in "\n".join(c.text for r in docx.Document(str(target)).tables[0].rows for c in r.cells)
