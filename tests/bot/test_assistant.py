"""bot/assistant.py directly: the rules behind the Slack and console surfaces."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot import cards
from bot.answers import Answers
from bot.assistant import Assistant
from bot.cards import PageRef
from bot.storage import Owner, QueryLogPolicy, Store
from index import SearchIndex
from tests.support.digests import utc
from tests.support.harness import settle
from tests.support.paths import SKETCH_ID
from tests.support.sql import rows
from tests.support.volumes import fill, small_volume

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


async def test_with_the_disk_full_searching_works_and_saving_says_it_could_not(
    tmp_path: Path, seed_index: SearchIndex
) -> None:
    with small_volume(tmp_path / "vol") as volume:
        async with Store.open(volume / "jobbot.sqlite3") as store:
            assistant = Assistant(Answers(lambda: seed_index, clock=lambda: NOW), store)
            fill(volume)

            answer = await assistant.reply(
                "remote SRE jobs with Terraform", user="U1", channel="C1"
            )
            saved = await assistant.subscribe("python " + "x" * 3000, user="U1")
            await settle()  # the query log's write, in the background, has failed by now

            assert SKETCH_ID in json.dumps(answer.to_blocks())
            assert saved.text == cards.cannot_save_message().text
            assert store.write_problem is not None and "full" in store.write_problem


async def test_the_query_log_keeps_channel_questions_but_not_dm_text(
    assistant: Assistant, store: Store
) -> None:
    await assistant.reply("remote sre", user="U1", channel="C1")
    await assistant.reply("private: leaving Acme, salary 150k", user="U1", channel="D1")
    await settle()

    logged = rows(store.path, "SELECT question, hits FROM query_log ORDER BY id")
    assert [q for q, _ in logged] == ["remote sre", None]
    assert all(hits >= 0 for _, hits in logged)


async def test_an_operator_can_keep_private_questions_and_old_rows_are_deleted(
    store: Store, seed_index: SearchIndex
) -> None:
    policy = QueryLogPolicy(days=30, private_text=True)
    at = [NOW - timedelta(days=31)]
    assistant = Assistant(Answers(lambda: seed_index, clock=lambda: at[0]), store, query_log=policy)

    await assistant.reply("an old question", user="U1", channel="D1")
    await settle()
    store._purged_at = None  # a new process: the first write of the day purges
    at[0] = NOW
    await assistant.reply("a new question", user="U1", channel="D1")
    await settle()

    assert rows(store.path, "SELECT question FROM query_log") == [("a new question",)]


async def test_with_the_log_off_nothing_is_logged(store: Store, seed_index: SearchIndex) -> None:
    off = Assistant(Answers(lambda: seed_index), store, query_log=QueryLogPolicy(days=0))

    await off.reply("remote sre", user="U1", channel="C1")
    await settle()

    assert rows(store.path, "SELECT count(*) FROM query_log") == [(0,)]
