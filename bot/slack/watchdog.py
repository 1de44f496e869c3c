"""Socket Mode connections that behave like a service's: `PatientSocketModeClient` connects with
backoff and one log line per failed attempt, and `Watchdog` catches a connection that stalls while
reporting "connected".

slack_sdk's own `connect()` retries a failed connection every `ping_interval` seconds forever,
logging a full traceback each time, and only `close()` between attempts ends it; the patient
client replaces that loop (the session set-up is slack_sdk's, step for step).

slack_sdk's aiohttp client pings from its own monitor task and reconnects when pongs stop — as
long as that task runs and a pong was ever seen (`last_ping_pong_time` None counts as healthy).
This watchdog is the independent backstop: it pings the open session itself and, when no pong has
come back for `stall_after` seconds while the session still looks open, forces a new connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

import aiohttp
from slack_sdk.socket_mode.aiohttp import SocketModeClient

__all__ = ["PatientSocketModeClient", "Watchdog"]

log = logging.getLogger("jobbot.socket")


class PatientSocketModeClient(SocketModeClient):
    """slack_sdk's aiohttp Socket Mode client, connecting with exponential backoff
    (`first_delay` doubling up to `max_delay` seconds), a fresh URL for each attempt and one
    warning line per failure; closing it (or cancelling `connect`) ends the attempts at once."""

    def __init__(
        self, *args: Any, first_delay: float = 1.0, max_delay: float = 30.0, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.first_delay, self.max_delay = first_delay, max_delay
        self.failures = 0

    async def issue_new_wss_url(self) -> str:
        """The URL from `apps.connections.open`; a failure is raised for `connect` to report."""
        response = await self.web_client.apps_connections_open(app_token=self.app_token)
        return str(response["url"])

    async def connect(self) -> None:
        delay = self.first_delay
        while not self.closed:
            try:
                await self._open_session()
            except Exception as exc:  # any failure: the next attempt may work
                if self.closed:
                    return
                self.failures += 1
                self.wss_uri = None  # a Socket Mode URL is good for one connection
                reason = str(exc).strip() or type(exc).__name__
                log.warning(
                    "Socket Mode: cannot connect (%s); attempt %d, next in %.0f s",
                    reason, self.failures, delay,
                )  # fmt: skip
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_delay)
                continue
            log.info("connected to Slack over Socket Mode")
            self.failures = 0
            return

    async def _open_session(self) -> None:
        """One attempt, as slack_sdk's `connect` makes it: close the old session, open the new
        one, ping it, and run a monitor and a receiver for it."""
        old = self.current_session
        self.auto_reconnect_enabled = False
        if old is not None:
            with contextlib.suppress(Exception):  # a broken old session may fail to close
                await old.close()
        if self.aiohttp_client_session.closed:
            self.aiohttp_client_session = aiohttp.ClientSession()
        if self.wss_uri is None:
            self.wss_uri = await self.issue_new_wss_url()
        ssl = self.web_client.ssl if self.web_client.ssl is not None else True
        session = await self.aiohttp_client_session.ws_connect(
            self.wss_uri, autoping=False, heartbeat=self.ping_interval, proxy=self.proxy, ssl=ssl
        )
        self.current_session = session
        self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        self.stale = False
        await session.ping(f"sdk-ping-pong:{time.time()}".encode())
        if self.current_session_monitor is not None:
            self.current_session_monitor.cancel()
        self.current_session_monitor = asyncio.ensure_future(self.monitor_current_session())
        if self.message_receiver is not None:
            self.message_receiver.cancel()
        self.message_receiver = asyncio.ensure_future(self.receive_messages())


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
