"""A local fake of the Slack Web API and of response URLs, for tests without the network.

`FakeSlackWebAPI` is a real aiohttp server on 127.0.0.1, port 0. Point the real
`AsyncWebClient(base_url=slack.base_url, token=...)` at it and assert on what arrived:

    async with FakeSlackWebAPI() as slack:
        client = AsyncWebClient(base_url=slack.base_url, token="xoxb-test")
        await client.chat_postMessage(channel="C1", text="hi")
        [call] = slack.calls_to("chat.postMessage")
        assert call.payload["text"] == "hi"

Every request is recorded as a `Call`, including scripted failures (`failed=True`), so a test
can count attempts and deliveries apart. The answers are the smallest that slack_sdk and
slack_bolt accept; `answers` and `users` override them where a test needs more.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from aiohttp import web

__all__ = ["AUTH_TEST", "Call", "FakeSlackWebAPI"]

HOST = "127.0.0.1"

AUTH_TEST: dict[str, Any] = {
    "ok": True,
    "url": "https://t-team.slack.com/",
    "team": "T Team",
    "user": "jobbot",
    "team_id": "T123",
    "user_id": "UBOT",
    "bot_id": "BBOT",
    "bot_user_id": "UBOT",
}
"""What `auth.test` answers: the bot's identity, which AsyncApp asks for on first use."""

_TS_SECONDS = 1_000_000
"""Message timestamps are the second of the call, then a per-server counter as the fraction:
unique and increasing, like Slack's, and comparable with `oldest` in conversations.history."""


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received.

    `payload` merges the query string and the body (form fields or a JSON object), so it reads
    the same whichever way slack_sdk sent the arguments. `headers` has lower-case names.
    `failed` is True when the fake answered with a scripted failure (see `fail_next`).
    """

    method: str
    payload: dict[str, Any]
    headers: dict[str, str]
    failed: bool = False

    @property
    def token(self) -> str | None:
        """The bearer token of the request, or a `token` form field; None if neither."""
        auth = self.headers.get("authorization", "")
        if auth.startswith("Bearer "):
            return auth.removeprefix("Bearer ")
        token = self.payload.get("token")
        return token if isinstance(token, str) else None


@dataclass(frozen=True, slots=True)
class _Failure:
    status: int
    error: str
    retry_after: int | None
    channel: str | None = None
    """Only calls for this channel fail (None: any call of the method)."""


class FakeSlackWebAPI:
    """An aiohttp server answering `/api/<method>` like Slack and recording every call.

    Use it as `async with FakeSlackWebAPI() as slack:`; the port is chosen by the OS.
    Both POST (form-encoded or JSON, bearer token) and GET (query string; slack_sdk sends
    `users.info` that way) are accepted.
    """

    def __init__(self) -> None:
        self.calls: list[Call] = []
        """Every request, in arrival order, failed attempts included."""
        self.users: dict[str, dict[str, Any]] = {}
        """Per user id, keys merged over the default `users.info` user (tz Europe/Berlin)."""
        self.members: dict[str, list[str]] = {}
        """Per channel, who is in it (conversations.members); a channel not listed has U1."""
        self.admins: set[str] = set()
        """Users that users.info reports as workspace admins."""
        self.answers: dict[str, dict[str, Any]] = {}
        """Per method, a fixed JSON answer that replaces the built-in one."""
        self._failures: defaultdict[str, deque[_Failure]] = defaultdict(deque)
        self._holds: dict[tuple[str, str | None], asyncio.Event] = {}
        self._posted_ts: dict[int, str] = {}
        self._ts_counter = itertools.count(1)
        self._response_url_counter = itertools.count(1)
        self._arrived = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start serving."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{name}", self._handle_response_url)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, HOST, 0).start()
        self._runner = runner
        self._port = runner.addresses[0][1]

    async def close(self) -> None:
        """Stop serving (held answers are let go); recorded calls stay readable."""
        for release in self._holds.values():
            release.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- addresses -----------------------------------------------------------------------------

    def url(self, path: str) -> str:
        """The absolute URL of `path` on this server, e.g. `url("api/auth.test")`."""
        if self._port is None:
            raise RuntimeError("FakeSlackWebAPI is not started: use `async with FakeSlackWebAPI()`")
        return f"http://{HOST}:{self._port}/{path.lstrip('/')}"

    @property
    def base_url(self) -> str:
        """The Web API root with a trailing slash, as `AsyncWebClient(base_url=...)` expects."""
        return self.url("api/")

    def response_url(self, name: str | None = None) -> str:
        """A response URL served here; POSTs to it are recorded as method `response_url:<name>`.

        Without a name, each call gives a new one: r1, r2, …
        """
        if name is None:
            name = f"r{next(self._response_url_counter)}"
        return self.url(f"response/{name}")

    # -- scripting and inspection --------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        error: str | None = None,
        retry_after: int = 1,
        times: int = 1,
        channel: str | None = None,
    ) -> None:
        """Make the next `times` calls of `method` fail, then answer normally again.

        - default, or `status=429`: HTTP 429, a `Retry-After: <retry_after>` header and
          `{"ok": false, "error": "ratelimited"}`, as Slack rate-limits.
        - `status=500` (any other status): that status with `{"ok": false, "error": ...}`.
        - `error="channel_not_found"` without a status: HTTP 200 with `{"ok": false, "error"}`,
          the way Slack reports most API errors.

        `method` may be `response_url:<name>` to fail a response URL. With `channel`, only
        calls whose `channel` argument is that channel fail; the others are answered normally.
        """
        if status is None:
            status = 200 if error is not None else 429
        if error is None:
            error = "ratelimited" if status == 429 else "internal_error"
        failure = _Failure(status, error, retry_after if status == 429 else None, channel)
        self._failures[method].extend([failure] * times)

    def hold(self, method: str, *, channel: str | None = None) -> asyncio.Event:
        """Hold the answers to `method` (for `channel`, or any) until the returned event is set.

        The call is recorded — and a chat.postMessage is posted — as soon as it arrives, as when
        Slack has done the work but its answer is slow, or never reaches a caller that dies.
        """
        release = self._holds[(method, channel)] = asyncio.Event()
        return release

    def calls_to(self, method: str, *, failed: bool | None = None) -> list[Call]:
        """The recorded calls of `method`; `failed=False` keeps deliveries, True failures."""
        return [
            call
            for call in self.calls
            if call.method == method and (failed is None or call.failed is failed)
        ]

    async def wait_for(self, method: str, *, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until `count` successful calls of `method` arrived; return all of them.

        For work the app does after it acked (a reply posted in the background). Wakes on each
        arrival instead of sleeping. Raises AssertionError listing what did arrive on timeout.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            delivered = self.calls_to(method, failed=False)
            if len(delivered) >= count:
                return delivered
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(self._describe_timeout(method, count, timeout, delivered))
            # No await between the check above and clear(): an arrival cannot be missed.
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), remaining)

    def _describe_timeout(
        self, method: str, count: int, timeout: float, delivered: list[Call]
    ) -> str:
        lines = [
            f"expected {count} successful call(s) to {method!r} within {timeout}s, "
            f"got {len(delivered)}; recorded calls:"
        ]
        lines += [
            f"  {call.method}{' (failed)' if call.failed else ''} {call.payload!r}"
            for call in self.calls
        ]
        if not self.calls:
            lines.append("  (none)")
        return "\n".join(lines)

    # -- handlers ------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        payload = await _read_payload(request)
        answer = self._answer(
            method, payload, request, lambda: self._default_answer(method, payload)
        )
        channel = payload.get("channel")
        held = self._holds.get((method, channel)) or self._holds.get((method, None))
        if held is not None:
            await held.wait()
        return answer

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        payload = await _read_payload(request)
        method = f"response_url:{request.match_info['name']}"
        return self._answer(method, payload, request, lambda: {"ok": True})

    def _answer(
        self,
        method: str,
        payload: dict[str, Any],
        request: web.Request,
        build: Callable[[], dict[str, Any]],
    ) -> web.Response:
        headers = {name.lower(): value for name, value in request.headers.items()}
        failure = self._next_failure(method, payload.get("channel"))
        self.calls.append(Call(method, payload, headers, failed=failure is not None))
        self._arrived.set()
        if failure is not None:
            extra = {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
            return web.json_response(
                {"ok": False, "error": failure.error}, status=failure.status, headers=extra
            )
        body: dict[str, Any] = self.answers[method] if method in self.answers else build()
        return web.json_response(body)

    def _next_failure(self, method: str, channel: object) -> _Failure | None:
        queue = self._failures.get(method)
        for failure in list(queue or ()):
            if failure.channel is None or failure.channel == channel:
                assert queue is not None
                queue.remove(failure)
                return failure
        return None

    def _history(self, payload: dict[str, Any]) -> dict[str, Any]:
        """conversations.history from the messages posted here (newest first), metadata kept."""
        channel = payload.get("channel")
        oldest = float(payload.get("oldest") or 0)
        messages = []
        for call in self.calls:
            if call.method != "chat.postMessage" or call.failed:
                continue
            posted_to = call.payload.get("channel")
            if posted_to != channel and f"D{posted_to}" != channel:
                continue
            ts = self._posted_ts.get(id(call))
            if ts is None or float(ts) < oldest:
                continue
            message = _message(call.payload, ts)
            metadata = _maybe_json(call.payload.get("metadata"))
            if metadata and payload.get("include_all_metadata") in (True, "true", "1", 1):
                message["metadata"] = metadata
            messages.append(message)
        return {"ok": True, "messages": messages[::-1], "has_more": False}

    def _default_answer(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        match method:
            case "auth.test":
                return dict(AUTH_TEST)
            case "chat.postMessage":
                ts = self._next_ts()
                self._posted_ts[id(self.calls[-1])] = ts
                channel = payload.get("channel")
                return {"ok": True, "channel": channel, "ts": ts, "message": _message(payload, ts)}
            case "conversations.members":
                members = self.members.get(str(payload.get("channel")), ["U1"])
                return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}
            case "conversations.history":
                return self._history(payload)
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": self._next_ts()}
            case "chat.update":
                updated_ts = payload.get("ts")
                return {
                    "ok": True,
                    "channel": payload.get("channel"),
                    "ts": updated_ts,
                    "text": payload.get("text", ""),
                    "message": _message(payload, updated_ts),
                }
            case "views.publish":
                view = _maybe_json(payload.get("view"))
                fields = view if isinstance(view, dict) else {}
                return {"ok": True, "view": {"id": "VHOME", "type": "home", **fields}}
            case "conversations.open":
                users = str(payload.get("users", "")).replace(",", "")
                return {"ok": True, "channel": {"id": f"D{users}"}}
            case "users.info":
                user_id = str(payload.get("user", ""))
                admin = {"is_admin": user_id in self.admins}
                return {
                    "ok": True,
                    "user": {**_default_user(user_id), **admin, **self.users.get(user_id, {})},
                }
            case _:
                return {"ok": True}

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts_counter) % _TS_SECONDS:06d}"


async def _read_payload(request: web.Request) -> dict[str, Any]:
    """Query string plus body, whether the body is JSON or form-encoded."""
    payload: dict[str, Any] = dict(request.query)
    if not request.can_read_body:
        return payload
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(text="expected a JSON object")
        payload.update(body)
    else:
        payload.update(await request.post())
    return payload


def _maybe_json(value: Any) -> Any:
    """Form-encoded calls carry blocks and views as JSON strings; decode those."""
    if isinstance(value, str) and value.startswith(("{", "[")):
        return json.loads(value)
    return value


def _message(payload: dict[str, Any], ts: Any) -> dict[str, Any]:
    message: dict[str, Any] = {
        "type": "message",
        "user": AUTH_TEST["user_id"],
        "bot_id": AUTH_TEST["bot_id"],
        "text": payload.get("text", ""),
        "ts": ts,
    }
    if "blocks" in payload:
        message["blocks"] = _maybe_json(payload["blocks"])
    return message


def _default_user(user_id: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "team_id": AUTH_TEST["team_id"],
        "name": user_id.lower(),
        "real_name": f"User {user_id}",
        "is_bot": False,
        "tz": "Europe/Berlin",
        "tz_label": "Central European Time",
        "tz_offset": 3600,
    }
