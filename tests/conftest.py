"""Fixtures for every test folder."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from index import SearchIndex, load_postings
from tests.support.paths import CORPUS, SEEDS
from tests.support.postgres import PostgresCluster, find_bindir

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


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A real PostgreSQL server for the session. Without PostgreSQL installed the tests that
    need it are skipped on a developer's machine, never in CI (.ci/run installs it)."""
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (initdb, pg_ctl); CI must install it")
        pytest.skip("PostgreSQL is not installed (initdb, pg_ctl): apt-get install postgresql")
    cluster = PostgresCluster(bindir)
    try:
        cluster.start()
    except Exception:
        log = cluster.log()
        cluster.stop()
        raise RuntimeError(f"the test PostgreSQL server did not start:\n{log}") from None
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres: PostgresCluster) -> str:
    """A fresh, empty database on the session's server."""
    return postgres.create_database()
