"""bot/cards/errors.py: what jobbot says when it cannot help right now — never a stack trace."""

from __future__ import annotations

import json

import pytest

from bot import cards
from bot.cards import Message
from tests.support.cards import assert_valid


@pytest.mark.parametrize(
    ("message", "says"),
    [
        (cards.oops_message(), "try again"),
        (cards.gone_message(), "no longer listed"),
        (cards.needs_database_message(), "JOBBOT_DATABASE"),
    ],
    ids=["oops", "gone", "no-database"],
)
def test_each_apology_is_one_valid_message_that_says_what_to_do(
    message: Message, says: str
) -> None:
    assert_valid(message)
    assert says in message.text and "Traceback" not in message.text


def test_no_card_names_what_the_last_answer_holds() -> None:
    """Before: one card read "cards 1–1"."""
    texts = [
        json.dumps([b.to_dict() for b in cards.no_card_message(9, n).blocks], ensure_ascii=False)
        for n in (0, 1, 3)
    ]
    assert "ask for jobs first" in texts[0]
    assert "has only card 1." in texts[1] and "1–1" not in texts[1]
    assert "has cards 1–3." in texts[2]
