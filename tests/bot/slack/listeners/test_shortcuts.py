"""Shortcuts (bot/slack/listeners/shortcuts.py): "Find jobs" opens the search modal, "Find jobs
like this" answers a message's text privately, "Save this job" saves the job on jobbot's card —
through signed interactions at the real server and the fake Web API."""

from __future__ import annotations

from typing import Any

from bot import cards
from bot.slack.listeners.shortcuts import FIND_JOBS, FIND_LIKE_THIS, SAVE_THIS_JOB
from bot.storage import Store
from index import SearchIndex
from tests.support import FakeSlackWebAPI, interaction_body
from tests.support.cards import NOW
from tests.support.harness import Served, assert_valid_blocks, card_ids, valid_modal
from tests.support.paths import SKETCH_ID


def _message_shortcut(
    callback_id: str, message: dict[str, Any], *, response_url: str
) -> dict[str, Any]:
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "team": {"id": "T123"},
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "token": "verification-token",
        "trigger_id": "1.2.trigger",
        "message_ts": "1700000000.000400",
        "response_url": response_url,
        "message": {"type": "message", "ts": "1700000000.000400", **message},
    }


async def test_find_jobs_opens_the_search_modal(served: Served, slack: FakeSlackWebAPI) -> None:
    shortcut = {"type": "shortcut", "callback_id": FIND_JOBS, "team": {"id": "T123"},
                "user": {"id": "U1"}, "token": "verification-token",
                "trigger_id": "9.9.trigger"}  # fmt: skip

    assert await served.interaction(interaction_body(shortcut)) == 200
    [opened] = await slack.wait_for("views.open")

    view = valid_modal(opened.payload["view"])
    assert opened.payload["trigger_id"] == "9.9.trigger"
    assert view["callback_id"] == cards.SEARCH_VIEW
    assert {b["block_id"] for b in view["blocks"]} == {
        "words", "workplace", "place", "seniority", "pay"
    }  # fmt: skip


async def test_find_jobs_like_this_answers_the_messages_text_privately(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    message = {"user": "U7", "text": "We need someone for remote SRE work with Terraform"}
    shortcut = _message_shortcut(FIND_LIKE_THIS, message, response_url=slack.response_url("like"))

    assert await served.interaction(interaction_body(shortcut)) == 200
    [answer] = await slack.wait_for("response_url:like")

    assert answer.payload["response_type"] == "ephemeral"
    assert_valid_blocks(answer.payload["blocks"])
    assert card_ids(answer.payload["blocks"])[0] == SKETCH_ID


async def test_save_this_job_saves_the_job_on_jobbots_card_and_explains_otherwise(
    personal: Served, slack: FakeSlackWebAPI, store: Store, seed_index: SearchIndex
) -> None:
    posting = seed_index.get(SKETCH_ID)
    assert posting is not None
    card = cards.unfurl_message(posting, now=NOW).to_payload()
    one = _message_shortcut(SAVE_THIS_JOB, {"bot_id": "BBOT", **card},
                            response_url=slack.response_url("one"))  # fmt: skip
    other = _message_shortcut(SAVE_THIS_JOB, {"user": "U7", "text": "lunch?"},
                              response_url=slack.response_url("other"))  # fmt: skip

    assert await personal.interaction(interaction_body(one)) == 200
    assert await personal.interaction(interaction_body(other)) == 200
    [saved] = await slack.wait_for("response_url:one")
    [refused] = await slack.wait_for("response_url:other")

    assert "Saved" in saved.payload["text"]
    assert [job.posting_id for job in await store.saved_jobs("U1")] == [SKETCH_ID]
    assert "no job card of mine" in refused.payload["text"]
