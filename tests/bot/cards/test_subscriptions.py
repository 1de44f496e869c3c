"""bot/cards/subscriptions.py: saved searches and channel digests — confirmations, the numbered
list with Remove, and how schedules read."""

from __future__ import annotations

import json
from datetime import time

import pytest

from bot import cards
from bot.storage import EVERY_DAY, Owner, Subscription
from tests.support.cards import assert_valid
from tests.support.digests import utc
from tests.support.harness import button_values


def sub(
    n: int,
    question: str = "remote python",
    *,
    owner: Owner | None = None,
    weekdays: str = EVERY_DAY,
) -> Subscription:
    return Subscription(
        id=n, owner=owner or Owner.user("U1"), question=question, time=time(8, 30),
        timezone=None, weekdays=weekdays, created_at=utc(2026, 3, 1),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("weekdays", "owner", "label"),
    [
        (EVERY_DAY, Owner.user("U1"), "daily at 08:30 your time"),
        ("1111100", Owner.user("U1"), "on weekdays at 08:30 your time"),
        ("1010000", Owner.channel("C1"), "on Mon, Wed at 08:30 Europe/Berlin"),
    ],
)
def test_a_schedule_reads_like_a_sentence(weekdays: str, owner: Owner, label: str) -> None:
    assert (
        cards.schedule_label(sub(1, owner=owner, weekdays=weekdays), channel_zone="Europe/Berlin")
        == label
    )


def test_a_new_saved_search_is_confirmed_with_undo() -> None:
    blocks = assert_valid(cards.subscribed_message(sub(7), number=2))

    assert button_values(blocks, cards.Action.UNSUBSCRIBE) == ["7"]
    assert "Saved search 2" in json.dumps(blocks)


def test_the_list_numbers_mine_and_shows_the_channels_digests_with_remove() -> None:
    channel = Owner.channel("C0JOBS")
    message = cards.subscriptions_message(
        [sub(1), sub(2, "data engineer")], [sub(3, "", owner=channel)], channel_id="C0JOBS"
    )

    blocks = assert_valid(message)
    text = json.dumps(blocks, ensure_ascii=False)

    assert button_values(blocks, cards.Action.UNSUBSCRIBE) == ["1", "2", "3"]
    assert "1. *remote python*" in text and "2. *data engineer*" in text
    assert "<#C0JOBS>" in text and "all new postings" in text
    assert message.text == "You have 2 saved searches."


def test_a_channel_digest_confirmation_names_the_channel_and_never_a_forged_one() -> None:
    real = cards.channel_digest_message(
        sub(4, owner=Owner.channel("C0JOBS")), channel_zone="UTC", created=True
    )
    forged = cards.channel_digest_message(
        sub(5, owner=Owner.channel("C1|<!here>")), channel_zone="UTC", created=False
    )

    assert "<#C0JOBS>" in json.dumps(assert_valid(real))
    assert "<!here>" not in json.dumps(assert_valid(forged)) and "the channel" in forged.text


def test_stopping_says_what_stopped() -> None:
    assert "no more daily DMs" in cards.unsubscribed_message(sub(1)).text
    assert "number 9" in cards.no_subscription_message(9).text
    assert "already gone" in cards.no_subscription_message().text
