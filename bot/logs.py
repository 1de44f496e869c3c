"""Logging that stays readable under load: repeated lines are throttled, never unbounded; and
`JOBBOT_LOG_FORMAT=json` for log collectors: one JSON object per line."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["JsonLines", "ThrottledLog", "use_format"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonLines(logging.Formatter):
    """A record as one line of JSON: time (UTC), level, logger, message, and the traceback of an
    exception as a string (newlines escaped, so a record is never split across lines)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def use_format(name: str, handlers: list[logging.Handler] | None = None) -> None:
    """With "json", format the root logger's handlers (or `handlers`) as `JsonLines`; "text"
    keeps `TEXT_FORMAT`, which `jobbot` sets up before it reads its settings."""
    if name != "json":
        return
    for handler in logging.getLogger().handlers if handlers is None else handlers:
        handler.setFormatter(JsonLines())


class ThrottledLog:
    """At most `burst` lines per `window` seconds; the rest are counted and reported in one line
    when the next window opens, so a flood of bad requests cannot flood the log."""

    def __init__(
        self,
        logger: logging.Logger,
        *,
        burst: int = 20,
        window: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._log, self._burst, self._window, self._clock = logger, burst, window, clock
        self._opened = -window
        self._written = 0
        self._dropped = 0

    def warning(self, message: str, *args: object) -> None:
        now = self._clock()
        if now - self._opened >= self._window:
            if self._dropped:
                elapsed = now - self._opened
                self._log.warning("… and %d more such lines in %.0f s", self._dropped, elapsed)
            self._opened, self._written, self._dropped = now, 0, 0
        if self._written < self._burst:
            self._written += 1
            self._log.warning(message, *args)
        else:
            self._dropped += 1
