"""Logging that stays readable under load: repeated lines are throttled, never unbounded."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

__all__ = ["ThrottledLog"]


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
