"""bot/ingest/setup.py: ingest from the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.ingest.channel import HistoryReader
from bot.ingest.config import SourcesError
from bot.ingest.setup import board_urls, channel_ads, channel_reader, check_folder, sources_of
from bot.settings import Settings
from tests.support.paths import SEEDS


def test_the_boards_urls_and_sources_file_come_from_the_settings(tmp_path: Path) -> None:
    (tmp_path / "s.yml").write_text("sources:\n  - lever: acme\nevery: 5m\n")
    settings = Settings(_env_file=None, sources=tmp_path / "s.yml",  # type: ignore[call-arg]
                        lever_url="http://127.0.0.1:1/")  # fmt: skip
    config = sources_of(settings)
    assert config is not None and config.every == 300
    assert board_urls(settings).lever == "http://127.0.0.1:1"
    assert board_urls(settings).greenhouse == "https://boards-api.greenhouse.io"
    assert channel_reader(settings) is None
    with_token = Settings(_env_file=None, slack_bot_token=SecretStr("xoxb-1"))  # type: ignore[call-arg]
    assert isinstance(channel_reader(with_token), HistoryReader)


def test_a_named_sources_file_must_exist(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, sources=tmp_path / "none.yml")  # type: ignore[call-arg]
    with pytest.raises(SourcesError, match="no such file"):
        sources_of(settings)


def test_ingest_never_writes_into_the_bundled_seeds(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="bundled seeds"):
        check_folder(Settings(_env_file=None, postings_dir=SEEDS))  # type: ignore[call-arg]
    assert check_folder(Settings(_env_file=None, postings_dir=tmp_path)) == tmp_path  # type: ignore[call-arg]


def test_a_slack_source_channel_is_listened_to_between_passes(tmp_path: Path) -> None:
    (tmp_path / "s.yml").write_text("sources:\n  - lever: acme\n  - slack: C0JOBS1\n")
    (tmp_path / "boards.yml").write_text("sources:\n  - lever: acme\n")
    ads = channel_ads(Settings(_env_file=None, sources=tmp_path / "s.yml",  # type: ignore[call-arg]
                               postings_dir=tmp_path / "p"))  # fmt: skip
    assert ads is not None and ads.watches("C0JOBS1") and ads.root == tmp_path / "p"
    for without in ("boards.yml", "none.yml"):
        settings = Settings(_env_file=None, sources=tmp_path / without)  # type: ignore[call-arg]
        assert channel_ads(settings) is None
