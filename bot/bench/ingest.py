"""`jobbot bench ingest`: the cost of an ingest pass over many boards, and of the next one.

A minimal stand-in for the Greenhouse Job Board API on loopback serves `--jobs` jobs spread over
`--boards` boards (bodies encoded once, with ETags). The real pass writes them into a temporary
postings folder; then a second pass runs (the boards answer 304), a third without the remembered
validators (every board fetched and parsed again, nothing changed), and the live index is asked
whether it must rebuild. Reported: wall time and peak memory of the first pass, files rewritten
and wall time of the others, and the refresh's cost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import resource
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.ingest import BoardUrls, parse_sources, run_pass
from bot.ingest.state import STATE_FILE
from index import LiveIndex

__all__ = ["IngestBench", "format_ingest_bench", "main", "run_ingest_bench"]

HOST = "127.0.0.1"

_DESCRIPTION = (
    "<h2>About the role</h2><p>We are looking for an engineer to build and run {topic} "
    "services used by millions. You will work with a small team on design, code review and "
    "operations.</p><h3>What you will do</h3><ul><li>Design APIs in Python and Go</li>"
    "<li>Run PostgreSQL and Kafka at scale</li><li>Improve our observability with "
    "Prometheus</li></ul><h3>About you</h3><ul><li>{years}+ years of experience</li>"
    "<li>Kubernetes and Terraform</li></ul><p><a href='https://example.com/apply?utm_source=x'>"
    "Apply</a></p><script>track()</script>"
)
_TOPICS = ("payments", "search", "data", "platform", "mobile", "identity", "billing", "ads")


@dataclass(frozen=True, slots=True)
class IngestBench:
    jobs: int
    boards: int
    first_seconds: float
    first_peak_mb: float
    files: int
    second_seconds: float
    second_rewritten: int
    third_seconds: float
    third_rewritten: int
    refresh_seconds: float
    refreshed: bool


def _boards(jobs: int, boards: int) -> dict[str, tuple[bytes, str]]:
    out: dict[str, list[dict[str, object]]] = {f"board{b}": [] for b in range(boards)}
    for n in range(jobs):
        topic = _TOPICS[n % len(_TOPICS)]
        out[f"board{n % boards}"].append(
            {
                "id": 4_000_000 + n,
                "title": f"Senior {topic.capitalize()} Engineer {n}",
                "updated_at": "2026-11-20T10:00:00-05:00",
                "location": {"name": ("Berlin", "Remote", "New York, NY", "London")[n % 4]},
                "absolute_url": f"https://boards.greenhouse.io/board{n % boards}/jobs/{n}",
                "content": _DESCRIPTION.format(topic=topic, years=3 + n % 5)
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;"),
                "departments": [{"id": 1, "name": "Engineering"}],
                "offices": [],
                "metadata": None,
                "first_published": "2026-11-18T09:00:00-05:00",
                "company_name": f"Company {n % boards}",
            }
        )
    encoded = {}
    for name, listed in out.items():
        body = json.dumps({"jobs": listed, "meta": {"total": len(listed)}}).encode()
        encoded[name] = (body, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')
    return encoded


@contextlib.asynccontextmanager
async def _serve(boards: dict[str, tuple[bytes, str]]) -> AsyncIterator[str]:
    async def jobs(request: web.Request) -> web.Response:
        found = boards.get(request.match_info["board"])
        if found is None:
            return web.Response(status=404)
        body, etag = found
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, content_type="application/json", headers={"ETag": etag})

    app = web.Application()
    app.router.add_get("/v1/boards/{board}/jobs", jobs)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, HOST, 0)
    await site.start()
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    try:
        yield f"http://{HOST}:{port}"
    finally:
        await runner.cleanup()


def _mtimes(root: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in root.rglob("*.md")}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run_ingest_bench(*, jobs: int, boards: int) -> IngestBench:
    """Three passes and a refresh check, as the module docstring says."""
    payloads = _boards(jobs, boards)
    text = (
        "sources:\n"
        + "".join(f"  - greenhouse: {b}\n" for b in payloads)
        + "max_bytes: 100000000\n"
    )
    config = parse_sources(text)
    with tempfile.TemporaryDirectory(prefix="jobbot-bench-ingest-") as tmp:
        root = Path(tmp) / "postings"
        root.mkdir()
        async with _serve(payloads) as base:
            urls = BoardUrls(greenhouse=base)
            before = _peak_mb()
            started = time.perf_counter()
            await run_pass(config, root=root, urls=urls)
            first = time.perf_counter() - started
            peak = _peak_mb() - before
            live = await asyncio.to_thread(LiveIndex, root, cache_dir=Path(tmp) / "cache")
            marks = _mtimes(root)
            started = time.perf_counter()
            await run_pass(config, root=root, urls=urls)
            second = time.perf_counter() - started
            second_marks = _mtimes(root)
            (root / STATE_FILE).unlink()
            started = time.perf_counter()
            await run_pass(config, root=root, urls=urls)
            third = time.perf_counter() - started
            third_marks = _mtimes(root)
            started = time.perf_counter()
            refreshed = await asyncio.to_thread(live.refresh_if_changed)
            refresh = time.perf_counter() - started
    return IngestBench(
        jobs=jobs, boards=boards, first_seconds=first, first_peak_mb=peak, files=len(marks),
        second_seconds=second,
        second_rewritten=sum(1 for p, m in second_marks.items() if marks.get(p) != m),
        third_seconds=third,
        third_rewritten=sum(1 for p, m in third_marks.items() if marks.get(p) != m),
        refresh_seconds=refresh, refreshed=refreshed,
    )  # fmt: skip


def format_ingest_bench(r: IngestBench) -> str:
    return "\n".join(
        [
            f"ingest: {r.jobs} jobs over {r.boards} boards (loopback Greenhouse stand-in)",
            f"  first pass:   {r.first_seconds:7.2f} s, {r.files} files written, "
            f"peak memory +{r.first_peak_mb:.0f} MB (max RSS growth)",
            f"  second pass:  {r.second_seconds:7.2f} s ({r.second_seconds / r.first_seconds:.1%} "
            f"of the first; boards answer 304), {r.second_rewritten} files rewritten",
            f"  third pass:   {r.third_seconds:7.2f} s ({r.third_seconds / r.first_seconds:.1%}; "
            f"fetched and parsed in full, nothing changed), {r.third_rewritten} files rewritten",
            f"  index refresh after them: {r.refresh_seconds * 1000:.0f} ms, "
            f"{'rebuilt' if r.refreshed else 'nothing to rebuild'}",
        ]
    )


def main(argv: Sequence[str]) -> int:
    """`jobbot bench ingest [--jobs N] [--boards N]`."""
    options = argparse.ArgumentParser(prog="jobbot bench ingest")
    options.add_argument("--jobs", type=int, default=10_000)
    options.add_argument("--boards", type=int, default=50)
    opts = options.parse_args(argv)
    print(format_ingest_bench(asyncio.run(run_ingest_bench(jobs=opts.jobs, boards=opts.boards))))
    return 0
