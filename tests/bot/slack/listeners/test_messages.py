"""DMs and @mentions (bot/slack/listeners/messages.py), through signed events at the real server."""

from __future__ import annotations

from typing import Any

import pytest

from bot import cards
from tests.support import FakeSlackWebAPI, event_body
from tests.support.harness import (
    Served,
    assert_valid_blocks,
    card_ids,
    dm,
    settle,
)
from tests.support.paths import SKETCH_ID


async def test_a_dm_is_answered_in_the_dm(served: Served, slack: FakeSlackWebAPI) -> None:
    assert await served.event(event_body(dm("remote SRE jobs with Terraform"))) == 200
    [post] = await slack.wait_for("chat.postMessage")

    assert post.payload["channel"] == "D1"
    assert "thread_ts" not in post.payload
    assert_valid_blocks(post.payload["blocks"])
    assert card_ids(post.payload["blocks"])[0] == SKETCH_ID


@pytest.mark.parametrize("text", ["hi", "help"])
async def test_a_greeting_dm_gets_help(served: Served, slack: FakeSlackWebAPI, text: str) -> None:
    assert await served.event(event_body(dm(text))) == 200
    [post] = await slack.wait_for("chat.postMessage")

    assert post.payload["blocks"] == cards.help_message().to_blocks()


@pytest.mark.parametrize(
    ("event", "thread_ts"),
    [
        ({"ts": "1700000000.000200"}, "1700000000.000200"),
        ({"ts": "1700000000.000300", "thread_ts": "1700000000.000001"}, "1700000000.000001"),
    ],
    ids=["new-thread", "in-a-thread"],
)
async def test_a_mention_is_answered_in_a_thread(
    served: Served, slack: FakeSlackWebAPI, event: dict[str, Any], thread_ts: str
) -> None:
    mention = {"type": "app_mention", "channel": "C9", "user": "U1", "text": "<@UBOT> sre"} | event

    assert await served.event(event_body(mention)) == 200
    [post] = await slack.wait_for("chat.postMessage")

    assert (post.payload["channel"], post.payload["thread_ts"]) == ("C9", thread_ts)
    assert "UBOT" not in post.payload["text"]
    assert_valid_blocks(post.payload["blocks"])


async def test_a_retried_event_is_acked_but_answered_once(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    body = event_body(dm("python"), event_id="EvRetry")

    assert await served.event(body) == 200
    assert await served.event(body, headers={"X-Slack-Retry-Num": "1"}) == 200
    assert (
        await served.event(
            body, headers={"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"}
        )
        == 200
    )
    await slack.wait_for("chat.postMessage")
    await settle()

    assert len(slack.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "event",
    [
        dm("from a bot", bot_id="B999"),
        dm("bot message", subtype="bot_message", bot_id="B999"),
        dm("edited", subtype="message_changed"),
        dm("gone", subtype="message_deleted"),
        dm("my own words", user="UBOT"),
        dm("in a channel", channel_type="channel", channel="C1"),
        {"type": "app_mention", "channel": "C1", "user": "UBOT", "text": "<@UBOT> me", "ts": "1.2"},
    ],
    ids=[
        "bot_id",
        "bot_message",
        "message_changed",
        "message_deleted",
        "self",
        "channel",
        "self-mention",
    ],
)
async def test_bot_edited_and_own_messages_are_ignored(
    served: Served, slack: FakeSlackWebAPI, event: dict[str, Any]
) -> None:
    assert await served.event(event_body(event)) == 200
    await settle()

    assert slack.calls_to("chat.postMessage") == []
    assert slack.calls_to("chat.postEphemeral") == []


async def test_a_rate_limited_answer_waits_and_arrives_exactly_once(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=0)

    assert await served.event(event_body(dm("python"))) == 200
    [post] = await slack.wait_for("chat.postMessage")
    await settle()

    assert post.payload["channel"] == "D1"
    assert [c.failed for c in slack.calls_to("chat.postMessage")] == [True, False]


async def test_a_group_dm_is_answered_and_a_personal_answer_only_to_the_asker(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    """Before: messages in a group DM (mpim) were never answered."""
    question = dm("remote SRE jobs with Terraform", channel="G1", channel_type="mpim")
    personal = dm("saved", ts="1700000000.000200", channel="G1", channel_type="mpim")

    assert await served.event(event_body(question, event_id="Q")) == 200
    assert await served.event(event_body(personal, event_id="P")) == 200
    [post] = await slack.wait_for("chat.postMessage")
    [private] = await slack.wait_for("chat.postEphemeral")

    assert post.payload["channel"] == "G1" and card_ids(post.payload["blocks"])[0] == SKETCH_ID
    assert private.payload["channel"] == "G1" and private.payload["user"] == "U1"
