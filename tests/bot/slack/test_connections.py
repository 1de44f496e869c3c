"""bot/slack/connections.py: idle and half-sent connections are closed, a slow body gets 408,
connections past the cap get 503 — through raw sockets at the real server."""

from __future__ import annotations

import asyncio
import resource
from urllib.parse import urlparse

from bot.slack.connections import Limits, raise_descriptor_limit
from tests.support.harness import Served, StartApp

QUICK = Limits(idle_timeout=0.3, body_timeout=0.3, max_connections=3)


async def connect(served: Served) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    url = urlparse(served.url)
    assert url.hostname is not None and url.port is not None
    return await asyncio.open_connection(url.hostname, url.port)


async def closed_by_server(reader: asyncio.StreamReader, *, within: float = 5.0) -> bytes:
    """Everything the server sent until it closed the connection (fails if it never does)."""
    return await asyncio.wait_for(reader.read(), within)


async def test_a_connection_that_sends_nothing_is_closed_after_the_idle_timeout(
    start_app: StartApp,
) -> None:
    served = await start_app(limits=QUICK)
    reader, writer = await connect(served)

    assert await closed_by_server(reader) == b""
    writer.close()


async def test_headers_that_never_finish_are_closed_like_an_idle_connection(
    start_app: StartApp,
) -> None:
    served = await start_app(limits=QUICK)
    reader, writer = await connect(served)
    writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: applica")
    await writer.drain()

    assert await closed_by_server(reader) == b""
    writer.close()


async def test_a_body_that_stops_arriving_gets_408(start_app: StartApp) -> None:
    served = await start_app(limits=QUICK)
    reader, writer = await connect(served)
    writer.write(
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 1000\r\n\r\n{"type": '
    )
    await writer.drain()

    answer = await closed_by_server(reader)
    writer.close()

    assert answer.startswith(b"HTTP/1.1 408")


async def test_connections_past_the_cap_get_503_and_the_server_recovers(
    start_app: StartApp,
) -> None:
    served = await start_app(limits=Limits(idle_timeout=30, max_connections=3))
    held = [await connect(served) for _ in range(3)]
    await asyncio.sleep(0)  # let the server register them

    reader, writer = await connect(served)
    refused = await closed_by_server(reader)
    writer.close()
    for _, w in held:
        w.close()
        await w.wait_closed()
    healthy_again = await _health_status(served)

    assert refused.startswith(b"HTTP/1.1 503")
    assert healthy_again == b"HTTP/1.1 200 OK"


async def _health_status(served: Served, *, attempts: int = 50) -> bytes:
    """The status line of GET /healthz, once the server has noticed the freed connections."""
    for _ in range(attempts):
        reader, writer = await connect(served)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        await writer.drain()
        line = (await asyncio.wait_for(reader.readline(), 5)).strip()
        writer.close()
        if not line.startswith(b"HTTP/1.1 503"):
            return line
        await asyncio.sleep(0.02)
    return line


def test_the_descriptor_limit_is_raised_to_the_hard_limit() -> None:
    soft = raise_descriptor_limit()

    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    assert soft == hard or hard == resource.RLIM_INFINITY
