"""bot/storage/postgres.py on a real PostgreSQL server: opening and migrating once however many
replicas start together, clear errors naming the server (never its password)."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.storage import Owner, Store, StoreError, StoreWriteError
from bot.storage.migrations import POSTGRES_MIGRATIONS
from bot.storage.postgres import numbered, redacted
from tests.support.digests import utc
from tests.support.postgres import PostgresCluster, free_port
from tests.support.sql import table_rows

NOW = utc(2026, 3, 30, 7)


async def test_replicas_opening_a_new_database_together_migrate_it_once(postgres_url: str) -> None:
    stores = await asyncio.gather(*(Store.open(postgres_url) for _ in range(4)))
    try:
        versions = {await store.schema_version() for store in stores}
        sub = await stores[0].add_subscription(Owner.user("U1"), "sre", now=NOW)
        assert await stores[3].all_subscriptions() == [sub]
    finally:
        for store in stores:
            await store.close()
    assert versions == {len(POSTGRES_MIGRATIONS)}
    assert await table_rows(postgres_url, "SELECT version FROM jobbot_schema") == [
        (len(POSTGRES_MIGRATIONS),)
    ]


async def test_reopening_keeps_the_data(postgres_url: str) -> None:
    async with Store.open(postgres_url) as store:
        sub = await store.add_subscription(Owner.channel("C1"), "", now=NOW)
    async with Store.open(postgres_url) as store:
        assert await store.all_subscriptions() == [sub]
        assert store.engine == "postgresql"


async def test_a_schema_from_a_newer_jobbot_is_refused(postgres_url: str) -> None:
    async with Store.open(postgres_url):
        pass
    conn = await asyncpg.connect(postgres_url)
    await conn.execute("UPDATE jobbot_schema SET version = 99")
    await conn.close()
    with pytest.raises(StoreError, match="newer than this jobbot"):
        await Store.open(postgres_url)


async def test_a_server_that_cannot_be_reached_is_named_without_its_password() -> None:
    url = f"postgresql://jobbot:s3cret@127.0.0.1:{free_port()}/jobbot"
    with pytest.raises(StoreError) as refused:
        await Store.open(url)
    assert "127.0.0.1" in str(refused.value) and "s3cret" not in str(refused.value)
    assert redacted(url).startswith("postgresql://jobbot:***@127.0.0.1:")


async def test_a_server_that_goes_away_turns_writes_into_store_write_errors(
    postgres: PostgresCluster,
) -> None:
    own = PostgresCluster(postgres.bindir)  # a server of its own, to stop and start again
    try:
        own.start()
        url = own.create_database()
        async with Store.open(url) as store:
            await store.save_job("U1", "a", now=NOW)
            own.halt()
            with pytest.raises(StoreWriteError, match="cannot write"):
                await store.save_job("U1", "b", now=NOW)
            assert store.write_problem is not None and "127.0.0.1" in store.write_problem
            own.launch()
            # The pool reconnects: the next write works and clears the problem.
            assert await store.save_job("U1", "c", now=NOW)
            assert store.write_problem is None
            assert [j.posting_id for j in await store.saved_jobs("U1")] == ["c", "a"]
    finally:
        own.stop()


def test_placeholders_are_numbered_outside_quoted_text() -> None:
    assert numbered("SELECT '?', \"a?\" FROM t WHERE a = ? AND b IN (?, ?)") == (
        "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b IN ($2, $3)"
    )
