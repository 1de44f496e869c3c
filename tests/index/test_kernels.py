"""index/kernels.py: the numba kernels and the NumPy fallback give the same answers, bit for bit.

The NumPy backend is the reference (whole-array operations, as search was before the kernels);
every comparison runs the same questions through both and wants identical hits, scores (exact
floats), totals, emptied filters and suggestions — on random postings with ties, near-duplicate
copies, undated postings and every kind of filter, and with the numba walk forced both ways.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import Posting, Query, SearchIndex, kernels

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 28)
needs_numba = pytest.mark.skipif(kernels.NUMBA is None, reason="numba is not installed")

WORDS = [f"w{i}" for i in range(20)] + ["python", "rust", "kafka", "engineer", "developer"]
LEVELS = ["Senior", "Junior", "Staff", "Intern", "Principal", "Mid", "", "", ""]
COMPANIES = ["Acme", "Acme Labs", "Globex", "Initech", "Umbrella"]
PLACES = ["Berlin, Germany", "Paris, France", "New York, NY", "Tokyo, Japan", "Remote"]
JOB_TYPES = [None, "full-time", "contract", "internship", "part-time"]


def corpus(seed: int, size: int, *, common: str | None = None) -> list[Posting]:
    """Random postings; some are copies of an earlier one (same title and company: one group,
    often the same score), some undated, many on the same day."""
    rng = random.Random(seed)
    out: list[Posting] = []
    for i in range(size):
        if out and rng.random() < 0.15:
            base = rng.choice(out)
            title, company, body = base.title, base.company, base.body
            if rng.random() < 0.5:
                body += " " + rng.choice(WORDS)
        else:
            level = rng.choice(LEVELS)
            title = " ".join([level, *rng.choices(WORDS, k=rng.randint(1, 3))]).strip()
            company = rng.choice(COMPANIES)
            body = " ".join(rng.choices(WORDS, k=rng.randint(0, 25)))
        if common:
            body += f" {common}"
        day = rng.randint(0, 40)
        out.append(
            Posting(
                id=f"p{rng.randrange(10**6):06d}-{i}",
                title=title,
                company=company,
                location=rng.choice(PLACES),
                body=body,
                tags=tuple(rng.sample(WORDS, k=rng.randint(0, 2))),
                job_type=rng.choice(JOB_TYPES),
                remote=rng.random() < 0.4,
                hybrid=rng.random() < 0.2,
                posted=None
                if rng.random() < 0.1
                else datetime(2026, 11, 28, tzinfo=UTC) - timedelta(days=day),
            )
        )
    return out


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(corpus(3, 700))


def random_query(rng: random.Random) -> Query:
    terms = tuple(rng.sample(WORDS, k=rng.choice([0, 1, 1, 2, 2, 3, 4])))
    if rng.random() < 0.1:
        terms += ("zzunknown",)
    related = tuple(rng.sample(WORDS, k=rng.choice([0, 0, 1, 2]))) if terms else ()
    return Query(
        text=" ".join(terms),
        terms=terms,
        related=tuple(t for t in related if t not in terms),
        workplace=rng.choice([None, None, "remote", "hybrid", "onsite"]),  # type: ignore[arg-type]
        location=rng.choice([None, None, None, "Berlin", "Europe", "Tokyo", "Mars"]),
        company=rng.choice([None, None, None, "acme", "globex", "nobody"]),
        job_type=rng.choice([None, None, "full-time", "contract", "freelance"]),
        seniority=rng.choice([None, None, "senior", "junior", "mid", "staff", "lead"]),
        since=rng.choice([None, None, TODAY - timedelta(days=rng.randint(0, 50))]),
    )


def answer(
    index: SearchIndex, backend: kernels.Backend | None, query: Query, **kwargs: Any
) -> tuple[Any, ...]:
    index._backend = backend or kernels.NUMPY
    try:
        result = index.search(query, **kwargs)
    finally:
        index._backend = kernels.DEFAULT
    return (
        [(h.posting.id, h.score, h.matched) for h in result.hits],
        result.total,
        result.emptied_by,
        [(h.posting.id, h.score, h.matched) for h in result.suggestions],
        result.unknown_terms,
    )


@needs_numba
@pytest.mark.parametrize(
    "dense_share", [0, kernels.DENSE_SHARE, 10**9], ids=["listed", "auto", "walk-all"]
)
def test_numba_and_numpy_answer_random_questions_alike(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch, dense_share: int
) -> None:
    monkeypatch.setattr(kernels, "DENSE_SHARE", dense_share)
    rng = random.Random(dense_share + 11)
    ids = [p.id for p in index.postings]
    for trial in range(150):
        query = random_query(rng)
        kwargs: dict[str, Any] = {
            "limit": rng.choice([0, 1, 3, 10, 10, 40, 64, 65, 300]),
            "offset": rng.choice([0, 0, 0, 2, 30]),
        }
        if rng.random() < 0.1:
            kwargs["hidden"] = set(rng.sample(ids, k=50))
        got = answer(index, kernels.NUMBA, query, **kwargs)
        want = answer(index, kernels.NUMPY, query, **kwargs)
        assert got == want, (trial, query, kwargs)


def test_random_questions_reach_every_path(index: SearchIndex) -> None:
    """The comparison above is worth something only if such questions meet emptied pages,
    ties, questions without words and full pages."""
    rng = random.Random(13)
    seen = {"emptied": 0, "no words": 0, "full page": 0, "ties": 0}
    for _ in range(150):
        query = random_query(rng)
        limit = rng.choice([1, 3, 10, 40])
        hits, _, emptied, _, _ = answer(index, kernels.DEFAULT, query, limit=limit)
        seen["emptied"] += emptied is not None
        seen["no words"] += not query.terms
        seen["full page"] += limit == len(hits)
        scores = [round(score, 6) for _, score, _ in hits]
        seen["ties"] += len(set(scores)) < len(scores)
    assert all(count >= 5 for count in seen.values()), seen


@needs_numba
def test_the_score_and_select_kernels_agree_with_numpy(index: SearchIndex) -> None:
    rng = random.Random(5)
    scratch = kernels.Scratch(len(index))
    for _ in range(60):
        query = random_query(rng)
        columns, weights, related, related_weights, _ = index._query_columns(query)
        parts = index._parts(columns, weights, related, related_weights, query.terms)
        boosts = index._boosts(query.seniority)
        got_rows, got_scores = kernels.NUMBA.score(index._arrays, parts, boosts, scratch)
        want_rows, want_scores = kernels.NUMPY.score(index._arrays, parts, boosts, None)
        order = np.argsort(got_rows)
        assert np.array_equal(got_rows[order], want_rows)
        assert got_scores[order].tobytes() == want_scores.tobytes()
        filters = index._filters(query)
        for k in (0, 1, 10, 100):
            a = kernels.NUMBA.select(
                index._arrays, got_rows.copy(), got_scores.copy(), boosts, filters, k, 5
            )
            b = kernels.NUMPY.select(index._arrays, want_rows, want_scores, boosts, filters, k, 5)
            assert a.rows.tolist() == b.rows.tolist()
            assert a.scores.tobytes() == b.scores.tobytes()
            assert (a.total, a.emptied) == (b.total, b.emptied)
            assert a.suggest_rows.tolist() == b.suggest_rows.tolist()
    assert not scratch.acc.any() and not scratch.marks.any()  # left clean for the next query


@needs_numba
def test_ties_go_the_same_way_in_both(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same text (same score), different dates, undated ones, ids out of order."""
    postings = [
        Posting(
            id=f"t{(i * 7) % 30:02d}",
            title="Kafka Engineer",
            company=f"c{i}",
            body="kafka streams",
            posted=None if i % 5 == 0 else datetime(2026, 11, 1 + i % 4, tzinfo=UTC),
        )
        for i in range(30)
    ]
    index = SearchIndex.build(postings)
    for share in (0, 10**9):
        monkeypatch.setattr(kernels, "DENSE_SHARE", share)
        for limit in (1, 4, 7, 30, 70):
            query = Query(text="kafka", terms=("kafka",))
            got = answer(index, kernels.NUMBA, query, limit=limit)
            assert got == answer(index, kernels.NUMPY, query, limit=limit)
            assert len({score for _, score, _ in got[0]}) == 1


@needs_numba
def test_a_word_in_every_posting_touches_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex.build(corpus(8, 300, common="everywhere"))
    for share in (0, 10**9):
        monkeypatch.setattr(kernels, "DENSE_SHARE", share)
        for words in (("everywhere",), ("everywhere", "w1"), ("w1", "everywhere", "w2")):
            query = Query(text=" ".join(words), terms=words, workplace="remote")
            got = answer(index, kernels.NUMBA, query, limit=500)
            assert got == answer(index, kernels.NUMPY, query, limit=500)
            assert got[1] == sum(p.remote for p in index.postings)


@needs_numba
def test_questions_without_words_rank_every_posting_alike(index: SearchIndex) -> None:
    for seniority in (None, "senior", "junior", "mid", "lead"):
        for workplace in (None, "remote", "onsite"):
            for since in (None, TODAY - timedelta(days=10), TODAY + timedelta(days=1)):
                query = Query(text="", seniority=seniority, workplace=workplace, since=since)
                for limit in (1, 10, 80):
                    got = answer(index, kernels.NUMBA, query, limit=limit)
                    assert got == answer(index, kernels.NUMPY, query, limit=limit)


@needs_numba
def test_filters_that_leave_nothing_are_named_alike(index: SearchIndex) -> None:
    cases = [
        Query(text="w1", terms=("w1",), location="Mars"),
        Query(text="w1 w2", terms=("w1", "w2"), workplace="remote", company="nobody"),
        Query(text="python", terms=("python",), job_type="freelance", since=TODAY),
        Query(text="", workplace="hybrid", location="Mars"),
        Query(text="", since=TODAY + timedelta(days=5), seniority="senior"),
    ]
    for query in cases:
        got = answer(index, kernels.NUMBA, query, limit=5)
        assert got == answer(index, kernels.NUMPY, query, limit=5)
        assert got[1] == 0 and got[2] is not None and got[3]


@needs_numba
def test_more_like_this_alike(index: SearchIndex) -> None:
    for posting in list(index.postings)[::37]:
        index._backend = kernels.NUMBA
        got = [(h.posting.id, h.score) for h in index.more_like_this(posting.id, limit=8)]
        index._backend = kernels.NUMPY
        want = [(h.posting.id, h.score) for h in index.more_like_this(posting.id, limit=8)]
        index._backend = kernels.DEFAULT
        assert got == want


def test_searches_from_several_threads_match_one_at_a_time(index: SearchIndex) -> None:
    rng = random.Random(21)
    queries = [random_query(rng) for _ in range(120)]
    alone = [answer(index, kernels.DEFAULT, q, limit=10) for q in queries]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda q: answer(index, kernels.DEFAULT, q, limit=10), queries))
    assert together == alone
    for scratch in index._scratch._free:
        assert not scratch.acc.any() and not scratch.marks.any()


def test_bitmaps_hold_one_bit_per_posting() -> None:
    rng = np.random.default_rng(2)
    for n in (0, 1, 63, 64, 65, 1000):
        mask = rng.random(n) < 0.3
        bitmap = kernels.to_bitmap(mask)
        assert len(bitmap) == kernels.bitmap_words(n)
        bits = [(int(bitmap[r // 64]) >> (r % 64)) & 1 for r in range(len(bitmap) * 64)]
        assert bits == [*mask.astype(int).tolist(), *[0] * (len(bitmap) * 64 - n)]


def test_without_numba_search_falls_back_to_numpy() -> None:
    script = (
        "from index import kernels, SearchIndex, Posting, parse_query\n"
        "assert kernels.NUMBA is None and kernels.DEFAULT is kernels.NUMPY\n"
        "index = SearchIndex.build([Posting(id='a', title='Rust Engineer', body='tokio')])\n"
        "assert [h.posting.id for h in index.search(parse_query('rust')).hits] == ['a']\n"
    )
    env = {**os.environ, "JOBBOT_NO_NUMBA": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@needs_numba
def test_hidden_postings_are_no_candidates_alike(index: SearchIndex) -> None:
    remote = {p.id for p in index.postings if p.remote}
    everything = {p.id for p in index.postings}
    cases = [
        (Query(text="w1", terms=("w1",), workplace="remote"), remote),  # the filter empties it
        (Query(text="", workplace="remote"), remote),
        (Query(text="", seniority="senior"), set(list(everything)[::2])),
        (Query(text="w1 w2", terms=("w1", "w2")), everything),  # nothing left at all
        (Query(text="", location="Berlin"), everything),
    ]
    for query, hidden in cases:
        for limit in (3, 10):
            got = answer(index, kernels.NUMBA, query, limit=limit, hidden=hidden)
            assert got == answer(index, kernels.NUMPY, query, limit=limit, hidden=hidden)
            assert not {hit[0] for hit in got[0] + got[3]} & hidden
