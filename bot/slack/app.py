"""The Slack app's composition root: `create_app` wires settings, answers and listeners together.

Nothing is created at import time; tests build an app around the fake Web API and a small index.
One `@app.error` handler owns every unexpected failure: it logs it with the request's context and
tells the user politely and privately — no stack trace ever reaches Slack.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.answers import Answers
from bot.assistant import Assistant
from bot.ingest.ads import ChannelAds
from bot.settings import Settings
from bot.slack import listeners
from bot.slack.dedupe import Deliveries, RecentKeys
from bot.slack.directory import SlackDirectory
from bot.slack.listeners.messages import thread_of
from bot.slack.middleware import mark_admitted, reliable_respond, sticky_ack, was_admitted
from bot.storage import Store

__all__ = ["create_app", "create_client", "describe_request"]

log = logging.getLogger("jobbot.slack")

RATE_LIMIT_RETRIES = 3


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


@contextlib.contextmanager
def _without_token_warning() -> Iterator[None]:
    """Bolt reads `SLACK_BOT_TOKEN` itself and warns that it "will be unused" when a client is
    given; the client carries that very token, so the warning is wrong and kept out of the log."""
    framework = logging.getLogger("slack_bolt.AsyncApp")
    unused = warning_client_prioritized_and_token_skipped()

    def keep(record: logging.LogRecord) -> bool:
        return record.getMessage() != unused

    framework.addFilter(keep)
    try:
        yield
    finally:
        framework.removeFilter(keep)


def create_app(
    settings: Settings,
    *,
    answers: Answers,
    store: Store | None = None,
    client: AsyncWebClient | None = None,
    recent: RecentKeys | None = None,
    ads: ChannelAds | None = None,
) -> AsyncApp:
    """The bolt app with every listener registered.

    Without a `store` jobbot still searches, but saved searches, saved and hidden jobs and
    feedback answer that they need the database. With `ads`, job ads posted in the sources
    file's `slack:` channels become postings as they are posted.

    AsyncApp has no `token_verification_enabled`: it calls `auth.test` lazily, once, on the first
    request (the fake Web API answers it). Without a signing secret (Socket Mode) a random one
    stands in, so an HTTP request can never pass verification with an empty key.
    """
    secret = settings.slack_signing_secret
    with _without_token_warning():
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
        query_log=settings.query_log,
        directory=SlackDirectory(app.client),
    )
    deliveries = Deliveries(recent or RecentKeys(), store)  # a retry to another replica too
    deps = listeners.Deps(assistant=assistant, cpu=cpu, recent=deliveries, ads=ads)
    app.middleware(mark_admitted)
    app.middleware(sticky_ack)
    app.middleware(reliable_respond)
    listeners.register(app, deps)
    app.error(_on_error)
    return app


async def _on_error(error: Exception, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Log with the request's context (not its text) and tell the user privately — only when
    the request was verified; an unverified one gets one log line and no answer at all."""
    if not was_admitted(context):
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
