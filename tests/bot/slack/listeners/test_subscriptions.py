"""Saved searches and channel digests from Slack (bot/slack/listeners/subscriptions.py and the
`/jobs` subcommands): subscribe, list, unsubscribe, "Get these daily", `/jobs digest`, and the
Unsubscribe button on a digest the scheduler sent."""

from __future__ import annotations

import json
from datetime import time
from typing import Any

from bot import cards
from bot.digests.scheduler import Scheduler
from bot.storage import Owner, Store
from index import SearchIndex
from tests.support import FakeSlackWebAPI
from tests.support.digests import client_for, utc
from tests.support.harness import Served, assert_valid_blocks, block_action, button_values

U1 = Owner.user("U1")


async def test_subscribe_then_subscriptions_lists_it_and_unsubscribe_1_removes_it(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    done = await personal.ask(slack, "subscribe remote sre", name="sub")
    listed = await personal.ask(slack, "subscriptions", name="list")
    [sub] = await store.list_subscriptions(U1)
    stopped = await personal.ask(slack, "unsubscribe 1", name="unsub")
    again = await personal.ask(slack, "unsubscribe 1", name="again")

    assert "Saved search 1" in done["text"] and "09:00 your time" in done["text"]
    assert (sub.question, sub.time, sub.timezone) == ("remote sre", time(9, 0), None)
    assert_valid_blocks(listed["blocks"])
    assert "1. *remote sre*" in json.dumps(listed["blocks"])
    assert button_values(listed["blocks"], cards.Action.UNSUBSCRIBE) == [str(sub.id)]
    assert "Stopped" in stopped["text"]
    assert "no saved search number 1" in again["text"]
    assert await store.list_subscriptions(U1) == []


async def test_subscribe_at_a_time_and_twice_the_same_question_keeps_one(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    await personal.ask(slack, "subscribe python at 07:30", name="a")
    twice = await personal.ask(slack, "subscribe  Python ", name="b")
    wrong = await personal.ask(slack, "subscribe python at 25:00", name="c")

    [sub] = await store.list_subscriptions(U1)
    assert sub.time == time(7, 30)
    assert "already" in twice["text"] and "07:30" in twice["text"]
    assert "Usage" in wrong["text"] and "subscribe &lt;question&gt;" in wrong["text"]


async def test_jobs_digest_creates_a_channel_target_due_at_its_time(
    personal: Served, slack: FakeSlackWebAPI, store: Store, seed_index: SearchIndex
) -> None:
    done = await personal.ask(slack, "digest <#C123|jobs> python at 08:00", name="d")
    [sub] = await store.list_subscriptions(Owner.channel("C123"))
    scheduler = Scheduler(store=store, client=client_for(slack), index=seed_index)

    before = await scheduler.due(utc(2026, 3, 30, 7, 59))
    [due] = await scheduler.due(utc(2026, 3, 30, 8, 0))

    assert "<#C123>" in done["text"] and "08:00 UTC" in done["text"]
    assert (sub.question, sub.time, sub.timezone) == ("python", time(8, 0), None)
    assert before == []
    assert (due.target.key, due.target.channel, due.target.question) == (
        f"sub:{sub.id}",
        "C123",
        "python",
    )


async def test_the_unsubscribe_button_on_a_sent_digest_stops_it(
    personal: Served, slack: FakeSlackWebAPI, store: Store, seed_index: SearchIndex
) -> None:
    sub = await store.add_subscription(U1, "engineer", now=utc(2026, 3, 30), at=time(9, 0))
    scheduler = Scheduler(store=store, client=client_for(slack), index=seed_index)
    [outcome] = await scheduler.run_once(utc(2026, 3, 30, 9, 0))
    [digest] = await slack.wait_for("chat.postMessage")
    blocks = digest.payload["blocks"]
    [value] = button_values(blocks, cards.Action.UNSUBSCRIBE)

    stranger = await personal.click(
        slack,
        block_action(
            cards.Action.UNSUBSCRIBE, value, user="U2", response_url=slack.response_url("x")
        ),
    )
    owner = await personal.click(
        slack,
        block_action(
            cards.Action.UNSUBSCRIBE, value, channel="DU1", response_url=slack.response_url("o")
        ),
    )

    assert outcome.status == "sent" and digest.payload["channel"] == "U1"
    assert value == str(sub.id)
    assert "already gone" in stranger["text"]  # not theirs to stop, nor to know about
    assert "Stopped" in owner["text"]
    assert await store.list_subscriptions(U1) == []


async def test_a_channel_digest_is_stopped_only_by_who_set_it_up_or_an_admin(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    """Before: anyone holding a digest's id could remove it, and nobody was recorded."""
    slack.members["C123"] = ["U1", "U2"]
    slack.admins.add("UADMIN")
    await personal.ask(slack, "digest <#C123|jobs>", name="d", user="U1")
    listed = await personal.ask(slack, "subscriptions", name="l", user="U2", channel="C123")
    [value] = button_values(listed["blocks"], cards.Action.UNSUBSCRIBE)
    [sub] = await store.list_subscriptions(Owner.channel("C123"))

    async def stop(user: str, name: str) -> dict[str, Any]:
        click = block_action(
            cards.Action.UNSUBSCRIBE, value, user=user, channel="C123",
            response_url=slack.response_url(name),
        )  # fmt: skip
        return await personal.click(slack, click)

    refused = await stop("U2", "u2")
    still_there = await store.list_subscriptions(Owner.channel("C123"))
    stopped = await stop("UADMIN", "admin")

    assert sub.created_by == "U1"
    assert "Only <@U1> or a workspace admin" in refused["text"]
    assert still_there == [sub]
    assert "Stopped the daily digest" in stopped["text"]
    assert await store.list_subscriptions(Owner.channel("C123")) == []


async def test_only_a_member_of_a_channel_can_set_up_its_digest(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    """Before: `/jobs digest #any-channel` worked for channels the person was not in."""
    slack.members["C999"] = ["U7"]

    refused = await personal.ask(slack, "digest <#C999|private-team>", name="no", user="U1")
    slack.members["C999"].append("U1")
    accepted = await personal.ask(slack, "digest <#C999|private-team>", name="yes", user="U1")

    assert "Only members of <#C999>" in refused["text"]
    assert "I'll post" in accepted["text"]
    [sub] = await store.list_subscriptions(Owner.channel("C999"))
    assert sub.created_by == "U1"


async def test_a_time_or_days_on_an_existing_saved_search_changes_its_schedule(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    """Before: `subscribe python at 21:00` on a saved "python" said it was already saved."""
    await personal.ask(slack, "subscribe python", name="a")
    changed = await personal.ask(slack, "subscribe python at 21:00 on weekdays", name="b")
    again = await personal.ask(slack, "subscribe python", name="c")

    [sub] = await store.list_subscriptions(U1)
    assert (sub.time, sub.weekdays) == (time(21, 0), "1111100")
    assert "updated" in changed["text"] and "21:00" in changed["text"]
    assert "already" in again["text"]
