"""Progress of long work on a terminal: a bar per stage of an index build (postings read, then
the matrix filled), with the count, the rate and the time left.

`index` only logs its progress (`index.progress.LogProgress`, a line every few seconds); the
command line passes `terminal_progress()` instead, which draws bars with rich on a terminal
and falls back to those log lines in a pipe, a file or a `TERM=dumb` terminal.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

from index import LogProgress, Progress

__all__ = ["TerminalProgress", "is_terminal", "terminal_progress"]


class _RateColumn(ProgressColumn):
    """Items a second ("8,400/s"), once rich has measured a speed."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.0f}/s" if task.speed else "", style="progress.data.speed")


class TerminalProgress:
    """An `index.progress.Progress` drawn as rich bars on `stream`; a stage's first report adds
    its bar. The bars go when `close` is called (they are transient: the answer follows)."""

    def __init__(self, stream: TextIO) -> None:
        self._bars = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            _RateColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self._tasks:
            self._bars.start()
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._bars.add_task(stage.capitalize(), total=total)
        self._bars.update(task, completed=done, total=total)

    def close(self) -> None:
        if self._tasks:
            self._bars.stop()


def is_terminal(stream: TextIO) -> bool:
    """A terminal that can draw (not a pipe, a file or `TERM=dumb`)."""
    return stream.isatty() and os.environ.get("TERM", "") != "dumb"


@contextlib.contextmanager
def terminal_progress(stream: TextIO | None = None) -> Iterator[Progress]:
    """Bars on `stream` (default stderr) when it is a terminal, else log lines."""
    stream = sys.stderr if stream is None else stream
    if not is_terminal(stream):
        yield LogProgress()
        return
    bars = TerminalProgress(stream)
    try:
        yield bars
    finally:
        bars.close()
