"""When digests are due: once per local day at the target's time, across DST, weekdays, retries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.digests.due import backoff, due_runs, next_wake, scheduled_at
from bot.digests.targets import Target
from bot.storage import DigestRun
from tests.support.digests import DAILY, berlin, utc


def _sent(target: Target, day: date) -> DigestRun:
    return DigestRun(target.key, day, "sent", "w", None, 1, None, None, "1.0", None)


@pytest.mark.parametrize(
    ("start", "utc_hours"),
    [
        (berlin(2026, 3, 27), [8, 8, 7, 7]),  # CET → CEST on Sunday 29 March
        (berlin(2026, 10, 23), [7, 7, 8, 8]),  # CEST → CET on Sunday 25 October
    ],
    ids=["spring-forward", "fall-back"],
)
def test_a_daily_digest_is_due_exactly_once_per_local_day_at_nine_across_dst(
    start: datetime, utc_hours: list[int]
) -> None:
    log: dict[tuple[str, date], DigestRun] = {}
    fired: list[datetime] = []
    now = start
    while now < start + timedelta(days=4):
        for run in due_runs([DAILY], now_utc=now, runs_log=log):
            fired.append(now)
            log[(run.target.key, run.local_date)] = _sent(run.target, run.local_date)
        now += timedelta(minutes=1)

    first = start.astimezone(DAILY.zone).date()
    assert [t.astimezone(DAILY.zone).replace(tzinfo=None) for t in fired] == [
        datetime.combine(first + timedelta(days=d), time(9, 0)) for d in range(4)
    ]
    assert [t.hour for t in fired] == utc_hours


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (time(2, 30), utc(2026, 3, 29, 1, 30)),  # does not exist: just after the gap (03:30)
        (time(3, 30), utc(2026, 3, 29, 1, 30)),
        (time(9, 0), utc(2026, 3, 29, 7, 0)),
    ],
)
def test_times_in_the_spring_gap_resolve_to_just_after_it(at: time, expected: datetime) -> None:
    target = Target("k", "channel", "C1", "C1", "", at, "Europe/Berlin")
    assert scheduled_at(target, date(2026, 3, 29)) == expected


def test_a_missed_digest_is_due_at_start_up_until_its_local_day_ends() -> None:
    assert [
        r.local_date for r in due_runs([DAILY], now_utc=berlin(2026, 4, 1, 23, 59), runs_log={})
    ] == [date(2026, 4, 1)]
    assert due_runs([DAILY], now_utc=berlin(2026, 4, 2, 0, 1), runs_log={}) == []


def test_weekdays_and_time_zones_decide_the_local_day() -> None:
    weekdays = Target(
        "sub:1", "user", "U1", "U1", "sre", time(9, 0), "America/New_York", weekdays="1111100"
    )
    saturday_9am_ny = datetime(2026, 4, 4, 9, 0, tzinfo=weekdays.zone).astimezone(UTC)
    friday_9am_ny = saturday_9am_ny - timedelta(days=1)

    assert due_runs([weekdays], now_utc=saturday_9am_ny, runs_log={}) == []
    assert due_runs([weekdays], now_utc=friday_9am_ny - timedelta(minutes=1), runs_log={}) == []
    [run] = due_runs([weekdays], now_utc=friday_9am_ny, runs_log={})
    assert run.local_date == date(2026, 4, 3)


def test_force_makes_todays_digest_due_early_but_never_twice() -> None:
    early = berlin(2026, 4, 1, 6, 0)
    [run] = due_runs([DAILY], now_utc=early, runs_log={}, force=True)
    log = {(DAILY.key, run.local_date): _sent(DAILY, run.local_date)}

    assert due_runs([DAILY], now_utc=early, runs_log=log, force=True) == []


def test_pending_retries_are_due_from_their_retry_time() -> None:
    now = berlin(2026, 4, 1, 9, 0)
    pending = DigestRun(
        DAILY.key,
        date(2026, 4, 1),
        "pending",
        "w",
        now,
        1,
        now + timedelta(minutes=1),
        None,
        None,
        "HTTP 500",
    )
    log = {(DAILY.key, date(2026, 4, 1)): pending}

    assert due_runs([DAILY], now_utc=now + timedelta(seconds=59), runs_log=log) == []
    assert len(due_runs([DAILY], now_utc=now + timedelta(minutes=1), runs_log=log)) == 1
    assert next_wake([DAILY], now_utc=now, runs_log=log) == now + timedelta(minutes=1)


def test_next_wake_is_the_next_local_nine_oclock_across_dst() -> None:
    sent = {(DAILY.key, date(2026, 3, 28)): _sent(DAILY, date(2026, 3, 28))}
    assert next_wake([DAILY], now_utc=berlin(2026, 3, 28, 9, 5), runs_log=sent) == utc(
        2026, 3, 29, 7
    )
    assert next_wake([], now_utc=berlin(2026, 3, 28), runs_log={}) is None


def test_backoff_doubles_from_a_minute_up_to_half_an_hour() -> None:
    assert [backoff(n).total_seconds() / 60 for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
