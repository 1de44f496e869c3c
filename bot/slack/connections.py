"""HTTP connections that cannot pile up: an idle timeout, a cap on open connections, and enough
file descriptors for the cap.

Without these, a few hundred idle or half-sent connections stay open for an hour (aiohttp's
default keep-alive), and past the process's descriptor limit every accept fails — `/jobs` and
`/healthz` time out and the log fills with "Too many open files". Here a connection that has not
sent a whole request within `idle_timeout` is closed (headers trickling in count as idle), a
connection beyond the cap is answered 503 and closed at once, and the cap stays below the
descriptor limit. The body's own deadline is the request handler's (`read_body`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiohttp import web

from bot.logs import ThrottledLog

__all__ = ["DEFAULT_LIMITS", "CappedSite", "Limits", "listening", "raise_descriptor_limit"]

log = logging.getLogger("jobbot.server")

RESERVED_DESCRIPTORS = 128
"""Descriptors kept for everything but client connections: the database, the index's memory-
mapped files, the Web API client's sockets, logs."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How long a client may take and how many may be connected at once."""

    idle_timeout: float = 15.0
    """Seconds a connection may stay open without a complete request (also between requests)."""
    body_timeout: float = 10.0
    """Seconds a request's body may take to arrive once its headers have."""
    max_connections: int = 1000
    """Open client connections; more are refused with 503 (and fewer when descriptors are few)."""


DEFAULT_LIMITS = Limits()


def raise_descriptor_limit() -> int:
    """Raise this process's soft limit on open files to its hard limit; the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class _Refused(asyncio.Protocol):
    """A connection past the cap: told 503 in one write, then closed."""

    RESPONSE = (
        b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n"
        b"Retry-After: 1\r\n\r\n"
    )

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(self.RESPONSE)
        transport.close()


class CappedSite(web.TCPSite):
    """A TCP site that refuses connections once `cap` are open."""

    def __init__(self, runner: web.BaseRunner, host: str | None, port: int, *, cap: int) -> None:
        super().__init__(runner, host, port)
        self._cap = cap
        self._refusals = ThrottledLog(log)

    async def start(self) -> None:
        await web.BaseSite.start(self)  # registers the site with its runner
        server = self._runner.server
        assert server is not None

        def protocol() -> asyncio.BaseProtocol:
            if len(server.connections) >= self._cap:
                self._refusals.warning("refusing a connection: %d are open (the cap)", self._cap)
                return _Refused()
            handler: asyncio.BaseProtocol = server()
            return handler

        factory: Callable[[], asyncio.BaseProtocol] = protocol
        self._server = await asyncio.get_running_loop().create_server(
            factory, self._host, self._port, backlog=self._backlog, reuse_address=True
        )

    @property
    def bound_port(self) -> int:
        """The port actually listened on (useful with port 0)."""
        assert self._server is not None
        sockets = self._server.sockets  # type: ignore[attr-defined]
        return int(sockets[0].getsockname()[1])


@contextlib.asynccontextmanager
async def listening(
    web_app: web.Application,
    *,
    port: int,
    host: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    shutdown_timeout: float = 10.0,
) -> AsyncIterator[CappedSite]:
    """Serve `web_app` on `port` within `limits` until the block exits (requests in flight get
    `shutdown_timeout` seconds to finish).

    :raises OSError: the port cannot be bound.
    """
    cap = max(1, min(limits.max_connections, raise_descriptor_limit() - RESERVED_DESCRIPTORS))
    runner = web.AppRunner(
        web_app,
        access_log=None,
        shutdown_timeout=shutdown_timeout,
        keepalive_timeout=limits.idle_timeout,
        lingering_time=limits.body_timeout,  # after an early answer, the rest of a body
    )
    await runner.setup()
    try:
        site = CappedSite(runner, host, port, cap=cap)
        await site.start()
        yield site
    finally:
        await runner.cleanup()
