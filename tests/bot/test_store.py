"""The store on a real SQLite file: schema and migrations, refusal of bad files, every table."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Callable
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from digest_support import utc

from bot.storage import Owner, Store, StoreError
from bot.storage.migrations import MIGRATIONS

NOW = utc(2026, 3, 30, 7)
DAY = date(2026, 3, 30)
ALICE = Owner.user("U1ALICE")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store.open(tmp_path / "jobbot.sqlite3") as opened:
        yield opened


def _pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as conn:
        value = conn.execute(f"PRAGMA {name}").fetchone()[0]
    conn.close()
    return value


# ---------------------------------------------------------------------- opening and migrations


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


# ---------------------------------------------------------------------- subscriptions


async def test_subscriptions_are_listed_per_owner_and_removed_by_position(store: Store) -> None:
    first = await store.add_subscription(ALICE, "remote sre", now=NOW)
    second = await store.add_subscription(
        ALICE,
        "python in Berlin",
        now=NOW,
        at=time(8, 30),
        timezone="Europe/Berlin",
        weekdays="1111100",
    )
    other = await store.add_subscription(Owner.channel("C1"), "", now=NOW)

    assert await store.list_subscriptions(ALICE) == [first, second]
    assert second.time == time(8, 30) and second.weekdays == "1111100"
    assert first.timezone is None and first.time == time(9, 0)
    assert await store.remove_subscription(ALICE, 3) is None
    assert await store.remove_subscription(ALICE, 1) == first
    assert await store.list_subscriptions(ALICE) == [second]
    assert await store.all_subscriptions() == [second, other]


async def test_removed_subscription_ids_are_never_reused(store: Store) -> None:
    first = await store.add_subscription(ALICE, "sre", now=NOW)
    await store.remove_subscription(ALICE, 1)
    again = await store.add_subscription(ALICE, "sre", now=NOW)
    assert again.target != first.target


async def test_unsubscribe_by_id_needs_the_owner(store: Store) -> None:
    sub = await store.add_subscription(ALICE, "sre", now=NOW)

    assert await store.unsubscribe(sub.id, owner=Owner.user("U2MALLORY")) is None
    assert await store.unsubscribe(sub.id, owner=ALICE) == sub
    assert await store.all_subscriptions() == []


@pytest.mark.parametrize(
    ("weekdays", "timezone"),
    [("111", None), ("1111112", None), ("0000000", None), ("1111111", "Mars/Olympus")],
)
async def test_bad_schedules_are_refused(store: Store, weekdays: str, timezone: str | None) -> None:
    with pytest.raises(ValueError):
        await store.add_subscription(ALICE, "sre", now=NOW, weekdays=weekdays, timezone=timezone)
    assert await store.all_subscriptions() == []


# ---------------------------------------------------------------------- postings seen and sent


async def test_first_seen_keeps_the_first_time(store: Store) -> None:
    assert await store.record_first_seen(["a", "b"], now=NOW) == 2
    later = NOW + timedelta(days=1)
    assert await store.record_first_seen(["b", "c"], now=later) == 1

    assert await store.first_seen_of(["a", "b", "c", "zzz"]) == {"a": NOW, "b": NOW, "c": later}
    assert await store.first_seen_since(NOW) == {"c": later}


async def test_sent_postings_are_remembered_per_target(store: Store) -> None:
    await store.mark_sent("channel:C1", ["a", "b"], now=NOW)
    await store.mark_sent("channel:C1", ["b", "c"], now=NOW)

    assert await store.sent_ids("channel:C1") == {"a", "b", "c"}
    assert await store.sent_ids("sub:1") == set()


# ---------------------------------------------------------------------- saved, hidden, feedback


async def test_saved_jobs_newest_first_and_idempotent(store: Store) -> None:
    assert await store.save_job("U1", "a", now=NOW)
    assert await store.save_job("U1", "b", now=NOW + timedelta(minutes=1))
    assert not await store.save_job("U1", "a", now=NOW + timedelta(minutes=2))

    assert [s.posting_id for s in await store.saved_jobs("U1")] == ["b", "a"]
    assert await store.unsave_job("U1", "b")
    assert not await store.unsave_job("U1", "b")
    assert [s.posting_id for s in await store.saved_jobs("U1")] == ["a"]
    assert await store.saved_jobs("U2") == []


async def test_hidden_jobs_are_per_user(store: Store) -> None:
    assert await store.hide_job("U1", "a", now=NOW)
    assert not await store.hide_job("U1", "a", now=NOW)

    assert await store.hidden_ids("U1") == {"a"}
    assert await store.hidden_ids("U2") == set()
    assert await store.unhide_job("U1", "a")
    assert await store.hidden_ids("U1") == set()


async def test_feedback_is_one_vote_per_user_and_the_latest_wins(store: Store) -> None:
    await store.record_feedback("U1", "a", 1, now=NOW)
    await store.record_feedback("U1", "a", -1, now=NOW)
    await store.record_feedback("U2", "a", 1, now=NOW)

    assert await store.vote_of("U1", "a") == -1
    assert await store.feedback_totals("a") == (1, 1)
    with pytest.raises(ValueError):
        await store.record_feedback("U1", "a", 2, now=NOW)


async def test_query_log_keeps_the_question_and_its_numbers(store: Store) -> None:
    await store.log_query("remote sre", hits=12, latency_ms=3.5, now=NOW)

    [entry] = await store.recent_queries()
    assert (entry.question, entry.hits, entry.latency_ms, entry.at) == ("remote sre", 12, 3.5, NOW)


# ---------------------------------------------------------------------- digest runs


async def test_a_run_is_claimed_once_and_finished_by_its_worker(store: Store) -> None:
    assert await store.claim_run("channel:C1", DAY, worker="w1", now=NOW)
    assert not await store.claim_run("channel:C1", DAY, worker="w2", now=NOW)
    assert not await store.finish_run("channel:C1", DAY, worker="w2", now=NOW, message_ts="1.0")

    assert await store.finish_run(
        "channel:C1", DAY, worker="w1", now=NOW, message_ts="1.0", posting_ids=["a"]
    )

    run = await store.get_run("channel:C1", DAY)
    assert run is not None
    assert (run.state, run.message_ts, run.sent_at, run.attempts) == ("sent", "1.0", NOW, 1)
    assert await store.sent_ids("channel:C1") == {"a"}
    assert await store.last_sent_run("channel:C1") == run
    later = NOW + timedelta(hours=5)
    assert not await store.claim_run("channel:C1", DAY, worker="w2", now=later)


async def test_a_failed_run_stays_pending_until_its_retry_time(store: Store) -> None:
    await store.claim_run("sub:1", DAY, worker="w1", now=NOW)
    retry_at = NOW + timedelta(minutes=1)
    await store.fail_run("sub:1", DAY, error="HTTP 500", retry_at=retry_at, worker="w1")

    run = await store.get_run("sub:1", DAY)
    assert run is not None
    assert (run.state, run.next_attempt_at, run.last_error) == ("pending", retry_at, "HTTP 500")
    assert not await store.claim_run("sub:1", DAY, worker="w2", now=NOW + timedelta(seconds=30))
    assert await store.claim_run("sub:1", DAY, worker="w2", now=retry_at)
    run = await store.get_run("sub:1", DAY)
    assert run is not None and run.attempts == 2 and run.claimed_by == "w2"


async def test_a_run_failed_for_good_is_never_claimed_again(store: Store) -> None:
    await store.claim_run("sub:1", DAY, worker="w1", now=NOW)
    await store.fail_run("sub:1", DAY, error="channel_not_found", retry_at=None)

    assert not await store.claim_run("sub:1", DAY, worker="w1", now=NOW + timedelta(days=1))
    run = await store.get_run("sub:1", DAY)
    assert run is not None and run.state == "failed"


async def test_a_stale_claim_is_taken_over(store: Store) -> None:
    await store.claim_run("sub:1", DAY, worker="dead", now=NOW)

    assert not await store.claim_run("sub:1", DAY, worker="w2", now=NOW + timedelta(minutes=5))
    assert await store.claim_run("sub:1", DAY, worker="w2", now=NOW + timedelta(minutes=10))


async def test_a_quiet_day_closes_the_run_but_is_not_the_last_sent_digest(store: Store) -> None:
    await store.claim_run("sub:1", DAY, worker="w1", now=NOW)
    await store.finish_run("sub:1", DAY, worker="w1", now=NOW, message_ts=None)

    run = await store.get_run("sub:1", DAY)
    assert run is not None and run.state == "sent"
    assert await store.last_sent_run("sub:1") is None
    assert [r.target for r in await store.runs_since(DAY)] == ["sub:1"]
    assert await store.runs_since(DAY + timedelta(days=1)) == []


async def test_two_connections_claiming_together_have_exactly_one_winner(tmp_path: Path) -> None:
    path = tmp_path / "jobbot.sqlite3"
    async with Store.open(path) as one, Store.open(path) as two:
        for offset in range(20):
            day = DAY + timedelta(days=offset)
            won = await asyncio.gather(
                one.claim_run("channel:C1", day, worker="one", now=NOW),
                two.claim_run("channel:C1", day, worker="two", now=NOW),
            )
            assert sorted(won) == [False, True]
