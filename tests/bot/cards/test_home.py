"""bot/cards/home.py: the Home tab view — bounded however much a person saved."""

from __future__ import annotations

import json
from datetime import time

from bot import cards
from bot.cards import HomeContent, SavedPosting
from bot.storage import Owner, Subscription
from index import SearchIndex
from tests.support.digests import utc
from tests.support.harness import button_values, valid_home_view

NOW = utc(2026, 3, 30, 9)


def _subscription(n: int, question: str) -> Subscription:
    return Subscription(n, Owner.user("U1"), question, time(9, 0), None, "1111111", NOW)


def test_home_stays_within_100_blocks_with_50_saved_jobs_and_20_searches(
    seed_index: SearchIndex,
) -> None:
    subs = [
        _subscription(n, "a long saved question about remote platform work " * 10)
        for n in range(1, 21)
    ]
    saved = [SavedPosting(p.id, p) for p in seed_index.postings[:50]]

    hidden = [SavedPosting(p.id, p) for p in seed_index.postings[50:70]]
    matches = [(sub.question, seed_index.postings[:3]) for sub in subs]
    content = HomeContent(subs, saved, 50, True, hidden, 20, matches)
    view = valid_home_view(cards.home_view(content, now=NOW))

    assert len(button_values(view["blocks"], cards.Action.UNSUBSCRIBE)) == 20
    assert len(button_values(view["blocks"], cards.Action.UNSAVE)) == cards.HOME_SAVED
    assert "and 20 more — `/jobs saved`" in json.dumps(view, ensure_ascii=False)
    assert len(button_values(view["blocks"], cards.Action.UNHIDE)) == cards.HOME_HIDDEN
    assert "and 10 more — `/jobs hidden`" in json.dumps(view, ensure_ascii=False)


def test_home_lists_a_saved_job_that_is_no_longer_listed() -> None:
    content = HomeContent((), [SavedPosting("gone/posting", None)], saved_total=1)

    view = valid_home_view(cards.home_view(content, now=NOW))

    assert "no longer listed" in json.dumps(view)
    assert button_values(view["blocks"], cards.Action.UNSAVE) == ["gone/posting"]
