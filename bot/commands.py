"""What a message asks for: the text after `/jobs` (or a DM, or an @mention) as a typed command.

The subcommands come from one table (`cards.SUBCOMMANDS`) that also feeds the help card; text
that starts with none of them is a search. Parsing is linear in the text and pure; commands are
carried out by `bot.assistant.Assistant`, and what a search answers comes from `bot.answers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Literal

from bot.cards import SUBCOMMANDS, UsageProblem

__all__ = [
    "ChannelDigest",
    "Command",
    "Help",
    "Hidden",
    "Invalid",
    "ListSubscriptions",
    "OpenForm",
    "Saved",
    "Search",
    "Subscribe",
    "Unhide",
    "Unsubscribe",
    "is_personal",
    "parse_command",
    "without_mentions",
]

MAX_TEXT = 4000
"""Characters of a message that are parsed at all: Slack caps `/jobs` text near this, a question
is cut to 500 anyway, and it bounds the work a 40,000-character DM can cause on the event loop."""

GREETINGS = frozenset({"hi", "hello", "hey", "hallo", "hola", "yo", "help", "?", "usage"})


@dataclass(frozen=True, slots=True)
class Help:
    """`/jobs`, `/jobs help`, or a greeting."""


@dataclass(frozen=True, slots=True)
class Search:
    question: str


@dataclass(frozen=True, slots=True)
class Subscribe:
    """`subscribe <question> [at HH:MM]`; `at` None means the default time (09:00)."""

    question: str
    at: time | None = None
    weekdays: str | None = None
    """"on weekdays", "on mon,wed": a 7-character mask, Monday first; None: every day."""


@dataclass(frozen=True, slots=True)
class ListSubscriptions:
    """`subscriptions`."""


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    """`unsubscribe <n>`: n as numbered by `subscriptions`, from 1."""

    number: int


@dataclass(frozen=True, slots=True)
class Saved:
    """`saved`."""


@dataclass(frozen=True, slots=True)
class Hidden:
    """`hidden`."""


@dataclass(frozen=True, slots=True)
class Unhide:
    """`unhide <n>`: n as numbered by `hidden`, from 1."""

    number: int


@dataclass(frozen=True, slots=True)
class ChannelDigest:
    """`digest #channel [question] [at HH:MM]`: a daily digest posted in a channel."""

    channel: str
    question: str = ""
    at: time | None = None
    weekdays: str | None = None


@dataclass(frozen=True, slots=True)
class OpenForm:
    """A bare `subscribe` or `digest`: Slack opens its modal (the console explains usage)."""

    name: Literal["subscribe", "digest"]


@dataclass(frozen=True, slots=True)
class Invalid:
    """A subcommand written wrongly: `name` is the subcommand, `problem` what was wrong, and
    `typed` the part of the text it is about (the cards word the answer)."""

    name: str
    problem: UsageProblem
    typed: str = ""


Command = (
    Help
    | Search
    | Subscribe
    | ListSubscriptions
    | Unsubscribe
    | Saved
    | Hidden
    | Unhide
    | ChannelDigest
    | OpenForm
    | Invalid
)

# Who a message is addressed to, never what it asks: a user (<@U…>, as Slack sends @jobbot), a
# broadcast (<!here>, <!channel>, <!everyone>, also in the older <!here|here> form, and the same
# words typed as plain text) or a user group (<!subteam^S…|@team>).
_MENTION = re.compile(
    r"<(?:@[A-Z0-9]+|!(?:here|channel|everyone)|!subteam\^[A-Z0-9]+)(?:\|[^<>]*)?>"
    r"|(?<!\S)@(?i:here|channel|everyone)(?!\S)"
)
# "at 08:00", "at 8:30", "at 7pm", "at 7:15 am" at the end of the text.
_AT_TIME = re.compile(r"(?:^|\s)at\s+(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^<>]*)?>")
_ANY_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|[^<>]*)?>")


def parse_command(text: str) -> Command:
    """`/jobs` text or a DM → Command. Empty text and greetings ask for help; text that does not
    start with a subcommand is a search.

    Mentions and channel references (`<#C…|name>`) are dropped before anything else, so they are
    never searched for; only `digest` keeps the channel it takes as its first argument. Linear
    in the text: a token's label never spans a `<`, so an unclosed `<@A|` is not rescanned.
    """
    cleaned = _without(_MENTION, (text or "")[:MAX_TEXT])
    if _subcommand(cleaned)[0] != "digest":
        cleaned = _without(_ANY_CHANNEL, cleaned)
    name, rest = _subcommand(cleaned)
    if not cleaned or (name in GREETINGS and not rest):
        return Help()
    if name not in SUBCOMMANDS:
        return Search(cleaned)
    return _PARSERS[name](rest)


def without_mentions(text: str) -> str:
    """The words of a message without the mentions and channel references in it."""
    return _without(_ANY_CHANNEL, _without(_MENTION, (text or "")[:MAX_TEXT]))


def _without(tokens: re.Pattern[str], text: str) -> str:
    """`text` with every match of `tokens` removed and white space folded."""
    return " ".join(tokens.sub(" ", text).split())


def _subcommand(text: str) -> tuple[str, str]:
    """(the first word, lower-cased and without trailing punctuation; the rest)."""
    first, _, rest = text.partition(" ")
    return first.lower().strip("!.,"), rest.strip()


def is_personal(command: Command) -> bool:
    """Whether the answer concerns only the asker (their saved jobs, searches…): such answers
    are shown only to them, even when asked in a channel."""
    return not isinstance(command, Help | Search)


def _split_time(text: str) -> tuple[str, time | None] | str:
    """(text without a trailing "at HH:MM", the time) or, for an impossible time, what was typed."""
    match = _AT_TIME.search(text)
    if match is None or (match.group(2) is None and match.group(3) is None):
        return text, None  # "at Stripe", "at 5" (a company or a number, not a time)
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower()
    if half:
        if not 1 <= hours <= 12:
            return match.group(0).strip()
        hours = hours % 12 + (12 if half == "pm" else 0)
    if hours > 23 or minutes > 59:
        return match.group(0).strip()
    return text[: match.start()].strip(), time(hours, minutes)


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ON_DAYS = re.compile(r"(?:^|\s)on\s+([a-z][a-z.,&\s]*?)\s*$", re.IGNORECASE)


def _day_mask(words: str) -> str | None:
    """ "weekdays" → "1111100"; "mon, wed and fri" → "1010100"; None if not all are days."""
    said = words.lower().replace(",", " ").replace("&", " ").replace(".", " ").split()
    said = [w for w in said if w != "and"]
    if said in (["weekdays"], ["workdays"]):
        return "1111100"
    if said in (["weekends"], ["weekend"]):
        return "0000011"
    days: set[int] = set()
    for word in said:
        word = word.removesuffix("s") if len(word) > 3 else word  # "on mondays"
        found = [i for i, name in enumerate(_DAY_NAMES) if len(word) >= 2 and name.startswith(word)]
        if len(found) != 1:
            return None
        days.add(found[0])
    if not days:
        return None
    return "".join("1" if i in days else "0" for i in range(7))


def _split_days(text: str) -> tuple[str, str | None]:
    """(text without a trailing "on weekdays" / "on mon,wed", the weekday mask or None)."""
    match = _ON_DAYS.search(text)
    if match is None:
        return text, None
    mask = _day_mask(match.group(1))
    if mask is None:
        return text, None  # "on Kubernetes": words of the question
    return text[: match.start()].strip(), mask


def _schedule(name: str, rest: str) -> tuple[str, time | None, str | None] | Invalid:
    """A subcommand's question with its time ("at 21:00") and days ("on weekdays") taken off
    the end, in either order."""
    rest, weekdays = _split_days(rest)
    split = _split_time(rest)
    if isinstance(split, str):
        return Invalid(name, UsageProblem.NOT_A_TIME, split)
    question, at = split
    if weekdays is None:
        question, weekdays = _split_days(question)
    return question, at, weekdays


def _subscribe(rest: str) -> Command:
    if not rest:
        return OpenForm("subscribe")
    schedule = _schedule("subscribe", rest)
    if isinstance(schedule, Invalid):
        return schedule
    question, at, weekdays = schedule
    if not question:
        return Invalid("subscribe", UsageProblem.NO_QUESTION)
    return Subscribe(question, at, weekdays)


def _number(name: str, rest: str) -> int | Invalid:
    if not rest.isdigit() or int(rest) < 1:
        return Invalid(name, UsageProblem.NOT_A_NUMBER, rest)
    return int(rest)


def _unsubscribe(rest: str) -> Command:
    number = _number("unsubscribe", rest)
    return number if isinstance(number, Invalid) else Unsubscribe(number)


def _unhide(rest: str) -> Command:
    number = _number("unhide", rest)
    return number if isinstance(number, Invalid) else Unhide(number)


def _digest(rest: str) -> Command:
    if not rest:
        return OpenForm("digest")
    where, _, more = rest.partition(" ")
    match = _CHANNEL.fullmatch(where)
    if match is None:
        return Invalid("digest", UsageProblem.NO_CHANNEL, where)
    schedule = _schedule("digest", _without(_ANY_CHANNEL, more))  # other channels: no question
    if isinstance(schedule, Invalid):
        return schedule
    question, at, weekdays = schedule
    return ChannelDigest(match.group(1), question, at, weekdays)


_PARSERS: dict[str, Callable[[str], Command]] = {
    "help": lambda rest: Help(),
    "subscribe": _subscribe,
    "subscriptions": lambda rest: ListSubscriptions(),
    "unsubscribe": _unsubscribe,
    "saved": lambda rest: Saved(),
    "hidden": lambda rest: Hidden(),
    "unhide": _unhide,
    "digest": _digest,
}
assert set(_PARSERS) == set(SUBCOMMANDS), "every subcommand in the table needs a parser"
