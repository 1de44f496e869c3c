"""A person's buttons (bot/slack/listeners/personal.py): Save, Hide, 👍/👎, Remove, through signed
requests, the fake Web API and a real SQLite file."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot import cards
from bot.cards import PageRef
from bot.cards.digests import MENU_BLOCK_PREFIX
from bot.digests.send import prepare_digest
from bot.digests.targets import subscription_target
from bot.storage import Owner, Store
from index import SearchIndex
from tests.support import FakeSlackWebAPI, event_body, interaction_body
from tests.support.digests import utc
from tests.support.harness import (
    Served,
    StartApp,
    assert_valid_blocks,
    block_action,
    button_values,
    card_ids,
    card_menu_pick,
    settle,
)
from tests.support.paths import SKETCH_ID
from tests.support.sql import rows

QUESTION = "remote SRE jobs with Terraform"
BROAD = "remote sre"  # two matches on the seeds


def _at(minutes: int) -> datetime:
    return utc(2026, 3, 30, 9, minutes)


async def test_save_then_jobs_saved_lists_it_with_remove(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    answer = await personal.ask(slack, QUESTION, name="q")
    assert card_ids(answer["blocks"])[0] == SKETCH_ID

    click = block_action(cards.Action.SAVE, SKETCH_ID, response_url=slack.response_url("save"))
    saved = await personal.click(slack, click)
    listed = await personal.ask(slack, "saved", name="list")

    assert saved["response_type"] == "ephemeral" and saved["replace_original"] is False
    assert "Saved" in saved["text"]
    assert [job.posting_id for job in await store.saved_jobs("U1")] == [SKETCH_ID]
    assert_valid_blocks(listed["blocks"])
    assert button_values(listed["blocks"], cards.Action.UNSAVE) == [SKETCH_ID]
    assert "Site Reliability Engineer" in json.dumps(listed["blocks"])


async def test_saving_twice_says_it_is_already_saved(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    for name in ("s1", "s2"):
        reply = await personal.click(
            slack, block_action(cards.Action.SAVE, SKETCH_ID, response_url=slack.response_url(name))
        )

    assert "already" in reply["text"]
    assert len(await store.saved_jobs("U1")) == 1


async def test_remove_in_the_saved_list_shows_the_list_again_without_it(
    personal: Served, slack: FakeSlackWebAPI, store: Store, seed_index: SearchIndex
) -> None:
    ids = [p.id for p in seed_index.postings[:12]]
    for n, posting_id in enumerate(ids):
        await store.save_job("U1", posting_id, now=_at(n))
    first = await personal.ask(slack, "saved", name="list")
    assert len(button_values(first["blocks"], cards.Action.UNSAVE)) == cards.SAVED_PAGE_SIZE
    [offset] = button_values(first["blocks"], cards.Action.SAVED_PAGE)

    second = await personal.click(
        slack,
        block_action(cards.Action.SAVED_PAGE, offset, response_url=slack.response_url("next")),
    )
    removed = await personal.click(
        slack, block_action(cards.Action.UNSAVE, ids[0], response_url=slack.response_url("rm"))
    )

    assert second["replace_original"] is True
    assert button_values(second["blocks"], cards.Action.UNSAVE) == ids[1::-1]  # the oldest two
    assert removed["replace_original"] is True
    assert ids[0] not in button_values(removed["blocks"], cards.Action.UNSAVE)
    assert ids[0] not in [job.posting_id for job in await store.saved_jobs("U1")]


async def test_hide_keeps_a_posting_out_of_search_more_like_this_and_digests(
    personal: Served, slack: FakeSlackWebAPI, store: Store, seed_index: SearchIndex
) -> None:
    before = await personal.ask(slack, BROAD, name="before")
    [first, second, *_] = card_ids(before["blocks"])

    hidden = await personal.click(
        slack, block_action(cards.Action.HIDE, first, response_url=slack.response_url("hide"))
    )
    after = await personal.ask(slack, BROAD, name="after")
    similar = await personal.click(
        slack,
        block_action(cards.Action.MORE_LIKE_THIS, second, response_url=slack.response_url("mlt")),
    )
    sub = await store.add_subscription(Owner.user("U1"), BROAD, now=_at(0))
    digest = await prepare_digest(
        store, seed_index, subscription_target(sub, timezone="UTC"), now=_at(0)
    )
    others = await personal.ask(slack, BROAD, name="others", user="U2")
    others_similar = await personal.click(
        slack,
        block_action(
            cards.Action.MORE_LIKE_THIS, second, user="U2", response_url=slack.response_url("mlt2")
        ),
    )

    assert "won't see it again" in hidden["text"]
    assert button_values(hidden["blocks"], cards.Action.UNHIDE) == [first]
    assert first not in card_ids(after["blocks"])
    assert first not in json.dumps(similar["blocks"])
    assert digest.content is not None
    assert first not in [p.id for p in digest.content.postings]
    # Hidden for U1 only:
    assert first in card_ids(others["blocks"])
    assert first in card_ids(others_similar["blocks"])


async def test_undo_brings_a_hidden_posting_back(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    await personal.click(
        slack, block_action(cards.Action.HIDE, SKETCH_ID, response_url=slack.response_url("h"))
    )
    back = await personal.click(
        slack, block_action(cards.Action.UNHIDE, SKETCH_ID, response_url=slack.response_url("u"))
    )

    assert "is back" in back["text"]
    assert await store.hidden_ids("U1") == set()


async def test_hidden_lists_them_numbered_and_unhide_n_shows_one_again(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    await store.hide_job("U1", SKETCH_ID, now=_at(0))

    listed = await personal.ask(slack, "hidden", name="list")
    back = await personal.ask(slack, "unhide 1", name="unhide")
    missing = await personal.ask(slack, "unhide 1", name="again")

    assert_valid_blocks(listed["blocks"])
    assert button_values(listed["blocks"], cards.Action.UNHIDE) == [SKETCH_ID]
    assert "is back" in back["text"]
    assert "no hidden job number 1" in missing["text"]


async def test_votes_are_recorded_and_a_second_vote_replaces_the_first(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    up = await personal.click(
        slack, block_action(cards.Action.VOTE_UP, SKETCH_ID, response_url=slack.response_url("up"))
    )
    assert votes(store) == [("U1", SKETCH_ID, 1)]

    await personal.click(
        slack,
        block_action(cards.Action.VOTE_DOWN, SKETCH_ID, response_url=slack.response_url("down")),
    )

    assert up["text"].startswith("Thanks")
    assert votes(store) == [("U1", SKETCH_ID, -1)]


async def test_a_digest_cards_menu_saves_and_hides(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    block_id = MENU_BLOCK_PREFIX + SKETCH_ID
    for value, name in (("save", "s"), ("hide", "h"), ("more", "m")):
        pick = block_action(
            cards.Action.CARD_MENU,
            value,
            block_id=block_id,
            overflow=True,
            channel="DU1",
            response_url=slack.response_url(name),
        )
        reply = await personal.click(slack, pick)
        assert_valid_blocks(reply["blocks"])

    assert [job.posting_id for job in await store.saved_jobs("U1")] == [SKETCH_ID]
    assert await store.hidden_ids("U1") == {SKETCH_ID}


async def test_each_search_is_logged_with_its_hit_count_and_nothing_else(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    answer = await personal.ask(slack, QUESTION, name="q")
    await personal.ask(slack, "subscribe python", name="sub")
    await personal.ask(slack, "help", name="help")
    page = PageRef(QUESTION, 5).encode()  # a later page of the same search
    await personal.click(
        slack, block_action(cards.Action.NEXT_PAGE, page, response_url=slack.response_url("next"))
    )

    [(question, hits, latency_ms)] = rows(
        store.path, "SELECT question, hits, latency_ms FROM query_log"
    )
    assert question == QUESTION
    assert hits == len(card_ids(answer["blocks"]))
    assert latency_ms >= 0


async def test_a_personal_command_in_a_mention_is_answered_only_to_the_asker(
    personal: Served, slack: FakeSlackWebAPI
) -> None:
    mention = {"type": "app_mention", "channel": "C9", "user": "U1", "text": "<@UBOT> saved"}

    assert await personal.event(event_body(mention | {"ts": "1700000000.000200"})) == 200
    [answer] = await slack.wait_for("chat.postEphemeral")

    assert (answer.payload["channel"], answer.payload["user"]) == ("C9", "U1")
    assert slack.calls_to("chat.postMessage") == []


async def test_without_a_database_saving_says_so_and_search_still_works(
    start_app: StartApp, slack: FakeSlackWebAPI
) -> None:
    served = await start_app()

    reply = await served.click(
        slack, block_action(cards.Action.SAVE, SKETCH_ID, response_url=slack.response_url("s"))
    )
    answer = await served.ask(slack, QUESTION, name="q")

    assert "database" in reply["text"]
    assert card_ids(answer["blocks"])[0] == SKETCH_ID


def votes(store: Store) -> list[tuple[str, str, int]]:
    return [
        (u, p, v) for u, p, v in rows(store.path, "SELECT user, posting_id, vote FROM feedback")
    ]


async def test_a_vote_on_a_posting_that_does_not_exist_is_not_stored(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    """Before: a vote on any id was stored, a 50,016-character one included."""
    forged = "x" * 50_016
    reply = await personal.click(
        slack, block_action(cards.Action.VOTE_UP, forged, response_url=slack.response_url("v"))
    )

    assert reply["text"] == cards.gone_message().text
    assert votes(store) == []


def _feedback_click(
    vote: str, posting_id: str, *, message: dict[str, Any], channel: str, response_url: str,
    ephemeral: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """A press on a card's 👍/👎 (Slack's feedback buttons) in `message`, as Slack sends it."""
    click = block_action(
        cards.Action.FEEDBACK,
        vote,
        block_id=cards.FEEDBACK_BLOCK_PREFIX + posting_id,
        channel=channel,
        response_url=response_url,
    )
    click["actions"][0]["type"] = "feedback_buttons"
    click["container"]["is_ephemeral"] = ephemeral
    click["message"] = {"type": "message", "text": message["text"], "blocks": message["blocks"]}
    return click


async def test_feedback_in_a_dm_is_stored_and_noted_on_the_card_without_a_new_message(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    """Before: every 👍 posted a new "Thanks — noted" message."""
    answer = await personal.ask(slack, QUESTION, name="q")
    [first, *_] = card_ids(answer["blocks"])
    click = _feedback_click(
        "up", first, message=answer, channel="D1", response_url=slack.response_url("fb")
    )

    updated = await personal.click(slack, click)

    assert votes(store) == [("U1", first, 1)]
    assert updated["replace_original"] is True and "response_type" not in updated
    assert_valid_blocks(updated["blocks"])
    noted = [b for b in updated["blocks"] if b.get("block_id", "").startswith("noted-")]
    assert len(noted) == 1 and "Thanks — noted" in noted[0]["elements"][0]["text"]
    before = [b for b in answer["blocks"] if b["type"] == "context_actions"]
    after = [b for b in updated["blocks"] if b["type"] == "context_actions"]
    assert len(after) == len(before) - 1
    assert not slack.calls_to("chat.postMessage") and not slack.calls_to("chat.postEphemeral")


async def test_feedback_on_a_shared_message_is_stored_and_the_message_left_alone(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    answer = await personal.ask(slack, QUESTION, name="q")
    [first, *_] = card_ids(answer["blocks"])
    shared = _feedback_click(
        "down", first, message=answer, channel="C1", response_url=slack.response_url("shared")
    )
    # The same click on a private answer afterwards: its reply proves the first was handled.
    private = _feedback_click(
        "down", first, message=answer, channel="C1", response_url=slack.response_url("private"),
        ephemeral=True,
    )  # fmt: skip

    assert await personal.interaction(interaction_body(shared)) == 200
    assert await personal.interaction(interaction_body(private)) == 200
    await slack.wait_for("response_url:private")
    await settle()

    assert votes(store) == [("U1", first, -1)]
    assert slack.calls_to("response_url:shared") == []


async def test_a_card_menu_pick_saves_the_job(
    personal: Served, slack: FakeSlackWebAPI, store: Store
) -> None:
    answer = await personal.ask(slack, QUESTION, name="q")
    [first, *_] = card_ids(answer["blocks"])

    saved = await personal.click(
        slack, card_menu_pick("save", first, response_url=slack.response_url("s"))
    )

    assert "Saved" in saved["text"]
    assert [job.posting_id for job in await store.saved_jobs("U1")] == [first]
