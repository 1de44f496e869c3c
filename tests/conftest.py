"""Fixtures for every test folder."""

from __future__ import annotations

import pytest

from index import SearchIndex, load_postings
from tests.support.paths import SEEDS

SLACK_ENV = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "JOBBOT_POSTINGS_DIR")
"""What would take jobbot out of console mode on its bundled seeds if the shell set it."""


@pytest.fixture
def no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slack tokens and a postings folder from the shell never reach the test."""
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def seed_index() -> SearchIndex:
    """The bundled seeds, archived Sketch posting included, built once per test session."""
    return SearchIndex.build(load_postings(SEEDS, include_archived=True).postings)
