"""bot/storage/sqlite.py: opening a real SQLite file — WAL, concurrent first opens, and refusing a
file that is not a healthy jobbot database without touching it."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.storage import Owner, Store, StoreError, StoreWriteError
from bot.storage.migrations import MIGRATIONS
from bot.storage.sqlite import SqliteEngine
from tests.support.digests import utc
from tests.support.sql import pragma
from tests.support.volumes import fill, read_only, small_volume

NOW = utc(2026, 3, 30, 7)
DAY = date(2026, 3, 30)
ALICE = Owner.user("U1ALICE")


async def test_open_creates_the_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "jobbot.sqlite3"
    async with Store.open(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)
    assert pragma(path, "user_version") == len(MIGRATIONS)
    assert pragma(path, "journal_mode") == "wal"


async def test_open_can_be_awaited_and_closed_explicitly(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "jobbot.sqlite3")
    try:
        assert await store.all_subscriptions() == []
    finally:
        await store.close()


async def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "jobbot.sqlite3"
    path.touch()
    async with Store.open(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)


async def test_two_processes_opening_a_new_file_together_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "jobbot.sqlite3"
    first, second = await asyncio.gather(Store.open(path), Store.open(path))
    try:
        assert await first.schema_version() == await second.schema_version() == len(MIGRATIONS)
    finally:
        await first.close()
        await second.close()


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text_file(path: Path) -> None:
    path.write_text("title: not a database\n" * 50)


def _short_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00")


def _corrupt_pages(path: Path) -> None:
    """A real jobbot database whose table pages were overwritten with garbage."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 6] = os.urandom(4096 * 5)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "spoil", [_random_bytes, _text_file, _short_header, _corrupt_pages], ids=lambda f: f.__name__
)
async def test_a_file_that_is_not_a_healthy_database_is_refused_and_left_untouched(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    path = tmp_path / "jobbot.sqlite3"
    spoil(path)
    before = path.read_bytes()

    with pytest.raises(StoreError) as raised:
        await Store.open(path)

    assert str(path) in str(raised.value)
    assert path.read_bytes() == before


async def test_a_database_from_a_newer_jobbot_is_refused_and_left_untouched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "jobbot.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    before = path.read_bytes()

    with pytest.raises(StoreError, match="newer"):
        await Store.open(path)

    assert path.read_bytes() == before


async def test_a_missing_folder_is_an_error_and_nothing_is_created(tmp_path: Path) -> None:
    path = tmp_path / "not-mounted" / "jobbot.sqlite3"

    with pytest.raises(StoreError, match="not-mounted"):
        await Store.open(path)

    assert not path.parent.exists()


# -- a disk that fills up, turns read-only, or loses the file while jobbot runs ------------------


async def test_a_full_disk_fails_the_write_clearly_and_writing_resumes_when_space_is_back(
    tmp_path: Path,
) -> None:
    with small_volume(tmp_path / "vol") as volume:
        async with Store.open(volume / "jobbot.sqlite3") as store:
            await store.save_job("U1", "a", now=NOW)
            filler = fill(volume)

            with pytest.raises(StoreWriteError, match="full"):
                for n in range(200):  # the WAL may take a few pages before the disk says no
                    await store.save_job("U1", f"job-{n}-" + "x" * 2000, now=NOW)
            problem = store.write_problem
            filler.unlink()
            await store.save_job("U1", "b", now=NOW)

            assert problem is not None and "jobbot.sqlite3" in problem
            assert store.write_problem is None
            assert {"a", "b"} <= {j.posting_id for j in await store.saved_jobs("U1")}


async def test_a_database_on_a_read_only_disk_is_refused_at_start_naming_it(
    tmp_path: Path,
) -> None:
    with small_volume(tmp_path / "vol") as volume:
        async with Store.open(volume / "jobbot.sqlite3") as store:
            await store.save_job("U1", "a", now=NOW)
        read_only(volume)
        try:
            with pytest.raises(StoreError, match="read-only file system") as refused:
                await Store.open(volume / "jobbot.sqlite3")
        finally:
            read_only(volume, on=False)

    assert "jobbot.sqlite3" in str(refused.value) and "corrupt" not in str(refused.value)


async def test_a_write_refused_mid_run_is_a_store_write_error_and_reads_still_work(
    tmp_path: Path,
) -> None:
    """What SQLite raises when the disk turns read-only under an open database (a mounted disk
    cannot be remounted read-only while jobbot holds it open, so SQLite's own switch stands in)."""
    async with Store.open(tmp_path / "jobbot.sqlite3") as store:
        await _refused_mid_run(store)


async def _refused_mid_run(store: Store) -> None:
    await store.save_job("U1", "a", now=NOW)
    engine = store._engine
    assert isinstance(engine, SqliteEngine)
    await engine._conn.execute("PRAGMA query_only = ON")

    with pytest.raises(StoreWriteError, match="readonly"):
        await store.save_job("U1", "b", now=NOW)

    assert [j.posting_id for j in await store.saved_jobs("U1")] == ["a"]
    assert store.write_problem is not None


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_a_database_file_deleted_or_replaced_while_open_is_never_written_into(
    tmp_path: Path, how: str
) -> None:
    path = tmp_path / "jobbot.sqlite3"
    async with Store.open(path) as store:
        await store.save_job("U1", "a", now=NOW)
        if how == "deleted":
            path.unlink()
        else:
            other = tmp_path / "other.sqlite3"
            async with Store.open(other):
                pass
            other.replace(path)

        with pytest.raises(StoreWriteError, match="deleted or replaced"):
            await store.save_job("U1", "b", now=NOW)

        assert store.write_problem is not None and "restart" in store.write_problem
