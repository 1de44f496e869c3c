"""The store suite runs on both engines: every `store` test once on an SQLite file and once on
a fresh PostgreSQL database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where the store lives: an SQLite file, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return tmp_path / "jobbot.sqlite3"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def store(database: Path | str) -> AsyncIterator[Store]:
    async with Store.open(database) as opened:
        yield opened
