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
