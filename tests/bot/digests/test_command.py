"""bot/digests/command.py: `jobbot digest [--now] [--dry-run]` against the fake Slack Web API."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.digests.command import run_digest_command
from bot.settings import Settings
from bot.storage import STALE_CLAIM, Owner, Store
from bot.storage.database import stamp
from index import SearchIndex
from tests.support import FakeSlackWebAPI
from tests.support.digests import FakeClock, utc
from tests.support.paths import ROOT, SEEDS
from tests.support.sql import rows


def _settings(slack: FakeSlackWebAPI, db: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr("xoxb-test"),
        slack_api_url=slack.base_url,
        database=db,
        digest_channel="C0DIGEST",
        postings_dir=SEEDS,
    )


async def test_jobbot_digest_now_posts_once_per_day(
    db: Path, slack: FakeSlackWebAPI, seed_index: SearchIndex
) -> None:
    settings = _settings(slack, db)
    clock = FakeClock(utc(2026, 4, 1, 6))
    out = io.StringIO()

    first = await run_digest_command(
        settings, now=True, dry_run=False, out=out, index=seed_index, clock=clock.now
    )
    clock.advance(hours=1)
    second = await run_digest_command(
        settings, now=True, dry_run=False, out=out, index=seed_index, clock=clock.now
    )

    assert (first, second) == (0, 0)
    [call] = slack.calls_to("chat.postMessage")
    assert call.payload["channel"] == "C0DIGEST"
    blocks = call.payload["blocks"]
    assert sum(1 for b in blocks if str(b.get("block_id", "")).startswith("job-")) == 10
    assert "posted channel:C0DIGEST (2026-04-01)" in out.getvalue()
    assert "No digests are due." in out.getvalue()


async def test_jobbot_digest_without_now_waits_for_the_digest_time(
    db: Path, slack: FakeSlackWebAPI, seed_index: SearchIndex
) -> None:
    settings = _settings(slack, db)
    out = io.StringIO()

    code = await run_digest_command(
        settings,
        now=False,
        dry_run=False,
        out=out,
        index=seed_index,
        clock=lambda: utc(2026, 4, 1, 8, 59),
    )

    assert code == 0 and slack.calls_to("chat.postMessage") == []


async def test_jobbot_digest_dry_run_prints_and_posts_and_claims_nothing(
    db: Path, slack: FakeSlackWebAPI, seed_index: SearchIndex
) -> None:
    settings = _settings(slack, db)
    out = io.StringIO()

    code = await run_digest_command(
        settings,
        now=True,
        dry_run=True,
        out=out,
        index=seed_index,
        clock=lambda: utc(2026, 4, 1, 9),
    )

    assert code == 0
    printed = out.getvalue()
    assert "would post to C0DIGEST (channel:C0DIGEST, 2026-04-01)" in printed
    assert "First digest: " in printed and "[1] " in printed
    assert slack.calls == []
    assert not db.exists()

    async with Store.open(db) as store:
        await store.record_first_seen(["x"], now=utc(2026, 3, 1))
    before = db.read_bytes()
    await run_digest_command(
        settings,
        now=True,
        dry_run=True,
        out=io.StringIO(),
        index=seed_index,
        clock=lambda: utc(2026, 4, 1, 9),
    )
    async with Store.open(db) as store:
        assert await store.runs_since(date(2026, 1, 1)) == []
        assert await store.first_seen_of(p.id for p in seed_index.postings) == {}
    assert slack.calls == [] and len(before) > 0


async def test_jobbot_digest_without_a_token_says_so(db: Path, slack: FakeSlackWebAPI) -> None:
    settings = _settings(slack, db).model_copy(update={"slack_bot_token": None})
    out = io.StringIO()

    assert await run_digest_command(settings, now=True, dry_run=False, out=out) == 2
    assert "SLACK_BOT_TOKEN" in out.getvalue()


async def test_a_digest_process_killed_after_posting_is_not_posted_again(
    db: Path, slack: FakeSlackWebAPI, tmp_path: Path
) -> None:
    """SIGKILL between Slack's post and jobbot's record of it: before, the next run posted the
    digest a second time once the claim went stale; now it finds the message and records it."""
    release = slack.hold("chat.postMessage", channel="C0DIGEST")  # posted; the answer is held
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": slack.base_url,
        "JOBBOT_DATABASE": str(db),
        "JOBBOT_DIGEST_CHANNEL": "C0DIGEST",
        "JOBBOT_POSTINGS_DIR": str(SEEDS),
        "JOBBOT_CACHE_DIR": str(tmp_path / "cache"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "digest", "--now", env=env, cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        [posted] = await slack.wait_for("chat.postMessage", timeout=60)
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
    release.set()  # a later post would be answered at once
    stale = stamp(datetime.now(UTC) - STALE_CLAIM - timedelta(minutes=1))
    rows(db, "UPDATE digest_runs SET claimed_at = ?", stale)  # ten minutes later, as it were

    code = await run_digest_command(
        _settings(slack, db), now=True, dry_run=False, out=io.StringIO()
    )
    async with Store.open(db) as store:
        [run] = await store.runs_since(date(2000, 1, 1))

    assert process.returncode == -signal.SIGKILL
    assert code == 0
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert run.state == "sent" and run.posting_at is not None
    assert (
        run.message_ts is not None
        and posted.payload["metadata"]["event_payload"]["run"] == run.target
    )


# -- several processes on one PostgreSQL database ------------------------------------------------

CHANNELS = ("C0DIGEST", "C1TEAM", "C2TEAM", "C3TEAM")


def _process_env(slack: FakeSlackWebAPI, database: str, cache: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": slack.base_url,
        "JOBBOT_DATABASE": database,
        "JOBBOT_DIGEST_CHANNEL": "C0DIGEST",
        "JOBBOT_POSTINGS_DIR": str(SEEDS),
        "JOBBOT_CACHE_DIR": str(cache),
    }


async def _digest_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "digest", "--now", env=env, cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _channel_digests(database: str) -> None:
    """Three channel digests besides JOBBOT_DIGEST_CHANNEL's: four targets in all."""
    async with Store.open(database) as store:
        for channel, question in zip(CHANNELS[1:], ("python", "designer", "sre"), strict=True):
            await store.add_subscription(
                Owner.channel(channel), question, now=utc(2026, 3, 1), timezone="UTC"
            )


async def test_three_digest_processes_at_once_on_postgres_post_one_digest_per_target(
    postgres_url: str, slack: FakeSlackWebAPI, tmp_path: Path
) -> None:
    await _channel_digests(postgres_url)
    # Every post is held unanswered until all of them arrived: each process has claimed and
    # started what it won while the others try. (A cache folder each: sharing one between
    # processes is not what this test is about.)
    held = [slack.hold("chat.postMessage", channel=channel) for channel in CHANNELS]
    processes = [
        await _digest_process(_process_env(slack, postgres_url, tmp_path / f"cache{n}"))
        for n in range(3)
    ]
    try:
        await slack.wait_for("chat.postMessage", count=len(CHANNELS), timeout=90)
    finally:
        for release in held:
            release.set()
    outcomes = [await process.communicate() for process in processes]

    assert [p.returncode for p in processes] == [0, 0, 0], [err for _, err in outcomes]
    posted = sorted(call.payload["channel"] for call in slack.calls_to("chat.postMessage"))
    assert posted == sorted(CHANNELS)
    async with Store.open(postgres_url) as store:
        runs = await store.runs_since(date(2000, 1, 1))
    assert len(runs) == len(CHANNELS) and {r.state for r in runs} == {"sent"}
    assert all(r.attempts == 1 for r in runs)  # nobody took over a live process's run


async def test_on_postgres_a_killed_process_s_claim_is_finished_by_another_at_once(
    postgres_url: str, slack: FakeSlackWebAPI, tmp_path: Path
) -> None:
    """SIGKILL after Slack has the posts and before jobbot recorded them: the dead process's
    claims are freed with its connection, so the next process takes every run over without
    waiting out a stale claim, finds each message in its channel and posts nothing twice."""
    await _channel_digests(postgres_url)
    env = _process_env(slack, postgres_url, tmp_path / "cache")
    held = [slack.hold("chat.postMessage", channel=channel) for channel in CHANNELS]
    victim = await _digest_process(env)
    try:
        await slack.wait_for("chat.postMessage", count=len(CHANNELS), timeout=90)
    finally:
        victim.send_signal(signal.SIGKILL)
        await victim.wait()
    for release in held:
        release.set()

    survivor = await _digest_process(env)
    _, errors = await survivor.communicate()
    async with Store.open(postgres_url) as store:
        runs = await store.runs_since(date(2000, 1, 1))

    assert victim.returncode == -signal.SIGKILL
    assert survivor.returncode == 0, errors
    posted = slack.calls_to("chat.postMessage")
    assert sorted(call.payload["channel"] for call in posted) == sorted(CHANNELS)
    assert len(runs) == len(CHANNELS)
    for run in runs:
        assert (run.state, run.attempts, run.claimed_by is not None) == ("sent", 2, True)
        carrying = [
            c for c in posted if c.payload["metadata"]["event_payload"]["run"] == run.target
        ]
        assert len(carrying) == 1 and run.message_ts is not None
