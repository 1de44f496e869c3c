"""Sending one digest: build it from the index and the store, post it, record it.

`send_digest` posts exactly one `chat.postMessage` for a run the caller has claimed
(`Store.claim_run`), then marks the shown postings and the run sent in one transaction. A failed
post raises and leaves the claim for the caller to turn into a retry (`Store.fail_run`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.cards import Message
from bot.digests.content import DigestContent, select_new
from bot.digests.targets import Target
from bot.storage import Store
from index import SearchIndex, parse_query

__all__ = ["Pacer", "PreparedDigest", "SentDigest", "prepare_digest", "send_digest"]

log = logging.getLogger("jobbot.digest")


class Pacer:
    """At most one message per `interval` seconds per channel (Slack's chat.postMessage limit).

    The clock and the sleep are injected, so tests pace without waiting. Calls are expected to
    be sequential (one fan-out loop), as the scheduler makes them.
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

    async def wait(self, channel: str) -> None:
        """Return when a message may be posted to `channel`, and count it as posted."""
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
    store: Store, index: SearchIndex, target: Target, *, now: datetime
) -> PreparedDigest:
    """Build the target's digest from the index and the store; reads only, writes nothing.

    Matches come from `SearchIndex.search` with the target's question (an empty question
    matches every posting, newest first), the owner's hidden jobs excluded, ranked in a thread
    because a large index makes it CPU work.
    """
    today = now.astimezone(target.zone).date()
    hidden = await store.hidden_ids(target.owner_id) if target.kind == "user" else set()
    query = parse_query(target.question, today=today)
    result = await asyncio.to_thread(index.search, query, limit=len(index), hidden=hidden)
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
) -> SentDigest:
    """Post the target's digest for `local_date` (a run `worker` has claimed) and record it.

    One `chat.postMessage` at most; on a quiet day none, and the run is still closed so the day
    is not tried again. Matches not yet in `first_seen` are recorded as seen `now`, so those
    that did not fit under the cap are not "new" again tomorrow.

    :raises slack_sdk.errors.SlackApiError, aiohttp.ClientError, TimeoutError: the post failed;
        nothing is marked sent and the claim stays for the caller to retry or fail.
    """
    prepared = await prepare_digest(store, index, target, now=now)
    await store.record_first_seen(prepared.candidates, now=now)
    if prepared.content is None or prepared.message is None:
        await store.finish_run(target.key, local_date, worker=worker, now=now, message_ts=None)
        return SentDigest(prepared, None)
    if pacer is not None:
        await pacer.wait(target.channel)
    payload = prepared.message.to_payload()
    response = await client.chat_postMessage(
        channel=target.channel,
        text=payload["text"],
        blocks=payload["blocks"],
        unfurl_links=False,
        unfurl_media=False,
    )
    ts = str(response.get("ts") or "")
    recorded = await store.finish_run(
        target.key,
        local_date,
        worker=worker,
        now=now,
        message_ts=ts,
        posting_ids=[p.id for p in prepared.content.postings],
    )
    if not recorded:  # the claim went stale mid-send and another worker took it over
        log.warning(
            "digest %s for %s was posted but another worker holds the run", target.key, local_date
        )
    return SentDigest(prepared, ts)
