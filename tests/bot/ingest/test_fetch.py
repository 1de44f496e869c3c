"""bot/ingest/fetch.py: real requests to the fake boards: retries, limits, conditional GETs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ingest.fetch import FetchError, open_fetcher, retry_after
from tests.support.job_boards import (
    Body,
    FakeJobBoards,
    Hang,
    Huge,
    RateLimited,
    Status,
    lever_posting,
)

PATH = "/v0/postings/acme"


def test_retry_after_reads_seconds_and_dates() -> None:
    now = datetime(2026, 12, 3, 12, tzinfo=UTC)
    assert retry_after("7", now=now) == 7
    assert retry_after("Thu, 03 Dec 2026 12:00:30 GMT", now=now) == 30
    assert retry_after("soon", now=now) is None and retry_after(None, now=now) is None


async def test_an_etag_makes_the_next_request_conditional(boards: FakeJobBoards) -> None:
    boards.lever["acme"] = [lever_posting("1", "Engineer")]
    async with open_fetcher(timeout=5, max_bytes=10_000, concurrency=2) as fetcher:
        first = await fetcher.get(boards.base_url + PATH)
        second = await fetcher.get(boards.base_url + PATH, etag=first.etag)
    assert first.body is not None and first.etag
    assert second.body is None
    assert boards.requests_to(PATH)[1].headers["if-none-match"] == first.etag


async def test_retries_back_off_and_honour_retry_after(boards: FakeJobBoards) -> None:
    boards.lever["acme"] = []
    boards.script(PATH, Status(500), RateLimited(2), Status(503))
    async with open_fetcher(timeout=5, max_bytes=10_000, concurrency=2, backoff=0.01) as fetcher:
        waits: list[float] = []

        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        fetcher._sleep = sleep
        fetched = await fetcher.get(boards.base_url + PATH)
    assert fetched.body == b"[]" and waits == [0.01, 2.0, 0.04]


@pytest.mark.parametrize(
    ("answer", "message"),
    [(Status(404), "HTTP 404"), (Hang(), "timed out after 0.5 s"),
     (Huge(5_000_000), "body is over 10000 bytes"),
     (Huge(5_000_000, declared=True), "body of 5000000 bytes is over 10000")],
)  # fmt: skip
async def test_failures_say_what_went_wrong(
    boards: FakeJobBoards, answer: object, message: str
) -> None:
    boards.script(PATH, answer)  # type: ignore[arg-type]
    async with open_fetcher(timeout=0.5, max_bytes=10_000, concurrency=2) as fetcher:
        with pytest.raises(FetchError, match=message):
            await fetcher.get(boards.base_url + PATH)


async def test_a_refused_connection_is_retried_then_reported() -> None:
    async with open_fetcher(timeout=2, max_bytes=10_000, concurrency=1, backoff=0.001) as fetcher:
        with pytest.raises(FetchError, match=r"connection failed: .* \(after 4 attempts\)"):
            await fetcher.get("http://127.0.0.1:9/nothing-listens-here")


async def test_a_body_is_read_whole(boards: FakeJobBoards) -> None:
    boards.script(PATH, Body(b"x" * 9_000))
    async with open_fetcher(timeout=5, max_bytes=10_000, concurrency=1) as fetcher:
        assert (await fetcher.get(boards.base_url + PATH)).body == b"x" * 9_000
