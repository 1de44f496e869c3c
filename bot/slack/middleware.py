"""App-wide middleware: what every request passes through after bolt's own checks.

- `mark_admitted` records that a request got past bolt's verification, so the error handler can
  tell a verified request (answer the user) from one that failed before it (answer nothing).
- `sticky_ack` works around a bolt 1.30 race in which an ack given and then lost turns into a 404.
- `reliable_respond` gives every listener a `respond` that retries a response URL's 429 (after
  its Retry-After), 5xx and connection errors, and logs an answer it could not deliver — bolt's
  own drops such an answer without a word.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_bolt.context.respond.internals import _build_message
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

__all__ = [
    "ADMITTED",
    "RESPONSE_URL_RETRIES",
    "ReliableRespond",
    "StickyAck",
    "mark_admitted",
    "reliable_respond",
    "sticky_ack",
    "was_admitted",
]

log = logging.getLogger("jobbot.slack")

RESPONSE_URL_RETRIES = 3
"""Retries of one answer: a response URL takes 5 uses within 30 minutes, so a few, quickly."""

ADMITTED = "jobbot_admitted"
"""Context key set once a request has passed verification (see `mark_admitted`)."""


async def mark_admitted(context: AsyncBoltContext, next_: Callable[[], Awaitable[None]]) -> None:
    """Mark the request as having passed bolt's own checks (signature in HTTP mode).

    App middleware runs after bolt's built-in verification, so a request that reaches here is
    verified. The error handler answers only marked requests: a failure before this point
    (bolt's verifier raising on a malformed header, say) must not make jobbot act on a body
    nobody vouched for.
    """
    context[ADMITTED] = True
    await next_()


def was_admitted(context: AsyncBoltContext) -> bool:
    """Whether the request reached the app's middleware, i.e. passed bolt's verification."""
    return bool(context.get(ADMITTED))


class StickyAck(AsyncAck):
    """An ack that stays given.

    bolt's asyncio listener runner (1.30) sets `ack.response = None` when a listener raises after
    acking. If that happens before its 10 ms poll noticed the ack, the request is answered 404
    three seconds later: Slack then shows an error next to our apology, or re-sends the event.
    """

    def __init__(self) -> None:
        self._given: BoltResponse | None = None
        super().__init__()  # type: ignore[no-untyped-call]

    @property
    def response(self) -> BoltResponse | None:
        return self._given

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is not None or self._given is None:
            self._given = value


async def sticky_ack(context: AsyncBoltContext, next_: Callable[[], Awaitable[None]]) -> None:
    """Give every listener a `StickyAck`."""
    context["ack"] = StickyAck()
    await next_()


class ReliableRespond(AsyncRespond):
    """bolt's `respond`, delivering through a webhook client that retries what can pass, and
    logging (without the answer's text) an answer that still could not be delivered."""

    async def __call__(  # type: ignore[override]
        self, text: str | dict[str, Any] = "", **fields: Any
    ) -> WebhookResponse:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        message = (
            _build_message(**text)
            if isinstance(text, dict)
            else _build_message(text=text, **fields)
        )
        client = AsyncWebhookClient(
            url=self.response_url,
            proxy=self.proxy,
            ssl=self.ssl,
            retry_handlers=[
                AsyncConnectionErrorRetryHandler(max_retry_count=RESPONSE_URL_RETRIES),
                AsyncRateLimitErrorRetryHandler(max_retry_count=RESPONSE_URL_RETRIES),
                AsyncServerErrorRetryHandler(max_retry_count=RESPONSE_URL_RETRIES),
            ],
        )
        response = await client.send_dict(message)
        if response.status_code != 200:
            log.warning(
                "an answer was lost: its response URL said %d (%.100s) after %d retries",
                response.status_code, response.body, RESPONSE_URL_RETRIES,
            )  # fmt: skip
        return response


async def reliable_respond(context: AsyncBoltContext, next_: Callable[[], Awaitable[None]]) -> None:
    """Give every listener a `ReliableRespond` for its request's response URL."""
    if context.response_url:
        context["respond"] = ReliableRespond(response_url=context.response_url)
    await next_()
