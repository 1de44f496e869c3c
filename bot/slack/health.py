"""What `GET /healthz` reports: whether the index is loaded, its age, the Socket Mode state."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Health", "IndexNotReady"]


class IndexNotReady(RuntimeError):
    """A question arrived while the index was still loading."""


@dataclass(slots=True)
class Health:
    """What `/healthz` reports; `loaded` flips it from 503 to 200."""

    clock: Callable[[], float] = time.time
    postings: int | None = None
    loaded_at: float | None = None
    socket_connected: Callable[[], Awaitable[bool]] | None = None
    """Set in Socket Mode only; HTTP mode reports `"socket_mode": null`."""

    def loaded(self, postings: int) -> None:
        self.postings, self.loaded_at = postings, self.clock()

    async def report(self) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body)."""
        socket: str | None = None
        if self.socket_connected is not None:
            socket = "connected" if await self.socket_connected() else "disconnected"
        if self.postings is None or self.loaded_at is None:
            return 503, {"status": "starting", "postings": None, "socket_mode": socket}
        return 200, {
            "status": "ok",
            "postings": self.postings,
            "index_age_seconds": round(self.clock() - self.loaded_at, 3),
            "socket_mode": socket,
        }
