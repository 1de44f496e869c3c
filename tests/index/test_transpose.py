"""Row chunks → the column-major matrix and each row's heaviest terms: numba and NumPy alike,
and both equal to what scipy computes on the whole matrix."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from index import compiled
from index.transpose import ColumnScatter, heaviest_terms

needs_numba = pytest.mark.skipif(not compiled.AVAILABLE, reason=compiled.ERROR or "")


def random_rows(seed: int, n: int = 300, width: int = 50) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.random((n, width)) * (rng.random((n, width)) < 0.2)
    dense[rng.random(n) < 0.1] = 0.0  # some empty rows
    dense[:, 7] = np.where(dense[:, 7] > 0, 0.5, 0.0)  # ties within rows
    matrix = sp.csr_matrix(dense.astype(np.float32))
    matrix.sort_indices()
    return matrix


def chunks(matrix: sp.csr_matrix, size: int) -> list[tuple[int, sp.csr_matrix]]:
    return [(start, matrix[start : start + size]) for start in range(0, matrix.shape[0], size)]


@pytest.mark.parametrize("numba", [False, pytest.param(True, marks=needs_numba)])
@pytest.mark.parametrize("size", [1, 17, 1000])
def test_scattering_row_chunks_gives_scipys_csc(numba: bool, size: int) -> None:
    rows = random_rows(size)
    scatter = ColumnScatter(np.bincount(rows.indices, minlength=rows.shape[1]), numba=numba)
    for start, chunk in chunks(rows, size):
        scatter.add(start, chunk.indptr.astype(np.int64), chunk.indices, chunk.data)
    assert scatter.complete()
    expected = rows.tocsc()
    expected.sort_indices()
    assert np.array_equal(scatter.indptr, expected.indptr)
    assert np.array_equal(scatter.indices, expected.indices)
    assert np.array_equal(scatter.data, expected.data)


@pytest.mark.parametrize("numba", [False, pytest.param(True, marks=needs_numba)])
@pytest.mark.parametrize("k", [1, 5, 40])
def test_heaviest_terms_are_the_heaviest_in_order_ties_by_column(numba: bool, k: int) -> None:
    rows = random_rows(k)
    counts, indices, data = heaviest_terms(
        rows.indptr.astype(np.int64), rows.indices, rows.data, k, numba=numba
    )
    at = 0
    for i in range(rows.shape[0]):
        row = rows[i]
        entries = zip(row.indices.tolist(), row.data.tolist(), strict=True)
        expected = sorted(entries, key=lambda e: (-e[1], e[0]))[:k]
        assert counts[i] == len(expected)
        end = at + counts[i]
        got = list(zip(indices[at:end].tolist(), data[at:end].tolist(), strict=True))
        assert got == expected
        at += counts[i]
    assert at == len(indices)
