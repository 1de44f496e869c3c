"""Fixtures for the Slack app: the fake Web API, settings pointing at it, a seed index, and the
real app behind its aiohttp server on a free loopback port."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.answers import Answers
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.connections import DEFAULT_LIMITS, Limits, listening
from bot.slack.health import Health
from bot.slack.server import make_web_app
from bot.storage import Store
from index import SearchIndex
from tests.support import FakeSlackWebAPI
from tests.support.harness import SECRET, Served, StartApp, settle
from tests.support.paths import SEEDS


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackWebAPI]:
    async with FakeSlackWebAPI() as fake:
        yield fake


@pytest.fixture
def settings(slack: FakeSlackWebAPI, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr("xoxb-test"),
        slack_signing_secret=SecretStr(SECRET),
        slack_app_token=None,
        slack_api_url=slack.base_url,
        postings_dir=SEEDS,
        cache_dir=tmp_path / "cache",
        database=tmp_path / "serve.sqlite3",
        include_archived=True,
    )


@pytest.fixture
async def start_app(settings: Settings, seed_index: SearchIndex) -> AsyncIterator[StartApp]:
    """Start an app: on the seeds by default, or with another index, `Answers` or a store."""
    async with contextlib.AsyncExitStack() as servers:

        async def start(
            *,
            index: SearchIndex | None = None,
            answers: Answers | None = None,
            store: Store | None = None,
            limits: Limits = DEFAULT_LIMITS,
        ) -> Served:
            chosen = index or seed_index
            app = create_app(settings, answers=answers or Answers(lambda: chosen), store=store)
            health = Health()
            health.loaded(len(chosen))
            web_app = make_web_app(
                app, health, signing_secret=SECRET, body_timeout=limits.body_timeout
            )
            site = await servers.enter_async_context(
                listening(web_app, host="127.0.0.1", port=0, limits=limits)
            )
            return Served(f"http://127.0.0.1:{site.bound_port}", app, health)

        yield start
        await settle()


@pytest.fixture
async def served(start_app: StartApp) -> Served:
    return await start_app()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """A real SQLite database file, fresh for each test."""
    async with Store.open(tmp_path / "jobbot.sqlite3") as opened:
        yield opened


@pytest.fixture
async def personal(store: Store, start_app: StartApp) -> Served:
    """The app on the seeds with the `store`: saving, hiding, saved searches, Home. (The store
    comes first, so it closes after the app has settled.)"""
    return await start_app(store=store)
