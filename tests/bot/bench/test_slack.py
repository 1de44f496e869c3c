"""bot/bench/slack.py: the load bench runs the real app on loopback and reports its timings."""

from __future__ import annotations

from pathlib import Path

from bot.bench.slack import format_slack_bench, run_slack_bench
from tests.support.paths import SEEDS


async def test_the_bench_answers_every_request_and_reports_percentiles(tmp_path: Path) -> None:
    result = await run_slack_bench(SEEDS, requests=5, concurrency=5, cache_dir=tmp_path)

    assert result["postings"] == 85
    assert (result["requests"], result["failures"]) == (5, 0)
    for kind in ("ack_ms", "answer_ms"):
        timings = result[kind]
        assert 0 < timings["p50"] <= timings["p99"] <= timings["max"]
    text = format_slack_bench(result)
    assert "5 /jobs requests" in text
    assert "p99" in text
