"""bot/digests/content.py: what counts as new for a digest target (pure)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.digests.content import select_new
from tests.support.digests import job, utc

NOW = utc(2026, 3, 31, 7)  # a Tuesday, 09:00 in Berlin
YESTERDAY = NOW - timedelta(days=1)
POSTINGS = [job(f"p{i}", posted=utc(2026, 3, 1 + i)) for i in range(5)]
IDS = [p.id for p in POSTINGS]


def _new(**options: Any) -> list[str] | None:
    defaults: dict[str, Any] = {
        "first_seen": {pid: NOW for pid in IDS},
        "since": YESTERDAY,
        "already_sent": set(),
        "hidden": set(),
    }
    content = select_new(POSTINGS, **{**defaults, **options})
    return None if content is None else [p.id for p in content.postings]


def test_postings_first_seen_after_the_previous_digest_are_new_in_rank_order() -> None:
    seen = {"p0": YESTERDAY - timedelta(hours=1), "p1": NOW, "p2": YESTERDAY, "p3": NOW}
    assert _new(first_seen={**seen, "p4": YESTERDAY - timedelta(days=3)}) == ["p1", "p3"]


def test_a_posting_never_recorded_is_being_seen_now_so_it_is_new() -> None:
    assert _new(first_seen={pid: YESTERDAY - timedelta(days=1) for pid in IDS[1:]}) == ["p0"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"already_sent": {"p1", "p3"}}, ["p0", "p2", "p4"]),
        ({"hidden": {"p0", "p4"}}, ["p1", "p2", "p3"]),
        ({"already_sent": set(IDS)}, None),
        ({"hidden": set(IDS)}, None),
    ],
    ids=["sent-never-repeat", "hidden-never-shown", "all-sent-is-quiet", "all-hidden-is-quiet"],
)
def test_sent_and_hidden_postings_never_count(
    options: dict[str, Any], expected: list[str] | None
) -> None:
    assert _new(**options) == expected


def test_a_quiet_day_has_no_content() -> None:
    assert _new(first_seen={pid: YESTERDAY - timedelta(days=9) for pid in IDS}) is None
    assert select_new([], first_seen={}, since=None, already_sent=set(), hidden=set()) is None


def test_the_first_digest_shows_the_best_matches_whatever_their_age() -> None:
    old = {pid: NOW - timedelta(days=300) for pid in IDS}
    content = select_new(
        POSTINGS, first_seen=old, since=None, already_sent=set(), hidden={"p1"}, cap=2
    )
    assert content is not None
    assert [p.id for p in content.postings] == ["p0", "p2"]
    assert (content.total, content.more) == (4, 2)
