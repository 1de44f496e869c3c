"""The small compiled helpers the kernels are made of: a posting's boost and final score, its
ranking key, the insertion into the sorted top k, binary searches, popcount.

Exactness: these reproduce the NumPy reference (`reference.py`) bit for bit. A score is rounded
to float32 after each operation (`_factor`, `_final`), as NumPy's float32 arrays are; the
ranking key is the score rounded to 6 decimals (`_rounded`), then the newer posting
(`_recency`), then the id's rank (`_better`).

What it costs (measured on the 2-core machine the bench runs on): a compiled call that passes
arrays costs reference counting, so the small helpers are inlined (`_inline`): with on-disk
caching, a call that is not inlined costs more than the work it does. The functions here and in
the kernels' other modules are compiled when numba is available (cached in __pycache__: about
10 s the first time after a change to any module of this package, then a fraction of a second
per process) and plain Python otherwise, where nothing calls them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from index import compiled
from index.kernels.arrays import Boosts

# Every compiled function of the package is stamped with all its modules (see `Family`): a
# kernel keeps no stale copy of a helper inlined from here.
_family = compiled.Family(Path(__file__).parent)
_jit = _family.jit
_inline = _family.inline

# The compiled functions' arguments are typed by numba from the values passed (Python or NumPy
# scalars alike); these names only say what is expected.
Int = Any
Float = Any
Flag = Any

_f32 = np.float32
_HALF = np.float32(0.5)
_TITLE_HIT = 1 << 16  # `marks`: coord hits in the low 16 bits, all typed words in the title above


@_inline
def _factor(
    flag: Int, level_bit: Int, clash_mask: Int, title_all: Flag, up: Any, clash: Any, title: Any
) -> Any:
    """A posting's boost multiplier, rounded to float32 after each step like NumPy's."""
    f = _f32(1.0)
    if level_bit != 0:
        if flag & level_bit:
            f = _f32(f * up)
        else:
            bits = flag & clash_mask
            while bits:
                f = _f32(f * clash)
                bits &= bits - 1
    if title_all:
        f = _f32(f * title)
    return f


@_inline
def _final(
    total: Float,
    mark: Int,
    n_counted: Int,
    n_title: Int,
    flag: Int,
    level_bit: Int,
    clash_mask: Int,
    up: Any,
    clash: Any,
    title: Any,
) -> Any:
    """A touched posting's score from its float64 sum and marks: coord factor, boosts."""
    s = _f32(total)
    if n_counted > 1:
        share = _f32(_f32(mark & 0xFFFF) / _f32(n_counted))
        s = _f32(s * _f32(_HALF + _f32(_HALF * share)))
    if s > 0:
        title_all = n_title > 0 and mark >= _TITLE_HIT
        s = _f32(s * _factor(flag, level_bit, clash_mask, title_all, up, clash, title))
    return s


@_inline
def _recency(day: Int) -> Int:
    # Among equal scores the newer posting first; an undated one (NO_DATE, the smallest int32)
    # after every dated one — never "newest". The NumPy ranking sorts by -days in int64 alike.
    return day


@_inline
def _rounded(s: Any) -> Float:
    return float(np.rint(np.float64(s) * 1e6) / 1e6)  # == np.round(x, 6) on float64


@_inline
def _better(rs_a: Float, d_a: Int, i_a: Int, rs_b: Float, d_b: Int, i_b: Int) -> Flag:
    if rs_a != rs_b:
        return rs_a > rs_b
    if d_a != d_b:
        return d_a > d_b
    return i_a < i_b


@_jit
def _offer(
    s_row: Any,
    s_score: Any,
    s_rs: Any,
    s_d: Any,
    s_i: Any,
    s_g: Any,
    cnt: Int,
    r: Int,
    s: Any,
    rs: Float,
    d: Int,
    i: Int,
    g: Int,
) -> Int:
    """Offer a row to a sorted list of at most len(s_row) rows, one per group; the new count.
    Callers reject the common case (worse than the last of a full list) before calling: a call
    passing arrays costs refcounting."""
    k = len(s_row)
    if cnt == k and not _better(rs, d, i, s_rs[cnt - 1], s_d[cnt - 1], s_i[cnt - 1]):
        return cnt
    for j in range(cnt):
        if s_g[j] == g:  # its group is held: keep the better of the two
            if not _better(rs, d, i, s_rs[j], s_d[j], s_i[j]):
                return cnt
            for t in range(j, cnt - 1):
                s_row[t] = s_row[t + 1]
                s_score[t] = s_score[t + 1]
                s_rs[t] = s_rs[t + 1]
                s_d[t] = s_d[t + 1]
                s_i[t] = s_i[t + 1]
                s_g[t] = s_g[t + 1]
            cnt -= 1
            break
    pos = cnt
    while pos > 0 and _better(rs, d, i, s_rs[pos - 1], s_d[pos - 1], s_i[pos - 1]):
        pos -= 1
    for t in range(min(cnt, k - 1), pos, -1):
        s_row[t] = s_row[t - 1]
        s_score[t] = s_score[t - 1]
        s_rs[t] = s_rs[t - 1]
        s_d[t] = s_d[t - 1]
        s_i[t] = s_i[t - 1]
        s_g[t] = s_g[t - 1]
    s_row[pos] = r
    s_score[pos] = s
    s_rs[pos] = rs
    s_d[pos] = d
    s_i[pos] = i
    s_g[pos] = g
    return min(cnt + 1, k)


@_jit
def _boost_tables(boosts: Boosts, title_possible: Int, by_seniority_only: Int) -> tuple[Any, Any]:
    """Boost multipliers by flags byte, without and with the title boost (a lookup per row,
    not branches). `by_seniority_only` (a question without words): a posting scores 1 × its
    boost when its title has the asked seniority, else 0."""
    level_bit, clash_mask, fs = boosts
    boost = np.empty(256, dtype=np.float32)
    boost_title = np.empty(256, dtype=np.float32)
    for flag in range(256):
        f = _factor(flag, level_bit, clash_mask, False, fs[0], fs[1], fs[2])
        boost[flag] = f
        boost_title[flag] = _f32(f * fs[2]) if title_possible else f
        if by_seniority_only and not (level_bit != 0 and flag & level_bit):
            boost[flag] = 0.0
            boost_title[flag] = 0.0
    return boost, boost_title


@_inline
def _has(indices: Any, lo: Int, hi: Int, r: Int) -> Flag:
    """Does the sorted slice indices[lo:hi] hold r (binary search)."""
    end = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if indices[mid] < r:
            lo = mid + 1
        else:
            hi = mid
    return lo < end and indices[lo] == r


@_inline
def _popcount(x: Any) -> Int:
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return np.int64((x * np.uint64(0x0101010101010101)) >> np.uint64(56))


@_inline
def _until(indices: Any, lo: Int, hi: Int, below: Int) -> Int:
    """The first position in the sorted indices[lo:hi] holding a row >= below."""
    while lo < hi:
        mid = (lo + hi) // 2
        if indices[mid] < below:
            lo = mid + 1
        else:
            hi = mid
    return lo
