"""Remember recent Slack deliveries so a retried event never gets a second answer.

Slack re-sends an event it thinks went unacknowledged up to 3 times (`X-Slack-Retry-Num`), within
minutes, with the same `event_id`; the same message can also arrive as two events (a DM and a
mention) sharing one `client_msg_id`. `RecentKeys` is a small bounded TTL set of such keys. It is
pure (the clock is injected) and synchronous: check and insert happen without an `await` between
them, so two concurrent deliveries on one event loop cannot both pass.

A retry can also reach another replica. `Deliveries` asks `RecentKeys` first (this process's
retries cost no query), then the store, whose `deliveries` table every process on the database
shares (`Store.first_delivery`, with the same time limit).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from bot.storage import Store, StoreError

__all__ = ["DELIVERY_TTL", "Deliveries", "RecentKeys"]

DELIVERY_TTL = 900.0
"""Seconds a delivery is remembered: Slack's retries come within minutes."""

log = logging.getLogger(__name__)


class RecentKeys:
    """A bounded set of keys that expire `ttl` seconds after they were first seen."""

    def __init__(
        self,
        *,
        ttl: float = DELIVERY_TTL,
        max_size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl <= 0 or max_size < 1:
            raise ValueError("ttl must be positive and max_size at least 1")
        self._ttl = ttl
        self._max_size = max_size
        self._clock = clock
        self._expiry: OrderedDict[str, float] = OrderedDict()  # insertion order = expiry order

    def __len__(self) -> int:
        self._expire(self._clock())
        return len(self._expiry)

    def __contains__(self, key: object) -> bool:
        self._expire(self._clock())
        return key in self._expiry

    def first_time(self, keys: Iterable[str | None]) -> bool:
        """True when none of `keys` was seen within the TTL; then all of them are remembered.

        Empty or None keys are ignored; with no usable key at all the delivery counts as new
        (there is nothing to recognise it by).
        """
        now = self._clock()
        self._expire(now)
        usable = [key for key in keys if key]
        if any(key in self._expiry for key in usable):
            return False
        for key in usable:
            self._expiry[key] = now + self._ttl
        while len(self._expiry) > self._max_size:
            self._expiry.popitem(last=False)
        return True

    def _expire(self, now: float) -> None:
        while self._expiry:
            key, expires = next(iter(self._expiry.items()))
            if expires > now:
                break
            del self._expiry[key]


class Deliveries:
    """Deliveries seen by this process (`RecentKeys`) or by any process on the `store`."""

    def __init__(
        self,
        recent: RecentKeys,
        store: Store | None,
        *,
        ttl: float = DELIVERY_TTL,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.recent = recent
        self._store = store
        self._ttl = timedelta(seconds=ttl)
        self._clock = clock

    async def first_time(self, keys: Iterable[str | None]) -> bool:
        """True when no process answered any of `keys` within the time limit.

        A database that cannot be written answers True: answering a retry twice is better than
        answering a question never (the store's health reports the problem).
        """
        usable = [key for key in keys if key]
        if not self.recent.first_time(usable):
            return False
        if self._store is None:
            return True
        try:
            return await self._store.first_delivery(usable, now=self._clock(), ttl=self._ttl)
        except StoreError as exc:
            log.warning("delivery check skipped: %s", exc)
            return True
