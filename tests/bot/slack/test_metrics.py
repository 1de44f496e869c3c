"""bot/slack/metrics.py: which surface a request came from, what the registry renders, and what a
real server counts of its digests and ingest passes."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import Callable
from datetime import time as dt_time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.settings import Settings
from bot.slack.health import Health
from bot.slack.metrics import Metrics, outcome_of, surface_of
from bot.slack.server import run
from bot.storage import Owner, Store
from tests.bot.slack.test_server import free_port
from tests.support import FakeSlackWebAPI
from tests.support.digests import utc
from tests.support.job_boards import FakeJobBoards, greenhouse_job
from tests.support.paths import SEEDS


@pytest.mark.parametrize(
    ("body", "surface"),
    [
        ({"command": "/jobs", "text": "sre"}, "command"),
        ({"type": "event_callback", "event": {"type": "message"}}, "event"),
        ({"type": "block_actions", "actions": []}, "action"),
        ({"type": "view_submission"}, "view"),
        ({"type": "url_verification"}, "other"),
    ],
)
def test_a_request_s_surface_comes_from_its_payload(body: dict[str, Any], surface: str) -> None:
    assert surface_of(body) == surface


@pytest.mark.parametrize(("status", "outcome"), [(200, "ok"), (401, "refused"), (500, "error")])
def test_outcomes_group_the_status_codes(status: int, outcome: str) -> None:
    assert outcome_of(status) == outcome


def test_two_servers_in_one_process_count_separately() -> None:
    clock = iter([100.0, 130.0]).__next__
    health = Health(clock=clock)
    health.loaded(85)
    one, two = Metrics(health), Metrics(Health())
    one.observe("command", 200, 0.2)
    one.observe("command", 200, 4.0)

    def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        return {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(metrics.render().decode())
            for s in family.samples
        }

    mine = samples(one)
    assert mine[("jobbot_requests_total", (("outcome", "ok"), ("surface", "command")))] == 2.0
    assert mine[("jobbot_request_seconds_bucket", (("le", "3.0"), ("surface", "command")))] == 1.0
    assert mine[("jobbot_index_postings", ())] == 85.0
    assert mine[("jobbot_index_age_seconds", ())] == 30.0
    assert not any(name == "jobbot_requests_total" for name, _ in samples(two))


# -- a real server: digests sent by its scheduler, an ingest pass, then GET /metrics ---------------


async def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/metrics") as response,
    ):
        assert response.status == 200
        text = await response.text()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def scrape_until(
    port: int, task: asyncio.Task[int], done: Callable[[dict[Any, float]], bool]
) -> dict[Any, float]:
    """Scrape until `done` holds (liveness only: the server listens once its store is open, and
    counts a digest after Slack answered)."""
    async with asyncio.timeout(60):
        while True:
            assert not task.done(), "the server stopped"
            with contextlib.suppress(aiohttp.ClientConnectorError):
                if done(found := await scrape(port)):
                    return found
            await asyncio.sleep(0.05)


def digests(samples: dict[Any, float]) -> dict[str, float]:
    return {
        dict(labels)["outcome"]: value
        for (name, labels), value in samples.items()
        if name == "jobbot_digests_total"
    }


async def test_a_servers_metrics_count_its_digests_by_outcome_and_its_ingest_by_source(
    settings: Settings, slack: FakeSlackWebAPI, tmp_path: Path
) -> None:
    """Three digests due at once: one posted, one Slack refuses for good (failed), one hit by a
    500 (retried later); and one ingest pass of a board with two jobs, one of them broken."""
    database = tmp_path / "metrics.sqlite3"
    async with Store.open(database) as store:
        for channel in ("C1GONE", "C2FLAKY"):
            await store.add_subscription(
                Owner.channel(channel), "engineer", now=utc(2026, 3, 1), at=dt_time(0, 0)
            )
    slack.fail_next("chat.postMessage", error="channel_not_found", channel="C1GONE")
    slack.fail_next("chat.postMessage", status=500, channel="C2FLAKY")
    async with FakeJobBoards() as boards:
        boards.greenhouse["acme"] = [
            greenhouse_job(1, "Quantum Firmware Engineer"),
            {"id": 2},  # no title: rejected, counted as an error
        ]
        (tmp_path / "sources.yml").write_text("sources:\n  - greenhouse: acme\nevery: 1h\n")
        port = free_port()
        settings = settings.model_copy(
            update={
                "port": port,
                "database": database,
                "postings_dir": tmp_path / "postings",
                "sources": tmp_path / "sources.yml",
                "greenhouse_url": boards.base_url,
                "digest_channel": "C0DIGEST",
                "digest_time": dt_time(0, 0),
            }
        )
        shutil.copytree(SEEDS, tmp_path / "postings")  # postings of its own: ingest writes there
        stop = asyncio.Event()
        task = asyncio.create_task(run(settings, stop=stop))
        try:
            found = await scrape_until(port, task, lambda s: sum(digests(s).values()) >= 3)
            found = await scrape_until(
                port, task, lambda s: any(n == "jobbot_ingest_postings_total" for n, _ in s)
            )
        finally:
            stop.set()
            assert await asyncio.wait_for(task, 60) == 0

    assert digests(found) == {"sent": 1.0, "failed": 1.0, "retried": 1.0}
    [posted] = slack.calls_to("chat.postMessage", failed=False)
    assert posted.payload["channel"] == "C0DIGEST"
    ingested = {
        dict(labels)["result"]: value
        for (name, labels), value in found.items()
        if name == "jobbot_ingest_postings_total" and dict(labels)["source"] == "greenhouse:acme"
    }
    assert ingested == {"fetched": 1.0, "new": 1.0, "changed": 0.0, "closed": 0.0, "errors": 1.0}
    assert ("jobbot_ingest_failures_total", (("source", "greenhouse:acme"),)) not in found
