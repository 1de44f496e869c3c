"""The kernel tests' shared index: random postings with ties, copies and undated ones."""

from __future__ import annotations

import pytest

from index import SearchIndex
from tests.support.kernels import corpus


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(corpus(3, 700))
