"""What a question means and what the answer is — shared by Slack and the local console.

`parse_command` turns the text after `/jobs` (or a DM, or an @mention) into a typed command, from
one table that also feeds the help card. `Answers` turns a command into a `Message`; it is plain
synchronous CPU work, so the async Slack handlers call it through `asyncio.to_thread`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from bot import cards
from bot.cards import SUBCOMMANDS, Message, PageRef
from index import SearchIndex, parse_query

__all__ = ["SUBCOMMANDS", "Answers", "Command", "parse_command"]

GREETINGS = frozenset({"hi", "hello", "hey", "hallo", "hola", "yo", "help", "?", "usage"})


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed request: `name` is "help" or "search" (with the question in `arg`)."""

    name: str
    arg: str = ""


def parse_command(text: str) -> Command:
    """`/jobs` text or a DM → Command. Empty text and greetings ask for help."""
    cleaned = " ".join(re.sub(r"<@[A-Z0-9]+(?:\|[^>]*)?>", " ", text or "").split())
    first, _, rest = cleaned.partition(" ")
    lowered = first.lower().strip("!.,")
    if not cleaned or (lowered in GREETINGS and not rest):
        return Command("help")
    if lowered in SUBCOMMANDS:
        return Command(lowered, rest)
    return Command("search", cleaned)


class Answers:
    """Answers questions against whatever index is current (it may be swapped while running)."""

    def __init__(
        self,
        index: Callable[[], SearchIndex],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._index = index
        self._clock = clock

    @property
    def index(self) -> SearchIndex:
        return self._index()

    def respond(self, text: str, *, hidden: Collection[str] = ()) -> Message:
        """The full answer to a message or `/jobs` text."""
        command = parse_command(text)
        if command.name == "help":
            return cards.help_message()
        return self.search(command.arg, hidden=hidden)

    def search(self, question: str, *, offset: int = 0, hidden: Collection[str] = ()) -> Message:
        now = self._clock()
        query = parse_query(question, today=now.date())
        if query.is_empty:
            return cards.help_message()
        result = self.index.search(query, limit=cards.PAGE_SIZE, offset=offset, hidden=hidden)
        return cards.results_message(result, now=now)

    def page(self, ref: PageRef, *, hidden: Collection[str] = ()) -> Message:
        """A "Next 5" page of an earlier question."""
        return self.search(ref.question, offset=ref.offset, hidden=hidden)

    def shared(self, ref: PageRef, *, user_id: str, hidden: Collection[str] = ()) -> Message:
        """The page a user chose to share, rendered for the channel."""
        now = self._clock()
        query = parse_query(ref.question, today=now.date())
        result = self.index.search(query, limit=cards.PAGE_SIZE, offset=ref.offset, hidden=hidden)
        return cards.shared_message(result, user_id=user_id, now=now)

    def more_like_this(self, posting_id: str, *, hidden: Collection[str] = ()) -> Message:
        index = self.index
        source = index.get(posting_id)
        if source is None:
            return cards.gone_message()
        hits = index.more_like_this(posting_id, limit=cards.PAGE_SIZE, hidden=hidden)
        return cards.more_like_this_message(source, hits, now=self._clock())
