"""bot/cards/errors.py: what jobbot says when it cannot help right now — never a stack trace."""

from __future__ import annotations

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
