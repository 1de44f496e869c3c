"""Ingest from the settings: the sources file they point at, the boards' base URLs, the Slack
channel reader when there is a bot token, and the folder ingest may write into."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.config import SourcesError, SourcesFile, load_sources
from bot.ingest.run import BoardUrls, ChannelReader
from bot.settings import BUNDLED_SEEDS, Settings

__all__ = ["board_urls", "channel_reader", "check_folder", "sources_of"]


def sources_of(settings: Settings) -> SourcesFile | None:
    """The sources file (`JOBBOT_SOURCES`, else `sources.yml` here); None without one.

    :raises SourcesError: JOBBOT_SOURCES names a missing file, or the file is malformed.
    """
    return load_sources(settings.sources_file, required=settings.sources is not None)


def board_urls(settings: Settings) -> BoardUrls:
    return BoardUrls(settings.greenhouse_url, settings.lever_url, settings.ashby_url)


def channel_reader(settings: Settings) -> ChannelReader | None:
    """Reads `slack:` sources with the bot token; None without one (those sources then fail
    with a message saying so, the others run)."""
    if settings.slack_bot_token is None:
        return None
    from bot.ingest.channel import HistoryReader
    from bot.slack.app import create_client

    return HistoryReader(create_client(settings))


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
