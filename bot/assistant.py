"""What a person can ask of jobbot, carried out for Slack and the console alike.

Searches go through `Answers` (CPU work, run through `offload`, a worker thread by default) with
the person's hidden jobs left out, and are logged to the query log (question, hit count, latency —
nothing else). Saved searches, saved and hidden jobs and feedback go to the `Store`. Every method
returns a `Message` (or, for Home, a view) for the caller to send; without a store, the personal
commands answer that they need the database and searching still works.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, assert_never

from bot import cards
from bot.answers import Answers, Searched
from bot.cards import (
    EVERY_DAY,
    HomeContent,
    Message,
    PageRef,
    SavedPosting,
    SubscriptionForm,
    UsageProblem,
)
from bot.commands import (
    ChannelDigest,
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
    parse_command,
    without_mentions,
)
from bot.followups import Conversations, refine
from bot.logs import ThrottledLog
from bot.storage import Owner, QueryLogPolicy, Store, StoreError, StoreWriteError, Subscription
from index import MAX_QUERY_CHARS

__all__ = ["DEFAULT_TIME", "Assistant", "Conversed", "Directory", "Offload"]

log = logging.getLogger("jobbot.assistant")

DEFAULT_QUERY_LOG = QueryLogPolicy()

T = TypeVar("T")
P = ParamSpec("P")

DEFAULT_TIME = time(9, 0)
"""When a saved search is delivered unless the person says otherwise (in their time zone)."""


class Directory(Protocol):
    """Who may do what: a channel's members and the workspace's admins (Slack knows)."""

    async def is_member(self, user: str, channel: str) -> bool: ...

    async def is_admin(self, user: str) -> bool: ...

    async def timezone(self, user: str) -> str | None: ...


class Offload(Protocol):
    """Runs CPU work (searching, validating blocks) away from the event loop."""

    def __call__(self, work: Callable[[], T], /) -> Awaitable[T]: ...


def _in_thread(work: Callable[[], T], /) -> Awaitable[T]:
    return asyncio.to_thread(work)


def _with_store(
    method: Callable[Concatenate[Assistant, Store, P], Awaitable[Message]],
) -> Callable[Concatenate[Assistant, P], Awaitable[Message]]:
    """A request that needs the database: without one it answers so, and searching still works.
    With one, the method gets the store as its first argument."""

    @functools.wraps(method)
    async def with_store(self: Assistant, /, *args: P.args, **kwargs: P.kwargs) -> Message:
        if self.store is None:
            return cards.needs_database_message()
        try:
            return await method(self, self.store, *args, **kwargs)
        except StoreWriteError as exc:
            log.error("a write for a person failed: %s", exc)
            return cards.cannot_save_message()

    return with_store


@dataclass(frozen=True, slots=True)
class Conversed:
    """An answer in a conversation and the question it searched (as refined, or as asked);
    `question` is None when the message was no search (help, a subcommand)."""

    message: Message
    question: str | None


def _same_question(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


class Assistant:
    """People's requests → answers.

    `digest_time` and `timezone` are the defaults of a channel digest made with `/jobs digest`
    (the settings' JOBBOT_DIGEST_TIME and JOBBOT_TIMEZONE). A person's saved search has no time
    zone of its own (None: their Slack setting, looked up when due) unless `user_timezone` is
    given — the console's user is no Slack user.
    """

    def __init__(
        self,
        answers: Answers,
        store: Store | None,
        *,
        offload: Offload = _in_thread,
        digest_time: time = DEFAULT_TIME,
        timezone: str = "UTC",
        user_timezone: str | None = None,
        query_log: QueryLogPolicy = DEFAULT_QUERY_LOG,
        directory: Directory | None = None,
    ) -> None:
        self.answers = answers
        self.store = store
        self._offload = offload
        self._digest_time = digest_time
        self._timezone = timezone
        self._user_timezone = user_timezone
        self._query_log = query_log
        self._directory = directory
        self._background: set[asyncio.Task[None]] = set()
        self._log_failures = ThrottledLog(log)
        self.conversations = Conversations()

    def now(self) -> datetime:
        return self.answers.now()

    async def reply(self, text: str, *, user: str, channel: str | None = None) -> Message:
        """The answer to `/jobs text` or a message, from `user` in `channel`."""
        command = parse_command(text)
        match command:
            case Help():
                return cards.help_message()
            case Search(question):
                return await self.search(question, user=user, channel=channel)
            case Subscribe(question, at, weekdays):
                return await self.subscribe(question, user=user, at=at, weekdays=weekdays)
            case ListSubscriptions():
                return await self.subscriptions(user=user, channel=channel)
            case Unsubscribe(number):
                return await self.unsubscribe_number(number, user=user)
            case Saved():
                return await self.saved(user=user)
            case Hidden():
                return await self.hidden(user=user)
            case Unhide(number):
                return await self.unhide_number(number, user=user)
            case ChannelDigest(channel_id, question, at, weekdays):
                return await self.channel_digest(
                    channel_id, question, at=at, user=user, weekdays=weekdays
                )
            case OpenForm("subscribe"):
                return cards.usage_message("subscribe", UsageProblem.NO_QUESTION)
            case OpenForm(_):
                return cards.usage_message("digest", UsageProblem.NO_CHANNEL)
            case Invalid(name, problem, typed):
                return cards.usage_message(name, problem, typed)
            case _:
                assert_never(command)

    async def converse(
        self, text: str, *, user: str, channel: str, thread: str | None = None
    ) -> Conversed:
        """The answer to a message in a conversation (a DM, a mention's thread, an assistant
        thread): a follow-up ("only remote", "in Berlin instead"…) refines the thread's previous
        question and the answer says what it now is; anything else is answered as `reply`."""
        key = (channel, thread or "")
        previous = self.conversations.last(key)
        if previous is not None:
            refined = refine(previous, without_mentions(text), today=self.now().date())
            if refined is not None:
                self.conversations.remember(key, refined.question)
                answer = await self.search(refined.question, user=user, channel=channel)
                message = cards.refined_message(
                    answer, question=refined.question, change=refined.change
                )
                return Conversed(message, refined.question)
        command = parse_command(text)
        question = command.question if isinstance(command, Search) else None
        if question is not None:
            self.conversations.remember(key, question)
        return Conversed(await self.reply(text, user=user, channel=channel), question)

    async def prompts(self, *, user: str) -> list[dict[str, str]]:
        """Suggested prompts: the person's saved searches, then the workspace's popular
        questions (a database that cannot answer leaves only the examples)."""
        saved: list[str] = []
        popular: list[str] = []
        if self.store is not None:
            try:
                subs = await self.store.list_subscriptions(Owner.user(user))
                saved = [sub.question for sub in subs if sub.question]
                popular = await self.store.popular_questions(limit=cards.MAX_PROMPTS)
            except StoreError as exc:
                self._log_failures.warning("no saved or popular questions to suggest: %s", exc)
        return cards.suggested_prompts(saved, popular)

    # ------------------------------------------------------------------ searching

    async def _hidden_ids(self, user: str) -> set[str]:
        return await self.store.hidden_ids(user) if self.store is not None and user else set()

    async def search(self, question: str, *, user: str, channel: str | None = None) -> Message:
        """The first page of answers, without the person's hidden jobs.

        The search is logged in the background (the answer never waits for, or depends on, the
        write): its numbers always, its text only when asked in a channel, unless the operator
        keeps private questions too (`QueryLogPolicy`).
        """
        hidden = await self._hidden_ids(user)
        found = await self._offload(
            lambda: self.answers.lookup(question, hidden=hidden, channel=channel)
        )
        if self.store is not None and found.total is not None and self._query_log.days > 0:
            public = channel is not None and channel[:1] in ("C", "G")
            text = found.question if public or self._query_log.private_text else None
            self._in_background(self._log_query(self.store, text, found))
        return found.message

    async def _log_query(self, store: Store, text: str | None, found: Searched) -> None:
        try:
            await store.log_query(
                text,
                hits=found.total or 0,
                latency_ms=found.latency_ms,
                now=self.now(),
                keep_days=self._query_log.days,
            )
        except StoreError as exc:  # reported by the store's health; searching goes on
            self._log_failures.warning("the query log was not written: %s", exc)

    async def settle(self) -> None:
        """Wait for the background writes still running (before the store is closed)."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._background.add(task)  # a reference, so the task is not collected mid-write
        task.add_done_callback(self._background.discard)

    async def page(self, ref: PageRef, *, user: str) -> Message:
        hidden = await self._hidden_ids(user)
        return await self._offload(lambda: self.answers.page(ref, hidden=hidden))

    async def shared(self, ref: PageRef, *, user: str) -> Message:
        hidden = await self._hidden_ids(user)
        return await self._offload(lambda: self.answers.shared(ref, user_id=user, hidden=hidden))

    async def unfurls(self, urls: Sequence[str]) -> dict[str, Message]:
        """Per pasted URL whose posting is indexed, its card (the others are left alone)."""

        def look_up() -> dict[str, Message]:
            found = {url: self.answers.unfurl(url) for url in urls}
            return {url: card for url, card in found.items() if card is not None}

        return await self._offload(look_up)

    async def more_like_this(self, posting_id: str, *, user: str) -> Message:
        hidden = await self._hidden_ids(user)
        return await self._offload(lambda: self.answers.more_like_this(posting_id, hidden=hidden))

    async def _entries(self, posting_ids: Sequence[str]) -> list[SavedPosting]:
        def look_up() -> list[SavedPosting]:
            index = self.answers.index
            return [SavedPosting(pid, index.get(pid)) for pid in posting_ids]

        return await self._offload(look_up)

    # ------------------------------------------------------------------ saved, hidden, feedback

    @_with_store
    async def save(self, store: Store, posting_id: str, *, user: str) -> Message:
        [entry] = await self._entries([posting_id])
        if entry.posting is None:
            return cards.gone_message()
        added = await store.save_job(user, posting_id, now=self.now())
        return cards.saved_confirmation(entry, already=not added)

    async def unsave(self, posting_id: str, *, user: str) -> bool:
        """Remove a saved job; the caller shows the updated list (or Home)."""
        return self.store is not None and await self.store.unsave_job(user, posting_id)

    @_with_store
    async def saved(self, store: Store, *, user: str, offset: int = 0) -> Message:
        """A page of the person's saved jobs, most recently saved first."""
        jobs = await store.saved_jobs(user)
        if offset >= len(jobs):  # the last page emptied by Remove: show the one before
            offset = max(0, (len(jobs) - 1) // cards.SAVED_PAGE_SIZE * cards.SAVED_PAGE_SIZE)
        page = jobs[offset : offset + cards.SAVED_PAGE_SIZE]
        entries = await self._entries([job.posting_id for job in page])
        return cards.saved_message(entries, offset=offset, total=len(jobs), now=self.now())

    @_with_store
    async def hide(self, store: Store, posting_id: str, *, user: str) -> Message:
        [entry] = await self._entries([posting_id])
        if entry.posting is None:
            return cards.gone_message()
        await store.hide_job(user, posting_id, now=self.now())
        return cards.hidden_confirmation(entry)

    @_with_store
    async def unhide(self, store: Store, posting_id: str, *, user: str) -> Message:
        await store.unhide_job(user, posting_id)
        [entry] = await self._entries([posting_id])
        return cards.unhidden_message(entry)

    async def _hidden_sorted(self, user: str) -> list[str]:
        """Hidden ids in the order `hidden` numbers them."""
        return sorted(await self._hidden_ids(user))

    @_with_store
    async def hidden(self, store: Store, *, user: str) -> Message:
        ids = await self._hidden_sorted(user)
        entries = await self._entries(ids[: cards.HIDDEN_LISTED])
        rest = [SavedPosting(pid, None) for pid in ids[cards.HIDDEN_LISTED :]]
        return cards.hidden_list_message([*entries, *rest], now=self.now())

    @_with_store
    async def unhide_number(self, store: Store, number: int, *, user: str) -> Message:
        ids = await self._hidden_sorted(user)
        if number > len(ids):
            return cards.no_hidden_message(number)
        return await self.unhide(ids[number - 1], user=user)

    async def vote(self, posting_id: str, vote: int, *, user: str) -> Message:
        """👍 (+1) or 👎 (-1) from an older card's buttons, answered with a thank-you."""
        problem = await self.feedback(posting_id, vote, user=user)
        return cards.feedback_message(vote) if problem is None else problem

    async def feedback(self, posting_id: str, vote: int, *, user: str) -> Message | None:
        """Record 👍 (+1) or 👎 (-1); a second vote on the same posting replaces the first.
        None when recorded (the card itself says so); otherwise the answer why not — no
        database, a write that failed, or a posting that is not listed (never stored)."""
        if self.store is None:
            return cards.needs_database_message()
        [entry] = await self._entries([posting_id])
        if entry.posting is None:
            return cards.gone_message()
        try:
            await self.store.record_feedback(user, posting_id, vote, now=self.now())
        except StoreWriteError as exc:
            log.error("a write for a person failed: %s", exc)
            return cards.cannot_save_message()
        return None

    # ------------------------------------------------------------------ saved searches

    async def subscribe(
        self, question: str, *, user: str, at: time | None = None, weekdays: str | None = None
    ) -> Message:
        """Save a search for a DM at `at` (09:00 by default) in the person's time zone, on
        `weekdays` (every day by default). The same question again with a time or days changes
        the saved one's."""
        owner = Owner.user(user)
        zone = self._user_timezone
        return await self._subscribe(
            owner, question, at=at or DEFAULT_TIME, timezone=zone,
            weekdays=weekdays or EVERY_DAY, reschedule=at is not None or weekdays is not None,
        )  # fmt: skip

    async def channel_digest(
        self,
        channel: str,
        question: str,
        *,
        at: time | None,
        user: str,
        weekdays: str | None = None,
    ) -> Message:
        """A daily digest in a channel, at `at` (default: the configured digest time), set up by
        `user` — who must be a member of that channel."""
        if self._directory is not None and not await self._directory.is_member(user, channel):
            return cards.not_a_member_message(channel)
        reschedule = at is not None or weekdays is not None
        return await self._subscribe(
            Owner.channel(channel), question, at=at or self._digest_time,
            weekdays=weekdays or EVERY_DAY, created_by=user, reschedule=reschedule,
        )  # fmt: skip

    async def may_manage(self, sub: Subscription, *, user: str) -> bool:
        """A person's saved search is theirs alone; a channel's digest belongs to whoever set
        it up, and to workspace admins (and to anyone when there is no directory: the console)."""
        if sub.owner.kind == "user":
            return sub.owner.id == user
        if self._directory is None or (sub.created_by is not None and sub.created_by == user):
            return True
        return await self._directory.is_admin(user)

    async def timezone_of(self, user: str) -> str:
        """A person's time zone as Slack knows it (the default a modal offers), else the
        console's or the workspace's configured zone."""
        if self._directory is not None:
            zone = await self._directory.timezone(user)
            if zone:
                return zone
        return self._user_timezone or self._timezone

    async def subscription_form(
        self,
        *,
        user: str,
        question: str = "",
        subscription_id: int | None = None,
        channel: str | None = None,
    ) -> SubscriptionForm | Message:
        """The saved-search modal's fields: a new search (`question` prefilled, the person's
        time zone), or an existing one to edit — only for those who `may_manage` it."""
        if subscription_id is None:
            zone = await self.timezone_of(user)
            at = self._digest_time if channel else DEFAULT_TIME
            return SubscriptionForm(question, at, EVERY_DAY, zone, channel, pick_channel=True)
        if self.store is None:
            return cards.needs_database_message()
        found = await self.store.get_subscription(subscription_id)
        if found is None:
            return cards.no_subscription_message()
        if not await self.may_manage(found, user=user):
            return self._refused(found)
        if found.owner.kind == "channel":
            zone, where = found.timezone or self._timezone, found.owner.id
        else:
            zone, where = found.timezone or await self.timezone_of(user), None
        return SubscriptionForm(
            found.question, found.time, found.weekdays, zone, where, subscription_id=found.id
        )

    @_with_store
    async def save_form(self, store: Store, form: SubscriptionForm, *, user: str) -> Message:
        """A submitted saved-search modal: a new search (by DM, or a channel's digest that
        `user` must be a member of) or the changes to an existing one, stored as entered."""
        question = " ".join(form.question.split())[:MAX_QUERY_CHARS]
        if form.subscription_id is None:
            if form.channel is None:
                return await self._subscribe(
                    Owner.user(user), question, at=form.at, timezone=form.timezone,
                    weekdays=form.weekdays,
                )  # fmt: skip
            if self._directory is not None and not await self._directory.is_member(
                user, form.channel
            ):
                return cards.not_a_member_message(form.channel)
            return await self._subscribe(
                Owner.channel(form.channel), question, at=form.at, timezone=form.timezone,
                weekdays=form.weekdays, created_by=user,
            )  # fmt: skip
        found = await store.get_subscription(form.subscription_id)
        if found is None:
            return cards.no_subscription_message()
        if not await self.may_manage(found, user=user):
            return self._refused(found)
        updated = await store.update_subscription(
            found.id, question=question, at=form.at, timezone=form.timezone,
            weekdays=form.weekdays,
        )  # fmt: skip
        if updated is None:
            return cards.no_subscription_message()
        return cards.subscription_updated_message(updated, channel_zone=self._timezone)

    def _refused(self, sub: Subscription) -> Message:
        """Someone else's saved search stays private; a channel's digest says who decides."""
        if sub.owner.kind == "user":
            return cards.no_subscription_message()
        return cards.not_yours_message(sub)

    @_with_store
    async def _subscribe(
        self,
        store: Store,
        owner: Owner,
        question: str,
        *,
        at: time,
        timezone: str | None = None,
        weekdays: str = EVERY_DAY,
        created_by: str | None = None,
        reschedule: bool = False,
    ) -> Message:
        question = " ".join(question.split())[:MAX_QUERY_CHARS]
        existing = await store.list_subscriptions(owner)
        for number, sub in enumerate(existing, 1):
            if not _same_question(sub.question, question):
                continue
            if reschedule and (sub.time, sub.weekdays) != (at, weekdays):
                if created_by is not None and not await self.may_manage(sub, user=created_by):
                    return self._refused(sub)
                updated = await store.update_subscription(
                    sub.id, question=sub.question, at=at, timezone=sub.timezone,
                    weekdays=weekdays,
                )  # fmt: skip
                if updated is not None:
                    zone = self._timezone
                    return cards.subscription_updated_message(updated, channel_zone=zone)
            return self._confirmation(sub, number=number, created=False)
        if len(existing) >= cards.MAX_SUBSCRIPTIONS:
            return cards.too_many_subscriptions_message()
        sub = await store.add_subscription(
            owner,
            question,
            now=self.now(),
            at=at,
            timezone=timezone,
            weekdays=weekdays,
            created_by=created_by,
        )
        return self._confirmation(sub, number=len(existing) + 1, created=True)

    def _confirmation(self, sub: Subscription, *, number: int, created: bool) -> Message:
        zone = self._timezone
        if sub.owner.kind == "channel":
            return cards.channel_digest_message(sub, channel_zone=zone, created=created)
        if created:
            return cards.subscribed_message(sub, number=number, channel_zone=zone)
        return cards.already_subscribed_message(sub, number=number, channel_zone=zone)

    @_with_store
    async def subscriptions(
        self, store: Store, *, user: str, channel: str | None = None
    ) -> Message:
        """The person's saved searches, and the digests of the channel they asked in."""
        mine = await store.list_subscriptions(Owner.user(user))
        in_channel: list[Subscription] = []
        if channel and channel[:1] in ("C", "G"):
            in_channel = await store.list_subscriptions(Owner.channel(channel))
        return cards.subscriptions_message(
            mine, in_channel, channel_id=channel, channel_zone=self._timezone
        )

    @_with_store
    async def unsubscribe_number(self, store: Store, number: int, *, user: str) -> Message:
        removed = await store.remove_subscription(Owner.user(user), number)
        if removed is None:
            return cards.no_subscription_message(number)
        return cards.unsubscribed_message(removed)

    @_with_store
    async def unsubscribe(self, store: Store, subscription_id: int, *, user: str) -> Message:
        """The Unsubscribe / Remove / Undo buttons: only for those who `may_manage` it."""
        found = await store.get_subscription(subscription_id)
        if found is None:
            return cards.no_subscription_message()
        if not await self.may_manage(found, user=user):
            # Someone else's saved search stays private; a channel's digest says who decides.
            mine = found.owner.kind == "user"
            return cards.no_subscription_message() if mine else cards.not_yours_message(found)
        removed = await store.unsubscribe(subscription_id, owner=found.owner)
        return (
            cards.no_subscription_message()
            if removed is None
            else cards.unsubscribed_message(removed)
        )

    # ------------------------------------------------------------------ Home

    async def home(self, *, user: str) -> dict[str, Any]:
        """The person's Home tab view: saved searches, saved jobs, how to ask."""
        now = self.now()
        if self.store is None:
            content = HomeContent(database=False)
        else:
            subs = await self.store.list_subscriptions(Owner.user(user))
            jobs = await self.store.saved_jobs(user)
            entries = await self._entries([job.posting_id for job in jobs[: cards.HOME_SAVED]])
            hidden_ids = await self._hidden_sorted(user)
            hidden = await self._entries(hidden_ids[: cards.HOME_HIDDEN])
            questions = [sub.question for sub in subs if sub.question][: cards.HOME_MATCHED]
            hide = set(hidden_ids)
            matches = await self._offload(
                lambda: [(q, self.answers.newest(q, limit=3, hidden=hide)) for q in questions]
            )
            content = HomeContent(subs, entries, len(jobs), True, hidden, len(hidden_ids), matches)
        return await self._offload(lambda: cards.home_view(content, now=now))
