"""`jobbot bench slack`: how fast the real app acks and answers `/jobs` under concurrent load.

Everything runs on loopback: a minimal stand-in for the Slack Web API and response URLs, the real
app behind its aiohttp server, and a client firing signed slash commands. "ack" is the time to the
HTTP response (Slack's 3 s rule); "answer" is the time until the cards reach the response URL.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import secrets
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from bot.answers import Answers
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.health import Health
from bot.slack.server import EVENTS_PATH, make_web_app
from index import open_index

__all__ = ["QUESTIONS", "format_slack_bench", "run_slack_bench"]

HOST = "127.0.0.1"
ANSWER_TIMEOUT = 60.0

QUESTIONS: tuple[str, ...] = (
    "remote SRE jobs with Terraform",
    "senior python backend in Berlin",
    "hybrid product designer in Toronto",
    "kubernetes platform engineer",
    "data engineer spark remote",
    "react frontend contract",
    "golang backend remote europe",
    "machine learning engineer",
    "devops azure",
    "help",
)


class _FakeSlack:
    """Answers the Web API (`auth.test` and any other method: ok) and timestamps response URLs."""

    def __init__(self) -> None:
        self.arrivals: dict[str, asyncio.Future[float]] = {}
        self._runner: web.AppRunner | None = None
        self.root = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, 0).start()
        self.root = f"http://{HOST}:{self._runner.addresses[0][1]}/"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def expect(self, name: str) -> str:
        self.arrivals[name] = asyncio.get_running_loop().create_future()
        return f"{self.root}response/{name}"

    async def _api(self, request: web.Request) -> web.Response:
        await request.read()
        if request.match_info["method"] == "auth.test":
            return web.json_response(
                {"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT", "user": "jobbot"}
            )
        return web.json_response({"ok": True})

    async def _response(self, request: web.Request) -> web.Response:
        await request.read()
        future = self.arrivals.get(request.match_info["name"])
        if future is not None and not future.done():
            future.set_result(time.perf_counter())
        return web.json_response({"ok": True})


def _percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) in milliseconds, rounded; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))] * 1000, 2)


def _summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50": _percentile(values, 0.5),
        "p99": _percentile(values, 0.99),
        "max": _percentile(values, 1.0),
    }


async def run_slack_bench(
    index_postings_dir: Path,
    *,
    requests: int = 200,
    concurrency: int = 200,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """Fire `requests` signed `/jobs` commands, at most `concurrency` at once, at the real app.

    Returns the postings count and, in milliseconds, p50/p99/max of the ack time and of the time
    until the answer arrived at the response URL, plus how many requests failed or timed out.
    The index comes from `index.open_index`, saved in `cache_dir` (default: the usual cache folder).
    """
    secret = secrets.token_hex(16)
    slack = _FakeSlack()
    await slack.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr("xoxb-bench"),
        slack_signing_secret=SecretStr(secret),
        slack_api_url=slack.root + "api/",
        postings_dir=index_postings_dir,
    )
    if cache_dir is not None:
        settings = settings.model_copy(update={"cache_dir": cache_dir})
    index, _, _ = await asyncio.to_thread(
        open_index, settings.postings_dir, **settings.index_options
    )
    app = create_app(settings, answers=Answers(lambda: index))
    runner = web.AppRunner(make_web_app(app, Health(), signing_secret=secret), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, 0).start()
    url = f"http://{HOST}:{runner.addresses[0][1]}{EVENTS_PATH}"
    verifier = SignatureVerifier(secret)
    names = (f"b{n}" for n in itertools.count())
    gate = asyncio.Semaphore(max(1, concurrency))
    acks: list[float] = []
    answers: list[float] = []
    failures = 0

    async def one(session: aiohttp.ClientSession, question: str, *, record: bool) -> None:
        nonlocal failures
        name = next(names)
        body = urlencode(
            {"command": "/jobs", "text": question, "user_id": "U1", "channel_id": "C1",
             "team_id": "T1", "response_url": slack.expect(name), "trigger_id": "t"}
        )  # fmt: skip
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=body) or "",
        }
        async with gate:
            start = time.perf_counter()
            try:
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    acked = time.perf_counter()
                    response.raise_for_status()
                arrived = await asyncio.wait_for(slack.arrivals[name], ANSWER_TIMEOUT)
            except (aiohttp.ClientError, TimeoutError):
                failures += record
                return
        if record:
            acks.append(acked - start)
            answers.append(arrived - start)

    try:
        connector = aiohttp.TCPConnector(limit=max(1, concurrency))
        async with aiohttp.ClientSession(connector=connector) as session:
            await one(session, QUESTIONS[0], record=False)  # warm-up: auth.test, first search
            await asyncio.gather(
                *(one(session, QUESTIONS[n % len(QUESTIONS)], record=True) for n in range(requests))
            )
    finally:
        await runner.cleanup()
        await slack.close()
    return {
        "postings": len(index),
        "requests": requests,
        "concurrency": concurrency,
        "failures": failures,
        "ack_ms": _summary(acks),
        "answer_ms": _summary(answers),
    }


def format_slack_bench(result: dict[str, Any]) -> str:
    """A few aligned lines for the terminal."""
    ack, answer = result["ack_ms"], result["answer_ms"]
    return "\n".join(
        [
            f"slack bench: {result['requests']} /jobs requests, {result['concurrency']} at once, "
            f"{result['postings']} postings, {result['failures']} failed",
            f"  ack     p50 {ack['p50']:8.2f} ms   p99 {ack['p99']:8.2f} ms   "
            f"max {ack['max']:8.2f} ms   (Slack allows 3000 ms)",
            f"  answer  p50 {answer['p50']:8.2f} ms   p99 {answer['p99']:8.2f} ms   "
            f"max {answer['max']:8.2f} ms",
        ]
    )
