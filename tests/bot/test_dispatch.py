"""bot/dispatch.py: `/jobs` text → typed commands, from the one subcommand table."""

from __future__ import annotations

from datetime import time

import pytest

from bot import dispatch
from bot.cards import SUBCOMMANDS
from bot.dispatch import (
    ChannelDigest,
    Command,
    Help,
    Hidden,
    Invalid,
    ListSubscriptions,
    Saved,
    Search,
    Subscribe,
    Unhide,
    Unsubscribe,
    is_personal,
    parse_command,
)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", Help()),
        ("help", Help()),
        ("hi", Help()),
        ("<@UBOT> help", Help()),
        ("remote sre", Search("remote sre")),
        ("<@UBOT>   python  in Berlin", Search("python in Berlin")),
        ("hi there python", Search("hi there python")),
        ("subscribe remote sre", Subscribe("remote sre")),
        ("Subscribe remote sre at 08:00", Subscribe("remote sre", time(8, 0))),
        ("subscribe python at 7pm", Subscribe("python", time(19, 0))),
        ("subscribe python at 12am", Subscribe("python", time(0, 0))),
        ("subscribe python at 8.30", Subscribe("python", time(8, 30))),
        ("subscribe python at Stripe", Subscribe("python at Stripe")),
        ("subscriptions", ListSubscriptions()),
        ("unsubscribe 2", Unsubscribe(2)),
        ("saved", Saved()),
        ("hidden", Hidden()),
        ("unhide 1", Unhide(1)),
        ("digest <#C123|jobs> python at 08:00", ChannelDigest("C123", "python", time(8, 0))),
        ("digest <#G9ABC|> ", ChannelDigest("G9ABC", "", None)),
        ("digest <#C123> remote sre in Berlin", ChannelDigest("C123", "remote sre in Berlin")),
    ],
)
def test_text_becomes_a_typed_command(text: str, command: Command) -> None:
    assert parse_command(text) == command


@pytest.mark.parametrize(
    ("text", "name", "problem"),
    [
        ("subscribe", "subscribe", "what to look for"),
        ("subscribe at 08:00", "subscribe", "what to look for"),
        ("subscribe python at 25:00", "subscribe", "not a time of day"),
        ("subscribe python at 13pm", "subscribe", "not a time of day"),
        ("unsubscribe", "unsubscribe", "number"),
        ("unsubscribe two", "unsubscribe", "number"),
        ("unsubscribe 0", "unsubscribe", "number"),
        ("unhide x", "unhide", "number"),
        ("digest", "digest", "channel"),
        ("digest #jobs python", "digest", "channel"),
        ("digest <#C1|jobs> python at 9:75", "digest", "not a time of day"),
    ],
)
def test_a_subcommand_written_wrongly_says_what_was_wrong(
    text: str, name: str, problem: str
) -> None:
    command = parse_command(text)
    assert isinstance(command, Invalid)
    assert command.name == name and problem in command.problem


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("<!channel> @here python", Search("python")),
        ("<!here> remote sre", Search("remote sre")),
        ("python <!everyone>", Search("python")),
        ("<!here|here> python", Search("python")),
        ("<!subteam^S0123ABC|@platform> python", Search("python")),
        ("<!subteam^S0123ABC> python", Search("python")),
        ("@channel @Everyone python", Search("python")),
        ("python <#C0123ABC|jobs> in Berlin", Search("python in Berlin")),
        ("<#C0123ABC> python", Search("python")),
        ("<!channel>", Help()),
        ("<@UBOT> <!here> <#C1|jobs> help", Help()),
        ("<!here> saved", Saved()),
        ("subscribe <!channel> remote sre <#C1|jobs> at 08:00", Subscribe("remote sre", time(8))),
        ("<!here> digest <#C1|jobs> <!channel> sre", ChannelDigest("C1", "sre")),
        ("digest <#C1|jobs> python <#C2|other>", ChannelDigest("C1", "python")),
        ("email me@here.com python", Search("email me@here.com python")),
    ],
)
def test_broadcasts_groups_and_channel_references_are_never_searched_for(
    text: str, command: Command
) -> None:
    assert parse_command(text) == command


def test_every_subcommand_in_the_table_has_a_parser() -> None:
    assert set(dispatch._PARSERS) == set(SUBCOMMANDS)


@pytest.mark.parametrize(
    ("text", "personal"),
    [("python", False), ("help", False), ("saved", True), ("subscribe x", True), ("hidden", True)],
)
def test_personal_answers_are_told_apart(text: str, personal: bool) -> None:
    assert is_personal(parse_command(text)) is personal
