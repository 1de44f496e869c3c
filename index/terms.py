"""The index's terms in a few flat arrays: column → term, and term → column by hash.

A Python dict of a million postings' terms (millions of them, most seen once) costs about 150
bytes a term and seconds to rebuild on every start. Here the terms are one UTF-8 buffer with
end offsets, plus their CRC-32s sorted, so a saved index memory-maps them as they are and a
lookup is a binary search over the hashes (about a microsecond) and one comparison.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["TermTable"]

_MEMO = 8192  # recent lookups remembered
_UNSEEN = -2


class TermTable(Sequence[str]):
    """Column id → term (`table[i]`), and term → column id (`get`, `in`, `column`); the
    index keeps its posting ids (row ↔ id) the same way."""

    def __init__(
        self,
        blob: npt.NDArray[np.uint8],
        ends: npt.NDArray[np.int64],
        hashes: npt.NDArray[np.uint32],
        order: npt.NDArray[np.int32],
    ) -> None:
        """`hashes` are the terms' CRC-32s in ascending order; `order` their column ids."""
        self.blob = blob
        self.ends = ends
        self.hashes = hashes
        self.order = order
        self._hashes = np.ascontiguousarray(hashes, dtype=np.uint32).data.cast("B").cast("I")
        self._bytes = np.ascontiguousarray(blob, dtype=np.uint8).data.cast("B")
        self._memo: dict[str, int | None] = {}

    @classmethod
    def from_terms(cls, terms: Sequence[str]) -> TermTable:
        blob, lengths, hashes = bytearray(), array("q"), array("I")
        for start in range(0, len(terms), 1 << 16):  # in slices: no list of every term's bytes
            encoded = [t.encode() for t in terms[start : start + (1 << 16)]]
            blob += b"".join(encoded)
            lengths.extend(map(len, encoded))
            hashes.extend(map(zlib.crc32, encoded))
        ends = np.cumsum(np.frombuffer(lengths, dtype=np.int64), dtype=np.int64)
        crcs = np.frombuffer(hashes, dtype=np.uint32)
        order = np.argsort(crcs, kind="stable").astype(np.int32)
        return cls(np.frombuffer(blob, dtype=np.uint8), ends, crcs[order], order)

    def __len__(self) -> int:
        return len(self.ends)

    def _raw(self, column: int) -> bytes:
        start = int(self.ends[column - 1]) if column else 0
        return self._bytes[start : int(self.ends[column])].tobytes()

    def __getitem__(self, i: int) -> str:  # type: ignore[override]  # no slices needed
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._raw(i).decode()

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self[i]

    def get(self, term: str) -> int | None:
        """The column of `term`, or None when no posting has it."""
        found = self._memo.get(term, _UNSEEN)
        if found is not _UNSEEN:
            return found
        found = self._search(term)
        if len(self._memo) >= _MEMO:  # questions reuse a few thousand words; bounded anyway
            self._memo.clear()
        self._memo[term] = found
        return found

    def _search(self, term: str) -> int | None:
        raw = term.encode()
        h = zlib.crc32(raw)
        hashes = self._hashes
        at = bisect_left(hashes, h)
        while at < len(hashes) and hashes[at] == h:  # CRC-32 collisions are rare, not absent
            column = int(self.order[at])
            if self._raw(column) == raw:
                return column
            at += 1
        return None

    def may_hold(self, terms: Sequence[str]) -> npt.NDArray[np.bool_]:
        """For each term, False when the table surely lacks it (no term has its CRC-32): the
        hundreds of words spelling tries for a typo are checked in one pass, and `get` asked
        only about the few that may be there."""
        crcs = np.fromiter(map(zlib.crc32, map(str.encode, terms)), np.uint32, len(terms))
        if not len(self.hashes):
            return np.zeros(len(terms), dtype=np.bool_)
        at = np.minimum(np.searchsorted(self.hashes, crcs), len(self.hashes) - 1)
        found: npt.NDArray[np.bool_] = self.hashes[at] == crcs
        return found

    def find(self, terms: Iterable[str]) -> dict[str, int]:
        """term → column for those of `terms` some posting has, in their order."""
        found = {}
        for term in terms:
            if term not in found and (column := self.get(term)) is not None:
                found[term] = column
        return found

    def column(self, term: str) -> int:
        """The column of `term`. :raises KeyError: no posting has it."""
        found = self.get(term)
        if found is None:
            raise KeyError(term)
        return found

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TermTable):
            return NotImplemented
        return np.array_equal(self.blob, other.blob) and np.array_equal(self.ends, other.ends)

    __hash__ = None  # type: ignore[assignment]
