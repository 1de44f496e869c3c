"""index/kernels/arrays.py: the filter bitmaps."""

from __future__ import annotations

import numpy as np

from index import kernels


def test_bitmaps_hold_one_bit_per_posting() -> None:
    rng = np.random.default_rng(2)
    for n in (0, 1, 63, 64, 65, 1000):
        mask = rng.random(n) < 0.3
        bitmap = kernels.to_bitmap(mask)
        assert len(bitmap) == kernels.bitmap_words(n)
        bits = [(int(bitmap[r // 64]) >> (r % 64)) & 1 for r in range(len(bitmap) * 64)]
        assert bits == [*mask.astype(int).tolist(), *[0] * (len(bitmap) * 64 - n)]
