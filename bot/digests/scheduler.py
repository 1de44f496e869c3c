"""The loop that sends digests when they are due (docs/architecture.md, "Digests").

When a digest is due is decided by the pure functions of `bot.due` (re-exported here).
`Scheduler.run_once` claims each due run in the database before sending, so several schedulers
on one database file send each digest once. A post that fails for a reason that can pass (HTTP
429 or 5xx, a network error) leaves the run pending with exponential backoff; a later pass
retries it. Any other Slack error marks the run failed (retrying cannot fix it) and is logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import sqlite3
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.digests.due import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    DueRun,
    backoff,
    due_runs,
    next_wake,
    scheduled_at,
)
from bot.digests.send import Pacer, send_digest
from bot.digests.targets import Target, subscription_target
from bot.storage import DigestRun, Store, StoreError
from index import SearchIndex

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "DueRun",
    "RunOutcome",
    "Scheduler",
    "SlackTimezones",
    "TzLookup",
    "backoff",
    "due_runs",
    "next_wake",
    "scheduled_at",
]

log = logging.getLogger("jobbot.digest")

MAX_NAP = 60.0  # wake at least once a minute: new subscriptions are picked up within a minute
MIN_NAP = 1.0  # never spin, even if a run stays due (claimed by a live worker elsewhere)
PARALLEL_SENDS = 8
"""Digests sent at once: enough that a slow channel delays no one, few enough for the database
and the Web API client's connections."""
RETRYABLE_NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError, ConnectionError)


class TzLookup(Protocol):
    """A person's IANA time zone name (their Slack setting), "UTC" when unknown."""

    async def __call__(self, user_id: str) -> str: ...


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """What one pass did with one due run."""

    target: str
    local_date: date
    status: Literal["sent", "quiet", "retry", "failed", "skipped"]
    message_ts: str | None = None
    error: str | None = None
    retry_at: datetime | None = None


class SlackTimezones:
    """`TzLookup` through `users.info` (`user.tz`), cached for `ttl`; "UTC" when unknown.

    Failures are not cached, so a person's zone is found once Slack answers again.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        fallback: str = "UTC",
        ttl: timedelta = timedelta(hours=6),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._client = client
        self._fallback = fallback
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[str, tuple[datetime, str]] = {}

    async def __call__(self, user_id: str) -> str:
        now = self._clock()
        cached = self._cache.get(user_id)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        try:
            response = await self._client.users_info(user=user_id)
        except (SlackApiError, *RETRYABLE_NETWORK_ERRORS) as exc:
            log.warning("users.info for %s failed (%s); using %s", user_id, exc, self._fallback)
            return self._fallback
        user = response.get("user")
        zone = user.get("tz") if isinstance(user, dict) else None
        if not _valid_zone(zone):
            zone = self._fallback
        assert isinstance(zone, str)
        self._cache[user_id] = (now, zone)
        return zone


def _valid_zone(name: object) -> bool:
    if not isinstance(name, str) or not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


async def _utc_timezone(user_id: str) -> str:
    return "UTC"


def default_worker() -> str:
    """A worker name unique to this process: host, pid and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Scheduler:
    """Sends the digests that are due: the channel digest and every saved search.

    Time is injected (`clock`, `sleep`), as are Slack (`client`), the database (`store`) and the
    index (a `SearchIndex`, or a callable returning the current one when it can be swapped).
    """

    def __init__(
        self,
        *,
        store: Store,
        client: AsyncWebClient,
        index: SearchIndex | Callable[[], SearchIndex],
        channel: Target | None = None,
        tz_lookup: TzLookup | None = None,
        default_timezone: str = "UTC",
        worker: str | None = None,
        pacer: Pacer | None = None,
        parallel: int = PARALLEL_SENDS,
        max_age_days: int | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        on_outcome: Callable[[RunOutcome], None] = lambda outcome: None,
    ) -> None:
        self._store = store
        self._on_outcome = on_outcome  # the server's metrics
        self._stopping = asyncio.Event()  # run_forever's stop: set, no run is claimed any more
        self._client = client
        self._index = index
        self._channel = channel
        self._tz_lookup: TzLookup = tz_lookup or _utc_timezone
        self._default_timezone = default_timezone
        self.worker = worker or default_worker()
        self._pacer = pacer or Pacer(sleep=sleep)
        self._clock = clock
        self._sleep = sleep
        self._recorded: SearchIndex | None = None
        self._parallel = max(1, parallel)
        self._max_age_days = max_age_days

    @property
    def index(self) -> SearchIndex:
        return self._index if isinstance(self._index, SearchIndex) else self._index()

    async def targets(self) -> list[Target]:
        """The channel digest (if configured), then every subscription, in id order.

        A subscription without its own time zone uses its owner's: a person's Slack setting
        (`tz_lookup`), or the default zone for a channel.
        """
        found = [self._channel] if self._channel is not None else []
        for sub in await self._store.all_subscriptions():
            zone = sub.timezone
            if zone is None:
                owner = sub.owner
                zone = (
                    await self._tz_lookup(owner.id)
                    if owner.kind == "user"
                    else self._default_timezone
                )
            found.append(subscription_target(sub, timezone=zone))
        return found

    async def runs_log(self, now: datetime) -> dict[tuple[str, date], DigestRun]:
        """The recent run log (two days back covers every zone's "today")."""
        runs = await self._store.runs_since((now - timedelta(days=2)).date())
        return {(run.target, run.local_date): run for run in runs}

    async def due(self, now: datetime, *, force: bool = False) -> list[DueRun]:
        return due_runs(
            await self.targets(),
            now_utc=now,
            runs_log=await self.runs_log(now),
            force=force,
            stale_after=self._store.claims_open_after,
        )

    async def record_index(self, now: datetime) -> None:
        """Record every posting of the current index as seen (once per index object)."""
        index = self.index
        if index is not self._recorded:
            await self._store.record_first_seen((p.id for p in index.postings), now=now)
            self._recorded = index

    async def run_once(
        self, now: datetime | None = None, *, force: bool = False
    ) -> list[RunOutcome]:
        """Send every due digest once; failures become pending retries (never duplicates).

        Targets are sent concurrently, at most `parallel` at once, each channel paced on its
        own: one channel that hangs or is rate-limited holds up only itself.
        """
        now = now or self._clock()
        await self.record_index(now)
        slots = asyncio.Semaphore(self._parallel)

        async def one(run: DueRun) -> RunOutcome:
            async with slots:
                outcome = await self._send(run, now)
            self._on_outcome(outcome)
            return outcome

        return list(await asyncio.gather(*(one(run) for run in await self.due(now, force=force))))

    async def _send(self, run: DueRun, now: datetime) -> RunOutcome:
        key, day = run.target.key, run.local_date
        if self._stopping.is_set():  # shutting down: no new work, only what is in flight
            return RunOutcome(key, day, "skipped")
        if not await self._store.claim_run(key, day, worker=self.worker, now=now):
            return RunOutcome(key, day, "skipped")
        try:
            sent = await send_digest(
                store=self._store,
                client=self._client,
                index=self.index,
                target=run.target,
                local_date=day,
                worker=self.worker,
                now=now,
                pacer=self._pacer,
                posting_at=run.previous.posting_at if run.previous else None,
                max_age_days=self._max_age_days,
            )
        except SlackApiError as exc:
            status = exc.response.status_code
            error = f"HTTP {status}: {exc.response.get('error') or exc}"
            if status == 429 or status >= 500:
                return await self._retry(run, now, error, _retry_after(exc))
            log.error("digest %s for %s failed for good: %s", key, day, error)
            await self._store.fail_run(key, day, error=error, retry_at=None, worker=self.worker)
            return RunOutcome(key, day, "failed", error=error)
        except RETRYABLE_NETWORK_ERRORS as exc:
            return await self._retry(run, now, f"{type(exc).__name__}: {exc}", 0.0)
        except asyncio.CancelledError:  # shutdown's deadline passed: hand the run on at once
            await self._store.fail_run(
                key, day, error="interrupted by a shutdown", retry_at=now, worker=self.worker
            )
            raise
        if sent.message_ts is None:
            return RunOutcome(key, day, "quiet")
        return RunOutcome(key, day, "sent", message_ts=sent.message_ts)

    async def _retry(
        self, run: DueRun, now: datetime, error: str, retry_after: float
    ) -> RunOutcome:
        attempts = (run.previous.attempts if run.previous else 0) + 1
        wait = max(backoff(attempts), timedelta(seconds=retry_after))
        retry_at = max(now, self._clock()) + wait  # from when it failed, not when the pass began
        key, day = run.target.key, run.local_date
        log.warning("digest %s for %s failed (%s); retrying at %s", key, day, error, retry_at)
        await self._store.fail_run(key, day, error=error, retry_at=retry_at, worker=self.worker)
        return RunOutcome(key, day, "retry", error=error, retry_at=retry_at)

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Run passes until `stop` is set, sleeping until the next run can be due.

        A pass that raises (the database is locked for too long, say) is logged and the loop
        goes on: one bad minute must not end the digests for good.
        """
        self._stopping = stop
        while not stop.is_set():
            now = self._clock()
            try:
                await self.run_once(now)
                wake = next_wake(
                    await self.targets(),
                    now_utc=now,
                    runs_log=await self.runs_log(now),
                    stale_after=self._store.claims_open_after,
                )
            except (
                SlackApiError,
                *RETRYABLE_NETWORK_ERRORS,
                OSError,
                sqlite3.Error,
                StoreError,
            ) as exc:
                log.exception("digest pass failed: %s", exc)
                wake = None
            nap = MAX_NAP if wake is None else (wake - self._clock()).total_seconds()
            await self._nap(min(MAX_NAP, max(MIN_NAP, nap)), stop)

    async def _nap(self, seconds: float, stop: asyncio.Event) -> None:
        """Sleep `seconds` with the injected sleep, ending early when `stop` is set."""
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({sleeper, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, stopper):
                task.cancel()
            await asyncio.gather(sleeper, stopper, return_exceptions=True)


def _retry_after(exc: SlackApiError) -> float:
    """Seconds from a 429's Retry-After header (0 when absent or unreadable)."""
    headers: Mapping[str, object] = exc.response.headers or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, Sequence) and not isinstance(value, str) else value
            try:
                return max(0.0, float(str(raw)))
            except ValueError:
                return 0.0
    return 0.0
