"""index/kernels/backend.py: searches in several threads (one scratch buffer each), the NumPy
fallback without numba, and compiled kernels that follow their helpers' changes.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from index import SearchIndex, kernels
from index.kernels import fused, scatter
from tests.support.kernels import answer, needs_numba, random_query

ROOT = Path(__file__).resolve().parents[3]


def test_searches_from_several_threads_match_one_at_a_time(index: SearchIndex) -> None:
    rng = random.Random(21)
    queries = [random_query(rng) for _ in range(120)]
    alone = [answer(index, kernels.DEFAULT, q, limit=10) for q in queries]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda q: answer(index, kernels.DEFAULT, q, limit=10), queries))
    assert together == alone
    for scratch in index._scratch._free:
        assert not scratch.acc.any() and not scratch.marks.any()


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
def test_the_kernels_are_compiled_once_and_take_plain_tuples(index: SearchIndex) -> None:
    """A real index gives the kernels the types the warm-up compiled them for (no compiling at
    someone's question), and NamedTuples reach them as plain tuples: numba's dispatcher would
    read a NamedTuple's class and field names on every call (see index/kernels/fused.py)."""
    rng = random.Random(8)
    for _ in range(60):
        answer(index, kernels.NUMBA, random_query(rng), limit=rng.choice([3, 10, 100]))
    for kernel in (fused._search_kernel, fused._recent_kernel, scatter._score_kernel):
        signatures = getattr(kernel, "signatures")  # noqa: B009 - numba's, unknown to mypy
        assert len(signatures) == 1, kernel
        kinds = {type(argument).__name__ for argument in signatures[0]}
        assert not kinds & {"NamedTuple", "NamedUniTuple"}, (kernel, kinds)
