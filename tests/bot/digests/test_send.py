"""bot/digests/send.py: building, posting and recording one digest, against the fake Slack Web API
and a real SQLite file; the per-channel pacer."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot import cards
from bot.digests.send import Pacer, prepare_digest, send_digest
from bot.digests.targets import Target
from bot.storage import Owner, Store
from index import SearchIndex
from tests.support import FakeSlackWebAPI
from tests.support.digests import FakeClock, client_for, job, utc

NOW = utc(2026, 3, 31, 7)  # a Tuesday, 09:00 in Berlin
POSTINGS = [job(f"p{i}", posted=utc(2026, 3, 1 + i)) for i in range(5)]
IDS = [p.id for p in POSTINGS]


def _target(question: str = "", *, kind: str = "channel", owner: str = "C1") -> Target:
    from datetime import time

    return Target(
        key=f"test:{owner}",
        kind="user" if kind == "user" else "channel",
        owner_id=owner,
        channel=owner,
        question=question,
        time=time(9, 0),
        timezone="Europe/Berlin",
        subscription_id=7 if kind == "user" else None,
    )


async def _send(
    store: Store, slack: FakeSlackWebAPI, index: SearchIndex, target: Target, now: datetime
) -> str | None:
    day = now.date()
    assert await store.claim_run(target.key, day, worker="w", now=now)
    sent = await send_digest(
        store=store,
        client=client_for(slack),
        index=index,
        target=target,
        local_date=day,
        worker="w",
        now=now,
    )
    return sent.message_ts


def _posted_ids(call_blocks: Any) -> list[str]:
    """The postings of a digest, read back from its cards' menus."""
    blocks = json.loads(call_blocks) if isinstance(call_blocks, str) else call_blocks
    return [
        cards.menu_choice(b["block_id"], "more")[1]
        for b in blocks
        if str(b.get("block_id", "")).startswith("job-")
    ]


async def test_a_digest_is_one_message_and_its_postings_are_never_sent_again(
    store: Store, slack: FakeSlackWebAPI
) -> None:
    index = SearchIndex.build(POSTINGS)
    target = _target()

    ts = await _send(store, slack, index, target, NOW)
    [call] = slack.calls_to("chat.postMessage")
    assert call.payload["channel"] == "C1" and ts is not None and ts.endswith(".000001")
    assert _posted_ids(call.payload["blocks"]) == ["p4", "p3", "p2", "p1", "p0"]  # newest first
    assert await store.sent_ids(target.key) == set(IDS)

    tomorrow = NOW + timedelta(days=1)
    assert await _send(store, slack, index, target, tomorrow) is None  # quiet: nothing new
    assert len(slack.calls_to("chat.postMessage")) == 1

    grown = SearchIndex.build([*POSTINGS, job("p9", posted=utc(2026, 2, 1))])
    later = tomorrow + timedelta(days=1)
    await _send(store, slack, grown, target, later)
    assert _posted_ids(slack.calls_to("chat.postMessage")[-1].payload["blocks"]) == ["p9"]
    header = json.dumps(slack.calls_to("chat.postMessage")[-1].payload["blocks"])
    assert "1 new job since" in header


async def test_postings_beyond_the_cap_are_not_new_again_the_next_day(
    store: Store, slack: FakeSlackWebAPI
) -> None:
    many = [job(f"m{i:02d}", posted=utc(2026, 3, 1) + timedelta(hours=i)) for i in range(14)]
    index = SearchIndex.build(many)
    target = _target()

    await _send(store, slack, index, target, NOW)
    [call] = slack.calls_to("chat.postMessage")
    assert len(_posted_ids(call.payload["blocks"])) == 10
    assert "and 4 more" in json.dumps(call.payload["blocks"])

    assert await _send(store, slack, index, target, NOW + timedelta(days=1)) is None


async def test_hidden_postings_never_appear_in_a_personal_digest(
    store: Store, slack: FakeSlackWebAPI
) -> None:
    index = SearchIndex.build([*POSTINGS, job("py", "Python Developer", tags=("python", "django"))])
    await store.hide_job("U1", "p2", now=NOW)
    target = _target("sre", kind="user", owner="U1")

    prepared = await prepare_digest(store, index, target, now=NOW)
    await _send(store, slack, index, target, NOW)

    assert prepared.content is not None
    [call] = slack.calls_to("chat.postMessage")
    assert call.payload["channel"] == "U1"
    posted = _posted_ids(call.payload["blocks"])
    assert "p2" not in posted and "py" not in posted and len(posted) == 4
    assert '"action_id": "unsubscribe"' in json.dumps(call.payload["blocks"])


async def test_a_quiet_day_posts_nothing_and_closes_the_run(
    store: Store, slack: FakeSlackWebAPI
) -> None:
    index = SearchIndex.build(POSTINGS)
    target = _target("haskell compiler")

    assert await _send(store, slack, index, target, NOW) is None

    assert slack.calls_to("chat.postMessage") == []
    run = await store.get_run(target.key, NOW.date())
    assert run is not None and run.state == "sent" and run.message_ts is None


async def test_the_pacer_allows_one_message_per_second_per_channel() -> None:
    clock = FakeClock(NOW)
    pacer = Pacer(clock=clock.monotonic, sleep=clock.sleep)

    await pacer.wait("C1")
    await pacer.wait("C2")
    clock.advance(seconds=0.25)
    await pacer.wait("C1")
    clock.advance(seconds=3)
    await pacer.wait("C1")

    assert clock.slept == [0.75]


def test_the_owner_kind_of_targets_matches_the_store() -> None:
    assert Owner.user("U1").kind == "user" and Owner.channel("C1").kind == "channel"
