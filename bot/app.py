"""The Slack app's composition root: `create_app` wires settings, answers and listeners together.

Nothing is created at import time; tests build an app around the fake Web API and a small index.
One `@app.error` handler owns every unexpected failure: it logs it with the request's context and
tells the user politely and privately — no stack trace ever reaches Slack.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards, listeners
from bot.assistant import Assistant
from bot.dedupe import RecentKeys
from bot.dispatch import Answers
from bot.listeners.messages import thread_of
from bot.settings import Settings
from bot.store import Store

__all__ = ["create_app", "create_client", "describe_request"]

log = logging.getLogger("jobbot.slack")

RATE_LIMIT_RETRIES = 3
ADMITTED = "jobbot_admitted"
"""Context key set once a request has passed verification (see `_admitted`)."""


def create_client(settings: Settings) -> AsyncWebClient:
    """A Web API client for `settings.slack_api_url` that waits out HTTP 429 (`Retry-After`,
    up to 3 times) and retries connection errors; slack_sdk alone retries only the latter."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_url or AsyncWebClient.BASE_URL,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


def create_app(
    settings: Settings,
    *,
    answers: Answers,
    store: Store | None = None,
    client: AsyncWebClient | None = None,
    recent: RecentKeys | None = None,
) -> AsyncApp:
    """The bolt app with every listener registered.

    Without a `store` jobbot still searches, but saved searches, saved and hidden jobs and
    feedback answer that they need the database.

    AsyncApp has no `token_verification_enabled`: it calls `auth.test` lazily, once, on the first
    request (the fake Web API answers it). Without a signing secret (Socket Mode) a random one
    stands in, so an HTTP request can never pass verification with an empty key.
    """
    secret = settings.slack_signing_secret
    app = AsyncApp(
        name="jobbot",
        client=client or create_client(settings),
        signing_secret=secret.get_secret_value() if secret else secrets.token_hex(32),
    )
    cpu = listeners.CpuSlots()
    assistant = Assistant(
        answers,
        store,
        offload=cpu,
        digest_time=settings.digest_time,
        timezone=settings.timezone,
    )
    deps = listeners.Deps(assistant=assistant, cpu=cpu, recent=recent or RecentKeys())
    app.middleware(_admitted)
    app.middleware(_sticky_ack)
    listeners.register(app, deps)
    app.error(_on_error)
    return app


class _StickyAck(AsyncAck):
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


async def _admitted(context: AsyncBoltContext, next_: Callable[[], Awaitable[None]]) -> None:
    """Mark the request as having passed bolt's own checks (signature in HTTP mode).

    App middleware runs after bolt's built-in verification, so a request that reaches here is
    verified. The error handler answers only marked requests: a failure before this point
    (bolt's verifier raising on a malformed header, say) must not make jobbot act on a body
    nobody vouched for.
    """
    context[ADMITTED] = True
    await next_()


async def _sticky_ack(context: AsyncBoltContext, next_: Callable[[], Awaitable[None]]) -> None:
    context["ack"] = _StickyAck()
    await next_()


async def _on_error(error: Exception, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Log with the request's context (not its text) and tell the user privately — only when
    the request was verified; an unverified one gets one log line and no answer at all."""
    if not context.get(ADMITTED):
        log.warning("refused %s before verification: %.200s", describe_request(body), error)
        return
    log.error(
        "unhandled error answering %s (user %s, channel %s)",
        describe_request(body),
        context.user_id,
        context.channel_id,
        exc_info=error,
    )
    oops = cards.oops_message().to_payload()
    respond = context.respond
    raw = body.get("event")
    event: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
    # A mention is answered in a thread, so its apology goes there too.
    thread = thread_of(event) if event.get("type") == "app_mention" else event.get("thread_ts")
    try:
        if context.response_url and respond is not None:
            await respond(response_type="ephemeral", replace_original=False, **oops)
        elif context.user_id and context.channel_id:
            await context.client.chat_postEphemeral(
                channel=context.channel_id, user=context.user_id, thread_ts=thread, **oops
            )
    except (SlackClientError, aiohttp.ClientError, OSError) as exc:
        log.warning("could not tell the user about the error: %s", exc)


def describe_request(body: Mapping[str, Any]) -> str:
    """What failed, without user text: "command /jobs", "event message/im", "action share"."""
    if isinstance(body.get("command"), str):
        return f"command {body['command']}"
    event = body.get("event")
    if isinstance(event, dict):
        detail = event.get("subtype") or event.get("channel_type")
        return f"event {event.get('type')}" + (f"/{detail}" if detail else "")
    actions = body.get("actions")
    if isinstance(actions, list):
        ids = ",".join(str(a.get("action_id")) for a in actions if isinstance(a, dict))
        return f"action {ids or '?'}"
    return str(body.get("type") or "request")
