"""bot/slack/dedupe.py: a retried Slack delivery is recognised; memory is bounded and expires."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.slack.dedupe import Deliveries, RecentKeys
from bot.storage import Store


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_new_key_is_a_first_delivery_and_the_same_key_again_is_not(clock: Clock) -> None:
    recent = RecentKeys(clock=clock)

    assert recent.first_time(["Ev1"]) is True
    assert recent.first_time(["Ev1"]) is False
    assert recent.first_time(["Ev2"]) is True


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (["Ev1", "msg-1"], ["Ev1", "msg-1"], False),  # a retry: same event, same message
        (["Ev1", "msg-1"], ["Ev2", "msg-1"], False),  # the same message as a second event
        (["Ev1", "msg-1"], ["Ev1", None], False),
        (["Ev1", "msg-1"], ["Ev2", "msg-2"], True),
        (["Ev1", None], ["Ev2", None], True),
    ],
)
def test_any_shared_key_marks_a_repeat(
    clock: Clock, first: list[str | None], second: list[str | None], expected: bool
) -> None:
    recent = RecentKeys(clock=clock)
    recent.first_time(first)

    assert recent.first_time(second) is expected


def test_deliveries_without_usable_keys_always_count_as_new(clock: Clock) -> None:
    recent = RecentKeys(clock=clock)

    assert recent.first_time([None, ""]) is True
    assert recent.first_time([None, ""]) is True
    assert len(recent) == 0


def test_keys_expire_after_the_ttl(clock: Clock) -> None:
    recent = RecentKeys(ttl=60, clock=clock)
    recent.first_time(["Ev1"])

    clock.now += 59.9
    assert "Ev1" in recent
    clock.now += 0.2
    assert "Ev1" not in recent
    assert recent.first_time(["Ev1"]) is True


def test_the_oldest_keys_are_dropped_beyond_max_size(clock: Clock) -> None:
    recent = RecentKeys(max_size=3, clock=clock)
    for n in range(5):
        clock.now += 1
        recent.first_time([f"Ev{n}"])

    assert len(recent) == 3
    assert "Ev0" not in recent
    assert "Ev1" not in recent
    assert recent.first_time(["Ev4"]) is False


@pytest.mark.parametrize(("ttl", "max_size"), [(0, 10), (-1, 10), (60, 0)])
def test_nonsense_limits_are_rejected(ttl: float, max_size: int) -> None:
    with pytest.raises(ValueError, match="ttl"):
        RecentKeys(ttl=ttl, max_size=max_size)


async def test_deliveries_are_shared_by_processes_on_one_database(tmp_path: Path) -> None:
    path = tmp_path / "jobbot.sqlite3"
    async with Store.open(path) as one, Store.open(path) as two:
        replica_a = Deliveries(RecentKeys(), one)
        replica_b = Deliveries(RecentKeys(), two)

        assert await replica_a.first_time(["Ev1", "msg-1"])
        assert not await replica_a.first_time(["Ev1"])  # its own retry: no query needed
        assert not await replica_b.first_time(["Ev1", "msg-1"])  # the retry at another replica
        assert await replica_b.first_time(["Ev2", "msg-2"])


async def test_without_a_usable_database_deliveries_fall_back_to_this_process(
    tmp_path: Path,
) -> None:
    path = tmp_path / "jobbot.sqlite3"
    async with Store.open(path) as store:
        deliveries = Deliveries(RecentKeys(), store)
        path.unlink()  # every write now fails: the file is gone
        assert await deliveries.first_time(["Ev1"])
        assert not await deliveries.first_time(["Ev1"])
    alone = Deliveries(RecentKeys(), None)
    assert await alone.first_time(["Ev1"]) and not await alone.first_time(["Ev1"])
