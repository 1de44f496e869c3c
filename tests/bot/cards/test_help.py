"""bot/cards/help.py: the help card and the usage answers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time
from typing import Any

import pytest

from bot import cards
from bot.cards.help import EXAMPLES
from bot.storage import Owner, Subscription
from index import SearchIndex
from tests.support.cards import assert_valid


def test_help_lists_examples_and_syntax() -> None:
    blocks = assert_valid(cards.help_message())
    text = json.dumps(blocks)
    for example in EXAMPLES:
        assert json.dumps(example)[1:-1] in text
    assert "#tag" in text and "exact phrase" in text


_TOKEN = re.compile(r"<(?:https?://[^|<>]+\|[^<>]*|[@][UW][A-Z0-9]+|#[CG][A-Z0-9]+(?:\|[^<>]*)?)>")


def _mrkdwn(blocks: list[dict[str, Any]]) -> Iterator[str]:
    for block in blocks:
        for node in [block.get("text"), *block.get("elements", [])]:
            if isinstance(node, dict) and node.get("type") == "mrkdwn":
                yield node["text"]


@pytest.mark.parametrize("surface", ["help", "home", "empty home", "hidden", "subscriptions"])
def test_no_surface_sends_a_raw_angle_bracket_slack_would_read_as_a_token(
    surface: str, seed_index: SearchIndex
) -> None:
    """Before: help, Home and the lists sent `<question>` and `<n>`, which Slack parses."""
    now = datetime(2026, 12, 3, tzinfo=UTC)
    posting = seed_index.postings[0]
    sub = Subscription(1, Owner.user("U1"), "rust", time(9, 0), None, "1111111", now)
    saved = [cards.SavedPosting(posting.id, posting)]
    rendered: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "help": lambda: cards.help_message().to_blocks(),
        "home": lambda: cards.home_view(cards.HomeContent([sub], saved, 1), now=now)["blocks"],
        "empty home": lambda: cards.home_view(cards.HomeContent(), now=now)["blocks"],
        "hidden": lambda: cards.hidden_list_message(saved, now=now).to_blocks(),
        "subscriptions": lambda: cards.subscriptions_message([sub]).to_blocks(),
    }
    blocks = rendered[surface]()

    texts = list(_mrkdwn(blocks))
    assert texts
    for text in texts:
        assert "<" not in _TOKEN.sub("", text) and ">" not in _TOKEN.sub("", text), text


def test_help_names_every_kind_of_question_the_parser_reads() -> None:
    """Sorting, pay, prose negation and other languages were read but never told."""
    text = json.dumps(assert_valid(cards.help_message()), ensure_ascii=False)
    for syntax in ("newest", "over 150k", "no crypto", "Entwickler", "远程"):
        assert syntax in text
