"""bot/slack/verification.py: the gate in front of bolt, as a pure function of bytes and headers."""

from __future__ import annotations

import json

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.slack.verification import Rejected, RequestGate
from tests.support import FORM, JSON, event_body, interaction_body, sign, slash_command_body

SECRET = "gate-secret"
NOW = 1_800_000_000


def gate() -> RequestGate:
    return RequestGate(SECRET, clock=lambda: float(NOW))


def headers(body: bytes, *, content_type: str = FORM, **overrides: str) -> dict[str, str]:
    signed = sign(body, secret=SECRET, timestamp=NOW)
    return {"Content-Type": content_type, **signed, **overrides}


@pytest.mark.parametrize(
    "timestamp", ["abc", "", "1e9", " 1800000000", "1800000000 ", "１８００", "-5", "9" * 40]
)
def test_a_malformed_timestamp_is_refused_without_raising(timestamp: str) -> None:
    body = slash_command_body(text="python")

    refused = gate().admit(body, headers(body, **{"X-Slack-Request-Timestamp": timestamp}))

    assert refused == Rejected(401, "missing or malformed X-Slack-Request-Timestamp")


@pytest.mark.parametrize("signature", ["", "v0=", "v1=" + "0" * 64, "v0=" + "g" * 64, "x" * 9000])
def test_a_malformed_signature_is_refused(signature: str) -> None:
    body = slash_command_body(text="python")

    refused = gate().admit(body, headers(body, **{"X-Slack-Signature": signature}))

    assert isinstance(refused, Rejected) and refused.status == 401


def test_a_signature_made_with_another_secret_or_for_another_body_is_refused() -> None:
    body = slash_command_body(text="python")
    forged = sign(body, secret="not-ours", timestamp=NOW)

    assert gate().admit(body, {**headers(body), **forged}) == Rejected(
        401, "signature does not match"
    )
    assert gate().admit(body + b"&x=1", headers(body)) == Rejected(401, "signature does not match")


def test_a_request_older_than_five_minutes_is_refused() -> None:
    body = slash_command_body(text="python")
    old = sign(body, secret=SECRET, timestamp=NOW - 301)

    assert gate().admit(body, {"Content-Type": FORM, **old}) == Rejected(
        401, "timestamp more than 5 minutes off"
    )


def test_missing_headers_are_refused() -> None:
    assert gate().admit(b"payload=%7B%7D", {}) == Rejected(
        401, "missing or malformed X-Slack-Request-Timestamp"
    )


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"\xff\xfe{}", JSON, "body is not UTF-8"),
        (b'{"type": "event_callback"', JSON, "body is not valid JSON or form data"),
        (b"[1, 2]", JSON, "body is a JSON list, not an object"),
        (b"null", JSON, "body is a JSON NoneType, not an object"),
        (b"42", JSON, "body is a JSON int, not an object"),
        (b"[" * 100_000 + b"]" * 100_000, JSON, "body is not valid JSON or form data"),
        (b"payload=%7Bnot-json", FORM, "body is not valid JSON or form data"),
        (b"payload=%5B%5D", FORM, "body is a JSON list, not an object"),
        (b'{"team": "T1", "user": 5, "channel": []}', JSON, "payload fields have unexpected types"),
    ],
    ids=["utf8", "truncated", "list", "null", "number", "deep", "form", "form-list", "shapes"],
)
def test_signed_but_unreadable_bodies_are_400(body: bytes, content_type: str, reason: str) -> None:
    refused = gate().admit(body, headers(body, content_type=content_type))

    assert refused == Rejected(400, reason)


@pytest.mark.parametrize(
    ("body", "content_type", "key", "value"),
    [
        (slash_command_body(text="remote sre"), FORM, "text", "remote sre"),
        (event_body({"type": "app_mention", "text": "hi"}), JSON, "type", "event_callback"),
        (interaction_body({"type": "block_actions", "actions": []}), FORM, "type", "block_actions"),
    ],
    ids=["command", "event", "interaction"],
)
def test_a_signed_readable_request_becomes_the_bolt_request(
    body: bytes, content_type: str, key: str, value: str
) -> None:
    admitted = gate().admit(body, headers(body, content_type=content_type), query="a=1")

    assert isinstance(admitted, AsyncBoltRequest)
    assert admitted.body[key] == value
    assert admitted.raw_body == body.decode()
    assert admitted.query == {"a": ["1"]}


def test_the_deep_body_fixture_really_is_deeper_than_the_json_parser_allows() -> None:
    with pytest.raises(RecursionError):
        json.loads("[" * 100_000 + "]" * 100_000)
