"""The query's number crunching: sum the query's columns, filter, pick the exact top k.

Two backends compute the same results, bit for bit: `NUMBA`, compiled kernels whose cost
follows the postings of the query's columns, not the corpus; and `NUMPY`, whole-array NumPy
operations — the fallback without numba, and the reference the kernels are tested against.
A kernel sees the index as `IndexArrays` (read-only arrays) and the query as `Parts` (which
columns, with which weights and roles), `Boosts` and `Filters`.

One question through the kernels — "python developer", remote, top 10, with numba:

1. Opening the index (`SearchIndex.__init__`) calls `ready()` (backend.py): the kernels are
   compiled, or loaded from numba's cache, on a tiny index (`_warm_up`) before any question.
2. `SearchIndex.search` turns the question into `Parts` (the two words' columns, in summing
   order), `Boosts` (no seniority asked: none), `Filters` (remote, with its bitmap, remembered
   per value), takes a `Scratch` from the `ScratchPool` and calls `NUMBA.search`.
3. `_CompiledBackend.search` (backend.py) sees a page of at most SMALL_K, a bitmap for every
   filter and words: the fused path. `_cumulative` ANDs the filters' bitmaps (row f: passing
   the first f + 1), and `_search_kernel` (fused.py) gets the index, the parts, the boosts, a
   `Pick` (k, the bitmaps, the hidden rows) and the scratch (as plain tuples, see fused.py):
   a. `_boost_tables` (primitives.py): the boost of every flags byte, with and without the
      all-words-in-the-title boost; the coord factor by number of words present; `reach`, the
      largest multiplier a sum can get.
   b. Adding the columns (scatter.py): `_scatter_parts` into `Scratch.acc` (float64, in part
      order, as `np.bincount`), listing the touched rows — or, for columns covering a quarter
      of the postings or more (`DENSE_SHARE`), `_add_rows` a block of rows at a time.
   c. The walk (walk.py), block by block, small blocks first: `_walk` (or `_walk_dense`, 64
      rows at a time) counts the rows that score and those that pass the filters, zeroes the
      buffers, and sets aside the few whose sum × reach reaches the k-th best score so far.
   d. Those few get the exact score (float32 roundings, `_has` for the title boost), their
      ranking key (`_rounded`, `_recency`) and `_offer` into the sorted top k (one per
      near-duplicate group); the bar rises as the list fills.
4. The page, its scores and the totals come back as a `Selection`. Had the filter left nothing
   while the words scored, a second `_search_kernel` call (`Pick.suggest`) finds the best
   postings without the filters and how far the furthest got: the filter to name.

Other questions take other paths: without words, `_recent_kernel` walks the postings newest
first (fused.py); with #tags, "phrases" or -excluded words, a page deeper than SMALL_K or "more
like this", `_score_kernel` (scatter.py) scores and NumPy selects (reference.py); without numba
(or with JOBBOT_NO_NUMBA set) the NumPy backend does it all.

Modules: arrays.py (the types, constants, bitmaps, the `Backend` protocol), reference.py (the
NumPy backend: the oracle and its exactness rules), primitives.py (the compiled helpers),
scatter.py, walk.py and fused.py (the compiled kernels), backend.py (the compiled backend,
backend choice, warm-up, scratch pool). Each explains its part's rules and costs.
"""

from index.kernels.arrays import (
    FILTER_NAMES,
    KIND_COUNTED,
    KIND_RELATED,
    KIND_TITLE,
    KIND_TYPED,
    NO_FILTERS,
    NO_ROWS,
    SMALL_K,
    Backend,
    Bitmap,
    Boosts,
    Filters,
    IndexArrays,
    Parts,
    Scratch,
    Selection,
    bitmap_words,
    newest_first,
    to_bitmap,
)
from index.kernels.backend import DEFAULT, DENSE_SHARE, NUMBA, ScratchPool, ready
from index.kernels.reference import NUMPY, base_scores

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
