"""Word positions packed as uint32 (`PackedPositions`) and read as arrays (`postings.read`): written alike by
Whoosh's writer and the fast builder, kept by merges, and read whole from any posting list."""

from __future__ import annotations

import pickle
import random
import struct
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as windex
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.formats import Positions

from casebook.core.search import UnitKey
from casebook.index import CaseIndex, postings
from casebook.index.fastwrite import SegmentBuilder
from casebook.index.positions import ONE_LIMIT, PackedPositions, PackedValues, pack, pack_one, unpack
from casebook.index.schema import INDEX_FORMAT, build_schema, index_codec, units_for
from tests.index.conftest import Library, article, make_doc, make_page

WORDS = "court order motion sealed records agency hearing witness counsel exhibit the of".split()
POSITIONAL = ("text", "title", "court")

# --- packing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_positions_round_trip(seed):
    rnd = random.Random(seed)
    span = rnd.choice((50, 9000, 70_000, 2**32))
    count = rnd.choice((1, 2, 7, 500, 5000))
    positions = sorted(rnd.sample(range(span), min(count, span)))
    if seed % 2:
        positions = sorted({0, *positions})  # a word at position 0
    value = pack(positions)
    assert len(value) == 4 * len(positions)
    assert value == struct.pack(f"<{len(positions)}I", *positions)  # little-endian uint32, whatever the machine
    assert unpack(value) == positions
    fmt = PackedPositions()
    assert fmt.decode_positions(value) == positions
    assert fmt.decode_frequency(value) == len(positions)
    assert fmt.decode_weight(value) == len(positions)
    assert fmt.decode_position_boosts(value) == [(p, 1) for p in positions]
    assert fmt.encode(list(reversed(positions))) == value  # encoded ascending


@pytest.mark.parametrize("at", [0, 1, 255, 256, 8191, 8192, 8193, 65535, 65536, 65537, 1_000_000, 2**32 - 1])
def test_a_word_found_once(at):
    assert pack_one(at) == pack([at]) == struct.pack("<I", at)
    assert unpack(pack_one(at)) == [at]
    assert PackedPositions().decode_frequency(pack_one(at)) == 1
    assert at < ONE_LIMIT or len(pack_one(at)) == 4


def test_no_positions_and_boosts():
    fmt = PackedPositions(field_boost=2.5)
    assert pack([]) == b"" and unpack(b"") == []
    assert fmt.decode_frequency(pack([3, 9, 70_000])) == 3
    assert fmt.decode_weight(pack([3, 9, 70_000])) == 7.5
    assert unpack(fmt.combine([pack([1, 9]), pack([4, 9, 70_000]), b""])) == [1, 4, 9, 70_000]


def test_word_values_agree_with_whooshs_positions():
    """Same words, frequencies and weights as Whoosh's `Positions`, and the same positions decoded."""
    rnd = random.Random(4)
    text = " ".join(rnd.choice(WORDS) for _ in range(9000))  # positions past ONE_LIMIT
    analyzer = SpaceSeparatedTokenizer()
    ours = {w: (f, wt, v) for w, f, wt, v in PackedPositions(field_boost=1.5).word_values(text, analyzer)}
    theirs = {w: (f, wt, v) for w, f, wt, v in Positions(field_boost=1.5).word_values(text, analyzer)}
    assert set(ours) == set(theirs) == set(WORDS)
    expected = {w: [i for i, t in enumerate(text.split()) if t == w] for w in WORDS}
    for word, (frequency, weight, value) in ours.items():
        assert (frequency, weight) == theirs[word][:2]
        assert unpack(value) == expected[word] == Positions().decode_positions(theirs[word][2])
        assert PackedPositions(field_boost=1.5).decode_weight(value) == weight


def test_the_schema_packs_positional_fields():
    schema = build_schema()
    for name in POSITIONAL:
        assert type(schema[name].format) is PackedPositions
    assert INDEX_FORMAT == "casebook-index/4"
    assert index_codec()._compression == 0


# --- indexes written by both writers -------------------------------------------------------------------


def _library(documents: int = 130, seed: int = 6) -> Library:
    """Filings and articles whose common words pass several posting blocks, one rare word per page, a long page
    (positions past 65,536) and a word at position 0."""
    rnd = random.Random(seed)
    lib = Library()
    for doc_id in range(1, documents + 1):
        if doc_id % 9 == 0:
            lib.add(*article(doc_id, [" ".join(rnd.choices(WORDS, k=rnd.randint(3, 20))) for _ in range(4)]))
            continue
        pages = []
        for number in range(1, rnd.randint(2, 5)):
            body = f"opening{doc_id} " + " ".join(rnd.choices(WORDS, k=rnd.randint(0, 60))) + f" rare{doc_id}x{number}"
            stamp = f"Case 1:25-cv-{doc_id:05d} Document {doc_id} Filed 03/01/25 Page {number}\n"
            page = make_page(doc_id, number, stamp + body)
            pages.append(replace(page, furniture=((0, len(stamp)),)) if doc_id % 2 else page)
        lib.add(make_doc(doc_id, pages=len(pages), title=f"Order on the {rnd.choice(WORDS)} motion"), pages)
    long_text = " ".join(rnd.choices(WORDS[:4], k=70_000)) + " needle court needle"
    lib.add(make_doc(500, pages=2, title="Long transcript"), [make_page(500, 1, long_text),
                                                              make_page(500, 2, "needle after the break")])
    return lib


def _fields(lib: Library) -> list[dict]:
    return [u.fields() for doc, pages, tags in lib.docs.values() for u in units_for(doc, pages, tags=tags)]


def _whoosh_written(folder: Path, docs: list[dict], codec: W3Codec | None = None):
    folder.mkdir()
    ix = windex.create_in(str(folder), build_schema())
    with ix.writer(codec=codec or index_codec()) as writer:
        for fields in docs:
            writer.add_document(**fields)
    return ix


def _fast_written(folder: Path, docs: list[dict], codec: W3Codec | None = None):
    folder.mkdir()
    ix = windex.create_in(str(folder), build_schema())
    builder = SegmentBuilder(ix.storage, ix.schema, codec or index_codec(), ix.indexname)
    for fields in docs:
        builder.add_document(fields)
    segment = builder.finish()
    ix.writer(codec=codec or index_codec()).commit(mergetype=lambda w, segments: [*segments, segment])
    return ix


def _reference(reader, field: str, word: str) -> tuple[list[int], list[float], list[list[int]]]:
    """A posting list as Whoosh's own matcher reads it, one posting at a time."""
    fmt = reader.schema[field].format
    matcher = reader.postings(field, word)
    ids, weights, positions = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        positions.append(fmt.decode_positions(matcher.value()))
        matcher.next()
    return ids, weights, positions


def _as_lists(found: postings.PostingArrays) -> tuple[list[int], list[float], list[list[int]]]:
    assert found.counts is not None and found.positions is not None
    assert len(found.ids) == len(found.weights) == len(found.counts)
    assert int(found.counts.sum()) == len(found.positions)
    assert found.ids.dtype == np.int64 and found.positions.dtype == np.int64
    ends = np.cumsum(found.counts).tolist()
    starts = [0, *ends][:len(ends)]
    flat = found.positions.tolist()
    return found.ids.tolist(), found.weights.tolist(), [flat[s:e] for s, e in zip(starts, ends, strict=True)]


def _every_term(reader) -> list[tuple[str, str]]:
    return [(field, word) for field in POSITIONAL for word in reader.lexicon(field)]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The same units written by Whoosh's writer and by the fast builder."""
    lib = _library()
    docs = _fields(lib)
    folder = tmp_path_factory.mktemp("packed")
    whoosh_ix, fast_ix = _whoosh_written(folder / "whoosh", docs), _fast_written(folder / "fast", docs)
    with whoosh_ix.reader() as theirs, fast_ix.reader() as ours:
        yield theirs, ours


def test_both_writers_give_the_same_arrays(written):
    theirs, ours = written
    terms = _every_term(theirs)
    assert terms == _every_term(ours)
    assert max(theirs.doc_frequency("text", w) for w in WORDS) > 2 * 128  # several blocks
    for field, word in terms:
        a = postings.read(theirs, field, word, positions=True)
        b = postings.read(ours, field, word, positions=True)
        assert _as_lists(a) == _as_lists(b) == _reference(theirs, field, word), (field, word)
        plain = postings.read(ours, field, word)
        assert plain.counts is None and plain.positions is None
        assert plain.ids.tolist() == a.ids.tolist() and plain.weights.tolist() == a.weights.tolist()


def test_far_positions_are_read_back(written):
    theirs = written[0]
    units = {u: theirs.stored_fields(u) for u in range(theirs.doc_count_all())}
    long_page = next(u for u, f in units.items() if f.get("doc") == "500" and f.get("page") == 1)
    for reader in written:
        needle = postings.read(reader, "text", b"needle", positions=True)
        ids, _, positions = _as_lists(needle)
        assert positions[ids.index(long_page)] == [70_000, 70_002]
        court = _as_lists(postings.read(reader, "text", "court", positions=True))
        at = court[2][court[0].index(long_page)]
        assert at[-1] == 70_001 and len(at) > 10_000  # a posting with many positions
        assert at == sorted(at) and len(set(at)) == len(at)
        opening = _as_lists(postings.read(reader, "text", "opening1", positions=True))
        assert opening[2] == [[0]] * len(opening[0])  # a word at position 0 of its page


def test_a_word_absent_from_the_segment(written):
    for reader in written:
        for word in ("nowhere", b"nowhere", "courtx", ""):
            found = postings.read(reader, "text", word, positions=True)
            assert len(found) == 0 and len(found.ids) == 0 and len(found.positions) == 0
        assert len(postings.read(reader, "title", "nowhere")) == 0


def test_a_word_on_one_page(written):
    for reader in written:
        assert reader.doc_frequency("text", "rare1x1") == 1
        found = _as_lists(postings.read(reader, "text", "rare1x1", positions=True))
        assert found == _reference(reader, "text", "rare1x1")
        assert len(found[0]) == 1 and len(found[2][0]) == 1


def test_any_other_matcher_is_read_posting_by_posting(written):
    """The fallback for matchers that are not W3 block matchers gives what the block reading gives."""
    for reader in written:
        for word in ("court", "needle", "rare1x1", "opening5"):
            expected = _as_lists(postings.read(reader, "text", word, positions=True))
            assert _as_lists(postings._general(reader.postings("text", word), True)) == expected
            plain = postings._general(reader.postings("text", word), False)
            assert plain.positions is None and plain.ids.tolist() == expected[0]


def test_compressed_blocks_are_read_alike(tmp_path):
    """Blocks zlib-compressed (Whoosh's default codec, the index format before 4) read the same."""
    docs = _fields(_library(documents=30))
    whoosh_ix = _whoosh_written(tmp_path / "whoosh", docs, W3Codec())
    fast_ix = _fast_written(tmp_path / "fast", docs, W3Codec())
    with whoosh_ix.reader() as theirs, fast_ix.reader() as ours:
        for word in ("court", "the", "needle", "rare4x1"):
            expected = _reference(theirs, "text", word)
            assert _as_lists(postings.read(theirs, "text", word, positions=True)) == expected
            assert _as_lists(postings.read(ours, "text", word, positions=True)) == expected


def test_fields_without_packed_positions_give_no_positions(written):
    for reader in written:
        assert postings.packed(reader, "text") and not postings.packed(reader, "kind")
        found = postings.read(reader, "kind", "declaration", positions=True)
        assert len(found) == reader.doc_frequency("kind", "declaration") > 0
        assert found.positions is None and found.counts is None
        assert found.ids.tolist() == sorted(found.ids.tolist())


def test_whooshs_own_phrase_and_span_matchers_read_packed_positions(written):
    """Whoosh's phrase and span queries (used for `page:(…)`) decode positions through the format."""
    from whoosh import query as wq
    from whoosh.searching import Searcher

    units = [fields["text"].split(" ") for fields in _fields(_library())]
    rnd = random.Random(1)
    for reader in written:
        searcher = Searcher(reader, closereader=False)
        for _ in range(15):
            a, b = rnd.choice(WORDS), rnd.choice(WORDS)
            expected = {d for d, words in enumerate(units) if any(words[i:i + 2] == [a, b]
                                                                  for i in range(len(words) - 1))}
            assert set(searcher.search(wq.Phrase("text", [a, b]), limit=None).docs()) == expected, (a, b)
            distance = rnd.randint(1, 4)
            near = wq.SpanNear2([wq.Term("text", a), wq.Term("text", b)], slop=distance, ordered=True)
            expected = {d for d, words in enumerate(units)
                        if any(words[i] == a and b in words[i + 1:i + 1 + distance] for i in range(len(words)))}
            assert set(searcher.search(near, limit=None).docs()) == expected, (a, b, distance)
        far = wq.Phrase("text", ["needle", "court", "needle"])
        assert [reader.stored_fields(d)["page"] for d in searcher.search(far, limit=None).docs()] == [1]


# --- merges --------------------------------------------------------------------------------------------


def _by_unit(reader, word: str, field: str = "text") -> dict[tuple, tuple[float, list[int]]]:
    """A word's postings over every live unit of the index, keyed by (item, page, paragraph)."""
    out = {}
    for leaf, _ in reader.leaf_readers():
        ids, weights, positions = _as_lists(postings.read(leaf, field, word, positions=True))
        for unit, weight, at in zip(ids, weights, positions, strict=True):
            if leaf.is_deleted(unit):
                continue
            stored = leaf.stored_fields(unit)
            out[(stored["item"], stored.get("page"), stored.get("paragraph"))] = (weight, at)
    return out


def test_whoosh_merging_segments_keeps_postings(tmp_path):
    """Segments from Whoosh's writer and the fast builder, merged by Whoosh, hold what one writer writes."""
    docs = _fields(_library(documents=40))
    single = _whoosh_written(tmp_path / "single", docs)
    (tmp_path / "merged").mkdir()
    merged = windex.create_in(str(tmp_path / "merged"), build_schema())
    third = len(docs) // 3
    with merged.writer(codec=index_codec()) as writer:
        for fields in docs[:third]:
            writer.add_document(**fields)
    builder = SegmentBuilder(merged.storage, merged.schema, index_codec(), merged.indexname)
    for fields in docs[third:2 * third]:
        builder.add_document(fields)
    segment = builder.finish()
    merged.writer(codec=index_codec()).commit(mergetype=lambda w, segments: [*segments, segment])
    with merged.writer(codec=index_codec()) as writer:
        for fields in docs[2 * third:]:
            writer.add_document(**fields)
    assert len(merged._segments()) == 3
    merged.writer(codec=index_codec()).commit(optimize=True)
    assert len(merged._segments()) == 1
    with single.reader() as want, merged.reader() as got:
        for field, word in _every_term(want):
            assert _as_lists(postings.read(got, field, word, positions=True)) == \
                _as_lists(postings.read(want, field, word, positions=True)), (field, word)


def _phrase_answers(ix: CaseIndex, queries: list[str]) -> list:
    return [(q, ix.matching_units(q), ix.search(q, limit=500).total) for q in queries]


def test_a_case_index_optimized_keeps_phrases_and_positions(tmp_path):
    lib = _library(documents=45, seed=9)
    records = list(lib.docs.values())
    queries = ['"court order"', '"the court"', '"needle court needle"', '"court needle needle after"', '"court court"',
               "court w/2 order", "sealed pre/3 records", '"order the"~2', '"needle after"', "needle w/1 after"]
    with CaseIndex.open(tmp_path / "ix") as ix:
        for start in range(0, len(records), 12):
            with ix.batch(merge=False) as batch:
                for record, pages, tags in records[start:start + 12]:
                    batch.add_document(record, pages, tags=tags)
        with ix.batch(merge=False) as batch:  # replaced and deleted documents: deleted units in old segments
            rnd = random.Random(2)
            for doc_id in (2, 3, 17):
                pages = [make_page(doc_id, 1, "court order " + " ".join(rnd.choices(WORDS, k=30)))]
                lib.add(make_doc(doc_id, title="Replaced"), pages)
                batch.add_document(lib.docs[doc_id][0], pages)
            batch.delete_document(20)
        assert ix.segment_count() >= 4
        before = _phrase_answers(ix, queries)
        assert sum(bool(units) for _, units, _ in before) >= 8
        reader = ix._searcher_now().reader()
        words_before = {w: _by_unit(reader, w) for w in ("court", "order", "needle", "the")}
        # Postings of deleted units are read too (callers drop them).
        assert any(leaf.is_deleted(unit) for leaf, _ in reader.leaf_readers()
                   for unit in postings.read(leaf, "text", "court").ids.tolist())
        assert ix.optimize()
        assert ix.segment_count() == 1
        assert _phrase_answers(ix, queries) == before
        reader = ix._searcher_now().reader()
        assert not reader.has_deletions()
        assert {w: _by_unit(reader, w) for w in words_before} == words_before
        assert ix.matching_units('"needle after"') == {UnitKey(500, 2, None)}
        assert ix.matching_units('"needle needle"') == {UnitKey(500, 1, None), UnitKey(500, 2, None)}
        assert ix.matching_units('"court needle"') == {UnitKey(500, 1, None)}
        assert ix.matching_units('"needle court needle needle after"') == {UnitKey(500, 1, None), UnitKey(500, 2, None)}


@pytest.mark.parametrize("seed", range(6))
def test_packed_values_behave_as_the_tuple_whoosh_writes(seed):
    rnd = random.Random(seed)
    values = tuple(pack(sorted(rnd.sample(range(100_000), rnd.randint(0, 6)))) for _ in range(rnd.randint(0, 40)))
    packed = PackedValues.of(values)
    for found in (packed, pickle.loads(pickle.dumps(packed, 4))):
        assert len(found) == len(values) and tuple(found) == values and found == values
        for i in range(-len(values), len(values)):
            assert found[i] == values[i]
        for start, stop, step in [(0, None, None), (3, None, None), (-2, None, None), (1, 7, 2), (None, None, -1)]:
            assert found[start:stop:step] == values[start:stop:step]
        with pytest.raises(IndexError):
            found[len(values)]
        with pytest.raises(IndexError):
            found[-len(values) - 1]
    assert PackedValues.of([b"x" * 65_535, b""]) is not None
    assert PackedValues.of([b"", b"x" * 65_536]) is None


def test_fast_blocks_keep_a_common_words_positions_in_one_buffer(written):
    theirs, ours = written
    common = max(WORDS[4:], key=lambda w: ours.doc_frequency("text", w))  # not on the long transcript
    for word in WORDS:
        blocks = postings._mapped_blocks(ours, "text", word)
        assert blocks
        for count, _, load in blocks:
            values = load()[2]
            # a tuple, as Whoosh writes, for a short block or one holding a value too long for 2-byte sizes
            # (the long transcript's common words)
            packable = count >= 16 and max(map(len, values)) < 65_536
            assert isinstance(values, PackedValues) == packable
    assert any(isinstance(load()[2], PackedValues) for count, _, load in postings._mapped_blocks(ours, "text", common))
    assert any(not isinstance(load()[2], PackedValues) for word in WORDS[:4]
               for count, _, load in postings._mapped_blocks(ours, "text", word) if count >= 16)
    rare = postings._mapped_blocks(ours, "text", "rare10x1")
    assert rare and isinstance(rare[0][2]()[2], tuple)
    rnd = random.Random(3)
    for word in (common, *WORDS[:6]):
        ids, weights, positions = _reference(theirs, "text", word)
        for share in (0.02, 0.3, 0.9):
            within = np.asarray(sorted(rnd.sample(range(ours.doc_count_all()), int(share * ours.doc_count_all()))))
            keep = [i for i, unit in enumerate(ids) if unit in set(within.tolist())]
            found = _as_lists(postings.read(ours, "text", word, positions=True, within=within))
            assert found == ([ids[i] for i in keep], [weights[i] for i in keep], [positions[i] for i in keep])
