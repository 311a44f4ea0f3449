"""Adding, replacing and deleting documents, and comparing the index with the store by fingerprints."""

from __future__ import annotations

import pytest

from casebook.core.documents import DocumentKind
from casebook.core.search import UnitKey
from casebook.index import CaseIndex
from casebook.index.schema import units_for
from tests.index.conftest import article, make_doc, make_page, units


@pytest.fixture
def ix(tmp_path):
    index = CaseIndex.open(tmp_path / "index")
    yield index
    index.close()


def test_units_are_pdf_pages_and_article_paragraphs():
    doc, pages = article(9, ["First paragraph.", "Second paragraph.", "Third."])
    keys = [u.key for u in units_for(doc, pages)]
    assert keys == [UnitKey(9, 1, 1), UnitKey(9, 1, 2), UnitKey(9, 1, 3)]
    texts = [u.text.strip() for u in units_for(doc, pages)]
    assert texts == ["First paragraph.", "Second paragraph.", "Third."]
    pdf = make_doc(1, pages=2)
    assert [u.key for u in units_for(pdf, [make_page(1, 1, "a"), make_page(1, 2, "b")])] == [
        UnitKey(1, 1), UnitKey(1, 2)]


def test_article_text_outside_numbered_paragraphs_stays_searchable(ix):
    from casebook.core.documents import NumberedParagraph

    text = "HEADLINE ABOUT SUBPOENAS\n\nBody paragraph one.\n\nBody paragraph two."
    doc, _ = article(5, ["x"])
    page = make_page(5, 1, text, paragraphs=(NumberedParagraph(1, 26, 45), NumberedParagraph(2, 47, 66)))
    with ix.batch() as batch:
        batch.add_document(doc, [page])
    assert units(ix.search("subpoenas")) == {(5, 1, 1)}
    assert units(ix.search("two")) == {(5, 1, 2)}


def test_add_update_and_delete(ix):
    doc = make_doc(1, pages=2)
    with ix.batch() as batch:
        assert batch.add_document(doc, [make_page(1, 1, "original subpoena"), make_page(1, 2, "second page")]) == 2
    assert ix.doc_count() == 2 and units(ix.search("subpoena")) == {(1, 1, None)}

    # Re-extraction (OCR) replaces every unit of the document, including pages that disappeared.
    with ix.batch() as batch:
        batch.add_document(doc, [make_page(1, 1, "corrected warrant")])
    assert ix.doc_count() == 1
    assert ix.search("subpoena").total == 0 and units(ix.search("warrant")) == {(1, 1, None)}

    with ix.batch() as batch:
        batch.add_document(make_doc(2), [make_page(2, 1, "another warrant")])
        batch.delete_document(1)
        batch.delete_document(99)  # never indexed: nothing happens
    assert units(ix.search("warrant")) == {(2, 1, None)} and ix.document_ids() == {2}


def test_the_same_document_twice_in_one_batch_keeps_the_last(ix):
    doc = make_doc(1)
    with ix.batch() as batch:
        batch.add_document(doc, [make_page(1, 1, "first version")])
        batch.add_document(doc, [make_page(1, 1, "second version")])
        batch.add_document(make_doc(2), [make_page(2, 1, "other version")])
        batch.delete_document(2)
    assert units(ix.search("version")) == {(1, 1, None)}
    assert ix.search("first").total == 0 and ix.doc_count() == 1


def test_a_failed_batch_changes_nothing(ix):
    with ix.batch() as batch:
        batch.add_document(make_doc(1), [make_page(1, 1, "kept")])
    with pytest.raises(RuntimeError), ix.batch() as batch:
        batch.add_document(make_doc(2), [make_page(2, 1, "lost")])
        batch.delete_document(1)
        raise RuntimeError("cancelled")
    assert ix.document_ids() == {1} and ix.search("lost").total == 0
    with ix.batch() as batch:  # the lock was released
        batch.add_document(make_doc(3), [make_page(3, 1, "later")])
    assert ix.document_ids() == {1, 3}


def test_clear_then_add_is_a_rebuild(ix):
    with ix.batch() as batch:
        batch.add_document(make_doc(1), [make_page(1, 1, "old")])
        batch.add_document(make_doc(2), [make_page(2, 1, "old")])
    with ix.batch() as batch:
        batch.clear()
        batch.add_document(make_doc(2), [make_page(2, 1, "new")])
    assert ix.document_ids() == {2} and ix.search("old").total == 0
    ix.clear()
    assert ix.doc_count() == 0 and ix.search("new").total == 0


def test_many_small_batches_then_optimize(ix):
    for i in range(1, 13):
        with ix.batch() as batch:
            batch.add_document(make_doc(i), [make_page(i, 1, f"memorandum number {i}")])
    assert ix.search("memorandum").total == 12
    assert ix.optimize() is True
    assert ix.segment_count() == 1 and ix.search("memorandum").total == 12
    assert ix.optimize() is False  # nothing left to merge


def test_unmerged_chunks_then_optimize(ix):
    for i in range(1, 4):
        with ix.batch(merge=False) as batch:
            batch.add_document(make_doc(i), [make_page(i, 1, f"exhibit {i}")])
    assert ix.segment_count() == 3
    with ix.batch(merge=False) as batch:
        batch.delete_document(2)
    assert ix.optimize() is True
    assert ix.segment_count() == 1 and ix.document_ids() == {1, 3}


def test_a_second_index_object_sees_commits(tmp_path):
    with CaseIndex.open(tmp_path / "ix") as writer_side, CaseIndex.open(tmp_path / "ix") as reader_side:
        assert reader_side.search("warrant").total == 0
        with writer_side.batch() as batch:
            batch.add_document(make_doc(1), [make_page(1, 1, "warrant")])
        assert reader_side.search("warrant").total == 1


def _compare(expected: dict, indexed: dict) -> tuple[set, set, set]:
    missing = set(expected) - set(indexed)
    extra = set(indexed) - set(expected)
    stale = {k for k in set(expected) & set(indexed) if expected[k] != indexed[k]}
    return missing, stale, extra


def test_fingerprints_reveal_missing_stale_and_extra_units(ix):
    doc1 = make_doc(1, pages=2)
    pages1 = [make_page(1, 1, "alpha"), make_page(1, 2, "beta")]
    doc2, pages2 = article(2, ["one", "two"])
    doc3 = make_doc(3)
    pages3 = [make_page(3, 1, "gamma")]
    with ix.batch() as batch:
        batch.add_document(doc1, pages1, tags=["hot"])
        batch.add_document(doc2, pages2)
        batch.add_document(doc3, pages3)

    def expected(*entries) -> dict:
        out = {}
        for doc, pages, tags in entries:
            out.update(CaseIndex.expected_fingerprints(doc, pages, tags=tags))
        return out

    store = expected((doc1, pages1, ["hot"]), (doc2, pages2, []), (doc3, pages3, []))
    assert ix.fingerprints() == store
    assert _compare(store, ix.fingerprints()) == (set(), set(), set())

    # The store changed behind the index's back: a page re-OCR'd, a tag added, a new document, one deleted.
    pages1_ocr = [make_page(1, 1, "alpha"), make_page(1, 2, "beta, corrected")]
    doc4 = make_doc(4)
    store = expected((doc1, pages1_ocr, ["hot"]), (doc2, pages2, ["new-tag"]), (doc4, [make_page(4, 1, "d")], []))
    missing, stale, extra = _compare(store, ix.fingerprints())
    assert missing == {UnitKey(4, 1)}
    assert stale == {UnitKey(1, 2), UnitKey(2, 1, 1), UnitKey(2, 1, 2)}
    assert extra == {UnitKey(3, 1)}

    # A change of title, kind or date makes every unit of the document stale too.
    retitled = make_doc(3, title="Renamed", kind=DocumentKind.EXHIBIT)
    assert CaseIndex.expected_fingerprints(retitled, pages3) != CaseIndex.expected_fingerprints(doc3, pages3)
