"""Import behaviour end to end: batches, duplicates, every failure reason, atomicity, cancel and verify."""

from __future__ import annotations

import os
import stat
import zipfile

import pytest

from casebook.core.progress import CancelToken
from casebook.services import documents as document_service
from casebook.services import importing
from casebook.services.importing import import_paths
from casebook.services.verify import verify_case
from casebook.store import documents as document_store

ZERO_PAGE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _encrypted_pdf(path, *, user_pw="secret"):
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Sealed exhibit text", fontname="tiro")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_pw, owner_pw="owner-" + user_pw)
    doc.close()
    return path


def test_folder_import_with_one_bad_file_completes(case, pdf_factory, tmp_path):
    folder = tmp_path / "incoming"
    pdf_factory(["UNITED STATES DISTRICT COURT\n1. The agency sent the records."], folder=folder, name="a.pdf")
    pdf_factory(["A second filing about taxpayer data"], folder=folder / "sub", name="b.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.md").write_text("# Call notes\n\nThe clerk confirmed the hearing date.\n")
    summary = import_paths(case, [folder])
    assert sorted(d.path.rsplit("/", 1)[-1] for d in summary.imported) == ["a.pdf", "b.pdf", "notes.md"]
    assert [(f.reason, f.path.rsplit("/", 1)[-1]) for f in summary.failed] == [("empty", "empty.pdf")]
    assert "empty.pdf" in summary.failed[0].message
    docs = document_service.list_documents(case)
    assert len(docs) == 3
    pages = document_service.get_pages(case, docs[0].id)
    assert "The agency sent the records." in pages[0].text
    assert verify_case(case).ok


def test_reimport_stores_nothing_new_and_records_provenance(case, pdf_factory, tmp_path):
    first = pdf_factory(["Original order text"], name="order.pdf")
    import_paths(case, [first])
    copy = tmp_path / "copy-of-order.pdf"
    copy.write_bytes(first.read_bytes())
    again = import_paths(case, [first, copy])
    assert again.imported == []
    assert [d.new_provenance for d in again.duplicates] == [False, True]
    docs = document_service.list_documents(case)
    assert len(docs) == 1
    assert {p.original_name for p in docs[0].provenance} == {"order.pdf", "copy-of-order.pdf"}
    assert len(list(case.vault.stored_hashes())) == 1
    assert case.db.execute("SELECT count(*) FROM pages").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("name", "content", "reason", "words"),
    [
        ("empty.pdf", b"", "empty", "empty"),
        ("brief.pdf", b"PK\x03\x04" + b"\x00" * 200, "not_pdf", "not a PDF"),
        ("memo.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le"),
         "not_pdf", "Word"),
        ("sheet.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not_pdf", "Office 97-2003 file"),
        ("zero.pdf", ZERO_PAGE_PDF, "zero_pages", "pages"),
        ("broken.pdf", b"%PDF-1.7\n" + os.urandom(64) + b"\n%%EOF", "damaged", "damaged"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "unsupported_type", "PNG"),
    ],
)
def test_each_failure_has_a_specific_reason_naming_the_file(case, tmp_path, name, content, reason, words):
    path = tmp_path / name
    path.write_bytes(content)
    summary = import_paths(case, [path])
    assert summary.imported == []
    (failure,) = summary.failed
    assert failure.reason == reason
    assert name in failure.message
    assert words.lower() in failure.message.lower()
    assert case.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert list(case.vault.stored_hashes()) == []


def test_password_required_then_wrong_then_right(case, tmp_path):
    sealed = _encrypted_pdf(tmp_path / "sealed.pdf")
    (failure,) = import_paths(case, [sealed]).failed
    assert failure.reason == "password_required" and "--password" in failure.message
    (failure,) = import_paths(case, [sealed], password="guess").failed
    assert failure.reason == "wrong_password" and "sealed.pdf" in failure.message
    summary = import_paths(case, [sealed], password="secret")
    assert len(summary.imported) == 1
    doc = document_service.get_document(case, summary.imported[0].document_id)
    assert doc.encrypted
    assert "Sealed exhibit text" in document_service.get_pages(case, doc.id)[0].text


def test_too_large_is_refused_before_anything_is_stored(case, pdf_factory, monkeypatch):
    path = pdf_factory(["Bulky exhibit"])
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    (failure,) = import_paths(case, [path]).failed
    assert failure.reason == "too_large" and path.name in failure.message
    assert list(case.vault.stored_hashes()) == []


def test_missing_path_is_reported(case, tmp_path):
    (failure,) = import_paths(case, [tmp_path / "nowhere.pdf"]).failed
    assert "no such file" in failure.message


def test_a_failure_while_storing_leaves_nothing_half_written(case, pdf_factory, monkeypatch):
    path = pdf_factory(["Page one", "Page two", "Page three"])
    real_append = document_store.audit.append

    def exploding_append(db, action, *args, **kwargs):
        if action == "document.import":
            raise RuntimeError("disk vanished")
        return real_append(db, action, *args, **kwargs)

    monkeypatch.setattr(document_store.audit, "append", exploding_append)
    summary = import_paths(case, [path])
    assert summary.imported == [] and "disk vanished" in summary.failed[0].message
    for table in ("documents", "pages", "provenance", "outbox"):
        assert case.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert list(case.vault.stored_hashes()) == []
    assert verify_case(case).ok


def test_cancel_stops_between_files_and_keeps_whole_documents(case, pdf_factory, tmp_path):
    folder = tmp_path / "many"
    for i in range(5):
        pdf_factory([f"Exhibit {i} page one", f"Exhibit {i} page two"], folder=folder, name=f"ex{i}.pdf")
    token = CancelToken()

    def progress(update):
        if update.done == 2:
            token.cancel()

    summary = import_paths(case, [folder], progress=progress, cancel=token)
    assert summary.cancelled
    assert len(summary.imported) == 2
    assert case.db.execute("SELECT count(*) FROM pages").fetchone()[0] == 4
    assert verify_case(case).ok


def test_import_writes_audit_and_index_outbox_in_the_same_transaction(case, pdf_factory):
    summary = import_paths(case, [pdf_factory(["Order text"])])
    doc_id = summary.imported[0].document_id
    assert case.db.execute("SELECT op, document_id FROM outbox").fetchall() == [("index_document", doc_id)]
    actions = [r[0] for r in case.db.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions == ["case.create", "document.import"]


def test_verify_reports_an_altered_original_and_a_broken_audit_chain(case, pdf_factory):
    summary = import_paths(case, [pdf_factory(["Evidence"])])
    sha = summary.imported[0].sha256
    stored = case.vault.path_for(sha)
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    stored.write_bytes(stored.read_bytes() + b"% appended")
    report = verify_case(case)
    assert not report.ok and any("altered" in p for p in report.problems)


def test_docx_named_as_pdf_says_what_it_looks_like(case, tmp_path):
    path = tmp_path / "motion.pdf"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    (failure,) = import_paths(case, [path]).failed
    assert failure.reason == "not_pdf"
    assert "zip" in failure.message.lower() or "word" in failure.message.lower()
