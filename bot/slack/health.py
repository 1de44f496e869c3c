"""What `GET /healthz` reports (whether the index is loaded, its age, the Socket Mode state), and
`GET /readyz`: whether this process should get traffic — the index is loaded and the database
answers. A load balancer sends requests only to ready replicas; liveness stays `/healthz`."""

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
    database_problem: Callable[[], str | None] | None = None
    """Why the database cannot be written right now, or None; searching goes on regardless, so
    the status is "degraded" (still 200), not down."""

    sources: dict[str, dict[str, Any]] | None = None
    """Each ingest source's last success, last error and posting count; None without ingest."""
    database_ping: Callable[[], Awaitable[str | None]] | None = None
    """Asks the database a trivial question: None when it answers, else why not."""
    stopping: bool = False
    """Set on SIGTERM: not ready any more (the load balancer sends new work elsewhere) while the
    answers and the digests in flight finish."""
    _socket_seen: bool = False

    def loaded(self, postings: int) -> None:
        self.postings, self.loaded_at = postings, self.clock()

    async def report(self) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body). In Socket Mode it is 503 "connecting" until the first
        connection is up (Slack cannot reach the app before); a later drop says
        "reconnecting" and stays 200 (questions wait in Slack's queue, slack_sdk reconnects)."""
        socket: str | None = None
        if self.socket_connected is not None:
            if await self.socket_connected():
                socket, self._socket_seen = "connected", True
            else:
                socket = "reconnecting" if self._socket_seen else "connecting"
        if self.postings is None or self.loaded_at is None:
            return 503, {"status": "starting", "postings": None, "socket_mode": socket}
        if socket == "connecting":
            return 503, {"status": "connecting", "postings": self.postings, "socket_mode": socket}
        problem = self.database_problem() if self.database_problem is not None else None
        body: dict[str, Any] = {
            "status": "degraded" if problem else "ok",
            "postings": self.postings,
            "index_age_seconds": round(self.clock() - self.loaded_at, 3),
            "socket_mode": socket,
            "database": problem or "ok",
        }
        if self.sources is not None:
            body["sources"] = self.sources
        return 200, body

    async def readiness(self) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body): 200 only with the index loaded and the database answering,
        and never once the process is shutting down."""
        index = "loaded" if self.postings is not None else "loading"
        database = await self.database_ping() if self.database_ping is not None else None
        ready = index == "loaded" and database is None and not self.stopping
        body: dict[str, Any] = {"ready": ready, "index": index, "database": database or "ok"}
        if self.stopping:
            body["stopping"] = True
        return (200 if ready else 503), body
