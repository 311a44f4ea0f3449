"""The bundle builder: start empty, add documents by drag and by Ctrl+B, reorder, describe, preview, save, export."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from casebook.ui.bundle_builder_model import ExhibitListModel

pytest.importorskip("casebook.services.bundles")
DROP = Qt.DropAction.CopyAction


def drop(model, mime, row: int = -1, action=DROP) -> None:
    """What a view does when something is dropped on the exhibit list (before `row`; -1: at the end)."""
    assert model.canDropMimeData(mime, action, row, 0, QModelIndex())
    model.dropMimeData(mime, action, row, 0, QModelIndex())


def wait_for_plan(driver, builder, check) -> None:
    driver.qtbot.waitUntil(lambda: builder.model.plan is not None and check(builder.model.plan), timeout=30_000)


def index_text(path) -> str:
    import pymupdf

    with pymupdf.open(path) as doc:
        page = next(p for p in doc if "Index of Exhibits" in p.get_text())
        return " ".join(unicodedata.normalize("NFKC", page.get_text()).split())


def test_building_a_three_exhibit_bundle_from_empty_and_exporting_it(driver, demo_case, tmp_path):
    documents = driver.open_case(demo_case)
    win = driver.win
    by_kind = {d.kind.value: d for d in documents}
    declaration, order = by_kind["declaration"], by_kind["order"]
    builder = win.exporter.open_bundle()
    assert builder.model.rowCount() == 0 and builder.hint.isVisible() and not builder.export_button.isEnabled()

    # 1. Drag the declaration from the navigator.
    navigator = win.navigator.model
    drop(builder.model, navigator.mimeData([navigator.index_of(declaration.id)]))
    assert builder.model.document_ids() == [declaration.id] and not builder.hint.isVisible()

    # 2. Drag a search hit from another document.
    with driver.qtbot.waitSignal(win.search_panel.resultsShown, timeout=20_000):
        win.search_panel.query_box.setText("taxpayer")
    hits = win.search_panel.model
    row = next(r for r, h in enumerate(hits.hits()) if h.document_id not in (declaration.id, order.id))
    searched = hits.hits()[row].document_id
    drop(builder.model, hits.mimeData([hits.index(row, 0)]))

    # 3. Select the order in the navigator and press Ctrl+B.
    win.activateWindow()
    tree = win.navigator.tree
    tree.setFocus()
    driver.qtbot.waitUntil(lambda: QApplication.focusWidget() is tree, timeout=5_000)
    tree.setCurrentIndex(win.navigator.proxy.mapFromSource(navigator.index_of(order.id)))
    win.add_to_bundle_action.trigger()
    assert builder.model.document_ids() == [declaration.id, searched, order.id]
    win.add_to_bundle_action.trigger()  # a document is an exhibit once
    assert builder.model.rowCount() == 3

    # Reorder by dragging the order to the top; describe it; give the bundle Bates numbers.
    model = builder.model
    drop(model, model.mimeData([model.index(2, 0)]), row=0, action=Qt.DropAction.MoveAction)
    assert model.document_ids() == [order.id, declaration.id, searched]
    assert model.setData(model.index(0, ExhibitListModel.DESCRIPTION), "Order blocking the data sharing")
    builder.bates.setText("TRC")
    wait_for_plan(driver, builder, lambda plan: plan.exhibits[0].description == "Order blocking the data sharing"
                  and plan.bates_prefix == "TRC")
    # The preview's labels, bundle pages and Bates ranges follow the new order.
    assert [model.index(r, 0).data() for r in range(3)] == ["A", "B", "C"]
    pages = order.page_count
    assert model.index(0, ExhibitListModel.BUNDLE_PAGES).data() == (f"1–{pages}" if pages > 1 else "1")
    assert model.index(0, ExhibitListModel.BATES).data().startswith("TRC000001")
    assert model.index(1, ExhibitListModel.BUNDLE_PAGES).data().startswith(str(pages + 1))
    assert builder.view.isColumnHidden(ExhibitListModel.VOLUME)  # the default profile does not split

    with driver.qtbot.waitSignal(builder.exported, timeout=120_000) as blocker:
        builder.export(tmp_path / "bundle.pdf")
    report = blocker.args[0]
    assert report.path.is_file() and report.bates.startswith("TRC")
    text = index_text(report.path)
    first = text.index("A Order blocking the data sharing")
    second = text.index(f"B {' '.join(declaration.title.split())[:30]}")
    assert first < second < text.index(" C ", second)
    builder.close()


def test_saved_bundles_reopen_with_their_exhibits_and_undo(driver, demo_case):
    documents = driver.open_case(demo_case)
    win = driver.win
    builder = win.exporter.open_bundle()
    first, second = documents[0], documents[1]
    builder.add_documents([first.id, second.id])
    model = builder.model
    model.setData(model.index(1, ExhibitListModel.LABEL), "P-7")
    model.setData(model.index(1, ExhibitListModel.DATE), "2025-02-03")
    wait_for_plan(driver, builder, lambda plan: plan.exhibits[1].label == "P-7")
    assert model.index(1, ExhibitListModel.DATE).data() == "2025-02-03"
    # A size cap the two exhibits do not fit under together: the preview shows the volumes.
    builder.max_mb.setValue(0.1)
    wait_for_plan(driver, builder, lambda plan: len(plan.volumes) == 2)
    assert not builder.view.isColumnHidden(ExhibitListModel.VOLUME)
    assert [model.index(r, ExhibitListModel.VOLUME).data() for r in range(2)] == ["Vol. 1 of 2", "Vol. 2 of 2"]
    assert "2 volumes" in builder.status.text()

    with driver.qtbot.waitSignal(builder.bundlesListed, timeout=20_000,
                                 check_params_cb=lambda found: [b.name for b in found] == ["Trial exhibits"]):
        builder.save("Trial exhibits")
    assert builder.saved_box.currentData() == "Trial exhibits"
    driver.qtbot.waitUntil(lambda: "Trial exhibits" in win.undo_action.text(), timeout=10_000)  # Edit → Undo

    model.set_exhibits([])
    with driver.qtbot.waitSignal(model.exhibitsChanged, timeout=10_000):
        builder.open_saved("Trial exhibits")
    assert model.document_ids() == [first.id, second.id]
    assert [e.label for e in model.exhibits()] == ["", "P-7"] and model.exhibits()[1].date == "2025-02-03"
    assert builder.max_mb.value() == 0.1

    with driver.qtbot.waitSignal(builder.bundlesListed, timeout=20_000, check_params_cb=lambda found: found == []):
        win.evidence.undo()
    builder.close()


def test_claims_and_excerpts_drag_their_documents(driver, demo_case):
    driver.open_case(demo_case)
    board = driver.win.claims_board
    driver.qtbot.waitUntil(lambda: board.model.rowCount() > 0 and board.excerpt_model.rowCount() > 0, timeout=20_000)
    claim = board.model.rows()[0]
    from casebook.ui.bundle_builder_actions import claim_documents
    from casebook.ui.claims_models import decode_excerpts
    from casebook.ui.document_drag import decode_documents

    expected = claim_documents(claim)
    assert expected and decode_documents(board.model.mimeData([board.model.index(0, 1)])) == expected
    excerpt_mime = board.excerpt_model.mimeData([board.excerpt_model.index(0, 0)])
    assert decode_excerpts(excerpt_mime)
    assert decode_documents(excerpt_mime) == [board.excerpt_model.rows()[0].document_id]

    builder = driver.win.exporter.open_bundle()
    drop(builder.model, board.model.mimeData([board.model.index(0, 1)]))
    assert builder.model.document_ids() == expected
    builder.close()


def test_redaction_and_timeline_choices_reach_the_definition_and_come_back(driver, demo_case):
    driver.open_case(demo_case)
    builder = driver.win.exporter.open_bundle()
    assert not builder.redact.isChecked() and not builder.timeline.isChecked()
    builder.redact.setChecked(True)
    builder.timeline.setChecked(True)
    definition = builder.definition()
    assert definition.redact and definition.timeline
    builder.redact.setChecked(False)
    builder.timeline.setChecked(False)
    builder.set_definition(definition)
    assert builder.redact.isChecked() and builder.timeline.isChecked()
