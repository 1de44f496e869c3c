"""index/progress.py and the builder's reports: what a long build says, and how often."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from index.build import BATCH, fit
from index.postings import Posting
from index.progress import LogProgress, describe


def test_a_line_says_the_count_the_share_the_rate_and_the_time_left() -> None:
    assert describe("reading postings", 120_000, 1_000_000, 8_400.0) == (
        "indexing: reading postings 120,000 of 1,000,000 (12%), 8,400/s, about 1 min 45 s left"
    )
    assert describe("reading postings", 500, None, 0.0) == "indexing: reading postings 500"
    assert describe("building the matrix", 10, 10, 5.0).endswith("(100%), 5/s")


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_log_hears_one_line_every_few_seconds_and_none_for_a_quick_build(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = _Clock()
    progress = LogProgress(every=5.0, clock=clock)
    caplog.set_level(logging.INFO, logger="index.progress")
    for done in range(0, 1000, 100):  # a second apart; the stage's rate from its first report
        clock.now += 1.0
        progress("reading postings", done, 2000)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "indexing: reading postings 400 of 2,000 (20%), 100/s, about 16 s left",
        "indexing: reading postings 900 of 2,000 (45%), 100/s, about 11 s left",
    ]
    caplog.clear()
    quick = LogProgress(every=5.0, clock=clock)
    clock.now += 0.5
    quick("reading postings", 10, 10)
    assert caplog.records == []


def test_the_builder_reports_each_batch_then_the_matrix_up_to_the_totals() -> None:
    posted = datetime(2026, 11, 1, tzinfo=UTC)
    postings = [
        Posting(id=f"p{i}", title=f"Engineer {i}", body=f"word{i} python", posted=posted)
        for i in range(2 * BATCH + 10)
    ]
    heard: list[tuple[str, int, int | None]] = []
    fit(postings, workers=1, progress=lambda *report: heard.append(report), total=len(postings) + 3)
    reading = [done for stage, done, _ in heard if stage == "reading postings"]
    matrix = [(done, total) for stage, done, total in heard if stage == "building the matrix"]
    assert reading[:3] == [BATCH, 2 * BATCH, 2 * BATCH + 10]  # one report per batch
    assert reading[-1] == len(postings) + 3  # every file read, skipped ones too
    assert heard.index(("reading postings", reading[-1], len(postings) + 3)) < len(reading)
    assert matrix and matrix[-1] == (len(postings), len(postings))
    assert [d for d, _ in matrix] == sorted(d for d, _ in matrix)
