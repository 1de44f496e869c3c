"""The two passes over the fitted rows that make what searching reads, a chunk of rows at a time.

The build appends rows (posting → its terms) to a spool file; searching reads columns (term →
its postings) and, for "more like this", each posting's heaviest terms. `ColumnScatter` fills
the column-major arrays from row chunks in one pass, so the whole row-major matrix never sits
in memory next to its transpose (at a million postings each is ~2 GB), and `heaviest_terms`
keeps a short signature per row.

Each has a compiled version (numba, one loop over the entries) and a NumPy one (sorting) that
gives identical arrays; the NumPy one serves when numba is missing and checks the other.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from index import compiled

__all__ = ["ColumnScatter", "heaviest_terms"]

IntArray = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


@compiled.jit
def _scatter_compiled(
    row0: int,
    indptr: Int64Array,
    indices: IntArray,
    data: FloatArray,
    cursor: Int64Array,
    out_indices: IntArray,
    out_data: FloatArray,
) -> None:
    for r in range(len(indptr) - 1):
        for j in range(indptr[r], indptr[r + 1]):
            c = indices[j]
            p = cursor[c]
            out_indices[p] = row0 + r
            out_data[p] = data[j]
            cursor[c] = p + 1


def _scatter_numpy(
    row0: int,
    indptr: Int64Array,
    indices: IntArray,
    data: FloatArray,
    cursor: Int64Array,
    out_indices: IntArray,
    out_data: FloatArray,
) -> None:
    rows = np.repeat(np.arange(row0, row0 + len(indptr) - 1, dtype=np.int32), np.diff(indptr))
    order = np.argsort(indices, kind="stable")  # by column, rows still ascending within one
    cols = indices[order]
    starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]]) if len(cols) else cols
    counts = np.diff(np.r_[starts, len(cols)])
    rank = np.arange(len(cols), dtype=np.int64) - np.repeat(starts, counts)
    at = cursor[cols] + rank
    out_indices[at] = rows[order]
    out_data[at] = data[order]
    cursor[cols[starts]] += counts


class ColumnScatter:
    """Row chunks, in row order, → the column-major (CSC) arrays of the whole matrix.

    `column_counts` (entries per column) is known before the pass: the build counted it.
    """

    def __init__(self, column_counts: Int64Array, *, numba: bool | None = None) -> None:
        self.indptr = np.zeros(len(column_counts) + 1, dtype=np.int64)
        np.cumsum(column_counts, out=self.indptr[1:])
        nnz = int(self.indptr[-1])
        self.indices = np.empty(nnz, dtype=np.int32)
        self.data = np.empty(nnz, dtype=np.float32)
        self._cursor = self.indptr[:-1].copy()
        use_numba = compiled.AVAILABLE if numba is None else numba
        self._scatter = _scatter_compiled if use_numba else _scatter_numpy

    def add(self, row0: int, indptr: Int64Array, indices: IntArray, data: FloatArray) -> None:
        """Rows row0… whose entries are indices/data[indptr[i]:indptr[i + 1]] (indptr from 0)."""
        self._scatter(row0, indptr, indices, data, self._cursor, self.indices, self.data)

    def complete(self) -> bool:
        return bool(np.array_equal(self._cursor, self.indptr[1:]))


@compiled.jit
def _heaviest_compiled(
    indptr: Int64Array,
    indices: IntArray,
    data: FloatArray,
    k: int,
    out_counts: Int64Array,
    out_indices: IntArray,
    out_data: FloatArray,
) -> int:
    at = 0
    for r in range(len(indptr) - 1):
        lo, hi = indptr[r], indptr[r + 1]
        order = np.argsort(-data[lo:hi], kind="mergesort")[:k]
        for j in order:
            out_indices[at] = indices[lo + j]
            out_data[at] = data[lo + j]
            at += 1
        out_counts[r] = len(order)
    return at


def _heaviest_numpy(
    indptr: Int64Array,
    indices: IntArray,
    data: FloatArray,
    k: int,
    out_counts: Int64Array,
    out_indices: IntArray,
    out_data: FloatArray,
) -> int:
    sizes = np.diff(indptr)
    rows = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    # Positive float32s order like their bit patterns: (row, heaviest first) in one int64 key.
    descending = np.uint32(0xFFFFFFFF) - data.view(np.uint32)
    order = np.argsort(rows << 32 | descending.astype(np.int64), kind="stable")
    rank = np.arange(len(order), dtype=np.int64) - np.repeat(indptr[:-1], sizes)
    chosen = order[rank < k]
    out_counts[:] = np.minimum(sizes, k)
    out_indices[: len(chosen)] = indices[chosen]
    out_data[: len(chosen)] = data[chosen]
    return len(chosen)


def heaviest_terms(
    indptr: Int64Array,
    indices: IntArray,
    data: FloatArray,
    k: int,
    *,
    numba: bool | None = None,
) -> tuple[Int64Array, IntArray, FloatArray]:
    """Each row's `k` heaviest entries (positive weights), heaviest first, ties by column:
    (entries per row, their columns, their weights). Rows are column-sorted on input."""
    rows = len(indptr) - 1
    counts = np.zeros(rows, dtype=np.int64)
    size = int(np.minimum(np.diff(indptr), k).sum()) if rows else 0
    out_indices = np.empty(size, dtype=np.int32)
    out_data = np.empty(size, dtype=np.float32)
    use_numba = compiled.AVAILABLE if numba is None else numba
    pick = _heaviest_compiled if use_numba else _heaviest_numpy
    pick(indptr, indices, data, k, counts, out_indices, out_data)
    return counts, out_indices, out_data
