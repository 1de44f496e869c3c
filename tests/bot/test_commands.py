"""bot/commands.py: `/jobs` text → typed commands, from the one subcommand table."""

from __future__ import annotations

from datetime import time

import pytest

from bot import commands
from bot.cards import SUBCOMMANDS, UsageProblem
from bot.commands import (
    ChannelDigest,
    Command,
    Help,
    Hidden,
    Invalid,
    ListSubscriptions,
    OpenForm,
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
    ("text", "expected"),
    [
        ("subscribe at 08:00", Invalid("subscribe", UsageProblem.NO_QUESTION)),
        ("subscribe python at 25:00", Invalid("subscribe", UsageProblem.NOT_A_TIME, "at 25:00")),
        ("subscribe python at 13pm", Invalid("subscribe", UsageProblem.NOT_A_TIME, "at 13pm")),
        ("unsubscribe", Invalid("unsubscribe", UsageProblem.NOT_A_NUMBER)),
        ("unsubscribe two", Invalid("unsubscribe", UsageProblem.NOT_A_NUMBER, "two")),
        ("unsubscribe 0", Invalid("unsubscribe", UsageProblem.NOT_A_NUMBER, "0")),
        ("unhide x", Invalid("unhide", UsageProblem.NOT_A_NUMBER, "x")),
        ("digest #jobs python", Invalid("digest", UsageProblem.NO_CHANNEL, "#jobs")),
        (
            "digest <#C1|jobs> python at 9:75",
            Invalid("digest", UsageProblem.NOT_A_TIME, "at 9:75"),
        ),
    ],
)
def test_a_subcommand_written_wrongly_says_what_was_wrong(text: str, expected: Invalid) -> None:
    assert parse_command(text) == expected


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
    assert set(commands._PARSERS) == set(SUBCOMMANDS)


@pytest.mark.parametrize(
    ("text", "personal"),
    [("python", False), ("help", False), ("saved", True), ("subscribe x", True), ("hidden", True)],
)
def test_personal_answers_are_told_apart(text: str, personal: bool) -> None:
    assert is_personal(parse_command(text)) is personal


@pytest.mark.parametrize(
    "hostile",
    ["<@A|" * 10_000, "<#C1|" * 10_000, "<!subteam^S1|" * 10_000, "<@U1|" + "x" * 40_000],
    ids=["mentions", "channels", "groups", "long-label"],
)
def test_unclosed_tokens_are_searched_as_text_and_parsing_reads_a_bounded_prefix(
    hostile: str,
) -> None:
    """Issue 9: `"<@A|" * 10000` took 2.3 s on the event loop (each `<` rescanned the rest)."""
    command = parse_command(hostile + " python")

    assert isinstance(command, Search)
    assert len(command.question) <= commands.MAX_TEXT
    assert "python" not in command.question  # past the bounded prefix


def test_a_closed_mention_after_unclosed_ones_is_still_dropped() -> None:
    assert parse_command("<@A| python <@U1|bob> senior") == Search("<@A| python senior")


@pytest.mark.parametrize("text", ["subscribe", "digest"])
def test_a_bare_subscribe_or_digest_asks_for_its_modal(text: str) -> None:
    assert parse_command(text) == OpenForm(text)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("subscribe python on weekdays", Subscribe("python", None, "1111100")),
        ("subscribe python at 21:00 on mon,wed", Subscribe("python", time(21, 0), "1010000")),
        ("subscribe python on Mondays and Fri at 7pm", Subscribe("python", time(19), "1000100")),
        ("subscribe sales on weekends", Subscribe("sales", None, "0000011")),
        ("subscribe python on kubernetes", Subscribe("python on kubernetes")),
        ("subscribe remote on site", Subscribe("remote on site")),
        ("digest <#C1|x> go on tue", ChannelDigest("C1", "go", None, "0100000")),
    ],
)
def test_days_at_the_end_are_read_as_days_not_as_words_of_the_question(
    text: str, expected: Command
) -> None:
    """Before: "on weekdays" was searched for as words."""
    assert parse_command(text) == expected
