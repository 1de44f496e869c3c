"""What the answer to a question is: a search turned into a `Message`, for Slack and the console.

`Answers` is plain synchronous CPU work (parse, search, render), so async callers run it in a
thread. It reads whatever index is current: the index may be swapped while the bot runs.
"""

from __future__ import annotations

import time as clock_time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from bot import cards
from bot.cards import Message, PageRef
from index import Posting, SearchIndex, parse_query

__all__ = ["Answers", "Searched"]


@dataclass(frozen=True, slots=True)
class Searched:
    """An answer to a question and what the query log records about it.

    `total` is None when nothing was searched (an empty question gets the help card).
    """

    message: Message
    question: str
    total: int | None
    latency_ms: float


def _normal_url(url: str) -> str:
    """A URL as pasted and as posted compare equal: no fragment, no trailing slash, the
    scheme and host in lower case."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


class Answers:
    """Answers questions against whatever index is current (it may be swapped while running)."""

    def __init__(
        self,
        index: Callable[[], SearchIndex],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        max_age_days: int | None = None,
    ) -> None:
        """`max_age_days` (JOBBOT_MAX_AGE_DAYS): older postings are never answered."""
        self._index = index
        self._urls: tuple[SearchIndex, dict[str, str]] | None = None
        self._clock = clock
        self.max_age_days = max_age_days

    @property
    def index(self) -> SearchIndex:
        return self._index()

    def now(self) -> datetime:
        return self._clock()

    def lookup(
        self,
        question: str,
        *,
        offset: int = 0,
        hidden: Collection[str] = (),
        channel: str | None = None,
    ) -> Searched:
        """A page of answers to `question` asked in `channel`, timed for the query log."""
        now = self._clock()
        query = parse_query(question, today=now.date())
        if query.is_empty:
            return Searched(cards.help_message(), query.text, None, 0.0)
        started = clock_time.perf_counter()
        result = self.index.search(
            query,
            limit=cards.PAGE_SIZE,
            offset=offset,
            hidden=hidden,
            max_age_days=self.max_age_days,
        )
        latency_ms = (clock_time.perf_counter() - started) * 1000
        message = cards.results_message(result, now=now, channel=channel)
        return Searched(message, query.text, result.total, latency_ms)

    def search(
        self,
        question: str,
        *,
        offset: int = 0,
        hidden: Collection[str] = (),
        channel: str | None = None,
    ) -> Message:
        return self.lookup(question, offset=offset, hidden=hidden, channel=channel).message

    def page(self, ref: PageRef, *, hidden: Collection[str] = ()) -> Message:
        """A "Next 5" page of an earlier question, in the same conversation."""
        return self.search(ref.question, offset=ref.offset, hidden=hidden, channel=ref.channel)

    def shared(self, ref: PageRef, *, user_id: str, hidden: Collection[str] = ()) -> Message:
        """The page a user chose to share, rendered for the channel."""
        now = self._clock()
        query = parse_query(ref.question, today=now.date())
        result = self.index.search(
            query,
            limit=cards.PAGE_SIZE,
            offset=ref.offset,
            hidden=hidden,
            max_age_days=self.max_age_days,
        )
        return cards.shared_message(result, user_id=user_id, now=now)

    def newest(self, question: str, *, limit: int, hidden: Collection[str] = ()) -> list[Posting]:
        """A saved search's newest matches (for Home)."""
        query = parse_query(question, today=self._clock().date())
        if query.is_empty:
            return []
        query = replace(query, sort="newest")
        found = self.index.search(query, limit=limit, hidden=hidden, max_age_days=self.max_age_days)
        return [hit.posting for hit in found.hits]

    def unfurl(self, url: str) -> Message | None:
        """The compact card of the indexed posting at `url` (its page or its apply link), or
        None when no posting has it. The URL table is built once per index (a pass over the
        postings, in the caller's worker thread)."""
        index = self.index
        urls = self._urls
        if urls is None or urls[0] is not index:
            table: dict[str, str] = {}
            for each in index.postings:
                for address in (each.url, each.apply_url):
                    if address:
                        table.setdefault(_normal_url(address), each.id)
            urls = self._urls = (index, table)
        posting_id = urls[1].get(_normal_url(url))
        posting = index.get(posting_id) if posting_id else None
        return None if posting is None else cards.unfurl_message(posting, now=self._clock())

    def more_like_this(self, posting_id: str, *, hidden: Collection[str] = ()) -> Message:
        index = self.index
        source = index.get(posting_id)
        if source is None:
            return cards.gone_message()
        hits = index.more_like_this(posting_id, limit=cards.PAGE_SIZE, hidden=hidden)
        return cards.more_like_this_message(source, hits, now=self._clock())
