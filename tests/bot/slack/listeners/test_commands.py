"""`/jobs` (bot/slack/listeners/commands.py), through signed requests at the real server: answers go
privately to the command's response URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cards
from index import SearchIndex, load_postings
from tests.support import FakeSlackWebAPI, event_body
from tests.support.harness import (
    Served,
    StartApp,
    assert_valid_blocks,
    card_ids,
    dm,
    strings_in,
)
from tests.support.paths import SKETCH_ID


async def test_jobs_answers_privately_with_valid_cards_best_match_first(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    reply = await served.ask(slack, "remote SRE jobs with Terraform", name="q")

    assert reply["response_type"] == "ephemeral"
    assert reply["text"]
    assert_valid_blocks(reply["blocks"])
    assert card_ids(reply["blocks"])[0] == SKETCH_ID
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
