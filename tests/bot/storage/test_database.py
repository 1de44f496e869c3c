"""bot/storage/database.py: opening a real SQLite file — WAL, concurrent first opens, and refusing a
file that is not a healthy jobbot database without touching it."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.storage import Owner, Store, StoreError
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


async def test_open_creates_the_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "jobbot.sqlite3"
    async with Store.open(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)
    assert _pragma(path, "user_version") == len(MIGRATIONS)
    assert _pragma(path, "journal_mode") == "wal"


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


async def test_naive_datetimes_are_rejected(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        await store.record_first_seen(["a"], now=NOW.replace(tzinfo=None))
