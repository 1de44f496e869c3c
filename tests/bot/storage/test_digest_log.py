"""bot/storage/digest_log.py on both engines: digest runs claimed once, finished by their worker,
retried on their own schedule, taken over when their worker is gone (SQLite: when stale;
PostgreSQL: the moment the claiming connection closes)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

from bot.storage import Owner, Store
from tests.support.digests import utc

NOW = utc(2026, 3, 30, 7)


DAY = date(2026, 3, 30)


ALICE = Owner.user("U1ALICE")


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


async def test_on_sqlite_a_stale_claim_is_taken_over(tmp_path: Path) -> None:
    async with Store.open(tmp_path / "jobbot.sqlite3") as store:
        await store.claim_run("sub:1", DAY, worker="dead", now=NOW)

        assert not await store.claim_run("sub:1", DAY, worker="w2", now=NOW + timedelta(minutes=5))
        assert await store.claim_run("sub:1", DAY, worker="w2", now=NOW + timedelta(minutes=10))


async def test_on_postgres_a_live_claim_is_kept_and_a_dead_one_taken_over_at_once(
    postgres_url: str,
) -> None:
    async with Store.open(postgres_url) as survivor:
        holder = await Store.open(postgres_url)
        try:
            assert await holder.claim_run("sub:1", DAY, worker="holder", now=NOW)
            # Alive (its connection open), however old the claim: nobody else sends it.
            assert not await survivor.claim_run(
                "sub:1", DAY, worker="w2", now=NOW + timedelta(hours=3)
            )
            assert not await holder.claim_run("sub:1", DAY, worker="again", now=NOW)
        finally:
            await holder.close()  # the process is gone: its connections close
        assert await survivor.claim_run("sub:1", DAY, worker="w2", now=NOW + timedelta(seconds=1))
        run = await survivor.get_run("sub:1", DAY)
        assert run is not None and (run.claimed_by, run.attempts) == ("w2", 2)


async def test_a_finished_or_failed_claim_frees_its_lease_for_the_next_run(
    store: Store,
) -> None:
    assert await store.claim_run("sub:1", DAY, worker="w1", now=NOW)
    await store.fail_run("sub:1", DAY, error="HTTP 500", retry_at=NOW, worker="w1")
    assert await store.claim_run("sub:1", DAY, worker="w1", now=NOW)
    assert await store.finish_run("sub:1", DAY, worker="w1", now=NOW, message_ts="1.0")
    assert await store.claim_run("sub:1", DAY + timedelta(days=1), worker="w1", now=NOW)


async def test_a_quiet_day_closes_the_run_but_is_not_the_last_sent_digest(store: Store) -> None:
    await store.claim_run("sub:1", DAY, worker="w1", now=NOW)
    await store.finish_run("sub:1", DAY, worker="w1", now=NOW, message_ts=None)

    run = await store.get_run("sub:1", DAY)
    assert run is not None and run.state == "sent"
    assert await store.last_sent_run("sub:1") is None
    assert [r.target for r in await store.runs_since(DAY)] == ["sub:1"]
    assert await store.runs_since(DAY + timedelta(days=1)) == []


async def test_two_connections_claiming_together_have_exactly_one_winner(
    database: Path | str,
) -> None:
    async with Store.open(database) as one, Store.open(database) as two:
        for offset in range(20):
            day = DAY + timedelta(days=offset)
            won = await asyncio.gather(
                one.claim_run("channel:C1", day, worker="one", now=NOW),
                two.claim_run("channel:C1", day, worker="two", now=NOW),
            )
            assert sorted(won) == [False, True]
