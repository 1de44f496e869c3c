"""bot/storage/migrations.py: numbered schema steps, applied once each, in order."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from bot.storage import Owner, Store
from bot.storage.migrations import MIGRATIONS
from tests.support.digests import utc

NOW = utc(2026, 3, 30, 7)


DAY = date(2026, 3, 30)


ALICE = Owner.user("U1ALICE")


def _pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as conn:
        value = conn.execute(f"PRAGMA {name}").fetchone()[0]
    conn.close()
    return value


async def test_reopening_runs_no_migration_twice_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "jobbot.sqlite3"
    async with Store.open(path) as store:
        sub = await store.add_subscription(ALICE, "remote sre", now=NOW)
        await store.record_first_seen(["a"], now=NOW)
    for _ in range(2):
        async with Store.open(path) as store:
            assert await store.all_subscriptions() == [sub]
            assert await store.first_seen_of(["a"]) == {"a": NOW}
            assert await store.schema_version() == len(MIGRATIONS)


async def test_an_existing_empty_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE unrelated (x)")
        conn.execute("INSERT INTO unrelated VALUES (1)")
    conn.close()
    async with Store.open(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT x FROM unrelated").fetchall() == [(1,)]
    conn.close()
