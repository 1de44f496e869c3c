"""When digests are due (pure): docs/architecture.md, "Digests", in each target's own time zone.

A target is due when, in its time zone (zoneinfo, so DST-safe), today is one of its weekdays,
the local time has reached its HH:MM, and the run log has no finished run for (target, local
date). Only the current local date is considered: a digest missed while the bot was down is sent
at start-up if its day has not ended; otherwise the next digest covers those postings, since it
shows everything new since the last one that went out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.digests.targets import Target
from bot.storage import STALE_CLAIM, DigestRun

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "DueRun",
    "RunLog",
    "backoff",
    "due_runs",
    "next_wake",
    "scheduled_at",
]

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(minutes=30)

RunLog = Mapping[tuple[str, date], DigestRun]
"""The run log by (target key, local date), as `Store.runs_since` gives it."""


@dataclass(frozen=True, slots=True)
class DueRun:
    """A target's digest for one local date that should be sent now."""

    target: Target
    local_date: date
    scheduled_at: datetime
    previous: DigestRun | None = None
    """The run log's row for it, if any: a pending retry or a stale claim."""


def scheduled_at(target: Target, day: date) -> datetime:
    """The UTC instant of the target's HH:MM on local date `day`.

    A time that does not exist that day (inside a spring-forward gap) resolves to the same
    wall-clock time with the offset from before the change (`fold=0`), i.e. just after the gap;
    a repeated time (autumn) to its first occurrence.
    """
    local = datetime.combine(day, target.time, tzinfo=target.zone)
    return local.astimezone(UTC)


def _claimable_from(run: DigestRun | None, stale_after: timedelta) -> datetime | None:
    """From when the run log lets this run be claimed: None = never (sent or failed)."""
    if run is None:
        return datetime.min.replace(tzinfo=UTC)
    if run.state == "pending":
        return run.next_attempt_at or datetime.min.replace(tzinfo=UTC)
    if run.state == "claimed" and run.claimed_at is not None:
        return run.claimed_at + stale_after
    return None


def due_runs(
    targets: Iterable[Target],
    *,
    now_utc: datetime,
    runs_log: RunLog,
    force: bool = False,
    stale_after: timedelta = STALE_CLAIM,
) -> list[DueRun]:
    """The runs to send at `now_utc`, one per target at most, in the order of `targets`.

    `force` (`jobbot digest --now`) makes today's digests due before their time; weekdays and
    the run log still apply, so a target never gets two digests on one local date.
    """
    due: list[DueRun] = []
    for target in targets:
        today = now_utc.astimezone(target.zone).date()
        if not target.runs_on(today):
            continue
        at = scheduled_at(target, today)
        if not force and now_utc < at:
            continue
        previous = runs_log.get((target.key, today))
        opens = _claimable_from(previous, stale_after)
        if opens is None or opens > now_utc:
            continue
        due.append(DueRun(target, today, at, previous))
    return due


def next_wake(
    targets: Iterable[Target],
    *,
    now_utc: datetime,
    runs_log: RunLog,
    stale_after: timedelta = STALE_CLAIM,
) -> datetime | None:
    """The earliest instant after `now_utc` at which some run may become due; None if never."""
    best: datetime | None = None
    for target in targets:
        today = now_utc.astimezone(target.zone).date()
        for offset in range(8):
            day = today + timedelta(days=offset)
            if not target.runs_on(day):
                continue
            opens = _claimable_from(runs_log.get((target.key, day)), stale_after)
            if opens is None:
                continue
            when = max(scheduled_at(target, day), opens)
            if when <= now_utc:
                continue  # due now and not taken (claimed elsewhere): the next pass sees it
            if when.astimezone(target.zone).date() == day:  # retries end with their day
                best = when if best is None else min(best, when)
                break
    return best


def backoff(
    attempts: int, *, base: timedelta = BACKOFF_BASE, cap: timedelta = BACKOFF_CAP
) -> timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failed attempt, at most `cap`."""
    factor: int = 2 ** max(0, min(attempts - 1, 20))
    return min(cap, base * factor)
