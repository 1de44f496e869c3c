"""How a long build says how far it got: a million postings take minutes, and silence for
minutes reads as a hang.

The builder calls a `Progress` (`stage`, `done`, `total`) after each batch; `index` itself
only logs (`LogProgress`: one line every few seconds, with the rate and the time left when the
total is known). A terminal front end passes its own (`bot.progress` draws a bar); `quiet`
says nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

__all__ = ["LOG_EVERY", "LogProgress", "Progress", "describe", "quiet"]

log = logging.getLogger(__name__)

LOG_EVERY = 5.0
"""Seconds between two progress lines in the log."""


class Progress(Protocol):
    """Told after each step of a long job: `done` of `total` (None: not known) in `stage`."""

    def __call__(self, stage: str, done: int, total: int | None) -> None: ...


def quiet(stage: str, done: int, total: int | None) -> None:
    """A `Progress` that says nothing (tests, small folders)."""


def describe(stage: str, done: int, total: int | None, rate: float) -> str:
    """ "indexing: reading postings 120,000 of 1,000,000 (12%), 8,400/s, about 1 min 45 s
    left" — the rate and time left only once there is a rate."""
    line = f"indexing: {stage} {done:,}"
    if total:
        line += f" of {total:,} ({min(100, 100 * done // total)}%)"
    if rate > 0:
        line += f", {rate:,.0f}/s"
        if total and done < total:
            line += f", about {_duration((total - done) / rate)} left"
    return line


def _duration(seconds: float) -> str:
    seconds = max(1, round(seconds))
    minutes, secs = divmod(seconds, 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


class LogProgress:
    """A `Progress` that logs at most one line every `every` seconds per stage, and the first
    line only once `every` seconds have passed (a small folder logs nothing)."""

    def __init__(
        self, every: float = LOG_EVERY, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.every = every
        self._clock = clock
        self._stage = ""
        self._started = self._last = clock()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = self._clock()
        if stage != self._stage:  # a new stage: its own rate
            self._stage, self._started = stage, now
        if now - self._last < self.every:
            return
        self._last = now
        elapsed = now - self._started
        log.info("%s", describe(stage, done, total, done / elapsed if elapsed > 0 else 0.0))
