"""bot/cards/ingest.py: what a job ad's poster reads — valid Block Kit, every string escaped."""

from __future__ import annotations

import json

from bot.cards import Action
from bot.cards.ingest import (
    ad_gone_message,
    ad_removed_message,
    indexed_message,
    not_your_ad_message,
)
from tests.support.cards import assert_valid


def test_indexed_says_what_it_became_with_a_remove_button() -> None:
    message = indexed_message("Data Engineer", "Kestrel", "Berlin (Remote)", ref="C1:1.2")
    assert_valid(message)
    blocks = message.to_blocks()
    assert blocks[0]["text"]["text"].startswith("Indexed as *Data Engineer* at *Kestrel* · Berlin")
    [remove] = blocks[1]["elements"]
    assert (remove["action_id"], remove["value"], remove["style"]) == (
        Action.REMOVE_AD, "C1:1.2", "danger",
    )  # fmt: skip
    assert message.text == "Indexed as Data Engineer at Kestrel · Berlin (Remote)."


def test_everything_from_the_ad_is_escaped_and_cut() -> None:
    message = indexed_message("<!channel> & <@U1>", "A" * 5000, "<https://x.example|x>", ref="C:1")
    assert_valid(message)
    text = json.dumps(message.to_payload())
    assert "<!channel>" not in text and "<@U1>" not in text and "<https" not in text
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in text
    assert "A" * 201 not in text


def test_the_answers_to_remove_are_valid_and_plain() -> None:
    for message in (ad_removed_message("R&D", ""), not_your_ad_message(), ad_gone_message()):
        assert_valid(message)
    assert ad_removed_message("R&D", "").text.startswith("Removed: R&amp;D is no longer")
