"""index/kernels/walk.py: the walks over candidate rows — listed, or every posting in order when
the columns are dense — count, filter and keep the same postings as the NumPy reference."""

from __future__ import annotations

import pytest

from index import Query, SearchIndex, kernels
from index.kernels import backend
from index.text import tokenize
from tests.support.kernels import answer, corpus, needs_numba


@needs_numba
def test_a_word_in_every_posting_touches_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    postings = corpus(8, 300, common="everywhere")
    index = SearchIndex.build(postings)
    for share in (0, 10**9):
        monkeypatch.setattr(backend, "DENSE_SHARE", share)
        for words in (("everywhere",), ("everywhere", "w1"), ("w1", "everywhere", "w2")):
            query = Query(text=" ".join(words), terms=words, workplace="remote")
            got = answer(index, kernels.NUMBA, query, limit=500)
            assert got == answer(index, kernels.NUMPY, query, limit=500)
            need = len(words) if len(words) <= 2 else 2
            held = [
                len(set(words) & set(tokenize(f"{p.title} {p.body} {' '.join(p.tags)}")))
                for p in postings
            ]
            assert got[1] == sum(
                p.remote and h >= need for p, h in zip(postings, held, strict=True)
            )
