"""Persistence (SQLite or PostgreSQL): subscriptions, digest runs, what was sent, saved/hidden
jobs, feedback.

`async with Store.open(target) as store:` opens an SQLite file (a path) or a PostgreSQL database
(a `postgresql://` URL), then creates or upgrades the schema with numbered migrations (see
`bot.storage.database`). Opening is idempotent, so a host that restarts daily (Heroku) can open
the same database every time; a file that is not a healthy SQLite database raises `StoreError`
naming the path and is never written to.

Every write runs in one transaction, so processes sharing one database serialize instead of
failing or interleaving. The digest bookkeeping methods
(`claim_run`, `finish_run`, `fail_run`, `mark_sent`, `record_first_seen`, …) come from
`bot.digest_log.DigestLog`; this module adds the people-facing tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.storage.database import StoreError, stamp, unstamp
from bot.storage.digest_log import STALE_CLAIM, DigestLog, DigestRun, RunState
from bot.storage.engine import Row

__all__ = [
    "EVERY_DAY",
    "QUERY_LOG_DAYS",
    "STALE_CLAIM",
    "DigestRun",
    "Owner",
    "OwnerKind",
    "QueryLogPolicy",
    "RunState",
    "SavedJob",
    "Store",
    "StoreError",
    "Subscription",
]

OwnerKind = Literal["user", "channel"]

QUERY_LOG_DAYS = 30
"""Days a query-log row is kept unless JOBBOT_QUERY_LOG_DAYS says otherwise."""
PURGE_EVERY = timedelta(hours=1)
DELIVERY_PURGE_EVERY = timedelta(minutes=1)

EVERY_DAY = "1111111"
"""A weekday mask, Monday first: "1111100" is Monday to Friday."""


@dataclass(frozen=True, slots=True)
class Owner:
    """Who a subscription, a saved job or a hidden job belongs to."""

    kind: OwnerKind
    id: str

    @classmethod
    def user(cls, user_id: str) -> Owner:
        return cls("user", user_id)

    @classmethod
    def channel(cls, channel_id: str) -> Owner:
        return cls("channel", channel_id)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A saved search delivered as a daily digest.

    `timezone` None means "the owner's own time zone" (a person's Slack setting), looked up when
    the digest is planned. `weekdays` is a 7-character mask, Monday first.
    """

    id: int
    owner: Owner
    question: str
    time: time
    timezone: str | None
    weekdays: str
    created_at: datetime
    created_by: str | None = None
    """Who set it up; None for channel digests made before jobbot recorded it."""

    @property
    def target(self) -> str:
        """The digest-run key: ids are never reused (AUTOINCREMENT, an identity sequence), so
        neither are keys."""
        return f"sub:{self.id}"


@dataclass(frozen=True, slots=True)
class QueryLogPolicy:
    """What the query log keeps: every search's hit count and latency (zero-hit questions show
    what the postings lack) for `days` days (0: log nothing), and its text only for questions
    asked in a channel — a DM's text only when `private_text` is on (JOBBOT_LOG_PRIVATE_QUESTIONS).
    """

    days: int = QUERY_LOG_DAYS
    private_text: bool = False


@dataclass(frozen=True, slots=True)
class SavedJob:
    user: str
    posting_id: str
    saved_at: datetime


class Store(DigestLog):
    """jobbot's database. Create with `Store.open(path)`; one instance per process is enough."""

    _purged_at: datetime | None = None
    """When this process last deleted query-log rows past their keeping time."""
    _deliveries_purged_at: datetime | None = None
    """When this process last deleted expired delivery keys."""

    # ------------------------------------------------------------------ subscriptions

    async def add_subscription(
        self,
        owner: Owner,
        question: str,
        *,
        now: datetime,
        at: time = time(9, 0),
        timezone: str | None = None,
        weekdays: str = EVERY_DAY,
        created_by: str | None = None,
    ) -> Subscription:
        """Save a search for a daily digest at `at` local time on `weekdays`; `created_by` is
        the person who set it up (for a person's own search, themselves).

        :raises ValueError: a weekday mask that is not 7 of "0"/"1" with at least one "1", or an
            unknown time zone.
        """
        _check_schedule(weekdays, timezone)
        async with self._tx() as tx:
            [inserted] = await tx.fetch(
                "INSERT INTO subscriptions"
                " (owner_kind, owner_id, question, time, timezone, weekdays, created_at,"
                " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    owner.kind,
                    owner.id,
                    question,
                    at.strftime("%H:%M"),
                    timezone,
                    weekdays,
                    stamp(now),
                    created_by if created_by is not None else _self_made(owner),
                ),
            )
        created = await self.get_subscription(inserted["id"])
        assert created is not None
        return created

    async def update_subscription(
        self,
        subscription_id: int,
        *,
        question: str,
        at: time,
        timezone: str | None,
        weekdays: str,
    ) -> Subscription | None:
        """Change a saved search's question, time, time zone and days (its digest history
        stays: only postings new since its last digest are sent); None if it is gone.

        :raises ValueError: a weekday mask or time zone `add_subscription` would refuse.
        """
        _check_schedule(weekdays, timezone)
        await self._write(
            "UPDATE subscriptions SET question = ?, time = ?, timezone = ?, weekdays = ?"
            " WHERE id = ?",
            (question, at.strftime("%H:%M"), timezone, weekdays, subscription_id),
        )
        return await self.get_subscription(subscription_id)

    async def get_subscription(self, subscription_id: int) -> Subscription | None:
        rows = await self._fetch("SELECT * FROM subscriptions WHERE id = ?", (subscription_id,))
        return _subscription(rows[0]) if rows else None

    async def list_subscriptions(self, owner: Owner) -> list[Subscription]:
        """The owner's subscriptions, oldest first: the order `remove_subscription` counts in."""
        rows = await self._fetch(
            "SELECT * FROM subscriptions WHERE owner_kind = ? AND owner_id = ? ORDER BY id",
            (owner.kind, owner.id),
        )
        return [_subscription(r) for r in rows]

    async def all_subscriptions(self) -> list[Subscription]:
        rows = await self._fetch("SELECT * FROM subscriptions ORDER BY id")
        return [_subscription(r) for r in rows]

    async def remove_subscription(self, owner: Owner, n: int) -> Subscription | None:
        """Remove the owner's `n`-th subscription (1-based, as listed); None if there is none."""
        if n < 1:
            return None
        async with self._tx() as tx:
            rows = await tx.fetch(
                "DELETE FROM subscriptions WHERE id = (SELECT id FROM subscriptions"
                " WHERE owner_kind = ? AND owner_id = ? ORDER BY id LIMIT 1 OFFSET ?)"
                " RETURNING *",
                (owner.kind, owner.id, n - 1),
            )
        return _subscription(rows[0]) if rows else None

    async def unsubscribe(self, subscription_id: int, *, owner: Owner) -> Subscription | None:
        """Remove a subscription by id (the Unsubscribe button), only if `owner` owns it."""
        found = await self.get_subscription(subscription_id)
        if found is None or found.owner != owner:
            return None
        changed = await self._write(
            "DELETE FROM subscriptions WHERE id = ? AND owner_kind = ? AND owner_id = ?",
            (subscription_id, owner.kind, owner.id),
        )
        return found if changed else None

    # ------------------------------------------------------------------ saved, hidden, feedback

    async def save_job(self, user: str, posting_id: str, *, now: datetime) -> bool:
        """Save a posting for a user; False if it was already saved."""
        return bool(
            await self._write(
                'INSERT INTO saved_jobs ("user", posting_id, saved_at) VALUES (?, ?, ?)'
                " ON CONFLICT DO NOTHING",
                (user, posting_id, stamp(now)),
            )
        )

    async def unsave_job(self, user: str, posting_id: str) -> bool:
        return bool(
            await self._write(
                'DELETE FROM saved_jobs WHERE "user" = ? AND posting_id = ?', (user, posting_id)
            )
        )

    async def saved_jobs(self, user: str) -> list[SavedJob]:
        """A user's saved postings, most recently saved first."""
        rows = await self._fetch(
            'SELECT "user", posting_id, saved_at FROM saved_jobs WHERE "user" = ?'
            " ORDER BY saved_at DESC, rowid DESC",
            (user,),
        )
        return [SavedJob(r["user"], r["posting_id"], unstamp(r["saved_at"])) for r in rows]

    async def hide_job(self, user: str, posting_id: str, *, now: datetime) -> bool:
        """Hide a posting from a user's answers and digests; False if it was already hidden."""
        return bool(
            await self._write(
                'INSERT INTO hidden_jobs ("user", posting_id, hidden_at) VALUES (?, ?, ?)'
                " ON CONFLICT DO NOTHING",
                (user, posting_id, stamp(now)),
            )
        )

    async def unhide_job(self, user: str, posting_id: str) -> bool:
        return bool(
            await self._write(
                'DELETE FROM hidden_jobs WHERE "user" = ? AND posting_id = ?', (user, posting_id)
            )
        )

    async def hidden_ids(self, user: str) -> set[str]:
        rows = await self._fetch('SELECT posting_id FROM hidden_jobs WHERE "user" = ?', (user,))
        return {r[0] for r in rows}

    async def record_feedback(
        self, user: str, posting_id: str, vote: int, *, now: datetime
    ) -> None:
        """One 👍 (+1) or 👎 (-1) per user and posting; the latest vote wins.

        Nothing in jobbot reads votes back yet: they are kept as the one judgment of relevance
        that comes from the people who use it, for the ranking work that reads the database
        (the relevance benchmarks grade with written rules instead).

        :raises ValueError: `vote` is not +1 or -1.
        """
        if vote not in (1, -1):
            raise ValueError(f"vote must be +1 or -1, not {vote!r}")
        await self._write(
            'INSERT INTO feedback ("user", posting_id, vote, at) VALUES (?, ?, ?, ?)'
            ' ON CONFLICT ("user", posting_id)'
            " DO UPDATE SET vote = excluded.vote, at = excluded.at",
            (user, posting_id, vote, stamp(now)),
        )

    # ------------------------------------------------------------------ Slack deliveries

    async def first_delivery(self, keys: Iterable[str], *, now: datetime, ttl: timedelta) -> bool:
        """True when none of `keys` was recorded by any process within `ttl`; all of them are
        recorded either way. Of several processes recording one key at once exactly one gets
        True (the key is unique; a racing insert waits for the first and then counts nothing).
        """
        usable = sorted({key for key in keys if key})
        if not usable:
            return True
        at = stamp(now)
        async with self._tx() as tx:
            if (
                self._deliveries_purged_at is None
                or now - self._deliveries_purged_at >= DELIVERY_PURGE_EVERY
            ):
                await tx.execute("DELETE FROM deliveries WHERE expires_at <= ?", (at,))
                self._deliveries_purged_at = now
            else:  # an expired key of these counts as new again
                among, param = self._engine.any_of(usable)
                await tx.execute(
                    f"DELETE FROM deliveries WHERE expires_at <= ? AND key {among}", (at, param)
                )
            expires = stamp(now + ttl)
            added = await tx.insert_rows(
                "deliveries", ("key", "expires_at"), [(key, expires) for key in usable]
            )
        return added == len(usable)

    # ------------------------------------------------------------------ query log

    async def log_query(
        self,
        question: str | None,
        *,
        hits: int,
        latency_ms: float,
        now: datetime,
        keep_days: int = QUERY_LOG_DAYS,
    ) -> None:
        """Log a search: its hit count and latency, and its text when `question` is given (the
        caller passes None for private questions). Rows older than `keep_days` are deleted as
        new ones arrive (at most once an hour), so nothing stays longer than that."""
        async with self._tx() as tx:
            await tx.execute(
                "INSERT INTO query_log (question, hits, latency_ms, at) VALUES (?, ?, ?, ?)",
                (question, hits, latency_ms, stamp(now)),
            )
            if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
                cutoff = stamp(now - timedelta(days=keep_days))
                await tx.execute("DELETE FROM query_log WHERE at < ?", (cutoff,))
                self._purged_at = now

    async def popular_questions(self, *, limit: int = 4) -> list[str]:
        """The questions asked most often in the kept query log (only questions asked in
        channels have their text kept), that found something; the newest wording of each."""
        rows = await self._fetch(
            "SELECT question, COUNT(*) AS n, MAX(id) AS newest FROM query_log"
            " WHERE question IS NOT NULL AND hits > 0"
            " GROUP BY lower(question) ORDER BY n DESC, newest DESC LIMIT ?",
            (limit,),
        )
        return [str(r["question"]) for r in rows]


def _subscription(row: Row) -> Subscription:
    hours, minutes = row["time"].split(":")
    return Subscription(
        id=row["id"],
        owner=Owner(row["owner_kind"], row["owner_id"]),
        question=row["question"],
        time=time(int(hours), int(minutes)),
        timezone=row["timezone"],
        weekdays=row["weekdays"],
        created_at=unstamp(row["created_at"]),
        created_by=row["created_by"],
    )


def _self_made(owner: Owner) -> str | None:
    """A person's own saved search is theirs; a channel's digest names no one unless told."""
    return owner.id if owner.kind == "user" else None


def _check_schedule(weekdays: str, timezone: str | None) -> None:
    """The schedule a saved search may have (one rule for adding and for editing one).

    :raises ValueError: a weekday mask that is not 7 of "0"/"1" with at least one "1", or an
        unknown time zone.
    """
    if len(weekdays) != 7 or set(weekdays) - {"0", "1"} or "1" not in weekdays:
        raise ValueError(f"weekdays must be 7 characters of 0/1, Monday first: {weekdays!r}")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone: {timezone!r}") from None
