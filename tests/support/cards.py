"""Helpers for tests of the cards: a fixed "now", a hostile posting, and checks on messages."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import UTC, datetime
from typing import Any

from slack_sdk.models.blocks import Block

from bot.cards import Message
from index import Posting, SearchIndex, SearchResult, parse_query

__all__ = [
    "HOSTILE",
    "NOW",
    "all_text",
    "assert_valid",
    "interactive_elements",
    "result_for",
    "split_cards",
]

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
HOSTILE = Posting(
    id="evil/<!channel>",
    title="<!channel> <@U123> <https://evil.example|x> & co",
    company="<!here> Corp",
    location="<@W999>",
    url="javascript:alert(1)",
    apply_url="javascript:alert(2)",
    tags=("<!everyone>", "ok"),
    summary="Click <https://evil.example|here> <!subteam^S1>",
    body="body",
)


def assert_valid(message: Message) -> list[dict[str, Any]]:
    blocks = message.to_blocks()
    assert len(blocks) <= 50
    for block in Block.parse_all(blocks):
        block.validate_json()
    assert message.text.strip()
    return blocks


def all_text(message: Message) -> str:
    """Every string Slack renders (mrkdwn and plain text), plus link targets; not button values."""
    found: list[str] = [message.text]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"text", "url"} and isinstance(value, str):
                    found.append(value)
                elif key != "value":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.to_blocks())
    return "\n".join(found)


def result_for(index: SearchIndex, question: str, **kwargs: Any) -> SearchResult:
    return index.search(parse_query(question, today=NOW.date()), limit=5, **kwargs)


INTERACTIVE = frozenset(
    {"button", "overflow", "feedback_buttons", "icon_button", "static_select", "checkboxes"}
)


def interactive_elements(
    blocks: list[dict[str, Any]], *, besides: Collection[str] = frozenset()
) -> int:
    """How many things in `blocks` a person can click (accessories included), leaving out the
    elements whose action id is in `besides`."""
    count = 0
    for block in blocks:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("type") in INTERACTIVE and element.get("action_id") not in besides:
                count += 1
    return count


def split_cards(blocks: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The job cards of an answer: the blocks from each card's heading section to the next
    divider (the answer's own first and last rows are not cards)."""
    card: list[dict[str, Any]] | None = None
    for block in blocks:
        if block["type"] == "section" and str(block.get("block_id", "")).startswith("job-"):
            card = [block]
        elif block["type"] == "divider":
            if card:
                yield card
            card = None
        elif card is not None:
            card.append(block)
    if card:
        yield card
