"""Fixtures for the cards' tests: the bundled seeds as an index (built once per session)."""

from __future__ import annotations

import pytest

from index import SearchIndex


@pytest.fixture
def seeds(seed_index: SearchIndex) -> SearchIndex:
    return seed_index
