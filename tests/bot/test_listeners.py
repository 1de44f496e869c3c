"""Listeners, through real parts: signed HTTP requests to the app's server, answers recorded by
the fake Slack Web API and response URLs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeSlackWebAPI, event_body, interaction_body
from slack_harness import (
    SKETCH_ID,
    Served,
    StartApp,
    assert_valid_blocks,
    block_action,
    button_values,
    settle,
    strings_in,
)

from bot import cards
from index import SearchIndex, load_postings


def dm(text: str, *, ts: str = "1700000000.000100", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U1",
        "text": text,
        "ts": ts,
        "client_msg_id": f"msg-{ts}",
        **extra,
    }


# -- /jobs ----------------------------------------------------------------------------------------


async def test_jobs_answers_privately_with_valid_cards_best_match_first(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    reply = await served.ask(slack, "remote SRE jobs with Terraform", name="q")

    assert reply["response_type"] == "ephemeral"
    assert reply["text"]
    assert_valid_blocks(reply["blocks"])
    assert button_values(reply["blocks"], cards.MORE_LIKE_THIS)[0] == SKETCH_ID
    assert slack.calls_to("chat.postMessage") == []


@pytest.mark.parametrize("text", ["", "help", "  HELP  "])
async def test_empty_jobs_and_jobs_help_show_the_help_card(
    served: Served, slack: FakeSlackWebAPI, text: str
) -> None:
    reply = await served.ask(slack, text, name="help")

    assert reply["blocks"] == cards.help_message().to_blocks()
    assert reply["response_type"] == "ephemeral"


async def test_a_question_with_no_match_says_why(served: Served, slack: FakeSlackWebAPI) -> None:
    reply = await served.ask(slack, "zzyzzx quuxotic", name="none")

    assert reply["text"].startswith("No jobs found")
    assert_valid_blocks(reply["blocks"])


@pytest.mark.parametrize(
    "text",
    [
        "terraform " * 500,  # 5,000 characters
        "remote\x00sre\x07\x1b[31m terraform\r\n\t<!channel>\u202e",
    ],
    ids=["5000-chars", "control-chars"],
)
async def test_huge_and_odd_questions_are_answered_safely(
    served: Served, slack: FakeSlackWebAPI, text: str
) -> None:
    reply = await served.ask(slack, text, name="odd")

    assert_valid_blocks(reply["blocks"])
    assert len(json.dumps(reply["blocks"])) < 13_000
    # Button values hold the question verbatim; Slack never renders them as mrkdwn.
    assert not any("<!channel>" in s for s in strings_in(reply, skip=frozenset({"value"})))


async def test_broadcasts_and_channel_references_in_a_question_are_not_searched_for(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    text = "<!channel> <!subteam^S0123|@team> python <#C0123|jobs> <!here>"

    reply = await served.ask(slack, text, name="ping")

    assert reply["blocks"][0]["text"]["text"].startswith("Searched for *python* —")
    assert " jobs for python: " in reply["text"]


# -- buttons --------------------------------------------------------------------------------------


async def test_next_5_replaces_the_page_through_the_clicks_response_url(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    first = await served.ask(slack, "engineer", name="p1")
    value = button_values(first["blocks"], cards.NEXT_PAGE)[0]

    click = block_action(cards.NEXT_PAGE, value, response_url=slack.response_url("click"))
    page = await served.click(slack, click)

    assert page["replace_original"] is True
    assert_valid_blocks(page["blocks"])
    assert "6–10 of" in page["blocks"][0]["text"]["text"]
    assert page["blocks"] != first["blocks"]


async def test_share_posts_the_page_in_the_channel_attributed_to_the_clicker(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    first = await served.ask(slack, "remote SRE jobs with Terraform", name="p1")
    value = button_values(first["blocks"], cards.SHARE)[0]

    click = block_action(
        cards.SHARE, value, user="U0123ABC", response_url=slack.response_url("click")
    )
    note = await served.click(slack, click)
    [post] = await slack.wait_for("chat.postMessage")

    assert post.payload["channel"] == "C1"
    assert post.payload["blocks"][0]["text"]["text"].startswith("<@U0123ABC> shared:")
    assert_valid_blocks(post.payload["blocks"])
    assert button_values(post.payload["blocks"], cards.MORE_LIKE_THIS)[0] == SKETCH_ID
    assert "link_names" not in post.payload and "parse" not in post.payload
    assert note["response_type"] == "ephemeral"
    assert note["replace_original"] is False
    assert note["text"] == cards.shared_confirmation("C1").text


async def test_share_where_jobbot_may_not_post_says_how_to_fix_it(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    slack.fail_next("chat.postMessage", error="not_in_channel")
    first = await served.ask(slack, "engineer", name="p1")

    value = button_values(first["blocks"], cards.SHARE)[0]

    note = await served.click(
        slack, block_action(cards.SHARE, value, response_url=slack.response_url())
    )

    assert note["text"] == cards.share_failed_message().text


async def test_more_like_this_answers_privately(served: Served, slack: FakeSlackWebAPI) -> None:
    click = block_action(cards.MORE_LIKE_THIS, SKETCH_ID, response_url=slack.response_url("m"))

    reply = await served.click(slack, click)

    assert reply["response_type"] == "ephemeral"
    assert reply["replace_original"] is False
    assert_valid_blocks(reply["blocks"])
    assert SKETCH_ID not in [
        el.get("value") for b in reply["blocks"][1:] for el in b.get("elements", [])
    ]


async def test_apply_url_button_is_only_acked(served: Served, slack: FakeSlackWebAPI) -> None:
    click = block_action(cards.APPLY, SKETCH_ID, response_url=slack.response_url("a"))

    assert await served.interaction(interaction_body(click)) == 200
    await settle()

    assert [c.method for c in slack.calls if c.method != "auth.test"] == []


# -- messages -------------------------------------------------------------------------------------


async def test_a_dm_is_answered_in_the_dm(served: Served, slack: FakeSlackWebAPI) -> None:
    assert await served.event(event_body(dm("remote SRE jobs with Terraform"))) == 200
    [post] = await slack.wait_for("chat.postMessage")

    assert post.payload["channel"] == "D1"
    assert "thread_ts" not in post.payload
    assert_valid_blocks(post.payload["blocks"])
    assert button_values(post.payload["blocks"], cards.MORE_LIKE_THIS)[0] == SKETCH_ID


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


async def test_opening_the_home_tab_publishes_how_to_ask_even_without_a_database(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}

    assert await served.event(event_body(event)) == 200
    [publish] = await slack.wait_for("views.publish")

    assert publish.payload["user_id"] == "U1"
    view = publish.payload["view"]
    assert view["type"] == "home"
    assert_valid_blocks(view["blocks"])
    assert "Find jobs in plain words" in json.dumps(view)


# -- hostile postings -----------------------------------------------------------------------------

HOSTILE = """---
title: "<!channel> <@U123> <https://evil|x> Terraform SRE"
companyName: "<!here> & Co"
location: "<@W999>"
url: "javascript:alert(1)"
applyUrl: "javascript:alert(2)"
hashtags: "#terraform,#<!everyone>"
timestamp: 1764000000000
summary: "Click <https://evil|here> <!subteam^S1>"
---
Terraform SRE work. <!channel> <https://evil|more>
"""


@pytest.fixture
def hostile_index(tmp_path: Path) -> SearchIndex:
    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "evil.md").write_text(HOSTILE)
    report = load_postings(folder, include_archived=True)
    assert [p.id for p in report.postings] == ["evil"]
    return SearchIndex.build(report.postings)


@pytest.mark.parametrize("surface", ["dm", "command"])
async def test_a_hostile_posting_renders_escaped_and_unlinked(
    start_app: StartApp, slack: FakeSlackWebAPI, hostile_index: SearchIndex, surface: str
) -> None:
    served = await start_app(index=hostile_index)

    if surface == "dm":
        assert await served.event(event_body(dm("terraform sre"))) == 200
        [call] = await slack.wait_for("chat.postMessage")
        payload = call.payload
    else:
        payload = await served.ask(slack, "terraform sre", name="evil")

    assert_valid_blocks(payload["blocks"])
    texts = list(strings_in(payload))
    assert any("&lt;!channel&gt;" in t for t in texts)  # shown, as text
    for bad in ("<!channel>", "<!here>", "<!everyone>", "<!subteam", "<@U123>", "<@W999>",
                "<https://evil", "javascript:"):  # fmt: skip
        assert not any(bad in t for t in texts), bad
