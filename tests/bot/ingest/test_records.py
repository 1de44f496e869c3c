"""bot/ingest/records.py: the small cleaners every source kind shares."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ingest.records import (
    PayloadError,
    board_company,
    clean,
    decode_json,
    epoch_ms,
    iso_time,
    job_type,
    safe_url,
    slug,
    summary_of,
    text_field,
    with_workplace,
)


def test_clean_drops_control_and_zero_width_characters_and_cuts() -> None:
    assert clean("  Senior\u200b  Engineer\x00\n(Go)\x85 ") == "Senior Engineer (Go)"
    assert clean("x" * 600) == "x" * 500


@pytest.mark.parametrize(
    ("value", "expected"), [("a", "a"), (12, "12"), (True, ""), (None, ""), (["a"], ""), ({}, "")]
)
def test_text_field_reads_only_strings_and_numbers(value: object, expected: str) -> None:
    assert text_field(value) == expected


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://a.example/x?y=1", True), ("http://a.example", True),
     ("javascript:alert(1)", False), ("data:text/html,x", False), ("/relative", False),
     ("https://a.example/x y", False), (5, False)],
)  # fmt: skip
def test_safe_url_keeps_only_http_urls(url: object, ok: bool) -> None:
    assert bool(safe_url(url)) is ok


def test_slug_is_ascii_and_bounded() -> None:
    assert slug("Ingénieur·e Logiciel / Backend!") == "ingenieure-logiciel-backend"
    assert slug("开发工程师") == "job" and len(slug("a" * 200)) == 60


def test_times() -> None:
    assert iso_time("2026-11-20T10:00:00-05:00") == datetime(2026, 11, 20, 15, tzinfo=UTC)
    assert iso_time("2026-11-25T14:29:08.532Z") is not None
    assert iso_time("yesterday") is None and iso_time(5) is None
    assert epoch_ms(1_700_000_000_000) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert epoch_ms(True) is None and epoch_ms(-1) is None and epoch_ms("1") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Full-time", "full-time"), ("FullTime", "full-time"), ("PartTime", "part-time"),
     ("Intern", "internship"), ("Temporary", "contract"), ("Contract", "contract"),
     ("Volunteer", None), (None, None)],
)  # fmt: skip
def test_job_types_map_to_the_seed_vocabulary(value: object, expected: str | None) -> None:
    assert job_type(value) == expected


def test_the_workplace_is_said_in_the_location_once() -> None:
    assert with_workplace("Berlin", "remote") == "Berlin (Remote)"
    assert with_workplace("", "hybrid") == "Hybrid"
    assert with_workplace("Remote - EU", "remote") == "Remote - EU"
    assert with_workplace("Berlin", "on-site") == "Berlin"


def test_summary_is_the_first_real_paragraph_without_markdown() -> None:
    body = "## About\n\nWe **build** [tools](https://x.example) for teams that ship.\n\nMore."
    assert summary_of(body) == "We build tools for teams that ship."
    assert summary_of("word " * 100).endswith("…") and len(summary_of("word " * 100)) <= 301


def test_board_company() -> None:
    assert board_company("netflix") == "Netflix" and board_company("acme-labs") == "Acme Labs"
    assert board_company("AcmeCo") == "AcmeCo" and board_company("web3") == "web3"


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"\xff\xfe{}", "not UTF-8"), (b"<!DOCTYPE html><html>", "HTML or XML"),
     (b"{'a': 1}", "not JSON"), (b"", "not JSON")],
)  # fmt: skip
def test_decode_json_refuses_what_is_not_json(body: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        decode_json(body)
    assert decode_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
