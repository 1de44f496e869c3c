"""HTTP for the sources, with good manners and hard edges.

One `aiohttp` session per pass, with a User-Agent naming jobbot, a timeout per request, a cap
on requests in flight and on the bytes read from one response (checked while reading, after
decompression, so a 50 MB or gzip-bombed body costs 16 MB at most). 5xx answers, 429s and
dropped connections are retried with exponential backoff, honouring `Retry-After` up to a
limit; an ETag or Last-Modified from the last pass makes the request conditional, and a 304
means "nothing changed". Every failure is a `FetchError` whose message says what went wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import aiohttp

__all__ = ["USER_AGENT", "FetchError", "Fetched", "Fetcher", "open_fetcher", "retry_after"]

log = logging.getLogger(__name__)

USER_AGENT = "jobbot/0.1 (a Slack assistant for job postings; reads public job boards)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A source could not be read: the message says why ("HTTP 404", "timed out after 30 s")."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body that was read whole, and the validators for the next request.
    `body` is None when the source answered 304 Not Modified."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


def retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds a `Retry-After` header asks to wait (a number or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class Fetcher:
    """GET with retries, limits and conditional requests, over a session the caller owns."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        timeout: float = 30.0,
        max_bytes: int = 16_000_000,
        concurrency: int = 4,
        retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.session = session
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._slots = asyncio.Semaphore(concurrency)

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "application/json",
    ) -> Fetched:
        """The body at `url` (None on 304).

        :raises FetchError: a 4xx, a 5xx or 429 still there after the retries, a timeout, a
            connection failure, or a body over `max_bytes`.
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self._slots:
                    return await self._once(url, headers)
            except _Retry as retry:
                if attempt > self.retries:
                    raise FetchError(f"{retry.reason} (after {attempt} attempts)") from None
                wait = retry.wait if retry.wait is not None else self.backoff * 2 ** (attempt - 1)
                if wait > self.max_wait:
                    raise FetchError(
                        f"{retry.reason}; Retry-After {wait:.0f} s is too long"
                    ) from None
                log.info("%s: %s; retrying in %.1f s", url, retry.reason, wait)
                await self._sleep(wait)

    async def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        try:
            async with asyncio.timeout(self.timeout):
                async with self.session.get(url, headers=headers, allow_redirects=True) as resp:
                    if resp.status == 304:
                        return Fetched(None, resp.headers.get("ETag"),
                                       resp.headers.get("Last-Modified"))  # fmt: skip
                    if resp.status in RETRY_STATUSES:
                        wait = retry_after(resp.headers.get("Retry-After"), now=datetime.now(UTC))
                        raise _Retry(f"HTTP {resp.status}", wait)
                    if resp.status != 200:
                        raise FetchError(f"HTTP {resp.status} from {url}")
                    declared = resp.content_length
                    if declared is not None and declared > self.max_bytes:
                        raise FetchError(f"body of {declared} bytes is over {self.max_bytes}")
                    body = bytearray()
                    async for chunk in resp.content.iter_chunked(1 << 16):
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise FetchError(f"body is over {self.max_bytes} bytes")
                    return Fetched(
                        bytes(body), resp.headers.get("ETag"), resp.headers.get("Last-Modified")
                    )
        except TimeoutError:
            raise FetchError(f"timed out after {self.timeout:g} s") from None
        except aiohttp.ClientPayloadError as exc:
            raise _Retry(f"broken response: {exc}", None) from None
        except aiohttp.ClientConnectionError as exc:
            raise _Retry(f"connection failed: {exc}", None) from None
        except aiohttp.ClientError as exc:
            raise FetchError(f"request failed: {exc}") from None


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


@contextlib.asynccontextmanager
async def open_fetcher(
    *, timeout: float, max_bytes: int, concurrency: int, backoff: float = 1.0
) -> AsyncIterator[Fetcher]:
    """A `Fetcher` with its own session (closed on exit)."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(
        connector=connector, headers={"User-Agent": USER_AGENT}, auto_decompress=True
    ) as session:
        yield Fetcher(
            session,
            timeout=timeout,
            max_bytes=max_bytes,
            concurrency=concurrency,
            backoff=backoff,
        )
