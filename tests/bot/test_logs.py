"""bot/logs.py: a flood of the same warning writes a bounded number of lines."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import ThrottledLog, use_format


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


def test_json_format_writes_one_object_per_line_tracebacks_included() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    use_format("json", [handler])
    logger = logging.getLogger("tests.json_lines")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("digest for %s failed:\nline two", "C1")
        try:
            raise ValueError("bad <payload>")
        except ValueError:
            logger.exception("handler failed")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True

    lines = stream.getvalue().splitlines()
    first, second = (json.loads(line) for line in lines)
    assert len(lines) == 2
    assert (first["level"], first["logger"]) == ("WARNING", "tests.json_lines")
    assert first["message"] == "digest for C1 failed:\nline two"
    assert first["time"].endswith("+00:00")
    assert second["message"] == "handler failed"
    assert "ValueError: bad <payload>" in second["exception"]


def test_text_format_leaves_the_handlers_alone() -> None:
    handler = logging.StreamHandler(io.StringIO())
    before = handler.formatter
    use_format("text", [handler])
    assert handler.formatter is before
