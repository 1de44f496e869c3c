"""What the kernels are given and what they give back: the index's arrays (`IndexArrays`), the
query (`Parts`, `Boosts`, `Filters`), a search's working memory (`Scratch`), what the fused
kernels pick (`Pick`) and the answer (`Selection`); the filter bitmaps; the `Backend` both
backends implement. No computation beyond building these.

Every array a kernel reads is read-only (saved, memory-mapped indexes and fresh ones then look
alike to numba, which compiles a kernel once per argument type) and every integer a Python int:
the types the warm-up (`backend._warm_up`) compiles for.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

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
FILTER_NAMES = (
    "words", "workplace", "location", "company", "job_type", "since", "salary", "tier"
)  # fmt: skip
"""The filters, in the order they are applied (and named when one of them empties a result):
the question's distinguishing words first — a posting must hold them to match at all. "tier"
splits a seniority question's matches into those at the asked level and the rest."""
SMALL_K = 64  # pages up to this deep: the fused kernels, in a small sorted list; deeper: NumPy
BLOCK = 1 << 12  # rows the fused walk may set aside before it handles them (`Scratch.buf_*`)


class IndexArrays(NamedTuple):
    """The per-posting and per-column arrays the kernels read (never write)."""

    m_indptr: AnyArray  # full matrix, CSC
    m_indices: AnyArray
    m_data: FloatArray
    t_indptr: AnyArray  # title + tags matrix, CSC
    t_indices: AnyArray
    t_data: FloatArray
    flags: npt.NDArray[np.uint8]  # one bit per seniority level named in the title
    days: IntArray
    id_rank: IntArray
    groups: IntArray
    loc_codes: IntArray
    comp_codes: IntArray
    jt_codes: IntArray
    ones: Bitmap  # every posting: the bitmap of no filter
    work: npt.NDArray[np.uint8]  # bit 0 remote, bit 1 hybrid (the workplace filter)
    prior: FloatArray  # the age prior: a score's last factor, 1 for fresh, smaller when old


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
    wmask: int  # workplace: (work & wmask) == wwant
    wwant: int
    loc_table: BoolArray  # per location code
    comp_table: BoolArray  # per company code
    jt_table: BoolArray  # per job type code
    min_day: int  # since: days >= min_day
    words: Bitmap  # the postings holding the question's distinguishing words
    pay: Bitmap  # the postings whose stated pay meets the question's ask
    tier: Bitmap  # one tier of a seniority question's matches
    # The same filters as bitmaps (bit r of word r // 64: posting r passes), one per active
    # filter, for the numba backend's fused kernels; optional (without them it takes the
    # general path).
    bits: tuple[Bitmap, ...] = ()


_NO_BITMAP = np.zeros(1, dtype=np.uint64)
_NO_BITMAP.flags.writeable = False
NO_FILTERS = Filters(
    0,
    0,
    0,
    np.zeros(1, dtype=bool),
    np.zeros(1, dtype=bool),
    np.zeros(1, dtype=bool),
    0,
    _NO_BITMAP,
    _NO_BITMAP,
    _NO_BITMAP,
)
NO_ROWS: IntArray = np.zeros(0, dtype=np.int32)
NO_ROWS.flags.writeable = False


def bitmap_words(n: int) -> int:
    return max(1, (n + 63) // 64)


def bit_test(bitmap: Bitmap, rows: npt.NDArray[np.integer[Any]]) -> BoolArray:
    """Whether each of `rows` has its bit set in `bitmap`."""
    r = np.asarray(rows, dtype=np.int64)
    bits: BoolArray = ((bitmap[r >> 6] >> (r & 63).astype(np.uint64)) & np.uint64(1)).astype(bool)
    return bits


def to_bitmap(mask: BoolArray) -> Bitmap:
    """A boolean mask as a bitmap: bit r % 64 of word r // 64 is mask[r]; padding bits zero."""
    packed = np.zeros(bitmap_words(len(mask)) * 8, dtype=np.uint8)
    bytes_ = np.packbits(mask, bitorder="little")
    packed[: len(bytes_)] = bytes_
    bitmap: Bitmap = packed.view("<u8").astype(np.uint64)
    bitmap.flags.writeable = False
    return bitmap


def newest_first(days: IntArray, id_rank: IntArray) -> IntArray:
    """Every row in ranking order among equal scores: newest first, undated postings after
    every dated one (as in `reference._top_np`), then by id."""
    order: IntArray = np.lexsort((id_rank, -np.asarray(days, dtype=np.int64))).astype(np.int32)
    return order


class Selection(NamedTuple):
    rows: npt.NDArray[np.int64]  # the best k that pass the filters, best first
    scores: FloatArray
    total: int  # how many pass the filters
    emptied: int  # index in FILTER_NAMES of the filter that emptied the result, or -1
    suggest_rows: npt.NDArray[np.int64]  # when emptied: the best k_suggest without filters
    suggest_scores: FloatArray


class ScratchArrays(NamedTuple):
    """`Scratch`'s arrays (what the compiled kernels rebuild it as, see `fused.py`)."""

    acc: npt.NDArray[np.float64]  # score sums
    marks: IntArray  # coord hits, + 65536 per title hit
    rows: IntArray  # the touched rows (+ a spare); rows out
    scores: FloatArray  # scores out
    buf_rows: npt.NDArray[np.int64]  # rows set aside by the walk,
    buf_sums: npt.NDArray[np.float64]  # their sums
    buf_marks: IntArray  # and coord hits
    bits: npt.NDArray[np.uint64]  # the filters' bitmaps ANDed (`backend._cumulative`)


class Scratch(ScratchArrays):
    """Working memory of one search in flight (numba backend): 20 bytes per posting, zero
    between searches; pages a search never touches are never mapped. A tuple of arrays: the
    compiled kernels take it as one argument."""

    __slots__ = ()

    def __new__(cls, n: int) -> Scratch:
        return super().__new__(
            cls,
            acc=np.zeros(n, dtype=np.float64),
            marks=np.zeros(n, dtype=np.int32),
            rows=np.zeros(n + 1, dtype=np.int32),
            scores=np.zeros(n, dtype=np.float32),
            buf_rows=np.zeros(BLOCK, dtype=np.int64),
            buf_sums=np.zeros(BLOCK, dtype=np.float64),
            buf_marks=np.zeros(BLOCK, dtype=np.int32),
            bits=np.zeros((len(FILTER_NAMES), bitmap_words(n)), dtype=np.uint64),
        )


class Pick(NamedTuple):
    """What a fused kernel picks (the best k), and among which postings."""

    k: int  # at most SMALL_K
    cum: npt.NDArray[np.uint64]  # row f: bitmap of the postings passing the first f + 1 filters
    n_filters: int  # how many of cum's rows apply (0: no filter)
    hidden: IntArray  # rows that are no candidates (sorted)
    suggest: bool  # the filters left nothing: the best k ignoring them (see `_search_kernel`)


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
