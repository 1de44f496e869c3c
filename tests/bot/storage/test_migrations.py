"""bot/storage/migrations.py: numbered schema steps, applied once each, in order."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from bot.storage import Owner, Store
from bot.storage.migrations import MIGRATIONS
from tests.support.digests import utc
from tests.support.sql import rows

NOW = utc(2026, 3, 30, 7)
DAY = date(2026, 3, 30)
ALICE = Owner.user("U1ALICE")


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


async def test_a_first_version_database_is_brought_up_to_date_dropping_old_question_texts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "jobbot.sqlite3"
    with sqlite3.connect(path) as conn:
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO query_log (question, hits, latency_ms, at) VALUES (?, ?, ?, ?)",
            ("private: leaving Acme", 3, 1.5, "2026-03-30T07:00:00.000000+00:00"),
        )
        conn.execute(
            "INSERT INTO subscriptions (owner_kind, owner_id, question, created_at)"
            " VALUES ('channel', 'C1', 'sre', '2026-03-30T07:00:00.000000+00:00')"
        )
    conn.close()

    async with Store.open(path) as store:
        [sub] = await store.all_subscriptions()
        version = await store.schema_version()

    assert version == len(MIGRATIONS)
    assert rows(path, "SELECT question, hits FROM query_log") == [(None, 3)]
    assert sub.created_by is None  # made before jobbot recorded it: only admins may stop it
    assert "posting_at" in {r[1] for r in rows(path, "PRAGMA table_info(digest_runs)")}
