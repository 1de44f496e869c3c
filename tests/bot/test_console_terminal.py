"""The console as a person meets it: a real `jobbot serve` without Slack credentials on the
bundled seeds, typed at through a pseudo-terminal (prompt_toolkit's line editing and history,
Ctrl-C, Ctrl-D, rich styling) and fed through a pipe (line by line, no prompt_toolkit)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import ROOT, SEEDS

JOBBOT = [sys.executable, "-m", "bot", "serve"]
PATIENCE = 90.0
"""Seconds a liveness check waits for an expected output (generous: a loaded machine)."""
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|[\x08\r]")


def console_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "JOBBOT_"))}
    env.update(
        JOBBOT_POSTINGS_DIR=str(SEEDS),
        JOBBOT_DATABASE=str(tmp_path / "console.sqlite3"),
        JOBBOT_CACHE_DIR=str(tmp_path / "cache"),
        **extra,
    )
    return env


class Terminal:
    """The other end of a pseudo-terminal: what the program wrote, and keys to type.

    It answers prompt_toolkit's cursor position requests as a terminal emulator would."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.raw = ""
        self.seen = 0  # `expect` searches what came after the previous match

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the program ended and closed its side
            return False
        if not data:
            return False
        if b"\x1b[6n" in data:
            os.write(self.fd, b"\x1b[1;1R")
        self.raw += data.decode("utf-8", "replace")
        return True

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw)

    def expect(self, needle: str) -> str:
        """Read until `needle` appears (in the text without escape codes) after the last match;
        returns the raw output since that match."""
        deadline = time.monotonic() + PATIENCE
        while True:
            found = self.text.find(needle, self.seen)
            if found >= 0:
                before = self.seen
                self.seen = found + len(needle)
                return self.text[before : self.seen]
            if time.monotonic() > deadline or not self._read(0.2):
                pytest.fail(f"no {needle!r} on the terminal; it shows:\n{self.text[-3000:]}")

    def read_to_the_end(self) -> None:
        """Read until the program closes the terminal (it cannot exit while its output waits)."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline and self._read(0.2):
            pass

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, subprocess.Popen[bytes]]]:
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    process = subprocess.Popen(
        JOBBOT,
        cwd=tmp_path,
        env=console_env(tmp_path, TERM="xterm-256color", PYTHONPATH=str(ROOT)),
        stdin=child,
        stdout=child,
        stderr=child,
        start_new_session=True,
    )
    os.close(child)
    try:
        yield Terminal(main), process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(main)


def test_the_console_on_a_terminal_edits_lines_keeps_history_and_styles_answers(
    terminal: tuple[Terminal, subprocess.Popen[bytes]],
) -> None:
    screen, process = terminal
    screen.expect("No Slack credentials")
    screen.expect("jobbot console: 85 postings")
    screen.expect("jobs>")  # the prompt, before the first question

    screen.type("remote sre\r")
    answer = screen.expect("[1] Site Reliability Engineer")
    assert "Searched for sre · remote" in answer
    raw_answer = screen.raw[screen.raw.find("Searched for") :]
    assert "*sre*" not in raw_answer and "\x1b[1msre" in raw_answer  # bold, not asterisks
    screen.expect("[3] ")
    screen.expect("jobs>")

    screen.type("like 9\r")
    screen.expect("There is no card 9: the last answer has cards 1–3.")
    screen.type("save 0\r")
    screen.expect("There is no card 0")

    screen.type("zzqqxx")  # typed, then thrown away with one Ctrl-C
    screen.expect("zzqqxx")
    screen.type("\x03")
    screen.type("help\r")
    helped = screen.expect("Find jobs in plain words")
    assert "Searched for" not in helped and "zzqqxxhelp" not in helped
    screen.expect("jobs>")
    assert process.poll() is None  # Ctrl-C cleared the line, it did not end the console

    screen.type("\x1b[A\x1b[A\x1b[A\r")  # ↑↑↑: help, save 0, like 9
    assert "Find jobs" not in screen.expect("There is no card 9")

    screen.expect("jobs>")
    screen.type("\x04")  # Ctrl-D leaves
    screen.read_to_the_end()
    assert process.wait(timeout=PATIENCE) == 0
    assert "Traceback" not in screen.text


def test_the_console_through_a_pipe_answers_line_by_line_without_a_prompt(
    tmp_path: Path,
) -> None:
    proc = subprocess.run(
        JOBBOT,
        cwd=tmp_path,
        env=console_env(tmp_path, CI="true", PYTHONPATH=str(ROOT)),
        input="like 9\nremote sre\nsave 1\nhide 5\n",
        capture_output=True,
        text=True,
        timeout=PATIENCE * 2,
    )

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.index("There is no card 9 yet") < proc.stdout.index("[1] Site Reliability")
    assert "Saved" in proc.stdout and "There is no card 5: the last answer has cards 1–3." in (
        proc.stdout
    )
    assert "jobs> " not in proc.stdout and "\x1b[" not in proc.stdout  # no prompt, no styling
    assert "Traceback" not in proc.stderr and "not a terminal" not in proc.stderr
