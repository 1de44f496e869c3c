"""`jobbot digest [--now] [--dry-run]`: one pass of the digest scheduler, from a shell or cron.

Posts the digests that are due now (docs/architecture.md, "CLI contract"). `--now` makes
today's digests due at once; the run log still allows one per target and local date, so running
it twice posts nothing the second time. `--dry-run` prints each digest as text and posts, claims
and records nothing (on a database that does not exist yet it plans against an empty one,
creating no file).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from slack_sdk.web.async_client import AsyncWebClient

from bot.console import render_blocks
from bot.digests.scheduler import RunOutcome, Scheduler, SlackTimezones
from bot.digests.send import PreparedDigest, prepare_digest
from bot.digests.targets import channel_target
from bot.settings import Settings
from bot.slack.app import create_client
from bot.storage import Store, StoreError, sqlite_path
from index import SearchIndex, open_index

__all__ = ["render_prepared", "run_digest_command"]

EXIT_OK, EXIT_RETRY_LATER, EXIT_CONFIG = 0, 1, 2


def _client(settings: Settings) -> AsyncWebClient | None:
    return create_client(settings) if settings.slack_bot_token is not None else None


def _index(settings: Settings) -> SearchIndex:
    index, _, _ = open_index(settings.postings_dir, **settings.index_options)
    return index


async def run_digest_command(
    settings: Settings,
    *,
    now: bool,
    dry_run: bool,
    out: TextIO,
    client: AsyncWebClient | None = None,
    index: SearchIndex | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> int:
    """Post (or with `dry_run` print) the digests due at `clock()`; `now` forces today's.

    Returns 0 when everything due was handled, 1 when some digest failed (it stays pending
    and the next run retries it), 2 when it cannot run (no bot token, unusable database).
    """
    client = client or _client(settings)
    if client is None and not dry_run:
        out.write("jobbot digest: SLACK_BOT_TOKEN is not set; nothing can be posted.\n")
        return EXIT_CONFIG
    file = sqlite_path(settings.database)  # None: a PostgreSQL server, never "fresh"
    fresh = file is not None and str(file) != ":memory:" and not Path(file).exists()
    path = ":memory:" if dry_run and fresh else settings.database
    try:
        async with Store.open(path) as store:
            scheduler = Scheduler(
                store=store,
                # Dry runs may have no client; they never post, so nothing calls it.
                client=client or AsyncWebClient(token=None),
                index=index if index is not None else _index(settings),
                channel=channel_target(settings),
                tz_lookup=SlackTimezones(client) if client is not None else None,
                default_timezone=settings.timezone,
                clock=clock,
                max_age_days=settings.max_age_days,
            )
            moment = clock()
            if dry_run:
                return await _dry_run(
                    scheduler, store, moment, force=now, out=out, max_age=settings.max_age_days
                )
            outcomes = await scheduler.run_once(moment, force=now)
    except StoreError as exc:
        out.write(f"jobbot digest: {exc}\n")
        return EXIT_CONFIG
    for outcome in outcomes:
        out.write(_describe(outcome) + "\n")
    if not outcomes:
        out.write("No digests are due.\n")
    failed = any(o.status in ("retry", "failed") for o in outcomes)
    return EXIT_RETRY_LATER if failed else EXIT_OK


async def _dry_run(
    scheduler: Scheduler,
    store: Store,
    moment: datetime,
    *,
    force: bool,
    out: TextIO,
    max_age: int | None,
) -> int:
    due = await scheduler.due(moment, force=force)
    if not due:
        out.write("No digests are due.\n")
    for run in due:
        prepared = await prepare_digest(
            store, scheduler.index, run.target, now=moment, max_age_days=max_age
        )
        out.write(render_prepared(prepared, local_date=run.local_date.isoformat()) + "\n")
    return EXIT_OK


def render_prepared(prepared: PreparedDigest, *, local_date: str) -> str:
    """A digest as plain text for a terminal: where it would go, then its blocks."""
    target = prepared.target
    where = f"{target.channel} ({target.key}, {local_date})"
    if prepared.message is None:
        return f"--- {where}: nothing new, nothing would be posted"
    lines = [f"--- would post to {where}:"]
    lines += [line.plain for line in render_blocks(prepared.message.to_blocks())]
    return "\n".join(lines)


def _describe(outcome: RunOutcome) -> str:
    where = f"{outcome.target} ({outcome.local_date.isoformat()})"
    match outcome.status:
        case "sent":
            return f"posted {where}"
        case "quiet":
            return f"nothing new for {where}; nothing posted"
        case "skipped":
            return f"{where} is being sent by another worker or is not due yet"
        case "retry":
            retry = outcome.retry_at.isoformat() if outcome.retry_at else "later"
            return f"failed {where}: {outcome.error}; will retry at {retry}"
        case _:
            return f"failed {where} for good: {outcome.error}"
