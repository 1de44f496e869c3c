"""index/kernels/scatter.py: the score kernel (questions with hard constraints, deep pages, "more
like this") gives NumPy's scores bit for bit, and leaves its buffers clean.
"""

from __future__ import annotations

import random

import numpy as np

from index import SearchIndex, kernels
from tests.support.kernels import needs_numba, random_query


@needs_numba
def test_the_score_and_select_kernels_agree_with_numpy(index: SearchIndex) -> None:
    rng = random.Random(5)
    numba = kernels.NUMBA
    assert numba is not None
    scratch = kernels.Scratch(len(index))
    for _ in range(60):
        query = random_query(rng)
        columns, weights, related, related_weights, _ = index._query_columns(query)
        parts = index._parts(columns, weights, related, related_weights, query.terms)
        boosts = index._boosts(query.seniority)
        got_rows, got_scores = numba.score(index._arrays, parts, boosts, scratch)
        want_rows, want_scores = kernels.NUMPY.score(index._arrays, parts, boosts, None)
        order = np.argsort(got_rows)
        assert np.array_equal(got_rows[order], want_rows)
        assert got_scores[order].tobytes() == want_scores.tobytes()
        filters = index._filters(query)
        for k in (0, 1, 10, 100):
            a = numba.select(
                index._arrays, got_rows.copy(), got_scores.copy(), boosts, filters, k, 5
            )
            b = kernels.NUMPY.select(index._arrays, want_rows, want_scores, boosts, filters, k, 5)
            assert a.rows.tolist() == b.rows.tolist()
            assert a.scores.tobytes() == b.scores.tobytes()
            assert (a.total, a.emptied) == (b.total, b.emptied)
            assert a.suggest_rows.tolist() == b.suggest_rows.tolist()
    assert not scratch.acc.any() and not scratch.marks.any()  # left clean for the next query


@needs_numba
def test_more_like_this_alike(index: SearchIndex) -> None:
    numba = kernels.NUMBA
    assert numba is not None
    for posting in list(index.postings)[::37]:
        index._backend = numba
        got = [(h.posting.id, h.score) for h in index.more_like_this(posting.id, limit=8)]
        index._backend = kernels.NUMPY
        want = [(h.posting.id, h.score) for h in index.more_like_this(posting.id, limit=8)]
        index._backend = kernels.DEFAULT
        assert got == want
