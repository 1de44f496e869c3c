"""index/kernels/reference.py: the NumPy backend — the oracle the kernels are held to — against
a brute-force dense product and a full sort by (score, date, id)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from index import Posting, Query, SearchIndex, kernels


@pytest.mark.parametrize("backend", ["reference", "compiled"])
def test_top_k_matches_a_brute_force_oracle_on_random_data(backend: str) -> None:
    """The reference (and the compiled kernels, held to it) against a dense `X @ q`."""
    if backend == "compiled" and kernels.NUMBA is None:
        pytest.skip("numba is not available")
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(60)]
    postings = [
        Posting(
            id=f"doc{i:04d}",
            title=" ".join(rng.choices(vocab, k=3)) + f" t{i}",
            company=f"c{i}",
            body=" ".join(rng.choices(vocab, k=rng.randint(5, 60))),
            posted=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 30)),
        )
        for i in range(400)
    ]
    index = SearchIndex.build(postings)
    chosen = kernels.NUMPY if backend == "reference" else kernels.NUMBA
    assert chosen is not None
    index._backend = chosen
    dense = index.matrix.toarray().astype(np.float64)
    for trial in range(40):
        terms = tuple(rng.sample(vocab, k=rng.randint(1, 3)))
        k = rng.choice([1, 5, 10, 50])
        query = Query(text=" ".join(terms), terms=terms)
        got = [h.posting.id for h in index.search(query, limit=k).hits]
        # Oracle: dense X @ q, the same coord factor, then a full sort by (score, date, id).
        cols = [index.vocabulary.column(t) for t in terms]
        q = np.zeros(dense.shape[1])
        q[cols] = index.idf[cols]
        scores = dense @ q
        coord = (dense[:, cols] > 0).sum(axis=1) / len(cols)
        if len(cols) > 1:
            scores = scores * (0.5 + 0.5 * coord)
        title_all = np.all([index._any_column(index.titles, [t]) for t in terms], axis=0)
        scores = np.where(title_all, scores * 1.3, scores)
        scores = scores * index.prior  # the age prior
        # A posting matches when it holds the words: all of up to two, two in three of more.
        held = (dense[:, cols] > 0).sum(axis=1)
        need = len(cols) if len(cols) <= 2 else -(-2 * len(cols) // 3)
        rows = [i for i in range(len(postings)) if scores[i] > 0 and held[i] >= need]
        rows.sort(key=lambda i: (-round(scores[i], 5), -_ordinal(postings[i]), postings[i].id))
        want = [postings[i].id for i in rows[:k]]
        assert got == want, (trial, terms, k)


def _ordinal(posting: Posting) -> int:
    assert posting.posted is not None  # the brute-force check's postings are all dated
    return posting.posted.toordinal()
