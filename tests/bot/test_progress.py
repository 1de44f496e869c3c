"""bot/progress.py: an index build shows bars on a terminal and nothing but its answer in a
pipe — through a real `jobbot search` process on a pseudo-terminal and on a pipe."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.progress import TerminalProgress, terminal_progress
from index import LogProgress
from tests.support.paths import ROOT, SEEDS

PATIENCE = 120.0


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "JOBBOT_"))}
    env.update(
        JOBBOT_POSTINGS_DIR=str(SEEDS), JOBBOT_CACHE_DIR=str(tmp_path / "cache"), TERM="xterm"
    )
    return env


def _search_on_a_terminal(tmp_path: Path) -> str:
    """stderr of `jobbot search sre` run with a pseudo-terminal as its stderr."""
    ours, theirs = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "search", "sre"],
        cwd=ROOT, env=_env(tmp_path), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=theirs,
    )  # fmt: skip
    os.close(theirs)
    out, deadline = b"", time.monotonic() + PATIENCE
    try:
        while time.monotonic() < deadline:
            if select.select([ours], [], [], 1.0)[0]:
                try:
                    chunk = os.read(ours, 65536)
                except OSError:  # the process ended and closed its side
                    break
                if not chunk:
                    break
                out += chunk
        assert process.wait(timeout=PATIENCE) == 0
    finally:
        process.kill()
        os.close(ours)
    return out.decode(errors="replace")


def test_a_build_on_a_terminal_shows_both_stages_with_their_counts(tmp_path: Path) -> None:
    shown = _search_on_a_terminal(tmp_path)
    files = len(list(SEEDS.rglob("*.md"))) - len(list(SEEDS.rglob("README.md")))
    assert "Reading postings" in shown and "Building the matrix" in shown
    assert f"{files}/{files}" in shown  # every file read
    assert shown.rstrip().endswith("\x1b[2K")  # the bars are cleared for the answer
    # Loaded from the cache the second time: nothing to show.
    assert "Reading postings" not in _search_on_a_terminal(tmp_path)


def test_a_build_in_a_pipe_prints_no_bar(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "search", "sre"],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=PATIENCE,
    )  # fmt: skip
    assert done.returncode == 0 and "Reading postings" not in done.stderr + done.stdout
    assert "\x1b[" not in done.stderr


class _DumbTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_only_a_terminal_that_can_draw_gets_bars(monkeypatch: pytest.MonkeyPatch) -> None:
    with terminal_progress(io.StringIO()) as progress:
        assert isinstance(progress, LogProgress)
    monkeypatch.setenv("TERM", "xterm")
    with terminal_progress(_DumbTerminal()) as progress:
        assert isinstance(progress, TerminalProgress)
    monkeypatch.setenv("TERM", "dumb")
    with terminal_progress(_DumbTerminal()) as progress:
        assert isinstance(progress, LogProgress)
