"""The README's promises hold: its commands exist, and help covers every /jobs subcommand."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from bot import cards
from bot.cards import SUBCOMMANDS
from bot.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_and_the_makefile_has_them() -> None:
    assert "make run" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def readme_jobbot_commands() -> list[list[str]]:
    """`jobbot …` lines inside the README's code blocks."""
    commands = []
    in_code = False
    for line in README.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        line = line.split("  #", 1)[0].strip().removeprefix("$ ")
        if in_code and "jobbot " in line:
            commands.append(shlex.split(line[line.index("jobbot ") :])[1:])
    assert len(commands) >= 5
    return commands


@pytest.mark.parametrize("argv", readme_jobbot_commands(), ids=" ".join)
def test_every_jobbot_command_in_the_readme_parses(argv: list[str]) -> None:
    _parser().parse_args(argv)


def test_help_card_mentions_every_subcommand() -> None:
    text = str(cards.help_message().to_blocks())
    for name in SUBCOMMANDS:
        assert name in text
