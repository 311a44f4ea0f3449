"""Segments are read from the memory map in place: the reader behaves as the BytesIO it replaces."""

from __future__ import annotations

import io
import pickle
import random

import numpy as np
import pytest
from whoosh.filedb import compound

from casebook.index import CaseIndex
from casebook.index.mapped import MappedFile, ViewReader
from tests.index.conftest import make_doc, make_page


@pytest.mark.parametrize("seed", range(20))
def test_the_view_reader_reads_as_bytesio_does(seed):
    rnd = random.Random(seed)
    data = bytes(rnd.choice(b"ab\ncd\x00\xff") for _ in range(rnd.randint(0, 3000)))
    expected, actual = io.BytesIO(data), ViewReader(memoryview(data))
    for _ in range(200):
        op = rnd.choice(("read", "readline", "seek", "tell"))
        if op == "read":
            n = rnd.choice((-1, None, 0, 1, 7, 300, 5000))
            assert actual.read(n) == expected.read(n)
        elif op == "readline":
            n = rnd.choice((-1, 0, 3, 300))
            assert actual.readline(n) == expected.readline(n)
        elif op == "seek":
            whence = rnd.choice((0, 1, 2))
            offset = rnd.randint(0, len(data)) if whence == 0 else rnd.randint(-len(data) // 2, 10)
            if (whence == 1 and expected.tell() + offset < 0) or (whence == 2 and len(data) + offset < 0):
                continue
            assert actual.seek(offset, whence) == expected.seek(offset, whence)
        assert actual.tell() == expected.tell()


def test_pickles_load_from_it_one_after_another():
    objects = [(1, 2.5, b"x" * 300, "line\nbreak"), list(range(1000)), {"a": b"\n\n"}]
    pickled = b"".join(pickle.dumps(o, protocol) for o, protocol in zip(objects, (2, 4, 0), strict=True))
    stream = ViewReader(memoryview(pickled))
    assert [pickle.load(stream) for _ in objects] == objects


def test_an_index_reads_its_segments_in_place(tmp_path):
    assert compound.BufferFile is MappedFile  # installed on importing casebook.index
    ix = CaseIndex.open(tmp_path / "index")
    with ix.batch() as batch:
        batch.add_document(make_doc(1, pages=2), [make_page(1, 1, "sealed records of the agency"),
                                                  make_page(1, 2, "the agency kept sealed records")])
    opened = []
    original = MappedFile.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        opened.append(self)
    MappedFile.__init__ = spy
    try:
        ix.close()
        ix = CaseIndex.open(tmp_path / "index")
        assert ix.search('"sealed records"').total == 2
    finally:
        MappedFile.__init__ = original
        ix.close()
    assert opened and all(isinstance(f.file, ViewReader) for f in opened)


def test_posting_lists_read_in_place_equal_whooshs_matcher(tmp_path, monkeypatch):
    """postings.read takes a word's blocks straight from the mapped segment; the result is what reading
    through Whoosh's block matcher gives, for every word, with and without positions and unit filters."""
    from casebook.index import postings, schema

    monkeypatch.setattr(schema, "POSTING_BLOCK", 8)  # many blocks per word, the last one marked as such
    rnd = random.Random(3)
    words = ["court", "sealed", "records", "agency", "order", "rare"]
    ix = CaseIndex.open(tmp_path / "index")
    with ix.batch() as batch:
        for doc_id in range(1, 40):
            pages = [make_page(doc_id, n, " ".join(rnd.choices(words[:-1], k=rnd.randint(5, 400))))
                     for n in range(1, rnd.randint(2, 5))]
            batch.add_document(make_doc(doc_id, pages=len(pages)), pages)
    searcher = ix._searcher_now()
    checked = 0
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        within = np.arange(0, reader.doc_count_all(), 3)
        for word in words:
            blocks = postings._mapped_blocks(reader, "text", word)
            assert blocks is not None and (word == "rare" or len(blocks) > 3)
            for options in ({}, {"positions": True}, {"positions": True, "within": within}):
                direct = postings.read(reader, "text", word, **options)
                with monkeypatch.context() as patch:
                    patch.setattr(postings, "_mapped_blocks", lambda *args: None)
                    through = postings.read(reader, "text", word, **options)
                for name in ("ids", "weights", "counts", "positions"):
                    a, b = getattr(direct, name), getattr(through, name)
                    assert (a is None and b is None) or np.array_equal(a, b), (word, options, name)
                checked += len(direct)
    assert checked > 1000
    ix.close()
