"""The assistant side panel (bot/slack/listeners/assistant.py) and follow-ups in DMs and mention
threads, through signed events at the real server and the fake Web API."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot import cards
from bot.storage import Owner, Store
from tests.support import FakeSlackWebAPI, event_body
from tests.support.harness import Served, assert_valid_blocks, card_ids, dm

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
THREAD = "1700000000.000001"


def _started(user: str = "U1") -> dict[str, Any]:
    return {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": user,
            "context": {"channel_id": "C9", "team_id": "T123", "enterprise_id": None},
            "channel_id": "D1",
            "thread_ts": THREAD,
        },
        "event_ts": "1700000000.000002",
    }


def _in_thread(text: str, ts: str) -> dict[str, Any]:
    return dm(text, ts=ts, thread_ts=THREAD)


def _prompts(call_payload: dict[str, Any]) -> list[dict[str, str]]:
    prompts = call_payload["prompts"]
    return json.loads(prompts) if isinstance(prompts, str) else prompts


async def test_a_new_thread_is_greeted_with_saved_searches_then_popular_questions(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    await store.add_subscription(Owner.user("U1"), "rust jobs in Berlin", now=NOW)
    for _ in range(3):
        await store.log_query("data engineer", hits=4, latency_ms=1.0, now=NOW)
    await store.log_query("designer", hits=2, latency_ms=1.0, now=NOW)
    await store.log_query("zzqx", hits=0, latency_ms=1.0, now=NOW)  # found nothing: no prompt

    assert await personal.event(event_body(_started())) == 200
    [greeting] = await slack.wait_for("chat.postMessage")
    [prompts] = await slack.wait_for("assistant.threads.setSuggestedPrompts")

    assert greeting.payload["channel"] == "D1" and greeting.payload["thread_ts"] == THREAD
    assert_valid_blocks(_blocks(greeting.payload))
    assert prompts.payload["channel_id"] == "D1" and prompts.payload["thread_ts"] == THREAD
    messages = [p["message"] for p in _prompts(prompts.payload)]
    assert messages[:3] == ["rust jobs in Berlin", "data engineer", "designer"]
    assert len(messages) == cards.MAX_PROMPTS and "zzqx" not in messages


async def test_a_thread_message_shows_status_answers_titles_and_a_follow_up_narrows_it(
    personal: Served, slack: FakeSlackWebAPI
) -> None:
    assert await personal.event(event_body(_in_thread("python engineer", "1.1"), event_id="E1"))
    [status] = await slack.wait_for("assistant.threads.setStatus")
    [answer] = await slack.wait_for("chat.postMessage")
    [title] = await slack.wait_for("assistant.threads.setTitle")

    assert status.payload["status"] == cards.SEARCHING and status.payload["thread_ts"] == THREAD
    assert answer.payload["thread_ts"] == THREAD
    assert_valid_blocks(_blocks(answer.payload))
    assert title.payload["title"] == "python engineer"

    follow_up = _in_thread("only remote", "1.2")
    assert await personal.event(event_body(follow_up, event_id="E2")) == 200
    [_, narrowed] = await slack.wait_for("chat.postMessage", count=2)
    [_, retitled] = await slack.wait_for("assistant.threads.setTitle", count=2)

    blocks = _blocks(narrowed.payload)
    assert_valid_blocks(blocks)
    assert "Refined (only remote): *remote python engineer*" in blocks[0]["elements"][0]["text"]
    assert "Searched for *python, engineer* · remote" in blocks[1]["text"]["text"]
    assert retitled.payload["title"] == "remote python engineer"
    assert card_ids(blocks)


async def test_a_follow_up_in_a_dm_refines_the_previous_question(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    assert await served.event(event_body(dm("python engineer in London", ts="2.1"), event_id="A"))
    await slack.wait_for("chat.postMessage")
    assert await served.event(event_body(dm("in Berlin instead", ts="2.2"), event_id="B"))
    [_, refined] = await slack.wait_for("chat.postMessage", count=2)

    blocks = _blocks(refined.payload)
    assert "*python engineer in Berlin*" in blocks[0]["elements"][0]["text"]
    assert "in Berlin" in blocks[1]["text"]["text"]


async def test_a_follow_up_in_a_mention_thread_refines_that_threads_question(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    first = {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "3.1",
             "text": "<@UBOT> python engineer", "client_msg_id": "m1"}  # fmt: skip
    again = {**first, "ts": "3.2", "thread_ts": "3.1", "text": "<@UBOT> more senior",
             "client_msg_id": "m2"}  # fmt: skip
    elsewhere = {**first, "ts": "4.1", "text": "<@UBOT> more senior", "client_msg_id": "m3"}

    assert await served.event(event_body(first, event_id="M1")) == 200
    await slack.wait_for("chat.postMessage")
    assert await served.event(event_body(again, event_id="M2")) == 200
    assert await served.event(event_body(elsewhere, event_id="M3")) == 200
    posts = await slack.wait_for("chat.postMessage", count=3)

    by_thread = {p.payload["thread_ts"]: p for p in posts}
    in_thread = [p for p in posts if p.payload["thread_ts"] == "3.1"]
    assert len(in_thread) == 2
    refined = _blocks(in_thread[1].payload)
    assert "*senior python engineer*" in refined[0]["elements"][0]["text"]
    # A new mention elsewhere starts over: "more senior" is a question of its own there.
    fresh = _blocks(by_thread["4.1"].payload)
    assert "Refined" not in json.dumps(fresh)


def _blocks(call_payload: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = call_payload["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


async def test_a_reply_in_a_dm_thread_is_answered_even_where_slack_refuses_a_status(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    """A thread under a DM answer reaches the assistant listener too (bolt routes every IM
    thread there); Slack may refuse a status or title for it."""
    slack.fail_next("assistant.threads.setStatus", error="invalid_thread")
    slack.fail_next("assistant.threads.setTitle", error="invalid_thread")

    assert await served.event(event_body(_in_thread("python engineer", "6.1"), event_id="T"))
    [answer] = await slack.wait_for("chat.postMessage")

    assert answer.payload["thread_ts"] == THREAD
    assert card_ids(_blocks(answer.payload))
