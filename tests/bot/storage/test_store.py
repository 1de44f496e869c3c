"""bot/storage/store.py on both engines (a real SQLite file, a real PostgreSQL server): saved
searches, first seen and sent postings, saved and hidden jobs, feedback and the query log."""

from __future__ import annotations

import asyncio
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from bot.storage import Owner, Store
from tests.support.digests import utc
from tests.support.sql import table_rows

NOW = utc(2026, 3, 30, 7)


DAY = date(2026, 3, 30)


ALICE = Owner.user("U1ALICE")


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


async def test_first_seen_keeps_the_first_time(store: Store) -> None:
    assert await store.record_first_seen(["a", "b"], now=NOW) == 2
    later = NOW + timedelta(days=1)
    assert await store.record_first_seen(["b", "c"], now=later) == 1

    assert await store.first_seen_of(["a", "b", "c", "zzz"]) == {"a": NOW, "b": NOW, "c": later}


async def test_sent_postings_are_remembered_per_target(store: Store) -> None:
    await store.mark_sent("channel:C1", ["a", "b"], now=NOW)
    await store.mark_sent("channel:C1", ["b", "c"], now=NOW)

    assert await store.sent_ids("channel:C1") == {"a", "b", "c"}
    assert await store.sent_ids("sub:1") == set()


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


async def test_feedback_is_one_vote_per_user_and_the_latest_wins(
    store: Store, database: Path | str
) -> None:
    await store.record_feedback("U1", "a", 1, now=NOW)
    await store.record_feedback("U1", "a", -1, now=NOW)
    await store.record_feedback("U2", "a", 1, now=NOW)

    assert await table_rows(
        database, 'SELECT "user", posting_id, vote FROM feedback ORDER BY "user"'
    ) == [
        ("U1", "a", -1),
        ("U2", "a", 1),
    ]
    with pytest.raises(ValueError):
        await store.record_feedback("U1", "a", 2, now=NOW)


async def test_query_log_keeps_the_question_and_its_numbers(
    store: Store, database: Path | str
) -> None:
    await store.log_query("remote sre", hits=12, latency_ms=3.5, now=NOW)

    [(question, hits, latency_ms, at)] = await table_rows(
        database, "SELECT question, hits, latency_ms, at FROM query_log"
    )
    assert (question, hits, latency_ms) == ("remote sre", 12, 3.5) and at.startswith("2026-03-30")


async def test_many_ids_are_recorded_and_looked_up_in_one_go(store: Store) -> None:
    ids = [f"board/{n}" for n in range(5000)]
    assert await store.record_first_seen(ids, now=NOW) == 5000
    assert await store.record_first_seen([*ids[:10], "new"], now=NOW) == 1
    seen = await store.first_seen_of(ids[::7])
    assert set(seen) == set(ids[::7]) and set(seen.values()) == {NOW}
    assert await store.first_seen_of([]) == {}


async def test_a_delivery_is_first_once_across_processes_until_its_time_limit(
    database: Path | str,
) -> None:
    ttl = timedelta(minutes=15)
    async with Store.open(database) as one, Store.open(database) as two:
        results = await asyncio.gather(
            *(
                store.first_delivery(["Ev1", "msg-1"], now=NOW, ttl=ttl)
                for store in (one, two, one, two)
            )
        )
        assert sorted(results) == [False, False, False, True]
        later = NOW + timedelta(minutes=5)
        assert not await two.first_delivery(["Ev2", "msg-1"], now=later, ttl=ttl)  # same message
        assert await two.first_delivery(["Ev3", None, ""], now=later, ttl=ttl)  # type: ignore[list-item]
        assert await one.first_delivery([], now=later, ttl=ttl)
        assert await one.first_delivery(["Ev1"], now=NOW + ttl, ttl=ttl)  # forgotten in time
