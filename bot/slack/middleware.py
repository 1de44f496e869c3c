"""App-wide middleware: what every request passes through after bolt's own checks.

- `mark_admitted` records that a request got past bolt's verification, so the error handler can
  tell a verified request (answer the user) from one that failed before it (answer nothing).
- `sticky_ack` works around a bolt 1.30 race in which an ack given and then lost turns into a 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.response import BoltResponse

__all__ = ["ADMITTED", "StickyAck", "mark_admitted", "sticky_ack", "was_admitted"]

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
