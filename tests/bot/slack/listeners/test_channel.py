"""Job ads in a `slack:` source channel (bot/slack/listeners/channel.py), as they are posted:
signed events to the real app, the fake Web API, a real postings folder and its live index."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot import cards
from bot.answers import Answers
from bot.ingest import BoardUrls, parse_sources, run_pass
from bot.ingest.ads import ChannelAds
from bot.ingest.channel import HistoryReader
from bot.ingest.config import Source
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.connections import DEFAULT_LIMITS, listening
from bot.slack.health import Health
from bot.slack.server import make_web_app
from index import LiveIndex, load_postings
from tests.bot.ingest.conftest import posting_files
from tests.support import FakeSlackWebAPI, event_body
from tests.support.harness import (
    SECRET,
    Served,
    assert_valid_blocks,
    block_action,
    card_ids,
    settle,
)

CHANNEL = "C0JOBS1"
PERMALINK = "https://t-team.slack.com/archives/C0JOBS1/p1764500000000100"
TS = "1764500000.000100"
LABELLED = (
    "*Company:* Nimbus\n*Position:* Frontend Developer\n*Type:* Contract\n"
    "*Location:* Remote\n*Salary:* $120k-$150k\nMore: <https://nimbus.example/jobs/fe>"
)
HN = "Kestrel Analytics | Senior Data Engineer | Berlin | Remote (EU) | <https://kestrel.example/j/1>"


@dataclass
class Channel:
    served: Served
    root: Path
    live: LiveIndex


@pytest.fixture
async def jobs_channel(
    settings: Settings, slack: FakeSlackWebAPI, tmp_path: Path
) -> AsyncIterator[Channel]:
    """The app listening to #jobs (C0JOBS1) over an empty postings folder and its live index,
    refreshed after each write as `jobbot serve` does."""
    slack.answers["chat.getPermalink"] = {"ok": True, "channel": CHANNEL, "permalink": PERMALINK}
    root = tmp_path / "postings"
    root.mkdir()
    live = LiveIndex(root, cache_dir=tmp_path / "index-cache")

    async def refresh() -> None:
        live.refresh_if_changed()

    ads = ChannelAds([Source("slack", CHANNEL)], root=root, on_written=refresh)
    app = create_app(settings, answers=Answers(live), ads=ads)
    web_app = make_web_app(app, Health(), signing_secret=SECRET)
    async with listening(web_app, host="127.0.0.1", port=0, limits=DEFAULT_LIMITS) as site:
        yield Channel(Served(f"http://127.0.0.1:{site.bound_port}", app, Health()), root, live)
        await settle()


def posted(text: str, *, user: str = "U3", ts: str = TS, **extra: Any) -> dict[str, Any]:
    """A message in #jobs as Slack's `message` event carries it."""
    return {
        "type": "message",
        "channel": CHANNEL,
        "channel_type": "channel",
        "user": user,
        "text": text,
        "ts": ts,
        **extra,
    }


def front(text: str) -> dict[str, Any]:
    import yaml

    meta = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(meta, dict)
    return meta


async def test_a_job_ad_is_a_posting_at_once_and_its_poster_is_told(
    jobs_channel: Channel, slack: FakeSlackWebAPI
) -> None:
    assert await jobs_channel.served.event(event_body(posted(LABELLED))) == 200
    [told] = await slack.wait_for("chat.postEphemeral")

    assert (told.payload["channel"], told.payload["user"]) == (CHANNEL, "U3")
    blocks = told.payload["blocks"]
    assert_valid_blocks(blocks)
    assert told.payload["text"].startswith("Indexed as Frontend Developer at Nimbus")
    [remove] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert (remove["action_id"], remove["value"]) == (cards.Action.REMOVE_AD, f"{CHANNEL}:{TS}")

    [(path, text)] = posting_files(jobs_channel.root).items()
    meta = front(text)
    assert path.startswith("slack/nimbus/frontend-developer-")
    assert {k: meta[k] for k in ("title", "companyName", "location", "url", "jobType")} == {
        "title": "Frontend Developer",
        "companyName": "Nimbus",
        "location": "Remote",
        "url": "https://nimbus.example/jobs/fe",
        "jobType": "contract",
    }
    assert meta["applyUrl"] == "https://nimbus.example/jobs/fe"
    assert meta["timestamp"] == 1764500000000 and meta["summary"]
    assert (meta["source"], meta["sourceId"]) == (f"slack:{CHANNEL}", TS)
    assert (meta["author"], meta["permalink"], meta["salary"]) == ("U3", PERMALINK, "$120k-$150k")

    answer = await jobs_channel.served.ask(slack, "frontend developer nimbus", name="q")
    assert card_ids(answer["blocks"])[:1] == [path.removesuffix(".md")]


async def test_what_the_poster_reads_is_escaped(
    jobs_channel: Channel, slack: FakeSlackWebAPI
) -> None:
    ad = "[HIRING] R&amp;D Engineer at &lt;!channel&gt; Labs (Oslo) <https://labs.example/rd>"
    assert await jobs_channel.served.event(event_body(posted(ad))) == 200
    [told] = await slack.wait_for("chat.postEphemeral")

    section = told.payload["blocks"][0]["text"]["text"]
    assert "*R&amp;D Engineer* at *&lt;!channel&gt; Labs* · Oslo" in section
    assert "<!channel>" not in json.dumps(told.payload)


async def test_an_edit_updates_the_posting_and_a_deletion_archives_it(
    jobs_channel: Channel, slack: FakeSlackWebAPI
) -> None:
    served, root = jobs_channel.served, jobs_channel.root
    assert await served.event(event_body(posted(HN), event_id="Ev1")) == 200
    await slack.wait_for("chat.postEphemeral")
    [path] = posting_files(root)

    renamed = HN.replace("Senior Data Engineer", "Staff Data Engineer")
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "hidden": True,
        "ts": "1764500100.000200",
        "message": posted(renamed, edited={"user": "U3", "ts": "1764500100.000000"}),
        "previous_message": posted(HN),
    }
    assert await served.event(event_body(edit, event_id="Ev2")) == 200
    await settle()

    assert list(posting_files(root)) == [path]  # the same file, rewritten
    assert front(posting_files(root)[path])["title"] == "Staff Data Engineer"
    assert [p.title for p in jobs_channel.live.current.postings] == ["Staff Data Engineer"]
    assert len(slack.calls_to("chat.postEphemeral")) == 1  # an edit is not announced again

    deletion = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": CHANNEL,
        "hidden": True,
        "ts": "1764500200.000300",
        "deleted_ts": TS,
        "previous_message": posted(renamed),
    }
    assert await served.event(event_body(deletion, event_id="Ev3")) == 200
    await settle()

    assert front(posting_files(root)[path])["archived"] is True
    assert load_postings(root).postings == ()
    assert len(jobs_channel.live.current.postings) == 0


@pytest.mark.parametrize(
    "event",
    [
        posted("congrats on the launch, everyone!"),
        posted(HN, bot_id="B1", subtype="bot_message"),
        posted(HN, thread_ts="1764499999.000100"),  # a reply in a thread
        posted(HN, subtype="channel_join"),
        posted(HN, channel="C0OTHER1"),  # not a source channel
    ],
    ids=["chatter", "bot", "thread-reply", "join", "other-channel"],
)
async def test_other_messages_are_acked_and_left_alone(
    jobs_channel: Channel, slack: FakeSlackWebAPI, event: dict[str, Any]
) -> None:
    assert await jobs_channel.served.event(event_body(event)) == 200
    await settle()

    assert posting_files(jobs_channel.root) == {}
    assert slack.calls_to("chat.postEphemeral") == [] and slack.calls_to("chat.postMessage") == []


async def _indexed(jobs_channel: Channel, slack: FakeSlackWebAPI) -> str:
    assert await jobs_channel.served.event(event_body(posted(LABELLED))) == 200
    [told] = await slack.wait_for("chat.postEphemeral")
    [path] = posting_files(jobs_channel.root)
    assert told.payload["user"] == "U3"
    return path


async def _click_remove(
    jobs_channel: Channel, slack: FakeSlackWebAPI, *, user: str, name: str
) -> dict[str, Any]:
    click = block_action(
        cards.Action.REMOVE_AD,
        f"{CHANNEL}:{TS}",
        user=user,
        channel=CHANNEL,
        response_url=slack.response_url(name),
    )
    return await jobs_channel.served.click(slack, click)


async def test_remove_by_someone_else_is_refused_and_the_posting_stays(
    jobs_channel: Channel, slack: FakeSlackWebAPI
) -> None:
    path = await _indexed(jobs_channel, slack)

    answer = await _click_remove(jobs_channel, slack, user="U9", name="other")

    assert "Only the person who posted this job ad" in answer["text"]
    assert answer["replace_original"] is False
    assert "archived" not in front(posting_files(jobs_channel.root)[path])
    assert [p.title for p in jobs_channel.live.current.postings] == ["Frontend Developer"]


@pytest.mark.parametrize("remover", ["U3", "UADMIN"], ids=["the-poster", "an-admin"])
async def test_remove_by_the_poster_or_an_admin_takes_it_down_for_good(
    jobs_channel: Channel, slack: FakeSlackWebAPI, remover: str
) -> None:
    slack.admins.add("UADMIN")
    path = await _indexed(jobs_channel, slack)

    answer = await _click_remove(jobs_channel, slack, user=remover, name="remove")

    assert answer["replace_original"] is True
    assert (
        answer["text"]
        == "Removed: Frontend Developer at Nimbus is no longer in answers or digests."
    )
    meta = front(posting_files(jobs_channel.root)[path])
    assert (meta["archived"], meta["removedBy"]) == (True, remover)
    assert len(jobs_channel.live.current.postings) == 0

    # The message is still in the channel: the next pass leaves the posting taken down.
    history = [posted(LABELLED)]
    slack.answers["conversations.history"] = {"ok": True, "messages": history, "has_more": False}
    client = jobs_channel.served.app.client
    config = parse_sources(f"sources:\n  - slack: {CHANNEL}\n")
    report = await run_pass(
        config, root=jobs_channel.root, urls=BoardUrls(), channel=HistoryReader(client)
    )
    assert (report.sources[0].new, report.sources[0].changed) == (0, 0)
    assert front(posting_files(jobs_channel.root)[path])["removedBy"] == remover

    again = await _click_remove(jobs_channel, slack, user=remover, name="again")
    assert "nothing to remove" in again["text"]
