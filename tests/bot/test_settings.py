"""Settings: environment parsing, clear errors naming the variable, console mode without tokens."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.settings import BUNDLED_SEEDS, Settings, SettingsError, load_settings


def make(**values: object) -> Settings:
    return load_settings(_env_file=None, **values)


def test_defaults_run_the_console_on_the_bundled_seeds(no_slack_env: None) -> None:
    settings = make()
    assert settings.mode == "console"
    assert settings.postings_dir == BUNDLED_SEEDS
    assert settings.show_archived is True  # the bundled demo's original posting is archived
    assert settings.digest_time == time(9, 0)
    assert settings.missing_for_slack()[0] == "SLACK_BOT_TOKEN"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cret")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setenv("JOBBOT_POSTINGS_DIR", str(tmp_path))
    monkeypatch.setenv("JOBBOT_DIGEST_TIME", "07:30")
    monkeypatch.setenv("JOBBOT_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("PORT", "8080")
    settings = make()
    assert settings.mode == "http"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.postings_dir == tmp_path
    assert settings.show_archived is False
    assert settings.digest_time == time(7, 30)
    assert settings.zone.key == "Europe/Berlin"
    assert settings.port == 8080


def test_app_token_selects_socket_mode() -> None:
    assert make(slack_bot_token="xoxb-1", slack_app_token="xapp-1").mode == "socket"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("JOBBOT_DIGEST_TIME", "9am"),
        ("JOBBOT_DIGEST_TIME", "25:00"),
        ("JOBBOT_TIMEZONE", "Mars/Olympus"),
        ("SLACK_API_URL", "ftp://slack"),
        ("PORT", "0"),
        ("PORT", "http"),
        ("JOBBOT_LOG_FORMAT", "xml"),
        ("JOBBOT_DATABASE", "  "),
    ],
)
def test_a_bad_value_fails_at_start_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        make()


def test_secrets_stay_out_of_repr() -> None:
    settings = make(slack_bot_token="xoxb-very-secret", slack_signing_secret="shh")
    assert "xoxb-very-secret" not in repr(settings)
    assert "shh" not in repr(settings)


def test_blank_tokens_count_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "  ")
    assert make().slack_bot_token is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("data/jobbot.sqlite3", Path("data/jobbot.sqlite3")),
        ("sqlite:data/jobbot.sqlite3", Path("data/jobbot.sqlite3")),
        ("postgresql://jobbot:pw@db:5432/jobbot", "postgresql://jobbot:pw@db:5432/jobbot"),
    ],
)
def test_the_database_is_a_file_path_or_a_postgres_url(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: Path | str
) -> None:
    monkeypatch.setenv("JOBBOT_DATABASE", value)
    assert make().database == expected


def test_json_logs_are_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBBOT_LOG_FORMAT", "json")
    assert make().log_format == "json"
