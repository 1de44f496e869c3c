"""The fused kernel's walk over the candidates (`fused._search_kernel`), a block of rows at a
time: count the postings that score and those that pass the filters, reset their sums, and set
aside only the few whose sum could still make the page — (row, sum, marks) into
`Scratch.buf_*` — for the exact score and ranking.

A posting is set aside when its sum × `reach` (the largest multiplier it could get: no coord
factor exceeds 1 nor any boost the largest boost, plus the float32 roundings) × its filter bit
reaches `bar` (the k-th best rounded score so far, less 1e-6).

What it costs (measured on the 2-core machine the bench runs on): a branch on data in a per-row
loop is mispredicted all along, so these loops branch once per row, almost never taken.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.kernels.arrays import ScratchArrays
from index.kernels.primitives import Float, Int, _jit, _popcount


@_jit
def _walk(
    start: Int, stop: Int, bits: Any, reach: Float, bar: Float, scratch: ScratchArrays, tally: Any
) -> Int:
    """The hot loop over listed rows touched[start:stop]: count them in tally (scored: a
    positive sum; passed: and their bit in `bits`), reset their sums and marks, and set aside
    (row, sum, marks) those whose sum × reach × filter bit reaches `bar` — a bound on their
    final score, so only those can enter the page. One branch, almost never taken: branching
    on "positive?" or "passes?" would be mispredicted all along (and even a branch that always
    goes the same way slows this loop down: hence an all-ones bitmap for no filter). Returns
    how many were set aside."""
    touched, acc, marks = scratch.rows, scratch.acc, scratch.marks
    buf_rows, buf_sums, buf_marks = scratch.buf_rows, scratch.buf_sums, scratch.buf_marks
    scored = 0
    passed = 0
    listed = 0
    for j in range(start, stop):
        r = touched[j]
        t = acc[r]
        acc[r] = 0.0
        candidate = t > 0.0
        bit = (bits[r >> 6] >> (r & 63)) & 1
        scored += candidate
        passed += candidate * bit
        if t * reach * bit >= bar:
            buf_rows[listed] = r
            buf_sums[listed] = t
            buf_marks[listed] = marks[r]
            listed += 1
        marks[r] = 0
    tally[0] += scored
    tally[1] += passed
    return listed


@_jit
def _walk_dense(
    start: Int,
    stop: Int,
    bits: Any,
    reach: Float,
    bar: Float,
    cum: Any,
    depth_of: Int,
    scratch: ScratchArrays,
    tally: Any,
) -> Int:
    """`_walk` over every row start..stop (start a multiple of 64), 64 rows at a time: one
    word of "positive?" bits, counted against the filter's word (popcount); the rows are
    looked at one by one only in a word where some sum reaches the bar. The inner loops have
    no branch, so the compiler vectorises them. With `depth_of` filters (the suggestions'
    walk), tally[2] keeps the most of cum's filters any candidate passes."""
    acc, marks = scratch.acc, scratch.marks
    buf_rows, buf_sums, buf_marks = scratch.buf_rows, scratch.buf_sums, scratch.buf_marks
    scored = 0
    passed = 0
    listed = 0
    deepest = tally[2]
    for lo in range(start, stop, 64):
        hi = min(lo + 64, stop)
        fb = bits[lo >> 6]
        word = np.uint64(0)
        near = False
        for i in range(hi - lo):
            t = acc[lo + i]
            word |= np.uint64(t > 0.0) << np.uint64(i)
            near |= (t * reach >= bar) & ((fb >> np.uint64(i)) & np.uint64(1) != 0)
        scored += _popcount(word)
        passed += _popcount(word & fb)
        depth = 0
        while depth < depth_of and word & cum[depth, lo >> 6] != 0:
            depth += 1
        deepest = max(deepest, depth)
        if near:
            for r in range(lo, hi):
                t = acc[r]
                if t * reach * ((fb >> np.uint64(r - lo)) & np.uint64(1)) >= bar:
                    buf_rows[listed] = r
                    buf_sums[listed] = t
                    buf_marks[listed] = marks[r]
                    listed += 1
        acc[lo:hi] = 0.0
        marks[lo:hi] = 0
    tally[0] += scored
    tally[1] += passed
    tally[2] = deepest
    return listed


@_jit
def _walk_unfiltered(
    start: Int,
    stop: Int,
    cum: Any,
    n_filters: Int,
    reach: Float,
    bar: Float,
    scratch: ScratchArrays,
    tally: Any,
) -> Int:
    """`_walk` ignoring the filters, for the suggestions once the filters left nothing (rare);
    tally[2]: the most filters (`cum`) any candidate passed."""
    touched, acc, marks = scratch.rows, scratch.acc, scratch.marks
    buf_rows, buf_sums, buf_marks = scratch.buf_rows, scratch.buf_sums, scratch.buf_marks
    listed = 0
    for j in range(start, stop):
        r = touched[j]
        t = acc[r]
        acc[r] = 0.0
        count = marks[r]
        marks[r] = 0
        if not t > 0.0:
            continue
        tally[0] += 1
        depth = 0
        while depth < n_filters and (cum[depth, r >> 6] >> (r & 63)) & 1 != 0:
            depth += 1
        tally[2] = max(tally[2], depth)
        if t * reach >= bar:
            buf_rows[listed] = r
            buf_sums[listed] = t
            buf_marks[listed] = count
            listed += 1
    return listed
