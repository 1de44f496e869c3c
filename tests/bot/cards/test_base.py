"""bot/cards/base.py: the pieces every card is built from — page references, dates, the heading."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot import cards
from bot.cards import PageRef, SavedPosting
from bot.cards.base import posted_ago
from index import Hit, Query, SearchIndex, SearchResult
from tests.support.cards import HOSTILE, NOW, assert_valid, result_for


@pytest.mark.parametrize(
    ("posted", "label"),
    [
        (NOW, "today"),
        (NOW - timedelta(days=1), "yesterday"),
        (NOW - timedelta(days=3), "3 days ago"),
        (NOW - timedelta(days=20), "2 weeks ago"),
        (NOW - timedelta(days=95), "3 months ago"),
        (NOW - timedelta(days=800), "2 years ago"),
        (None, ""),
    ],
)
def test_posted_dates_read_like_people_say_them(posted: datetime | None, label: str) -> None:
    assert posted_ago(posted, now=NOW) == label


def test_page_ref_rejects_foreign_values() -> None:
    with pytest.raises(ValueError):
        PageRef.decode("[1, 2]")
    assert PageRef.decode(PageRef("q ü", 5).encode()) == PageRef("q ü", 5)


@pytest.mark.parametrize("question", ["q" * 5000, '"' * 3000, "\x01" * 1000 + "ü" * 1500])
def test_page_buttons_always_decode_however_long_the_question(question: str) -> None:
    result = SearchResult(
        Query(text=question, terms=("x",)), (Hit(HOSTILE, 1.0),), total=9, offset=0
    )

    blocks = assert_valid(cards.results_message(result, now=NOW))

    nav = blocks[-1]["elements"]
    for element in nav[:2]:
        ref = PageRef.decode(element["value"])
        assert question.startswith(ref.question) and len(element["value"]) <= 2000


def test_answers_digests_and_saved_lists_start_cards_with_the_same_heading(
    seeds: SearchIndex,
) -> None:
    hit = next(h for h in result_for(seeds, "engineer").hits if not h.posting.archived)
    saved = SavedPosting(hit.posting.id, hit.posting)

    answer = cards.job_card(hit, now=NOW)[0].to_dict()["text"]["text"]
    digest = cards.digest_card(hit.posting, now=NOW)[0].to_dict()["text"]["text"]
    listed = cards.saved_message([saved], offset=0, total=1, now=NOW).to_blocks()[1]["text"]

    title, facts, _summary = answer.split("\n")
    assert title.startswith("*<https://") and title.endswith(f"|{hit.posting.title}>*")
    assert facts.startswith(f"{hit.posting.company} · ") and facts.endswith(" ago)")
    heading = f"{title}\n{facts}"
    assert digest.startswith(heading + "\n") and listed["text"] == heading
