"""Requests as Slack sends them: signed, and with the bodies Slack uses.

`sign` computes the two headers Slack adds to every request (`v0:{timestamp}:{body}`,
HMAC-SHA256 with the signing secret). The `*_body` helpers build the raw bytes of a slash
command, an Events API callback and an interaction, and `post_signed` sends one to an app:

    body = slash_command_body(text="remote python", response_url=slack.response_url("r1"))
    status, text, _ = await post_signed(
        app_url, "/slack/events", body, secret=SECRET, content_type=FORM
    )
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp.test_utils import TestClient

__all__ = [
    "FORM",
    "JSON",
    "event_body",
    "interaction_body",
    "post_signed",
    "sign",
    "slash_command_body",
]

FORM = "application/x-www-form-urlencoded"
"""Content type of slash commands and interactions."""
JSON = "application/json"
"""Content type of Events API callbacks."""

UNSET_RESPONSE_URL = "http://127.0.0.1:1/response/unset"
"""Default response_url: a closed local port, so a forgotten one fails fast instead of going to
Slack. Pass `slack.response_url(...)` to record replies."""


def sign(body: bytes | str, *, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """The `X-Slack-Request-Timestamp` and `X-Slack-Signature` headers for `body`.

    `timestamp` defaults to now, because receivers reject requests more than 300 s off their
    clock; pass one to test exactly that.
    """
    ts = int(time.time()) if timestamp is None else timestamp
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + str(ts).encode() + b":" + raw
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


def slash_command_body(
    *,
    command: str = "/jobs",
    text: str = "",
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str = UNSET_RESPONSE_URL,
    trigger_id: str = "1337.42.trigger",
    team_id: str = "T123",
    api_app_id: str = "A1",
    user_name: str = "user",
    channel_name: str = "general",
) -> bytes:
    """A slash command invocation, form-encoded with the fields Slack sends."""
    fields = {
        "token": "verification-token",
        "team_id": team_id,
        "team_domain": "t-team",
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }
    return urlencode(fields).encode()


def event_body(
    event: Mapping[str, Any],
    *,
    event_id: str = "Ev1",
    team_id: str = "T123",
    api_app_id: str = "A1",
    event_time: int = 1_700_000_000,
) -> bytes:
    """An Events API `event_callback` envelope around `event`, as JSON bytes."""
    envelope = {
        "token": "verification-token",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": "UBOT",
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(envelope).encode()


def interaction_body(payload: Mapping[str, Any]) -> bytes:
    """An interaction (block_actions, view_submission…): form-encoded `payload=<JSON>`."""
    return urlencode({"payload": json.dumps(dict(payload))}).encode()


async def post_signed(
    session_or_base_url: aiohttp.ClientSession | TestClient[Any, Any] | str,
    path: str,
    body: bytes | str,
    *,
    secret: str,
    content_type: str,
    extra_headers: Mapping[str, str] | None = None,
    timestamp: int | None = None,
) -> tuple[int, str, dict[str, str]]:
    """POST `body` signed with `secret`; return (status, response text, response headers).

    The first argument is a base URL like "http://127.0.0.1:PORT" (a session is opened and
    closed here), an aiohttp `TestClient`, or a `ClientSession` (then `path` must be absolute
    or the session needs a `base_url`). `extra_headers` adds e.g. `X-Slack-Retry-Num`.
    """
    raw = body.encode() if isinstance(body, str) else body
    headers = {"Content-Type": content_type, **sign(raw, secret=secret, timestamp=timestamp)}
    headers.update(extra_headers or {})
    if isinstance(session_or_base_url, str):
        url = f"{session_or_base_url.rstrip('/')}/{path.lstrip('/')}"
        async with aiohttp.ClientSession() as session:
            return await _post(session, url, raw, headers)
    return await _post(session_or_base_url, path, raw, headers)


async def _post(
    client: aiohttp.ClientSession | TestClient[Any, Any],
    url: str,
    body: bytes,
    headers: dict[str, str],
) -> tuple[int, str, dict[str, str]]:
    async with client.post(url, data=body, headers=headers) as response:
        return response.status, await response.text(), dict(response.headers)
