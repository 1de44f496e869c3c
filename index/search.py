"""TF-IDF search over postings: field-weighted, filtered, exact top-k.

The weighted matrix is kept column-major (CSC: one column per term, like an inverted index), so a
query costs in proportion to the postings of its own terms, not the corpus: its column slices
are summed into the postings they touch, and only those are boosted, filtered and ranked (the
loops live in `index.kernels`, compiled with numba when it is installed). Ranking is exact, with
a total tie-break: score, then the newer posting, then the id; near-duplicates fold into one.
Filters test per-posting codes against small per-query tables (one entry per distinct location,
company or job type) and a flags byte (workplace, seniority words in the title).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from index import kernels
from index.build import FIELD_WEIGHTS, NO_DATE, IndexData, fit
from index.kernels import FILTER_NAMES, KIND_COUNTED, KIND_RELATED, KIND_TITLE, KIND_TYPED
from index.levels import JUNIOR_SIDE, LOOSE_TITLE_WORDS, SENIOR_SIDE, TITLE_WORDS
from index.places import place_pattern
from index.postings import Posting, PostingError, read_posting
from index.progress import Progress, quiet
from index.query import Query
from index.salary import PayAsk
from index.spelling import MIN_LENGTH, RARE, Correction, correct, edits
from index.text import (
    BoundedCache,
    expand_synonyms,
    fold,
    query_words_tokens,
    tokenize,
    word_tokens,
)
from index.vocabulary import QUERY_SYNONYMS, ROLE_NOUNS

__all__ = ["FIELD_WEIGHTS", "Hit", "SearchIndex", "SearchResult", "age_prior"]

log = logging.getLogger(__name__)

RELATED_WEIGHT = 0.3  # a synonym counts for less than the word the user typed
# A synonym weighs at most what the word the user typed would (not its own, maybe higher, idf): a
# rare synonym ("programmer" for "developer") in a title must not outrank the typed words.
# Role nouns nearly every tech title has: next to a specific word ("golang developer") they say
# little, so they weigh less and do not count for the coord factor.
GENERIC_TERMS = frozenset({"developer", "engineer", "programmer", "engineering", "dev", "eng"})
GENERIC_WEIGHT = 0.5
COMPANY_WORD_WEIGHT = 0.5
"""A typed word that names a company ("figma" of "product designer figma") next to other words:
it helps, but the role must outweigh it (an engineering manager at Figma is not a designer)."""
SENIORITY_BOOST = 1.25
"""A title at the asked level, within a tier (see `SearchIndex.search`: the level first)."""
SENIORITY_CLASH = 0.8  # a title at the opposite side (junior for a senior question, and back)
TITLE_ALL_TERMS_BOOST = 1.3  # every typed term is in the title: the role itself, not a mention
AGE_GRACE_DAYS = 365
"""The age prior leaves a posting's first year alone, …"""
AGE_HALF_LIFE_DAYS = 1095.0
"""… then halves its score every three years …"""
AGE_FLOOR = 0.25
"""… down to this (at seven years); an undated posting gets the floor too."""
NEWEST_FLOOR = 0.5
"""A newest-first question lists first the matches scoring at least this share of the best."""

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]

_WORKPLACE_BITS = {"remote": (1, 1), "hybrid": (2, 2), "onsite": (3, 0)}  # (mask, wanted)
_FACTORS = np.array([SENIORITY_BOOST, SENIORITY_CLASH, TITLE_ALL_TERMS_BOOST], dtype=np.float32)
_FACTORS.flags.writeable = False
_NO_TABLE = np.zeros(1, dtype=bool)
_MAX_TABLES = 256  # remembered place / company tables: free text is unbounded
_MAX_BITMAPS = 64  # remembered filter bitmaps (n / 8 bytes each)
_MAX_NEIGHBOURS = 10_000  # rare words whose indexed one-edit neighbours are remembered
_CACHE_LOCK = threading.Lock()
_K = TypeVar("_K")
_V = TypeVar("_V")


def age_prior(days: npt.NDArray[np.int32], *, today: date) -> FloatArray:
    """Per posting, the factor its score gets for its age: 1 in its first `AGE_GRACE_DAYS`,
    then halving every `AGE_HALF_LIFE_DAYS`, never below `AGE_FLOOR`; an undated posting gets
    the floor.

    Gentle on purpose: a four-year-old posting needs twice the text score of a fresh one. The
    factor never exceeds 1, so the kernels' score bounds still hold; and it never rises along
    newest-first order (undated last), so a walk in that order may stop early.
    """
    age = np.maximum(0, today.toordinal() - days.astype(np.int64) - AGE_GRACE_DAYS)
    prior = np.maximum(AGE_FLOOR, 0.5 ** (age / AGE_HALF_LIFE_DAYS)).astype(np.float32)
    prior[days == NO_DATE] = AGE_FLOOR
    prior.flags.writeable = False
    return prior


class _PageTerms:
    """The query terms each hit of one page matched, found for the whole page at once, the
    first time any hit is asked (a digest or a count never asks)."""

    __slots__ = ("_find", "_found")

    def __init__(self, find: Callable[[], list[tuple[str, ...]]]) -> None:
        self._find = find
        self._found: list[tuple[str, ...]] | None = None

    def __getitem__(self, position: int) -> tuple[str, ...]:
        if self._found is None:
            self._found = self._find()
        return self._found[position]


class Hit:
    """A ranked posting and the query terms it matched (for "matched: terraform, sre").

    A hit from the index decodes its posting, and finds its matched terms, on first use:
    ranking hands back rows and scores, and only what is shown pays for the rest.
    """

    __slots__ = ("_copies", "_matched", "_page", "_posting", "_row", "_table", "score")

    def __init__(
        self,
        posting: Posting | None,
        score: float,
        matched: tuple[str, ...] = (),
        *,
        table: Sequence[Posting] = (),
        row: int = -1,
        page: _PageTerms | None = None,
        position: int = 0,
        copies: Callable[[int], tuple[Posting, ...]] | None = None,
    ) -> None:
        if posting is None and not 0 <= row < len(table):
            raise ValueError("a hit needs a posting or a row of a table")
        self._posting = posting
        self._table = table
        self._row = row
        self.score = score
        self._matched: tuple[str, ...] | None = matched if page is None else None
        self._page = (page, position)
        self._copies = copies

    @property
    def posting(self) -> Posting:
        if self._posting is None:
            self._posting = self._table[self._row]
        return self._posting

    @property
    def matched(self) -> tuple[str, ...]:
        if self._matched is None:
            page, position = self._page
            self._matched = () if page is None else page[position]
        return self._matched

    @property
    def copies(self) -> tuple[Posting, ...]:
        """The same job posted elsewhere (folded into this hit: a near-duplicate's group)."""
        return () if self._copies is None or self._row < 0 else self._copies(self._row)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return (self.posting, self.score, self.matched) == (
            other.posting, other.score, other.matched
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]  # mutable cache inside: like a dataclass with eq

    def __repr__(self) -> str:
        return f"Hit({self.posting.id!r}, {self.score:.4f}, {self.matched!r})"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of hits plus what a user needs to make sense of it.

    `hits` and `total` honour every filter but those named in `relaxed`: when a filter left
    nothing, only it was dropped (`emptied_by` names the first), so the answer is never a bare
    "no results" while something matches the rest. `unknown_terms`: typed words no posting has.
    """

    query: Query
    hits: tuple[Hit, ...]
    total: int
    offset: int = 0
    emptied_by: str | None = None
    suggestions: tuple[Hit, ...] = ()
    unknown_terms: tuple[str, ...] = ()
    relaxed: tuple[str, ...] = ()
    no_pay: int = 0
    """With a pay ask: how many postings matched all else but state no pay (left out)."""

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total


class SearchIndex:
    """An immutable TF-IDF index over a fixed set of postings (see `index.build.IndexData`).

    Safe to search from several threads at once: each search in flight gets its own scratch
    buffer from a pool (see `index.kernels`).
    """

    def __init__(self, data: IndexData, *, today: date | None = None) -> None:
        """`today` dates the age prior (default: the day the index is opened)."""
        self.data = data
        self.postings: Sequence[Posting] = data.table
        self.matrix = data.matrix
        self.titles = data.titles
        self.signature = data.signature
        self.vocabulary = data.terms
        self.idf = data.idf
        self.build_seconds = data.build_seconds
        self.days = data.days
        self.remote = data.remote
        self.hybrid = data.hybrid
        self._place_tables: dict[str, BoolArray] = {}
        self._company_tables: dict[str, BoolArray] = {}
        self._bitmaps: dict[tuple[str, object], kernels.Bitmap] = {}
        # A rare word's indexed neighbours (one edit away) are the same in every question.
        self._neighbours = BoundedCache(
            lambda word: tuple(self._indexed_words(list(edits(word)))), _MAX_NEIGHBOURS
        )
        self._by_date: IntArray | None = None
        self._companies: frozenset[str] | None = None
        self._group_order: tuple[IntArray, IntArray] | None = None
        # One byte per posting for the levels its title names, one for its workplace.
        # (Eight bits, nine levels: directors share the heads' bit — the same side, the same
        # mild boost; the tiers read each level's own words.)
        flags = np.zeros(len(self), dtype=np.uint8)
        self._level_bits: dict[str, int] = {}
        for i, (level, words) in enumerate(TITLE_WORDS.items()):
            bit = 1 << min(i, 7)
            self._level_bits[level] = bit
            flags[self._any_column(self.titles, words)] |= np.uint8(bit)
        self._flags = flags
        self._work: npt.NDArray[np.uint8] = np.asarray(self.remote, dtype=np.uint8) | (
            np.asarray(self.hybrid, dtype=np.uint8) << np.uint8(1)
        )
        self.today = today or date.today()
        self.prior = age_prior(self.days, today=self.today)
        self._generic_columns = frozenset(self.vocabulary.find(GENERIC_TERMS).values())
        self._arrays = kernels.IndexArrays(
            *map(
                _read_only,
                (
                    self.matrix.indptr, self.matrix.indices, self.matrix.data,
                    self.titles.indptr, self.titles.indices, self.titles.data,
                    flags, self.days, data.id_rank, data.group_codes,
                    data.location_codes, data.company_codes, data.job_type_codes,
                    kernels.to_bitmap(np.ones(len(self), dtype=bool)),
                    self._work, self.prior,
                ),
            )
        )  # fmt: skip
        self._backend: kernels.Backend = kernels.ready()
        self._scratch = kernels.ScratchPool(len(self))

    @classmethod
    def build(
        cls,
        postings: Iterable[Posting],
        *,
        root: str | None = None,
        spool_dir: Path | None = None,
        today: date | None = None,
        progress: Progress = quiet,
        total: int | None = None,
    ) -> SearchIndex:
        """Fit an index from postings (streamed). CPU-bound: call it in a thread from async code.
        `spool_dir`: where the fitted rows wait on disk, `progress` and `total`: who hears how
        far it got (see `index.build.fit`); `today` dates the age prior."""
        data = fit(postings, root=root, spool_dir=spool_dir, progress=progress, total=total)
        log.info(
            "indexed %d postings, %d terms in %.2fs",
            len(data.table), len(data.terms), data.build_seconds,
        )  # fmt: skip
        return cls(data, today=today)

    def __len__(self) -> int:
        return len(self.postings)

    def get(self, posting_id: str) -> Posting | None:
        row = self.row_of(posting_id)
        return None if row is None else self.postings[row]

    def row_of(self, posting_id: str) -> int | None:
        return self.data.ids.get(posting_id)

    # ------------------------------------------------------------------ searching

    def search(
        self,
        query: Query,
        *,
        limit: int = 5,
        offset: int = 0,
        hidden: Collection[str] = (),
        max_age_days: int | None = None,
    ) -> SearchResult:
        """Rank postings for `query`; `hidden` ids never appear (a person's hidden jobs), nor,
        with `max_age_days` (JOBBOT_MAX_AGE_DAYS), postings older than that — undated ones
        included, since their age cannot be checked.
        A question that asks for the newest (`query.sort`) gets its matches newest first.

        A posting matches when it holds the question's distinguishing words (`_required_words`)
        and passes every filter; `total` counts exactly those. When one filter leaves nothing,
        only that one is relaxed — the others still hold — and `relaxed` names it (the words
        count as a filter: when no posting holds them all, postings with some of them are
        shown). The query's columns are summed into the postings they touch; only those (or
        every posting, when the question has no words) are boosted, filtered and ranked — see
        `index.kernels`.
        """
        limit = max(0, limit)
        offset = max(0, offset)
        query = self._spelled(query)
        relaxed: list[str] = []
        emptied_by: str | None = None
        oldest = None
        if max_age_days is not None:
            oldest = _ordinal(self.today) - max(0, max_age_days)
        level_only = self._level_only(query)
        while True:
            chosen, unknown = self._search_once(
                query, limit, offset, hidden, frozenset(relaxed), oldest, tier=level_only
            )
            if chosen.emptied < 0:
                break
            name = FILTER_NAMES[chosen.emptied]
            if name == "tier":  # no posting at the asked level: the level is only a preference
                level_only = None
                continue
            emptied_by = emptied_by or name
            relaxed.append(name)
        hits = self._hits(chosen.rows[offset:], chosen.scores[offset:], query)
        no_pay = 0
        if query.pay is not None and "salary" not in relaxed:  # the matches left out for it
            unpaid, _ = self._search_once(
                query, 0, 0, hidden, frozenset(relaxed), oldest, pay=self._no_pay_bitmap()
            )
            no_pay = unpaid.total
        tiers = self._level_tiers(query) if chosen.total else ()
        if tiers:
            hits = self._tiered(query, tiers, limit, offset, hidden, frozenset(relaxed), oldest)
        return SearchResult(
            query,
            hits,
            chosen.total,
            offset,
            emptied_by,
            (),
            tuple(unknown),
            tuple(relaxed),
            no_pay,
        )

    def _tiered(
        self,
        query: Query,
        tiers: Sequence[kernels.Bitmap],
        limit: int,
        offset: int,
        hidden: Collection[str],
        relaxed: frozenset[str],
        oldest: int | None,
    ) -> tuple[Hit, ...]:
        """A seniority question's page: the matches of each tier in turn (disjoint; best first
        within each), then the others (best first); `offset` counts across them."""
        rest = self._arrays.ones
        for tier in tiers:
            rest = rest & ~tier
        hits: tuple[Hit, ...] = ()
        skip = offset
        for tier in (*tiers, _read_only(rest)):
            want = limit - len(hits)
            if want <= 0:
                break
            got, _ = self._search_once(query, want, skip, hidden, relaxed, oldest, tier=tier)
            hits += self._hits(got.rows[skip:], got.scores[skip:], query)
            skip = max(0, skip - got.total)
        return hits

    def _level_only(self, query: Query) -> kernels.Bitmap | None:
        """A question that is only a level ("senior", "remote junior"): its matches are the
        postings whose title names that level, so "N matching" counts them, not every posting.
        None when the question has words (then `_level_tiers` order, and counts stay the
        words') or asks no level."""
        words = TITLE_WORDS.get(query.seniority or "")
        if not words or query.terms or query.tags or query.phrases:
            return None
        return kernels.to_bitmap(self._any_column(self.titles, words))

    def _level_tiers(self, query: Query) -> tuple[kernels.Bitmap, ...]:
        """The postings a seniority question puts first: the title names the asked level and
        at least one of the question's distinguishing words ("Junior Frontend Developer" for
        "junior frontend developer", not "Junior Backend Engineer" who mentions a frontend) —
        titles with the level's plain words, then those with only a looser one ("Associate
        Data Analyst" after "Junior Data Analyst"). Empty when the question asks no level or
        has no words."""
        words = TITLE_WORDS.get(query.seniority or "")
        terms = list(dict.fromkeys(query.terms))
        if not words or not terms:
            return ()
        specific = [t for t in terms if t not in GENERIC_TERMS] or terms
        in_title = self._any_column(self.titles, specific)
        loose = LOOSE_TITLE_WORDS.get(query.seniority or "", ())
        plain = in_title & self._any_column(self.titles, [w for w in words if w not in loose])
        looser = in_title & self._any_column(self.titles, list(loose)) & ~plain
        tiers = [kernels.to_bitmap(plain)]
        if looser.any():
            tiers.append(kernels.to_bitmap(looser))
        return tuple(tiers)

    def _spelled(self, query: Query) -> Query:
        """`query` with its typos read as the words the postings use (`index.spelling`):
        `corrected` says what was changed, `maybe` what was not but could be. A candidate is
        judged by how many postings hold it together with the question's other words, so
        "dat scientist" reads as "data scientist", not "day scientist"."""
        if query.corrected or not query.terms:
            return query
        fixes: list[tuple[str, str]] = []
        maybe: list[str] = []
        words: list[str] = []
        for term in query.terms:
            others = [self.vocabulary.get(t) for t in query.terms if t != term]
            frequency, most = self._frequency_with([c for c in others if c is not None])
            found = correct(term, frequency, most=most, neighbours=self._neighbours.__getitem__)
            if found.word is None and frequency(term) <= RARE and len(term) >= MIN_LENGTH:
                # The analyzer reads plurals as singulars ("kubernets" → "kubernet"): try the
                # word as it may have been typed.
                found = correct(
                    term + "s", frequency, most=most, neighbours=self._neighbours.__getitem__
                )
            if found.word is not None and tokenize(found.word, query=True) == [term]:
                found = Correction(term, None)
            if found.word is not None:
                typed = next(
                    (w for w in query.text.split() if tokenize(w, query=True) == [term]), term
                )
                fixes.append((typed.strip(".,;:!?").lower(), found.word))
            maybe.extend(found.maybe)
            words.append(found.word or term)
        if not fixes and not maybe:
            return query
        # Joined and read again: "dat scientist", once "data scientist", is one phrase, and a
        # corrected word takes its indexed spelling.
        terms = query.terms
        if fixes:
            terms = tuple(dict.fromkeys(tokenize(" ".join(words), query=True)))
        return replace(
            query,
            terms=terms,
            related=tuple(expand_synonyms(list(terms))),
            corrected=tuple(fixes),
            maybe=tuple(dict.fromkeys(maybe)),
        )

    def _frequency_with(self, columns: Sequence[int]) -> tuple[Callable[[str], int], int | None]:
        """How many postings hold a word as the analyzer reads it ("kubernetes" is indexed as
        k8s) together with every one of `columns` (the question's other words, at most 3); and
        how many hold those (None without any): no word's count is above it."""
        context: kernels.Bitmap | None = None
        for column in columns[:3]:
            bitmap = self._column_bitmap(column)
            context = bitmap if context is None else context & bitmap
        most = None if context is None else int(np.bitwise_count(context).sum())

        def frequency(word: str) -> int:
            tokens = _query_tokens(word)
            if len(tokens) != 1 or (column := self.vocabulary.get(tokens[0])) is None:
                return 0
            alone = int(self.matrix.indptr[column + 1] - self.matrix.indptr[column])
            if context is None or alone < 3:  # too rare to win: not worth the bitmap
                return alone
            if alone * 64 >= len(self):  # a long column: its bitmap (remembered) ANDed
                return int(np.bitwise_count(self._column_bitmap(column) & context).sum())
            # A short one (most of spelling's candidates): its rows' bits looked up, at the
            # column's cost — no n-long bitmap made, none of the filters' pushed out.
            lo = self.matrix.indptr[column]
            rows = self.matrix.indices[lo : lo + alone]
            return int(((context[rows >> 6] >> (rows & 63).astype(np.uint64)) & 1).sum())

        return frequency, most

    def postings_touched(self, query: Query) -> int:
        """How many postings a search for `query` adds a sum into (the cost the kernels follow,
        for `jobbot bench speed`): those holding a typed word, or a synonym in the title or
        tags; every posting when it has no words or its columns are dense enough to walk them
        all (`kernels.DENSE_SHARE`)."""
        query = self._spelled(query)
        columns, _, related, _, _ = self._query_columns(query)
        if not (query.terms or query.tags or query.phrases):
            return len(self)
        slices = [(self.matrix, int(c)) for c in columns] + [(self.titles, int(c)) for c in related]
        entries = sum(int(m.indptr[c + 1] - m.indptr[c]) for m, c in slices)
        if entries * kernels.DENSE_SHARE >= len(self):
            return len(self)
        rows = [m.indices[m.indptr[c] : m.indptr[c + 1]] for m, c in slices]
        return len(np.unique(np.concatenate(rows))) if rows else 0

    def _indexed_words(self, words: list[str]) -> list[str]:
        """Those of `words` (spelling's candidates for a typo) that may read as an indexed word,
        found in one pass: plain words' tokens from the analyzer's cache, their hashes against
        the vocabulary's. A look-up each would cost more than the search."""
        if not words or _PLAIN_WORD.fullmatch("".join(words)) is None:
            return words
        tokens = [found[0] if len(found) == 1 else "" for found in query_words_tokens(words)]
        for word in _LANGUAGE_WORDS.intersection(words):  # a bare "go" reads as the language
            found = (*word_tokens(word, query=True), word)
            tokens[words.index(word)] = found[0] if len(found) == 1 else ""
        may = self.vocabulary.may_hold(tokens)
        return [w for w, t, m in zip(words, tokens, may.tolist(), strict=True) if m and t]

    def frequency(self, term: str) -> int:
        """How many postings hold `term` (0 when none does)."""
        column = self.vocabulary.get(term)
        if column is None:
            return 0
        return int(self.matrix.indptr[column + 1] - self.matrix.indptr[column])

    def _search_once(
        self,
        query: Query,
        limit: int,
        offset: int,
        hidden: Collection[str],
        relaxed: frozenset[str],
        oldest: int | None,
        *,
        tier: kernels.Bitmap | None = None,
        pay: kernels.Bitmap | None = None,
    ) -> tuple[kernels.Selection, list[str]]:
        """One pass of `search`, with the filters in `relaxed` left out, nothing dated before
        the day `oldest` (an ordinal), and with `tier`, only those postings."""
        columns, weights, rel_columns, rel_weights, unknown = self._query_columns(query)
        boosts = self._boosts(query.seniority)
        hidden_rows = self._hidden_rows(hidden)
        constrained = bool(query.tags or query.phrases or query.excluded)
        filters = self._filters(query, relaxed, oldest, tier, pay)
        words = bool(query.terms or query.tags or query.phrases)
        parts = None
        if words:
            parts = self._parts(columns, weights, rel_columns, rel_weights, query.terms)
        elif len(rel_columns) and not boosts.level_bit:  # no words, yet synonyms (unusual)
            parts = self._parts(columns, weights, rel_columns, rel_weights, ())
        k = offset + limit
        scratch = self._scratch.take() if self._backend.uses_scratch else None
        newest = query.sort == "newest" and words
        if not constrained and not newest and (words or parts is None):  # the common case
            by_date = self._newest_first() if parts is None and scratch is not None else None
            chosen = self._backend.search(
                self._arrays, parts, boosts, filters, k, 1, scratch, by_date, hidden_rows
            )
        else:  # materialise the candidates, apply the hard constraints, then select
            rows, scores = self._candidates(parts, boosts, words, scratch)
            if constrained or len(hidden_rows):
                keep = self._required(query, rows, hidden_rows)
                rows, scores = rows[keep], scores[keep]
            if newest:
                chosen = self._select_newest(rows, scores, boosts, filters, k)
            else:
                chosen = self._backend.select(self._arrays, rows, scores, boosts, filters, k, 1)
        if scratch is not None:  # not on an exception: the buffer may be dirty
            self._scratch.give(scratch)
        return chosen, unknown

    def _select_newest(
        self,
        rows: IntArray,
        scores: FloatArray,
        boosts: kernels.Boosts,
        filters: kernels.Filters,
        k: int,
    ) -> kernels.Selection:
        """The matches newest first (undated last; equal days by score, then id): the
        selection ranks a key made of the day, and the page gets its real scores back. Matches
        scoring under `NEWEST_FLOOR` of the best (a long ad naming the word once) follow the
        others, newest first too: "newest python jobs" lists Python jobs, not every mention."""
        days = self.days[rows].astype(np.float64)
        first = float(self.days[self.days != NO_DATE].min()) if (self.days != NO_DATE).any() else 0
        key = np.where(self.days[rows] == NO_DATE, 0.0, days - first + 1.0)
        if len(scores):  # a passing mention is no match to list first: the good ones lead
            strong = (scores >= NEWEST_FLOOR * float(scores.max())) & (key > 0)
            key = key + np.where(strong, float(key.max()) + 1.0, 0.0)  # undated stay last
        # The day in the integer part, the score (scaled below 1) after it: newest, then best.
        key = (key + np.minimum(scores, 1e3) / 1e3 * 0.999).astype(np.float64)
        chosen = kernels.NUMPY.select(
            self._arrays, rows, key.astype(np.float32), boosts, filters, k, 1
        )
        real = dict(zip(rows.tolist(), scores.tolist(), strict=True))
        page_scores = np.array([real[r] for r in chosen.rows.tolist()], dtype=np.float32)
        return chosen._replace(scores=page_scores)

    def _candidates(
        self,
        parts: kernels.Parts | None,
        boosts: kernels.Boosts,
        words: bool,
        scratch: kernels.Scratch | None,
    ) -> tuple[IntArray, FloatArray]:
        """(rows, scores) of the postings that compete: those the words score, or every
        posting when there are no words (scored by seniority, or by synonyms alone)."""
        if words and parts is not None:
            return self._backend.score(self._arrays, parts, boosts, scratch)
        rows = np.arange(len(self), dtype=np.int32)
        if parts is None:
            return rows, kernels.base_scores(self._flags, boosts)
        touched, touched_scores = self._backend.score(self._arrays, parts, boosts, scratch)
        scores = np.zeros(len(self), dtype=np.float32)
        scores[touched] = touched_scores
        return rows, scores

    def _hits(
        self, page: npt.NDArray[np.int64], scores: FloatArray, query: Query
    ) -> tuple[Hit, ...]:
        rows = page.copy()  # the page may view a buffer the next search reuses
        terms = _PageTerms(lambda: self._matched(rows, query))
        return tuple(
            Hit(
                None, score, table=self.postings, row=i, page=terms, position=position,
                copies=self._copies_of,
            )
            for position, (i, score) in enumerate(zip(page.tolist(), scores.tolist(), strict=True))
        )  # fmt: skip

    def _copies_of(self, row: int) -> tuple[Posting, ...]:
        """The other postings of `row`'s near-duplicate group, newest first (at most 10)."""
        if self._group_order is None:
            order = np.argsort(self.data.group_codes, kind="stable").astype(np.int32)
            self._group_order = (order, self.data.group_codes[order])
        order, sorted_codes = self._group_order
        group = self.data.group_codes[row]
        lo = int(np.searchsorted(sorted_codes, group, side="left"))
        hi = int(np.searchsorted(sorted_codes, group, side="right"))
        rows = sorted((int(r) for r in order[lo:hi] if r != row), key=lambda r: -int(self.days[r]))
        return tuple(self.postings[r] for r in rows[:10])

    def more_like_this(
        self, posting_id: str, *, limit: int = 5, hidden: Collection[str] = ()
    ) -> list[Hit]:
        """Postings closest to `posting_id` by cosine similarity, itself and its copies excluded.

        :raises KeyError: unknown posting id.
        """
        row = self.row_of(posting_id)
        if row is None:
            raise KeyError(posting_id)
        # Its heaviest terms (the signature) describe the posting; the long tail adds cost
        # and noise.
        start, end = int(self.signature.indptr[row]), int(self.signature.indptr[row + 1])
        data = np.asarray(self.signature.data[start:end], dtype=np.float32)
        columns = np.asarray(self.signature.indices[start:end], dtype=np.int32)
        none = np.zeros(0, dtype=np.int32)
        parts = self._parts(columns, data, none, none.astype(np.float32), ())
        scratch = self._scratch.take() if self._backend.uses_scratch else None
        rows, scores = self._backend.score(self._arrays, parts, self._boosts(None), scratch)
        keep_rows = self.data.group_codes[rows] != self.data.group_codes[row]
        hidden_rows = self._hidden_rows(hidden)
        if len(hidden_rows):
            keep_rows &= ~np.isin(rows, hidden_rows)
        rows, scores = rows[keep_rows], scores[keep_rows]  # copies: the scratch can go back
        if scratch is not None:
            self._scratch.give(scratch)
        chosen = self._backend.select(
            self._arrays, rows, scores, self._boosts(None), kernels.NO_FILTERS, max(0, limit), 0
        )
        return [
            Hit(None, score, table=self.postings, row=i)
            for i, score in zip(chosen.rows.tolist(), chosen.scores.tolist(), strict=True)
        ]

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
        companies = self._company_words() if len(words) > 1 else frozenset()
        for term in words:
            col = self.vocabulary.get(term)
            if col is None:
                unknown.append(term)
                continue
            weight = float(self.idf[col])
            if specific and term in GENERIC_TERMS:
                weight *= GENERIC_WEIGHT
            if term in companies:
                weight *= COMPANY_WORD_WEIGHT
            typed[col] = typed.get(col, 0.0) + weight
        related: dict[int, float] = {}
        for term in query.related:
            col = self.vocabulary.get(term)
            if col is not None and col not in typed:
                related[col] = RELATED_WEIGHT * min(
                    float(self.idf[col]), self._source_idf(term, query.terms)
                )
        return (*_arrays(typed), *_arrays(related), list(dict.fromkeys(unknown)))

    def _company_words(self) -> frozenset[str]:
        """The words of the companies' names (made once per index)."""
        if self._companies is None:
            self._companies = (
                frozenset(t for name in self.data.companies for t in tokenize(name) if len(t) > 2)
                - GENERIC_TERMS
            )
        return self._companies

    def _source_idf(self, related: str, terms: Sequence[str]) -> float:
        """The highest idf among the typed terms that `related` is a synonym of (inf if none)."""
        sources = [t for t in terms if related in QUERY_SYNONYMS.get(t, ())]
        idfs = [float(self.idf[c]) for c in self.vocabulary.find(sources).values()]
        return max(idfs, default=float("inf"))

    def _parts(
        self,
        columns: IntArray,
        weights: FloatArray,
        related: IntArray,
        related_weights: FloatArray,
        title_terms: Sequence[str],
    ) -> kernels.Parts:
        """What the score kernel sums, in this order: typed words on the full matrix, synonyms
        on title + tags; then the typed words' title columns, for the all-words-in-the-title
        boost. Typed words count for Lucene's coord factor (a posting with 2 of 2 words beats
        one that repeats 1 of them) — generic role nouns only when alone. Plain Python: the
        lists are a handful long."""
        typed = columns.tolist()
        specific = [c for c in typed if c not in self._generic_columns]
        counted = set(specific or typed)
        distinct = list(dict.fromkeys(title_terms))
        in_title = list(self.vocabulary.find(distinct).values())
        kinds = [KIND_COUNTED if c in counted else KIND_TYPED for c in typed]
        kinds += [KIND_RELATED] * len(related) + [KIND_TITLE] * len(in_title)
        return kernels.Parts(
            np.array(typed + related.tolist() + in_title, dtype=np.int32),
            np.array(
                weights.tolist() + related_weights.tolist() + [0.0] * len(in_title),
                dtype=np.float32,
            ),
            np.array(kinds, dtype=np.int8),
            len(counted),
            len(distinct),
        )

    def _boosts(self, level: str | None) -> kernels.Boosts:
        """Seniority match (and clash with the opposite levels) as flag bits."""
        bit = self._level_bits.get(level or "", 0)
        clash = 0
        if level in SENIOR_SIDE | JUNIOR_SIDE:
            others = JUNIOR_SIDE if level in SENIOR_SIDE else SENIOR_SIDE
            clash = 0
            for other in others:  # bitwise: levels may share a bit
                clash |= self._level_bits[other]
        return kernels.Boosts(bit, clash, _FACTORS)

    def _any_column(self, matrix: sp.csc_matrix, terms: Sequence[str]) -> BoolArray:
        mask = np.zeros(len(self), dtype=bool)
        for term in terms:
            col = self.vocabulary.get(term)
            if col is not None:
                mask[matrix.indices[matrix.indptr[col] : matrix.indptr[col + 1]]] = True
        return mask

    def _body(self, posting: Posting) -> str:
        """A posting's body, read from disk on demand (bodies are not kept in memory)."""
        if self.data.root is None or not posting.path:
            return ""
        try:
            return read_posting(Path(self.data.root), Path(self.data.root) / posting.path).body
        except (OSError, PostingError):
            return ""

    def _required(self, query: Query, rows: IntArray, hidden_rows: IntArray) -> BoolArray:
        """Which of `rows` meet the words' hard constraints: #tags and phrases present,
        -excluded absent, not hidden by the person asking."""
        keep = np.ones(len(rows), dtype=bool)
        for tag in query.tags:
            keep &= self._contains(tag, rows)
        for phrase in query.phrases:
            for term in tokenize(phrase, query=True):
                keep &= self._contains(term, rows)
            left = np.flatnonzero(keep)  # bodies are read from disk: only for rows still in
            keep[left] = self._phrase_found(phrase, rows[left])
        for term in query.excluded:
            keep &= ~self._contains(term, rows)
        if len(hidden_rows):
            keep &= ~np.isin(rows, hidden_rows)
        return keep

    def _contains(
        self, term: str, rows: IntArray, matrix: sp.csc_matrix | None = None
    ) -> BoolArray:
        """Which of `rows` have `term` in `matrix` (default: the full matrix)."""
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

    def _hidden_rows(self, hidden: Collection[str]) -> IntArray:
        """The rows of the hidden ids, sorted, read-only (like every array the kernels get)."""
        if not hidden:
            return kernels.NO_ROWS
        rows = sorted({r for r in map(self.row_of, hidden) if r is not None})
        return _read_only(np.array(rows, dtype=np.int32))

    def _phrase_found(self, phrase: str, rows: IntArray) -> BoolArray:
        found = np.zeros(len(rows), dtype=bool)
        for j, i in enumerate(rows.tolist()):
            p = self.postings[i]
            text = fold(f"{p.title}\n{p.summary}\n{self._body(p)}")
            found[j] = phrase in " ".join(text.split())
        return found

    def _filters(
        self,
        query: Query,
        relaxed: frozenset[str] = frozenset(),
        oldest: int | None = None,
        tier: kernels.Bitmap | None = None,
        pay_override: kernels.Bitmap | None = None,
    ) -> kernels.Filters:
        """The filters the query asked for, as the kernels test them (see `FILTER_NAMES`),
        but those in `relaxed`; with `oldest`, nothing older than that day (nor undated)."""
        active, wmask, wwant, min_day = 0, 0, 0, 0
        loc_table = company_table = job_table = _NO_TABLE
        words = pay = kernels.NO_FILTERS.words
        required = self._required_words(query) if "words" not in relaxed else None
        if required is not None:
            active |= 1 << FILTER_NAMES.index("words")
            words = required
        if query.workplace in _WORKPLACE_BITS:
            active |= 1 << FILTER_NAMES.index("workplace")
            wmask, wwant = _WORKPLACE_BITS[query.workplace]
        if query.location:
            active |= 1 << FILTER_NAMES.index("location")
            loc_table = self._location_table(query.location)
        if query.company:
            active |= 1 << FILTER_NAMES.index("company")
            company_table = self._company_table(query.company)
        if query.job_type:
            active |= 1 << FILTER_NAMES.index("job_type")
            job_table = np.array([t == query.job_type for t in self.data.job_types] or [False])
        if query.since:
            active |= 1 << FILTER_NAMES.index("since")
            min_day = _ordinal(query.since)
        if query.pay is not None:
            active |= 1 << FILTER_NAMES.index("salary")
            pay = pay_override if pay_override is not None else self._pay_bitmap(query.pay)
        if oldest is not None and "since" not in relaxed:
            active |= 1 << FILTER_NAMES.index("since")
            min_day = max(min_day, oldest)
        for name in relaxed:  # a relaxed filter is not applied
            active &= ~(1 << FILTER_NAMES.index(name))
        if tier is not None:
            active |= 1 << FILTER_NAMES.index("tier")
        bits: tuple[kernels.Bitmap, ...] = ()
        if active and self._backend.uses_scratch:  # the numba backend filters by bitmaps
            made: dict[str, Callable[[], kernels.Bitmap]] = {
                "words": lambda: words,
                "workplace": lambda: self._bitmap(
                    "workplace", query.workplace, lambda: (self._work & wmask) == wwant
                ),
                "location": lambda: self._bitmap(
                    "location", query.location, lambda: loc_table[self.data.location_codes]
                ),
                "company": lambda: self._bitmap(
                    "company", query.company, lambda: company_table[self.data.company_codes]
                ),
                "job_type": lambda: self._bitmap(
                    "job_type", query.job_type, lambda: job_table[self.data.job_type_codes]
                ),
                "since": lambda: self._bitmap("since", min_day, lambda: self.days >= min_day),
                "salary": lambda: pay,
                "tier": lambda: tier if tier is not None else kernels.NO_FILTERS.tier,
            }
            bits = tuple(made[name]() for i, name in enumerate(FILTER_NAMES) if active >> i & 1)
        return kernels.Filters(
            active,
            wmask,
            wwant,
            loc_table,
            company_table,
            job_table,
            min_day,
            words,
            pay,
            tier if tier is not None else kernels.NO_FILTERS.tier,
            bits,
        )

    def _pay_bitmap(self, ask: PayAsk) -> kernels.Bitmap:
        """The postings whose stated pay meets `ask` (`PayAsk.accepts`, a currency at a time);
        remembered per ask."""
        key = ("salary", ask)
        bitmap = self._bitmaps.get(key)
        if bitmap is None:
            data = self.data
            mask = np.zeros(len(self), dtype=bool)
            for code, currency in enumerate(data.pay_currencies):
                bounds = ask.bounds_in(currency) if currency else None
                if bounds is None:
                    continue
                least, ceiling = bounds
                ok = (data.pay_currency_codes == code) & (data.pay_top >= least)
                if ceiling is not None:
                    ok &= data.pay_bottom <= ceiling
                mask |= ok
            bitmap = kernels.to_bitmap(mask)
            _remember(self._bitmaps, key, bitmap, _MAX_BITMAPS)
        return bitmap

    def _no_pay_bitmap(self) -> kernels.Bitmap:
        """The postings that state no pay (made once)."""
        key = ("salary", None)
        bitmap = self._bitmaps.get(key)
        if bitmap is None:
            bitmap = kernels.to_bitmap(np.isnan(self.data.pay_top))
            _remember(self._bitmaps, key, bitmap, _MAX_BITMAPS)
        return bitmap

    def _required_words(self, query: Query) -> kernels.Bitmap | None:
        """The postings that hold the question's distinguishing words, as a bitmap; None when
        the question has no typed words (then nothing is required).

        Distinguishing: the typed words but the generic role nouns ("developer" next to
        "golang"); the generic ones when nothing else was typed. Up to two words are all
        required; of more, two in three (rounded up). A word no posting has counts as absent.
        A role noun (`ROLE_NOUNS`: "designer") is held by the postings whose title or tags
        name it, not by every ad that mentions one; and when a generic one was typed next to
        the others ("software engineer"), the title names a generic role noun or one of the
        other words ("DevOps Lead" for "devops engineer"), so a technical writer's ad that
        mentions software engineers is no match.
        """
        terms = [t for t in dict.fromkeys(query.terms)]
        if not terms:
            return None
        specific = [t for t in terms if t not in GENERIC_TERMS] or terms
        need = len(specific) if len(specific) <= 2 else -(-2 * len(specific) // 3)
        known = [
            (c, t in ROLE_NOUNS)
            for t in specific
            if (c := self.vocabulary.get(t)) is not None
        ]  # fmt: skip
        if len(known) < need:
            return kernels.to_bitmap(np.zeros(len(self), dtype=bool))
        if need == len(known) and need <= 2:
            bitmap = self._column_bitmap(*known[0])
            for c, in_title in known[1:]:
                bitmap = _read_only(bitmap & self._column_bitmap(c, in_title))
        else:
            rows = np.concatenate([self._column_rows(c, in_title) for c, in_title in known])
            bitmap = kernels.to_bitmap(np.bincount(rows, minlength=len(self)) >= need)
        if len(specific) < len(terms):  # a generic role noun was typed next to the others
            named = self._generic_role_bitmap()
            for c, _ in known:
                named = named | self._column_bitmap(c, in_title=True)
            bitmap = _read_only(bitmap & named)
        return bitmap

    def _generic_role_bitmap(self) -> kernels.Bitmap:
        """The postings whose title or tags name a generic role noun ("engineer", "developer"):
        with one of the question's own words in the title, what a "software engineer" question
        accepts as naming the role (a "Technical Writer" whose ad mentions engineers is not)."""
        key = ("generic-title", 0)
        bitmap = self._bitmaps.get(key)
        if bitmap is None:
            bitmap = kernels.to_bitmap(self._any_column(self.titles, sorted(GENERIC_TERMS)))
            _remember(self._bitmaps, key, bitmap, _MAX_BITMAPS)
        return bitmap

    def _column_rows(self, column: int, in_title: bool = False) -> IntArray:
        """The rows holding one term: anywhere, or (`in_title`) in the title or tags."""
        matrix = self.titles if in_title else self.matrix
        return np.asarray(matrix.indices[matrix.indptr[column] : matrix.indptr[column + 1]])

    def _column_bitmap(self, column: int, in_title: bool = False) -> kernels.Bitmap:
        """The postings holding one term (anywhere, or in the title or tags), as a bitmap
        (remembered for the most asked terms)."""
        key = ("title" if in_title else "column", column)
        bitmap = self._bitmaps.get(key)
        if bitmap is None:
            mask = np.zeros(len(self), dtype=bool)
            mask[self._column_rows(column, in_title)] = True
            bitmap = kernels.to_bitmap(mask)
            _remember(self._bitmaps, key, bitmap, _MAX_BITMAPS)
        return bitmap

    def _bitmap(self, name: str, key: object, mask: Callable[[], BoolArray]) -> kernels.Bitmap:
        """One filter's bitmap (one bit per posting), made once per value and remembered."""
        bitmap = self._bitmaps.get((name, key))
        if bitmap is None:
            bitmap = kernels.to_bitmap(np.asarray(mask(), dtype=bool))
            _remember(self._bitmaps, (name, key), bitmap, _MAX_BITMAPS)
        return bitmap

    def _newest_first(self) -> IntArray:
        """Every row, newest first then by id: questions without words walk it (made once)."""
        if self._by_date is None:
            self._by_date = _read_only(kernels.newest_first(self.days, self.data.id_rank))
        return self._by_date

    def _location_table(self, place: str) -> BoolArray:
        """Per distinct location, whether it is in `place`; remembered per place."""
        table = self._place_tables.get(place)
        if table is None:
            pattern = place_pattern(place)
            table = _table(bool(pattern.search(loc)) for loc in self.data.locations)
            _remember(self._place_tables, place, table, _MAX_TABLES)
        return table

    def _company_table(self, company: str) -> BoolArray:
        """Per distinct company, whether it is `company` ("acme" matches "acme labs")."""
        wanted = fold(company)
        table = self._company_tables.get(wanted)
        if table is None:
            table = _table(c == wanted or c.startswith(wanted + " ") for c in self.data.companies)
            _remember(self._company_tables, wanted, table, _MAX_TABLES)
        return table

    def _matched(self, rows: npt.NDArray[np.int64], query: Query) -> list[tuple[str, ...]]:
        """For each row, the query's terms (typed, #tags, related) it contains, and its phrases."""
        if not len(rows):
            return []
        known = self.vocabulary.find((*query.terms, *query.tags, *query.related))
        terms = list(known)
        found = self._backend.contains(
            self._arrays.m_indptr,
            self._arrays.m_indices,
            np.array(list(known.values()), dtype=np.int32),
            rows,
        ).tolist()
        return [
            tuple([*(t for t, hit in zip(terms, row, strict=True) if hit), *query.phrases])
            for row in found
        ]


def _arrays(weights: dict[int, float]) -> tuple[IntArray, FloatArray]:
    order = sorted(weights)
    return (
        np.array(order, dtype=np.int32),
        np.array([weights[c] for c in order], dtype=np.float32),
    )


def _query_tokens(word: str) -> list[str] | tuple[str, ...]:
    """`tokenize(word, query=True)` for one word: a plain lower-case ASCII word (what spelling
    tries by the hundred) holds no phrase (they need a space) and folds to itself, so its tokens
    are its cached word tokens, plus the language a bare "go", "c" or "r" names."""
    if _PLAIN_WORD.fullmatch(word) is None:
        return tokenize(word, query=True)
    tokens = word_tokens(word, query=True)
    return (*tokens, word) if word in _LANGUAGE_WORDS else tokens


_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_LANGUAGE_WORDS = frozenset({"go", "c", "r"})


def _ordinal(day: date) -> int:
    return day.toordinal()


def _read_only(array: npt.ArrayLike) -> npt.NDArray[Any]:
    """A read-only view: saved (memory-mapped) and fresh indexes then look alike to the
    kernels, which are compiled once per argument type."""
    view = np.ascontiguousarray(array).view()
    view.flags.writeable = False
    return view


def _table(values: Iterable[bool]) -> BoolArray:
    return np.fromiter(values, dtype=bool)


def _remember(cache: dict[_K, _V], key: _K, value: _V, most: int) -> None:
    """Remember `value`, forgetting the oldest entry beyond `most` (searches run in threads)."""
    with _CACHE_LOCK:
        if len(cache) >= most:
            cache.pop(next(iter(cache)))
        cache[key] = value
