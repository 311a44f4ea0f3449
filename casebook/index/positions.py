"""Word positions kept as packed 32-bit little-endian integers, so a posting list's positions decode at once.

Whoosh's `Positions` format pickles each posting's position gaps (protocol 2), so reading the positions of a
common word over 100,000 pages meant 100,000 `pickle.loads` calls: the cost of every phrase and proximity
search of common words. Here a posting's value is its positions themselves, 4 bytes each, ascending; the
values of a whole posting list join into one buffer that `numpy.frombuffer` reads without a loop
(`casebook.index.postings`). The frequency is the value's length / 4. Whoosh's own readers, writers and
merges call the methods below, so segments written by Whoosh and by `casebook.index.fastwrite` agree.

The class is pickled into the index's schema by name: keep its module and name.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any, overload

from whoosh.formats import Positions, tokens

_LITTLE = sys.byteorder == "little"
_U16 = struct.Struct("<H")
ONE_LIMIT = 8192
_ONE = [struct.pack("<I", at) for at in range(ONE_LIMIT)]  # a word found once, by position


def pack(positions: Iterable[int]) -> bytes:
    """Ascending positions as packed little-endian uint32."""
    packed = array("I", positions)
    if not _LITTLE:
        packed.byteswap()
    return packed.tobytes()


def pack_one(at: int) -> bytes:
    return _ONE[at] if at < ONE_LIMIT else struct.pack("<I", at)


def unpack(value: bytes) -> list[int]:
    packed = array("I")
    packed.frombytes(value)
    if not _LITTLE:
        packed.byteswap()
    return packed.tolist()


class PackedPositions(Positions):
    """Whoosh's `Positions` (frequency, weight, positions) with each posting's positions packed as uint32."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        fb = self.field_boost
        poses: defaultdict[str, list[int]] = defaultdict(list)
        weights: defaultdict[str, float] = defaultdict(float)
        kwargs["positions"] = True
        kwargs["boosts"] = True
        for t in tokens(value, analyzer, kwargs):
            poses[t.text].append(t.pos)
            weights[t.text] += t.boost
        for word, poslist in poses.items():
            yield word, len(poslist), weights[word] * fb, self.encode(poslist)

    def encode(self, poslist: Iterable[int]) -> bytes:
        return pack(sorted(poslist))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return unpack(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1) for pos in unpack(valuestring)]

    def combine(self, vs: Iterable[bytes]) -> bytes:
        found: set[int] = set()
        for v in vs:
            found.update(unpack(v))
        return pack(sorted(found))


class PackedValues(Sequence[bytes]):
    """A posting block's values (the postings' packed positions) as one buffer and each one's size.

    `casebook.index.fastwrite` pickles this into a W3 block where Whoosh pickles a tuple of bytes: unpickling
    that tuple made one bytes object per posting, a third of the cost of reading a word's positions. Whoosh's
    matcher indexes and slices it like the tuple; `casebook.index.postings` reads the buffer whole. The sizes
    are 2 bytes each, as the tuple's pickle spent on each value. Pickled by name into the index's posting
    blocks: keep its module and name."""

    __slots__ = ("_ends", "buffer", "sizes")

    def __init__(self, buffer: bytes, sizes: bytes) -> None:
        self.buffer = buffer
        self.sizes = sizes  # each value's length as little-endian uint16
        self._ends: list[int] | None = None

    @classmethod
    def of(cls, values: Iterable[bytes]) -> PackedValues | None:
        """The values packed; None if one is 65,536 bytes or longer (16,384 positions on one page)."""
        values = list(values)
        sizes = array("H")
        try:
            sizes.extend(map(len, values))
        except OverflowError:
            return None
        if not _LITTLE:
            sizes.byteswap()
        return cls(b"".join(values), sizes.tobytes())

    def __len__(self) -> int:
        return len(self.sizes) >> 1

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[bytes, ...]: ...

    def __getitem__(self, index: int | slice) -> bytes | tuple[bytes, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        ends = self._ends
        if ends is None:  # Whoosh's matcher reads the values one by one: their ends are summed once
            ends = self._ends = [0, *accumulate(size for (size,) in _U16.iter_unpack(self.sizes))]
        if index < 0:
            index += len(ends) - 1
        if not 0 <= index < len(ends) - 1:
            raise IndexError("value index out of range")
        return self.buffer[ends[index]:ends[index + 1]]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedValues):
            return self.buffer == other.buffer and self.sizes == other.sizes
        return isinstance(other, tuple | list) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]  # a sequence, compared by its values

    def __reduce__(self) -> tuple[Any, tuple[bytes, bytes]]:
        return PackedValues, (self.buffer, self.sizes)
