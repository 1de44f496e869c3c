"""The NumPy backend: whole-array operations (`bincount`, masks, `lexsort`), as search worked
before the compiled kernels. It is the fallback without numba (or with JOBBOT_NO_NUMBA set), the
path for pages deeper than SMALL_K, and the oracle: the compiled backend must give its answers
bit for bit (tests/index/kernels/).

What it does defines the answer. Sums are taken in float64 in the order of the query's parts
and rounded to float32 once (`np.bincount(...).astype(float32)`); every later step (coord
factor, boosts) rounds to float32 after each operation, as NumPy's float32 arrays do. The
ranking key is the score rounded to 6 decimals (so that sums taken in another order still
tie), then the newer posting (an undated one counting as the newest, as the int32 `-days` has
it), then the id's rank; postings of one near-duplicate group fold into their best one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from index.kernels.arrays import (
    FILTER_NAMES,
    KIND_COUNTED,
    KIND_RELATED,
    KIND_TITLE,
    NO_ROWS,
    AnyArray,
    Backend,
    BoolArray,
    Boosts,
    Filters,
    FloatArray,
    IndexArrays,
    IntArray,
    Parts,
    Scratch,
    Selection,
    bit_test,
)

__all__ = ["NUMPY", "base_scores"]


def _factor_np(
    flags: npt.NDArray[np.uint8], boosts: Boosts, title_all: BoolArray | None
) -> FloatArray:
    """Per-row boost multiplier, multiplied in the same order as the numba kernel."""
    factor = np.ones(len(flags), dtype=np.float32)
    if boosts.level_bit:
        matching = (flags & boosts.level_bit) != 0
        factor[matching] *= boosts.factors[0]
        bits = boosts.clash_mask
        while bits:
            bit = bits & -bits
            factor[((flags & bit) != 0) & ~matching] *= boosts.factors[1]
            bits ^= bit
    if title_all is not None:
        factor[title_all] *= boosts.factors[2]
    return factor


def base_scores(flags: npt.NDArray[np.uint8], boosts: Boosts) -> FloatArray:
    """Every posting's score for a question without words: its seniority match, boosted."""
    if not boosts.level_bit:
        return np.zeros(len(flags), dtype=np.float32)
    base = ((flags & boosts.level_bit) != 0).astype(np.float32)
    scores: FloatArray = base * _factor_np(flags, boosts, None)
    return scores


def _pass_codes(ix: IndexArrays, rows: AnyArray, filters: Filters) -> npt.NDArray[np.int8]:
    """Per row, the first filter it fails (len(FILTER_NAMES) when it passes them all)."""
    first = np.full(len(rows), len(FILTER_NAMES), dtype=np.int8)
    tests: list[Callable[[], BoolArray]] = [
        lambda: bit_test(filters.words, rows),
        lambda: (ix.work[rows] & filters.wmask) == filters.wwant,
        lambda: filters.loc_table[ix.loc_codes[rows]],
        lambda: filters.comp_table[ix.comp_codes[rows]],
        lambda: filters.jt_table[ix.jt_codes[rows]],
        lambda: ix.days[rows] >= filters.min_day,
        lambda: bit_test(filters.pay, rows),
        lambda: bit_test(filters.tier, rows),
    ]
    for i in reversed(range(len(FILTER_NAMES))):
        if filters.active >> i & 1:
            first[~tests[i]()] = i
    return first


def _top_np(ix: IndexArrays, rows: AnyArray, scores: FloatArray, k: int) -> npt.NDArray[np.int64]:
    """Positions in `rows` of the k best, copies folded: score desc, newer, id (exact)."""
    if k <= 0 or len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    rounded = np.round(scores.astype(np.float64), 6)  # sums in another order still tie
    positions = np.arange(len(rows), dtype=np.int64)
    want = k
    while True:
        if len(rows) > want:
            # Partition the negated scores: on mostly-zero vectors it is 10-30x faster than
            # partitioning the scores themselves for the largest k.
            kth = np.partition(-rounded, want - 1)[want - 1]
            pool = positions[-rounded <= kth]  # everything tied with the k-th stays in
        else:
            pool = positions
        pool_rows = rows[pool]
        # -days in int64: undated postings (NO_DATE, the smallest int32) after every dated one.
        newest = -ix.days[pool_rows].astype(np.int64)
        order = pool[np.lexsort((ix.id_rank[pool_rows], newest, -rounded[pool]))]
        out = _fold_np(ix, rows, order, k)
        if len(out) == k or len(pool) == len(rows):
            return out
        want *= 4  # copies were folded away: widen the net and try again


def _fold_np(
    ix: IndexArrays, rows: AnyArray, ranked: npt.NDArray[np.int64], k: int
) -> npt.NDArray[np.int64]:
    seen: set[int] = set()
    out: list[int] = []
    for pos, group in zip(ranked.tolist(), ix.groups[rows[ranked]].tolist(), strict=True):
        if group not in seen:
            seen.add(group)
            out.append(pos)
            if len(out) == k:
                break
    return np.array(out, dtype=np.int64)


def _column_rows(indptr: AnyArray, indices: AnyArray, cols: AnyArray) -> AnyArray:
    if not len(cols):
        return np.zeros(0, dtype=np.intp)
    return np.concatenate([indices[indptr[c] : indptr[c + 1]] for c in cols.tolist()])


class _NumpyBackend:
    name = "numpy"
    uses_scratch = False

    def score(
        self, ix: IndexArrays, parts: Parts, boosts: Boosts, scratch: Scratch | None = None
    ) -> tuple[IntArray, FloatArray]:
        n = len(ix.flags)
        kinds = parts.kinds
        scored = kinds != KIND_TITLE
        if not scored.any():
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        slices = []
        for c, w, kind in zip(
            parts.cols.tolist(), parts.weights.tolist(), kinds.tolist(), strict=True
        ):
            if kind == KIND_TITLE:
                continue
            indptr, indices, data = (
                (ix.t_indptr, ix.t_indices, ix.t_data)
                if kind == KIND_RELATED
                else (ix.m_indptr, ix.m_indices, ix.m_data)
            )
            lo, hi = indptr[c], indptr[c + 1]
            slices.append((indices[lo:hi], data[lo:hi] * np.float32(w)))
        all_rows = np.concatenate([r for r, _ in slices])
        values = np.concatenate([v for _, v in slices])
        scores = np.bincount(all_rows, weights=values, minlength=n).astype(np.float32)
        if parts.n_counted > 1:
            counted = _column_rows(ix.m_indptr, ix.m_indices, parts.cols[kinds == KIND_COUNTED])
            share = np.bincount(counted, minlength=n).astype(np.float32) / np.float32(
                parts.n_counted
            )
            scores *= np.float32(0.5) + np.float32(0.5) * share
        rows = np.flatnonzero(scores > 0)
        title_all = None
        if parts.n_title:
            in_title = _column_rows(ix.t_indptr, ix.t_indices, parts.cols[kinds == KIND_TITLE])
            title_all = np.bincount(in_title, minlength=n)[rows] == parts.n_title
        factor = _factor_np(ix.flags[rows], boosts, title_all)
        # The age prior last, rounded to float32 after the boosts like the kernels do.
        return rows.astype(np.int32), (scores[rows] * factor) * ix.prior[rows]

    def select(
        self,
        ix: IndexArrays,
        rows: IntArray | None,
        scores: FloatArray | None,
        boosts: Boosts,
        filters: Filters,
        k: int,
        k_suggest: int,
    ) -> Selection:
        if rows is None or scores is None:
            rows = np.arange(len(ix.flags), dtype=np.int32)
            scores = base_scores(ix.flags, boosts)
        first = _pass_codes(ix, rows, filters)
        hist = np.bincount(first, minlength=len(FILTER_NAMES) + 1)
        total = int(hist[-1])
        emptied = _emptied(hist.tolist())
        kept = np.flatnonzero(first == len(FILTER_NAMES))
        page = kept[_top_np(ix, rows[kept], scores[kept], k)]
        suggest = np.zeros(0, dtype=np.int64)
        if emptied >= 0:
            suggest = _top_np(ix, rows, scores, k_suggest)
        return Selection(
            rows[page].astype(np.int64),
            scores[page],
            total,
            emptied,
            rows[suggest].astype(np.int64),
            scores[suggest],
        )

    def search(
        self,
        ix: IndexArrays,
        parts: Parts | None,
        boosts: Boosts,
        filters: Filters,
        k: int,
        k_suggest: int,
        scratch: Scratch | None = None,
        by_date: IntArray | None = None,
        hidden: IntArray = NO_ROWS,
    ) -> Selection:
        rows, scores = (None, None) if parts is None else self.score(ix, parts, boosts)
        if len(hidden):
            if rows is None or scores is None:
                rows = np.arange(len(ix.flags), dtype=np.int32)
                scores = base_scores(ix.flags, boosts)
            keep = ~np.isin(rows, hidden)
            rows, scores = rows[keep], scores[keep]
        return self.select(ix, rows, scores, boosts, filters, k, k_suggest)

    def contains(
        self, indptr: AnyArray, indices: AnyArray, cols: IntArray, rows: npt.NDArray[np.int64]
    ) -> BoolArray:
        out = np.zeros((len(rows), len(cols)), dtype=bool)
        for j, c in enumerate(cols.tolist()):
            column = indices[indptr[c] : indptr[c + 1]]
            if len(column):
                pos = np.minimum(np.searchsorted(column, rows), len(column) - 1)
                out[:, j] = column[pos] == rows
        return out


def _emptied(hist: list[int]) -> int:
    """The first filter after which nothing is left, given how many rows fail first at each."""
    alive = sum(hist)
    if alive == 0:
        return -1
    for i, failed in enumerate(hist[:-1]):
        alive -= failed
        if alive == 0:
            return i
    return -1


NUMPY: Backend = _NumpyBackend()
