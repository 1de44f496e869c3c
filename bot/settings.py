"""One typed `Settings`, read once at start from the environment or `.env`, then passed down.

Slack tokens are optional: without them jobbot runs the local console. A bad value fails at start
with a message naming the variable (`SettingsError`), never later in a handler.
"""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.storage import QUERY_LOG_DAYS, QueryLogPolicy

__all__ = ["BUNDLED_SEEDS", "Settings", "SettingsError", "load_settings"]

BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jobbot"


def _env(name: str) -> Any:
    return Field(default=None, validation_alias=AliasChoices(name, name.lower()))


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the environment variable."""


class Settings(BaseSettings):
    """Everything jobbot reads from the environment (the README's "Configuration")."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    slack_bot_token: SecretStr | None = _env("SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = _env("SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = _env("SLACK_APP_TOKEN")
    slack_api_url: str | None = _env("SLACK_API_URL")
    postings_dir: Path = Field(
        default=BUNDLED_SEEDS, validation_alias=AliasChoices("JOBBOT_POSTINGS_DIR", "postings_dir")
    )
    database: Path = Field(
        default=Path("jobbot.sqlite3"), validation_alias=AliasChoices("JOBBOT_DATABASE", "database")
    )
    digest_channel: str | None = _env("JOBBOT_DIGEST_CHANNEL")
    digest_time: time = Field(
        default=time(9, 0), validation_alias=AliasChoices("JOBBOT_DIGEST_TIME", "digest_time")
    )
    timezone: str = Field(
        default="UTC", validation_alias=AliasChoices("JOBBOT_TIMEZONE", "timezone")
    )
    cache_dir: Path = Field(
        default_factory=_default_cache_dir,
        validation_alias=AliasChoices("JOBBOT_CACHE_DIR", "cache_dir"),
    )
    include_archived: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("JOBBOT_INCLUDE_ARCHIVED", "include_archived"),
    )
    max_age_days: int | None = Field(
        default=None,
        ge=1,
        validation_alias=AliasChoices("JOBBOT_MAX_AGE_DAYS", "max_age_days"),
    )
    query_log_days: int = Field(
        default=QUERY_LOG_DAYS,
        ge=0,
        validation_alias=AliasChoices("JOBBOT_QUERY_LOG_DAYS", "query_log_days"),
    )
    log_private_questions: bool = Field(
        default=False,
        validation_alias=AliasChoices("JOBBOT_LOG_PRIVATE_QUESTIONS", "log_private_questions"),
    )
    port: int = Field(default=3000, ge=1, le=65535, validation_alias=AliasChoices("PORT", "port"))
    sources: Path | None = _env("JOBBOT_SOURCES")
    greenhouse_url: str = Field(
        default="https://boards-api.greenhouse.io",
        validation_alias=AliasChoices("JOBBOT_GREENHOUSE_URL", "greenhouse_url"),
    )
    lever_url: str = Field(
        default="https://api.lever.co",
        validation_alias=AliasChoices("JOBBOT_LEVER_URL", "lever_url"),
    )
    ashby_url: str = Field(
        default="https://api.ashbyhq.com",
        validation_alias=AliasChoices("JOBBOT_ASHBY_URL", "ashby_url"),
    )

    @field_validator(
        "slack_bot_token", "slack_signing_secret", "slack_app_token", "slack_api_url",
        "digest_channel", "include_archived", "max_age_days", "sources", mode="before",
    )  # fmt: skip
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_api_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = urlparse(value)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("greenhouse_url", "lever_url", "ashby_url")
    @classmethod
    def _board_url(cls, value: str) -> str:
        parsed = urlparse(value)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ValueError("must be an http(s) URL such as https://api.lever.co")
        return value.rstrip("/")

    @property
    def sources_file(self) -> Path:
        """Where the sources file is: JOBBOT_SOURCES, else sources.yml in the working folder."""
        return self.sources if self.sources is not None else Path("sources.yml")

    @field_validator("digest_time", mode="before")
    @classmethod
    def _hh_mm(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                hours, minutes = value.strip().split(":")
                return time(int(hours), int(minutes))
            except ValueError:
                raise ValueError("must be HH:MM, e.g. 09:00") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _iana(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Europe/Berlin") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def show_archived(self) -> bool:
        """Archived postings are hidden, except in the bundled demo seeds (whose original posting
        is archived) unless JOBBOT_INCLUDE_ARCHIVED says otherwise."""
        if self.include_archived is not None:
            return self.include_archived
        return self.postings_dir.resolve() == BUNDLED_SEEDS

    @property
    def query_log(self) -> QueryLogPolicy:
        return QueryLogPolicy(days=self.query_log_days, private_text=self.log_private_questions)

    @property
    def index_options(self) -> dict[str, Any]:
        """How `index.open_index` finds this deployment's index besides the postings folder: the
        cache folder of the saved index, and whether archived postings count."""
        return {"cache_dir": self.cache_dir, "include_archived": self.show_archived}

    @property
    def mode(self) -> str:
        """ "socket", "http" or "console", from which credentials are present."""
        if self.slack_bot_token and self.slack_app_token:
            return "socket"
        if self.slack_bot_token and self.slack_signing_secret:
            return "http"
        return "console"

    def missing_for_slack(self) -> list[str]:
        """Variables still needed to talk to Slack (empty when a Slack mode is possible)."""
        if self.mode != "console":
            return []
        missing = [] if self.slack_bot_token else ["SLACK_BOT_TOKEN"]
        if not (self.slack_signing_secret or self.slack_app_token):
            missing.append("SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)")
        return missing


_ALIASES = {
    name: str(field.validation_alias.choices[0])  # type: ignore[union-attr]
    for name, field in Settings.model_fields.items()
}


def load_settings(**overrides: Any) -> Settings:
    """Read settings once; turn pydantic's error into one line per bad variable.

    :raises SettingsError: a value is malformed (the message names the variable).
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = str(error["loc"][0]) if error["loc"] else "?"
            name = _ALIASES.get(loc, loc.upper())
            lines.append(f"{name}: {error['msg'].removeprefix('Value error, ')}")
        raise SettingsError("invalid settings:\n  " + "\n  ".join(lines)) from None
