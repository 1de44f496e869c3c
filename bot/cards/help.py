"""How to ask: the help card, and the one table of `/jobs` subcommands behind it and the parser."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    PlainTextObject,
    SectionBlock,
)

from bot.cards.base import Message, _md, _say
from bot.mrkdwn import escape

__all__ = [
    "EXAMPLES",
    "SUBCOMMANDS",
    "SYNTAX",
    "Subcommand",
    "UsageProblem",
    "help_message",
    "usage_message",
]

# One table drives the parser's help and the help card (see tests/test_docs.py).
EXAMPLES: tuple[str, ...] = (
    "remote SRE jobs with Terraform",
    "senior python backend in Berlin",
    "hybrid product designer in Toronto posted this week",
    '"machine learning" -crypto full-time',
    "#react contract roles",
)


@dataclass(frozen=True, slots=True)
class Subcommand:
    """How a `/jobs` subcommand is written, and what it does (for help and usage hints)."""

    usage: str
    summary: str


# `/jobs <subcommand>` → usage and what it does. The parser (bot.commands) and the help card both
# read this table; tests/test_docs.py checks that help lists every entry.
SUBCOMMANDS: dict[str, Subcommand] = {
    "help": Subcommand("help", "show how to ask and what I understand"),
    "subscribe": Subcommand(
        "subscribe <question> [at HH:MM]", "get new matches by DM every day (default 09:00)"
    ),
    "subscriptions": Subcommand("subscriptions", "list your saved searches, numbered"),
    "unsubscribe": Subcommand("unsubscribe <n>", "stop saved search number n"),
    "saved": Subcommand("saved", "the jobs you saved"),
    "hidden": Subcommand("hidden", "the jobs you hid, numbered"),
    "unhide": Subcommand("unhide <n>", "show hidden job number n again"),
    "digest": Subcommand(
        "digest #channel [question] [at HH:MM]", "post new matches in a channel every day"
    ),
}
SYNTAX: tuple[tuple[str, str], ...] = (
    ("remote / hybrid / on-site", "where the work happens"),
    ("in <place>", "a city, country or region: in Berlin, in NYC, in Europe"),
    ("at <company>", "one company's postings"),
    ("full-time, part-time, contract, internship, freelance", "job type"),
    ("junior … senior, staff, principal", "seniority (ranks matching titles first)"),
    ("today, this week, last 14 days, since 2026-11-01", "how recent"),
    ("newest, latest", "the matches newest first"),
    ("over 150k, at least €80k, $120k-$160k", "pay: only postings that state enough"),
    ('"exact phrase"', "must appear as written"),
    ("#tag", "must have this skill or tag"),
    ("-word, no crypto, without on-call", "leave out postings that mention it"),
    ("Entwickler, développeur, desarrollador, 远程", "other languages' job words work too"),
)


def help_message(*, command: str = "/jobs") -> Message:
    """Usage with examples: shown for `/jobs help`, an empty `/jobs`, or "hi" in a DM."""
    examples = "\n".join(f"• `{command} {escape(e)}`" for e in EXAMPLES)
    syntax = "\n".join(f"• `{escape(k)}` — {escape(v)}" for k, v in SYNTAX)
    commands = "\n".join(
        f"• `{command} {escape(c.usage)}` — {escape(c.summary)}" for c in SUBCOMMANDS.values()
    )
    blocks: tuple[Block, ...] = (
        HeaderBlock(text=PlainTextObject(text="Find jobs in plain words")),
        SectionBlock(
            text=_md(f"Ask `{command} &lt;question&gt;`, or just message me. Try:\n{examples}")
        ),
        SectionBlock(text=_md(f"*What I understand*\n{syntax}")),
        SectionBlock(text=_md(f"*Commands*\n{commands}")),
        ContextBlock(
            elements=[
                _md(
                    "Each answer shows 5 jobs: *Next 5* for more, *Share* to post them, *Save* "
                    "or *Hide* a job (⋯), 👍/👎 to tell me, *Get these daily* for a daily DM. "
                    "Then narrow it down: _only remote_, _in Berlin instead_, _more senior_."
                )
            ]
        ),
    )
    return Message(
        text=f"Ask me for jobs in plain words, e.g. {command} {EXAMPLES[0]}", blocks=blocks
    )


class UsageProblem(Enum):
    """What can be wrong with a subcommand as typed; the value is how the answer says it
    (`{typed}` is the part of the text it is about)."""

    NO_QUESTION = "Tell me what to look for."
    NOT_A_NUMBER = "Give the number from the list, e.g. 1."
    NO_CHANNEL = "Start with the channel: type # and pick it from the list Slack offers."
    NOT_A_TIME = "{typed} is not a time of day."


def usage_message(name: str, problem: UsageProblem, typed: str = "") -> Message:
    """A subcommand written wrongly: what was wrong and how it is written."""
    usage = SUBCOMMANDS[name].usage
    said = problem.value.format(typed=typed)
    return _say(f"{escape(said)}\nUsage: `/jobs {escape(usage)}`")
