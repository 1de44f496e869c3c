"""Link unfurls (bot/slack/listeners/unfurls.py): `link_shared` → `chat.unfurl` with the card of
each indexed posting, through signed events at the real server and the fake Web API."""

from __future__ import annotations

import json
from typing import Any

from index import SearchIndex
from tests.support import FakeSlackWebAPI, event_body
from tests.support.harness import Served, assert_valid_blocks, settle
from tests.support.paths import SKETCH_ID


def _shared(*urls: str, **where: Any) -> dict[str, Any]:
    return {
        "type": "link_shared",
        "channel": "C1",
        "user": "U1",
        "message_ts": "1700000000.000300",
        "links": [{"domain": url.split("/")[2], "url": url} for url in urls],
        **where,
    }


async def test_a_pasted_job_link_unfurls_into_its_card_and_other_links_are_left_alone(
    served: Served, slack: FakeSlackWebAPI, seed_index: SearchIndex
) -> None:
    posting = seed_index.get(SKETCH_ID)
    assert posting is not None
    pasted = posting.url + "/#apply"  # as people paste it: a trailing slash and a fragment
    other = "https://jobs.lever.co/nobody/never-posted"

    assert await served.event(event_body(_shared(pasted, other))) == 200
    [call] = await slack.wait_for("chat.unfurl")

    assert (call.payload["channel"], call.payload["ts"]) == ("C1", "1700000000.000300")
    unfurls = call.payload["unfurls"]
    unfurls = json.loads(unfurls) if isinstance(unfurls, str) else unfurls
    assert set(unfurls) == {pasted}
    blocks = unfurls[pasted]["blocks"]
    assert_valid_blocks(blocks)
    assert posting.title in blocks[0]["text"]["text"]
    assert blocks[0]["block_id"] == "job-" + SKETCH_ID  # its ⋯ menu works like a digest's


async def test_a_link_in_the_composer_is_unfurled_by_its_unfurl_id(
    served: Served, slack: FakeSlackWebAPI, seed_index: SearchIndex
) -> None:
    posting = seed_index.get(SKETCH_ID)
    assert posting is not None
    event = _shared(posting.url, unfurl_id="U123ABC", source="composer")

    assert await served.event(event_body(event)) == 200
    [call] = await slack.wait_for("chat.unfurl")

    assert call.payload["unfurl_id"] == "U123ABC" and call.payload["source"] == "composer"


async def test_links_to_no_indexed_posting_get_no_unfurl(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    nothing = _shared("https://jobs.lever.co/nobody/x")
    assert await served.event(event_body(nothing, event_id="E1")) == 200
    await settle()

    assert slack.calls_to("chat.unfurl") == []
    assert slack.calls_to("auth.test")  # the event was handled, not dropped
