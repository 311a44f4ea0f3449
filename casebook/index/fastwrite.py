"""A standard Whoosh W3 segment written straight from field values, without Whoosh's posting pool.

Whoosh's `SegmentWriter` sends every posting through a sorting pool (a tuple, a size estimate, an external
sort that spills to disk) and then through `W3PostingsWriter.add_posting` one call at a time; with about 200
postings a page that was most of the indexing time. `SegmentBuilder` takes the same field dicts and writes
the same files: the codec's own per-document writer takes stored fields, field lengths and columns exactly
as `SegmentWriter` feeds it, while postings are gathered per field and term in document order (documents
arrive in docnum order, so only the terms need sorting), encoded as W3 posting blocks here (same block
sizes, headers and term statistics as `W3PostingsWriter`) and listed in the codec's term table through its
field writer. tests/index/test_fastwrite.py compares both writers term by term and block by block.

Differences, all read by Whoosh's ordinary reader (which unpickles and decompresses whatever it finds): a
block's data is pickled with protocol 4, not 2 (see DATA_PROTOCOL); blocks whose pickled data is shorter
than `compress_min` bytes are stored uncompressed (the block header says so); each unit's stored fields are
compressed with a smaller zlib window. Positional text analysed by a bare `RegexTokenizer` (Casebook's
terms arrive already normalised and space-separated) is split and counted here in one pass, with the
positions encoded as the field's format encodes them (`PackedPositions` or Whoosh's `Positions`); any other
field is analysed by Whoosh itself (`field.index`), so a field added to the schema later is written
correctly without changes here. With ARRAY_BLOCKS, a block's id gaps and weights are pickled as arrays
(uint32, float32) rather than tuples: Whoosh iterates and indexes them the same, and
`casebook.index.postings` reads them without a loop.

Memory stays bounded by the segment's encoded size: every SWEEP_DOCS documents, terms with more than a
block of postings have their full blocks encoded, and terms with more than EARLY_BLOCK a shorter block.
"""

from __future__ import annotations

import io
import pickle
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import accumulate, pairwise
from operator import sub
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.analysis.tokenizers import RegexTokenizer
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.fields import UnknownFieldError
from whoosh.formats import Positions
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from casebook.index import pairs
from casebook.index import positions as packed
from casebook.index.pairs import PAIRS_FIELD
from casebook.index.positions import PackedPositions, PackedValues
from casebook.index.postings import PostingArrays

if TYPE_CHECKING:  # Whoosh is untyped: Any to mypy, named for the reader
    from whoosh.fields import FieldType, Schema
    from whoosh.filedb.filestore import Storage

# Pickled block data shorter than this is stored uncompressed: a one-posting block pickles to about 40
# bytes, which zlib makes longer, and starting zlib costs more than encoding the block.
COMPRESS_MIN = 256
# A block's data is read back by `pickle.loads`, which takes any protocol. Protocol 2 (Whoosh's) writes every
# posting value (bytes) as a call to `_codecs.encode` of a latin-1 string; protocol 4 writes the bytes
# themselves: 7x faster to write, 10x faster to read and half the size compressed.
DATA_PROTOCOL = 4
ARRAY_BLOCKS = True  # id gaps and weights as arrays (see the module docstring)
SWEEP_DOCS = 1024  # documents between encodings of full blocks (bounds the postings held as tuples)
# With a number, at each sweep a term holding more than this many postings has them encoded as a block of its
# own, shorter than the codec's 1024 (readers take blocks of any length), which bounds the builder's memory
# by more blocks to read. Measured on a 15,000-page segment: None 344 MB peak, 512 317 MB, 128 283 MB; but
# 128 tripled the blocks of a wildcard's words. The 100,000-page rebuild stays under 1 GB with None.
EARLY_BLOCK: int | None = None
# A block of at least this many variable-length values (positions) keeps them as one `PackedValues` buffer;
# fewer stay a tuple, as Whoosh writes them (the class reference would outweigh a rare word's postings).
PACKED_VALUES_MIN = 16
CACHE_VALUE_CHARS = 256  # values up to this long (ids, titles, dates, tags) are analysed once per builder
CACHE_LIMIT = 20_000
SPACES = r"[^ \t\r\n]+"  # SpaceSeparatedTokenizer's expression

Posting = tuple[int, float, bytes, int]  # docnum, weight, encoded value, field length as the reader sees it
Analysed = tuple[list[tuple[Any, float, bytes]], int]  # (term, weight, value) per term, and the length


def supports(schema: Schema, codec: Any) -> bool:
    """True if `SegmentBuilder` writes this schema with this codec exactly as Whoosh's writer would."""
    if type(codec) is not W3Codec or codec._inlinelimit > 1:
        return False
    return all(not field.vector and not field.separate_spelling() for _, field in schema.items())


class _Block:
    """The statistics `W3TermInfo.add_block` reads from a posting block (and the block header repeats)."""

    __slots__ = ("_count", "_maxid", "_maxlength", "_maxweight", "_minid", "_minlength", "_weights")

    def __init__(self, ids: tuple[int, ...], floats: tuple[float, ...], weights: array,
                 lengths: tuple[int, ...]) -> None:
        self._weights = weights
        self._count = len(ids)
        if 0 in lengths:
            lengths = tuple(n for n in lengths if n)
        self._minlength = min(lengths) if lengths else None
        self._maxlength = max(lengths) if lengths else 0
        top = max(floats)
        self._maxweight = top if top > 0 else 0  # W3PostingsWriter starts from the int 0
        self._minid = ids[0]
        self._maxid = ids[-1]

    def __len__(self) -> int:
        return self._count

    def min_length(self) -> int | None:
        return self._minlength

    def max_length(self) -> int:
        return self._maxlength

    def max_weight(self) -> float:
        return self._maxweight

    def min_id(self) -> int:
        return self._minid

    def max_id(self) -> int:
        return self._maxid


class _Field:
    """How one schema field is written, and the postings gathered for it so far."""

    __slots__ = ("closed", "column", "encode", "field", "fixed", "format_boost", "indexed", "name", "one",
                 "scorable", "stored", "terms", "words")

    def __init__(self, name: str, field: FieldType) -> None:
        self.name = name
        self.field = field
        self.indexed = bool(field.indexed)
        self.scorable = bool(field.scorable)
        self.stored = bool(field.stored)
        self.column = field.column_type or None
        fmt = field.format
        self.words: Callable[[str], list[str]] | None = None
        analyzer: Any = getattr(field, "analyzer", None)
        # Positional text analysed by a bare regex tokenizer: the words are the expression's matches.
        self.encode, self.one = (packed.pack, packed.pack_one) if type(fmt) is PackedPositions else (_encoded, _one)
        if (self.indexed and type(fmt) in (Positions, PackedPositions) and type(analyzer) is RegexTokenizer
                and not analyzer.gaps and analyzer.expression.groups == 0):
            findall = analyzer.expression.findall
            self.words = _space_split(findall) if analyzer.expression.pattern == SPACES else findall
        self.format_boost = fmt.field_boost if fmt is not None else 1.0
        self.fixed = fmt.fixed_value_size() if fmt is not None else None
        # Postings by term: the term as text for fast-path fields (encoded when written), else as bytes.
        self.terms: defaultdict[Any, list[Posting]] = defaultdict(list)
        self.closed: dict[Any, tuple[W3TermInfo, list[bytes]]] = {}  # full blocks already encoded


class SegmentBuilder:
    """Writes one new segment of an index from field dicts (as `IndexWriter.add_document` takes them).

    The segment is not part of the index until a commit lists it (see `IndexBatch.adopt`); files of a
    builder that never finishes are named by no table of contents and deleted at the next commit.
    """

    def __init__(self, storage: Storage, schema: Schema, codec: W3Codec, indexname: str = "MAIN", *,
                 compress_min: int = COMPRESS_MIN) -> None:
        if not supports(schema, codec):
            raise ValueError("this schema or codec needs Whoosh's own writer")
        self.storage = storage
        self.schema = schema
        self.codec = codec
        self.segment = codec.new_segment(storage, indexname)
        self._fields = {name: _Field(name, field) for name, field in schema.items()}
        self._perdoc: Any = None
        self._doccount = 0
        self._compress_min = compress_min
        self._cache: dict[tuple[str, str], Analysed] = {}
        self._items: list[str | None] = []  # each unit's item and base, for the pairs field (casebook.index.pairs)
        self._bases: list[int | None] = []

    @property
    def doc_count(self) -> int:
        return self._doccount

    def add_documents(self, documents: Iterable[Mapping[str, Any]]) -> None:
        for fields in documents:
            self.add_document(fields)

    def add_document(self, fields: Mapping[str, Any]) -> None:
        """Add one document; the same fields, boosts and `_stored_` values `SegmentWriter` accepts."""
        if self._perdoc is None:
            self._perdoc = self.codec.per_document_writer(self.storage, self.segment)
            _compress_stored_quickly(self._perdoc)
        perdoc = self._perdoc
        docnum = self._doccount
        docboost = float(fields["_boost"]) if "_boost" in fields else 1.0
        names = sorted(name for name in fields if not name.startswith("_"))
        for name in names:
            if name not in self._fields:
                raise UnknownFieldError(f"No field named {name!r} in {self.schema}")
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                plan = self._fields[name]
                length = 0
                if plan.indexed:
                    boost_key = f"_{name}_boost"
                    boost = float(fields[boost_key]) if boost_key in fields else docboost
                    length = self._index(plan, value, docnum, boost)
                stored_key = f"_stored_{name}"
                custom = fields.get(stored_key, value)
                perdoc.add_field(name, plan.field, custom if plan.stored else None, length)
                if plan.column is not None and custom is not None:
                    perdoc.add_column_value(name, plan.column, plan.field.to_column_value(custom))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._items.append(fields.get("item"))
        self._bases.append(fields.get("base"))
        self._doccount += 1
        if self._doccount % SWEEP_DOCS == 0:
            self._encode_full_blocks()

    # --- postings -----------------------------------------------------------------------------------

    def _analysed(self, plan: _Field, value: Any) -> Analysed:
        """A short value's terms, weights, encoded values and length, analysed once per builder."""
        key = (plan.name, value)
        found = self._cache.get(key)
        if found is not None:
            return found
        if plan.words is not None:
            positions = _positions(plan.words(value))
            boost = plan.format_boost
            encode = plan.encode
            items = [(word, float(len(where)) * boost, encode(where)) for word, where in positions]
            result = (items, sum(len(where) for _, where in positions) if plan.scorable else 0)
        else:
            analysed = list(plan.field.index(value))
            items = [(term, weight, vbytes if vbytes is not None else b"") for term, _, weight, vbytes in analysed]
            result = (items, sum(freq for _, freq, _, _ in analysed) if plan.scorable else 0)
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = result
        return result

    def _index(self, plan: _Field, value: Any, docnum: int, boost: float) -> int:
        """Gather the postings of one field value; returns the field length (0 if not scorable)."""
        if type(value) is not str:
            items, length = self._analysed_once(plan, value)
            if plan.words is not None:  # this field's terms are kept as text (see _Field.terms)
                items = [(term.decode("utf-8"), weight, vbytes) for term, weight, vbytes in items]
        elif len(value) > CACHE_VALUE_CHARS and plan.words is not None:
            return self._index_words(plan, plan.words(value), docnum, boost)
        else:
            items, length = self._analysed(plan, value)
        # The length a posting carries is the one the per-document reader gives back (a byte's worth).
        seen = byte_to_length(length_to_byte(length)) if length else 0
        terms = plan.terms
        for term, weight, vbytes in items:
            terms[term].append((docnum, weight * boost, vbytes, seen))
        return length

    @staticmethod
    def _analysed_once(plan: _Field, value: Any) -> Analysed:
        analysed = list(plan.field.index(value))  # a list or tuple value: Whoosh's analysis, never cached
        items = [(term, weight, vbytes if vbytes is not None else b"") for term, _, weight, vbytes in analysed]
        return items, (sum(freq for _, freq, _, _ in analysed) if plan.scorable else 0)

    @staticmethod
    def _index_words(plan: _Field, words: list[str], docnum: int, boost: float) -> int:
        """The postings `Positions.word_values` gives for these tokens, gathered in one pass (long text)."""
        first: dict[str, int] = {}
        put = first.setdefault
        again = [(word, position) for position, word in enumerate(words) if put(word, position) != position]
        length = len(words) if plan.scorable else 0
        seen = byte_to_length(length_to_byte(length)) if length else 0
        fboost = plan.format_boost
        terms = plan.terms
        if again:  # words found more than once: all their positions, in order
            repeated: dict[str, list[int]] = {}
            for word, position in again:
                found = repeated.get(word)
                if found is None:
                    repeated[word] = [first[word], position]
                else:
                    found.append(position)
            for word, where in repeated.items():
                del first[word]
                terms[word].append((docnum, (float(len(where)) * fboost) * boost, plan.encode(where), seen))
        single = (1.0 * fboost) * boost
        if len(words) <= ONE_LIMIT:
            one = packed._ONE if plan.encode is packed.pack else _ONE
            for word, at in first.items():
                terms[word].append((docnum, single, one[at], seen))
        else:
            one_of = plan.one
            for word, at in first.items():
                terms[word].append((docnum, single, one_of(at), seen))
        return length

    def _encode_full_blocks(self) -> None:
        """Encode every full block that is not a term's last (a last block is only known at the end), and
        with EARLY_BLOCK the postings of every term holding more than that many as one shorter block."""
        limit = self.codec._blocklimit
        for plan in self._fields.values():
            for term, postings in plan.terms.items():
                while len(postings) > limit:
                    self._close(plan, term, postings[:limit])
                    del postings[:limit]
        if EARLY_BLOCK is None:
            return
        for plan in self._fields.values():
            for term, postings in plan.terms.items():
                if len(postings) > EARLY_BLOCK:
                    # a shorter block, keeping one posting back for the term's last block
                    self._close(plan, term, postings[:-1])
                    del postings[:-1]

    def _close(self, plan: _Field, term: Any, postings: list[Posting]) -> None:
        """Encode postings of a term as a block that is not its last."""
        closed = plan.closed.get(term)
        if closed is None:
            closed = plan.closed[term] = (W3TermInfo(), [])
        closed[1].append(self._block(plan, postings, closed[0], last=False))

    def _block(self, plan: _Field, postings: list[Posting], terminfo: W3TermInfo, *, last: bool) -> bytes:
        """One W3 posting block as `W3PostingsWriter._write_block` writes it, its length first."""
        ids, floats, values, lengths = zip(*postings, strict=True)
        count = len(ids)
        weights = array("f", floats)  # Whoosh keeps weights as 32-bit floats
        block = _Block(ids, floats, weights, lengths)
        terminfo.add_block(block)
        if weights.count(1.0) == count:
            mini_weights: Any = None
        elif weights.count(weights[0]) == count:
            mini_weights = weights[0]
        else:
            mini_weights = weights if ARRAY_BLOCKS else tuple(weights)
        fixed = plan.fixed
        mini_values: Any = None
        if fixed != 0:
            if b"" in values:  # W3PostingsWriter keeps only non-empty values
                values = tuple(v for v in values if v)
            if fixed is not None and fixed >= 0:
                mini_values = b"".join(values)
            else:  # one buffer (read whole by casebook.index.postings), unless few or one is too long
                mini_values = (PackedValues.of(values) if len(values) >= PACKED_VALUES_MIN else None) or values
        gaps = map(sub, ids, (0, *ids[:-1]))
        deltas: Any = array("I", gaps) if ARRAY_BLOCKS else tuple(gaps)
        data = pickle.dumps((deltas, mini_weights, mini_values), DATA_PROTOCOL)
        level = self.codec._compression
        if level and len(data) >= self._compress_min:
            data = zlib.compress(data, level)
        else:
            level = 0
        info = pickle.dumps((count, block._maxid, block._maxweight, level, length_to_byte(block._minlength),
                             length_to_byte(block._maxlength)), 2)
        size = len(info) + len(data)
        return pack_int(-size if last else size) + info + data

    # --- finishing ----------------------------------------------------------------------------------

    def finish(self) -> Any:
        """Write the segment's files and return the segment (None, and nothing written, if no documents)."""
        if self._perdoc is None or not self._doccount:
            self.cancel()
            return None
        self._perdoc.close()
        self._add_pairs()
        writer = self.codec.field_writer(self.storage, self.segment)
        try:
            for name in sorted(self._fields):
                plan = self._fields[name]
                if plan.terms:
                    self._write_field(writer, plan)
        finally:
            writer.close()
        segment = self.segment
        segment.set_doc_count(self._doccount)
        if segment.should_assemble():
            segment.create_compound_file(self.storage)
        return segment

    def _write_field(self, writer: Any, plan: _Field) -> None:
        writer.start_field(plan.name, plan.field)
        postfile = writer._postfile
        add_term = writer._tindex.add
        prefix = pack_ushort(writer._fieldid)
        closed = plan.closed
        limit = self.codec._blocklimit
        text = plan.words is not None
        for term in sorted(plan.terms):
            postings = plan.terms[term]
            if isinstance(postings, _Deferred):
                postings = postings.expand()
            terminfo, blocks = closed.get(term) or (W3TermInfo(), [])
            offset = postfile.tell()
            while len(postings) > limit:
                blocks.append(self._block(plan, postings[:limit], terminfo, last=False))
                del postings[:limit]
            blocks.append(self._block(plan, postings, terminfo, last=True))
            postfile.write(WHOOSH3_HEADER_MAGIC + b"".join(blocks))
            terminfo.set_extent(offset, postfile.tell() - offset)
            add_term(prefix + (term.encode("utf-8") if text else term), terminfo.to_bytes())
        plan.terms = defaultdict(list)
        plan.closed = {}
        writer.finish_field()

    def _add_pairs(self) -> None:
        """The `pairs` field's postings, from the positions of the segment's most frequent words."""
        pairs_plan, text = self._fields.get(PAIRS_FIELD), self._fields.get("text")
        if pairs_plan is None or text is None or text.words is None or type(text.field.format) is not PackedPositions:
            return
        totals: dict[str, float] = {}
        for term, gathered in text.terms.items():
            closed = text.closed.get(term)
            totals[term] = sum(weight for _, weight, _, _ in gathered) + (closed[0]._weight if closed else 0.0)
        words = {word: self._positional_postings(text, word) for word in pairs.frequent(totals, self._doccount)}
        terms: Any = pairs_plan.terms  # a pair term's postings stay arrays until written (_Deferred)
        for term, (units, values) in pairs.pair_postings(self._items, self._bases, words).items():
            terms[term.encode("utf-8")] = _Deferred(units, values)

    def _positional_postings(self, plan: _Field, word: str) -> PostingArrays:
        """A text word's postings gathered so far (blocks already encoded are read back)."""
        ids: list[int] = []
        values: list[bytes] = []
        closed = plan.closed.get(word)
        for block in closed[1] if closed else ():
            stream = io.BytesIO(block)
            stream.seek(4)  # the block's length
            info = pickle.load(stream)
            data = stream.read()
            gaps, _, block_values = pickle.loads(zlib.decompress(data) if info[3] else data)
            ids.extend(accumulate(gaps))
            values.extend(block_values)
        for docnum, _, value, _ in plan.terms.get(word, ()):
            ids.append(docnum)
            values.append(value)
        counts = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) >> 2
        positions = np.frombuffer(b"".join(values), dtype="<u4").astype(np.int64)
        return PostingArrays(np.asarray(ids, dtype=np.int64), np.ones(len(ids)), counts, positions)

    def cancel(self) -> None:
        """Drop what was gathered; files already written are named by no table of contents."""
        if self._perdoc is not None and not self._perdoc.is_closed:
            self._perdoc.close()
        for plan in self._fields.values():
            plan.terms, plan.closed = defaultdict(list), {}


class _Deferred:
    """A term's postings kept as arrays (units, their 2-byte values) until the term is written."""

    __slots__ = ("units", "values")

    def __init__(self, units: Any, values: bytes) -> None:
        self.units = units
        self.values = values

    def expand(self) -> list[Posting]:
        values = self.values
        return [(unit, 1.0, values[2 * i:2 * i + 2], 0) for i, unit in enumerate(self.units.tolist())]


def _compress_stored_quickly(perdoc: Any) -> None:
    """Each unit's stored fields are compressed on their own (a few hundred bytes): zlib with its default
    32 KB window spends more time setting up than compressing. A 4 KB window gives the same stream format,
    which `zlib.decompress` reads as ever."""
    stored = getattr(perdoc, "_colwriters", {}).get("_stored")
    child = getattr(stored, "_child", None)
    if child is not None and hasattr(child, "_compress"):
        child._compress = _small_window_compress


def _small_window_compress(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, 12, 5)
    return compressor.compress(data) + compressor.flush()


def _positions(words: list[str]) -> list[tuple[str, list[int]]]:
    positions: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        positions.setdefault(word, []).append(position)
    return list(positions.items())


def _encoded(positions: list[int]) -> bytes:
    """`Positions.encode`: the count, then the pickled gaps between positions (protocol 2, as pickle
    writes a list of small ints; other lists are left to pickle itself)."""
    count = len(positions)
    if count == 1:
        at = positions[0]
        return _ONE[at] if at < ONE_LIMIT else pack_uint(1) + pickle.dumps(positions, 2)
    deltas = [positions[0]] + [b - a for a, b in pairwise(positions)]
    if count > 1000 or max(deltas) >= ONE_LIMIT:  # pickle batches appends by the thousand
        return pack_uint(count) + pickle.dumps(deltas, 2)
    return b"".join((pack_uint(count), _LIST_START, *[_INT_CODES[d] for d in deltas], _LIST_END))


def _one(at: int) -> bytes:
    return _ONE[at] if at < ONE_LIMIT else _encoded([at])


def _space_split(findall: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """The tokens of SpaceSeparatedTokenizer's expression: `str.split(" ")` where that gives the same."""
    def words(value: str) -> list[str]:
        if (value and value[0] != " " and value[-1] != " " and "  " not in value and "\n" not in value
                and "\t" not in value and "\r" not in value):
            return value.split(" ")
        return findall(value)
    return words


ONE_LIMIT = 8192
_INT_CODES = [pickle.dumps(n, 2)[2:-1] for n in range(ONE_LIMIT)]  # b"K\x05" for 5: an int's pickle code
_LIST_START, _LIST_END = b"\x80\x02]q\x00(", b"e."  # protocol 2, empty list, memo, mark ... appends, stop
_ONE = [pack_uint(1) + pickle.dumps([at], 2) for at in range(ONE_LIMIT)]  # a word found once, by position
