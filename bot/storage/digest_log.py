"""The digest bookkeeping under `Store`: when postings were first seen, what each target was
sent, and the run log keyed by (target, local date) that stops a restart from skipping or
doubling a digest (docs/architecture.md, "Digests").

`claim_run` is the one gate to sending: atomic across processes, so of several schedulers on one
database exactly one sends each digest. On PostgreSQL a claim is also held as a lease by the
claiming process (`Engine.hold`): it is freed the moment that process dies, so another process
takes the run over at once; on SQLite a claim older than `STALE_CLAIM` counts as abandoned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from bot.storage.database import Database, stamp, unstamp, unstamp_or_none
from bot.storage.engine import Row, Tx

__all__ = ["MAX_ERROR_CHARS", "STALE_CLAIM", "DigestLog", "DigestRun", "RunState"]

RunState = Literal["claimed", "sent", "failed", "pending"]

STALE_CLAIM = timedelta(minutes=10)
"""A claim older than this belongs to a worker that died mid-send; another may take it over."""
MAX_ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class DigestRun:
    """One target's digest for one local date: the log that stops skips and doubles."""

    target: str
    local_date: date
    state: RunState
    claimed_by: str | None
    claimed_at: datetime | None
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    message_ts: str | None
    last_error: str | None
    posting_at: datetime | None = None
    """When a worker was about to post this run's message; None if none ever was."""


class DigestLog(Database):
    """First-seen times, sent postings and digest runs; `Store` adds the rest."""

    @property
    def claims_open_after(self) -> timedelta:
        """How old a claim must be before a planner offers its run to `claim_run` again: at once
        where claims are leases (`claim_run` refuses while the holder lives), else `STALE_CLAIM`.
        """
        return timedelta(0) if self._engine.leases else STALE_CLAIM

    async def record_first_seen(self, posting_ids: Iterable[str], *, now: datetime) -> int:
        """Remember when each id first appeared to jobbot; ids already known keep their time.

        Returns how many ids were new.
        """
        at = stamp(now)
        async with self._tx() as tx:
            return await tx.insert_rows(
                "first_seen", ("posting_id", "first_seen_at"), ((pid, at) for pid in posting_ids)
            )

    async def first_seen_of(self, posting_ids: Iterable[str]) -> dict[str, datetime]:
        """When each of `posting_ids` was first seen; ids never recorded are absent."""
        among, ids = self._engine.any_of(posting_ids)
        rows = await self._fetch(
            f"SELECT posting_id, first_seen_at FROM first_seen WHERE posting_id {among}", (ids,)
        )
        return {r["posting_id"]: unstamp(r["first_seen_at"]) for r in rows}

    async def mark_sent(self, target: str, posting_ids: Iterable[str], *, now: datetime) -> None:
        """Record that `target` was shown these postings, so no digest repeats them."""
        async with self._tx() as tx:
            await _mark_sent(tx, target, posting_ids, now)

    async def sent_ids(self, target: str) -> set[str]:
        rows = await self._fetch("SELECT posting_id FROM sent_postings WHERE target = ?", (target,))
        return {r[0] for r in rows}

    # ------------------------------------------------------------------ digest runs

    async def claim_run(
        self,
        target: str,
        local_date: date,
        *,
        worker: str,
        now: datetime,
        stale_after: timedelta = STALE_CLAIM,
    ) -> bool:
        """Claim the (target, local date) digest for `worker`; True for exactly one claimer.

        A new run is inserted as 'claimed'. An existing one can be taken only when it is a
        'pending' retry whose time has come, or a 'claimed' run whose worker died mid-send: on
        PostgreSQL one whose lease is free (its process is gone), on SQLite one older than
        `stale_after`. 'sent' and 'failed' runs are never claimed again: one digest per target
        and local date. Atomic across processes (one transaction, behind the lease).
        """
        key = _lease_key(target, local_date)
        if not await self._engine.hold(key):
            return False  # a live process is sending it
        won = False
        try:
            at = stamp(now)
            async with self._tx() as tx:
                inserted = await tx.execute(
                    "INSERT INTO digest_runs"
                    " (target, local_date, state, claimed_by, claimed_at, attempts)"
                    " VALUES (?, ?, 'claimed', ?, ?, 1) ON CONFLICT DO NOTHING",
                    (target, local_date.isoformat(), worker, at),
                )
                won = bool(inserted) or bool(
                    await tx.execute(
                        "UPDATE digest_runs SET state = 'claimed', claimed_by = ?,"
                        " claimed_at = ?, attempts = attempts + 1"
                        " WHERE target = ? AND local_date = ? AND ("
                        "  (state = 'pending' AND (next_attempt_at IS NULL"
                        "   OR next_attempt_at <= ?))"
                        "  OR (state = 'claimed' AND (claimed_at <= ? OR ?)))",
                        (
                            worker,
                            at,
                            target,
                            local_date.isoformat(),
                            at,
                            stamp(now - stale_after),
                            self._engine.leases,
                        ),
                    )
                )
        finally:
            if not won:
                await self._engine.release(key)
        return won

    async def mark_posting(
        self, target: str, local_date: date, *, worker: str, now: datetime
    ) -> bool:
        """Record, before posting, that `worker` is about to post the run's message (committed
        first, so a crash after the post leaves a trace). False when the claim is not its own."""
        changed = await self._write(
            "UPDATE digest_runs SET posting_at = ?"
            " WHERE target = ? AND local_date = ? AND state = 'claimed' AND claimed_by = ?",
            (stamp(now), target, local_date.isoformat(), worker),
        )
        return bool(changed)

    async def finish_run(
        self,
        target: str,
        local_date: date,
        *,
        worker: str,
        now: datetime,
        message_ts: str | None,
        posting_ids: Iterable[str] = (),
    ) -> bool:
        """Mark a claimed run 'sent' and its postings sent, in one transaction.

        `message_ts` None records a quiet day: the day is done, nothing was posted. Returns
        False (and changes nothing) when `worker` no longer holds the claim.
        """
        async with self._tx() as tx:
            changed = await tx.execute(
                "UPDATE digest_runs SET state = 'sent', sent_at = ?, message_ts = ?,"
                " next_attempt_at = NULL"
                " WHERE target = ? AND local_date = ? AND state = 'claimed' AND claimed_by = ?",
                (stamp(now), message_ts, target, local_date.isoformat(), worker),
            )
            if changed:
                await _mark_sent(tx, target, posting_ids, now)
        # Either way this process is done with the run: a claim it no longer holds keeps no lease.
        await self._engine.release(_lease_key(target, local_date))
        return bool(changed)

    async def fail_run(
        self,
        target: str,
        local_date: date,
        *,
        error: str,
        retry_at: datetime | None,
        worker: str | None = None,
    ) -> None:
        """Record a failed attempt. With `retry_at` the run stays 'pending' and is claimable
        again from then on; without, it becomes 'failed' (an error retrying cannot fix). The
        row is never dropped. With `worker`, only that worker's claim is changed."""
        state = "pending" if retry_at is not None else "failed"
        sql = (
            "UPDATE digest_runs SET state = ?, next_attempt_at = ?, last_error = ?"
            " WHERE target = ? AND local_date = ? AND state = 'claimed'"
        )
        params: list[Any] = [
            state,
            None if retry_at is None else stamp(retry_at),
            error[:MAX_ERROR_CHARS],
            target,
            local_date.isoformat(),
        ]
        if worker is not None:
            sql += " AND claimed_by = ?"
            params.append(worker)
        await self._write(sql, params)
        await self._engine.release(_lease_key(target, local_date))

    async def get_run(self, target: str, local_date: date) -> DigestRun | None:
        rows = await self._fetch(
            "SELECT * FROM digest_runs WHERE target = ? AND local_date = ?",
            (target, local_date.isoformat()),
        )
        return _run(rows[0]) if rows else None

    async def runs_since(self, local_date: date) -> list[DigestRun]:
        """Every run on or after `local_date` (any target): the log the scheduler plans with."""
        rows = await self._fetch(
            "SELECT * FROM digest_runs WHERE local_date >= ? ORDER BY local_date, target",
            (local_date.isoformat(),),
        )
        return [_run(r) for r in rows]

    async def last_sent_run(self, target: str) -> DigestRun | None:
        """The target's latest run that posted a message (quiet days do not count)."""
        rows = await self._fetch(
            "SELECT * FROM digest_runs WHERE target = ? AND state = 'sent'"
            " AND message_ts IS NOT NULL ORDER BY local_date DESC, sent_at DESC LIMIT 1",
            (target,),
        )
        return _run(rows[0]) if rows else None


async def _mark_sent(tx: Tx, target: str, posting_ids: Iterable[str], now: datetime) -> None:
    at = stamp(now)
    await tx.insert_rows(
        "sent_postings",
        ("target", "posting_id", "sent_at"),
        ((target, pid, at) for pid in posting_ids),
    )


def _lease_key(target: str, local_date: date) -> str:
    return f"digest:{target}:{local_date.isoformat()}"


def _run(row: Row) -> DigestRun:
    return DigestRun(
        target=row["target"],
        local_date=date.fromisoformat(row["local_date"]),
        state=row["state"],
        claimed_by=row["claimed_by"],
        claimed_at=unstamp_or_none(row["claimed_at"]),
        attempts=row["attempts"],
        next_attempt_at=unstamp_or_none(row["next_attempt_at"]),
        sent_at=unstamp_or_none(row["sent_at"]),
        message_ts=row["message_ts"],
        last_error=row["last_error"],
        posting_at=unstamp_or_none(row["posting_at"]),
    )
