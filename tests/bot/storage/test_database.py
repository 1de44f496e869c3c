"""bot/storage/database.py: a target names its engine, and times are stored as aware UTC."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage import Store, sqlite_path
from tests.support.digests import utc

NOW = utc(2026, 3, 30, 7)


@pytest.mark.parametrize(
    ("target", "path"),
    [
        ("jobbot.sqlite3", "jobbot.sqlite3"),
        ("sqlite:data/jobbot.sqlite3", Path("data/jobbot.sqlite3")),
        ("sqlite:///srv/jobbot.sqlite3", Path("/srv/jobbot.sqlite3")),
        ("sqlite::memory:", ":memory:"),
        ("postgresql://jobbot@db:5432/jobbot", None),
        ("postgres://db/jobbot", None),
    ],
)
def test_a_target_names_an_sqlite_file_or_a_postgres_server(
    target: str, path: Path | str | None
) -> None:
    assert sqlite_path(target) == path


async def test_each_target_opens_its_engine(tmp_path: Path, postgres_url: str) -> None:
    async with Store.open(f"sqlite:{tmp_path / 'a.sqlite3'}") as store:
        assert store.engine == "sqlite" and (tmp_path / "a.sqlite3").is_file()
    async with Store.open(postgres_url) as store:
        assert store.engine == "postgresql" and store.path == postgres_url


async def test_naive_datetimes_are_rejected(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        await store.record_first_seen(["a"], now=NOW.replace(tzinfo=None))


async def test_a_database_that_answers_pings_none(store: Store) -> None:
    assert await store.ping() is None
