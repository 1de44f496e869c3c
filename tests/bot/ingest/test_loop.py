"""bot/ingest/loop.py: passes in the background of `jobbot serve` — directly, and through the
real server: fake board → ingest → live index → `/jobs` finds the posting, `/healthz` says how
each source did, and a job removed from the board leaves the answers."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from pathlib import Path
from typing import Any

import aiohttp

from bot.ingest import BoardUrls, PassReport, parse_sources
from bot.ingest.loop import ingest_forever
from bot.settings import Settings
from bot.slack.server import run
from tests.support import FakeSlackWebAPI, post_signed, slash_command_body
from tests.support.harness import SECRET
from tests.support.job_boards import FakeJobBoards, Hang, greenhouse_job


async def test_a_pass_runs_at_once_then_every_interval_until_stopped(
    boards: FakeJobBoards, postings: Path
) -> None:
    boards.greenhouse["acme"] = [greenhouse_job(1, "Engineer")]
    config = parse_sources("sources:\n  - greenhouse: acme\nevery: 0.05s\n")
    urls = BoardUrls(boards.base_url, boards.base_url, boards.base_url)
    stop = asyncio.Event()
    reports: list[PassReport] = []

    async def heard(report: PassReport) -> None:
        reports.append(report)
        if len(reports) == 3:
            stop.set()

    await asyncio.wait_for(
        ingest_forever(config, root=postings, urls=urls, stop=stop, on_pass=heard), 30
    )
    assert [r.sources[0].new for r in reports] == [1, 0, 0]
    assert len(boards.requests_to("/v1/boards/acme/jobs")) == 3


async def test_stopping_cancels_a_pass_in_flight(boards: FakeJobBoards, postings: Path) -> None:
    boards.script("/v1/boards/acme/jobs", Hang())
    config = parse_sources("sources:\n  - greenhouse: acme\n")
    urls = BoardUrls(boards.base_url, boards.base_url, boards.base_url)
    stop = asyncio.Event()
    task = asyncio.create_task(ingest_forever(config, root=postings, urls=urls, stop=stop))
    while not boards.requests_to("/v1/boards/acme/jobs"):  # the pass is waiting on the board
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 10)
    assert task.done() and task.exception() is None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _health(port: int) -> dict[str, Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        return dict(await response.json()) if response.status == 200 else {}


async def _until(condition: Any, port: int, task: asyncio.Task[int]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:  # poll a condition, bounded: the first pass and the index load take a moment
        assert not task.done(), task.exception()
        with contextlib.suppress(aiohttp.ClientError):
            body = await _health(port)
            if body and condition(body):
                return body
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.05)


async def _ask(port: int, slack: FakeSlackWebAPI, text: str, key: str) -> str:
    body = slash_command_body(text=text, response_url=slack.response_url(key))
    status, _, _ = await post_signed(
        f"http://127.0.0.1:{port}", "/slack/events", body, secret=SECRET,
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert status == 200
    [reply] = await slack.wait_for(f"response_url:{key}")
    return json.dumps(reply.payload["blocks"])


async def test_serve_ingests_in_the_background_and_answers_from_it(
    boards: FakeJobBoards, settings: Settings, slack: FakeSlackWebAPI, tmp_path: Path
) -> None:
    boards.greenhouse["acme"] = [
        greenhouse_job(1, "Quantum Firmware Engineer", content="&lt;p&gt;Qubits in Rust.&lt;/p&gt;")
    ]
    (tmp_path / "sources.yml").write_text("sources:\n  - greenhouse: acme\nevery: 0.2s\n")
    (tmp_path / "postings").mkdir()  # empty: `jobbot serve` starts on a folder that exists
    port = _free_port()
    settings = settings.model_copy(
        update={
            "port": port, "postings_dir": tmp_path / "postings", "include_archived": False,
            "sources": tmp_path / "sources.yml", "greenhouse_url": boards.base_url,
        }
    )  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop=stop))
    try:
        body = await _until(lambda b: b.get("postings") == 1, port, task)
        assert body["sources"]["greenhouse:acme"]["postings"] == 1
        assert body["sources"]["greenhouse:acme"]["last_error"] is None
        assert "Quantum Firmware Engineer" in await _ask(port, slack, "quantum firmware", "q1")

        boards.greenhouse["acme"] = []  # the job leaves the board: it leaves the answers
        await _until(lambda b: b.get("postings") == 0, port, task)
        assert "Quantum Firmware Engineer" not in await _ask(port, slack, "quantum firmware", "q2")
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0
