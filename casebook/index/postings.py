"""A word's posting list in one segment as arrays: unit numbers, weights and word positions, read block by block.

Whoosh's block matcher decodes one posting per Python call; here each W3 block's pickled data is turned into
arrays whole: id gaps and weights are arrays already in segments written by `casebook.index.fastwrite` (and
cheap to convert where Whoosh wrote tuples), and the positions of `PackedPositions` values join into one
buffer. Deleted units are included: callers drop them.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import compress
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from casebook.index.positions import PackedPositions, PackedValues

if TYPE_CHECKING:  # Whoosh is untyped: Any to mypy, named for the reader
    from whoosh.reading import IndexReader

EMPTY = np.zeros(0, dtype=np.int64)
_U4 = np.dtype("<u4")
_U2 = np.dtype("<u2")
_BLOCK_LENGTH = struct.Struct("!i")  # Whoosh's block length: negative for a term's last block
_HEADER_WINDOW = 256  # a block's pickled header is about 40 bytes


@dataclass(frozen=True)
class PostingArrays:
    """One word's postings in one segment, in unit order."""

    ids: np.ndarray  # int64, ascending segment-local unit numbers
    weights: np.ndarray  # float64: Whoosh's stored weight (the word's frequency times boosts)
    counts: np.ndarray | None = None  # int64 positions per posting (positional fields)
    positions: np.ndarray | None = None  # int64 unit-local word positions, posting after posting
    values: np.ndarray | None = None  # uint8 (postings, size): fixed-size values, when asked for

    def __len__(self) -> int:
        return len(self.ids)


NOTHING = PostingArrays(EMPTY, np.zeros(0), EMPTY, EMPTY)


def _matcher(reader: IndexReader, field: str, text: str | bytes) -> Any:
    try:
        matcher = reader.postings(field, text)
    except (TermNotFound, KeyError):
        return None
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def packed(reader: IndexReader, field: str) -> bool:
    """True if the field's positions are `PackedPositions` values (read here without decoding each)."""
    return type(reader.schema[field].format) is PackedPositions


def read_fixed(reader: IndexReader, field: str, text: str | bytes, size: int) -> PostingArrays:
    """A word's postings with their fixed-size values (`size` bytes each) as a uint8 (postings, size) array."""
    ids: list[np.ndarray] = []
    blobs: list[bytes] = []
    blocks = _blocks(reader, field, text)
    if isinstance(blocks, list | Iterator):
        for _, _, load in blocks:
            gaps, _, blob = load()
            ids.append(np.cumsum(_ints(gaps), dtype=np.int64))
            blobs.append(blob)
    elif blocks is not None:  # another matcher: one posting at a time
        found_ids: list[int] = []
        while blocks.is_active():
            found_ids.append(blocks.id())
            blobs.append(blocks.value())
            blocks.next()
        ids.append(np.asarray(found_ids, dtype=np.int64))
    found = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(-1, size)
    all_ids = np.concatenate(ids) if ids else EMPTY
    return PostingArrays(all_ids, np.ones(len(all_ids)), values=found)


def _blocks(reader: IndexReader, field: str, text: str | bytes, info: bytes | None = None
            ) -> list[Block] | Iterator[Block] | Any:
    """A word's W3 blocks, read in place where the segment is memory-mapped, else through Whoosh's block
    matcher; another kind of matcher itself (read posting by posting); None if the word is absent."""
    mapped = _mapped_blocks(reader, field, text, info)
    if mapped is not None:
        return mapped
    matcher = _matcher(reader, field, text)
    if matcher is None:
        return None
    if not all(hasattr(matcher, a) for a in ("_read_data", "_next_block", "_data", "_byteids", "_blocklength")) \
            or matcher._byteids:
        return matcher
    return _matcher_blocks(matcher)


def read(reader: IndexReader, field: str, text: str | bytes, *, positions: bool = False,
         within: np.ndarray | None = None, info: bytes | None = None) -> PostingArrays:
    """The word's postings in this segment (with positions if asked, for a `PackedPositions` field); with
    `within` (sorted unit numbers) only those units' postings, skipping blocks that hold none of them.
    `info`: the word's stored term info, when already looked up (`term_table`)."""
    positions = positions and packed(reader, field)
    blocks = _blocks(reader, field, text, info)
    if blocks is None:
        return NOTHING
    if not isinstance(blocks, list | Iterator):
        return _only(_general(blocks, positions), within)
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    values: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    previous_max = -1
    for n, block_max, load in blocks:
        if within is not None:
            j = int(np.searchsorted(within, previous_max, side="right"))
            if j >= len(within):
                break
            previous_max = block_max
            if within[j] > block_max:  # no wanted unit in this block
                continue
        gaps, block_weights, block_values = load()
        block_ids = np.cumsum(_ints(gaps), dtype=np.int64)
        wanted = None
        if within is not None:
            wanted = holds(within, block_ids)
            block_ids = block_ids[wanted]
        ids.append(block_ids)
        if block_weights is None:
            found_weights = np.ones(n)
        elif isinstance(block_weights, float):
            found_weights = np.full(n, block_weights)
        elif isinstance(block_weights, array):
            found_weights = np.frombuffer(block_weights, dtype=np.float32 if block_weights.itemsize == 4
                                          else np.float64).astype(np.float64)
        else:
            found_weights = np.asarray(block_weights, dtype=np.float32).astype(np.float64)
        weights.append(found_weights if wanted is None else found_weights[wanted])
        if positions:
            if isinstance(block_values, PackedValues):  # one buffer: no bytes object per posting
                block_positions = np.frombuffer(block_values.buffer, dtype=_U4)
                block_counts = np.frombuffer(block_values.sizes, dtype=_U2).astype(np.int64) >> 2
                if wanted is not None:
                    block_positions = block_positions[np.repeat(wanted, block_counts)]
                    block_counts = block_counts[wanted]
            else:
                if wanted is not None:
                    block_values = list(compress(block_values, wanted.tolist()))
                block_positions = np.frombuffer(b"".join(block_values), dtype=_U4)
                block_counts = np.fromiter(map(len, block_values), dtype=np.int64, count=len(block_values)) >> 2
            values.append(block_positions)
            counts.append(block_counts)
    if not ids:
        return NOTHING
    found_ids = np.concatenate(ids)
    found_weights = np.concatenate(weights)
    if not positions:
        return PostingArrays(found_ids, found_weights)
    found = np.concatenate(values).astype(np.int64)
    return PostingArrays(found_ids, found_weights, np.concatenate(counts), found)


Block = tuple[int, int, Callable[[], Any]]  # postings in the block, its last unit, its data (read on demand)


def _matcher_blocks(matcher: Any) -> Iterator[Block]:
    """The blocks of Whoosh's W3 block matcher."""
    def load() -> Any:
        if matcher._data is None:
            matcher._read_data()
        return matcher._data
    while matcher.is_active():
        yield matcher._blocklength, matcher._maxid, load
        matcher._next_block()


def term_table(reader: IndexReader, field: str, initial: str, limit: int) -> dict[str, bytes] | None:
    """The segment's words in `field` that start with `initial`, each with its term info as stored (see
    `extent`), read in one walk of the ordered term index; None if the segment's terms are not stored that
    way, or past `limit` words. A wildcard's or fuzzy term's words are looked up here: Whoosh's hashed lookup
    of each, in every segment and again for its document frequency, cost as much as reading their postings."""
    terms: Any = getattr(reader, "_terms", None)
    index = getattr(terms, "_tindex", None)
    if index is None or not all(hasattr(index, a) for a in ("ranges_from", "dbfile")) \
            or not hasattr(terms, "_keycoder"):
        return None
    start = terms._keycoder(field, initial.encode("utf-8"))
    get = index.dbfile.get
    table: dict[str, bytes] = {}
    for keypos, keylen, datapos, datalen in index.ranges_from(start):
        key = get(keypos, keylen)
        if not key.startswith(start):
            break
        if len(table) >= limit:
            return None
        table[key[2:].decode("utf-8")] = get(datapos, datalen)  # the key's first two bytes number the field
    return table


_TERM_INFO = struct.Struct("!BfIBBfII")  # W3TermInfo: inlined?, weight, document frequency, lengths, …
_TERM_EXTENT = struct.Struct("!qi")  # … then, for postings in the postings file, their offset and length


def doc_frequency(info: bytes) -> int:
    """A stored term info's document frequency (postings, deleted units included), as Whoosh reads it."""
    return _TERM_INFO.unpack_from(info)[2]


def extent(info: bytes) -> tuple[int, int] | None:
    """Where a stored term info's postings are in the postings file; None if they are inlined in it."""
    if info[0]:
        return None
    offset, length = _TERM_EXTENT.unpack_from(info, _TERM_INFO.size)
    return offset, length


def _mapped_blocks(reader: IndexReader, field: str, text: str | bytes, info: bytes | None = None
                   ) -> list[Block] | None:
    """A word's W3 blocks read in place from the segment's memory-mapped postings (casebook.index.mapped),
    without Whoosh's matcher: its set-up and per-block reads were half the cost of reading a rare word, which
    a wildcard does for dozens of words in every segment. `info`: the word's stored term info, if looked up
    already (`term_table`). None where the segment is not read that way."""
    terms: Any = getattr(reader, "_terms", None)
    mapped = getattr(getattr(terms, "_postfile", None), "_buf", None)
    if terms is None or not isinstance(mapped, memoryview) or not hasattr(terms, "term_info"):
        return None
    if info is not None:
        found = extent(info)
        if found is None:
            return None
        offset, length = found
    else:
        try:
            term = terms.term_info(field, reader._text_to_bytes(field, text))
        except (TermNotFound, KeyError):
            return []
        if term.is_inlined():
            return None
        offset, length = term.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the length as unpack's 1-tuple
            length = length[0]
    if bytes(mapped[offset:offset + 4]) != WHOOSH3_HEADER_MAGIC:
        return None
    blocks: list[Block] = []
    position, end = offset + 4, offset + length
    while position < end:
        size = _BLOCK_LENGTH.unpack_from(mapped, position)[0]
        start = position + 4
        header = io.BytesIO(mapped[start:start + min(abs(size), _HEADER_WINDOW)])
        count, last_id, _, level, _, _ = pickle.load(header)
        blocks.append((count, last_id, partial(_block_data, mapped, start + header.tell(), start + abs(size), level)))
        position = start + abs(size)
        if size < 0:  # the last block
            break
    return blocks


def _block_data(mapped: memoryview, start: int, end: int, level: int) -> Any:
    data = mapped[start:end]
    return pickle.loads(zlib.decompress(data) if level else data)


def holds(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each wanted value, whether the sorted `values` hold it."""
    at = np.searchsorted(values, wanted)
    at[at == len(values)] = len(values) - 1
    return values[at] == wanted


def _only(found: PostingArrays, within: np.ndarray | None) -> PostingArrays:
    """The postings of the units in `within` (sorted)."""
    if within is None or not len(found) or not len(within):
        return found if within is None else NOTHING
    keep = holds(within, found.ids)
    if found.positions is None or found.counts is None:
        return PostingArrays(found.ids[keep], found.weights[keep])
    return PostingArrays(found.ids[keep], found.weights[keep], found.counts[keep],
                         found.positions[np.repeat(keep, found.counts)])


def _ints(gaps: Any) -> np.ndarray:
    if isinstance(gaps, array) and gaps.itemsize == 4 and gaps.typecode in "IiLl":
        return np.frombuffer(gaps, dtype=np.uint32 if gaps.typecode in "IL" else np.int32)
    return np.asarray(gaps, dtype=np.int64)


def _general(matcher: Any, positions: bool) -> PostingArrays:
    """Any other matcher, one posting at a time."""
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if positions:
            values.append(matcher.value())
        matcher.next()
    found_ids = np.asarray(ids, dtype=np.int64)
    found_weights = np.asarray(weights, dtype=np.float64)
    if not positions:
        return PostingArrays(found_ids, found_weights)
    counts = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) >> 2
    found = np.frombuffer(b"".join(values), dtype=_U4).astype(np.int64)
    return PostingArrays(found_ids, found_weights, counts, found)
