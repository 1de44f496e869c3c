"""Ingest from the settings: the sources file they point at, the boards' base URLs, the Slack
channel reader when there is a bot token, and the folder ingest may write into."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.ingest.ads import ChannelAds
from bot.ingest.channel import HistoryReader
from bot.ingest.config import SourcesError, SourcesFile, load_sources
from bot.ingest.loop import ingest_forever
from bot.ingest.run import BoardUrls, ChannelReader, PassReport
from bot.ingest.state import load_state
from bot.settings import BUNDLED_SEEDS, Settings

__all__ = [
    "board_urls",
    "channel_ads",
    "channel_reader",
    "check_folder",
    "source_health",
    "sources_of",
    "start_background",
]

log = logging.getLogger(__name__)


def sources_of(settings: Settings) -> SourcesFile | None:
    """The sources file (`JOBBOT_SOURCES`, else `sources.yml` here); None without one.

    :raises SourcesError: JOBBOT_SOURCES names a missing file, or the file is malformed.
    """
    return load_sources(settings.sources_file, required=settings.sources is not None)


def board_urls(settings: Settings) -> BoardUrls:
    return BoardUrls(settings.greenhouse_url, settings.lever_url, settings.ashby_url)


def channel_reader(
    settings: Settings, client: AsyncWebClient | None = None
) -> ChannelReader | None:
    """Reads `slack:` sources with `client` (the app's), else a client for the bot token; None
    without a token (those sources then fail with a message saying so, the others run)."""
    if settings.slack_bot_token is None:
        return None
    if client is None:
        from bot.slack.app import create_client

        client = create_client(settings)
    return HistoryReader(client)


def channel_ads(
    settings: Settings, *, on_written: Callable[[], Awaitable[None]] | None = None
) -> ChannelAds | None:
    """The sources file's `slack:` channels, listened to between passes; None when there are
    none (or ingest is off: its error is logged when the passes start)."""
    try:
        config = sources_of(settings)
        root = check_folder(settings) if config is not None else None
    except SourcesError:
        return None
    if config is None or root is None or not any(s.kind == "slack" for s in config.sources):
        return None
    return ChannelAds(config.sources, root=root, on_written=on_written)


def check_folder(settings: Settings) -> Path:
    """The postings folder ingest writes into.

    :raises SourcesError: it is the bundled seeds (part of jobbot, not a place for postings).
    """
    folder = settings.postings_dir
    if folder.resolve() == BUNDLED_SEEDS:
        raise SourcesError(
            "JOBBOT_POSTINGS_DIR: ingest writes postings there; point it at a folder of your own "
            "(the bundled seeds are not one)"
        )
    return folder


def source_health(root: Path) -> dict[str, dict[str, Any]]:
    """Each source's last success, last error and posting count (what `/healthz` and
    `jobbot index stats` show), from the state a pass leaves beside the postings."""
    return {
        name: {k: v for k, v in asdict(state).items() if k not in {"etag", "last_modified"}}
        for name, state in load_state(root).items()
    }


def start_background(
    settings: Settings,
    stop: asyncio.Event,
    *,
    after_pass: Callable[[dict[str, dict[str, Any]], PassReport], Awaitable[None]],
    client: AsyncWebClient | None = None,
) -> asyncio.Task[None] | None:
    """`jobbot serve`'s ingest: passes every `every` until `stop`, or None without a sources
    file. A sources file that cannot be used turns ingest off (logged), never the server.
    `after_pass` hears the sources' health and the pass's report after each pass (it refreshes
    the index and counts the results)."""
    try:
        config = sources_of(settings)
        root = check_folder(settings) if config is not None else None
    except SourcesError as exc:
        log.error("ingest is off: %s", exc)
        return None
    if config is None or root is None:
        return None
    root.mkdir(parents=True, exist_ok=True)
    folder = root

    async def passed(report: PassReport) -> None:
        await after_pass(await asyncio.to_thread(source_health, folder), report)

    log.info("ingesting %d sources every %.0f s", len(config.sources), config.every)
    return asyncio.create_task(
        ingest_forever(
            config,
            root=root,
            urls=board_urls(settings),
            stop=stop,
            channel=channel_reader(settings, client),
            on_pass=passed,
        )
    )
