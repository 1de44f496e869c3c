"""The kernel tests' shared index: random postings with ties, copies and undated ones."""

from __future__ import annotations

import pytest
from kernels_support import corpus

from index import SearchIndex


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(corpus(3, 700))
