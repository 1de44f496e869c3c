"""Helpers for the store, digest and scheduler tests: postings, an injected clock, Slack clients.

Importable from any test (pytest puts `tests/` on the path).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.digests.targets import Target
from index import Posting
from tests.support import FakeSlackWebAPI

__all__ = [
    "BERLIN",
    "DAILY",
    "FakeClock",
    "berlin",
    "client_for",
    "job",
    "utc",
]

BERLIN = ZoneInfo("Europe/Berlin")
DAILY = Target(
    key="channel:C1",
    kind="channel",
    owner_id="C1",
    channel="C1",
    question="",
    time=time(9, 0),
    timezone="Europe/Berlin",
)
"""A channel's digest of everything new, every day at 09:00 Berlin time."""


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Berlin wall-clock time, as the UTC instant the code under test receives."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def job(
    posting_id: str,
    title: str = "Site Reliability Engineer",
    *,
    posted: datetime | None = None,
    tags: tuple[str, ...] = ("sre", "terraform"),
    company: str | None = None,
    location: str = "Remote",
    summary: str | None = None,
    url: str | None = None,
    **fields: Any,
) -> Posting:
    """A small posting with enough words for the TF-IDF index to match it."""
    return Posting(
        id=posting_id,
        title=title,
        company=company or f"Company {posting_id}",
        location=location,
        url=url or f"https://jobs.example/{posting_id}",
        posted=posted or utc(2026, 3, 1),
        tags=tags,
        remote=location == "Remote",
        summary=summary if summary is not None else f"{title} at {company or posting_id}.",
        body=f"We are hiring a {title} to work with {' and '.join(tags)}.",
        **fields,
    )


class FakeClock:
    """Injected time: `now()` for datetimes, `monotonic()` for the pacer, `sleep` that only
    advances the clock (and records how long it was asked to wait)."""

    def __init__(self, start: datetime) -> None:
        self.current = start
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.current

    def monotonic(self) -> float:
        return self.current.timestamp()

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += timedelta(seconds=seconds)


def client_for(slack: FakeSlackWebAPI, *, rate_limit_retries: int = 0) -> AsyncWebClient:
    """A real slack_sdk client on the fake; optionally waiting out 429s like production."""
    handlers: list[AsyncRetryHandler] = []
    if rate_limit_retries:
        handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries))
    return AsyncWebClient(base_url=slack.base_url, token="xoxb-test", retry_handlers=handlers)
