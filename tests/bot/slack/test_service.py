"""`jobbot serve` as a service: a real process, stopped by real SIGTERM and SIGINT in HTTP mode
and while Socket Mode cannot connect; its log says where it listens, each failed connection
attempt is one line with a growing delay, and `/healthz` says "connecting" until connected."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest

from bot.slack.server import unless_stopped
from tests.bot.slack.test_server import free_port
from tests.support import FakeSlackWebAPI
from tests.support.harness import SECRET
from tests.support.paths import ROOT, SEEDS

PATIENCE = 60.0
"""Seconds a liveness check allows (generous: a loaded machine), never a timing assertion."""
SIGNALS = [signal.SIGTERM, signal.SIGINT]


class Service:
    """A `jobbot serve` process and the lines it has logged so far."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process, self.port = process, port
        self.lines: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            self.lines.append(raw.decode().rstrip("\n"))

    async def wait_for_line(self, pattern: str, *, count: int = 1) -> list[str]:
        async with asyncio.timeout(PATIENCE):
            while len(found := [line for line in self.lines if re.search(pattern, line)]) < count:
                if self.process.returncode is not None:
                    break
                await asyncio.sleep(0.05)
        assert len(found) >= count, f"no {pattern!r} ×{count} in:\n" + "\n".join(self.lines)
        return found

    async def health(self) -> tuple[int, dict[str, object]]:
        url = f"http://127.0.0.1:{self.port}/healthz"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            return response.status, await response.json()

    async def stop(self, sig: signal.Signals) -> int:
        self.process.send_signal(sig)
        async with asyncio.timeout(PATIENCE):  # liveness: it must end by itself
            code = await self.process.wait()
        await self._reader
        return code


Start = Callable[..., Awaitable[Service]]
"""Starts `jobbot serve` with these Slack variables (the bot token is always set)."""


@pytest.fixture
async def start(tmp_path: Path) -> AsyncIterator[Start]:
    started: list[asyncio.subprocess.Process] = []

    async def _start(**slack_env: str) -> Service:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "JOBBOT_"))}
        env.update(
            PYTHONPATH=str(ROOT),
            PORT=str(port),
            JOBBOT_POSTINGS_DIR=str(SEEDS),
            JOBBOT_DATABASE=str(tmp_path / "jobbot.sqlite3"),
            JOBBOT_CACHE_DIR=str(tmp_path / "cache"),
            SLACK_BOT_TOKEN="xoxb-test",
            **slack_env,
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve",
            cwd=tmp_path, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        started.append(process)
        return Service(process, port)

    yield _start
    for process in started:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
async def test_http_mode_says_where_it_listens_and_stops_on_a_signal(
    start: Start, sig: signal.Signals
) -> None:
    async with FakeSlackWebAPI() as slack:
        service = await start(SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.base_url)
        await service.wait_for_line(f"listening on port {service.port}")
        await service.wait_for_line(r"index ready: 85 postings")
        assert (await service.health())[0] == 200

        code = await service.stop(sig)

    assert code == 0
    assert any("shutting down" in line for line in service.lines)
    assert not [line for line in service.lines if "Traceback" in line or "unused" in line]


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
async def test_while_socket_mode_cannot_connect_it_backs_off_reports_connecting_and_stops(
    start: Start, sig: signal.Signals
) -> None:
    refused = f"ws://127.0.0.1:{free_port()}/link"  # nothing listens there
    async with FakeSlackWebAPI() as slack:
        slack.answers["apps.connections.open"] = {"ok": True, "url": refused}
        service = await start(SLACK_APP_TOKEN="xapp-test", SLACK_API_URL=slack.base_url)
        failures = await service.wait_for_line(r"Socket Mode: cannot connect", count=3)
        await service.wait_for_line(r"index ready: 85 postings")
        status, body = await service.health()

        code = await service.stop(sig)
        opened = len(slack.calls_to("apps.connections.open"))

    assert code == 0
    assert (status, body["status"], body["socket_mode"]) == (503, "connecting", "connecting")
    delays = [float(re.findall(r"next in (\d+) s", line)[0]) for line in failures[:3]]
    assert delays == [1.0, 2.0, 4.0]  # each attempt waits twice as long as the one before
    assert opened >= 3  # a fresh URL for every attempt
    assert not [line for line in service.lines if "Traceback" in line or "unused" in line]
    assert all(line.startswith("20") for line in service.lines), service.lines  # one line each
    assert any("connecting to Slack over Socket Mode" in line for line in service.lines)


async def test_a_stop_during_an_index_build_returns_at_once_and_a_build_that_ends_is_kept() -> None:
    release, stop = threading.Event(), asyncio.Event()

    def endless_build() -> str:  # a folder of a million postings, as far as the server knows
        release.wait(PATIENCE)
        return "index"

    def broken_build() -> str:
        raise ValueError("unreadable folder")

    waiting = asyncio.create_task(unless_stopped(endless_build, stop))
    await asyncio.sleep(0)
    stop.set()
    async with asyncio.timeout(PATIENCE):  # liveness: it does not wait for the build
        stopped = await waiting
    still_building = not release.is_set()
    release.set()

    assert stopped is None and still_building
    assert await unless_stopped(lambda: "index", asyncio.Event()) == "index"
    with pytest.raises(ValueError, match="unreadable folder"):
        await unless_stopped(broken_build, asyncio.Event())
