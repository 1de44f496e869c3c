"""The App Home tab (bot/listeners/home.py, cards.home_view): published on app_home_opened with
the person's saved searches and saved jobs, valid and bounded; Remove buttons republish it."""

from __future__ import annotations

import json
from datetime import time
from typing import Any

from digest_support import utc
from fakes import FakeSlackWebAPI, event_body, interaction_body
from slack_harness import SKETCH_ID, Served, block_action, button_values, settle
from slack_sdk.models.views import View

from bot import cards
from bot.cards import HomeContent, SavedPosting
from bot.storage import Owner, Store, Subscription
from index import SearchIndex

NOW = utc(2026, 3, 30, 9)
OPENED = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}


def valid_view(view: dict[str, Any]) -> dict[str, Any]:
    """Slack would accept it: slack_sdk's View re-parses and checks it (1-100 blocks)."""
    View(**view).validate_json()
    assert view["type"] == "home" and 0 < len(view["blocks"]) <= 100
    return view


async def published(slack: FakeSlackWebAPI, count: int = 1) -> dict[str, Any]:
    calls = await slack.wait_for("views.publish", count=count)
    assert calls[-1].payload["user_id"] == "U1"
    view = calls[-1].payload["view"]
    assert isinstance(view, dict)
    return valid_view(view)


async def test_opening_home_shows_saved_searches_and_saved_jobs_with_remove(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    sub = await store.add_subscription(Owner.user("U1"), "remote sre", now=NOW)
    await store.save_job("U1", SKETCH_ID, now=NOW)

    assert await personal.event(event_body(OPENED)) == 200
    view = await published(slack)

    text = json.dumps(view)
    assert "Your saved searches" in text and "remote sre" in text and "Saved jobs" in text
    assert "Site Reliability Engineer" in text and "/jobs" in text
    assert button_values(view["blocks"], cards.UNSUBSCRIBE) == [str(sub.id)]
    assert button_values(view["blocks"], cards.UNSAVE) == [SKETCH_ID]


async def test_the_messages_tab_publishes_nothing(personal: Served, slack: FakeSlackWebAPI) -> None:
    assert await personal.event(event_body(OPENED | {"tab": "messages"})) == 200
    await settle()

    assert slack.calls_to("views.publish") == []


def test_home_stays_within_100_blocks_with_50_saved_jobs_and_20_searches(
    seed_index: SearchIndex,
) -> None:
    subs = [
        _subscription(n, "a long saved question about remote platform work " * 10)
        for n in range(1, 21)
    ]
    saved = [SavedPosting(p.id, p) for p in seed_index.postings[:50]]

    view = valid_view(cards.home_view(HomeContent(subs, saved, saved_total=50), now=NOW))

    assert len(button_values(view["blocks"], cards.UNSUBSCRIBE)) == 20
    assert len(button_values(view["blocks"], cards.UNSAVE)) == cards.HOME_SAVED
    assert "and 20 more — `/jobs saved`" in json.dumps(view, ensure_ascii=False)


def test_home_lists_a_saved_job_that_is_no_longer_listed() -> None:
    content = HomeContent((), [SavedPosting("gone/posting", None)], saved_total=1)

    view = valid_view(cards.home_view(content, now=NOW))

    assert "no longer listed" in json.dumps(view)
    assert button_values(view["blocks"], cards.UNSAVE) == ["gone/posting"]


async def test_remove_buttons_on_home_work_and_republish_it(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    sub = await store.add_subscription(Owner.user("U1"), "remote sre", now=NOW)
    await store.save_job("U1", SKETCH_ID, now=NOW)

    unsave = block_action(cards.UNSAVE, SKETCH_ID, home=True)
    assert await personal.interaction(interaction_body(unsave)) == 200
    after_unsave = await published(slack)
    unsubscribe = block_action(cards.UNSUBSCRIBE, str(sub.id), home=True)
    assert await personal.interaction(interaction_body(unsubscribe)) == 200
    after_unsubscribe = await published(slack, count=2)

    assert button_values(after_unsave["blocks"], cards.UNSAVE) == []
    assert button_values(after_unsave["blocks"], cards.UNSUBSCRIBE) == [str(sub.id)]
    assert button_values(after_unsubscribe["blocks"], cards.UNSUBSCRIBE) == []
    assert await store.saved_jobs("U1") == []
    assert await store.list_subscriptions(Owner.user("U1")) == []
    assert [c.method for c in slack.calls if c.method.startswith("response_url")] == []


def _subscription(n: int, question: str) -> Subscription:
    return Subscription(n, Owner.user("U1"), question, time(9, 0), None, "1111111", NOW)
