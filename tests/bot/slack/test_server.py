"""bot/slack/server.py: the HTTP endpoints, request verification, and `run` in both Slack modes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from bot.settings import Settings
from bot.slack.health import Health
from bot.slack.server import make_web_app, run
from bot.storage import Store, StoreError
from tests.support import FORM, FakeSlackWebAPI, post_signed, slash_command_body
from tests.support.harness import SECRET, Served, assert_valid_blocks, settle
from tests.support.postgres import PostgresCluster


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def get_json(url: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.json()


# -- /healthz and /slack/events -------------------------------------------------------------------


async def test_healthz_reports_the_postings_once_the_index_is_loaded(served: Served) -> None:
    status, body = await get_json(served.url + "/healthz")

    assert status == 200
    assert body["status"] == "ok"
    assert body["postings"] == 85
    assert 0 <= body["index_age_seconds"] < 60
    assert body["socket_mode"] is None


async def test_without_an_app_only_the_health_check_is_served() -> None:
    """Socket Mode: the port carries `/healthz`, and no Slack endpoint exists to attack."""
    health = Health()
    runner = web.AppRunner(make_web_app(None, health), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        starting, _ = await get_json(url + "/healthz")
        health.loaded(12)
        ok, body = await get_json(url + "/healthz")
        status, _, _ = await post_signed(
            url, "/slack/events", slash_command_body(), secret=SECRET, content_type="text/plain"
        )
    finally:
        await runner.cleanup()

    assert (starting, ok, body["postings"]) == (503, 200, 12)
    assert status == 404


@pytest.mark.parametrize(
    ("secret", "age"), [("wrong-secret", 0), (SECRET, 600)], ids=["bad-signature", "10-min-old"]
)
async def test_requests_not_signed_by_slack_just_now_are_rejected_with_401(
    served: Served, slack: FakeSlackWebAPI, secret: str, age: int
) -> None:
    body = slash_command_body(text="python", response_url=slack.response_url("x"))

    status = await served.command(body, secret=secret, timestamp=int(time.time()) - age)
    await settle()

    assert status == 401
    assert slack.calls == []


@pytest.mark.parametrize(
    "timestamp", ["abc", "", "1e9", "１２３"], ids=["letters", "empty", "float", "wide-digits"]
)
async def test_a_malformed_timestamp_gets_401_and_causes_no_call_at_all(
    served: Served, slack: FakeSlackWebAPI, timestamp: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The attack of issue 9: bolt's verifier raised on `int("abc")` and the error handler then
    posted to the body's response URL and called chat.postEphemeral for the body's user."""
    body = slash_command_body(text="python", response_url=slack.response_url("attack"))
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64}

    with caplog.at_level(logging.INFO):
        statuses = [await served.command(body, headers=headers) for _ in range(3)]
        # A verified request after them: its answer arrives after anything they could have set off.
        assert (
            await served.command(
                slash_command_body(text="python", response_url=slack.response_url("ok"))
            )
            == 200
        )
        await slack.wait_for("response_url:ok")
        await settle()

    assert statuses == [401, 401, 401]
    assert [c.method for c in slack.calls if c.method != "auth.test"] == ["response_url:ok"]
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 3
    assert all(r.exc_info is None and len(r.getMessage()) < 200 for r in refusals)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe", "application/json"),
        (b'{"type": ', "application/json"),
        (b"[]", "application/json"),
        (b"null", "application/json"),
        (b"[" * 50_000 + b"]" * 50_000, "application/json"),
        (b"payload=%7B", "application/x-www-form-urlencoded"),
    ],
    ids=["utf8", "truncated", "list", "null", "deep", "form"],
)
async def test_malformed_bodies_get_400_when_signed_and_401_when_not_with_one_log_line(
    served: Served,
    slack: FakeSlackWebAPI,
    body: bytes,
    content_type: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO):
        signed = await served.post(body, content_type=content_type)
        unsigned = await served.post(body, content_type=content_type, secret="not-slack")
        await settle()

    assert (signed, unsigned) == (400, 401)
    assert [c.method for c in slack.calls] == []
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 2
    assert all(r.exc_info is None and len(r.getMessage()) < 200 for r in lines)


async def test_the_error_handler_never_answers_a_request_bolt_could_not_verify(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    """Behind the gate, bolt's own verifier still raises on a bad timestamp: the error handler
    sees that failure and must not act on the unverified body."""
    from slack_bolt.request.async_request import AsyncBoltRequest

    body = slash_command_body(text="x", response_url=slack.response_url("behind"))
    request = AsyncBoltRequest(
        body=body.decode(),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"},
    )  # fmt: skip

    response = await served.app.async_dispatch(request)
    await settle()

    assert response.status in (401, 500)
    assert slack.calls == []


# -- run() ----------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[asyncio.Task[int]]:
    """`run(settings)` in a task, yielded once `/healthz` says ok (and, in Socket Mode, that the
    socket is connected); stopped on exit."""
    socket = None if settings.slack_app_token is None else "connected"
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop=stop))
    url = f"http://127.0.0.1:{settings.port}/healthz"
    deadline = time.monotonic() + 10
    while True:  # poll a condition, bounded; the server needs a moment to load the index
        assert not task.done(), task.exception()
        with contextlib.suppress(aiohttp.ClientError):
            status, body = await get_json(url)
            if status == 200 and body.get("socket_mode") == socket:
                break
        assert time.monotonic() < deadline, "server did not become healthy"
        await asyncio.sleep(0.02)
    try:
        yield task
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0


async def test_http_mode_answers_slash_commands_end_to_end(
    settings: Settings, slack: FakeSlackWebAPI
) -> None:
    settings = settings.model_copy(update={"port": free_port()})

    async with running(settings):
        body = slash_command_body(text="remote SRE", response_url=slack.response_url("e2e"))
        status, _, _ = await post_signed(
            f"http://127.0.0.1:{settings.port}",
            "/slack/events",
            body,
            secret=SECRET,
            content_type="application/x-www-form-urlencoded",
        )
        [reply] = await slack.wait_for("response_url:e2e")

    assert status == 200
    assert reply.payload["response_type"] == "ephemeral"
    assert reply.payload["blocks"]


async def test_a_database_deleted_while_serving_is_reported_and_saving_says_so(
    settings: Settings, slack: FakeSlackWebAPI
) -> None:
    """Before: the deleted file took writes into the void (two saved searches vanished)."""
    settings = settings.model_copy(update={"port": free_port()})
    url = f"http://127.0.0.1:{settings.port}"

    async def ask(text: str, name: str) -> dict[str, Any]:
        body = slash_command_body(text=text, response_url=slack.response_url(name))
        await post_signed(url, "/slack/events", body, secret=SECRET, content_type=FORM)
        [reply] = await slack.wait_for(f"response_url:{name}")
        return reply.payload

    async with running(settings):
        first = await ask("subscribe remote sre", "before")
        Path(settings.database).unlink()
        second = await ask("subscribe python", "after")
        search = await ask("remote SRE", "search")
        _, health = await get_json(url + "/healthz")

    assert "Saved search 1" in first["text"]
    assert "couldn't save" in second["text"]
    assert search["blocks"]
    assert health["status"] == "degraded" and "deleted or replaced" in health["database"]


async def test_sigterm_shuts_the_server_down_cleanly(settings: Settings) -> None:
    settings = settings.model_copy(update={"port": free_port()})

    async with running(settings) as task:
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(task, 15) == 0

    with pytest.raises(aiohttp.ClientError):
        await get_json(f"http://127.0.0.1:{settings.port}/healthz")


class FakeSocketModeServer:
    """Slack's Socket Mode WebSocket: says hello, sends envelopes, records the acks."""

    def __init__(self) -> None:
        self.acks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> FakeSocketModeServer:
        app = web.Application()
        app.router.add_get("/link", self._link)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"ws://127.0.0.1:{self._runner.addresses[0][1]}/link"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1})
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                await self.acks.put(json.loads(message.data))
        return ws

    async def send(self, envelope: dict[str, Any]) -> None:
        await self.sockets[-1].send_json(envelope)


async def test_socket_mode_connects_acks_envelopes_and_answers(
    settings: Settings, slack: FakeSlackWebAPI
) -> None:
    async with FakeSocketModeServer() as wss:
        slack.answers["apps.connections.open"] = {"ok": True, "url": wss.url}
        settings = settings.model_copy(
            update={
                "port": free_port(),
                "slack_app_token": SecretStr("xapp-test"),
                "slack_signing_secret": None,
            }
        )
        async with running(settings):
            _, health = await get_json(f"http://127.0.0.1:{settings.port}/healthz")
            payload = {
                "command": "/jobs",
                "text": "remote SRE",
                "user_id": "U1",
                "channel_id": "C1",
                "team_id": "T123",
                "api_app_id": "A1",
                "response_url": slack.response_url("sock"),
                "trigger_id": "1.2.3",
            }
            await wss.send(
                {"envelope_id": "env-1", "type": "slash_commands", "payload": payload,
                 "accepts_response_payload": True}
            )  # fmt: skip
            ack = await asyncio.wait_for(wss.acks.get(), 5)
            [reply] = await slack.wait_for("response_url:sock")

    assert health["socket_mode"] == "connected"
    assert [c.token for c in slack.calls_to("apps.connections.open")] == ["xapp-test"]
    assert ack["envelope_id"] == "env-1"
    assert reply.payload["response_type"] == "ephemeral"
    assert reply.payload["blocks"]


async def test_the_follower_swaps_in_added_postings_and_stops_cleanly(tmp_path: Path) -> None:
    from bot.slack.server import follow_postings
    from index import parse_query
    from index.live import LiveIndex

    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "a.md").write_text('---\ntitle: "Rust Engineer"\n---\nRust.\n')
    live = LiveIndex(folder, cache_dir=tmp_path / "cache")
    health = Health()
    health.loaded(live.summary.loaded)
    stop = asyncio.Event()
    swapped = asyncio.Event()
    refresh = live.refresh_if_changed

    def refresh_and_tell() -> bool:
        changed = refresh()
        if changed:
            asyncio.run_coroutine_threadsafe(_set(swapped), loop)
        return changed

    async def _set(event: asyncio.Event) -> None:
        event.set()

    loop = asyncio.get_running_loop()
    live.refresh_if_changed = refresh_and_tell  # type: ignore[method-assign]
    task = asyncio.create_task(follow_postings(live, health, stop, every=0.0))
    (folder / "b.md").write_text('---\ntitle: "Elixir Engineer"\n---\nElixir.\n')
    await asyncio.wait_for(swapped.wait(), timeout=30)
    stop.set()
    await asyncio.wait_for(task, timeout=30)
    assert health.postings == 2
    titles = [h.posting.title for h in live.current.search(parse_query("elixir")).hits]
    assert titles == ["Elixir Engineer"]


# -- the digest scheduler inside `jobbot serve` ---------------------------------------------------


async def test_serve_runs_the_scheduler_and_posts_a_due_channel_digest(
    settings: Settings, slack: FakeSlackWebAPI, tmp_path: Path
) -> None:
    database = tmp_path / "jobbot.sqlite3"
    settings = settings.model_copy(
        update={
            "port": free_port(),
            "database": database,
            "digest_channel": "CDIGEST",
            "digest_time": dt_time(8, 0),
            "timezone": "Europe/Berlin",
        }
    )
    now = datetime(2026, 3, 30, 7, 30, tzinfo=UTC)  # 09:30 in Berlin: today's digest is due

    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop=stop, clock=lambda: now))
    try:
        [post] = await slack.wait_for("chat.postMessage", timeout=15)
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0

    assert post.payload["channel"] == "CDIGEST"
    blocks = post.payload["blocks"]
    assert_valid_blocks(blocks)
    assert blocks[0]["text"]["text"].startswith("First digest")
    async with Store.open(database) as store:  # closed by serve, reopened here
        run_log = await store.get_run("channel:CDIGEST", date(2026, 3, 30))
    assert run_log is not None and run_log.state == "sent"


async def test_serve_refuses_a_database_it_cannot_use_before_starting_anything(
    settings: Settings, slack: FakeSlackWebAPI, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-volume" / "jobbot.sqlite3"
    settings = settings.model_copy(update={"port": free_port(), "database": missing})

    with pytest.raises(StoreError, match="no-such-volume"):
        await run(settings, stop=asyncio.Event())

    assert slack.calls == []


async def test_readyz_follows_the_database_while_healthz_stays_up(
    settings: Settings, postgres: PostgresCluster
) -> None:
    """Ready only while PostgreSQL answers: a replica whose database went away leaves the load
    balancer's rotation (503) but stays alive (/healthz 200), and comes back when it returns."""
    own = PostgresCluster(postgres.bindir)  # a server of its own, to stop and start again
    try:
        own.start()
        settings = settings.model_copy(
            update={"port": free_port(), "database": own.create_database()}
        )
        url = f"http://127.0.0.1:{settings.port}"
        async with running(settings):
            ready = await get_json(url + "/readyz")
            own.halt()
            gone = await get_json(url + "/readyz")
            alive, _ = await get_json(url + "/healthz")
            own.launch()
            back = await get_json(url + "/readyz")
    finally:
        own.stop()

    assert ready == (200, {"ready": True, "index": "loaded", "database": "ok"})
    assert gone[0] == 503 and gone[1]["ready"] is False and "127.0.0.1" in gone[1]["database"]
    assert alive == 200
    assert back[0] == 200


async def test_metrics_count_requests_by_surface_and_outcome_and_report_the_index(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    body = slash_command_body(text="remote SRE", response_url=slack.response_url("m"))
    accepted, _, _ = await post_signed(
        served.url, "/slack/events", body, secret=SECRET, content_type=FORM
    )
    refused, _, _ = await post_signed(
        served.url, "/slack/events", body, secret="not-the-secret", content_type=FORM
    )
    await slack.wait_for("response_url:m")
    async with (
        aiohttp.ClientSession() as session,
        session.get(served.url + "/metrics") as response,
    ):
        kind, text = response.headers["Content-Type"], await response.text()

    assert (accepted, refused) == (200, 401)
    assert kind.startswith("text/plain")
    samples = [
        (sample.name, tuple(sorted(sample.labels.items())), sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    ]

    def value(name: str, **labels: str) -> float:
        [found] = [v for n, ls, v in samples if n == name and ls == tuple(sorted(labels.items()))]
        return found

    counted = {ls: v for n, ls, v in samples if n == "jobbot_requests_total"}
    assert counted == {
        (("outcome", "ok"), ("surface", "command")): 1.0,
        (("outcome", "refused"), ("surface", "unverified")): 1.0,
    }
    assert value("jobbot_request_seconds_count", surface="command") == 1.0
    assert value("jobbot_index_postings") == served.health.postings
    assert value("jobbot_index_age_seconds") >= 0
