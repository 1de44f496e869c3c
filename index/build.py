"""Fitting the index from a stream of postings, one posting at a time.

Each posting is tokenized per field, turned into one weighted sparse row (sublinear tf per field ×
the field's weight, summed), and dropped: only the row, a compact record (no body) and a few
facet values are kept. Rows are appended to flat CSR arrays, so memory grows with the number of
distinct (posting, term) pairs, not with the text. scikit-learn's `TfidfTransformer` supplies the
idf; idf and the L2 norm are applied in place. The result is an `IndexData`, which `SearchIndex`
wraps and `index.cache` saves and memory-maps.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from index.postings import Posting
from index.table import PostingTable, encode_record
from index.text import fold, scan, word_tokens

__all__ = ["FIELD_WEIGHTS", "IndexData", "fit"]

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

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]


@dataclass(slots=True)
class IndexData:
    """Everything a `SearchIndex` needs; plain arrays, so it saves and memory-maps cheaply."""

    matrix: sp.csc_matrix  # posting × term, weighted tf-idf, L2-normalised rows
    rows: sp.csr_matrix  # the same matrix row-major, for "more like this"
    titles: sp.csc_matrix  # title + tags only, tf-idf, L2-normalised rows
    terms: list[str]  # column → term
    idf: FloatArray
    table: PostingTable
    days: IntArray  # posted date as a proleptic ordinal, NO_DATE when unknown
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
    """term → column id; an unseen term gets the next id (so `map(v.__getitem__, …)` works)."""

    def __missing__(self, term: str) -> int:
        self[term] = column = len(self)
        return column


class _WordIds(dict[str, tuple[int, ...]]):
    """folded word → its tokens' column ids, so each distinct word is mapped once per build."""

    def __init__(self, vocab: _Vocabulary) -> None:
        super().__init__()
        self.vocab = vocab

    def __missing__(self, word: str) -> tuple[int, ...]:
        ids = tuple(self.vocab[t] for t in word_tokens(word))
        self[word] = ids
        return ids


class _Factor:
    """Distinct values → small integer codes, in order of first appearance."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.values: array[int] = array("i")

    def add(self, value: str) -> None:
        self.values.append(self.codes.setdefault(value, len(self.codes)))

    def arrays(self) -> tuple[IntArray, list[str]]:
        return np.frombuffer(self.values, dtype=np.int32).copy(), list(self.codes)


def _field_text(posting: Posting, name: str) -> tuple[str, bool]:
    if name == "tags":
        return " ".join(posting.tags), True
    return getattr(posting, name), False


def fit(postings: Iterable[Posting], *, root: str | None = None) -> IndexData:
    """Fit the index in one pass over `postings` (any iterable: a generator streams)."""
    started = time.perf_counter()
    vocab = _Vocabulary()
    word_ids = _WordIds(vocab)
    indptr, indices, data = array("q", [0]), array("i"), array("f")
    head_ptr, head_idx, head_val = array("q", [0]), array("i"), array("f")
    records: list[bytes] = []
    days, remote, hybrid = array("i"), array("b"), array("b")
    job_types, locations, companies, groups = _Factor(), _Factor(), _Factor(), _Factor()
    ids: list[str] = []
    for posting in postings:
        term_ids: list[int] = []
        lengths: list[int] = []
        for name in _FIELDS:
            text, is_tags = _field_text(posting, name)
            before = len(term_ids)
            if text:
                words, extra = scan(text, query=is_tags)
                term_ids.extend(chain.from_iterable(map(word_ids.__getitem__, words)))
                term_ids.extend(map(vocab.__getitem__, extra))
            lengths.append(len(term_ids) - before)
        cols, vals, head_cols, head_vals = _row(term_ids, lengths)
        indices.extend(cols)
        data.extend(vals)
        indptr.append(len(indices))
        head_idx.extend(head_cols)
        head_val.extend(head_vals)
        head_ptr.append(len(head_idx))
        records.append(encode_record(posting))
        days.append(posting.posted.toordinal() if posting.posted else NO_DATE)
        remote.append(posting.remote)
        hybrid.append(posting.hybrid)
        job_types.add(posting.job_type or "")
        locations.add(fold(posting.location))
        companies.add(fold(posting.company))
        groups.add(f"{fold(posting.title)}\0{fold(posting.company)}")
        ids.append(posting.id)

    n, width = len(ids), max(1, len(vocab))
    weighted = _csr(indptr, indices, data, (n, width))
    if n:
        tfidf = TfidfTransformer(norm=None, use_idf=True, smooth_idf=True, sublinear_tf=False)
        tfidf.fit(weighted)  # only counts document frequencies; no copy of the matrix
        idf = np.asarray(tfidf.idf_, dtype=np.float32)
    else:  # an empty folder is a valid (empty) index
        idf = np.ones(width, dtype=np.float32)
    heads = _csr(head_ptr, head_idx, head_val, (n, width))
    for part in (weighted, heads):
        part.data *= idf[part.indices]
        if n:
            normalize(part, norm="l2", copy=False)
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    id_rank = np.empty(n, dtype=np.int32)
    id_rank[order] = np.arange(n, dtype=np.int32)
    job_codes, job_names = job_types.arrays()
    location_codes, location_names = locations.arrays()
    company_codes, company_names = companies.arrays()
    group_codes, _ = groups.arrays()
    matrix = weighted.tocsc()
    matrix.sort_indices()
    titles = heads.tocsc()
    titles.sort_indices()
    return IndexData(
        matrix=matrix,
        rows=weighted,
        titles=titles,
        terms=list(vocab),
        idf=idf,
        table=PostingTable.from_records(records),
        days=np.frombuffer(days, dtype=np.int32).copy(),
        remote=np.frombuffer(remote, dtype=np.int8).astype(bool),
        hybrid=np.frombuffer(hybrid, dtype=np.int8).astype(bool),
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


def _row(
    term_ids: list[int], lengths: list[int]
) -> tuple[IntArray, FloatArray, IntArray, FloatArray]:
    """One posting's weighted row and its title+tags row (sorted columns, float32 values)."""
    if not term_ids:
        empty_i, empty_f = np.zeros(0, np.int32), np.zeros(0, np.float32)
        return empty_i, empty_f, empty_i, empty_f
    terms = np.array(term_ids, dtype=np.int64)
    fields = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    keys, counts = np.unique(terms * 8 + fields, return_counts=True)
    cols, which = keys >> 3, keys & 7
    tf = (1.0 + np.log(counts.astype(np.float32))) * _WEIGHTS[which]
    starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
    row_cols = cols[starts].astype(np.int32)
    row_vals = np.add.reduceat(tf, starts).astype(np.float32)
    head = which < _HEAD_FIELDS
    if not head.any():
        return row_cols, row_vals, np.zeros(0, np.int32), np.zeros(0, np.float32)
    hcols, hcounts = cols[head], counts[head]
    hstarts = np.flatnonzero(np.r_[True, hcols[1:] != hcols[:-1]])
    head_counts = np.add.reduceat(hcounts, hstarts).astype(np.float32)
    head_vals = (np.float32(1.0) + np.log(head_counts)).astype(np.float32)
    return row_cols, row_vals, hcols[hstarts].astype(np.int32), head_vals


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
