"""Digests: what counts as new (pure), how a digest looks, and sending one to the fake Slack."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from digest_support import FakeClock, client_for, job, utc
from fakes import FakeSlackWebAPI
from slack_sdk.models.blocks import Block

from bot import cards
from bot.digests.content import DigestContent, select_new
from bot.digests.send import Pacer, prepare_digest, send_digest
from bot.digests.targets import Target
from bot.storage import Owner, Store
from index import Posting, SearchIndex

NOW = utc(2026, 3, 31, 7)  # a Tuesday, 09:00 in Berlin
YESTERDAY = NOW - timedelta(days=1)
POSTINGS = [job(f"p{i}", posted=utc(2026, 3, 1 + i)) for i in range(5)]
IDS = [p.id for p in POSTINGS]


def _new(**options: Any) -> list[str] | None:
    defaults: dict[str, Any] = {
        "first_seen": {pid: NOW for pid in IDS},
        "since": YESTERDAY,
        "already_sent": set(),
        "hidden": set(),
    }
    content = select_new(POSTINGS, **{**defaults, **options})
    return None if content is None else [p.id for p in content.postings]


# ---------------------------------------------------------------------- select_new (pure)


def test_postings_first_seen_after_the_previous_digest_are_new_in_rank_order() -> None:
    seen = {"p0": YESTERDAY - timedelta(hours=1), "p1": NOW, "p2": YESTERDAY, "p3": NOW}
    assert _new(first_seen={**seen, "p4": YESTERDAY - timedelta(days=3)}) == ["p1", "p3"]


def test_a_posting_never_recorded_is_being_seen_now_so_it_is_new() -> None:
    assert _new(first_seen={pid: YESTERDAY - timedelta(days=1) for pid in IDS[1:]}) == ["p0"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"already_sent": {"p1", "p3"}}, ["p0", "p2", "p4"]),
        ({"hidden": {"p0", "p4"}}, ["p1", "p2", "p3"]),
        ({"already_sent": set(IDS)}, None),
        ({"hidden": set(IDS)}, None),
    ],
    ids=["sent-never-repeat", "hidden-never-shown", "all-sent-is-quiet", "all-hidden-is-quiet"],
)
def test_sent_and_hidden_postings_never_count(
    options: dict[str, Any], expected: list[str] | None
) -> None:
    assert _new(**options) == expected


def test_a_quiet_day_has_no_content() -> None:
    assert _new(first_seen={pid: YESTERDAY - timedelta(days=9) for pid in IDS}) is None
    assert select_new([], first_seen={}, since=None, already_sent=set(), hidden=set()) is None


def test_the_first_digest_shows_the_best_matches_whatever_their_age() -> None:
    old = {pid: NOW - timedelta(days=300) for pid in IDS}
    content = select_new(
        POSTINGS, first_seen=old, since=None, already_sent=set(), hidden={"p1"}, cap=2
    )
    assert content is not None
    assert [p.id for p in content.postings] == ["p0", "p2"]
    assert (content.total, content.more) == (4, 2)


# ---------------------------------------------------------------------- rendering


def _validated(blocks: list[dict[str, Any]]) -> list[Block]:
    parsed = Block.parse_all(blocks)
    for block in parsed:
        assert block is not None
        block.validate_json()
    return [b for b in parsed if b is not None]


def _texts(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def _long(i: int, *, url_chars: int = 120) -> Posting:
    return job(
        f"team-{i:02d}/" + "long-posting-id-" * 4,
        "Principal Site Reliability Engineer, Platform Infrastructure & <Developer> Experience",
        company=f"An Extremely Long Company Name Incorporated International {i}",
        location="Berlin, Germany / Remote within the European Union",
        summary="A long summary of the role. " * 40,
        url="https://jobs.example/" + "x" * url_chars,
        posted=utc(2026, 3, 20),
    )


def test_a_ten_card_digest_validates_within_the_block_and_size_limits() -> None:
    postings = tuple(_long(i) for i in range(10))
    content = DigestContent(postings, total=37, since=YESTERDAY)

    message = cards.digest_message(
        content,
        target_kind="user",
        question="remote sre <!channel>",
        since_label="Tuesday",
        now=NOW,
        subscription_id=42,
    )

    blocks = message.to_blocks()
    parsed = _validated(blocks)
    assert len(parsed) <= 50
    assert sum(1 for b in blocks if str(b.get("block_id", "")).startswith("job-")) == 10
    assert len(_texts(blocks)) < 12_000  # Slack has refused messages near 13k characters
    assert blocks[0]["text"]["text"] == "37 new jobs since Tuesday"
    assert "and 27 more — ask `/jobs remote sre &lt;!channel&gt;` to see them" in _texts(blocks)
    assert "<!channel>" not in _texts(blocks) and "<!channel>" not in message.text
    [unsubscribe] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert (unsubscribe["action_id"], unsubscribe["value"]) == ("unsubscribe", "42")


def test_huge_postings_get_fewer_cards_instead_of_a_refused_message() -> None:
    postings = tuple(_long(i, url_chars=1400) for i in range(10))
    content = DigestContent(postings, total=10, since=YESTERDAY)

    message = cards.digest_message(
        content, target_kind="channel", question="sre", since_label="Monday", now=NOW
    )

    blocks = message.to_blocks()
    _validated(blocks)
    cards_shown = sum(1 for b in blocks if str(b.get("block_id", "")).startswith("job-"))
    assert 1 <= cards_shown < 10
    assert len(_texts(blocks)) < 12_000
    assert f"and {10 - cards_shown} more" in _texts(blocks)


def test_a_channel_digest_without_a_question_has_no_unsubscribe_and_no_more_line() -> None:
    content = DigestContent(tuple(POSTINGS[:3]), total=3, since=None)

    message = cards.digest_message(
        content, target_kind="channel", question="", since_label=None, now=NOW
    )

    blocks = message.to_blocks()
    _validated(blocks)
    assert blocks[0]["text"]["text"] == "First digest: 3 jobs"
    assert "All new postings, newest first." in _texts(blocks)
    assert "more —" not in _texts(blocks)
    assert not [b for b in blocks if b["type"] == "actions"]
    assert message.text.startswith("First digest: 3 jobs: ")


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 3, 31), "earlier today"),
        (date(2026, 3, 30), "yesterday"),
        (date(2026, 3, 26), "Thursday"),
        (date(2026, 3, 3), "3 March"),
        (date(2025, 12, 24), "24 December 2025"),
    ],
)
def test_since_label_names_the_previous_digest_day(day: date, label: str) -> None:
    assert cards.since_label(day, today=date(2026, 3, 31)) == label


# ---------------------------------------------------------------------- sending


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackWebAPI]:
    async with FakeSlackWebAPI() as fake:
        yield fake


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store.open(tmp_path / "jobbot.sqlite3") as opened:
        yield opened


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
    assert call.payload["channel"] == "C1" and ts == "1700000000.000001"
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
