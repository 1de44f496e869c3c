"""The HTTP edge's gate: a request reaches bolt only once it is proven to come from Slack and to
be a payload bolt can read.

bolt verifies signatures too, but inside its middleware chain: a malformed timestamp makes its
verifier raise, and the app's error handler then runs for a request nobody verified — with its
`response_url` and user and channel ids taken from the attacker's body. Here the signature is
checked first, on the raw bytes, with every header validated before it is used; then the body is
decoded and parsed exactly as bolt will parse it. A request that fails either check is answered
401 (not from Slack) or 400 (from Slack, but unreadable) with one short log line, and nothing
else happens.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import parse_body

__all__ = ["MAX_CLOCK_SKEW", "Rejected", "RequestGate"]

MAX_CLOCK_SKEW = 300
"""Seconds a request's timestamp may be off our clock (Slack's rule: replays are refused)."""

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Rejected:
    """Why a request was turned away: the HTTP status and a short reason for the log."""

    status: int
    reason: str


class RequestGate:
    """Verifies and parses a Slack HTTP request before bolt sees it."""

    def __init__(self, signing_secret: str, *, clock: Callable[[], float] = time.time) -> None:
        if not signing_secret:
            raise ValueError("a signing secret is required")
        self._secret = signing_secret.encode()
        self._clock = clock

    def verified(self, body: bytes, headers: Mapping[str, str]) -> Rejected | None:
        """None when `body` carries Slack's signature, made with our secret within the last five
        minutes; else why not. Headers are checked for shape before any arithmetic on them."""
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not _TIMESTAMP.fullmatch(timestamp):
            return Rejected(401, "missing or malformed X-Slack-Request-Timestamp")
        if not _SIGNATURE.fullmatch(signature):
            return Rejected(401, "missing or malformed X-Slack-Signature")
        if abs(self._clock() - int(timestamp)) > MAX_CLOCK_SKEW:
            return Rejected(401, "timestamp more than 5 minutes off")
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return Rejected(401, "signature does not match")
        return None

    def admit(
        self, body: bytes, headers: Mapping[str, str], *, query: str = ""
    ) -> AsyncBoltRequest | Rejected:
        """The bolt request for a verified, readable body; else why it was refused."""
        refused = self.verified(body, headers)
        if refused is not None:
            return refused
        return readable(body, headers, query=query)


def readable(
    body: bytes, headers: Mapping[str, str], *, query: str = ""
) -> AsyncBoltRequest | Rejected:
    """`body` as bolt's request, when it is UTF-8 and parses (the way bolt parses it) into a JSON
    object; else a 400. Parsing here means bolt's own parse can no longer fail later."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejected(400, "body is not UTF-8")
    content_type = headers.get("Content-Type", "").split(";")[0].strip().lower() or None
    try:
        parsed: Any = parse_body(text, content_type)
    except (ValueError, RecursionError):  # json.JSONDecodeError is a ValueError
        return Rejected(400, "body is not valid JSON or form data")
    if not isinstance(parsed, dict):
        return Rejected(400, f"body is a JSON {type(parsed).__name__}, not an object")
    try:
        return AsyncBoltRequest(body=text, query=query, headers=dict(headers))
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
        # bolt reads team, user and channel ids out of the payload: odd shapes can trip it.
        return Rejected(400, "payload fields have unexpected types")
