"""Several `jobbot serve` processes on one PostgreSQL database act as one bot: SIGTERM drains a
replica (no new digest claimed, the ones in flight finished or handed back, exit 0), its
scheduler and its peers' post each due digest once, and a Slack retry reaching another replica
is not answered twice."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from datetime import time as dt_time
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from bot.digests.command import run_digest_command
from bot.digests.scheduler import PARALLEL_SENDS
from bot.settings import Settings
from bot.slack.server import run
from bot.storage import DigestRun, Owner, Store
from tests.bot.slack.test_server import free_port
from tests.bot.slack.test_service import PATIENCE, Service
from tests.support import FakeSlackWebAPI, event_body, post_signed
from tests.support.harness import SECRET, dm
from tests.support.paths import ROOT, SEEDS
from tests.support.signing import JSON

MIDNIGHT = dt_time(0, 0)  # every digest set at 00:00 UTC is due whenever the test runs


async def channel_digests(database: str, count: int) -> list[str]:
    """`count` channel digests due now besides JOBBOT_DIGEST_CHANNEL's; all the channels."""
    channels = [f"C{n}TEAM" for n in range(1, count + 1)]
    async with Store.open(database) as store:
        for channel in channels:
            await store.add_subscription(
                Owner.channel(channel),
                "engineer",
                now=datetime.now(UTC),
                at=MIDNIGHT,
                timezone="UTC",
            )
    return ["C0DIGEST", *channels]


async def all_runs(database: str) -> list[DigestRun]:
    async with Store.open(database) as store:
        return await store.runs_since(date(2000, 1, 1))


StartReplica = Callable[..., Awaitable[Service]]


def replica_env(
    slack: FakeSlackWebAPI, database: str, cache: Path, port: int, **extra: str
) -> dict[str, str]:
    """A replica's environment: the channel digest due at once (`extra` overrides)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "JOBBOT_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        PORT=str(port),
        JOBBOT_POSTINGS_DIR=str(SEEDS),
        JOBBOT_DATABASE=database,
        JOBBOT_CACHE_DIR=str(cache),  # shared by the replicas: one builds, the others load
        JOBBOT_DIGEST_CHANNEL="C0DIGEST",
        JOBBOT_DIGEST_TIME="00:00",
        JOBBOT_TIMEZONE="UTC",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.base_url,
    )
    env.update(extra)
    return env


def digest_settings(slack: FakeSlackWebAPI, database: str, cache: Path) -> Settings:
    """What `jobbot digest --now` run beside the replicas reads (their settings)."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr("xoxb-test"),
        slack_api_url=slack.base_url,
        database=database,
        postings_dir=SEEDS,
        cache_dir=cache,
        digest_channel="C0DIGEST",
        digest_time=MIDNIGHT,
    )


@pytest.fixture
async def start_replica(
    tmp_path: Path, slack: FakeSlackWebAPI, postgres_url: str
) -> AsyncIterator[StartReplica]:
    """Starts `jobbot serve` on the test's PostgreSQL database; killed at the end if alive."""
    started: list[asyncio.subprocess.Process] = []

    async def _start(**extra: str) -> Service:
        port = free_port()
        env = replica_env(slack, postgres_url, tmp_path / "cache", port, **extra)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", cwd=tmp_path, env=env,
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


async def readyz(port: int) -> tuple[int, dict[str, object]]:
    url = f"http://127.0.0.1:{port}/readyz"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.json()


def clean(service: Service) -> None:
    assert not [line for line in service.lines if "Traceback" in line], "\n".join(service.lines)


# -- SIGTERM: drain --------------------------------------------------------------------------------


async def test_sigterm_finishes_the_digests_in_flight_claims_no_more_and_exits_0(
    start_replica: StartReplica, slack: FakeSlackWebAPI, postgres_url: str, tmp_path: Path
) -> None:
    """One digest more than the scheduler sends at once, each held by a slow Slack: SIGTERM
    arrives, readiness drops, those in flight finish once Slack answers, the last one is never
    claimed, and the process exits 0. A later run sends that one: one message per channel."""
    channels = await channel_digests(postgres_url, PARALLEL_SENDS)  # and C0DIGEST
    release = slack.hold("chat.postMessage")
    replica = await start_replica()
    try:
        await slack.wait_for("chat.postMessage", count=PARALLEL_SENDS, timeout=PATIENCE)
        replica.process.send_signal(signal.SIGTERM)
        await replica.wait_for_line("shutting down")
        stopping = await readyz(replica.port)
    finally:
        release.set()
    async with asyncio.timeout(PATIENCE):
        code = await replica.process.wait()
    in_flight = sorted(call.payload["channel"] for call in slack.calls_to("chat.postMessage"))
    runs = await all_runs(postgres_url)
    settings = digest_settings(slack, postgres_url, tmp_path / "cache")
    assert await run_digest_command(settings, now=True, dry_run=False, out=io.StringIO()) == 0

    assert code == 0
    clean(replica)
    assert stopping[0] == 503 and stopping[1]["stopping"] is True
    assert len(in_flight) == len(set(in_flight)) == PARALLEL_SENDS
    assert len(runs) == PARALLEL_SENDS and {(r.state, r.attempts) for r in runs} == {("sent", 1)}
    posted = sorted(call.payload["channel"] for call in slack.calls_to("chat.postMessage"))
    assert posted == sorted(channels)  # the last one by the later run; nothing twice


async def test_a_digest_still_in_flight_at_the_deadline_is_handed_back_and_never_doubled(
    settings: Settings, slack: FakeSlackWebAPI, postgres_url: str, tmp_path: Path
) -> None:
    """Slack took the post but never answers: after the grace the server cancels the send,
    marks the run due again (its claim released), closes and returns 0. The next process
    finds the message in the channel and records it instead of posting it again."""
    release = slack.hold("chat.postMessage")
    settings = settings.model_copy(
        update={
            "port": free_port(),
            "database": postgres_url,
            "digest_channel": "C0DIGEST",
            "digest_time": MIDNIGHT,
        }
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop=stop, digest_grace=0.2))
    try:
        await slack.wait_for("chat.postMessage", timeout=PATIENCE)
        stop.set()
        async with asyncio.timeout(PATIENCE):
            code = await task
        [handed_back] = await all_runs(postgres_url)
    finally:
        release.set()
    assert await run_digest_command(settings, now=True, dry_run=False, out=io.StringIO()) == 0
    [finished] = await all_runs(postgres_url)

    assert code == 0
    assert handed_back.state == "pending" and handed_back.posting_at is not None
    assert handed_back.last_error == "interrupted by a shutdown"
    assert (finished.state, finished.attempts) == ("sent", 2)
    [posted] = slack.calls_to("chat.postMessage")
    assert finished.message_ts is not None
    assert posted.payload["metadata"]["event_payload"]["run"] == finished.target


# -- three replicas, one bot ----------------------------------------------------------------------


async def test_three_replicas_post_each_due_digest_once_and_build_the_index_once(
    start_replica: StartReplica, slack: FakeSlackWebAPI, postgres_url: str
) -> None:
    """Three `jobbot serve` on one database and one cache folder, four channel digests due:
    every post is held until all three replicas are up (so each scheduler has tried every
    run), then answered. One message per channel, each run sent on its first claim, and the
    index built by one replica and loaded by the other two."""
    channels = await channel_digests(postgres_url, 3)
    release = slack.hold("chat.postMessage")
    replicas = [await start_replica() for _ in range(3)]
    try:
        for replica in replicas:
            await replica.wait_for_line(r"index ready: 85 postings")
        await slack.wait_for("chat.postMessage", count=len(channels), timeout=PATIENCE)
    finally:
        release.set()
    async with asyncio.timeout(PATIENCE):  # every run recorded sent: nothing is due any more
        while {r.state for r in await all_runs(postgres_url)} != {"sent"}:
            await asyncio.sleep(0.05)
    codes = [await replica.stop(signal.SIGTERM) for replica in replicas]

    assert codes == [0, 0, 0]
    for replica in replicas:
        clean(replica)
    posted = sorted(call.payload["channel"] for call in slack.calls_to("chat.postMessage"))
    assert posted == sorted(channels)
    runs = await all_runs(postgres_url)
    assert len(runs) == len(channels) and {r.attempts for r in runs} == {1}
    logs = ["\n".join(replica.lines) for replica in replicas]
    assert sum("index.live: building the index" in log for log in logs) == 1, logs
    assert sum("index.live: loaded the" in log for log in logs) == 2  # saved, or waited for


async def test_an_event_answered_by_one_replica_and_retried_to_another_is_answered_once(
    start_replica: StartReplica, slack: FakeSlackWebAPI
) -> None:
    """Slack's retry of a DM (X-Slack-Retry-Num) that replica A answered reaches replica B
    (another process): B acks it and answers nothing; B does answer a new DM."""
    a, b = [await start_replica(JOBBOT_DIGEST_CHANNEL="") for _ in range(2)]
    for replica in (a, b):
        await replica.wait_for_line(r"index ready: 85 postings")
    body = event_body(dm("python"), event_id="EvAcross")

    first, _, _ = await post_signed(
        f"http://127.0.0.1:{a.port}", "/slack/events", body, secret=SECRET, content_type=JSON
    )
    [answered] = await slack.wait_for("chat.postMessage", timeout=PATIENCE)
    retried, _, _ = await post_signed(
        f"http://127.0.0.1:{b.port}", "/slack/events", body, secret=SECRET, content_type=JSON,
        extra_headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )  # fmt: skip
    later = event_body(dm("designer", ts="1700000000.000200"), event_id="EvLater")
    fresh, _, _ = await post_signed(
        f"http://127.0.0.1:{b.port}", "/slack/events", later, secret=SECRET, content_type=JSON
    )
    await slack.wait_for("chat.postMessage", count=2, timeout=PATIENCE)
    codes = [await a.stop(signal.SIGTERM), await b.stop(signal.SIGTERM)]  # B's work is done

    assert (first, retried, fresh) == (200, 200, 200)
    assert codes == [0, 0]
    posts = slack.calls_to("chat.postMessage")
    assert len(posts) == 2 and posts[0] is answered
    assert "python" in answered.payload["text"].lower()
    assert "designer" in posts[1].payload["text"].lower()
