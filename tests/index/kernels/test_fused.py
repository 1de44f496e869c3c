"""index/kernels/fused.py (and the walks and adds it runs): the fused kernels and the NumPy
reference give the same answers, bit for bit.

The NumPy backend is the reference (whole-array operations, as search was before the kernels);
every comparison runs the same questions through both and wants identical hits, scores (exact
floats), totals, emptied filters and suggestions — on random postings with ties, near-duplicate
copies, undated postings and every kind of filter, and with the numba walk forced both ways
(`backend.DENSE_SHARE`: 0 lists the touched postings, 10**9 walks them all).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from index import Posting, Query, SearchIndex, kernels
from index.kernels import backend
from tests.support.kernels import TODAY, answer, needs_numba, random_query


@needs_numba
@pytest.mark.parametrize(
    "dense_share", [0, kernels.DENSE_SHARE, 10**9], ids=["listed", "auto", "walk-all"]
)
def test_numba_and_numpy_answer_random_questions_alike(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch, dense_share: int
) -> None:
    monkeypatch.setattr(backend, "DENSE_SHARE", dense_share)
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
def test_ties_go_the_same_way_in_both(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same text, different dates, undated ones, ids out of order — all old enough that the age
    prior is the same floor for every one: equal scores, so date and id decide."""
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
    index = SearchIndex.build(postings, today=date(2040, 1, 1))
    for share in (0, 10**9):
        monkeypatch.setattr(backend, "DENSE_SHARE", share)
        for limit in (1, 4, 7, 30, 70):
            query = Query(text="kafka", terms=("kafka",))
            got = answer(index, kernels.NUMBA, query, limit=limit)
            assert got == answer(index, kernels.NUMPY, query, limit=limit)
            assert len({score for _, score, _ in got[0]}) == 1


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
        assert got[2] is not None and got[3] and got[2] == got[3][0]  # relaxed, named alike


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
            assert not {hit[0] for hit in got[0]} & hidden
