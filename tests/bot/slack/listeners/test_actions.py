"""Buttons under an answer (bot/slack/listeners/actions.py): Next 5, Share, More like this, Apply,
through signed interactions at the real server."""

from __future__ import annotations

from bot import cards
from bot.cards import PageRef
from tests.support import FakeSlackWebAPI, event_body, interaction_body
from tests.support.harness import (
    Served,
    assert_valid_blocks,
    block_action,
    button_values,
    card_ids,
    settle,
)
from tests.support.paths import SKETCH_ID


async def test_next_5_replaces_the_page_through_the_clicks_response_url(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    first = await served.ask(slack, "engineer", name="p1")
    value = button_values(first["blocks"], cards.Action.NEXT_PAGE)[0]

    click = block_action(cards.Action.NEXT_PAGE, value, response_url=slack.response_url("click"))
    page = await served.click(slack, click)

    assert page["replace_original"] is True
    assert_valid_blocks(page["blocks"])
    assert "6–10 of" in page["blocks"][0]["text"]["text"]
    assert page["blocks"] != first["blocks"]


async def test_share_posts_the_page_in_the_channel_attributed_to_the_clicker(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    first = await served.ask(slack, "remote SRE jobs with Terraform", name="p1")
    value = button_values(first["blocks"], cards.Action.SHARE)[0]

    click = block_action(
        cards.Action.SHARE, value, user="U0123ABC", response_url=slack.response_url("click")
    )
    note = await served.click(slack, click)
    [post] = await slack.wait_for("chat.postMessage")

    assert post.payload["channel"] == "C1"
    assert post.payload["blocks"][0]["text"]["text"].startswith("<@U0123ABC> shared:")
    assert_valid_blocks(post.payload["blocks"])
    assert card_ids(post.payload["blocks"])[0] == SKETCH_ID
    assert "link_names" not in post.payload and "parse" not in post.payload
    assert note["response_type"] == "ephemeral"
    assert note["replace_original"] is False
    assert note["text"] == cards.shared_confirmation("C1").text


async def test_share_where_jobbot_may_not_post_says_how_to_fix_it(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    slack.fail_next("chat.postMessage", error="not_in_channel")
    first = await served.ask(slack, "engineer", name="p1")

    value = button_values(first["blocks"], cards.Action.SHARE)[0]

    note = await served.click(
        slack, block_action(cards.Action.SHARE, value, response_url=slack.response_url())
    )

    assert note["text"] == cards.share_failed_message().text


async def test_more_like_this_answers_privately(served: Served, slack: FakeSlackWebAPI) -> None:
    click = block_action(
        cards.Action.MORE_LIKE_THIS, SKETCH_ID, response_url=slack.response_url("m")
    )

    reply = await served.click(slack, click)

    assert reply["response_type"] == "ephemeral"
    assert reply["replace_original"] is False
    assert_valid_blocks(reply["blocks"])
    assert SKETCH_ID not in [
        el.get("value") for b in reply["blocks"][1:] for el in b.get("elements", [])
    ]


async def test_apply_url_button_is_only_acked(served: Served, slack: FakeSlackWebAPI) -> None:
    click = block_action(cards.Action.APPLY, SKETCH_ID, response_url=slack.response_url("a"))

    assert await served.interaction(interaction_body(click)) == 200
    await settle()

    assert [c.method for c in slack.calls if c.method != "auth.test"] == []


async def test_share_posts_only_where_the_answer_was_given(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    """Before: Share posted into whatever channel the click named."""
    answer = await served.ask(slack, "remote SRE jobs with Terraform", name="a", channel="C1")
    [share] = button_values(answer["blocks"], cards.Action.SHARE)

    elsewhere = await served.click(
        slack,
        block_action(cards.Action.SHARE, share, channel="C2", response_url=slack.response_url("x")),
    )
    here = await served.click(
        slack,
        block_action(cards.Action.SHARE, share, channel="C1", response_url=slack.response_url("h")),
    )

    assert PageRef.decode(share).channel == "C1"
    assert elsewhere["text"] == cards.share_failed_message().text
    assert [c.payload["channel"] for c in slack.calls_to("chat.postMessage")] == ["C1"]
    assert here["text"] == cards.shared_confirmation("C1").text


async def test_next_5_under_a_mention_thread_answer_answers_the_clicker_alone(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    """Before: one person's click replaced the thread's answer for everyone, with that person's
    hidden jobs removed from it."""
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "5.1",
               "text": "<@UBOT> engineer", "client_msg_id": "m1"}  # fmt: skip
    assert await served.event(event_body(mention)) == 200
    [post] = await slack.wait_for("chat.postMessage")
    blocks = post.payload["blocks"]
    [value] = button_values(blocks, cards.Action.NEXT_PAGE)

    click = block_action(
        cards.Action.NEXT_PAGE, value, user="U2", ephemeral=False,
        response_url=slack.response_url("thread"),
    )  # fmt: skip
    page = await served.click(slack, click)

    assert page["replace_original"] is False and page["response_type"] == "ephemeral"
    assert_valid_blocks(page["blocks"])
    assert "6–10 of" in page["blocks"][0]["text"]["text"]
    assert not slack.calls_to("chat.update")
