"""Adding the query's columns into a search's scratch buffer (`Scratch.acc`, `.marks`).

Sums are taken in float64 in the order of the query's parts, as `np.bincount` takes them (the
NumPy reference, `reference.py`): a posting's sum is then rounded to float32 once. Coord hits
(how many counted words a posting holds) go to `marks`, and `_TITLE_HIT` on top when its title
holds every typed word.

Two ways to add: `_scatter_parts` adds column after column and lists the touched postings as
they come (short columns: the cost follows the columns, not the corpus); `_add_rows` adds every
column for a block of rows at a time, listing nothing (columns covering a good share of the
postings: the fused kernel then walks every posting, see `fused.py`). `_score_kernel` scores the
touched postings for the paths that select with NumPy.

What it costs: an n-sized array allocated per query costs more in page faults than the query,
so the buffers are reused, zeroed as they are read.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.kernels.arrays import (
    KIND_COUNTED,
    KIND_RELATED,
    KIND_TITLE,
    KIND_TYPED,
    Boosts,
    IndexArrays,
    Parts,
    ScratchArrays,
)
from index.kernels.primitives import _TITLE_HIT, Flag, Int, _f32, _final, _jit, _until


@_jit
def _scatter(
    indices: Any, data: Any, lo: Int, hi: Int, w: Any, counted: Int, scratch: ScratchArrays, m: Int
) -> Int:
    """Add one column slice × w into scratch.acc (float64, summed in part order like
    `np.bincount`); a row seen for the first time joins the touched rows scratch.rows[:m]:
    values are positive, so acc[r] == 0 means "not seen". With `counted`, a coord hit in
    scratch.marks. Returns the new m."""
    acc, marks, touched = scratch.acc, scratch.marks, scratch.rows
    last = len(touched) - 1  # a spare slot: the write below may land one past the rows
    for j in range(lo, hi):
        r = indices[j]
        # Branch-free: always write, advance only for a new row (a branch here would be
        # mispredicted half the time once several columns overlap).
        touched[min(m, last)] = r
        m += acc[r] == 0.0
        acc[r] += _f32(data[j] * w)
        if counted:
            marks[r] += 1
    return min(m, last)  # (more only if zero values made a row look new twice)


@_jit
def _mark_title_all(ix: IndexArrays, parts: Parts, scratch: ScratchArrays) -> None:
    """Mark the scored postings whose title + tags hold every typed word: walk the shortest
    title column and gallop through the others (all sorted), instead of scattering them all."""
    t_indptr, t_indices = ix.t_indptr, ix.t_indices
    cols, kinds = parts.cols, parts.kinds
    acc, marks = scratch.acc, scratch.marks
    n_cols = 0
    shortest = -1
    for p in range(len(cols)):
        if kinds[p] == KIND_TITLE:
            n_cols += 1
            c = cols[p]
            if shortest < 0 or (
                t_indptr[c + 1] - t_indptr[c] < t_indptr[shortest + 1] - t_indptr[shortest]
            ):
                shortest = c
    if n_cols == 0 or n_cols < parts.n_title:  # a typed word nobody uses: no title has them all
        return
    others = np.empty(n_cols, dtype=np.int64)
    cursor = np.empty(n_cols, dtype=np.int64)
    end = np.empty(n_cols, dtype=np.int64)
    q = 0
    for p in range(len(cols)):
        c = cols[p]
        if kinds[p] == KIND_TITLE and c != shortest:
            others[q] = c
            cursor[q] = t_indptr[c]
            end[q] = t_indptr[c + 1]
            q += 1
    for j in range(t_indptr[shortest], t_indptr[shortest + 1]):
        r = t_indices[j]
        if acc[r] == 0.0:
            continue
        found = True
        for o in range(q):
            lo, hi = cursor[o], end[o]
            if lo < hi and t_indices[lo] < r:  # gallop to the first entry >= r
                step = 1
                prev = lo
                nxt = lo + 1
                while nxt < hi and t_indices[nxt] < r:
                    prev = nxt
                    step *= 2
                    nxt = prev + step
                lo = prev + 1
                hi2 = min(nxt, hi)
                while lo < hi2:
                    mid = (lo + hi2) // 2
                    if t_indices[mid] < r:
                        lo = mid + 1
                    else:
                        hi2 = mid
            cursor[o] = lo
            if lo >= hi or t_indices[lo] != r:
                found = False
                break
        if found:
            marks[r] += _TITLE_HIT


@_jit
def _scatter_parts(ix: IndexArrays, parts: Parts, scratch: ScratchArrays, mark_titles: Int) -> Int:
    """All the query's parts into scratch.acc and .marks, the touched rows listed in .rows; their
    number. With `mark_titles`, the postings with every typed word in the title are marked."""
    coord = parts.n_counted > 1
    m = np.int64(0)
    for p in range(len(parts.cols)):
        c = parts.cols[p]
        kind = parts.kinds[p]
        w = parts.weights[p]
        if kind in (KIND_TYPED, KIND_COUNTED):
            lo, hi = ix.m_indptr[c], ix.m_indptr[c + 1]
            counted = np.int64(coord and kind == KIND_COUNTED)
            m = _scatter(ix.m_indices, ix.m_data, lo, hi, w, counted, scratch, m)
        elif kind == KIND_RELATED:
            lo, hi = ix.t_indptr[c], ix.t_indptr[c + 1]
            m = _scatter(ix.t_indices, ix.t_data, lo, hi, w, np.int64(0), scratch, m)
    if mark_titles and parts.n_title > 0:
        _mark_title_all(ix, parts, scratch)
    return m


@_jit
def _score_kernel(ix_: Any, parts_: Any, boosts_: Any, scratch_: Any) -> Int:
    """Score the touched rows; the m with a positive score end up in scratch.rows[:m], their
    scores in scratch.scores[:m]. Every buffer is n long, zero (acc, marks) and reused:
    allocating per query costs more in page faults than the query itself. `IndexArrays`,
    `Parts`, `Boosts` and `Scratch` as plain tuples (see `fused.py`)."""
    ix, parts, boosts = IndexArrays(*ix_), Parts(*parts_), Boosts(*boosts_)
    scratch = ScratchArrays(*scratch_)
    flags, acc, marks, touched, out_scores = (
        ix.flags,
        scratch.acc,
        scratch.marks,
        scratch.rows,
        scratch.scores,
    )
    prior = ix.prior
    n_counted, n_title = parts.n_counted, parts.n_title
    level_bit, clash_mask = boosts.level_bit, boosts.clash_mask
    up, clash, title = boosts.factors[0], boosts.factors[1], boosts.factors[2]
    m = _scatter_parts(ix, parts, scratch, np.int64(1))
    uses_marks = n_counted > 1 or n_title > 0
    kept = 0
    for j in range(m):
        r = touched[j]
        total = acc[r]
        acc[r] = 0.0
        mark = 0
        if uses_marks:
            mark = marks[r]
            marks[r] = 0
        s = _final(
            total, mark, n_counted, n_title, flags[r], level_bit, clash_mask, up, clash, title
        )
        s = _f32(s * prior[r])  # the age prior, last
        if s > 0:
            touched[kept] = r  # kept <= j: compacting in place
            out_scores[kept] = s
            kept += 1
    return kept


@_jit
def _add_rows(
    ix: IndexArrays, parts: Parts, coord: Flag, cur: Any, below: Int, scratch: ScratchArrays
) -> None:
    """Add every column's entries for rows below `below`, from where each stopped (cur[p]:
    columns are sorted by row): the parts in order for every row, as `np.bincount` sums them."""
    m_indptr, m_indices, m_data = ix.m_indptr, ix.m_indices, ix.m_data
    t_indptr, t_indices, t_data = ix.t_indptr, ix.t_indices, ix.t_data
    cols, weights, kinds = parts.cols, parts.weights, parts.kinds
    acc, marks = scratch.acc, scratch.marks
    for p in range(len(cols)):
        c, kind, w = cols[p], kinds[p], weights[p]
        j = cur[p]
        if kind == KIND_RELATED:
            stop = _until(t_indices, j, t_indptr[c + 1], below)
            for jj in range(j, stop):
                acc[t_indices[jj]] += _f32(t_data[jj] * w)
        elif kind == KIND_COUNTED and coord:
            stop = _until(m_indices, j, m_indptr[c + 1], below)
            for jj in range(j, stop):
                r = m_indices[jj]
                acc[r] += _f32(m_data[jj] * w)
                marks[r] += 1
        elif kind != KIND_TITLE:
            stop = _until(m_indices, j, m_indptr[c + 1], below)
            for jj in range(j, stop):
                acc[m_indices[jj]] += _f32(m_data[jj] * w)
        else:
            stop = j
        cur[p] = stop
