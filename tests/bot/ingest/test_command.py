"""bot/ingest/command.py: `jobbot ingest` as a real process against the fake boards, then
`jobbot search --json` finding what it wrote; a pass killed with SIGKILL mid-write."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from rich.console import Console

from bot import cards
from bot.digests.command import run_digest_command
from bot.ingest.command import run_ingest_command
from bot.settings import Settings
from index import load_postings
from tests.bot.ingest.conftest import posting_files
from tests.support import FakeSlackWebAPI
from tests.support.digests import FakeClock, utc
from tests.support.job_boards import (
    FakeJobBoards,
    Hang,
    ashby_job,
    greenhouse_job,
    lever_posting,
)
from tests.support.paths import ROOT, SEEDS

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Remote Jobs Weekly</title><link>https://jobs.example</link>
<item><title>Kestrel Analytics: Staff Data Engineer</title>
<link>https://jobs.example/kestrel-data</link><guid>kestrel-1</guid>
<pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Remote. Spark and Airflow pipelines for telemetry.&lt;/p&gt;</description>
</item></channel></rss>"""


def _env(tmp_path: Path, boards: FakeJobBoards, sources: str) -> dict[str, str]:
    (tmp_path / "sources.yml").write_text(sources)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "JOBBOT_"))}
    return {
        **env,
        "JOBBOT_SOURCES": str(tmp_path / "sources.yml"),
        "JOBBOT_POSTINGS_DIR": str(tmp_path / "postings"),
        "JOBBOT_CACHE_DIR": str(tmp_path / "cache"),
        "JOBBOT_GREENHOUSE_URL": boards.base_url,
        "JOBBOT_LEVER_URL": boards.base_url,
        "JOBBOT_ASHBY_URL": boards.base_url,
    }


async def _jobbot(
    env: dict[str, str], *argv: str, cwd: Path, stdin: bytes = b""
) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *argv, env={**env, "PYTHONPATH": str(ROOT)}, cwd=cwd,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate(stdin)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_jobbot_ingest_fills_an_empty_folder_that_search_then_finds(
    boards: FakeJobBoards, tmp_path: Path
) -> None:
    boards.greenhouse["acme"] = [greenhouse_job(101, "Senior Backend Engineer")]
    boards.lever["leverdemo"] = [
        lever_posting("aaaa-1111", "Site Reliability Engineer", workplaceType="remote",
                      description="<p>Terraform and Kubernetes on call rotations.</p>"),
    ]  # fmt: skip
    boards.ashby["acme-labs"] = [ashby_job("bbbb-2222", "Product Designer")]
    boards.feeds["weekly"] = (RSS, "application/rss+xml")
    sources = (
        "sources:\n  - greenhouse: acme\n  - lever: leverdemo\n  - ashby: acme-labs\n"
        f"  - feed: {boards.base_url}/feeds/weekly\n  - greenhouse: gone\nevery: 30m\n"
    )
    env = _env(tmp_path, boards, sources)

    code, out, _ = await _jobbot(env, "ingest", cwd=tmp_path)
    assert code == 0, out
    assert "✓ lever:leverdemo: 1 jobs — 1 new, 0 changed, 0 closed" in out
    assert "✗ greenhouse:gone: HTTP 404" in out
    assert "ingest pass" in out and "fetched" in out  # the end table
    files = posting_files(tmp_path / "postings")
    assert len(files) == 4
    assert "feed/kestrel-analytics/staff-data-engineer-" in " ".join(files)

    code, out, _ = await _jobbot(
        env, "search", "--json", cwd=tmp_path, stdin=b"remote terraform sre\ndata engineer spark\n"
    )
    sre, data = (json.loads(line)["hits"] for line in out.splitlines())
    assert code == 0 and sre[0]["id"] == "lever/leverdemo/site-reliability-engineer-aaaa-1111"
    assert sre[0]["remote"] is True and sre[0]["company"] == "Leverdemo"
    assert data[0]["company"] == "Kestrel Analytics"

    boards.lever["leverdemo"] = []  # the job left the board: it leaves the answers too
    code, out, _ = await _jobbot(env, "ingest", "--source", "lever", cwd=tmp_path)
    assert code == 0 and "0 new, 0 changed, 1 closed" in out
    _, out, _ = await _jobbot(env, "search", "remote terraform sre", "--json", cwd=tmp_path)
    assert all("leverdemo" not in hit["id"] for hit in json.loads(out)["hits"])


async def test_jobbot_ingest_exits_non_zero_only_when_every_source_failed(
    boards: FakeJobBoards, tmp_path: Path
) -> None:
    boards.greenhouse["acme"] = [greenhouse_job(1, "Engineer")]
    env = _env(tmp_path, boards, "sources:\n  - greenhouse: nope\n  - lever: nada\n")
    code, out, _ = await _jobbot(env, "ingest", cwd=tmp_path)
    assert code == 1 and out.count("HTTP 404") == 2
    env = _env(tmp_path, boards, "sources:\n  - greenhouse: nope\n  - greenhouse: acme\n")
    code, _, _ = await _jobbot(env, "ingest", cwd=tmp_path)
    assert code == 0


async def test_a_pass_killed_mid_write_leaves_no_half_written_posting(
    boards: FakeJobBoards, tmp_path: Path
) -> None:
    body = "&lt;p&gt;" + "Distributed systems work in Go. " * 120 + "END-OF-POSTING&lt;/p&gt;"
    boards.greenhouse["big"] = [greenhouse_job(n, f"Engineer {n}", content=body)
                                for n in range(1, 1001)]  # fmt: skip
    boards.script("/posting-api/job-board/stuck", Hang())  # the pass cannot finish
    env = _env(tmp_path, boards, "sources:\n  - greenhouse: big\n  - ashby: stuck\n")
    folder = tmp_path / "postings" / "greenhouse" / "acme"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "ingest", env={**env, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(60_000):
            if folder.is_dir() and any(p.suffix == ".md" for p in folder.iterdir()):
                break
            await asyncio.sleep(0.001)
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
    assert process.returncode == -signal.SIGKILL
    written = posting_files(tmp_path / "postings")
    assert written, "the pass was killed before it wrote anything"
    assert all(text.rstrip().endswith("END-OF-POSTING") for text in written.values())
    report = load_postings(tmp_path / "postings")
    assert report.skipped == () and len(report.postings) == len(written)

    env = _env(tmp_path, boards, "sources:\n  - greenhouse: big\n")
    code, _, _ = await _jobbot(env, "ingest", cwd=tmp_path)  # the next pass completes the folder
    assert code == 0 and len(load_postings(tmp_path / "postings").postings) == 1000


def _settings(tmp_path: Path, **fields: Any) -> Settings:
    return Settings(_env_file=None, **fields)  # type: ignore[call-arg]


def test_ingest_refuses_to_write_into_the_bundled_seeds(tmp_path: Path) -> None:
    (tmp_path / "sources.yml").write_text("sources:\n  - lever: x\n")
    out = io.StringIO()
    code = run_ingest_command(
        _settings(tmp_path, postings_dir=SEEDS, sources=tmp_path / "sources.yml"),
        source=None, dry_run=False, out=Console(file=out, width=200),
    )  # fmt: skip
    assert code == 2 and "the bundled seeds are not one" in out.getvalue()


def test_ingest_without_a_sources_file_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    code = run_ingest_command(
        _settings(tmp_path, postings_dir=tmp_path), source=None, dry_run=False,
        out=Console(file=out, width=200),
    )  # fmt: skip
    assert code == 0 and "nothing to ingest" in out.getvalue()


def test_ingest_names_an_unknown_source_and_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_text("sources:\n  - lever: x\n")
    out = io.StringIO()
    settings = _settings(tmp_path, postings_dir=tmp_path / "p", sources=path)
    console = Console(file=out, width=300)
    assert run_ingest_command(settings, source="ashby", dry_run=False, out=console) == 2
    assert "--source ashby: no such source" in out.getvalue() and "lever:x" in out.getvalue()
    path.write_text("sources:\n  - workday: x\n")
    assert run_ingest_command(settings, source=None, dry_run=False, out=console) == 2
    assert "unknown kind 'workday'" in out.getvalue()


async def test_make_run_without_slack_ingests_first_and_the_console_answers_from_it(
    boards: FakeJobBoards, tmp_path: Path
) -> None:
    boards.greenhouse["acme"] = [greenhouse_job(5, "Quantum Firmware Engineer")]
    env = _env(tmp_path, boards, "sources:\n  - greenhouse: acme\n  - lever: missing\n")
    (tmp_path / "postings").mkdir()  # a fresh, empty folder of one's own
    env["JOBBOT_DATABASE"] = str(tmp_path / "jobbot.sqlite3")
    code, out, err = await _jobbot(env, "serve", cwd=tmp_path, stdin=b"quantum firmware\n")
    assert code == 0, err
    assert "✓ greenhouse:acme: 1 jobs — 1 new" in err and "✗ lever:missing: HTTP 404" in err
    assert "Quantum Firmware Engineer" in out
    code, out, _ = await _jobbot(env, "index", "stats", cwd=tmp_path)
    assert code == 0 and "source greenhouse:acme: 1 postings, last success 20" in out
    assert "source lever:missing: 0 postings, last success never, last error HTTP 404" in out


def _digested(call: Any) -> list[str]:
    """The postings of a digest message, read back from its cards' "⋯" menus."""
    blocks = call.payload["blocks"]
    return [
        cards.menu_choice(b["block_id"], "more")[1]
        for b in (json.loads(blocks) if isinstance(blocks, str) else blocks)
        if str(b.get("block_id", "")).startswith("job-")
    ]


async def test_digests_hold_only_newly_ingested_jobs_and_never_a_removed_one(
    boards: FakeJobBoards, tmp_path: Path
) -> None:
    boards.greenhouse["acme"] = [greenhouse_job(101, "Backend Engineer"),
                                 greenhouse_job(102, "Data Engineer")]  # fmt: skip
    env = _env(tmp_path, boards, "sources:\n  - greenhouse: acme\n")
    clock = FakeClock(utc(2026, 11, 21, 6))
    async with FakeSlackWebAPI() as slack:
        settings = _settings(
            tmp_path, slack_bot_token=SecretStr("xoxb-test"), slack_api_url=slack.base_url,
            database=tmp_path / "jobbot.sqlite3", digest_channel="C0DIGEST",
            postings_dir=tmp_path / "postings", cache_dir=tmp_path / "cache",
        )  # fmt: skip

        async def ingest_then_digest() -> list[list[str]]:
            code, _, _ = await _jobbot(env, "ingest", cwd=tmp_path)
            assert code == 0
            clock.advance(days=1)
            out = io.StringIO()
            assert await run_digest_command(
                settings, now=True, dry_run=False, out=out, clock=clock.now
            ) == 0, out.getvalue()  # fmt: skip
            return [_digested(call) for call in slack.calls_to("chat.postMessage")]

        backend = "greenhouse/acme/backend-engineer-101"
        data = "greenhouse/acme/data-engineer-102"
        ml = "greenhouse/acme/ml-engineer-103"
        assert sorted((await ingest_then_digest())[0]) == [backend, data]

        boards.greenhouse["acme"] = [greenhouse_job(101, "Backend Engineer"),
                                     greenhouse_job(103, "ML Engineer")]  # fmt: skip
        assert (await ingest_then_digest())[1] == [ml]  # only the new job; never the removed one

        boards.greenhouse["acme"] = [greenhouse_job(101, "Backend Engineer"),
                                     greenhouse_job(103, "ML Engineer"),
                                     greenhouse_job(104, "QA Engineer")]  # fmt: skip
        code, _, _ = await _jobbot(env, "ingest", cwd=tmp_path)
        assert code == 0
        boards.greenhouse["acme"] = boards.greenhouse["acme"][:2]  # gone before any digest
        assert len(await ingest_then_digest()) == 2  # a quiet day: nothing posted
