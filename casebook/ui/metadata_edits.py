"""In-place edits from the inspector (document metadata, claims, excerpts, links), run through the services on
the writer thread."""

from __future__ import annotations

from typing import Any


def install_metadata_editing(window) -> None:
    """Wire a MainWindow's inspector edits to the metadata service, and keep the navigator and inspector current
    after every edit, undo and redo (a document's title or kind may have changed)."""

    def edit(document_id: int, field: str, value: Any) -> None:
        def job(case, **_):
            from casebook.services.metadata import edit_document_metadata

            return edit_document_metadata(case, document_id, {field: value})

        def done(result) -> None:
            window.statusBar().showMessage(
                f"Document {document_id}: {', '.join(c.field for c in result.changes) or 'nothing'} changed", 5000)

        window.evidence.run_edit(f"Edit document {document_id}", job, on_done=done)

    def documents_loaded(_documents: list) -> None:
        item = window.inspector.item
        if item is not None and item[0] == "document":
            window.inspect(*item)
        if window.viewer.view is not None:
            window.navigator.select_document(window.viewer.view.record.id)

    def edit_evidence(kind: str, item_id: int, field: str, value: Any) -> None:
        from casebook.ui.inspector_evidence import apply_evidence_edit, edit_title

        def job(case, **_):
            return apply_evidence_edit(case, kind, item_id, field, value)

        title = edit_title(kind, item_id, field)
        window.evidence.run_edit(title, job, on_done=lambda _result: window.statusBar().showMessage(
            f"{title}: saved (Edit → Undo undoes it)", 5000))

    window.inspector.metadataEdited.connect(edit)
    window.inspector.evidenceEdited.connect(edit_evidence)
    window.evidence.changed.connect(window.refresh_documents)
    window.documentsLoaded.connect(documents_loaded)
