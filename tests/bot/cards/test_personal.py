"""bot/cards/personal.py: saved and hidden jobs — confirmations with Undo, the lists, the thanks."""

from __future__ import annotations

import json

from bot import cards
from bot.cards import SavedPosting
from index import SearchIndex
from tests.support.cards import HOSTILE, NOW, all_text, assert_valid
from tests.support.harness import button_values


def test_saving_confirms_and_says_where_saved_jobs_are(seeds: SearchIndex) -> None:
    entry = SavedPosting(seeds.postings[0].id, seeds.postings[0])

    new = assert_valid(cards.saved_confirmation(entry, already=False))
    again = cards.saved_confirmation(entry, already=True)

    assert "Saved" in json.dumps(new) and "/jobs saved" in json.dumps(new)
    assert "already" in again.text


def test_hiding_offers_undo_with_the_posting_id(seeds: SearchIndex) -> None:
    posting = seeds.postings[1]

    blocks = assert_valid(cards.hidden_confirmation(SavedPosting(posting.id, posting)))

    assert button_values(blocks, cards.Action.UNHIDE) == [posting.id]


def test_saved_jobs_are_paged_with_remove_on_each_and_next_while_more_remain(
    seeds: SearchIndex,
) -> None:
    entries = [SavedPosting(p.id, p) for p in seeds.postings[: cards.SAVED_PAGE_SIZE]]

    blocks = assert_valid(cards.saved_message(entries, offset=0, total=25, now=NOW))

    assert button_values(blocks, cards.Action.UNSAVE) == [e.posting_id for e in entries]
    assert button_values(blocks, cards.Action.SAVED_PAGE) == [str(cards.SAVED_PAGE_SIZE)]
    assert "1–10 of 25" in json.dumps(blocks, ensure_ascii=False)


def test_no_saved_jobs_says_how_to_save_one() -> None:
    message = cards.saved_message([], offset=0, total=0, now=NOW)

    assert "Save" in message.text and not button_values(message.to_blocks(), cards.Action.UNSAVE)


def test_hidden_jobs_are_numbered_as_unhide_counts_them_and_capped() -> None:
    entries = [SavedPosting(f"gone/{n}", None) for n in range(cards.HIDDEN_LISTED + 3)]

    blocks = assert_valid(cards.hidden_list_message(entries, now=NOW))
    text = json.dumps(blocks, ensure_ascii=False)

    assert button_values(blocks, cards.Action.UNHIDE) == [f"gone/{n}" for n in range(20)]
    assert "1. *gone/0*" in text and "and 3 more" in text


def test_a_hostile_saved_posting_is_escaped_in_every_list() -> None:
    entry = SavedPosting(HOSTILE.id, HOSTILE)

    for message in (
        cards.saved_message([entry], offset=0, total=1, now=NOW),
        cards.hidden_list_message([entry], now=NOW),
        cards.saved_confirmation(entry, already=False),
        cards.hidden_confirmation(entry),
    ):
        assert_valid(message)
        assert "<!channel>" not in all_text(message) and "<@U123>" not in all_text(message)


def test_feedback_thanks_differ_for_up_and_down() -> None:
    assert "👍" in cards.feedback_message(1).text
    assert "Hide" in cards.feedback_message(-1).text
