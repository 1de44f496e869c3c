"""The App Home tab (bot/slack/listeners/home.py): published on app_home_opened with
the person's saved searches and saved jobs, valid and bounded; Remove buttons republish it."""

from __future__ import annotations

import json
from datetime import time
from typing import Any

from bot import cards
from bot.storage import Owner, Store, Subscription
from tests.support import FakeSlackWebAPI, event_body, interaction_body
from tests.support.digests import utc
from tests.support.harness import (
    Served,
    assert_valid_blocks,
    block_action,
    button_values,
    settle,
    valid_home_view,
)
from tests.support.paths import SKETCH_ID

NOW = utc(2026, 3, 30, 9)
OPENED = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}


async def published(slack: FakeSlackWebAPI, count: int = 1) -> dict[str, Any]:
    calls = await slack.wait_for("views.publish", count=count)
    assert calls[-1].payload["user_id"] == "U1"
    view = calls[-1].payload["view"]
    assert isinstance(view, dict)
    return valid_home_view(view)


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
    assert button_values(view["blocks"], cards.Action.UNSUBSCRIBE) == [str(sub.id)]
    assert button_values(view["blocks"], cards.Action.UNSAVE) == [SKETCH_ID]


async def test_the_messages_tab_publishes_nothing(personal: Served, slack: FakeSlackWebAPI) -> None:
    assert await personal.event(event_body(OPENED | {"tab": "messages"})) == 200
    await settle()

    assert slack.calls_to("views.publish") == []


async def test_remove_buttons_on_home_work_and_republish_it(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    sub = await store.add_subscription(Owner.user("U1"), "remote sre", now=NOW)
    await store.save_job("U1", SKETCH_ID, now=NOW)

    unsave = block_action(cards.Action.UNSAVE, SKETCH_ID, home=True)
    assert await personal.interaction(interaction_body(unsave)) == 200
    after_unsave = await published(slack)
    unsubscribe = block_action(cards.Action.UNSUBSCRIBE, str(sub.id), home=True)
    assert await personal.interaction(interaction_body(unsubscribe)) == 200
    after_unsubscribe = await published(slack, count=2)

    assert button_values(after_unsave["blocks"], cards.Action.UNSAVE) == []
    assert button_values(after_unsave["blocks"], cards.Action.UNSUBSCRIBE) == [str(sub.id)]
    assert button_values(after_unsubscribe["blocks"], cards.Action.UNSUBSCRIBE) == []
    assert await store.saved_jobs("U1") == []
    assert await store.list_subscriptions(Owner.user("U1")) == []
    assert [c.method for c in slack.calls if c.method.startswith("response_url")] == []


def _subscription(n: int, question: str) -> Subscription:
    return Subscription(n, Owner.user("U1"), question, time(9, 0), None, "1111111", NOW)


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


async def test_home_shows_each_saved_searchs_newest_matches_and_hidden_jobs_with_unhide(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    await store.add_subscription(Owner.user("U1"), "remote SRE jobs with Terraform", now=NOW)
    await store.hide_job("U1", SKETCH_ID, now=NOW)

    assert await personal.event(event_body(OPENED)) == 200
    view = await published(slack)
    unhide = block_action(cards.Action.UNHIDE, SKETCH_ID, home=True)
    assert await personal.interaction(interaction_body(unhide)) == 200
    after = await published(slack, count=2)

    text = json.dumps(view, ensure_ascii=False)
    assert "Newest matches" in text and "Hidden jobs" in text
    assert button_values(view["blocks"], cards.Action.UNHIDE) == [SKETCH_ID]
    assert [b for b in view["blocks"] if b.get("elements", [{}])[0].get("action_id")
            == cards.Action.OPEN_SEARCH]  # fmt: skip
    assert button_values(after["blocks"], cards.Action.UNHIDE) == []
    # Once unhidden, the saved search's newest matches list it again.
    assert "Site Reliability Engineer" in json.dumps(after["blocks"])
    assert await store.hidden_ids("U1") == set()
