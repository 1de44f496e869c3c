"""The fused kernels: one compiled call per question, from the query's columns (or, without
words, the postings newest first) to the page — the exact best k, how many pass the filters, and
what to suggest when they leave nothing.

`_search_kernel` (a question with words, the common case) adds the query's columns into the
scratch buffer (`scatter.py`) — listing the touched postings, or, when the columns cover a
quarter of the postings or more (`backend.DENSE_SHARE`), walking them all in order — then walks
the candidates once (`walk.py`): counts those that score and those that pass the filters (a
bitmap per filter value, remembered by the index), and sets aside only those whose sum times
the largest multiplier they could get reaches the k-th best score so far. Only those get the
exact score and the exact ranking key (`primitives.py`). Buffers are zeroed as they are read.

`_recent_kernel` (a question without words: every posting competes) walks the postings newest
first and stops once no later one can enter the page.

The kernels called from Python (these two and `scatter._score_kernel`) take the NamedTuples of
`arrays.py` as plain tuples and rebuild them first thing (`IndexArrays(*ix_)`: free in compiled
code): on every call numba's dispatcher reads a NamedTuple's class and field names to find the
compiled version — with these five, 4 µs a question more than plain tuples, which cost about
what 31 separate arguments did. Inside, the kernels pass the NamedTuples to one another freely.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.kernels.arrays import (
    KIND_RELATED,
    KIND_TITLE,
    Boosts,
    IndexArrays,
    Parts,
    Pick,
    ScratchArrays,
)
from index.kernels.primitives import (
    _HALF,
    Int,
    _better,
    _boost_tables,
    _f32,
    _has,
    _jit,
    _offer,
    _recency,
    _rounded,
)
from index.kernels.scatter import _add_rows, _scatter_parts
from index.kernels.walk import _walk, _walk_dense, _walk_unfiltered

_TINIEST = 5e-324  # the smallest positive float64
_DENSE_BLOCK = 1 << 14  # rows whose sums (8 bytes) and marks (4) are added and walked together


@_jit
def _search_kernel(
    ix_: Any, parts_: Any, boosts_: Any, pick_: Any, scratch_: Any, dense_share: Int
) -> tuple[Any, Any, Int, Int, Int]:
    """The best pick.k postings for a question with words, how many pass the filters and how
    many score at all. pick.cum[f]: bitmap (a bit per posting) of the postings passing the
    first f + 1 filters. With pick.suggest (the filters left nothing): the best k ignoring the
    filters, and how many filters the furthest candidate passed. k at most SMALL_K.

    The parts' column slices are summed into acc (float64, in part order, as `np.bincount`
    does), coord hits counted in marks. Short columns: the touched rows are listed as they
    come. Columns covering a good share of the postings: plain adds, then a walk over every
    posting (no list to build) — when they hold n / dense_share entries or more (see
    `backend.DENSE_SHARE`). The walk is one tight loop: a row counts if its sum is
    positive (and its filter bit set), and is set aside only if its score before boosts times
    the largest boost reaches the k-th best score so far; only those few get the exact boosts
    (the title check by binary search), the exact ranking key and the insertion.

    A posting counts as scored when its sum is positive; NumPy's reference asks the same of
    the sum rounded to float32 and times the coord factor: the same, for sums above 1e-44.
    Entries and weights are positive tf-idf values well above that (what `fit` builds).

    The arguments: an `IndexArrays`, `Parts`, `Boosts`, `Pick` and `Scratch`, as plain tuples
    (see the module's docstring)."""
    ix, parts, boosts = IndexArrays(*ix_), Parts(*parts_), Boosts(*boosts_)
    pick, scratch = Pick(*pick_), ScratchArrays(*scratch_)
    m_indptr, t_indptr, t_indices = ix.m_indptr, ix.t_indptr, ix.t_indices
    flags, days, id_rank, groups = ix.flags, ix.days, ix.id_rank, ix.groups
    prior = ix.prior
    cols, kinds, n_counted, n_title = parts.cols, parts.kinds, parts.n_counted, parts.n_title
    k, cum, n_filters, hidden, suggest = pick
    acc = scratch.acc
    buf_rows, buf_sums, buf_marks = scratch.buf_rows, scratch.buf_sums, scratch.buf_marks
    n = len(flags)
    n_parts = len(cols)
    coord = n_counted > 1
    t_lo = np.empty(n_parts, dtype=np.int64)  # typed words' title columns
    t_hi = np.empty(n_parts, dtype=np.int64)
    n_tcols = 0
    cap = 0
    for p in range(n_parts):
        c = cols[p]
        if kinds[p] == KIND_TITLE:
            t_lo[n_tcols] = t_indptr[c]
            t_hi[n_tcols] = t_indptr[c + 1]
            n_tcols += 1
        elif kinds[p] == KIND_RELATED:
            cap += t_indptr[c + 1] - t_indptr[c]
        else:
            cap += m_indptr[c + 1] - m_indptr[c]
    title_possible = n_title > 0 and n_tcols == n_title
    for q in range(1, n_tcols):  # shortest title column first: the most selective check
        lo, hi = t_lo[q], t_hi[q]
        p = q
        while p > 0 and t_hi[p - 1] - t_lo[p - 1] > hi - lo:
            t_lo[p], t_hi[p] = t_lo[p - 1], t_hi[p - 1]
            p -= 1
        t_lo[p], t_hi[p] = lo, hi
    boost, boost_title = _boost_tables(boosts, np.int64(title_possible), np.int64(0))
    coord_factor = np.ones(n_parts + 1, dtype=np.float32)  # by counted words present
    for c in range(n_parts + 1):
        if coord:  # (else marks stay 0 and the factor 1: exact, and no branch in the walk)
            share = _f32(_f32(c) / _f32(n_counted))
            coord_factor[c] = _f32(_HALF + _f32(_HALF * share))
    # A bound on final score / sum: no coord factor exceeds 1 nor boost max(boost_title), and
    # the float32 roundings (sum, coord, boost) add less than 2**-22.
    reach = np.float64(boost_title.max()) * (1.0 + 2.0**-22)

    dense = cap * dense_share >= n
    m = n
    cur = np.zeros(n_parts, dtype=np.int64)  # (dense) how far each column has been added
    if not dense:
        m = _scatter_parts(ix, parts, scratch, np.int64(0))
        for h in range(len(hidden)):  # a hidden posting is no candidate (the walk resets marks)
            acc[hidden[h]] = 0.0
    else:
        for p in range(n_parts):
            cur[p] = (t_indptr if kinds[p] >= KIND_RELATED else m_indptr)[cols[p]]
    added = 0  # (dense) rows below this have every column added
    next_hidden = 0

    s_row = np.empty(k, dtype=np.int64)
    s_score = np.empty(k, dtype=np.float32)
    s_rs = np.empty(k, dtype=np.float64)
    s_d = np.empty(k, dtype=np.int64)
    s_i = np.empty(k, dtype=np.int64)
    s_g = np.empty(k, dtype=np.int64)
    cnt = np.int64(0)
    # The k-th best rounded score so far less 1e-6 (until then: anything positive): the walk
    # sets a row aside when sum × reach × its filter bit reaches it.
    bar = _TINIEST if k > 0 else np.inf
    bits = cum[n_filters - 1] if n_filters and not suggest else ix.ones
    tally = np.zeros(3, dtype=np.int64)  # scored, passed, (suggest) most filters passed
    start: Int = np.int64(0)
    step = 64
    while start < m:
        # Small steps first, doubling: the bar rises early, and few rows are set aside.
        stop = min(m, start + step)
        step = min(2 * step, len(buf_rows))
        if dense and stop > added:
            # Add the columns a block of rows at a time: the block's sums stay in the cache
            # while all columns are added, and while they are walked just after.
            added = min(n, max(stop, added + _DENSE_BLOCK))
            _add_rows(ix, parts, coord, cur, added, scratch)
            while next_hidden < len(hidden) and hidden[next_hidden] < added:
                acc[hidden[next_hidden]] = 0.0
                next_hidden += 1
        if dense:
            depth_of = n_filters if suggest else 0
            listed = _walk_dense(start, stop, bits, reach, bar, cum, depth_of, scratch, tally)
        elif suggest:
            listed = _walk_unfiltered(start, stop, cum, n_filters, reach, bar, scratch, tally)
        else:
            listed = _walk(start, stop, bits, reach, bar, scratch, tally)
        start = stop
        for e in range(listed):
            r = buf_rows[e]
            t = buf_sums[e]
            if t * reach < bar:  # the bar rose since
                continue
            base = _f32(_f32(t) * coord_factor[buf_marks[e]])
            flag = flags[r]
            s = _f32(base * boost[flag])
            s_title = _f32(base * boost_title[flag])
            if title_possible and np.float64(s_title) >= bar:
                in_all = True
                for q in range(n_tcols):
                    if not _has(t_indices, t_lo[q], t_hi[q], r):
                        in_all = False
                        break
                if in_all:
                    s = s_title
            s = _f32(s * prior[r])  # the age prior, last (at most 1: `reach` still bounds)
            if np.float64(s) < bar:
                continue
            rs, d, i = _rounded(s), _recency(days[r]), id_rank[r]
            if cnt < k or _better(rs, d, i, s_rs[k - 1], s_d[k - 1], s_i[k - 1]):
                cnt = _offer(s_row, s_score, s_rs, s_d, s_i, s_g, cnt, r, s, rs, d, i, groups[r])
                if cnt == k:
                    bar = s_rs[k - 1] - 1e-6
    return s_row[:cnt], s_score[:cnt], tally[1], tally[0], tally[2]


@_jit
def _recent_kernel(by_date: Any, ix_: Any, boosts_: Any, pick_: Any) -> tuple[Any, Any]:
    """The best k postings for a question without words: by seniority match, then newest.
    Walks the postings newest first and stops once the k held have the best score there is:
    every later posting is older (or as old, with a later id). `pick.hidden` (sorted): skipped;
    `pick.suggest` unused (the suggestions: `pick.n_filters` 0). `IndexArrays`, `Boosts` and
    `Pick` as plain tuples."""
    ix, boosts, pick = IndexArrays(*ix_), Boosts(*boosts_), Pick(*pick_)
    flags, days, id_rank, groups = ix.flags, ix.days, ix.id_rank, ix.groups
    k, cum, n_filters, hidden, _ = pick
    boost, _ = _boost_tables(boosts, np.int64(0), np.int64(1))
    best = _rounded(boost.max())
    s_row = np.empty(k, dtype=np.int64)
    s_score = np.empty(k, dtype=np.float32)
    s_rs = np.empty(k, dtype=np.float64)
    s_d = np.empty(k, dtype=np.int64)
    s_i = np.empty(k, dtype=np.int64)
    s_g = np.empty(k, dtype=np.int64)
    cnt = np.int64(0)
    if k <= 0:
        return s_row[:0], s_score[:0]
    for j in range(len(by_date)):
        r = np.int64(by_date[j])
        if n_filters and (cum[n_filters - 1, r >> 6] >> (r & 63)) & 1 == 0:
            continue
        if len(hidden) and _has(hidden, 0, len(hidden), r):
            continue
        s = boost[flags[r]]
        rs = _rounded(s)
        if cnt == k and rs < s_rs[k - 1]:
            continue
        d, i = _recency(days[r]), id_rank[r]
        if cnt < k or _better(rs, d, i, s_rs[k - 1], s_d[k - 1], s_i[k - 1]):
            cnt = _offer(s_row, s_score, s_rs, s_d, s_i, s_g, cnt, r, s, rs, d, i, groups[r])
        if cnt == k and s_rs[k - 1] >= best:
            break
    return s_row[:cnt], s_score[:cnt]
