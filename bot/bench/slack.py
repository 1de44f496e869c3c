"""`jobbot bench slack`: how fast the real app acks and answers `/jobs` under concurrent load —
while other clients flood it with 40,000-character DMs — and how digests fan out when one
channel hangs and another is rate-limited.

Everything runs on loopback: a minimal stand-in for the Slack Web API and response URLs, the real
app behind its aiohttp server, and a client firing signed slash commands. "ack" is the time to the
HTTP response (Slack's 3 s rule); "answer" is the time until the cards reach the response URL.
The digest part runs the real scheduler and Web API client on a temporary database: 50 channel
digests due at once, one channel never answering, one answering 429 with `Retry-After: 40`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import secrets
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from bot.answers import Answers
from bot.digests.scheduler import Scheduler
from bot.settings import Settings
from bot.slack.app import create_app, create_client
from bot.slack.connections import listening
from bot.slack.health import Health
from bot.slack.server import EVENTS_PATH, make_web_app
from bot.storage import Owner, Store
from index import open_index

__all__ = [
    "QUESTIONS",
    "format_digest_bench",
    "format_slack_bench",
    "main",
    "run_digest_bench",
    "run_slack_bench",
]

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
    """Answers the Web API (`auth.test` and any other method: ok) and timestamps response URLs
    and posts; one channel's posts can hang for good, another's be rate-limited."""

    def __init__(self, *, hang: str | None = None, limit: str | None = None) -> None:
        self.arrivals: dict[str, asyncio.Future[float]] = {}
        self.posted: dict[str, float] = {}
        self.hang, self.limit = hang, limit
        self._stop = asyncio.Event()
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
        self._stop.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def expect(self, name: str) -> str:
        self.arrivals[name] = asyncio.get_running_loop().create_future()
        return f"{self.root}response/{name}"

    async def _api(self, request: web.Request) -> web.Response:
        raw = await request.read()
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT", "user": "jobbot"}
            )
        if method == "chat.postMessage":
            channel = str(json.loads(raw or b"{}").get("channel", ""))
            if channel == self.hang:
                await self._stop.wait()  # never answers while the bench runs
            if channel == self.limit:
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "40"}
                )
            self.posted.setdefault(channel, time.perf_counter())
            return web.json_response({"ok": True, "channel": channel, "ts": f"{time.time():.6f}"})
        if method == "conversations.history":
            return web.json_response({"ok": True, "messages": []})
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


SPAM_DM = "<@A|" * 10_000
"""A 40,000-character DM of unclosed mention tokens (parsing once took seconds on these)."""


def _signed(verifier: SignatureVerifier, body: str, content_type: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=body) or "",
    }


async def run_slack_bench(
    index_postings_dir: Path,
    *,
    requests: int = 200,
    concurrency: int = 200,
    spam: int = 5,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """Fire `requests` signed `/jobs` commands, at most `concurrency` at once, at the real app,
    while `spam` clients each send 40,000-character DMs in a loop.

    Returns the postings count and, in milliseconds, p50/p99/max of the ack time and of the time
    until the answer arrived at the response URL, how many requests failed or timed out, and
    how many DMs the spammers got in. The index comes from `index.open_index`, saved in
    `cache_dir` (default: the usual cache folder).
    """
    secret = secrets.token_hex(16)
    slack = _FakeSlack()
    await slack.start()
    settings = _settings(slack, index_postings_dir, cache_dir=cache_dir, secret=secret)
    index, _, _ = await asyncio.to_thread(
        open_index, settings.postings_dir, **settings.index_options
    )
    app = create_app(settings, answers=Answers(lambda: index))
    web_app = make_web_app(app, Health(), signing_secret=secret)
    verifier = SignatureVerifier(secret)
    names = (f"b{n}" for n in itertools.count())
    gate = asyncio.Semaphore(max(1, concurrency))
    acks: list[float] = []
    answers: list[float] = []
    failures = 0
    spammed = 0
    done = asyncio.Event()

    async with listening(web_app, host=HOST, port=0) as site:
        url = f"http://{HOST}:{site.bound_port}{EVENTS_PATH}"

        async def one(session: aiohttp.ClientSession, question: str, *, record: bool) -> None:
            nonlocal failures
            name = next(names)
            body = urlencode(
                {"command": "/jobs", "text": question, "user_id": "U1", "channel_id": "C1",
                 "team_id": "T1", "response_url": slack.expect(name), "trigger_id": "t"}
            )  # fmt: skip
            headers = _signed(verifier, body, "application/x-www-form-urlencoded")
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

        async def spammer(session: aiohttp.ClientSession, who: int) -> None:
            nonlocal spammed
            for n in itertools.count():
                if done.is_set():
                    return
                event = {"type": "message", "channel_type": "im", "channel": f"D{who}",
                         "user": f"USPAM{who}", "text": SPAM_DM, "ts": f"{n}.{who}",
                         "client_msg_id": f"spam-{who}-{n}"}  # fmt: skip
                body = json.dumps({"type": "event_callback", "team_id": "T1", "event": event,
                                   "event_id": f"Ev{who}x{n}", "api_app_id": "A1"})  # fmt: skip
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.post(
                        url, data=body, headers=_signed(verifier, body, "application/json")
                    ) as response:
                        await response.read()
                        spammed += response.status == 200

        try:
            connector = aiohttp.TCPConnector(limit=max(1, concurrency) + spam)
            async with aiohttp.ClientSession(connector=connector) as session:
                await one(session, QUESTIONS[0], record=False)  # warm-up: auth.test, a search
                flood = [asyncio.create_task(spammer(session, who)) for who in range(spam)]
                await asyncio.gather(
                    *(
                        one(session, QUESTIONS[n % len(QUESTIONS)], record=True)
                        for n in range(requests)
                    )
                )
                done.set()
                await asyncio.gather(*flood)
        finally:
            await slack.close()
    return {
        "postings": len(index),
        "requests": requests,
        "concurrency": concurrency,
        "failures": failures,
        "spammers": spam,
        "spam_dms": spammed,
        "ack_ms": _summary(acks),
        "answer_ms": _summary(answers),
    }


DIGEST_DEADLINE = 60.0
"""Seconds within which every digest but the hanging and the rate-limited one must arrive."""


async def run_digest_bench(
    index_postings_dir: Path, *, targets: int = 50, cache_dir: Path | None = None
) -> dict[str, Any]:
    """`targets` channel digests due at once through the real scheduler and Web API client:
    one channel never answers, one answers 429 with `Retry-After: 40`. Returns how many of the
    others arrived within `DIGEST_DEADLINE` and when (seconds after the pass began)."""
    channels = [f"CBENCH{n:03d}" for n in range(targets)]
    slack = _FakeSlack(hang=channels[0], limit=channels[1])
    await slack.start()
    settings = _settings(slack, index_postings_dir, cache_dir=cache_dir, secret="bench")
    index, _, _ = await asyncio.to_thread(
        open_index, settings.postings_dir, **settings.index_options
    )
    with tempfile.TemporaryDirectory() as folder:
        async with Store.open(Path(folder) / "bench.sqlite3") as store:
            day = datetime.now(UTC)
            for channel in channels:
                await store.add_subscription(
                    Owner.channel(channel), "", now=day - timedelta(days=1), at=dt_time(0, 0)
                )
            scheduler = Scheduler(store=store, client=create_client(settings), index=index)
            started = time.perf_counter()
            passing = asyncio.create_task(scheduler.run_once(day, force=True))
            others = set(channels[2:])
            deadline = started + DIGEST_DEADLINE
            while not others <= set(slack.posted) and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
            arrived = sorted(slack.posted[c] - started for c in others if c in slack.posted)
            passing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await passing
    await slack.close()
    return {
        "targets": targets,
        "others": len(others),
        "delivered_in_time": len(arrived),
        "last_s": round(arrived[-1], 2) if arrived else None,
        "median_s": round(arrived[len(arrived) // 2], 2) if arrived else None,
    }


def _settings(
    slack: _FakeSlack, postings: Path, *, cache_dir: Path | None, secret: str
) -> Settings:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr("xoxb-bench"),
        slack_signing_secret=SecretStr(secret),
        slack_api_url=slack.root + "api/",
        postings_dir=postings,
    )
    return settings if cache_dir is None else settings.model_copy(update={"cache_dir": cache_dir})


def format_slack_bench(result: dict[str, Any]) -> str:
    """A few aligned lines for the terminal."""
    ack, answer = result["ack_ms"], result["answer_ms"]
    return "\n".join(
        [
            f"slack bench: {result['requests']} /jobs requests, {result['concurrency']} at once, "
            f"{result['postings']} postings, {result['failures']} failed; "
            f"{result['spammers']} clients sent {result['spam_dms']} 40,000-char DMs meanwhile",
            f"  ack     p50 {ack['p50']:8.2f} ms   p99 {ack['p99']:8.2f} ms   "
            f"max {ack['max']:8.2f} ms   (Slack allows 3000 ms)",
            f"  answer  p50 {answer['p50']:8.2f} ms   p99 {answer['p99']:8.2f} ms   "
            f"max {answer['max']:8.2f} ms",
        ]
    )


def format_digest_bench(result: dict[str, Any]) -> str:
    return (
        f"digest bench: {result['targets']} channel digests due at once, one hanging, one 429 "
        f"Retry-After 40: {result['delivered_in_time']} of the other {result['others']} delivered "
        f"within {DIGEST_DEADLINE:.0f} s (median {result['median_s']} s, last {result['last_s']} s)"
    )


def main(argv: Sequence[str]) -> int:
    """`jobbot bench slack [--postings DIR] [--requests N] [--concurrency N] [--spam N]
    [--digests N]`."""
    options = argparse.ArgumentParser(prog="jobbot bench slack")
    options.add_argument("--postings", type=Path, default=Path("../shared/corpus/postings"))
    options.add_argument("--requests", type=int, default=200)
    options.add_argument("--concurrency", type=int, default=200)
    options.add_argument("--spam", type=int, default=5, help="clients sending huge DMs meanwhile")
    options.add_argument("--digests", type=int, default=50, help="channel digests due at once")
    opts = options.parse_args(argv)
    result = asyncio.run(
        run_slack_bench(
            opts.postings, requests=opts.requests, concurrency=opts.concurrency, spam=opts.spam
        )
    )
    print(format_slack_bench(result))
    if opts.digests >= 3:
        print(
            format_digest_bench(asyncio.run(run_digest_bench(opts.postings, targets=opts.digests)))
        )
    return 0
