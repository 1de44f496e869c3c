"""The README's promises hold: its commands exist, and help covers every /jobs subcommand."""

from __future__ import annotations

import re
import shlex

import pytest

from bot import cards
from bot.cards import SUBCOMMANDS
from bot.cli import _parser
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


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
    for folder in ("bot", "index", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "DESIGN.md" not in path.read_text(encoding="utf-8"), path


def test_every_jobbot_subcommand_and_every_jobs_subcommand_is_in_the_readme() -> None:
    subparsers = next(a for a in _parser()._actions if a.dest == "command")
    for name in subparsers.choices:  # type: ignore[union-attr]
        assert f"jobbot {name}" in README, f"jobbot {name}"
    for name, sub in SUBCOMMANDS.items():
        assert f"`{sub.usage}`" in README or f"`/jobs {sub.usage}`" in README, name
