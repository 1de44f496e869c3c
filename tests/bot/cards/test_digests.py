"""bot/cards/digests.py: digest messages and their cards — valid, within Slack's block and size
limits however long the postings, and worded for their target."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot import cards
from bot.digests.content import DigestContent
from index import Posting, SearchIndex
from tests.support.digests import job, utc

NOW = utc(2026, 3, 31, 7)  # a Tuesday, 09:00 in Berlin
YESTERDAY = NOW - timedelta(days=1)
POSTINGS = [job(f"p{i}", posted=utc(2026, 3, 1 + i)) for i in range(5)]


def _validated(blocks: list[dict[str, Any]]) -> list[Block]:
    parsed = Block.parse_all(blocks)
    for block in parsed:
        assert block is not None
        block.validate_json()
    return [b for b in parsed if b is not None]


def _texts(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def _long(i: int, *, url_chars: int = 120) -> Posting:
    return job(
        f"team-{i:02d}/" + "long-posting-id-" * 4,
        "Principal Site Reliability Engineer, Platform Infrastructure & <Developer> Experience",
        company=f"An Extremely Long Company Name Incorporated International {i}",
        location="Berlin, Germany / Remote within the European Union",
        summary="A long summary of the role. " * 40,
        url="https://jobs.example/" + "x" * url_chars,
        posted=utc(2026, 3, 20),
    )


def test_a_ten_card_digest_validates_within_the_block_and_size_limits() -> None:
    postings = tuple(_long(i) for i in range(10))
    content = DigestContent(postings, total=37, since=YESTERDAY)

    message = cards.digest_message(
        content,
        target_kind="user",
        question="remote sre <!channel>",
        since_label="Tuesday",
        now=NOW,
        subscription_id=42,
    )

    blocks = message.to_blocks()
    parsed = _validated(blocks)
    assert len(parsed) <= 50
    assert sum(1 for b in blocks if str(b.get("block_id", "")).startswith("job-")) == 10
    assert len(_texts(blocks)) < 12_000  # Slack has refused messages near 13k characters
    assert blocks[0]["text"]["text"] == "37 new jobs since Tuesday"
    assert "and 27 more — ask `/jobs remote sre &lt;!channel&gt;` to see them" in _texts(blocks)
    assert "<!channel>" not in _texts(blocks) and "<!channel>" not in message.text
    [unsubscribe] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert (unsubscribe["action_id"], unsubscribe["value"]) == ("unsubscribe", "42")


def test_huge_postings_get_fewer_cards_instead_of_a_refused_message() -> None:
    postings = tuple(_long(i, url_chars=1400) for i in range(10))
    content = DigestContent(postings, total=10, since=YESTERDAY)

    message = cards.digest_message(
        content, target_kind="channel", question="sre", since_label="Monday", now=NOW
    )

    blocks = message.to_blocks()
    _validated(blocks)
    cards_shown = sum(1 for b in blocks if str(b.get("block_id", "")).startswith("job-"))
    assert 1 <= cards_shown < 10
    assert len(_texts(blocks)) < 12_000
    assert f"and {10 - cards_shown} more" in _texts(blocks)


def test_a_channel_digest_without_a_question_has_no_unsubscribe_and_no_more_line() -> None:
    content = DigestContent(tuple(POSTINGS[:3]), total=3, since=None)

    message = cards.digest_message(
        content, target_kind="channel", question="", since_label=None, now=NOW
    )

    blocks = message.to_blocks()
    _validated(blocks)
    assert blocks[0]["text"]["text"] == "First digest: 3 jobs"
    assert "All new postings, newest first." in _texts(blocks)
    assert "more —" not in _texts(blocks)
    assert not [b for b in blocks if b["type"] == "actions"]
    assert message.text.startswith("First digest: 3 jobs: ")


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 3, 31), "earlier today"),
        (date(2026, 3, 30), "yesterday"),
        (date(2026, 3, 26), "Thursday"),
        (date(2026, 3, 3), "3 March"),
        (date(2025, 12, 24), "24 December 2025"),
    ],
)
def test_since_label_names_the_previous_digest_day(day: date, label: str) -> None:
    assert cards.since_label(day, today=date(2026, 3, 31)) == label


def test_a_digest_card_menu_reads_back_its_posting(seeds: SearchIndex) -> None:
    posting = seeds.postings[0]
    [section] = [b.to_dict() for b in cards.digest_card(posting, now=NOW)]

    picks = [o["value"] for o in section["accessory"]["options"]]

    assert [cards.menu_choice(section["block_id"], v) for v in picks] == [
        (cards.Action.MORE_LIKE_THIS, posting.id),
        (cards.Action.SAVE, posting.id),
        (cards.Action.HIDE, posting.id),
    ]
    with pytest.raises(ValueError):
        cards.menu_choice("job-abc", "delete")
