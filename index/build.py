"""Fitting the index from a stream of postings, a batch of postings at a time.

Postings are read once, in batches; each batch is tokenized (per field, through
`scanner.ColumnScanner`, which caches per whitespace-separated chunk) into weighted sparse rows
(sublinear tf per field × the field's weight, summed) and dropped: only the rows, a compact record
per posting (no body) and a few facet values are kept. The weighted rows go to a spool file as
they come (`_RowSpool`), so memory grows with the records and the vocabulary, not the text.

Large inputs are tokenized by worker processes, one batch each, while this process appends the
results in input order. Each worker numbers terms in its own vocabulary and reports the terms it
has not reported before; mapping them through the shared vocabulary gives every term the column
it would get in a one-process build (the order in which terms first appear), so the index is the
same whichever way it was built. Small inputs (tests, a small folder) are tokenized in-process.

At the end, one pass over the spool applies scikit-learn's smooth idf and the L2 norm (sklearn's
`normalize`) a block of rows at a time and fills the column-major matrix that searching reads
(`index.transpose`). The result is an `IndexData`, which `SearchIndex` wraps and `index.cache`
saves and memory-maps.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import math
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from index.postings import Posting
from index.progress import Progress, quiet
from index.salary import Pay, pay_from_fields, pay_from_text
from index.scanner import ColumnScanner
from index.table import PostingTable, encode_record
from index.terms import TermTable
from index.text import fold
from index.transpose import ColumnScatter, heaviest_terms

__all__ = ["FIELD_WEIGHTS", "IndexData", "fit", "pay_of"]

log = logging.getLogger(__name__)

# Per-field weight on the sublinear term frequency: a word in the title or the tags says more about
# the job than the same word deep in the body; company and location sit in between.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 4.0,
    "tags": 2.5,
    "company": 1.5,
    "location": 1.0,
    "summary": 1.0,
    "body": 1.0,
}
_FIELDS = tuple(FIELD_WEIGHTS)
_WEIGHTS = np.array(list(FIELD_WEIGHTS.values()), dtype=np.float32)
_HEAD_FIELDS = 2  # title and tags: what the job *is*
NO_DATE = -(2**31)

BATCH = 256  # postings per batch (one task for a worker process)
PARALLEL_FROM = 2_000  # fewer postings than this are tokenized in this process
MAX_WORKERS = 4
WORKER_TERMS = 500_000  # a worker's vocabulary (and word caches) start over past this size
SPOOL_ENTRIES = 1 << 22  # weighted row entries held in memory before they go to the spool
SIGNATURE_TERMS = 40  # a posting's heaviest terms describe it for "more like this"

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
Int64Array = npt.NDArray[np.int64]


@dataclass(slots=True)
class IndexData:
    """Everything a `SearchIndex` needs; plain arrays, so it saves and memory-maps cheaply."""

    matrix: sp.csc_matrix  # posting × term, weighted tf-idf, L2-normalised rows
    signature: sp.csr_matrix  # each row's SIGNATURE_TERMS heaviest entries, for "more like this"
    titles: sp.csc_matrix  # title + tags only, tf-idf, L2-normalised rows
    terms: TermTable  # column ↔ term
    ids: TermTable  # row ↔ posting id
    idf: FloatArray
    table: PostingTable
    days: IntArray  # posted date as a proleptic ordinal, NO_DATE when unknown
    pay_bottom: npt.NDArray[np.float64]  # annual pay, the low end (NaN: no pay stated)
    pay_top: npt.NDArray[np.float64]  # annual pay, the high end
    pay_currency_codes: IntArray  # the pay's currency, an index into `pay_currencies`
    pay_currencies: list[str]
    remote: BoolArray
    hybrid: BoolArray
    job_type_codes: IntArray
    job_types: list[str]
    location_codes: IntArray
    locations: list[str]  # folded
    company_codes: IntArray
    companies: list[str]  # folded
    group_codes: IntArray  # near-duplicates (same title and company) share a code
    id_rank: IntArray  # rank of the id in sorted order: the last tie-break
    root: str | None = None
    build_seconds: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)


class _Vocabulary(dict[str, int]):
    """term → column id; an unseen term gets the next id and is appended to `terms`."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: list[str] = []

    def __missing__(self, term: str) -> int:
        self[term] = column = len(self)
        self.terms.append(term)
        return column


class _Factor:
    """Distinct values → small integer codes, in order of first appearance."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.values: array[int] = array("i")

    def extend(self, values: Iterable[str]) -> None:
        codes = self.codes
        self.values.extend([codes.setdefault(v, len(codes)) for v in values])

    def arrays(self) -> tuple[IntArray, list[str]]:
        return np.frombuffer(self.values, dtype=np.int32).copy(), list(self.codes)


@dataclass(slots=True)
class _Batch:
    """A batch of postings, tokenized: the rows over one tokenizer's own column ids, plus what
    the index keeps per posting. Plain arrays and lists, cheap to send between processes."""

    source: int  # which tokenizer numbered the columns
    new_terms: list[str]  # terms that tokenizer had not reported before, by column id
    cols: IntArray  # per row, its columns (each once, ascending)
    vals: FloatArray  # weighted sublinear tf, summed over fields
    counts: IntArray  # entries per row
    head_cols: IntArray  # the same for title + tags only, plain sublinear tf
    head_vals: FloatArray
    head_counts: IntArray
    records: bytes  # `encode_record` of each posting, concatenated
    record_sizes: Int64Array
    days: IntArray
    pay_bottom: npt.NDArray[np.float64]
    pay_top: npt.NDArray[np.float64]
    pay_currencies: list[str]
    remote: npt.NDArray[np.int8]
    hybrid: npt.NDArray[np.int8]
    ids: list[str]
    job_types: list[str]
    locations: list[str]  # folded
    companies: list[str]  # folded
    groups: list[str]  # folded title and company


class _Tokenizer:
    """Postings → `_Batch`es, numbering terms in its own vocabulary (one per process, renewed
    when it grows past `WORKER_TERMS`: `source` tells the assembler which numbering it is)."""

    def __init__(self, source: int = 0) -> None:
        self.source = source
        self.vocab = _Vocabulary()
        self.scanner = ColumnScanner(self.vocab.__getitem__)
        self.reported = 0
        self.folded: dict[str, str] = {}  # company and location values repeat

    def batch(self, postings: Sequence[Posting]) -> _Batch:
        scanner = self.scanner
        chunks: list[int] = []  # chunk values (see `ColumnScanner`)
        columns: list[int] = []  # column ids of the other tokens
        lengths = array("i")  # per posting and field: how many of each
        for posting in postings:
            for name in _FIELDS:
                before = len(chunks), len(columns)
                if name == "tags":
                    if posting.tags:
                        scanner.add(" ".join(posting.tags), chunks, columns, query=True)
                elif text := getattr(posting, name):
                    scanner.add(text, chunks, columns)
                lengths.append(len(chunks) - before[0])
                lengths.append(len(columns) - before[1])
        rows = _rows(self._expand(chunks, columns, lengths), len(postings))
        terms = self.vocab.terms
        new_terms, self.reported = terms[self.reported :], len(terms)
        # Pay is read here, in the workers: the text is at hand, and it is costly (about 75 µs).
        postings = [p if p.pay is not None else replace(p, pay=pay_of(p)) for p in postings]
        pays = [p.pay for p in postings]
        records = [encode_record(p) for p in postings]
        titles = [self._fold(p.title) for p in postings]
        companies = [self._fold(p.company) for p in postings]
        return _Batch(
            self.source,
            new_terms,
            *rows,
            records=b"".join(records),
            record_sizes=np.fromiter(map(len, records), np.int64, len(records)),
            days=np.array(
                [p.posted.toordinal() if p.posted else NO_DATE for p in postings], np.int32
            ),
            pay_bottom=np.array([_annual(p, low=True) for p in pays], np.float64),
            pay_top=np.array([_annual(p, low=False) for p in pays], np.float64),
            pay_currencies=[p.currency if p is not None else "" for p in pays],
            remote=np.array([p.remote for p in postings], np.int8),
            hybrid=np.array([p.hybrid for p in postings], np.int8),
            ids=[p.id for p in postings],
            job_types=[p.job_type or "" for p in postings],
            locations=[self._fold(p.location) for p in postings],
            companies=companies,
            groups=[f"{t}\0{c}" for t, c in zip(titles, companies, strict=True)],
        )

    def _fold(self, text: str) -> str:
        folded = self.folded.get(text)
        if folded is None:
            folded = fold(text)
            if len(self.folded) < 200_000:
                self.folded[text] = folded
        return folded

    def _expand(
        self, chunks: list[int], columns: list[int], lengths: array[int]
    ) -> tuple[Int64Array, Int64Array]:
        """Every token of the batch as (segment, column id), segment = posting × field."""
        counts = np.frombuffer(lengths, dtype=np.int32).reshape(-1, 2)
        segments = np.arange(len(counts), dtype=np.int64)
        values = np.array(chunks, dtype=np.int64)
        value_segments = np.repeat(segments, counts[:, 0])
        single = values >= 0
        groups = -1 - values[~single]
        starts = np.frombuffer(self.scanner.group_starts, dtype=np.int64)
        members = np.frombuffer(self.scanner.group_columns, dtype=np.int32)
        sizes = (starts[1:] - starts[:-1])[groups]
        firsts = np.repeat(starts[groups] - np.cumsum(sizes) + sizes, sizes)
        grouped = members[firsts + np.arange(len(firsts))]
        del starts, members  # views on the scanner's growing arrays
        return (
            np.concatenate(
                (
                    value_segments[single],
                    np.repeat(value_segments[~single], sizes),
                    np.repeat(segments, counts[:, 1]),
                )
            ),
            np.concatenate((values[single], grouped, np.array(columns, dtype=np.int64))),
        )


def _rows(
    tokens: tuple[Int64Array, Int64Array], n: int
) -> tuple[IntArray, FloatArray, IntArray, IntArray, FloatArray, IntArray]:
    """A batch's weighted rows and title+tags rows from its tokens as (segment, column id),
    segment = posting × 6 + field: one sort for the whole batch instead of one per posting."""
    segment, columns = tokens
    fields = len(_FIELDS)
    keys = (segment // fields) << 35 | columns << 3 | segment % fields
    keys.sort()
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
    counts = np.diff(np.r_[starts, len(keys)])
    keys = keys[starts]
    cells, which = keys >> 3, keys & 7  # cell: row << 32 | column
    tf = (1.0 + np.log(counts.astype(np.float32))) * _WEIGHTS[which]
    first = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]]) if len(cells) else cells
    vals = np.add.reduceat(tf, first).astype(np.float32) if len(first) else tf
    row_cols, row_counts = _split_cells(cells[first], n)
    head = which < _HEAD_FIELDS
    hcells, hcounts = cells[head], counts[head]
    hfirst = np.flatnonzero(np.r_[True, hcells[1:] != hcells[:-1]]) if len(hcells) else hcells
    if len(hfirst):
        head_counts = np.add.reduceat(hcounts, hfirst).astype(np.float32)
        head_vals = (np.float32(1.0) + np.log(head_counts)).astype(np.float32)
    else:
        head_vals = np.zeros(0, np.float32)
    head_cols, head_row_counts = _split_cells(hcells[hfirst], n)
    return row_cols, vals, row_counts, head_cols, head_vals, head_row_counts


def _split_cells(cells: Int64Array, n: int) -> tuple[IntArray, IntArray]:
    """(row << 32 | column) cells, sorted → the columns and the number of cells per row."""
    cols = (cells & 0xFFFFFFFF).astype(np.int32)
    counts = np.bincount(cells >> 32, minlength=n).astype(np.int32)
    return cols, counts


# --- worker processes ----------------------------------------------------------------------------

_worker: _Tokenizer | None = None


def _start_worker() -> None:
    global _worker
    _worker = _Tokenizer(os.getpid() << 20)


# What a worker receives of a posting: every field but `extra` (which nothing here reads), as
# a plain tuple: pickling tuples costs a fraction of pickling dataclasses.
_SENT = tuple(f.name for f in fields(Posting) if f.name != "extra")
if tuple(f.name for f in fields(Posting))[: len(_SENT)] != _SENT:  # pragma: no cover
    raise TypeError("Posting.extra must be its last field")
_sent = attrgetter(*_SENT)


def _work(postings: list[tuple[Any, ...]]) -> _Batch:
    global _worker
    if _worker is None:  # pragma: no cover - the pool's initializer always ran
        raise RuntimeError("worker not initialised")
    if len(_worker.vocab) > WORKER_TERMS:  # a fresh numbering, instead of every term ever seen
        _worker = _Tokenizer(_worker.source + 1)
    return _worker.batch([Posting(*values) for values in postings])


def _worker_count() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def _pool_context() -> multiprocessing.context.BaseContext:
    """`fork` is fastest, but forking a process that runs other threads (the bot's event loop)
    can copy a lock another thread holds; then a fresh forkserver process forks the workers."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["index.build"])
        return context
    return multiprocessing.get_context("spawn")


def _batches(head: list[Posting], rest: Iterator[Posting]) -> Iterator[list[Posting]]:
    """`head`'s postings then `rest`'s, in batches; `head` empties as it goes (no posting is
    held longer than its batch)."""
    head.reverse()
    while head:
        yield [head.pop() for _ in range(min(BATCH, len(head)))]
    while batch := list(islice(rest, BATCH)):
        yield batch


def _tokenized(postings: Iterable[Posting], workers: int | None) -> Iterator[_Batch]:
    """The postings' batches, tokenized, in input order: in worker processes when there are
    enough postings (at most two batches per worker in flight, so memory stays bounded)."""
    stream = iter(postings)
    head = list(islice(stream, PARALLEL_FROM))
    workers = _worker_count() if workers is None else workers
    parallel = workers >= 2 and len(head) == PARALLEL_FROM
    batches = _batches(head, stream)
    del head
    if not parallel:
        tokenizer = _Tokenizer()
        for batch in batches:
            yield tokenizer.batch(batch)
        return
    pool = ProcessPoolExecutor(workers, mp_context=_pool_context(), initializer=_start_worker)
    try:
        pending: deque[Future[_Batch]] = deque()
        for batch in batches:
            pending.append(pool.submit(_work, [_sent(_with_field_pay(p)) for p in batch]))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- assembling the index -----------------------------------------------------------------------


class _RowSpool:
    """The weighted rows, appended in order to an unnamed temporary file and read back a block
    of rows at a time: at a million postings they are ~2 GB that never need to be in memory at
    once (the column-major copy that searching reads is filled from them block by block)."""

    def __init__(self, folder: Path | None) -> None:
        # Unnamed: gone when closed, even after a crash. Closed by `close` (fit's finally).
        try:
            self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115
        except OSError:  # a cache folder that cannot take it must not stop the build
            log.warning("cannot spool the index in %s: using the temporary folder", folder)
            self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self.indptr = array("q", [0])
        self._indices, self._data = array("i"), array("f")
        self._blocks: list[tuple[int, int, int]] = []  # (first row, end row, file offset)
        self._flushed = 0  # rows written so far
        self.column_counts: Int64Array = np.zeros(0, dtype=np.int64)

    def add(self, cols: IntArray, vals: FloatArray, counts: IntArray) -> None:
        _append(self._indices, cols)
        _append(self._data, vals)
        _append(self.indptr, self.indptr[-1] + np.cumsum(counts, dtype=np.int64))
        if len(self._indices) >= SPOOL_ENTRIES:
            self.flush()

    def flush(self) -> None:
        """Write the rows added since the last flush as one block (call before `blocks`)."""
        rows = len(self.indptr) - 1
        if rows == self._flushed:
            return
        cols = np.frombuffer(self._indices, dtype=np.int32)
        if len(cols):
            counts = np.bincount(cols, minlength=len(self.column_counts))
            counts[: len(self.column_counts)] += self.column_counts
            self.column_counts = counts
        del cols
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(self._indices)
        self._file.write(self._data)
        self._blocks.append((self._flushed, rows, offset))
        self._flushed = rows
        self._indices, self._data = array("i"), array("f")

    def blocks(self) -> Iterator[tuple[int, Int64Array, IntArray, FloatArray]]:
        """(first row, indptr from 0, indices, data) of each block, in row order."""
        indptr = np.frombuffer(self.indptr, dtype=np.int64)
        for start, stop, offset in self._blocks:
            lo, hi = int(indptr[start]), int(indptr[stop])
            self._file.seek(offset)
            indices = np.fromfile(self._file, dtype=np.int32, count=hi - lo)
            data = np.fromfile(self._file, dtype=np.float32, count=hi - lo)
            yield start, indptr[start : stop + 1] - lo, indices, data

    def close(self) -> None:
        self._file.close()


class _Assembler:
    """Appends tokenized batches, in order, over the shared vocabulary: the weighted rows to a
    spool file, the title + tags rows (small) and each posting's record and facets in memory."""

    def __init__(self, spool_dir: Path | None) -> None:
        self.vocab = _Vocabulary()
        self.columns: dict[int, array[int]] = {}  # tokenizer → its column id → ours
        self.spool = _RowSpool(spool_dir)
        self.head_ptr, self.head_idx, self.head_val = array("q", [0]), array("i"), array("f")
        self.blob = bytearray()
        self.ends = array("q")
        self.days, self.remote, self.hybrid = array("i"), array("b"), array("b")
        self.pay_bottom, self.pay_top = array("d"), array("d")
        self.pay_currencies = _Factor()
        self.job_types, self.locations = _Factor(), _Factor()
        self.companies, self.groups = _Factor(), _Factor()
        self.ids: list[str] = []

    def add(self, batch: _Batch) -> None:
        mapping = self.columns.setdefault(batch.source, array("i"))
        mapping.extend(map(self.vocab.__getitem__, batch.new_terms))
        ours = np.frombuffer(mapping, dtype=np.int32)
        cols, vals = _in_row_order(ours[batch.cols], batch.vals, batch.counts)
        head_cols, head_vals = _in_row_order(
            ours[batch.head_cols], batch.head_vals, batch.head_counts
        )
        del ours  # releases `mapping` for the next batch's new terms
        self.spool.add(cols, vals, batch.counts)
        _append(self.head_idx, head_cols)
        _append(self.head_val, head_vals)
        _append(self.head_ptr, self.head_ptr[-1] + np.cumsum(batch.head_counts, dtype=np.int64))
        offset = self.ends[-1] if self.ends else 0
        self.blob += batch.records
        _append(self.ends, offset + np.cumsum(batch.record_sizes))
        _append(self.days, batch.days)
        _append(self.pay_bottom, batch.pay_bottom)
        _append(self.pay_top, batch.pay_top)
        self.pay_currencies.extend(batch.pay_currencies)
        _append(self.remote, batch.remote)
        _append(self.hybrid, batch.hybrid)
        self.ids.extend(batch.ids)
        self.job_types.extend(batch.job_types)
        self.locations.extend(batch.locations)
        self.companies.extend(batch.companies)
        self.groups.extend(batch.groups)

    def finish(self, *, root: str | None, started: float, progress: Progress = quiet) -> IndexData:
        """idf, L2-normalised rows, their transpose and signatures, in one pass over the spool."""
        n = len(self.ids)
        terms = TermTable.from_terms(self.vocab.terms)
        width = max(1, len(terms))
        # The term → column maps, the ids and the facets' dicts are done with once they are
        # arrays: free them before the column-major arrays, which make the peak.
        self.vocab, self.columns = _Vocabulary(), {}
        ids = TermTable.from_terms(self.ids)
        order = np.argsort(np.array(self.ids, dtype=object), kind="stable")
        id_rank = np.empty(n, dtype=np.int32)
        id_rank[order] = np.arange(n, dtype=np.int32)
        del order
        self.ids = []
        job_codes, job_names = self.job_types.arrays()
        location_codes, location_names = self.locations.arrays()
        company_codes, company_names = self.companies.arrays()
        group_codes, _ = self.groups.arrays()
        pay_codes, pay_names = self.pay_currencies.arrays()
        self.job_types = self.locations = self.companies = self.groups = _Factor()
        self.pay_currencies = _Factor()
        release_memory()
        spool = self.spool
        spool.flush()
        counts = np.zeros(width, dtype=np.int64)  # postings per term
        counts[: len(spool.column_counts)] = spool.column_counts
        # scikit-learn's smooth idf (TfidfTransformer(smooth_idf=True)), from the counts.
        idf = (np.log((1.0 + n) / (1.0 + counts)) + 1.0).astype(np.float32)
        columns = ColumnScatter(counts)
        signature_counts, signature_indices, signature_data = [], [], []
        for row0, indptr, indices, data in spool.blocks():
            rows = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, width))
            rows.data *= idf[rows.indices]
            normalize(rows, norm="l2", copy=False)
            columns.add(row0, indptr, indices, rows.data)
            picked = heaviest_terms(indptr, indices, rows.data, SIGNATURE_TERMS)
            signature_counts.append(picked[0])
            signature_indices.append(picked[1])
            signature_data.append(picked[2])
            progress("building the matrix", row0 + len(indptr) - 1, n)
        if not columns.complete():  # pragma: no cover - the counts come from the same rows
            raise RuntimeError("the spooled rows disagree with their column counts")
        matrix = sp.csc_matrix(
            (columns.data, columns.indices, columns.indptr), shape=(n, width), copy=False
        )
        signature_ptr = np.zeros(n + 1, dtype=np.int64)
        if n:
            np.cumsum(np.concatenate(signature_counts), out=signature_ptr[1:])
        signature = sp.csr_matrix(
            (
                np.concatenate([np.zeros(0, np.float32), *signature_data]),
                np.concatenate([np.zeros(0, np.int32), *signature_indices]),
                signature_ptr,
            ),
            shape=(n, width),
            copy=False,
        )
        heads = _csr(self.head_ptr, self.head_idx, self.head_val, (n, width))
        heads.data *= idf[heads.indices]
        if n:
            normalize(heads, norm="l2", copy=False)
        titles = heads.tocsc()
        titles.sort_indices()
        return IndexData(
            matrix=matrix,
            signature=signature,
            titles=titles,
            terms=terms,
            ids=ids,
            idf=idf,
            table=PostingTable(
                np.frombuffer(self.blob, dtype=np.uint8),
                np.frombuffer(self.ends, dtype=np.int64).copy(),
            ),
            days=np.frombuffer(self.days, dtype=np.int32).copy(),
            pay_bottom=np.frombuffer(self.pay_bottom, dtype=np.float64).copy(),
            pay_top=np.frombuffer(self.pay_top, dtype=np.float64).copy(),
            pay_currency_codes=pay_codes,
            pay_currencies=pay_names,
            remote=np.frombuffer(self.remote, dtype=np.int8).astype(bool),
            hybrid=np.frombuffer(self.hybrid, dtype=np.int8).astype(bool),
            job_type_codes=job_codes,
            job_types=job_names,
            location_codes=location_codes,
            locations=location_names,
            company_codes=company_codes,
            companies=company_names,
            group_codes=group_codes,
            id_rank=id_rank,
            root=root,
            build_seconds=time.perf_counter() - started,
        )


def _with_field_pay(posting: Posting) -> Posting:
    """The posting with its front matter's pay read (workers get no `extra`: they read the
    pay its text states)."""
    if posting.pay is not None or not posting.extra:
        return posting
    pay = pay_from_fields(posting.extra)
    return posting if pay is None else replace(posting, pay=pay)


def pay_of(posting: Posting) -> Pay | None:
    """What a posting pays: its front matter's salary fields, else what its text states."""
    return pay_from_fields(posting.extra) or pay_from_text(
        posting.title, posting.summary, posting.body
    )


def _annual(pay: Pay | None, *, low: bool) -> float:
    """One end of the annual range (the other end when only one is stated); NaN for none."""
    if pay is None:
        return math.nan
    ends = (pay.annual_min, pay.annual_max) if low else (pay.annual_max, pay.annual_min)
    value = ends[0] if ends[0] is not None else ends[1]
    return math.nan if value is None else float(value)


def fit(
    postings: Iterable[Posting],
    *,
    root: str | None = None,
    workers: int | None = None,
    spool_dir: Path | None = None,
    progress: Progress = quiet,
    total: int | None = None,
) -> IndexData:
    """Fit the index in one pass over `postings` (any iterable: a generator streams).

    `workers` processes tokenize when there are at least `PARALLEL_FROM` postings (default: one
    per CPU, up to `MAX_WORKERS`; fewer than 2 means in this process). The result does not
    depend on how many there were. The weighted rows wait in a temporary file in `spool_dir`
    (default: the system's temporary folder) until they are transposed. `progress` hears
    after each batch how far reading (of `total` postings, when known) and then the matrix got.
    """
    started = time.perf_counter()
    assembler = _Assembler(spool_dir)
    try:
        for batch in _tokenized(postings, workers):
            assembler.add(batch)
            progress("reading postings", len(assembler.ids), total)
        # Every file is read (`total` counts the skipped and the left-out ones too).
        progress("reading postings", total or len(assembler.ids), total)
        data = assembler.finish(root=root, started=started, progress=progress)
    finally:
        assembler.spool.close()
    del assembler
    release_memory()
    return data


def release_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's `malloc_trim`): a build frees
    hundreds of MB of small objects that would otherwise stay resident for the bot's life."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc.malloc_trim  # noqa: B018 - not glibc: no such function
        except (OSError, AttributeError):
            _libc = False
    if _libc:
        _libc.malloc_trim(0)


_libc: Any = None  # glibc, once looked up (False: not there)


def _in_row_order(
    cols: IntArray, vals: FloatArray, counts: IntArray
) -> tuple[IntArray, FloatArray]:
    """Each row's entries sorted by column: a worker's column order is not ours."""
    if len(cols) < 2:
        return cols, vals
    keys = np.repeat(np.arange(len(counts), dtype=np.int64), counts) << 32 | cols
    if bool((keys[1:] > keys[:-1]).all()):  # an in-process build numbers terms in our order
        return cols, vals
    order = np.argsort(keys)
    return cols[order], vals[order]


def _append(target: array[Any], values: npt.NDArray[Any]) -> None:
    if len(values):
        target.frombytes(np.ascontiguousarray(values, dtype=target.typecode).data.cast("B"))


def _csr(
    indptr: array[int], indices: array[int], data: array[float], shape: tuple[int, int]
) -> sp.csr_matrix:
    return sp.csr_matrix(
        (
            np.frombuffer(data, dtype=np.float32),
            np.frombuffer(indices, dtype=np.int32),
            np.frombuffer(indptr, dtype=np.int64),
        ),
        shape=shape,
        copy=False,
    )
