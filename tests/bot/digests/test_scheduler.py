"""bot/digests/scheduler.py: due digests claimed and sent once, caught up after a restart, retried
after failures, against the fake Slack Web API and a real SQLite file, with an injected clock."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_sdk.web.async_client import AsyncWebClient

from bot.digests.scheduler import Scheduler, SlackTimezones
from bot.digests.send import Pacer
from bot.digests.targets import Target
from bot.storage import Owner, Store
from index import SearchIndex
from tests.support import FakeSlackWebAPI
from tests.support.digests import DAILY, FakeClock, berlin, client_for, job, utc

POSTINGS = [job(f"p{i}", f"SRE number {i}", posted=utc(2026, 3, 1 + i)) for i in range(4)]


def _scheduler(
    store: Store,
    slack: FakeSlackWebAPI,
    clock: FakeClock,
    *,
    index: SearchIndex | None = None,
    retries: int = 0,
    worker: str = "w1",
    channel: Target | None = DAILY,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> Scheduler:
    client = client_for(slack, rate_limit_retries=retries)
    return Scheduler(
        store=store,
        client=client,
        index=index or SearchIndex.build(POSTINGS),
        channel=channel,
        tz_lookup=SlackTimezones(client, clock=clock.now),
        worker=worker,
        clock=clock.now,
        sleep=sleep or clock.sleep,
        pacer=Pacer(clock=clock.monotonic, sleep=clock.sleep),
    )


def _delivered(slack: FakeSlackWebAPI) -> list[str]:
    return [c.payload["channel"] for c in slack.calls_to("chat.postMessage", failed=False)]


async def test_a_due_digest_is_sent_once_and_a_second_pass_sends_nothing(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    clock = FakeClock(berlin(2026, 4, 1, 8, 59))
    async with Store.open(db) as store:
        scheduler = _scheduler(store, slack, clock)
        assert await scheduler.run_once(clock.now()) == []
        [outcome] = await scheduler.run_once(clock.advance(minutes=1))
        assert outcome.status == "sent"
        assert await scheduler.run_once(clock.advance(minutes=30)) == []
    assert _delivered(slack) == ["C1"]


async def test_a_restart_after_a_missed_run_sends_one_catch_up(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    clock = FakeClock(berlin(2026, 4, 1, 9, 0))
    async with Store.open(db) as store:
        await _scheduler(store, slack, clock).run_once()
    clock.advance(days=1, hours=5)  # down over 2 April's 09:00; back at 14:00
    for _ in range(2):  # two restarts that day
        async with Store.open(db) as store:
            scheduler = _scheduler(
                store,
                slack,
                clock,
                index=SearchIndex.build([*POSTINGS, job("new", "Platform engineer")]),
            )
            await scheduler.run_once()
        clock.advance(minutes=10)

    assert _delivered(slack) == ["C1", "C1"]
    blocks = json.dumps(slack.calls_to("chat.postMessage")[-1].payload["blocks"])
    assert "1 new job since yesterday" in blocks


async def test_two_schedulers_on_one_database_send_one_digest(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    clock = FakeClock(berlin(2026, 4, 1, 9, 0))
    async with Store.open(db) as one, Store.open(db) as two:
        await one.add_subscription(Owner.user("U1"), "sre", now=clock.now())
        first = _scheduler(one, slack, clock, worker="one")
        second = _scheduler(two, slack, clock, worker="two")

        await asyncio.gather(first.run_once(), second.run_once())

    assert sorted(_delivered(slack)) == ["C1", "U1"]


async def test_a_server_error_is_retried_later_and_delivered_once(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    slack.fail_next("chat.postMessage", status=500)
    clock = FakeClock(berlin(2026, 4, 1, 9, 0))
    async with Store.open(db) as store:
        scheduler = _scheduler(store, slack, clock)
        [failed] = await scheduler.run_once()
        assert failed.status == "retry" and failed.retry_at == clock.now() + timedelta(minutes=1)
        assert await scheduler.run_once(clock.advance(seconds=30)) == []
        [retried] = await scheduler.run_once(clock.advance(seconds=30))
        assert retried.status == "sent"
        assert await scheduler.run_once(clock.advance(minutes=5)) == []
        run = await store.get_run(DAILY.key, date(2026, 4, 1))

    assert _delivered(slack) == ["C1"]
    assert len(slack.calls_to("chat.postMessage", failed=True)) == 1
    assert run is not None and (run.state, run.attempts) == ("sent", 2)


async def test_a_rate_limit_is_waited_out_by_the_client_and_delivered_once(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=0)
    clock = FakeClock(berlin(2026, 4, 1, 9, 0))
    async with Store.open(db) as store:
        [outcome] = await _scheduler(store, slack, clock, retries=2).run_once()

    assert outcome.status == "sent"
    assert _delivered(slack) == ["C1"]
    assert len(slack.calls_to("chat.postMessage", failed=True)) == 1


async def test_a_rate_limit_the_client_gives_up_on_waits_at_least_retry_after(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=300)
    clock = FakeClock(berlin(2026, 4, 1, 9, 0))
    async with Store.open(db) as store:
        scheduler = _scheduler(store, slack, clock)
        [outcome] = await scheduler.run_once()
        assert outcome.status == "retry"
        assert outcome.retry_at == clock.now() + timedelta(seconds=300)
        assert await scheduler.run_once(clock.advance(minutes=4)) == []
        [outcome] = await scheduler.run_once(clock.advance(minutes=1))

    assert outcome.status == "sent"
    assert _delivered(slack) == ["C1"]


async def test_a_network_error_leaves_the_run_pending_for_a_retry(db: Path) -> None:
    clock = FakeClock(berlin(2026, 4, 1, 9, 0))
    unreachable = AsyncWebClient(base_url="http://127.0.0.1:9/api/", token="x", retry_handlers=[])
    async with Store.open(db) as store:
        scheduler = Scheduler(
            store=store,
            client=unreachable,
            index=SearchIndex.build(POSTINGS),
            channel=DAILY,
            clock=clock.now,
            sleep=clock.sleep,
        )
        [outcome] = await scheduler.run_once()
        run = await store.get_run(DAILY.key, date(2026, 4, 1))

    assert outcome.status == "retry"
    assert run is not None and run.state == "pending" and run.last_error


async def test_an_error_retrying_cannot_fix_fails_the_run_for_good(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    slack.fail_next("chat.postMessage", error="channel_not_found")
    clock = FakeClock(berlin(2026, 4, 1, 9, 0))
    async with Store.open(db) as store:
        scheduler = _scheduler(store, slack, clock)
        [outcome] = await scheduler.run_once()
        assert outcome.status == "failed" and "channel_not_found" in (outcome.error or "")
        assert await scheduler.run_once(clock.advance(hours=1)) == []

    assert _delivered(slack) == []


async def test_a_personal_digest_follows_the_persons_slack_time_zone(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    slack.users["U9"] = {"tz": "America/New_York"}
    new_york = ZoneInfo("America/New_York")
    clock = FakeClock(datetime(2026, 4, 1, 8, 59, tzinfo=new_york).astimezone(UTC))
    async with Store.open(db) as store:
        await store.add_subscription(Owner.user("U9"), "sre", now=clock.now())
        scheduler = _scheduler(store, slack, clock, channel=None)
        assert await scheduler.run_once() == []
        [outcome] = await scheduler.run_once(clock.advance(minutes=1))

    assert outcome.status == "sent"
    assert _delivered(slack) == ["U9"]
    assert len(slack.calls_to("users.info")) == 1  # cached between passes


async def test_run_forever_sleeps_until_the_next_digest_and_stops_on_request(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    clock = FakeClock(berlin(2026, 4, 1, 8, 30) + timedelta(seconds=30))
    stop = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await clock.sleep(seconds)
        if clock.now() >= berlin(2026, 4, 1, 9, 30):
            stop.set()

    async with Store.open(db) as store:
        scheduler = _scheduler(store, slack, clock, sleep=sleep)
        await asyncio.wait_for(scheduler.run_forever(stop), timeout=10)
        run = await store.get_run(DAILY.key, date(2026, 4, 1))

    assert _delivered(slack) == ["C1"]
    assert run is not None and run.sent_at == berlin(2026, 4, 1, 9, 0)  # woke on the minute
    assert max(clock.slept) <= 60 and min(clock.slept) >= 1


# -- many targets at once: concurrency, per-target retries ----------------------------------------


async def _channels(store: Store, count: int) -> list[str]:
    channels = [f"C{n:02d}" for n in range(count)]
    for channel in channels:
        await store.add_subscription(Owner.channel(channel), "", now=utc(2026, 3, 1))
    return channels


async def test_one_channel_that_hangs_holds_up_no_other_channel(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    """Before: targets were sent one at a time, so a hanging channel delayed every later one."""
    clock = FakeClock(utc(2026, 4, 1, 9, 0))  # channel digests default to 09:00 UTC
    async with Store.open(db) as store:
        channels = await _channels(store, 10)
        release = slack.hold("chat.postMessage", channel=channels[0])
        scheduler = _scheduler(store, slack, clock, channel=None)
        passing = asyncio.create_task(scheduler.run_once())
        others = await slack.wait_for("chat.postMessage", count=10)  # the held one counts too
        release.set()
        outcomes = await passing

    assert sorted(c.payload["channel"] for c in others) == channels
    assert [o.status for o in outcomes] == ["sent"] * 10


async def test_a_rate_limited_channel_retries_on_its_own_schedule_from_when_it_failed(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    """Before: the retry time was counted from the pass's start, so after a slow pass the logged
    "retrying at" was already past."""
    clock = FakeClock(utc(2026, 4, 1, 9, 0))  # channel digests default to 09:00 UTC
    async with Store.open(db) as store:
        channels = await _channels(store, 5)
        slack.fail_next("chat.postMessage", status=429, retry_after=40, channel=channels[2])
        release = slack.hold("chat.postMessage", channel=channels[2])
        passing = asyncio.create_task(_scheduler(store, slack, clock, channel=None).run_once())
        await slack.wait_for("chat.postMessage", count=4)  # the others are delivered meanwhile
        clock.advance(minutes=3)  # the limited channel's answer comes three minutes later
        release.set()
        outcomes = {o.target: o for o in await passing}

    limited = outcomes[f"sub:{channels.index(channels[2]) + 1}"]
    assert limited.status == "retry"
    assert limited.retry_at == clock.now() + timedelta(seconds=60)  # max(backoff 1 min, 40 s)
    assert sorted(_delivered(slack)) == sorted(c for c in channels if c != channels[2])


async def test_a_post_whose_answer_never_came_is_found_and_recorded_not_posted_again(
    db: Path, slack: FakeSlackWebAPI
) -> None:
    """A timeout after Slack posted: the retry finds the message by its metadata."""
    clock = FakeClock(berlin(2026, 4, 1, 9, 0))
    slack.hold("chat.postMessage", channel="C1")  # posted, but the answer never arrives
    async with Store.open(db) as store:
        impatient = AsyncWebClient(base_url=slack.base_url, token="x", timeout=1, retry_handlers=[])
        first = Scheduler(
            store=store, client=impatient, index=SearchIndex.build(POSTINGS), channel=DAILY,
            worker="w1", clock=clock.now, sleep=clock.sleep,
        )  # fmt: skip
        [timed_out] = await first.run_once()
        clock.advance(minutes=2)
        [recovered] = await _scheduler(store, slack, clock, worker="w2").run_once()
        run = await store.get_run(DAILY.key, date(2026, 4, 1))
        sent = await store.sent_ids(DAILY.key)

    [posted] = slack.calls_to("chat.postMessage")
    assert timed_out.status == "retry" and recovered.status == "sent"
    assert run is not None and run.state == "sent" and run.message_ts is not None
    assert sent == {p.id for p in POSTINGS}
    assert posted.payload["metadata"]["event_payload"]["run"] == DAILY.key
