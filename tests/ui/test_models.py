"""Every item model of the app passes pytest-qt's model tester, empty and filled."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt

from casebook.core.documents import OutlineEntry
from casebook.services import documents as document_service
from casebook.services.cases import open_case
from casebook.ui.inspector import PropertyTableModel, document_properties
from casebook.ui.navigator import DocumentIdRole, DocumentTreeModel, SearchTextRole
from casebook.ui.page_images import PageImageService
from casebook.ui.page_panels import OutlineModel, PageRole, ThumbnailListModel


def _demo_documents(path):
    with open_case(path) as case:
        docs = document_service.list_documents(case)
        pages = document_service.get_pages(case, docs[0].id, with_words=False)
        return docs, pages


def test_document_tree_model(qtmodeltester, demo_template):
    docs, _ = _demo_documents(demo_template)
    model = DocumentTreeModel()
    qtmodeltester.check(model)
    model.set_documents(docs)
    qtmodeltester.check(model)
    assert model.rowCount() == 5  # complaint, declaration, order, docket, article groups
    ids = {model.index(r, 0, model.index(g, 0)).data(DocumentIdRole)
           for g in range(model.rowCount()) for r in range(model.rowCount(model.index(g, 0)))}
    assert ids == {d.id for d in docs}
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setRecursiveFilteringEnabled(True)
    proxy.setFilterRole(SearchTextRole)
    proxy.setFilterFixedString("Capitol")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    model.set_documents(docs[:2])
    qtmodeltester.check(model)


def test_outline_model_nests_by_level(qtmodeltester):
    model = OutlineModel()
    qtmodeltester.check(model)
    model.set_outline([OutlineEntry(1, "Introduction", 1), OutlineEntry(2, "Background", 2),
                       OutlineEntry(3, "The agreement", 3), OutlineEntry(2, "Standing", 5),
                       OutlineEntry(1, "Argument", 7), OutlineEntry(3, "Skipped level", 8)])
    qtmodeltester.check(model)
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert top == ["Introduction", "Argument"]
    intro = model.index(0, 0)
    assert [model.index(r, 0, intro).data() for r in range(model.rowCount(intro))] == ["Background", "Standing"]
    deep = model.index(0, 0, model.index(0, 0, intro))
    assert deep.data() == "The agreement" and deep.data(PageRole) == 3
    assert model.parent(deep).data() == "Background"


def test_thumbnail_model(qtmodeltester, qtbot, demo_template):
    docs, pages = _demo_documents(demo_template)
    images = PageImageService()
    try:
        model = ThumbnailListModel(images)
        qtmodeltester.check(model)
        with open_case(demo_template) as case:
            from casebook.services.viewing import original_path

            path = original_path(case, docs[0].id)
        model.set_document(docs[0].id, path, pages)
        qtmodeltester.check(model)
        assert model.rowCount() == len(pages)
        # Asking for a decoration queues a render; the model announces the new image when it lands.
        with qtbot.waitSignal(model.dataChanged, timeout=10_000):
            model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
        image = model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
        assert image.width() > 50 and not image.isNull()
    finally:
        images.shutdown()


def test_property_table_model(qtmodeltester, demo_template):
    docs, _ = _demo_documents(demo_template)
    model = PropertyTableModel()
    qtmodeltester.check(model)
    model.set_rows(document_properties(docs[0]))
    qtmodeltester.check(model)
    assert ("SHA-256", docs[0].sha256) in model.rows()


def _board(path):
    from casebook.services.ui_support import evidence_board

    with open_case(path) as case:
        return evidence_board(case)


def test_claim_table_model_proxy_and_drop(qtmodeltester, demo_template):
    from casebook.core.evidence import ClaimStatus
    from casebook.ui.claims_models import ClaimFilterProxy, ClaimIdRole, ClaimTableModel, encode_excerpts

    board = _board(demo_template)
    model = ClaimTableModel()
    qtmodeltester.check(model)
    model.set_rows(board.claims)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data(ClaimIdRole) for r in range(model.rowCount())] == [1, 2, 3]
    assert [model.index(0, c).data() for c in (5, 6, 7, 8)] == [3, 0, 1, 0]
    proxy = ClaimFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filters(issue_id=2, status=None)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(ClaimIdRole) == 1
    proxy.set_filters(issue_id=None, status="needs evidence")
    assert [proxy.index(r, 0).data(ClaimIdRole) for r in range(proxy.rowCount())] == [3]
    dropped = []
    model.excerptsDropped.connect(lambda claim_id, ids: dropped.append((claim_id, ids)))
    assert model.canDropMimeData(encode_excerpts([7, 9]), Qt.DropAction.CopyAction, -1, -1, model.index(1, 0))
    model.dropMimeData(encode_excerpts([7, 9]), Qt.DropAction.CopyAction, -1, -1, model.index(1, 0))
    assert dropped == [(2, [7, 9])]
    edited = []
    model.claimEdited.connect(lambda claim_id, change: edited.append((claim_id, change)))
    assert not model.setData(model.index(0, 3), "someone else")  # only statement and status are editable
    assert not model.setData(model.index(0, ClaimTableModel.STATUS), "maybe")
    assert model.setData(model.index(0, ClaimTableModel.STATUS), "disputed")
    assert edited[0][0] == 1 and edited[0][1] == {"status": ClaimStatus.DISPUTED}
    qtmodeltester.check(model)


def test_excerpt_models_and_drag_data(qtmodeltester, demo_template):
    from casebook.ui.claims_models import ExcerptIdRole, ExcerptListModel, LinkedExcerptModel, decode_excerpts

    board = _board(demo_template)
    linked = LinkedExcerptModel()
    qtmodeltester.check(linked)
    linked.set_rows(board.claims[0].evidence)
    qtmodeltester.check(linked)
    assert [linked.index(r, 0).data() for r in range(linked.rowCount())] == \
        ["supports", "supports", "supports", "qualifies"]
    everything = ExcerptListModel()
    everything.set_rows(board.excerpts)
    qtmodeltester.check(everything)
    assert everything.rowCount() == 10
    indexes = [everything.index(0, 0), everything.index(0, 1), everything.index(3, 0)]
    ids = decode_excerpts(everything.mimeData(indexes))
    assert ids == [everything.index(0, 0).data(ExcerptIdRole), everything.index(3, 0).data(ExcerptIdRole)]
    assert everything.flags(everything.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_search_result_and_term_report_models(qtmodeltester, demo_template):
    from casebook.services.term_report import term_report
    from casebook.services.ui_support import IndexReader
    from casebook.ui.search_models import HitRole, HtmlRole, SearchResultModel, TermReportModel

    reader = IndexReader()
    with open_case(demo_template) as case:
        results = reader.search(case, "taxpayer", limit=10)
        more = reader.search(case, "taxpayer", limit=10, offset=10)
        rows = term_report(case, ["taxpayer", "Romo", "kind:"])
    reader.close()
    model = SearchResultModel()
    qtmodeltester.check(model)
    model.set_hits(results.hits)
    model.append_hits(more.hits)
    qtmodeltester.check(model)
    assert model.rowCount() == 20 and model.index(19, 0).data(HitRole) == more.hits[-1]
    assert "<span" in model.index(0, 0).data(HtmlRole)
    table = TermReportModel()
    qtmodeltester.check(table)
    table.set_rows(rows)
    qtmodeltester.check(table)
    # The term report counts page hits (claims and excerpts are not pages of the record).
    assert table.index(0, 1).data() == results.facets["type"]["page"] and table.index(2, 1).data() == "—"
    assert "needs a value" in table.index(2, 5).data()


def test_bundle_index_model(qtmodeltester, demo_template):
    import pytest

    pytest.importorskip("casebook.services.bundles")
    from casebook.core.bundles import BundleDefinition, ExhibitChoice
    from casebook.services.bundles import plan_bundle
    from casebook.ui.bundle_dialog import BundleIndexModel

    with open_case(demo_template) as case:
        plan = plan_bundle(case, BundleDefinition(exhibits=(ExhibitChoice(3), ExhibitChoice(2)),
                                                  bates_prefix="TRC", include_chart=False))
    model = BundleIndexModel()
    qtmodeltester.check(model)
    model.set_plan(plan)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["A", "B"]
    assert model.index(0, 5).data() == "TRC000001–TRC000003"
