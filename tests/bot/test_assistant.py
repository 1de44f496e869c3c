"""bot/assistant.py directly: the rules behind the Slack and console surfaces."""

from __future__ import annotations

import json

import pytest

from bot import cards
from bot.answers import Answers
from bot.assistant import Assistant
from bot.cards import PageRef
from bot.storage import Owner, Store
from index import SearchIndex
from tests.support.digests import utc
from tests.support.paths import SKETCH_ID

NOW = utc(2026, 3, 30, 9)


@pytest.fixture
def assistant(store: Store, seed_index: SearchIndex) -> Assistant:
    return Assistant(Answers(lambda: seed_index, clock=lambda: NOW), store)


async def test_a_person_keeps_at_most_the_maximum_of_saved_searches(
    assistant: Assistant, store: Store
) -> None:
    for n in range(cards.MAX_SUBSCRIPTIONS):
        await assistant.subscribe(f"question {n}", user="U1")

    refused = await assistant.subscribe("one more", user="U1")

    assert "the most I keep" in refused.text
    assert len(await store.list_subscriptions(Owner.user("U1"))) == cards.MAX_SUBSCRIPTIONS


async def test_a_console_person_gets_the_configured_time_zone(
    store: Store, seed_index: SearchIndex
) -> None:
    console = Assistant(Answers(lambda: seed_index), store, user_timezone="Europe/Berlin")

    await console.subscribe("python", user="console")

    [sub] = await store.list_subscriptions(Owner.user("console"))
    assert sub.timezone == "Europe/Berlin"


async def test_next_pages_and_shared_pages_leave_out_hidden_jobs(
    assistant: Assistant, store: Store
) -> None:
    await store.hide_job("U1", SKETCH_ID, now=NOW)
    ref = PageRef("remote SRE jobs with Terraform", 0)

    page = await assistant.page(ref, user="U1")
    shared = await assistant.shared(ref, user="U1")

    assert SKETCH_ID not in json.dumps(page.to_blocks())
    assert SKETCH_ID not in json.dumps(shared.to_blocks())
    assert SKETCH_ID in json.dumps((await assistant.page(ref, user="U2")).to_blocks())


@pytest.mark.parametrize(
    "text", ["subscribe python", "subscriptions", "unsubscribe 1", "saved", "hidden", "unhide 1"]
)
async def test_without_a_store_personal_commands_say_they_need_the_database(
    seed_index: SearchIndex, text: str
) -> None:
    assistant = Assistant(Answers(lambda: seed_index), None)

    answer = await assistant.reply(text, user="U1")

    assert answer.text == cards.needs_database_message().text


async def test_a_usage_mistake_gets_the_usage_line(assistant: Assistant) -> None:
    answer = await assistant.reply("unsubscribe everything", user="U1")

    assert "/jobs unsubscribe &lt;n&gt;" in answer.text
