"""bot/logs.py: a flood of the same warning writes a bounded number of lines."""

from __future__ import annotations

import logging

import pytest

from bot.logs import ThrottledLog


def test_the_throttled_log_writes_a_burst_then_one_summary_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    throttled = ThrottledLog(
        logging.getLogger("test.gate"), burst=3, window=10, clock=lambda: now[0]
    )

    with caplog.at_level(logging.WARNING, logger="test.gate"):
        for n in range(100):
            throttled.warning("refused %d", n)
        now[0] = 10.5
        throttled.warning("refused %d", 100)

    assert [r.getMessage() for r in caplog.records] == [
        "refused 0", "refused 1", "refused 2", "… and 97 more such lines in 10 s", "refused 100",
    ]  # fmt: skip
