"""Remember recent Slack deliveries so a retried event never gets a second answer.

Slack re-sends an event it thinks went unacknowledged up to 3 times (`X-Slack-Retry-Num`), within
minutes, with the same `event_id`; the same message can also arrive as two events (a DM and a
mention) sharing one `client_msg_id`. `RecentKeys` is a small bounded TTL set of such keys. It is
pure (the clock is injected) and synchronous: check and insert happen without an `await` between
them, so two concurrent deliveries on one event loop cannot both pass.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

__all__ = ["RecentKeys"]


class RecentKeys:
    """A bounded set of keys that expire `ttl` seconds after they were first seen."""

    def __init__(
        self,
        *,
        ttl: float = 900.0,
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
