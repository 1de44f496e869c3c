"""A ping/pong watchdog for Socket Mode connections that stall while reporting "connected".

slack_sdk's aiohttp client pings from its own monitor task and reconnects when pongs stop — as
long as that task runs and a pong was ever seen (`last_ping_pong_time` None counts as healthy).
This watchdog is the independent backstop: it pings the open session itself and, when no pong has
come back for `stall_after` seconds while the session still looks open, forces a new connection.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Protocol

import aiohttp

__all__ = ["Watchdog"]

log = logging.getLogger("jobbot.socket")


class _Session(Protocol):
    @property
    def closed(self) -> bool: ...

    async def ping(self, message: bytes = b"") -> None: ...


class _SocketClient(Protocol):
    """The parts of `slack_sdk.socket_mode.aiohttp.SocketModeClient` the watchdog uses."""

    closed: bool
    last_ping_pong_time: float | None

    @property
    def current_session(self) -> _Session | None: ...

    async def connect_to_new_endpoint(self, force: bool = False) -> None: ...


class Watchdog:
    """Reconnects a Socket Mode client whose open session has stopped answering pings."""

    def __init__(
        self,
        client: _SocketClient,
        *,
        stall_after: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.stall_after = stall_after
        self._clock = clock  # wall time: slack_sdk stamps pongs with time.time()
        self._session: _Session | None = None
        self._alive_at = 0.0
        self.reconnects = 0

    async def check(self) -> bool:
        """Ping once; reconnect if the session looks open but has been silent too long.

        Returns True when it forced a reconnect. A closed session is left to slack_sdk's own
        reconnect logic: only the "open but silent" case is ours.
        """
        session = self.client.current_session
        if self.client.closed or session is None or session.closed:
            return False
        now = self._clock()
        if session is not self._session:  # a new connection gets a full grace period
            self._session, self._alive_at = session, now
        pong = self.client.last_ping_pong_time
        if pong is not None and pong > self._alive_at:
            self._alive_at = pong
        if now - self._alive_at > self.stall_after:
            log.warning("Socket Mode session silent for %.0f s; reconnecting", now - self._alive_at)
            self._session = None
            self.reconnects += 1
            await self.client.connect_to_new_endpoint(force=True)
            return True
        try:  # the pong, stamped with this time, lands in last_ping_pong_time
            await session.ping(f"sdk-ping-pong:{now}".encode())
        except (ConnectionError, aiohttp.ClientError) as exc:
            log.info("Socket Mode ping failed: %s", exc)
        return False

    async def run(self, *, every: float = 10.0) -> None:
        """Check forever (until cancelled); a failed check is logged and the next one runs."""
        while True:
            await asyncio.sleep(every)
            try:
                await self.check()
            except Exception:  # a supervisor must outlive any single failure
                log.exception("Socket Mode watchdog check failed")
