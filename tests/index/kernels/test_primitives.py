"""index/kernels/primitives.py: the small compiled helpers every kernel inlines, called directly
(compiled when numba is there, plain Python otherwise) against plain-Python answers."""

from __future__ import annotations

import bisect
import random

import numpy as np
import pytest

from index.kernels import primitives


@pytest.mark.parametrize(
    ("a", "b", "a_first"),
    [
        ((0.5, 10, 3), (0.4, 99, 0), True),  # the higher score first
        ((0.5, 10, 3), (0.5, 11, 0), False),  # then the newer posting
        ((0.5, 10, 3), (0.5, 10, 4), True),  # then the lower id rank
        ((0.5, 10, 3), (0.5, 10, 3), False),  # never better than itself
    ],
)
def test_better_orders_by_score_then_date_then_id(
    a: tuple[float, int, int], b: tuple[float, int, int], a_first: bool
) -> None:
    assert bool(primitives._better(*a, *b)) is a_first


def test_rounded_is_numpys_round_to_six_decimals() -> None:
    rng = np.random.default_rng(3)
    for value in rng.random(2000).astype(np.float32):
        assert primitives._rounded(value) == float(np.round(np.float64(value), 6))


def test_popcount_counts_the_set_bits_of_a_word() -> None:
    rng = random.Random(4)
    for _ in range(500):
        word = rng.getrandbits(64)
        assert primitives._popcount(np.uint64(word)) == bin(word).count("1")


def test_has_and_until_search_a_sorted_slice() -> None:
    rng = random.Random(6)
    rows = np.array(sorted(rng.sample(range(10_000), 300)), dtype=np.int32)
    for _ in range(500):
        lo, hi = sorted(rng.sample(range(len(rows) + 1), 2))
        r = rng.randrange(10_000)
        window = rows[lo:hi].tolist()
        assert bool(primitives._has(rows, lo, hi, r)) is (r in window)
        assert primitives._until(rows, lo, hi, r) == lo + bisect.bisect_left(window, r)
