"""The query's number crunching: sum the query's columns, filter, pick the exact top k.

Two backends compute the same results, bit for bit:

- `NUMBA` (when numba imports): compiled kernels whose cost follows the postings of the query's
  columns, not the corpus. `_search_kernel`, for a question with words (the common case), adds the
  column slices into a float64 buffer per search in flight — keeping a list of the touched
  postings, or, when the columns cover a quarter of the postings or more (`DENSE_SHARE`), walking
  them all in order — then walks the candidates once: counts those that score and those that pass
  the filters (a bitmap per filter value, remembered by the index), and sets aside only those
  whose sum times the largest multiplier they could get reaches the k-th best score so far. Only
  those get the exact score and the exact ranking key. Buffers are zeroed as they are read.
  `_recent_kernel`, for a question without words (every posting competes), walks the postings
  newest first and stops once no later one can enter the page. Questions with hard word
  constraints (#tags, "phrases", -excluded), pages deeper than SMALL_K and "more like this" get
  their scores from `_score_kernel` and their selection from NumPy.
- `NUMPY`: whole-array NumPy operations (`bincount`, masks, `lexsort`), as search worked before
  the kernels: the fallback without numba (or with JOBBOT_NO_NUMBA set), and the reference the
  kernels are tested against (tests/index/test_kernels.py).

Exactness. Sums are taken in float64 in the order of the query's parts and rounded to float32
once, as `np.bincount(...).astype(float32)` does; every later step (coord factor, boosts) rounds
to float32 after each operation, as NumPy's float32 arrays do. The ranking key is the score
rounded to 6 decimals (so that sums taken in another order still tie), then the newer posting
(an undated one counting as the newest, as NumPy's int32 `-days` has it), then the id's rank;
postings of one near-duplicate group fold into their best one.

What it costs (measured on the 2-core machine the bench runs on): a branch on data in a per-row
loop is mispredicted all along, so the per-row loops branch once, almost never taken; an n-sized
array allocated per query costs more in page faults than the query, so buffers are reused; a
compiled call that passes arrays costs reference counting, so small helpers are inlined.

A kernel sees the index as `IndexArrays` (read-only arrays) and the query as `Parts` (which
columns, with which weights and roles), `Boosts` and `Filters`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from index import compiled
from index.build import NO_DATE

__all__ = [
    "DEFAULT",
    "DENSE_SHARE",
    "FILTER_NAMES",
    "KIND_COUNTED",
    "KIND_RELATED",
    "KIND_TITLE",
    "KIND_TYPED",
    "NO_FILTERS",
    "NO_ROWS",
    "NUMBA",
    "NUMPY",
    "SMALL_K",
    "Backend",
    "Bitmap",
    "Boosts",
    "Filters",
    "IndexArrays",
    "Parts",
    "Scratch",
    "ScratchPool",
    "Selection",
    "base_scores",
    "bitmap_words",
    "newest_first",
    "ready",
    "to_bitmap",
]

log = logging.getLogger(__name__)

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
AnyArray = npt.NDArray[Any]
Bitmap = npt.NDArray[np.uint64]

# What a query part does (`Parts.kinds`).
KIND_TYPED = 0  # a typed word's column of the full matrix: adds to the score
KIND_COUNTED = 1  # the same, and counts for the coord factor
KIND_RELATED = 2  # a synonym's column of the title + tags matrix: adds to the score
KIND_TITLE = 3  # a typed word's column of the title + tags matrix: only checks presence

# Filters in the order they are applied and reported; bit i of `Filters.active` is filter i.
FILTER_NAMES = ("workplace", "location", "company", "job_type", "since")
SMALL_K = 64  # pages up to this deep: the fused kernels, in a small sorted list; deeper: NumPy
_UNDATED = 2**31  # how NO_DATE ranks among equal scores (see `_recency`)
_TINIEST = 5e-324  # the smallest positive float64


class IndexArrays(NamedTuple):
    """The per-posting and per-column arrays the kernels read (never write)."""

    m_indptr: AnyArray  # full matrix, CSC
    m_indices: AnyArray
    m_data: FloatArray
    t_indptr: AnyArray  # title + tags matrix, CSC
    t_indices: AnyArray
    t_data: FloatArray
    flags: npt.NDArray[np.uint8]  # bit 0 remote, bit 1 hybrid, bits 2.. seniority levels
    days: IntArray
    id_rank: IntArray
    groups: IntArray
    loc_codes: IntArray
    comp_codes: IntArray
    jt_codes: IntArray
    ones: Bitmap  # every posting: the bitmap of no filter


class Parts(NamedTuple):
    """The columns a query scores, in summing order, with their weights and roles."""

    cols: IntArray
    weights: FloatArray
    kinds: npt.NDArray[np.int8]
    n_counted: int  # how many KIND_COUNTED parts (the coord factor applies when > 1)
    n_title: int  # distinct typed words; all in a title earns the title boost (0: no boost)


class Boosts(NamedTuple):
    level_bit: int  # the asked seniority's flag bit, 0 for none
    clash_mask: int  # flag bits of the opposite seniorities
    factors: FloatArray  # [seniority match, seniority clash, all typed words in the title]


class Filters(NamedTuple):
    active: int  # bit i: FILTER_NAMES[i] applies
    wmask: int  # workplace: (flags & wmask) == wwant
    wwant: int
    loc_table: BoolArray  # per location code
    comp_table: BoolArray  # per company code
    jt_table: BoolArray  # per job type code
    min_day: int  # since: days >= min_day
    # The same filters as bitmaps (bit r of word r // 64: posting r passes), one per active
    # filter, for the numba backend's fused kernels; optional (without them it takes the
    # general path).
    bits: tuple[Bitmap, ...] = ()


NO_FILTERS = Filters(
    0, 0, 0, np.zeros(1, dtype=bool), np.zeros(1, dtype=bool), np.zeros(1, dtype=bool), 0
)
NO_ROWS: IntArray = np.zeros(0, dtype=np.int32)
NO_ROWS.flags.writeable = False


def bitmap_words(n: int) -> int:
    return max(1, (n + 63) // 64)


def to_bitmap(mask: BoolArray) -> Bitmap:
    """A boolean mask as a bitmap: bit r % 64 of word r // 64 is mask[r]; padding bits zero."""
    packed = np.zeros(bitmap_words(len(mask)) * 8, dtype=np.uint8)
    bytes_ = np.packbits(mask, bitorder="little")
    packed[: len(bytes_)] = bytes_
    bitmap: Bitmap = packed.view("<u8").astype(np.uint64)
    bitmap.flags.writeable = False
    return bitmap


def newest_first(days: IntArray, id_rank: IntArray) -> IntArray:
    """Every row in ranking order among equal scores: newest first (an undated posting counts
    as the newest, as in `_top_np`), then by id."""
    order: IntArray = np.lexsort((id_rank, -np.asarray(days, dtype=np.int32))).astype(np.int32)
    return order


class Selection(NamedTuple):
    rows: npt.NDArray[np.int64]  # the best k that pass the filters, best first
    scores: FloatArray
    total: int  # how many pass the filters
    emptied: int  # index in FILTER_NAMES of the filter that emptied the result, or -1
    suggest_rows: npt.NDArray[np.int64]  # when emptied: the best k_suggest without filters
    suggest_scores: FloatArray


class Scratch:
    """Working memory of one search in flight (numba backend): 20 bytes per posting, zero
    between searches; pages a search never touches are never mapped."""

    __slots__ = ("acc", "bits", "buf_marks", "buf_rows", "buf_sums", "marks", "rows", "scores")

    def __init__(self, n: int) -> None:
        self.acc = np.zeros(n, dtype=np.float64)  # score sums
        self.marks = np.zeros(n, dtype=np.int32)  # coord hits, + 65536 per title hit
        self.rows = np.zeros(n + 1, dtype=np.int32)  # the touched rows (+ a spare); rows out
        self.scores = np.zeros(n, dtype=np.float32)  # scores out
        self.buf_rows = np.zeros(_BLOCK, dtype=np.int64)  # rows set aside by the walk,
        self.buf_sums = np.zeros(_BLOCK, dtype=np.float64)  # their sums
        self.buf_marks = np.zeros(_BLOCK, dtype=np.int32)  # and coord hits
        self.bits = np.zeros((len(FILTER_NAMES), bitmap_words(n)), dtype=np.uint64)  # filters


class Backend(Protocol):
    name: str
    uses_scratch: bool

    def score(
        self, ix: IndexArrays, parts: Parts, boosts: Boosts, scratch: Scratch | None
    ) -> tuple[IntArray, FloatArray]:
        """Rows with a positive score and their boosted scores (any order). With a scratch
        buffer they are views into it: valid until the buffer is used again."""
        ...

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
        """Filter the candidates and pick the best k; `rows=None` means every posting, scored
        by seniority alone (a question without words)."""
        ...

    def search(
        self,
        ix: IndexArrays,
        parts: Parts | None,
        boosts: Boosts,
        filters: Filters,
        k: int,
        k_suggest: int,
        scratch: Scratch | None,
        by_date: IntArray | None = None,
        hidden: IntArray = NO_ROWS,
    ) -> Selection:
        """`score` then `select`, fused when it pays. `parts=None`: a question without words;
        `by_date`: every row, newest first then by id (see `newest_first`); `hidden`: rows
        that are no candidates (sorted)."""
        ...

    def contains(
        self, indptr: AnyArray, indices: AnyArray, cols: IntArray, rows: npt.NDArray[np.int64]
    ) -> BoolArray:
        """[i, j]: does column cols[j] (sorted row indices) hold rows[i]."""
        ...


# ---------------------------------------------------------------------------- NumPy backend


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
        lambda: (ix.flags[rows] & filters.wmask) == filters.wwant,
        lambda: filters.loc_table[ix.loc_codes[rows]],
        lambda: filters.comp_table[ix.comp_codes[rows]],
        lambda: filters.jt_table[ix.jt_codes[rows]],
        lambda: ix.days[rows] >= filters.min_day,
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
            # argpartition on the negated scores: fast on mostly-zero vectors (DESIGN.md §6).
            kth = np.partition(-rounded, want - 1)[want - 1]
            pool = positions[-rounded <= kth]  # everything tied with the k-th stays in
        else:
            pool = positions
        pool_rows = rows[pool]
        # -days in int32: NO_DATE (-2**31) negates to itself, so undated postings come first.
        order = pool[np.lexsort((ix.id_rank[pool_rows], -ix.days[pool_rows], -rounded[pool]))]
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
        return rows.astype(np.int32), scores[rows] * factor

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


# ---------------------------------------------------------------------------- numba backend
# The functions below are compiled by `_jit` when numba is available (cached in __pycache__:
# about 10 s the first time, then a fraction of a second per process) and plain Python otherwise,
# where nothing calls them. Small helpers are inlined: with on-disk caching, a call that is not
# inlined costs more than the work it does.

_jit = compiled.jit
_inline = compiled.inline


# The compiled functions' arguments are typed by numba from the values passed (Python or NumPy
# scalars alike); these names only say what is expected.
Int = Any
Float = Any
Flag = Any

_f32 = np.float32
_HALF = np.float32(0.5)
_TITLE_HIT = 1 << 16  # `marks`: coord hits in the low 16 bits, all typed words in the title above
DENSE_SHARE = 4  # columns with >= n / DENSE_SHARE entries: walk every posting, not a list
_BLOCK = 1 << 12  # rows the walk may set aside before it handles them
_DENSE_BLOCK = 1 << 14  # rows whose sums (8 bytes) and marks (4) are added and walked together


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
    # The NumPy ranking sorts by -days in int32, where NO_DATE (-2**31) negates to itself: an
    # undated posting ranks as the newest among equal scores. Kept, to rank exactly alike.
    return _UNDATED if day == NO_DATE else day


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
def _scatter(
    indices: Any,
    data: Any,
    lo: Int,
    hi: Int,
    w: Any,
    counted: Int,
    track: Int,
    acc: Any,
    marks: Any,
    touched: Any,
    m: Int,
) -> Int:
    """Add one column slice × w into acc (float64, summed in part order like `np.bincount`).
    With `track`, a row seen for the first time joins `touched`: values are positive, so
    acc[r] == 0 means "not seen"."""
    if track:
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
    elif counted:
        for j in range(lo, hi):
            r = indices[j]
            acc[r] += _f32(data[j] * w)
            marks[r] += 1
    else:
        for j in range(lo, hi):
            acc[indices[j]] += _f32(data[j] * w)
    return min(m, len(touched) - 1)  # (more only if zero values made a row look new twice)


@_jit
def _mark_title_all(
    t_indptr: Any, t_indices: Any, cols: Any, kinds: Any, n_title: Int, acc: Any, marks: Any
) -> None:
    """Mark the scored postings whose title + tags hold every typed word: walk the shortest
    title column and gallop through the others (all sorted), instead of scattering them all."""
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
    if n_cols == 0 or n_cols < n_title:  # a typed word nobody uses: no title has them all
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
def _scatter_parts(
    m_indptr: Any,
    m_indices: Any,
    m_data: Any,
    t_indptr: Any,
    t_indices: Any,
    t_data: Any,
    cols: Any,
    weights: Any,
    kinds: Any,
    n_counted: Int,
    n_title: Int,
    track: Int,
    acc: Any,
    marks: Any,
    touched: Any,
) -> Int:
    """All the query's parts into acc / marks; the number of touched rows when `track`."""
    coord = n_counted > 1
    m = np.int64(0)
    for p in range(len(cols)):
        c = cols[p]
        kind = kinds[p]
        if kind in (KIND_TYPED, KIND_COUNTED):
            m = _scatter(
                m_indices, m_data, m_indptr[c], m_indptr[c + 1], weights[p],
                np.int64(coord and kind == KIND_COUNTED), np.int64(track), acc, marks, touched, m,
            )  # fmt: skip
        elif kind == KIND_RELATED:
            m = _scatter(
                t_indices, t_data, t_indptr[c], t_indptr[c + 1], weights[p], np.int64(0),
                np.int64(track), acc, marks, touched, m,
            )  # fmt: skip
    if n_title > 0:
        _mark_title_all(t_indptr, t_indices, cols, kinds, n_title, acc, marks)
    return m


@_jit
def _score_kernel(
    m_indptr: Any,
    m_indices: Any,
    m_data: Any,
    t_indptr: Any,
    t_indices: Any,
    t_data: Any,
    flags: Any,
    cols: Any,
    weights: Any,
    kinds: Any,
    n_counted: Int,
    n_title: Int,
    level_bit: Int,
    clash_mask: Int,
    fs: Any,
    acc: Any,
    marks: Any,
    touched: Any,
    out_scores: Any,
) -> Int:
    """Score the touched rows; the m with a positive score end up in touched[:m], their scores
    in out_scores[:m]. Every buffer is n long, zero (acc, marks) and reused: allocating per query
    costs more in page faults than the query itself."""
    up, clash, title = fs[0], fs[1], fs[2]
    m = _scatter_parts(
        m_indptr, m_indices, m_data, t_indptr, t_indices, t_data, cols, weights, kinds,
        n_counted, n_title, np.int64(1), acc, marks, touched,
    )  # fmt: skip
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
        if s > 0:
            touched[kept] = r  # kept <= j: compacting in place
            out_scores[kept] = s
            kept += 1
    return kept


@_jit
def _boost_tables(
    level_bit: Int, clash_mask: Int, fs: Any, title_possible: Int, by_seniority_only: Int
) -> tuple[Any, Any]:
    """Boost multipliers by flags byte, without and with the title boost (a lookup per row,
    not branches). `by_seniority_only` (a question without words): a posting scores 1 × its
    boost when its title has the asked seniority, else 0."""
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


@_jit
def _walk(
    start: Int,
    stop: Int,
    touched: Any,
    acc: Any,
    marks: Any,
    bits: Any,
    reach: Float,
    bar: Float,
    buf_rows: Any,
    buf_sums: Any,
    buf_marks: Any,
    tally: Any,
) -> Int:
    """The hot loop over listed rows touched[start:stop]: count them in tally (scored: a
    positive sum; passed: and their bit in `bits`), reset their sums and marks, and set aside
    (row, sum, marks) those whose sum × reach × filter bit reaches `bar` — a bound on their
    final score, so only those can enter the page. One branch, almost never taken: branching
    on "positive?" or "passes?" would be mispredicted all along (and even a branch that always
    goes the same way slows this loop down: hence an all-ones bitmap for no filter). Returns
    how many were set aside."""
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
    acc: Any,
    marks: Any,
    bits: Any,
    reach: Float,
    bar: Float,
    buf_rows: Any,
    buf_sums: Any,
    buf_marks: Any,
    cum: Any,
    depth_of: Int,
    tally: Any,
) -> Int:
    """`_walk` over every row start..stop (start a multiple of 64), 64 rows at a time: one
    word of "positive?" bits, counted against the filter's word (popcount); the rows are
    looked at one by one only in a word where some sum reaches the bar. The inner loops have
    no branch, so the compiler vectorises them. With `depth_of` filters (the suggestions'
    walk), tally[2] keeps the most of cum's filters any candidate passes."""
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
    touched: Any,
    acc: Any,
    marks: Any,
    cum: Any,
    n_filters: Int,
    reach: Float,
    bar: Float,
    buf_rows: Any,
    buf_sums: Any,
    buf_marks: Any,
    tally: Any,
) -> Int:
    """`_walk` ignoring the filters, for the suggestions once the filters left nothing (rare);
    tally[2]: the most filters (`cum`) any candidate passed."""
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


@_jit
def _add_rows(
    m_indptr: Any,
    m_indices: Any,
    m_data: Any,
    t_indptr: Any,
    t_indices: Any,
    t_data: Any,
    cols: Any,
    weights: Any,
    kinds: Any,
    coord: Flag,
    cur: Any,
    below: Int,
    acc: Any,
    marks: Any,
) -> None:
    """Add every column's entries for rows below `below`, from where each stopped (columns
    are sorted by row): the parts in order for every row, as `np.bincount` sums them."""
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


@_jit
def _search_kernel(
    m_indptr: Any,
    m_indices: Any,
    m_data: Any,
    t_indptr: Any,
    t_indices: Any,
    t_data: Any,
    flags: Any,
    days: Any,
    id_rank: Any,
    groups: Any,
    cols: Any,
    weights: Any,
    kinds: Any,
    n_counted: Int,
    n_title: Int,
    level_bit: Int,
    clash_mask: Int,
    fs: Any,
    cum: Any,
    n_filters: Int,
    ones: Any,
    hidden: Any,
    suggest: Flag,
    k: Int,
    dense_share: Int,
    acc: Any,
    marks: Any,
    touched: Any,
    buf_rows: Any,
    buf_sums: Any,
    buf_marks: Any,
) -> tuple[Any, Any, Int, Int, Int]:
    """The best k postings for a question with words, how many pass the filters and how many
    score at all. cum[f]: bitmap (a bit per posting) of the postings passing the first f + 1
    filters. With `suggest` (the filters left nothing): the best k ignoring the filters, and
    how many filters the furthest candidate passed. k at most SMALL_K.

    The parts' column slices are summed into acc (float64, in part order, as `np.bincount`
    does), coord hits counted in marks. Short columns: the touched rows are listed as they
    come. Columns covering a good share of the postings: plain adds, then a walk over every
    posting (no list to build). The walk is one tight loop: a row counts if its sum is
    positive (and its filter bit set), and is set aside only if its score before boosts times
    the largest boost reaches the k-th best score so far; only those few get the exact boosts
    (the title check by binary search), the exact ranking key and the insertion.

    A posting counts as scored when its sum is positive; NumPy's reference asks the same of
    the sum rounded to float32 and times the coord factor: the same, for sums above 1e-44.
    Entries and weights are positive tf-idf values well above that (what `fit` builds)."""
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
    boost, boost_title = _boost_tables(
        level_bit, clash_mask, fs, np.int64(title_possible), np.int64(0)
    )
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
        m = _scatter_parts(
            m_indptr, m_indices, m_data, t_indptr, t_indices, t_data, cols, weights, kinds,
            n_counted, np.int64(0), np.int64(1), acc, marks, touched,
        )  # fmt: skip
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
    bits = cum[n_filters - 1] if n_filters and not suggest else ones
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
            _add_rows(
                m_indptr, m_indices, m_data, t_indptr, t_indices, t_data, cols, weights, kinds,
                coord, cur, added, acc, marks,
            )  # fmt: skip
            while next_hidden < len(hidden) and hidden[next_hidden] < added:
                acc[hidden[next_hidden]] = 0.0
                next_hidden += 1
        if dense:
            listed = _walk_dense(
                start, stop, acc, marks, bits, reach, bar, buf_rows, buf_sums, buf_marks,
                cum, n_filters if suggest else 0, tally,
            )  # fmt: skip
        elif suggest:
            listed = _walk_unfiltered(
                start, stop, touched, acc, marks, cum, n_filters, reach, bar,
                buf_rows, buf_sums, buf_marks, tally,
            )  # fmt: skip
        else:
            listed = _walk(
                start, stop, touched, acc, marks, bits, reach, bar,
                buf_rows, buf_sums, buf_marks, tally,
            )  # fmt: skip
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
            if np.float64(s) < bar:
                continue
            rs, d, i = _rounded(s), _recency(days[r]), id_rank[r]
            if cnt < k or _better(rs, d, i, s_rs[k - 1], s_d[k - 1], s_i[k - 1]):
                cnt = _offer(s_row, s_score, s_rs, s_d, s_i, s_g, cnt, r, s, rs, d, i, groups[r])
                if cnt == k:
                    bar = s_rs[k - 1] - 1e-6
    return s_row[:cnt], s_score[:cnt], tally[1], tally[0], tally[2]


@_jit
def _recent_kernel(
    by_date: Any,
    flags: Any,
    days: Any,
    id_rank: Any,
    groups: Any,
    level_bit: Int,
    clash_mask: Int,
    fs: Any,
    cum: Any,
    n_filters: Int,
    hidden: Any,
    k: Int,
) -> tuple[Any, Any]:
    """The best k postings for a question without words: by seniority match, then newest.
    Walks the postings newest first and stops once the k held have the best score there is:
    every later posting is older (or as old, with a later id). `hidden` (sorted): skipped."""
    boost, _ = _boost_tables(level_bit, clash_mask, fs, np.int64(0), np.int64(1))
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


@_jit
def _contains_kernel(indptr: Any, indices: Any, cols: Any, rows: Any) -> Any:
    out = np.zeros((len(rows), len(cols)), dtype=np.bool_)
    for j in range(len(cols)):
        lo0 = indptr[cols[j]]
        hi0 = indptr[cols[j] + 1]
        for i in range(len(rows)):
            lo, hi = lo0, hi0
            while lo < hi:  # binary search in the sorted column
                mid = (lo + hi) // 2
                if indices[mid] < rows[i]:
                    lo = mid + 1
                else:
                    hi = mid
            out[i, j] = lo < hi0 and indices[lo] == rows[i]
    return out


class _CompiledBackend:
    """The loops above, compiled by numba."""

    name = "numba"
    uses_scratch = True

    def score(
        self, ix: IndexArrays, parts: Parts, boosts: Boosts, scratch: Scratch | None
    ) -> tuple[IntArray, FloatArray]:
        if scratch is None:
            scratch = Scratch(len(ix.flags))
        m = _score_kernel(
            ix.m_indptr, ix.m_indices, ix.m_data, ix.t_indptr, ix.t_indices, ix.t_data,
            ix.flags, parts.cols, parts.weights, parts.kinds, parts.n_counted, parts.n_title,
            boosts.level_bit, boosts.clash_mask, boosts.factors, scratch.acc, scratch.marks,
            scratch.rows, scratch.scores,
        )  # fmt: skip
        return scratch.rows[:m], scratch.scores[:m]

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
        # Given candidates (questions with hard word constraints, long pages, "more like
        # this"): NumPy's whole-array selection costs what they cost, and compiles nothing.
        return NUMPY.select(ix, rows, scores, boosts, filters, k, k_suggest)

    def search(
        self,
        ix: IndexArrays,
        parts: Parts | None,
        boosts: Boosts,
        filters: Filters,
        k: int,
        k_suggest: int,
        scratch: Scratch | None,
        by_date: IntArray | None = None,
        hidden: IntArray = NO_ROWS,
    ) -> Selection:
        n = len(ix.flags)
        fused = (
            k <= SMALL_K
            and k_suggest <= SMALL_K
            and scratch is not None
            and len(filters.bits) == filters.active.bit_count()
            and (parts is not None or by_date is not None)
        )
        if not fused or scratch is None:
            rows, scores = (None, None) if parts is None else self.score(ix, parts, boosts, scratch)
            if len(hidden):
                if rows is None or scores is None:
                    rows = np.arange(n, dtype=np.int32)
                    scores = base_scores(ix.flags, boosts)
                keep = ~np.isin(rows, hidden)
                rows, scores = rows[keep], scores[keep]
            return self.select(ix, rows, scores, boosts, filters, k, k_suggest)
        cum = _cumulative(filters.bits, scratch.bits)
        n_filters = len(filters.bits)
        if parts is None:  # every posting but the hidden ones competes
            page, page_scores = _recent_kernel(
                by_date, ix.flags, ix.days, ix.id_rank, ix.groups, boosts.level_bit,
                boosts.clash_mask, boosts.factors, cum, n_filters, hidden, k,
            )  # fmt: skip
            alive = [_count(cum[f], hidden) for f in range(n_filters)] or [n - len(hidden)]
            if alive[-1] or n == len(hidden):
                return Selection(page, page_scores, alive[-1], -1, _NO_HITS, _NO_SCORES)
            sug, sug_scores = _recent_kernel(
                by_date, ix.flags, ix.days, ix.id_rank, ix.groups, boosts.level_bit,
                boosts.clash_mask, boosts.factors, cum, 0, hidden, k_suggest,
            )  # fmt: skip
            return Selection(
                page, page_scores, 0, _active(filters, alive.index(0)), sug, sug_scores
            )
        args = (
            ix.m_indptr, ix.m_indices, ix.m_data, ix.t_indptr, ix.t_indices, ix.t_data,
            ix.flags, ix.days, ix.id_rank, ix.groups, parts.cols, parts.weights, parts.kinds,
            parts.n_counted, parts.n_title, boosts.level_bit, boosts.clash_mask,
            boosts.factors, cum, n_filters, ix.ones, hidden,
        )  # fmt: skip
        buffers = (
            scratch.acc, scratch.marks, scratch.rows, scratch.buf_rows, scratch.buf_sums,
            scratch.buf_marks,
        )  # fmt: skip
        if not n_filters or cum[-1].any():
            page, page_scores, total, scored, _ = _search_kernel(
                *args, False, k, DENSE_SHARE, *buffers
            )
            if total or not scored:
                return Selection(page, page_scores, int(total), -1, _NO_HITS, _NO_SCORES)
        # The filters leave nothing (known from their bitmap alone, or found out): name the
        # one that did it, and suggest without them.
        sug, sug_scores, _, scored, deepest = _search_kernel(
            *args, True, k_suggest, DENSE_SHARE, *buffers
        )
        if not scored:
            return Selection(_NO_HITS, _NO_SCORES, 0, -1, _NO_HITS, _NO_SCORES)
        return Selection(_NO_HITS, _NO_SCORES, 0, _active(filters, deepest), sug, sug_scores)

    def contains(
        self, indptr: AnyArray, indices: AnyArray, cols: IntArray, rows: npt.NDArray[np.int64]
    ) -> BoolArray:
        out: BoolArray = _contains_kernel(indptr, indices, cols, rows)
        return out


def _active(filters: Filters, depth: int) -> int:
    """The index in FILTER_NAMES of active filter number `depth` (only for emptied results:
    not worth building per search)."""
    return [i for i in range(len(FILTER_NAMES)) if filters.active >> i & 1][depth]


def _count(bits: Bitmap, hidden: IntArray) -> int:
    """Postings in a bitmap, the hidden ones left out."""
    total = int(np.bitwise_count(bits).sum())
    if len(hidden):
        total -= int(((bits[hidden >> 6] >> (hidden & 63).astype(np.uint64)) & 1).sum())
    return total


def _cumulative(bits: tuple[Bitmap, ...], out: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Rows f: the postings passing the first f + 1 filters (AND), as bitmaps."""
    if len(bits) == 1:
        return bits[0][None, :]  # a view: no copy
    if not bits:
        return _NO_BITS[None, :]
    np.copyto(out[0], bits[0])
    for f in range(1, len(bits)):
        np.bitwise_and(out[f - 1], bits[f], out=out[f])
    view = out[: len(bits)].view()
    view.flags.writeable = False  # like the cached bitmaps: one compiled kernel for both
    return view


_NO_BITS = np.zeros(1, dtype=np.uint64)
_NO_BITS.flags.writeable = False
_NO_HITS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float32)
NUMBA: Backend | None = _CompiledBackend() if compiled.AVAILABLE else None
DEFAULT: Backend = NUMBA or NUMPY
if NUMBA is None:
    log.debug("numba not available (%s): searching with numpy", compiled.ERROR)
_warm_lock = threading.Lock()
_warmed: Backend | None = None


def ready() -> Backend:
    """The backend to search with, its kernels compiled (or loaded from numba's cache).

    The first call in a process does it, on a tiny index built to give every kernel the
    argument types a real index gives it: about 10 s the first time after an install or a
    change to this file, well under a second afterwards — paid when an index is opened, not
    by someone's first question. Should compiling fail, searching goes on with NumPy.
    """
    global _warmed
    with _warm_lock:
        if _warmed is None:
            _warmed = NUMPY
            if NUMBA is not None:
                try:
                    _warm_up(NUMBA)
                    _warmed = NUMBA
                except Exception:  # pragma: no cover - a numba that cannot compile here
                    log.exception("numba kernels failed to compile: searching with numpy")
        return _warmed


def _warm_up(backend: Backend) -> None:
    def ro(values: list[Any], dtype: Any) -> AnyArray:
        array = np.array(values, dtype=dtype)
        array.flags.writeable = False
        return array

    n = 3
    ix = IndexArrays(
        ro([0, 2, 3], np.int32), ro([0, 1, 2], np.int32), ro([0.5, 0.7, 1.0], np.float32),
        ro([0, 1, 2], np.int32), ro([0, 2], np.int32), ro([1.0, 1.0], np.float32),
        ro([1, 4, 0], np.uint8), ro([738000, NO_DATE, 738001], np.int32),
        ro([2, 0, 1], np.int32), ro([0, 1, 1], np.int32), ro([0, 0, 1], np.int32),
        ro([0, 1, 0], np.int32), ro([0, 0, 0], np.int32),
        to_bitmap(np.ones(n, dtype=bool)),
    )  # fmt: skip
    parts = Parts(
        np.array([0, 1, 1, 0], dtype=np.int32),
        np.array([1.0, 2.0, 0.5, 0.0], dtype=np.float32),
        np.array([KIND_COUNTED, KIND_COUNTED, KIND_RELATED, KIND_TITLE], dtype=np.int8),
        2,
        1,
    )
    boosts = Boosts(4, 8, ro([1.25, 0.8, 1.3], np.float32))
    table = np.array([True, False])
    bits = (to_bitmap(np.array([True, False, True])), to_bitmap(np.array([False, True, False])))
    filters = Filters(3, 1, 1, table, table, table, 0, bits)
    scratch = Scratch(n)
    hidden = ro([2], np.int32)
    by_date = newest_first(ix.days, ix.id_rank)
    by_date.flags.writeable = False
    for f in (NO_FILTERS, filters, filters._replace(active=1, bits=bits[:1])):
        backend.search(ix, parts, boosts, f, 2, 2, scratch, None, hidden)
        backend.search(ix, None, boosts, f, 2, 2, scratch, by_date, NO_ROWS)
    rows, _ = backend.score(ix, parts, boosts, scratch)
    backend.contains(ix.m_indptr, ix.m_indices, parts.cols, rows.astype(np.int64))


class ScratchPool:
    """Scratch buffers for concurrent searches: one per search in flight, reused afterwards.

    The Slack app searches from several worker threads at once; each search takes a buffer
    from the pool (or makes one) and gives it back zeroed. A search that fails drops its
    buffer, which might not be clean.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self._free: list[Scratch] = []
        self._lock = threading.Lock()

    def take(self) -> Scratch:
        with self._lock:
            if self._free:
                return self._free.pop()
        return Scratch(self.n)

    def give(self, scratch: Scratch) -> None:
        with self._lock:
            self._free.append(scratch)
