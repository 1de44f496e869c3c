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

from kernels_support import answer, needs_numba, random_query

from index import SearchIndex, kernels
from index.kernels import fused, scatter

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
def test_a_kernel_follows_a_change_to_a_helper_in_another_module(tmp_path: Path) -> None:
    """numba's cache checks a function's own file only: a kernel whose helper (inlined from
    another module) changed must not run the helper's old version from the cache."""
    package = tmp_path / "family"
    package.mkdir()
    (package / "__init__.py").write_text("")
    stamp = "from pathlib import Path\nfrom index import compiled\n"
    stamp += "family = compiled.Family(Path(__file__).parent)\n"
    (package / "helpers.py").write_text(stamp + "@family.inline\ndef helper():\n    return 1\n")
    (package / "kernel.py").write_text(
        stamp + "from family.helpers import helper\n"
        "@family.jit\ndef kernel():\n    return helper()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "JOBBOT_NO_NUMBA"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT)])

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", "from family.kernel import kernel; print(kernel())"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert run() == "1"
    assert run() == "1"  # from the cache
    assert list((package / "__pycache__").glob("kernel.kernel-*.nbi"))
    helpers = package / "helpers.py"
    helpers.write_text(helpers.read_text().replace("return 1", "return 2"))
    assert run() == "2"


@needs_numba
def test_the_kernels_are_compiled_once_and_take_plain_tuples(index: SearchIndex) -> None:
    """A real index gives the kernels the types the warm-up compiled them for (no compiling at
    someone's question), and NamedTuples reach them as plain tuples: numba's dispatcher would
    read a NamedTuple's class and field names on every call (see index/kernels/fused.py)."""
    rng = random.Random(8)
    for _ in range(60):
        answer(index, kernels.NUMBA, random_query(rng), limit=rng.choice([3, 10, 100]))
    for kernel in (fused._search_kernel, fused._recent_kernel, scatter._score_kernel):
        assert len(kernel.signatures) == 1, kernel
        kinds = {type(argument).__name__ for argument in kernel.signatures[0]}
        assert not kinds & {"NamedTuple", "NamedUniTuple"}, (kernel, kinds)
