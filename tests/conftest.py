"""Fixtures for every test folder."""

from __future__ import annotations

import pytest

from index import SearchIndex, load_postings
from tests.support.paths import CORPUS, SEEDS

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


@pytest.fixture(scope="session")
def corpus_index() -> SearchIndex:
    """The real corpus beside the repository (../shared/corpus), built once per test session;
    the test is skipped where it is absent (a user's fresh clone has none)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    return SearchIndex.build(load_postings(CORPUS).postings)
