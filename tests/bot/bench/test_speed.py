"""bot/bench/speed.py: the speed bench's parts on the bundled seeds (the bench itself, on the
real corpus at 10k-1M postings, is `jobbot bench speed`, not a test)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.bench import speed as bench_speed
from index import load_postings
from tests.support.paths import ROOT, SEEDS


def test_synthetic_postings_are_seeded_and_grow_the_vocabulary() -> None:
    source = load_postings(SEEDS).postings
    first = list(bench_speed.synthetic_postings(source, 3 * len(source)))
    again = list(bench_speed.synthetic_postings(source, 3 * len(source)))
    assert [p.body for p in first] == [p.body for p in again]
    assert len({p.id for p in first}) == len(first)
    words = {w for p in first for w in re.findall(r"\w+", p.body)}
    original = {w for p in source for w in re.findall(r"\w+", p.body)}
    assert len(words) > len(original)


def test_the_tree_peak_counts_worker_processes() -> None:
    peak = bench_speed._TreePeak()
    holds_200_mb = (
        "import sys; b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096]);"
        " print('ready', flush=True); sys.stdin.readline()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", holds_200_mb],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        assert child.stdout.readline() == "ready\n"  # its pages are touched, so resident
        peak.sample()
        alone = bench_speed._rss_mb()[0]
        child.stdin.write("done\n")
    assert peak.stop() >= alone + 150  # the child's 200 MB, seen through /proc


@pytest.mark.parametrize("engine", ["jobbot", "fts5"])
def test_an_engine_child_reports_every_measure(engine: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.bench.speed", "--child", engine, "300", str(SEEDS),
         str(tmp_path)],
        capture_output=True, text=True, check=True, env=env, timeout=300,
    )  # fmt: skip
    measures = json.loads(result.stdout.splitlines()[-1])
    for key in ("build_s", "load_s", "p50_ms", "p99_ms", "peak_rss_mb", "steady_rss_mb"):
        assert measures[key] > 0, key
    assert measures["p99_ms"] >= measures["p50_ms"]
    assert measures["peak_rss_mb"] >= measures["steady_rss_mb"] * 0.5
    table = bench_speed.format_speed([measures])
    assert "300 postings" in table and engine in table
    if engine == "jobbot":  # the share of postings a question adds sums into, shown
        assert 0 < measures["touched_p50_pct"] <= measures["touched_p99_pct"] <= 100
        assert f"{measures['touched_p50_pct']:8.1f} / " in table


@pytest.mark.parametrize("sizes", ["abc", "0", ","])
def test_bad_sizes_are_a_usage_error(sizes: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        bench_speed.main(["--sizes", sizes])
    assert stop.value.code == 2 and "--sizes" in capsys.readouterr().err
