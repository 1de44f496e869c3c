"""`jobbot bench speed`: build time, load time, memory and query latency next to bm25s and FTS5.

Every engine gets the same postings — the real corpus replicated with perturbed words up to the
requested size (seeded, so every run sees the same text) — and the same 200 questions. Each
(engine, size) runs in a fresh child process, so peak and steady memory are the engine's own;
peak counts the process and its workers together (sampled), steady the process after its
queries.
Times are medians / percentiles of repeated queries in that process; ratios are printed against
the baselines of the same run. bm25s is a dev dependency: a missing baseline is reported, not
fatal.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.bench.engines import fts5_create, fts5_search
from index import (
    LoadSummary,
    Posting,
    SearchIndex,
    load_index,
    load_postings,
    parse_query,
    release_memory,
    save_index,
)

__all__ = ["QUESTIONS", "format_speed", "run_speed_bench", "synthetic_postings"]

ENGINES = ("jobbot", "bm25s", "fts5")
ROLES = (
    "sre", "devops engineer", "backend engineer", "frontend developer", "data engineer",
    "data scientist", "machine learning engineer", "product manager", "designer",
    "security engineer", "qa engineer", "ios developer", "android", "engineering manager",
    "technical writer", "customer support", "account executive", "marketing", "golang", "rust",
)  # fmt: skip
SKILLS = (
    "python", "terraform", "kubernetes", "react", "typescript", "aws", "gcp", "postgres",
    "java", "kafka", "spark", "pytorch", "llm", "node.js", "c++", "figma", "sql", "k8s",
)  # fmt: skip
FILTERS = ("", "", "remote", "in Berlin", "in NYC", "in Europe", "hybrid", "full-time",
           "contract", "senior", "junior", "posted this month", "remote in US")  # fmt: skip


def _questions(count: int = 200, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(ROLES)]
        if rng.random() < 0.6:
            parts.append(rng.choice(SKILLS))
        flt = rng.choice(FILTERS)
        if flt:
            parts.insert(0, flt) if rng.random() < 0.5 else parts.append(flt)
        out.append(" ".join(parts))
    return out


QUESTIONS = _questions()
_WORD = re.compile(r"[A-Za-z]{4,}")


def synthetic_postings(source: Sequence[Posting], size: int, *, seed: int = 7) -> Iterator[Posting]:
    """`size` postings: the source corpus, then copies with ~10% of words perturbed (seeded).

    Perturbed words get a short suffix, so the vocabulary grows with the size the way a real
    corpus does, instead of the same text repeating.
    """
    rng = random.Random(seed)
    for i in range(size):
        base = source[i % len(source)]
        if i < len(source):
            yield replace(base, id=f"syn/{i}")
            continue

        def perturb(match: re.Match[str]) -> str:
            word = match.group()
            return word + f"{rng.randrange(36**2):x}" if rng.random() < 0.1 else word

        yield replace(
            base,
            id=f"syn/{i}",
            title=_WORD.sub(perturb, base.title),
            body=_WORD.sub(perturb, base.body),
            path="",
        )


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process, MB."""
    values = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value, _ = line.split()
                values[key] = int(value) / 1024
    return values.get("VmRSS:", 0.0), values.get("VmHWM:", 0.0)


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and every process below it (build workers), MB."""
    total = 0.0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # gone meanwhile
        return total
    return total + sum(_tree_rss_mb(int(child)) for child in children)


class _TreePeak:
    """The highest resident memory of this process and its workers together, sampled every
    20 ms in a thread (VmHWM sees this process alone, and the build's workers are not in it)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def sample(self) -> None:
        """Take one reading now (the thread takes one every 20 ms)."""
        self.peak = max(self.peak, _tree_rss_mb(os.getpid()))

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.sample()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, _rss_mb()[1])


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


def _shares(touched: list[float]) -> dict[str, float]:
    """The share of postings a question touches (adds a sum into), median and p99, in %."""
    ordered = sorted(touched)
    return {
        "touched_p50_pct": statistics.median(ordered) * 100,
        "touched_p99_pct": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 100,
    }


def _text(p: Posting) -> str:
    return f"{p.title} {' '.join(p.tags)} {p.company} {p.location} {p.body}"


def _child(engine: str, size: int, corpus: Path, workdir: Path) -> dict[str, Any]:
    source = load_postings(corpus).postings
    gc.collect()
    base_rss, _ = _rss_mb()
    tree = _TreePeak()
    stream = synthetic_postings(source, size)
    result: dict[str, Any] = {"engine": engine, "size": size, "base_rss_mb": base_rss}
    if engine == "jobbot":
        # jobbot builds from the stream as it is generated (it never holds all bodies); the
        # generator's own cost, timed in a dry pass, is taken out so every engine is timed on
        # indexing alone (the baselines receive ready-made texts).
        started = time.perf_counter()
        for _ in synthetic_postings(source, size):
            pass
        generating = time.perf_counter() - started
        started = time.perf_counter()
        index = SearchIndex.build(stream)
        result["build_s"] = time.perf_counter() - started - generating
        summary = LoadSummary(len(index))
        save_index(index, summary, cache_dir=workdir, key="bench")
        del index
        gc.collect()
        started = time.perf_counter()
        index, _ = load_index(workdir, key="bench")
        result["load_s"] = time.perf_counter() - started

        def ask(question: str) -> None:
            index.search(parse_query(question), limit=10)

        touched = [index.postings_touched(parse_query(q)) / len(index) for q in QUESTIONS]
        result.update(_shares(touched))

    elif engine == "bm25s":
        import bm25s  # a dev dependency: the baseline, not part of the product

        texts = [_text(p) for p in stream]
        started = time.perf_counter()
        tokens = bm25s.tokenize(texts, stopwords="en", show_progress=False)
        retriever = bm25s.BM25(backend="numba")
        retriever.index(tokens, show_progress=False)
        result["build_s"] = time.perf_counter() - started
        del texts, tokens
        retriever.save(str(workdir / "bm25s"))
        del retriever
        gc.collect()
        started = time.perf_counter()
        retriever = bm25s.BM25.load(str(workdir / "bm25s"), mmap=True)
        retriever.backend = "numba"
        result["load_s"] = time.perf_counter() - started

        def ask(question: str) -> None:
            query = bm25s.tokenize(
                [question], stopwords="en", return_ids=False, show_progress=False
            )
            if query and query[0]:
                retriever.retrieve(query, k=10, show_progress=False, n_threads=1)

    else:
        db_path = workdir / "fts.sqlite3"
        started = time.perf_counter()
        db = sqlite3.connect(db_path)
        fts5_create(db, stream)
        result["build_s"] = time.perf_counter() - started
        db.close()
        started = time.perf_counter()
        db = sqlite3.connect(db_path)
        db.execute("SELECT count(*) FROM p WHERE p MATCH 'warmup'").fetchall()
        result["load_s"] = time.perf_counter() - started

        def ask(question: str) -> None:
            fts5_search(db, question, 10)

    del source
    gc.collect()
    release_memory()  # the corpus the postings were made from is the bench's, not the engine's
    for question in QUESTIONS[:20]:  # warm-up: first touches of mmapped pages, numba compiles
        ask(question)
    samples = []
    for question in QUESTIONS:
        started = time.perf_counter()
        ask(question)
        samples.append(time.perf_counter() - started)
    result.update(_percentiles(samples))
    result["steady_rss_mb"], _ = _rss_mb()
    result["peak_rss_mb"] = tree.stop()
    return result


def run_speed_bench(
    corpus: Path, *, sizes: Sequence[int], engines: Sequence[str] = ENGINES
) -> list[dict[str, Any]]:
    """Run every (engine, size) in its own child process; a failed child is reported as such."""
    results = []
    for size in sizes:
        for engine in engines:
            workdir = Path(tempfile.mkdtemp(prefix=f"jobbot-bench-{engine}-"))
            try:
                proc = subprocess.run(
                    [sys.executable, "-m", "bot.bench.speed", "--child", engine, str(size),
                     str(corpus), str(workdir)],
                    capture_output=True, text=True, check=False,
                )  # fmt: skip
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
            if proc.returncode == 0:
                results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            else:
                tail = (proc.stderr.strip().splitlines() or ["failed"])[-1]
                results.append({"engine": engine, "size": size, "error": tail})
    return results


def format_speed(results: list[dict[str, Any]]) -> str:
    """A table per size plus jobbot's ratios to each baseline (lower is better for all)."""
    lines = []
    for size in sorted({r["size"] for r in results}):
        rows = {r["engine"]: r for r in results if r["size"] == size}
        lines.append(f"\n{size:,} postings, {len(QUESTIONS)} questions, top 10")
        lines.append(
            f"{'engine':8} {'build s':>9} {'load s':>8} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'peak MB':>8} {'steady MB':>10} {'touched p50/p99 %':>18}"
        )
        for engine, r in rows.items():
            if "error" in r:
                lines.append(f"{engine:8} failed: {r['error']}")
                continue
            lines.append(
                f"{engine:8} {r['build_s']:9.2f} {r['load_s']:8.3f} {r['p50_ms']:8.3f} "
                f"{r['p99_ms']:8.3f} {r['peak_rss_mb']:8.0f} {r['steady_rss_mb']:10.0f}"
                + (
                    f" {r['touched_p50_pct']:8.1f} / {r['touched_p99_pct']:5.1f}"
                    if "touched_p50_pct" in r
                    else ""
                )
            )
        ours = rows.get("jobbot")
        for name, other in rows.items():
            if name == "jobbot" or not ours or "error" in ours or "error" in other:
                continue
            ratios = " ".join(
                f"{key.split('_')[0]} {ours[key] / other[key]:.2f}×"
                for key in ("build_s", "load_s", "p50_ms", "p99_ms", "peak_rss_mb")
                if other.get(key)
            )
            lines.append(f"  jobbot / {name}: {ratios}")
    return "\n".join(lines)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must be positive numbers: {text!r}")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jobbot bench speed")
    parser.add_argument("--child", nargs=4, metavar=("ENGINE", "SIZE", "CORPUS", "WORKDIR"))
    parser.add_argument("--postings", type=Path, default=Path("../shared/corpus/postings"))
    parser.add_argument(
        "--sizes", type=_sizes, default=[10_000, 100_000], help="comma-separated sizes"
    )
    parser.add_argument("--engines", default=",".join(ENGINES))
    args = parser.parse_args(argv)
    if args.child:
        engine, size, corpus, workdir = args.child
        print(json.dumps(_child(engine, int(size), Path(corpus), Path(workdir))))
        return 0
    results = run_speed_bench(args.postings, sizes=args.sizes, engines=args.engines.split(","))
    print(format_speed(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
