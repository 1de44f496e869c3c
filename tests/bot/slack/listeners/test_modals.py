"""Modals (bot/slack/listeners/modals.py): "Get these daily", bare `/jobs subscribe` and
`/jobs digest`, "Edit a saved search…" and the "Find jobs" form — `views.open` with valid views,
and each `view_submission` stored or answered as entered, through signed requests."""

from __future__ import annotations

import json
from datetime import time
from typing import Any

from bot import cards
from bot.storage import Owner, Store
from tests.support import FakeSlackWebAPI, interaction_body, post_signed, slash_command_body
from tests.support.digests import utc
from tests.support.harness import (
    SECRET,
    Served,
    assert_valid_blocks,
    block_action,
    button_values,
    valid_modal,
    view_submission,
)

U1 = Owner.user("U1")
NOW = utc(2026, 12, 3, 9)


def _form(
    question: str,
    *,
    at: str = "21:00",
    days: tuple[int, ...] = (0, 1, 2, 3, 4),
    zone: str = "America/New_York",
    channel: str | None = None,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "question": {"type": "plain_text_input", "value": question},
        "time": {"type": "timepicker", "selected_time": at},
        "days": {"type": "checkboxes", "selected_options": [{"value": str(d)} for d in days]},
        "zone": {"type": "plain_text_input", "value": zone},
    }
    if channel is not None:
        values["channel"] = {"type": "conversations_select", "selected_conversation": channel}
    return values


async def test_get_these_daily_opens_the_modal_and_its_submission_is_stored_as_entered(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    answer = await personal.ask(slack, "remote SRE jobs with Terraform", name="q")
    [question] = button_values(answer["blocks"], cards.Action.SUBSCRIBE)
    click = block_action(cards.Action.SUBSCRIBE, question)
    assert await personal.interaction(interaction_body(click)) == 200
    [opened] = await slack.wait_for("views.open")

    view = valid_modal(opened.payload["view"])
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["question"]["initial_value"] == "remote SRE jobs with Terraform"
    assert fields["zone"]["initial_value"] == "Europe/Berlin"  # users.info's tz
    assert opened.payload["trigger_id"] == click["trigger_id"]

    submit = view_submission(cards.SUBSCRIPTION_VIEW, _form("remote SRE jobs"),
                             private_metadata=view["private_metadata"])  # fmt: skip
    assert await personal.interaction(interaction_body(submit)) == 200
    [confirmed] = await slack.wait_for("chat.postMessage")

    [sub] = await store.list_subscriptions(U1)
    assert (sub.question, sub.time, sub.weekdays, sub.timezone) == (
        "remote SRE jobs",
        time(21, 0),
        "1111100",
        "America/New_York",
    )
    assert confirmed.payload["channel"] == "U1" and "Saved search 1" in confirmed.payload["text"]
    await slack.wait_for("views.publish")  # Home shows it at once


async def test_a_submission_with_mistakes_is_refused_with_errors_next_to_the_fields(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    submit = view_submission(
        cards.SUBSCRIPTION_VIEW, _form(" ", days=(), zone="Mars/Olympus"),
        private_metadata='{"sub":null,"pick":true}',
    )  # fmt: skip
    status, body, _ = await post_signed(
        personal.url, "/slack/events", interaction_body(submit), secret=SECRET,
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip

    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"question", "days", "zone"}
    assert await store.list_subscriptions(U1) == []


async def test_bare_jobs_digest_opens_the_modal_for_this_channel_and_records_who_set_it_up(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    command = slash_command_body(text="digest", user_id="U1", channel_id="C1",
                                 response_url=slack.response_url("d"))  # fmt: skip
    assert await personal.command(command) == 200
    [opened] = await slack.wait_for("views.open")
    view = valid_modal(opened.payload["view"])
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["channel"]["initial_conversation"] == "C1"

    submit = view_submission(cards.SUBSCRIPTION_VIEW, _form("python", channel="C1"),
                             private_metadata=view["private_metadata"])  # fmt: skip
    assert await personal.interaction(interaction_body(submit)) == 200
    await slack.wait_for("chat.postMessage")

    [sub] = await store.list_subscriptions(Owner.channel("C1"))
    assert sub.question == "python" and sub.created_by == "U1" and sub.time == time(21, 0)


async def test_a_saved_search_is_edited_from_the_list_and_only_by_who_may(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    sub = await store.add_subscription(U1, "python", now=NOW)
    listed = await personal.ask(slack, "subscriptions", name="l")
    assert_valid_blocks(listed["blocks"])
    [menu] = [e for b in listed["blocks"] for e in b.get("elements", [])
              if e.get("action_id") == cards.Action.EDIT_SUBSCRIPTION]  # fmt: skip
    assert [o["value"] for o in menu["options"]] == [str(sub.id)]

    pick = block_action(cards.Action.EDIT_SUBSCRIPTION, "", response_url=slack.response_url("e"))
    pick["actions"][0] |= {"type": "static_select", "selected_option": {"value": str(sub.id)}}
    assert await personal.interaction(interaction_body(pick)) == 200
    [opened] = await slack.wait_for("views.open")
    view = valid_modal(opened.payload["view"])
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["question"]["initial_value"] == "python" and "channel" not in fields

    submit = view_submission(cards.SUBSCRIPTION_VIEW, _form("python backend", at="07:15"),
                             private_metadata=view["private_metadata"])  # fmt: skip
    stranger = view_submission(cards.SUBSCRIPTION_VIEW, _form("crypto"), user="U2",
                               private_metadata=view["private_metadata"])  # fmt: skip
    assert await personal.interaction(interaction_body(submit)) == 200
    assert await personal.interaction(interaction_body(stranger)) == 200
    posts = await slack.wait_for("chat.postMessage", count=2)

    [edited] = await store.list_subscriptions(U1)
    assert (edited.id, edited.question, edited.time, edited.weekdays) == (
        sub.id,
        "python backend",
        time(7, 15),
        "1111100",
    )
    by_user = {p.payload["channel"]: p.payload["text"] for p in posts}
    assert "updated" in by_user["U1"] and "already gone" in by_user["U2"]


async def test_find_jobs_form_is_answered_as_one_question_by_dm(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    values: dict[str, dict[str, Any]] = {
        "words": {"type": "plain_text_input", "value": "python"},
        "workplace": {"type": "radio_buttons", "selected_option": {"value": "remote"}},
        "place": {"type": "plain_text_input", "value": "Berlin"},
        "seniority": {"type": "static_select", "selected_option": {"value": "senior"}},
        "pay": {"type": "plain_text_input", "value": None},
    }
    assert await served.interaction(interaction_body(view_submission(cards.SEARCH_VIEW, values)))
    [post] = await slack.wait_for("chat.postMessage")

    assert post.payload["channel"] == "U1"
    blocks = post.payload["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    assert_valid_blocks(blocks)
    assert "remote · in Berlin" in blocks[0]["text"]["text"]
    assert "senior first" in blocks[0]["text"]["text"]
