"""TF-IDF search over postings: field-weighted, filtered by precomputed masks, exact top-k.

The weighted matrix is kept column-major (CSC: one column per term, like an inverted index), so a
query costs in proportion to the postings of its own terms, not the corpus. The top k come from
`np.argpartition` and only those are sorted, with a total tie-break: score, then the newer
posting, then the id. Filters are boolean masks computed once per index (workplace, job type,
dates) or once per distinct value (locations, companies).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from index.build import FIELD_WEIGHTS, IndexData, fit
from index.places import place_pattern
from index.postings import Posting, PostingError, read_posting
from index.query import Query
from index.text import QUERY_SYNONYMS, fold, tokenize

__all__ = ["FIELD_WEIGHTS", "Hit", "SearchIndex", "SearchResult"]

log = logging.getLogger(__name__)

RELATED_WEIGHT = 0.3  # a synonym counts for less than the word the user typed
# A synonym weighs at most what the word the user typed would (not its own, maybe higher, idf): a
# rare synonym ("programmer" for "developer") in a title must not outrank the typed words.
# Role nouns nearly every tech title has: next to a specific word ("golang developer") they say
# little, so they weigh less and do not count for the coord factor.
GENERIC_TERMS = frozenset({"developer", "engineer", "programmer", "engineering", "dev", "eng"})
GENERIC_WEIGHT = 0.5
SENIORITY_BOOST = 1.25
SENIORITY_CLASH = 0.8
TITLE_ALL_TERMS_BOOST = 1.3  # every typed term is in the title: the role itself, not a mention
_SENIORITY_TITLES: dict[str, tuple[str, ...]] = {
    "intern": ("intern", "internship", "trainee"),
    "junior": ("junior", "jr", "entry", "graduate", "associate"),
    "mid": ("mid", "intermediate"),
    "senior": ("senior", "sr"),
    "staff": ("staff",),
    "principal": ("principal", "distinguished"),
}
_SENIOR_LEVELS = {"senior", "staff", "principal"}
_JUNIOR_LEVELS = {"intern", "junior"}

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
Rows = npt.NDArray[np.intp]  # posting row numbers, sorted


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked posting and the query terms it matched (for "matched: terraform, sre")."""

    posting: Posting
    score: float
    matched: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of hits plus what a user needs to make sense of it.

    `hits` and `total` always honour every filter. When a filter leaves nothing, `emptied_by`
    names it ("location", "workplace", …) and `suggestions` holds the best matches without the
    filters, so the answer is never a bare "no results" while something matches the words.
    """

    query: Query
    hits: tuple[Hit, ...]
    total: int
    offset: int = 0
    emptied_by: str | None = None
    suggestions: tuple[Hit, ...] = ()
    unknown_terms: tuple[str, ...] = ()

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total


class SearchIndex:
    """An immutable TF-IDF index over a fixed set of postings (see `index.build.IndexData`)."""

    def __init__(self, data: IndexData) -> None:
        self.data = data
        self.postings: Sequence[Posting] = data.table
        self.matrix = data.matrix
        self.titles = data.titles
        self.rows = data.rows
        self.vocabulary = {term: i for i, term in enumerate(data.terms)}
        self.idf = data.idf
        self.build_seconds = data.build_seconds
        self.days = data.days
        self.remote = data.remote
        self.hybrid = data.hybrid
        self._id_rank = data.id_rank
        self._group_codes = data.group_codes
        self._by_id: dict[str, int] | None = None
        self._place_masks: dict[str, BoolArray] = {}
        self._seniority = {
            level: self._any_column(self.titles, words)
            for level, words in _SENIORITY_TITLES.items()
        }
        self._generic = np.array(
            sorted(self.vocabulary[t] for t in GENERIC_TERMS if t in self.vocabulary),
            dtype=np.int32,
        )

    @classmethod
    def build(cls, postings: Iterable[Posting], *, root: str | None = None) -> SearchIndex:
        """Fit an index from postings (streamed). CPU-bound: call it in a thread from async code."""
        data = fit(postings, root=root)
        log.info(
            "indexed %d postings, %d terms in %.2fs",
            len(data.table), len(data.terms), data.build_seconds,
        )  # fmt: skip
        return cls(data)

    def __len__(self) -> int:
        return len(self.postings)

    def get(self, posting_id: str) -> Posting | None:
        row = self.row_of(posting_id)
        return None if row is None else self.postings[row]

    def row_of(self, posting_id: str) -> int | None:
        if self._by_id is None:  # built on first use: most processes never need it
            self._by_id = {p.id: i for i, p in enumerate(self.postings)}
        return self._by_id.get(posting_id)

    # ------------------------------------------------------------------ searching

    def search(
        self,
        query: Query,
        *,
        limit: int = 5,
        offset: int = 0,
        hidden: Collection[str] = (),
    ) -> SearchResult:
        """Rank postings for `query`; `hidden` ids never appear (a person's hidden jobs).

        One pass over the query's columns gives every posting's score (`bincount`); from then
        on the work is done on the candidate rows only (postings with a positive score, or all
        when the question has no words), so filters and boosts cost what the candidates cost.
        """
        limit = max(0, limit)
        offset = max(0, offset)
        columns, weights, rel_columns, rel_weights, unknown = self._query_columns(query)
        scores = self._score(columns, weights, rel_columns, rel_weights)
        if query.terms or query.tags or query.phrases:
            rows = np.flatnonzero(scores > 0)
        else:
            rows = np.arange(len(self), dtype=np.intp)
            if query.seniority in self._seniority:  # "junior roles": those titles first, newest
                scores = self._seniority[query.seniority].astype(np.float32)
        rows = self._required(query, rows, hidden)
        row_scores = self._boost(query, rows, scores[rows])

        kept = np.ones(len(rows), dtype=bool)
        emptied_by: str | None = None
        for name, filter_mask in self._filters(query):
            narrowed = kept & filter_mask[rows]
            if emptied_by is None and kept.any() and not narrowed.any():
                emptied_by = name
            kept = narrowed
        page = self._top(rows[kept], row_scores[kept], offset + limit)[offset:]
        suggestions: tuple[Hit, ...] = ()
        if emptied_by is not None:
            suggestions = self._hits(self._top(rows, row_scores, limit), rows, row_scores, query)
        return SearchResult(
            query,
            self._hits(page, rows, row_scores, query),
            int(np.count_nonzero(kept)),
            offset,
            emptied_by,
            suggestions,
            tuple(unknown),
        )

    def _hits(
        self, page: list[int], rows: Rows, row_scores: FloatArray, query: Query
    ) -> tuple[Hit, ...]:
        scores = row_scores[np.searchsorted(rows, page)].tolist() if page else []
        matched = self._matched(page, query)
        return tuple(
            Hit(self.postings[i], score, terms)
            for i, score, terms in zip(page, scores, matched, strict=True)
        )

    def more_like_this(
        self, posting_id: str, *, limit: int = 5, hidden: Collection[str] = ()
    ) -> list[Hit]:
        """Postings closest to `posting_id` by cosine similarity, itself and its copies excluded.

        :raises KeyError: unknown posting id.
        """
        row = self.row_of(posting_id)
        if row is None:
            raise KeyError(posting_id)
        start, end = int(self.rows.indptr[row]), int(self.rows.indptr[row + 1])
        vector = sp.csr_matrix(
            (self.rows.data[start:end], self.rows.indices[start:end], [0, end - start]),
            shape=(1, self.rows.shape[1]),
        )
        # The 40 heaviest terms describe the posting; the long tail adds cost and noise.
        keep = np.argsort(-vector.data, kind="stable")[:40]
        none = np.zeros(0, dtype=np.int32)
        scores = self._score(
            vector.indices[keep].astype(np.int32), vector.data[keep], none, none.astype(np.float32)
        )
        rows = np.flatnonzero(scores > 0)
        rows = rows[self._group_codes[rows] != self._group_codes[row]]
        rows = self._drop_hidden(rows, hidden)
        order = self._top(rows, scores[rows], limit)
        return [Hit(self.postings[i], float(scores[i])) for i in order]

    # ------------------------------------------------------------------ internals

    def _query_columns(
        self, query: Query
    ) -> tuple[IntArray, FloatArray, IntArray, FloatArray, list[str]]:
        """(typed columns, weights, related columns, weights, unknown typed terms)."""
        typed: dict[int, float] = {}
        unknown: list[str] = []
        phrase_terms = [t for p in query.phrases for t in tokenize(p, query=True)]
        words = (*query.terms, *query.tags, *phrase_terms)
        specific = any(t not in GENERIC_TERMS for t in words)
        for term in words:
            col = self.vocabulary.get(term)
            if col is None:
                unknown.append(term)
                continue
            weight = float(self.idf[col])
            if specific and term in GENERIC_TERMS:
                weight *= GENERIC_WEIGHT
            typed[col] = typed.get(col, 0.0) + weight
        related: dict[int, float] = {}
        for term in query.related:
            col = self.vocabulary.get(term)
            if col is not None and col not in typed:
                related[col] = RELATED_WEIGHT * min(
                    float(self.idf[col]), self._source_idf(term, query.terms)
                )
        return (*_arrays(typed), *_arrays(related), list(dict.fromkeys(unknown)))

    def _source_idf(self, related: str, terms: Sequence[str]) -> float:
        """The highest idf among the typed terms that `related` is a synonym of (inf if none)."""
        idfs = [
            float(self.idf[self.vocabulary[t]])
            for t in terms
            if t in self.vocabulary and related in QUERY_SYNONYMS.get(t, ())
        ]
        return max(idfs, default=float("inf"))

    def _coord_columns(self, columns: IntArray) -> IntArray:
        """The typed columns the coord factor counts: generic role nouns only when alone."""
        specific = columns[~np.isin(columns, self._generic)]
        return specific if len(specific) else columns

    def _score(
        self,
        columns: IntArray,
        weights: FloatArray,
        related: IntArray,
        related_weights: FloatArray,
    ) -> FloatArray:
        """Every posting's score from the query's columns only: typed words on the full matrix,
        synonyms on title + tags, and Lucene's coord factor (a posting with 2 of 2 words beats
        one that repeats 1 of them). One `bincount` sums all the column slices."""
        parts = [
            (self.matrix, c, w) for c, w in zip(columns.tolist(), weights.tolist(), strict=True)
        ]
        parts += [
            (self.titles, c, w)
            for c, w in zip(related.tolist(), related_weights.tolist(), strict=True)
        ]
        n = len(self)
        if not parts:
            return np.zeros(n, dtype=np.float32)
        slices = [
            (m.indices[m.indptr[c] : m.indptr[c + 1]], m.data[m.indptr[c] : m.indptr[c + 1]], w)
            for m, c, w in parts
        ]
        rows = np.concatenate([r for r, _, _ in slices])
        values = np.concatenate([d * np.float32(w) for _, d, w in slices])
        scores = np.bincount(rows, weights=values, minlength=n).astype(np.float32)
        counted = self._coord_columns(columns)
        if len(counted) > 1:
            share = self._count(counted) / np.float32(len(counted))
            scores *= np.float32(0.5) + np.float32(0.5) * share
        return scores

    def _any_column(self, matrix: sp.csc_matrix, terms: Sequence[str]) -> BoolArray:
        mask = np.zeros(len(self), dtype=bool)
        for term in terms:
            col = self.vocabulary.get(term)
            if col is not None:
                mask[matrix.indices[matrix.indptr[col] : matrix.indptr[col + 1]]] = True
        return mask

    def _count(self, columns: IntArray) -> FloatArray:
        """How many of `columns` each posting has (for the coord factor)."""
        indptr = self.matrix.indptr
        rows = np.concatenate(
            [self.matrix.indices[indptr[c] : indptr[c + 1]] for c in columns.tolist()]
        )
        return np.bincount(rows, minlength=len(self)).astype(np.float32)

    def _body(self, posting: Posting) -> str:
        """A posting's body, read from disk on demand (bodies are not kept in memory)."""
        if self.data.root is None or not posting.path:
            return ""
        try:
            return read_posting(Path(self.data.root), Path(self.data.root) / posting.path).body
        except (OSError, PostingError):
            return ""

    def _required(self, query: Query, rows: Rows, hidden: Collection[str]) -> Rows:
        """The rows that meet the words' hard constraints: #tags and phrases present,
        -excluded absent, not hidden by the person asking."""
        for tag in query.tags:
            rows = rows[self._contains(tag, rows)]
        for phrase in query.phrases:
            for term in tokenize(phrase, query=True):
                rows = rows[self._contains(term, rows)]
            rows = rows[self._phrase_found(phrase, rows)]
        for term in query.excluded:
            rows = rows[~self._contains(term, rows)]
        return self._drop_hidden(rows, hidden)

    def _contains(self, term: str, rows: Rows, matrix: sp.csc_matrix | None = None) -> BoolArray:
        """Which of `rows` (sorted) have `term` in `matrix` (default: the full matrix)."""
        matrix = self.matrix if matrix is None else matrix
        col = self.vocabulary.get(term)
        if col is None or not len(rows):
            return np.zeros(len(rows), dtype=bool)
        column = matrix.indices[matrix.indptr[col] : matrix.indptr[col + 1]]
        if len(rows) < 64:  # a few rows: binary search in the column
            pos = np.minimum(np.searchsorted(column, rows), max(0, len(column) - 1))
            return np.asarray(column[pos] == rows) if len(column) else np.zeros(len(rows), bool)
        present = np.zeros(len(self), dtype=bool)  # many rows: scatter the column, then gather
        present[column] = True
        return present[rows]

    def _drop_hidden(self, rows: Rows, hidden: Collection[str]) -> Rows:
        gone = [r for r in map(self.row_of, hidden) if r is not None]
        return rows[~np.isin(rows, gone)] if gone else rows

    def _phrase_found(self, phrase: str, rows: Rows) -> BoolArray:
        found = np.zeros(len(rows), dtype=bool)
        for j, i in enumerate(rows.tolist()):
            p = self.postings[i]
            text = fold(f"{p.title}\n{p.summary}\n{self._body(p)}")
            found[j] = phrase in " ".join(text.split())
        return found

    def _filters(self, query: Query) -> list[tuple[str, BoolArray]]:
        """(name, mask) for each filter the query asked for, in the order they are reported."""
        out: list[tuple[str, BoolArray]] = []
        if query.workplace == "remote":
            out.append(("workplace", self.remote))
        elif query.workplace == "hybrid":
            out.append(("workplace", self.hybrid))
        elif query.workplace == "onsite":
            out.append(("workplace", ~self.remote & ~self.hybrid))
        if query.location:
            out.append(("location", self._location_mask(query.location)))
        if query.company:
            wanted = fold(query.company)
            matches = np.fromiter(
                (c == wanted or c.startswith(wanted + " ") for c in self.data.companies),
                dtype=bool,
            )
            out.append(("company", matches[self.data.company_codes]))
        if query.job_type:
            codes = [i for i, name in enumerate(self.data.job_types) if name == query.job_type]
            out.append(("job_type", np.isin(self.data.job_type_codes, codes)))
        if query.since:
            out.append(("since", self.days >= _ordinal(query.since)))
        return out

    def _location_mask(self, place: str) -> BoolArray:
        """Postings in `place`; one regex test per distinct location, remembered per place."""
        mask = self._place_masks.get(place)
        if mask is None:
            pattern = place_pattern(place)
            matches = np.fromiter(
                (bool(pattern.search(loc)) for loc in self.data.locations), dtype=bool
            )
            mask = matches[self.data.location_codes]
            if len(self._place_masks) >= 256:  # bounded: free-text places are unbounded
                self._place_masks.pop(next(iter(self._place_masks)))
            self._place_masks[place] = mask
        return mask

    def _boost(self, query: Query, rows: Rows, scores: FloatArray) -> FloatArray:
        """Seniority match and all-typed-words-in-the-title multipliers, for `rows` only."""
        factor = np.ones(len(rows), dtype=np.float32)
        level = query.seniority
        if level in self._seniority:
            matching = self._seniority[level][rows]
            factor[matching] *= SENIORITY_BOOST
            clash = _JUNIOR_LEVELS if level in _SENIOR_LEVELS else _SENIOR_LEVELS
            if level in _SENIOR_LEVELS | _JUNIOR_LEVELS:
                for other in clash:
                    factor[self._seniority[other][rows] & ~matching] *= SENIORITY_CLASH
        if query.terms:
            in_title = np.ones(len(rows), dtype=bool)
            for term in query.terms:
                in_title &= self._contains(term, rows, self.titles)
            factor[in_title] *= TITLE_ALL_TERMS_BOOST
        return scores * factor

    def _top(self, rows: Rows, row_scores: FloatArray, k: int) -> list[int]:
        """The k best of `rows` (scores alongside): score desc, newer first, then id (exact),
        with re-posted copies folded into their best representative."""
        if k <= 0 or len(rows) == 0:
            return []
        # Round so that sums taken in a different order still tie.
        cand_scores = np.round(row_scores.astype(np.float64), 6)
        want = k
        while True:
            if len(rows) > want:
                # argpartition on the negated scores: fast on mostly-zero vectors (DESIGN.md §6).
                kth = np.partition(-cand_scores, want - 1)[want - 1]
                keep = -cand_scores <= kth  # everything tied with the k-th stays in the running
                pool, pool_scores = rows[keep], cand_scores[keep]
            else:
                pool, pool_scores = rows, cand_scores
            order = np.lexsort((self._id_rank[pool], -self.days[pool], -pool_scores))
            out = self._fold_copies(pool[order], k)
            if len(out) == k or len(pool) == len(rows):
                return out
            want *= 4  # copies were folded away: widen the net and try again

    def _fold_copies(self, ranked: Rows, k: int) -> list[int]:
        seen: set[int] = set()
        out: list[int] = []
        for i, group in zip(ranked.tolist(), self._group_codes[ranked].tolist(), strict=True):
            if group not in seen:
                seen.add(group)
                out.append(i)
                if len(out) == k:
                    break
        return out

    def _matched(self, rows: list[int], query: Query) -> list[tuple[str, ...]]:
        """For each row, the query's terms (typed, #tags, related) it contains, and its phrases."""
        found: list[list[str]] = [[] for _ in rows]
        if not rows:
            return []
        wanted = np.array(rows, dtype=np.int64)
        indptr, indices = self.matrix.indptr, self.matrix.indices
        for term in dict.fromkeys((*query.terms, *query.tags, *query.related)):
            col = self.vocabulary.get(term)
            if col is None:
                continue
            column = indices[indptr[col] : indptr[col + 1]]
            if not len(column):
                continue
            pos = np.searchsorted(column, wanted)
            hit = (pos < len(column)) & (column[np.minimum(pos, len(column) - 1)] == wanted)
            for j in np.flatnonzero(hit).tolist():
                found[j].append(term)
        return [tuple([*terms, *query.phrases]) for terms in found]


def _arrays(weights: dict[int, float]) -> tuple[IntArray, FloatArray]:
    order = sorted(weights)
    return (
        np.array(order, dtype=np.int32),
        np.array([weights[c] for c in order], dtype=np.float32),
    )


def _ordinal(day: date) -> int:
    return day.toordinal()
