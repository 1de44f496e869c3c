"""The README's promises hold: its commands exist, and help covers every /jobs subcommand."""

from __future__ import annotations

import io
import re
import shlex
from datetime import UTC, datetime

import pytest

from bot import cards
from bot.answers import Answers
from bot.assistant import Assistant
from bot.cards import SUBCOMMANDS
from bot.cli import _parser
from bot.console import ConsoleSession
from index import SearchIndex
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
README_NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
"""The day the README's example was printed: ages on cards ("5 years ago") count from it."""


def test_readme_gives_the_two_commands_and_the_makefile_has_them() -> None:
    assert "make run" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make check" in (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^check: .*\btest\b", makefile, re.M)


def readme_jobbot_commands() -> list[list[str]]:
    """`jobbot …` lines inside the README's code blocks."""
    commands = []
    in_code = False
    for line in README.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        line = line.split("  #", 1)[0].strip().removeprefix("$ ")
        if in_code and line.startswith("jobbot ") and not line.startswith("jobbot console: "):
            commands.append(shlex.split(line)[1:])
    assert len(commands) >= 5
    return commands


@pytest.mark.parametrize("argv", readme_jobbot_commands(), ids=" ".join)
def test_every_jobbot_command_in_the_readme_parses(argv: list[str]) -> None:
    _parser().parse_args(argv)


def test_help_card_mentions_every_subcommand() -> None:
    text = str(cards.help_message().to_blocks())
    for name in SUBCOMMANDS:
        assert name in text


_CITED = re.compile(
    r"(?<![\w/.-])((?:bot|index|tests|docs|seeds|\.ci)/(?:[\w-]+/)*[\w.-]+\.(?:md|py|yml|jsonl))\b"
)


def test_code_cites_only_files_that_are_in_the_repository() -> None:
    """A docstring or comment that names a file of the repository names one a reader can open."""
    missing = set()
    for folder in ("bot", "index", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            for cited in _CITED.findall(path.read_text(encoding="utf-8")):
                if not (ROOT / cited).exists():
                    missing.add(f"{path.relative_to(ROOT)} cites {cited}")
    assert sorted(missing) == []


def test_no_file_cites_the_design_notes_outside_the_repository() -> None:
    """The design notes jobbot started from live outside the repository: code cites
    docs/architecture.md instead."""
    outside = "DESIGN" + ".md"
    for folder in ("bot", "index", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            assert outside not in path.read_text(encoding="utf-8"), path


def test_every_jobbot_subcommand_and_every_jobs_subcommand_is_in_the_readme() -> None:
    subparsers = next(a for a in _parser()._actions if a.dest == "command")
    for name in subparsers.choices:  # type: ignore[union-attr]
        assert f"jobbot {name}" in README, f"jobbot {name}"
    for name, sub in SUBCOMMANDS.items():
        assert f"`{sub.usage}`" in README or f"`/jobs {sub.usage}`" in README, name


def readme_console_transcript() -> list[str]:
    """The lines of the README's console example, after `$ make run`."""
    block = next(b for b in README.split("```") if "$ make run" in b and "jobs> " in b)
    return block.split("$ make run", 1)[1].strip("\n").splitlines()


async def test_the_readme_console_transcript_is_what_the_console_prints(
    seed_index: SearchIndex,
) -> None:
    """Every line the README shows (but `…` and the start-up line) is printed, in that order,
    when the README's questions are typed into a real console session on the seeds."""
    transcript = readme_console_transcript()
    questions = [
        line.removeprefix("jobs> ").split("  #")[0].strip()
        for line in transcript
        if line.startswith("jobs> ")
    ]
    out = io.StringIO()
    assistant = Assistant(Answers(lambda: seed_index, clock=lambda: README_NOW), None)
    await ConsoleSession(assistant, out=out, color=False).run(questions, prompt=True)
    printed = [line.removeprefix("jobs> ").rstrip() for line in out.getvalue().splitlines()]

    shown = [
        line.rstrip()
        for line in transcript
        if not line.startswith(("jobs> ", "jobbot console: ")) and line.strip() not in {"…", ""}
    ]
    assert len(questions) >= 3 and len(shown) >= 3
    position = 0
    for line in shown:
        assert line in printed[position:], f"not printed (in this order): {line!r}"
        position = printed.index(line, position) + 1
