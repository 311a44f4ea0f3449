"""A person's metadata edits: validated, audited, indexed, undoable, and never overwritten by analysis or OCR."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.core.documents import DateBasis, DocumentKind, DocumentMetadata
from casebook.core.records import DocumentRecord
from casebook.services import caption as caption_service
from casebook.services import history, metadata
from casebook.services.cases import create_case, open_case
from casebook.services.importing import import_paths
from casebook.store import audit, documents
from casebook.store import metadata as metadata_store
from tests.conftest import needs_tesseract


def filing_spec():
    from casebook.core.filing_spec import FilingSpec

    return FilingSpec.from_dict({
        "kind": "declaration",
        "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["HARBOUR TENANTS UNION,"], "defendants": ["CITY WATER BOARD, et al.,"],
        "case_number": "1:24-cv-04321", "judge_initials": "KLM",
        "title": "DECLARATION OF JONAS VELL",
        "preamble": ["I, Jonas Vell, declare as follows:"],
        "paragraphs": [
            "I manage the billing office of the City Water Board and have done so since 2019.",
            "In January 2024 the Board sent about 4,100 shut-off notices to tenants of the harbour district.",
            "The notices were printed from a list the Board had not checked against its payment records.",
        ],
        "closing": ["I declare under penalty of perjury that the foregoing is true and correct."],
        "signature": ["/s/ Jonas Vell", "Jonas Vell"],
        "ecf_document_number": "23", "filed_date": "2024-03-14",
    })


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    from casebook.pdf.filing_writer import write_filing

    folder = tmp_path_factory.mktemp("metadata-edits")
    write_filing(filing_spec(), folder / "vell-declaration.pdf")
    root = folder / "case"
    with create_case(root, title="Harbour Tenants Union v. City Water Board") as case:
        summary = import_paths(case, [folder / "vell-declaration.pdf"])
    assert not summary.failed, summary.failed
    return root


@pytest.fixture
def case(template, tmp_path):
    root = tmp_path / "case"
    shutil.copytree(template, root)
    store = open_case(root)
    yield store
    store.close()


EDIT = {"title": "Declaration of Jonas Vell (Billing Office)", "short_cite": "Vell Billing Decl.",
        "kind": "declaration", "date": "2024-03-12", "date_basis": "signed"}


def test_an_edit_changes_the_fields_marks_them_set_by_person_audits_and_queues_indexing(case):
    before = documents.get_document(case.db, 1)
    case.db.execute("DELETE FROM outbox")
    edit = metadata.edit_document_metadata(case, 1, {**EDIT, "kind": "order"})
    doc = documents.get_document(case.db, 1)
    assert (doc.title, doc.short_cite, doc.kind, doc.date, doc.date_basis) == (
        EDIT["title"], EDIT["short_cite"], DocumentKind.ORDER, "2024-03-12", DateBasis.SIGNED)
    assert {"title", "short_cite", "kind", "date", "date_basis"} <= doc.person_fields
    assert edit.document == doc
    assert {c.field for c in edit.changes} >= {"title", "short_cite", "kind", "date", "date_basis"}
    entry = audit.entries(case.db)[-1]
    assert entry.action == "document.edit" and entry.target == "document:1"
    assert entry.details["changes"]["title"] == {"old": before.title, "new": EDIT["title"]}
    assert entry.details["changes"]["kind"] == {"old": before.kind.value, "new": "order"}
    assert ("index_document", 1) in case.db.execute("SELECT op, document_id FROM outbox").fetchall()
    fields = {f.field: f for f in metadata.document_fields(doc)}
    assert fields["title"].origin == metadata.SET_BY_PERSON and fields["court"].origin == metadata.EXTRACTED


@pytest.mark.parametrize(("changes", "message"), [
    ({"kind": "memo"}, "not a kind of document"),
    ({"date": "12/03/2024"}, "YYYY-MM-DD"),
    ({"date": "2024-02-30"}, "not a date"),
    ({"date_basis": "stamped"}, "not a date basis"),
    ({"title": "  "}, "title cannot be empty"),
    ({"colour": "red"}, "not a metadata field"),
    ({"ecf": "00516242060 Page 3"}, "appellate document ID"),
])
def test_bad_values_are_refused_and_nothing_changes(case, changes, message):
    before = documents.get_document(case.db, 1)
    entries = len(audit.entries(case.db))
    with pytest.raises(metadata.MetadataError, match=message):
        metadata.edit_document_metadata(case, 1, changes)
    assert documents.get_document(case.db, 1) == before
    assert len(audit.entries(case.db)) == entries


def test_docket_numbers_set_the_case_number_and_clearing_empties_a_field(case):
    metadata.edit_document_metadata(case, 1, {"docket": "1:24-cv-04321-KLM; 1:24-cv-05000-KLM", "court": None,
                                              "ecf": "ECF No. 23-1"})
    doc = documents.get_document(case.db, 1)
    assert doc.docket_numbers == ("1:24-cv-04321-KLM", "1:24-cv-05000-KLM")
    assert doc.case_number == "1:24-cv-04321-KLM" and doc.court is None and doc.ecf_document_number == "23-1"
    assert {"docket_numbers", "case_number", "court", "ecf_document_number"} <= doc.person_fields


def test_undo_restores_the_old_values_and_the_old_person_fields_and_redo_reapplies(case):
    before = documents.get_document(case.db, 1)
    metadata.edit_document_metadata(case, 1, EDIT)
    edited = documents.get_document(case.db, 1)
    undone = history.undo(case)
    assert undone is not None and undone.label.startswith("Edit document 1")
    assert documents.get_document(case.db, 1) == before
    history.redo(case)
    assert documents.get_document(case.db, 1) == edited


def test_undo_is_not_blocked_when_analysis_changed_other_fields_since(case):
    before = documents.get_document(case.db, 1)
    metadata.edit_document_metadata(case, 1, {"title": "Vell declaration"})
    with case.transaction() as db:  # a later re-analysis finds another court
        metadata_store.write_fields(db, 1, {"court": "Superior Court"})
    history.undo(case)
    doc = documents.get_document(case.db, 1)
    assert doc.title == before.title and doc.person_fields == before.person_fields and doc.court == "Superior Court"


def test_reanalysis_restores_analysed_fields_but_never_a_person_set_one(case):
    fresh = documents.get_document(case.db, 1)
    metadata.edit_document_metadata(case, 1, EDIT)
    with case.transaction() as db:  # what an older analysis left: wrong court and ECF number, no docket numbers
        metadata_store.write_fields(db, 1, {"court": "Stale Court", "ecf_document_number": "00516242060",
                                            "case_number": "1903"})
    report = metadata.reanalyse_documents(case)
    doc = documents.get_document(case.db, 1)
    assert (doc.court, doc.ecf_document_number, doc.case_number) == (
        fresh.court, fresh.ecf_document_number, fresh.case_number)
    assert (doc.title, doc.short_cite, doc.kind, doc.date, doc.date_basis) == (
        EDIT["title"], EDIT["short_cite"], DocumentKind.DECLARATION, "2024-03-12", DateBasis.SIGNED)
    changed = report.documents[0].changes
    assert set(changed) >= {"court", "ecf_document_number"} and not set(changed) & doc.person_fields
    assert audit.entries(case.db)[-1].action == "document.reanalyse"
    assert metadata.reanalyse_documents(case).documents[0].changes == {}  # nothing left to change


def test_releasing_a_field_gives_it_back_to_the_analysis(case):
    fresh = documents.get_document(case.db, 1)
    metadata.edit_document_metadata(case, 1, {"court": "Court I typed"})
    metadata.edit_document_metadata(case, 1, release=["court"])
    assert "court" not in documents.get_document(case.db, 1).person_fields
    metadata.reanalyse_documents(case, [1])
    assert documents.get_document(case.db, 1).court == fresh.court


def test_reimporting_the_same_file_keeps_the_person_set_fields(case, template):
    metadata.edit_document_metadata(case, 1, EDIT)
    edited = documents.get_document(case.db, 1)
    summary = import_paths(case, [template.parent / "vell-declaration.pdf"])
    assert not summary.imported and summary.duplicates
    doc = documents.get_document(case.db, 1)
    assert (doc.title, doc.short_cite, doc.kind, doc.date, doc.person_fields) == (
        edited.title, edited.short_cite, edited.kind, edited.date, edited.person_fields)


@needs_tesseract
def test_ocr_redo_all_keeps_person_set_fields(case):
    from casebook.services.ocr import ocr_documents

    metadata.edit_document_metadata(case, 1, EDIT)
    report = ocr_documents(case, [1], mode="redo-all")
    assert report.pages_done == documents.get_document(case.db, 1).page_count
    doc = documents.get_document(case.db, 1)
    assert (doc.title, doc.short_cite, doc.kind, doc.date, doc.date_basis) == (
        EDIT["title"], EDIT["short_cite"], DocumentKind.DECLARATION, "2024-03-12", DateBasis.SIGNED)
    assert not set(report.documents[0].metadata) & doc.person_fields


def _record(**values) -> DocumentRecord:
    base = {"id": 1, "sha256": "0" * 64, "size": 1, "format": "pdf", "kind": DocumentKind.BRIEF,
            "title": "Brief for Appellant", "original_name": "brief.pdf", "imported_at": "2025-01-01",
            "extractor": "test", "page_count": 3, "pages_needing_ocr": 0}
    return DocumentRecord(**{**base, **values})


def test_analysis_moves_an_appellate_id_stored_as_an_ecf_number_unless_a_person_set_it():
    found = DocumentMetadata(title="", kind=DocumentKind.OTHER, appellate_document_id="00516242060",
                             ecf_document_number=None, court="United States Court of Appeals for the Fifth Circuit")
    stale = _record(ecf_document_number="00516242060")
    changes = metadata.analysis_changes(stale, found)
    assert changes["ecf_document_number"] is None and changes["appellate_document_id"] == "00516242060"
    assert "title" not in changes and "kind" not in changes  # an analysis finding nothing keeps them
    kept = metadata.analysis_changes(_record(ecf_document_number="7", person_fields=frozenset({
        "ecf_document_number"})), found)
    assert "ecf_document_number" not in kept


def test_case_caption_is_audited_and_undoable(case):
    assert not caption_service.get_caption(case).is_set
    caption_service.set_caption(case, {"court": "United States District Court for the District of Columbia",
                                       "number": "1:24-cv-04321", "caption": "Harbour Tenants Union v. City Water "
                                       "Board", "filer": "Counsel for Plaintiff"})
    assert caption_service.get_caption(case).caption == "Harbour Tenants Union v. City Water Board"
    assert audit.entries(case.db)[-1].action == "case.caption"
    caption_service.set_caption(case, {"filer": "Counsel for Defendants"})
    history.undo(case)
    assert caption_service.get_caption(case).filer == "Counsel for Plaintiff"
    history.undo(case)
    assert not caption_service.get_caption(case).is_set
    with pytest.raises(Exception, match="not part of a case caption"):
        caption_service.set_caption(case, {"judge": "X"})


def test_undo_is_refused_when_another_window_changed_the_same_field_since(case):
    from casebook.core.errors import CasebookError

    other = open_case(case.layout.root, session="another-window")
    try:
        metadata.edit_document_metadata(case, 1, {"title": "Title from the command line"})
        metadata.edit_document_metadata(other, 1, {"title": "Title from the other window"})
        with pytest.raises(CasebookError, match="changed in another window"):
            history.undo(case)
        assert documents.get_document(case.db, 1).title == "Title from the other window"
        history.undo(other)
        history.undo(case)
        assert "title" not in documents.get_document(case.db, 1).person_fields
    finally:
        other.close()


def test_an_ocr_reading_that_finds_nothing_keeps_what_the_text_layer_gave():
    """OCR (keep_missing) never erases a court, docket or date it misread; it still moves an appellate ID."""
    found = DocumentMetadata(title="Order", kind=DocumentKind.ORDER, court=None, case_number=None,
                             appellate_document_id="00516242060", ecf_document_number=None)
    stored = _record(court="United States Court of Appeals for the Fifth Circuit", case_number="07-30815",
                     document_date="2010-02-05", ecf_document_number="00516242060")
    changes = metadata.analysis_changes(stored, found, keep_missing=True)
    assert "court" not in changes and "case_number" not in changes and "date" not in changes
    assert changes["ecf_document_number"] is None and changes["appellate_document_id"] == "00516242060"
    erased = metadata.analysis_changes(stored, found)  # re-analysis is authoritative: it clears what it no longer finds
    assert erased["court"] is None and erased["case_number"] is None
