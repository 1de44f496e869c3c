"""Which backend searches, and getting it ready: the compiled backend (`NUMBA`, when numba
imports and JOBBOT_NO_NUMBA is not set) or NumPy's (`reference.NUMPY`); `ready()` compiles the
kernels (or loads them from numba's cache) before the first question; `ScratchPool` lends each
search in flight its working memory.

The compiled backend runs a question with words, a page up to SMALL_K deep and a bitmap for
every filter in one fused call (`fused._search_kernel`; without words `fused._recent_kernel`).
Questions with hard word constraints (#tags, "phrases", -excluded), deeper pages and "more like
this" get their scores from `scatter._score_kernel` and their selection from NumPy.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from index import compiled
from index.build import NO_DATE
from index.kernels.arrays import (
    FILTER_NAMES,
    KIND_COUNTED,
    KIND_RELATED,
    KIND_TITLE,
    NO_FILTERS,
    NO_ROWS,
    SMALL_K,
    AnyArray,
    Backend,
    Bitmap,
    BoolArray,
    Boosts,
    Filters,
    FloatArray,
    IndexArrays,
    IntArray,
    Parts,
    Pick,
    Scratch,
    Selection,
    newest_first,
    to_bitmap,
)
from index.kernels.fused import _recent_kernel, _search_kernel
from index.kernels.primitives import _jit
from index.kernels.reference import NUMPY, base_scores
from index.kernels.scatter import _score_kernel

__all__ = ["DEFAULT", "DENSE_SHARE", "NUMBA", "ScratchPool", "ready"]

log = logging.getLogger(__name__)

# Columns with >= n / DENSE_SHARE entries: the fused kernel walks every posting, not a list.
# Read here at each search (the tests patch it here, on this module).
DENSE_SHARE = 4


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
    """The compiled kernels (fused.py, scatter.py), selecting with NumPy where it pays."""

    name = "numba"
    uses_scratch = True

    def score(
        self, ix: IndexArrays, parts: Parts, boosts: Boosts, scratch: Scratch | None
    ) -> tuple[IntArray, FloatArray]:
        if scratch is None:
            scratch = Scratch(len(ix.flags))
        m = _score_kernel(tuple(ix), tuple(parts), tuple(boosts), tuple(scratch))
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
        # The kernels take plain tuples (see fused.py).
        ix_, boosts_, scratch_ = tuple(ix), tuple(boosts), tuple(scratch)
        pick = Pick(k, cum, n_filters, hidden, False)
        if parts is None:  # every posting but the hidden ones competes
            page, page_scores = _recent_kernel(by_date, ix_, boosts_, tuple(pick))
            alive = [_count(cum[f], hidden) for f in range(n_filters)] or [n - len(hidden)]
            if alive[-1] or n == len(hidden):
                return Selection(page, page_scores, alive[-1], -1, _NO_HITS, _NO_SCORES)
            unfiltered = pick._replace(k=k_suggest, n_filters=0)
            sug, sug_scores = _recent_kernel(by_date, ix_, boosts_, tuple(unfiltered))
            return Selection(
                page, page_scores, 0, _active(filters, alive.index(0)), sug, sug_scores
            )
        parts_ = tuple(parts)
        if not n_filters or cum[-1].any():
            page, page_scores, total, scored, _ = _search_kernel(
                ix_, parts_, boosts_, tuple(pick), scratch_, DENSE_SHARE
            )
            if total or not scored:
                return Selection(page, page_scores, int(total), -1, _NO_HITS, _NO_SCORES)
        # The filters leave nothing (known from their bitmap alone, or found out): name the
        # one that did it, and suggest without them.
        suggest = pick._replace(k=k_suggest, suggest=True)
        sug, sug_scores, _, scored, deepest = _search_kernel(
            ix_, parts_, boosts_, tuple(suggest), scratch_, DENSE_SHARE
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
    change to any module of this package, well under a second afterwards — paid when an index
    is opened, not by someone's first question. Should compiling fail, searching goes on with
    NumPy.
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
        m_indptr=ro([0, 2, 3], np.int32),
        m_indices=ro([0, 1, 2], np.int32),
        m_data=ro([0.5, 0.7, 1.0], np.float32),
        t_indptr=ro([0, 1, 2], np.int32),
        t_indices=ro([0, 2], np.int32),
        t_data=ro([1.0, 1.0], np.float32),
        flags=ro([1, 4, 0], np.uint8),
        days=ro([738000, NO_DATE, 738001], np.int32),
        id_rank=ro([2, 0, 1], np.int32),
        groups=ro([0, 1, 1], np.int32),
        loc_codes=ro([0, 0, 1], np.int32),
        comp_codes=ro([0, 1, 0], np.int32),
        jt_codes=ro([0, 0, 0], np.int32),
        ones=to_bitmap(np.ones(n, dtype=bool)),
        work=ro([1, 0, 2], np.uint8),
        prior=ro([1.0, 0.25, 0.5], np.float32),
    )
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
    filters = Filters(6, 1, 1, table, table, table, 0, bits[0], bits[0], bits[0], bits)
    scratch = Scratch(n)
    hidden = ro([2], np.int32)
    by_date = newest_first(ix.days, ix.id_rank)
    by_date.flags.writeable = False
    for f in (NO_FILTERS, filters, filters._replace(active=2, bits=bits[:1])):
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
