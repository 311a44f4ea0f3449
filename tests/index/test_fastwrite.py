"""The fast segment builder writes what Whoosh's own writer writes: same terms, postings, blocks, stored
fields, lengths and columns, read by Whoosh's ordinary reader, and the same search results."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh import query as wquery
from whoosh.analysis import NgramTokenizer, StemmingAnalyzer
from whoosh.codec import default_codec
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions

from casebook.core.documents import DocumentKind
from casebook.core.search import ClaimSource, ExcerptSource
from casebook.index import CaseIndex, fastwrite
from casebook.index.case_index import FORMAT_FILE
from casebook.index.fastwrite import SegmentBuilder, _encoded, supports
from casebook.index.pairs import PAIRS_FIELD
from casebook.index.schema import INDEX_FORMAT, build_schema, claim_unit, excerpt_unit, units_for
from tests.index.conftest import Library, article, make_doc, make_page, standard_library

WORDS = ("affidavit wharf harbor custody invoice ledger sealed cabinet hearing records agency motion deposition "
         "exhibit counsel tribunal subpoena warrant testimony ruling").split()


def _generated_library(documents: int = 150, seed: int = 5) -> Library:
    """Filings whose common words reach well past one posting block (128), with stamps and rare words."""
    rng = random.Random(seed)
    lib = standard_library()
    for n in range(10, 10 + documents):
        pages = []
        for number in range(1, rng.randint(2, 6)):
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 90)))
            body += f" rareword{n}x{number} 47,000 U.S.C. §{n}. Rómo"
            stamp = f"Case 1:25-cv-0{n} Document {n} Filed 03/01/25 Page {number}\n"
            page = make_page(n, number, stamp + body)
            pages.append(replace(page, furniture=((0, len(stamp)),)) if n % 2 else page)
        kind = (DocumentKind.DECLARATION, DocumentKind.ORDER, DocumentKind.MOTION)[n % 3]
        lib.add(make_doc(n, kind=kind, title=f"Filing {n} about the {rng.choice(WORDS)}", pages=len(pages),
                         filed=None if n % 7 == 0 else f"2025-0{1 + n % 9}-1{n % 10}"), pages,
                tuple(rng.sample(["hot", "hot/sworn figures", "Key", "privileged"], n % 3)))
    doc, pages = article(90, [" ".join(rng.choice(WORDS) for _ in range(30)) for _ in range(6)], title="Press")
    lib.add(doc, pages, ("press",))
    return lib


def _item_units():
    claim = ClaimSource(id=3, statement="The agency shared 47,000 records", note="see the ledger",
                        tags=("hot",), claim_type="fact", status="disputed", asserted_by="Dottie Romo",
                        asserted_role="declarant", asserted_aliases=("D. Romo",), issues=("Disclosure",))
    doc = make_doc(1, title="Declaration of Dottie Romo")
    excerpt = ExcerptSource(id=7, document_id=1, start_page=1, start=0, end_page=1, end=30,
                            exact="The IRS disclosed taxpayer data", note="key passage", tags=("hot/sworn",),
                            citation="Romo Decl. 1", links=((3, "supports"),), page_label="1")
    return [claim_unit(claim), excerpt_unit(excerpt, doc)]


def _field_dicts(lib: Library) -> list[dict]:
    units = [u for doc, pages, tags in lib.docs.values() for u in units_for(doc, pages, tags=tags)]
    return [u.fields() for u in units + _item_units()]


def _whoosh_index(folder: Path, schema: Schema, docs: list[dict]):
    folder.mkdir()
    ix = windex.create_in(str(folder), schema)
    with ix.writer() as writer:
        for fields in docs:
            writer.add_document(**fields)
    return ix


def _fast_index(folder: Path, schema: Schema, docs: list[dict], **options):
    folder.mkdir()
    ix = windex.create_in(str(folder), schema)
    builder = SegmentBuilder(ix.storage, ix.schema, default_codec(), ix.indexname, **options)
    for fields in docs:
        builder.add_document(fields)
    segment = builder.finish()
    ix.writer().commit(mergetype=lambda w, segments: [*segments, segment])
    return ix


def _blocks(matcher) -> list[tuple]:
    """Each posting block's header as Whoosh's leaf matcher reads it (count, last id, max weight, lengths)."""
    out = []
    while True:
        out.append((matcher._blocklength, matcher._maxid, matcher._maxweight, matcher._minlength,
                    matcher._maxlength))
        if matcher._lastblock:
            return out
        matcher._next_block()


def _statistics(info) -> tuple:
    """A term's statistics as its term info gives them."""
    return (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight(),
            info.min_id(), info.max_id())


def _postings(matcher) -> list[tuple]:
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return out


def assert_same_index(expected_ix, actual_ix) -> None:
    """Everything Whoosh's writer writes; the `pairs` field only the builder writes (see test_pair_distances)."""
    schema = expected_ix.schema
    with expected_ix.reader() as expected, actual_ix.reader() as actual:
        assert actual.doc_count_all() == expected.doc_count_all()
        assert sorted(set(actual.indexed_field_names()) - {PAIRS_FIELD}) == sorted(expected.indexed_field_names())
        for name, field in schema.items():
            if name == PAIRS_FIELD:
                continue
            assert actual.field_length(name) == expected.field_length(name), name
            if field.scorable and expected.field_length(name):
                assert actual.min_field_length(name) == expected.min_field_length(name)
                assert actual.max_field_length(name) == expected.max_field_length(name)
            for docnum in range(expected.doc_count_all()):
                assert actual.doc_field_length(docnum, name) == expected.doc_field_length(docnum, name)
            assert actual.has_column(name) == expected.has_column(name)
            if expected.has_column(name):
                assert list(actual.column_reader(name)) == list(expected.column_reader(name)), name
            if not field.indexed:
                continue
            terms = list(expected.lexicon(name))
            assert list(actual.lexicon(name)) == terms, name
            for term in terms:
                assert _statistics(actual.term_info(name, term)) == _statistics(expected.term_info(name, term)), \
                    (name, term)
                assert _postings(actual.postings(name, term)) == _postings(expected.postings(name, term))
                assert _blocks(actual.postings(name, term)) == _blocks(expected.postings(name, term)), (name, term)
        for docnum in range(expected.doc_count_all()):
            assert actual.stored_fields(docnum) == expected.stored_fields(docnum)


@pytest.fixture
def generated() -> Library:
    return _generated_library()


@pytest.mark.parametrize("compress_min", [0, fastwrite.COMPRESS_MIN, 10**9])
def test_the_builder_writes_what_whooshs_writer_writes(tmp_path, monkeypatch, generated, compress_min):
    monkeypatch.setattr(fastwrite, "SWEEP_DOCS", 7)  # full blocks encoded mid-way, as in a long build
    monkeypatch.setattr(fastwrite, "EARLY_BLOCK", None)  # only full blocks, as Whoosh's writer writes them
    docs = _field_dicts(generated)
    whoosh_ix = _whoosh_index(tmp_path / "whoosh", build_schema(), docs)
    fast_ix = _fast_index(tmp_path / "fast", build_schema(), docs, compress_min=compress_min)
    with fast_ix.reader() as reader:  # the generated words span several blocks: the block code is exercised
        assert max(reader.doc_frequency("text", w) for w in WORDS) > 3 * 128
    assert_same_index(whoosh_ix, fast_ix)


def test_early_shorter_blocks_hold_the_same_postings(tmp_path, monkeypatch, generated):
    """With EARLY_BLOCK (blocks shorter than the codec's, written as the builder goes, to bound its memory),
    every term's postings, statistics and search results are still those Whoosh's writer gives."""
    monkeypatch.setattr(fastwrite, "SWEEP_DOCS", 7)
    monkeypatch.setattr(fastwrite, "EARLY_BLOCK", 5)
    docs = _field_dicts(generated)
    whoosh_ix = _whoosh_index(tmp_path / "whoosh", build_schema(), docs)
    fast_ix = _fast_index(tmp_path / "fast", build_schema(), docs)
    short = 0
    with whoosh_ix.reader() as expected, fast_ix.reader() as actual:
        for name in expected.indexed_field_names():
            for term in expected.lexicon(name):
                assert _statistics(actual.term_info(name, term)) == _statistics(expected.term_info(name, term)), \
                    (name, term)
                assert _postings(actual.postings(name, term)) == _postings(expected.postings(name, term))
                blocks = _blocks(actual.postings(name, term))
                short += sum(1 for count, *_ in blocks[:-1] if count < 128)
    assert short > 50  # shorter blocks were written, mid-way through terms
    phrase = wquery.Phrase("text", ["sealed", "cabinet"])
    with whoosh_ix.searcher() as expected, fast_ix.searcher() as actual:
        found = sorted(actual.docs_for_query(phrase))
        assert found == sorted(expected.docs_for_query(phrase)) and found


def test_any_field_type_is_written_as_whoosh_writes_it(tmp_path):
    """Fields Casebook may add later (word pairs, n-grams, stems, numbers, flags) take Whoosh's own analysis."""
    schema = build_schema()
    schema.add("shingle", TEXT(analyzer=NgramTokenizer(4, 6), phrase=False))
    schema.add("stemmed", TEXT(analyzer=StemmingAnalyzer(), phrase=True, stored=True))
    schema.add("words", KEYWORD(scorable=True, sortable=True))
    schema.add("count", NUMERIC(stored=True, sortable=True))
    schema.add("sealed", BOOLEAN(stored=True))
    schema.add("path", ID(unique=True, stored=True, field_boost=2.0))
    schema.add("note", STORED())
    rng = random.Random(9)
    docs = []
    for n in range(300):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12)))
        docs.append({"text": words, "shingle": words[:40], "stemmed": f"The {words} were Sealed",
                     "words": words, "count": n % 17, "sealed": n % 2 == 0, "path": f"/case/{n % 50}",
                     "note": {"n": n}, "item": f"document:{n}", "doc": str(n)})
    docs[5]["_boost"] = 2.5
    docs[6]["_text_boost"] = 0.5
    docs[7]["_stored_note"] = "shown instead"
    assert_same_index(_whoosh_index(tmp_path / "whoosh", schema, docs), _fast_index(tmp_path / "fast", schema, docs))


def test_searches_give_the_same_results(tmp_path, generated):
    docs = _field_dicts(generated)
    whoosh_dir, fast_dir = tmp_path / "whoosh", tmp_path / "fast"
    _whoosh_index(whoosh_dir, build_schema(), docs)
    _fast_index(fast_dir, build_schema(), docs)
    for folder in (whoosh_dir, fast_dir):  # the format note CaseIndex.open checks
        (folder / FORMAT_FILE).write_text(json.dumps({"format": INDEX_FORMAT}), encoding="utf-8")
    queries = ["affidavit", "affidavit AND wharf", '"sealed ledger"', "sealed w/3 hearing", "ledg*", "ledgr~",
               "kind:declaration harbor", "wharf NOT affidavit", "rareword12x1", '"47,000"', "romo",
               "tag:hot", "claim", "title:filing", "page:(cabinet AND hearing)", "u.s.c"]
    with CaseIndex.open(whoosh_dir) as want, CaseIndex.open(fast_dir) as got:
        for query in queries:
            for sort in ("relevance", "date"):
                a = want.search(query, sort=sort, limit=200, text_for=generated.text_for)
                b = got.search(query, sort=sort, limit=200, text_for=generated.text_for)
                assert (b.total, b.documents, b.facets, b.hits) == (a.total, a.documents, a.facets, a.hits), query
            assert got.matching_units(query, unit_types=None) == want.matching_units(query, unit_types=None)


def test_positions_are_encoded_as_whooshs_positions_format():
    rng = random.Random(3)
    encode = Positions().encode
    for count in [*range(1, 20), 999, 1000, 1001, 2500]:
        for _ in range(20):
            span = count * 3 + (40_000 if rng.random() < 0.3 else 10)
            positions = sorted(rng.sample(range(span), count))
            assert _encoded(positions) == encode(positions)


def test_an_empty_builder_writes_nothing(tmp_path):
    ix = windex.create_in(str(tmp_path), build_schema())
    before = set(ix.storage.list())
    assert SegmentBuilder(ix.storage, ix.schema, default_codec()).finish() is None
    assert set(ix.storage.list()) == before


def test_fields_needing_whooshs_writer_are_refused():
    schema = build_schema()
    assert supports(schema, default_codec())
    schema.add("vectored", TEXT(vector=True))
    assert not supports(schema, default_codec())
    with pytest.raises(ValueError):
        SegmentBuilder(None, schema, default_codec())


def test_phrases_across_pages_are_found_through_built_segments(tmp_path):
    """The index built by workers (the fast builder) finds a phrase split by a page break, as IndexBatch does."""
    from casebook.index.segments import build_segment

    lib = Library()
    stamp = "Case 1:25-cv-01234 Document 12 Filed 03/01/25 Page {n} of 2\n"
    pages = []
    for number, body in ((1, "The agency kept the withheld records in\n"), (2, "sealed cabinets until the end.\n")):
        text = stamp.format(n=number) + body
        pages.append(replace(make_page(1, number, text), furniture=((0, len(stamp.format(n=number))),)))
    lib.add(make_doc(1, pages=2), pages)
    folder = tmp_path / "index"
    CaseIndex.open(folder).close()
    segment = build_segment(folder, [(doc, pgs, tags) for doc, pgs, tags in lib.docs.values()])
    with CaseIndex.open(folder) as index:
        with index.batch() as batch:
            batch.adopt([segment], [1])
        results = index.search('"records in sealed cabinets"', text_for=lib.text_for)
        assert {(h.page_number, h.paragraph) for h in results.hits} == {(1, None), (2, None)}
