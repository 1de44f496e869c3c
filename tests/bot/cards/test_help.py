"""bot/cards/help.py: the help card and the usage answers."""

from __future__ import annotations

import json

from bot import cards
from bot.cards.help import EXAMPLES
from tests.support.cards import assert_valid


def test_help_lists_examples_and_syntax() -> None:
    blocks = assert_valid(cards.help_message())
    text = json.dumps(blocks)
    for example in EXAMPLES:
        assert json.dumps(example)[1:-1] in text
    assert "#tag" in text and "exact phrase" in text
