"""bot/ingest/channel.py: job ads in a channel's messages → postings; other messages ignored.
The reader goes through the real AsyncWebClient to the fake Slack Web API."""

from __future__ import annotations

from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.ingest import BoardUrls, parse_sources, run_pass
from bot.ingest.channel import Ad, HistoryReader, parse_ad, plain_text
from bot.ingest.config import Source
from bot.ingest.fetch import FetchError
from index import load_postings
from tests.support import FakeSlackWebAPI

HN = "Kestrel Analytics | Senior Data Engineer | Berlin | Remote (EU) | Full-time | <https://kestrel.example/jobs/1>"
TAGGED = "[HIRING] Platform Engineer at Acme (Lisbon, Hybrid) <https://acme.example/careers|apply>"
LABELLED = (
    "*Company:* Nimbus\n*Position:* Frontend Developer\n*Type:* Contract\n"
    "*Location:* Remote\n*Salary:* $120k-$150k\nMore: <https://nimbus.example/jobs/fe>"
)


@pytest.mark.parametrize(
    ("text", "ad"),
    [
        (HN, Ad("Senior Data Engineer", "Kestrel Analytics", "Berlin", True,
                "https://kestrel.example/jobs/1", "full-time")),
        (TAGGED, Ad("Platform Engineer", "Acme", "Lisbon, Hybrid", False,
                    "https://acme.example/careers")),
        ("[Hiring] Orbit - Backend Developer - Remote https://orbit.example/j",
         Ad("Backend Developer", "Orbit", "Remote", True, "https://orbit.example/j")),
        (LABELLED, Ad("Frontend Developer", "Nimbus", "Remote", True,
                      "https://nimbus.example/jobs/fe", "contract", "$120k-$150k")),
    ],
)  # fmt: skip
def test_job_ads_in_the_three_shapes_are_read(text: str, ad: Ad) -> None:
    assert parse_ad(text) == ad


@pytest.mark.parametrize(
    "text",
    [
        "anyone hiring for a python role?",
        "lunch | pizza | at noon",
        "Company: Acme\nPosition: Engineer",  # the template asks for a link
        "<@U123> thanks for the referral!",
    ],
)
def test_other_messages_are_ignored(text: str) -> None:
    assert parse_ad(text) is None


def test_plain_text_unwraps_links_and_drops_mentions() -> None:
    text, urls = plain_text("Hi <@U1> see <https://a.example/x|the post> &amp; <javascript:x|y>")
    assert text == "Hi  see the post & <javascript:x|y>" and urls == ["https://a.example/x"]


async def test_a_channel_becomes_postings_kept_fresh(
    slack: FakeSlackWebAPI, tmp_path: Path
) -> None:
    permalink = "https://t-team.slack.com/archives/C0JOBS/p1"
    slack.answers["chat.getPermalink"] = {"ok": True, "channel": "C0JOBS", "permalink": permalink}
    messages = [
        {"type": "message", "user": "U1", "text": HN, "ts": "1764500000.000100"},
        {"type": "message", "user": "U2", "text": "congrats!", "ts": "1764500001.000100"},
        {"type": "message", "bot_id": "B1", "text": TAGGED, "ts": "1764500002.000100"},
        {"type": "message", "subtype": "channel_join", "text": TAGGED, "ts": "1764500003.000100"},
        {"type": "message", "user": "U3", "text": LABELLED, "ts": "1764500004.000100",
         "edited": {"user": "U3", "ts": "1764500100.000000"}},
    ]  # fmt: skip
    slack.answers["conversations.history"] = {"ok": True, "messages": messages, "has_more": False}
    client = AsyncWebClient(base_url=slack.base_url, token="xoxb-test")
    config = parse_sources("sources:\n  - slack: C0JOBS1\n")
    root = tmp_path / "postings"

    report = await run_pass(config, root=root, urls=BoardUrls(), channel=HistoryReader(client))
    assert (report.sources[0].fetched, report.sources[0].new) == (2, 2)
    by_title = {p.title: p for p in load_postings(root).postings}
    nimbus = by_title["Frontend Developer"]
    assert nimbus.remote and nimbus.job_type == "contract" and nimbus.pay is None
    assert nimbus.extra["author"] == "U3" and nimbus.extra["permalink"] == permalink
    assert nimbus.extra["salary"] == "$120k-$150k"
    assert by_title["Senior Data Engineer"].url == "https://kestrel.example/jobs/1"

    slack.answers["conversations.history"] = {
        "ok": True,
        "messages": messages[:1],
        "has_more": False,
    }
    again = await run_pass(config, root=root, urls=BoardUrls(), channel=HistoryReader(client))
    assert again.sources[0].closed == 1  # the message was deleted: its posting is archived
    assert [p.title for p in load_postings(root).postings] == ["Senior Data Engineer"]


async def test_slack_refusing_is_the_source_error(slack: FakeSlackWebAPI) -> None:
    slack.answers["conversations.history"] = {"ok": False, "error": "not_in_channel"}
    client = AsyncWebClient(base_url=slack.base_url, token="xoxb-test")
    with pytest.raises(FetchError, match="Slack: not_in_channel"):
        await HistoryReader(client)(Source("slack", "C0JOBS1"))
