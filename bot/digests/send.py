"""Sending one digest: build it from the index and the store, post it, record it.

`send_digest` posts exactly one `chat.postMessage` for a run the caller has claimed
(`Store.claim_run`), then marks the shown postings and the run sent in one transaction. A failed
post raises and leaves the claim for the caller to turn into a retry (`Store.fail_run`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.cards import Message
from bot.digests.content import DigestContent, select_new
from bot.digests.targets import Target
from bot.storage import Store
from index import SearchIndex, parse_query

__all__ = [
    "METADATA_EVENT",
    "Pacer",
    "PreparedDigest",
    "SentDigest",
    "find_posted",
    "prepare_digest",
    "run_metadata",
    "send_digest",
]

log = logging.getLogger("jobbot.digest")


class Pacer:
    """At most one message per `interval` seconds per channel (Slack's chat.postMessage limit).

    Safe for concurrent senders: those waiting for one channel go one at a time, while other
    channels are not held up. The clock and the sleep are injected, so tests pace without
    waiting.
    """

    def __init__(
        self,
        *,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, channel: str) -> None:
        """Return when a message may be posted to `channel`, and count it as posted."""
        async with self._locks.setdefault(channel, asyncio.Lock()):
            last = self._last.get(channel)
            if last is not None:
                wait = self._interval - (self._clock() - last)
                if wait > 0:
                    await self._sleep(wait)
            self._last[channel] = self._clock()


@dataclass(frozen=True, slots=True)
class PreparedDigest:
    """A target's digest as it would be posted now; `message` None on a quiet day."""

    target: Target
    content: DigestContent | None
    message: Message | None
    candidates: tuple[str, ...] = ()
    """Every matching id, shown or not: all are recorded as seen once the digest is sent."""


@dataclass(frozen=True, slots=True)
class SentDigest:
    """What `send_digest` did: `message_ts` None means a quiet day (nothing posted)."""

    prepared: PreparedDigest
    message_ts: str | None


async def prepare_digest(
    store: Store,
    index: SearchIndex,
    target: Target,
    *,
    now: datetime,
    max_age_days: int | None = None,
) -> PreparedDigest:
    """Build the target's digest from the index and the store; reads only, writes nothing.

    Matches come from `SearchIndex.search` with the target's question (an empty question
    matches every posting, newest first), the owner's hidden jobs excluded, ranked in a thread
    because a large index makes it CPU work.
    """
    today = now.astimezone(target.zone).date()
    hidden = await store.hidden_ids(target.owner_id) if target.kind == "user" else set()
    query = parse_query(target.question, today=today)
    result = await asyncio.to_thread(
        index.search, query, limit=len(index), hidden=hidden, max_age_days=max_age_days
    )
    ranked = [hit.posting for hit in result.hits]
    last = await store.last_sent_run(target.key)
    content = select_new(
        ranked,
        first_seen=await store.first_seen_of(p.id for p in ranked),
        since=last.sent_at if last else None,
        already_sent=await store.sent_ids(target.key),
        hidden=hidden,
    )
    candidates = tuple(p.id for p in ranked)
    if content is None:
        return PreparedDigest(target, None, None, candidates)
    message = cards.digest_message(
        content,
        target_kind=target.kind,
        question=target.question,
        since_label=cards.since_label(last.local_date, today=today) if last else None,
        now=now,
        subscription_id=target.subscription_id,
    )
    return PreparedDigest(target, content, message, candidates)


async def send_digest(
    *,
    store: Store,
    client: AsyncWebClient,
    index: SearchIndex,
    target: Target,
    local_date: date,
    worker: str,
    now: datetime,
    pacer: Pacer | None = None,
    posting_at: datetime | None = None,
    max_age_days: int | None = None,
) -> SentDigest:
    """Post the target's digest for `local_date` (a run `worker` has claimed) and record it.

    One `chat.postMessage` at most; on a quiet day none, and the run is still closed so the day
    is not tried again. Before posting, the attempt is recorded (`mark_posting`) and the message
    carries the run in its metadata: with `posting_at` (an earlier attempt's record) the
    conversation is searched first, and a message found there is recorded instead of posted
    again — so a crash between posting and recording cannot double a digest.

    Matches not yet in `first_seen` are recorded as seen `now`, so those that did not fit under
    the cap are not "new" again tomorrow.

    :raises slack_sdk.errors.SlackApiError, aiohttp.ClientError, TimeoutError: the post failed;
        nothing is marked sent and the claim stays for the caller to retry or fail.
    """
    prepared = await prepare_digest(store, index, target, now=now, max_age_days=max_age_days)
    await store.record_first_seen(prepared.candidates, now=now)
    if posting_at is not None:  # an earlier attempt may have posted, then died or timed out
        found = await find_posted(client, target, local_date, since=posting_at)
        if found is not None:
            ts, shown = found
            log.warning("digest %s for %s was already posted; recording it", target.key, local_date)
            await store.finish_run(
                target.key, local_date, worker=worker, now=now, message_ts=ts, posting_ids=shown
            )
            return SentDigest(prepared, ts)
    if prepared.content is None or prepared.message is None:
        await store.finish_run(target.key, local_date, worker=worker, now=now, message_ts=None)
        return SentDigest(prepared, None)
    if pacer is not None:
        await pacer.wait(target.channel)
    shown = [p.id for p in prepared.content.postings]
    payload = prepared.message.to_payload()
    await store.mark_posting(target.key, local_date, worker=worker, now=now)
    response = await client.chat_postMessage(
        channel=target.channel,
        text=payload["text"],
        blocks=payload["blocks"],
        unfurl_links=False,
        unfurl_media=False,
        metadata=run_metadata(target, local_date, shown),
    )
    ts = str(response.get("ts") or "")
    recorded = await store.finish_run(
        target.key, local_date, worker=worker, now=now, message_ts=ts, posting_ids=shown
    )
    if not recorded:  # the claim went stale mid-send and another worker took it over
        log.warning(
            "digest %s for %s was posted but another worker holds the run", target.key, local_date
        )
    return SentDigest(prepared, ts)


METADATA_EVENT = "jobbot_digest"
"""The event type of the metadata every digest message carries: which run it is, what it shows."""
HISTORY_LOOKBACK = 60.0
"""Seconds before a recorded post attempt that the search for its message starts (clock skew)."""


def run_metadata(target: Target, local_date: date, shown: Sequence[str]) -> dict[str, Any]:
    """Message metadata naming the run, so a message posted by a worker that died before it
    could record it is found again (and not posted twice)."""
    return {
        "event_type": METADATA_EVENT,
        "event_payload": {
            "run": target.key,
            "date": local_date.isoformat(),
            "postings": list(shown),
        },
    }


async def find_posted(
    client: AsyncWebClient, target: Target, local_date: date, *, since: datetime
) -> tuple[str, list[str]] | None:
    """(ts, posting ids) of the run's message in the target's conversation, posted after
    `since`; None when there is none — or when the history cannot be read, which is logged and
    means posting (a digest twice is better than none)."""
    try:
        channel = target.channel
        if channel.startswith(("U", "W")):  # a person: their DM with jobbot
            opened = await client.conversations_open(users=channel)
            channel = str((opened.get("channel") or {}).get("id") or channel)
        history = await client.conversations_history(
            channel=channel,
            oldest=f"{since.timestamp() - HISTORY_LOOKBACK:.6f}",
            include_all_metadata=True,
            limit=200,
        )
    except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
        log.warning("cannot check %s for an earlier digest (%s): posting", target.channel, exc)
        return None
    for message in history.get("messages") or []:
        meta = message.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if (
            meta.get("event_type") == METADATA_EVENT
            and payload.get("run") == target.key
            and payload.get("date") == local_date.isoformat()
        ):
            return str(message.get("ts")), [str(p) for p in payload.get("postings") or []]
    return None
