"""`jobbot serve`: run the Slack app over Socket Mode or HTTP until SIGTERM, with the digest
scheduler alongside.

HTTP mode serves `POST /slack/events` (commands, events and interactivity on one path),
`GET /healthz`, `GET /readyz` and `GET /metrics` on `PORT`. Socket Mode (when `SLACK_APP_TOKEN` is
set) serves only the last three there, best effort, and keeps the WebSocket honest with a
ping/pong `Watchdog`. The index is built off the event loop; until it is ready `/healthz` answers
503 and questions get the polite apology.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_internals import (
    run_async_bolt_app,
    send_async_response,
)
from slack_bolt.async_app import AsyncApp
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.answers import Answers
from bot.digests.scheduler import Scheduler, SlackTimezones
from bot.digests.targets import channel_target
from bot.ingest.run import PassReport
from bot.ingest.setup import channel_ads, start_background
from bot.logs import ThrottledLog
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.connections import DEFAULT_LIMITS, listening
from bot.slack.health import Health, IndexNotReady
from bot.slack.metrics import CONTENT_TYPE, Metrics, surface_of
from bot.slack.verification import Rejected, RequestGate
from bot.slack.watchdog import PatientSocketModeClient, Watchdog
from bot.storage import Store
from index import LiveIndex, SearchIndex

__all__ = [
    "EVENTS_PATH",
    "HEALTH_PATH",
    "follow_postings",
    "make_web_app",
    "run",
    "serve",
    "unless_stopped",
]

log = logging.getLogger("jobbot.server")
T = TypeVar("T")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"


@dataclass(slots=True)
class Seen:
    """What the metrics learn about one Slack request while it is answered."""

    surface: str = "unverified"
    response: web.Response = field(default_factory=lambda: web.Response(status=500))


SHUTDOWN_GRACE = 10.0
"""Seconds in-flight answers get to finish after SIGTERM."""
DIGEST_GRACE = 20.0
"""Seconds the digests being sent get to finish after SIGTERM; those still unsent then are
handed back (claims released, retry due at once) for another replica or the next start."""


def make_web_app(
    app: AsyncApp | None,
    health: Health,
    *,
    signing_secret: str | None = None,
    body_timeout: float = DEFAULT_LIMITS.body_timeout,
    metrics: Metrics | None = None,
) -> web.Application:
    """The aiohttp application: Slack requests (when `app` is given) and the health check.

    Every Slack request passes the `RequestGate` (signature, then a readable body) before bolt
    sees it; a refused one is answered 401 or 400 and logged in one throttled line. A body that
    takes longer than `body_timeout` seconds to arrive is answered 408.
    """
    web_app = web.Application()

    async def healthz(request: web.Request) -> web.Response:
        status, body = await health.report()
        return web.json_response(body, status=status)

    async def readyz(request: web.Request) -> web.Response:
        status, body = await health.readiness()
        return web.json_response(body, status=status)

    metrics = metrics or Metrics(health)

    async def metrics_text(request: web.Request) -> web.Response:
        response = web.Response(body=metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    web_app.router.add_get(HEALTH_PATH, healthz)
    web_app.router.add_get(READY_PATH, readyz)
    web_app.router.add_get(METRICS_PATH, metrics_text)
    if app is not None:
        if not signing_secret:
            raise ValueError("serving Slack requests over HTTP needs the signing secret")
        bolt, gate, refusals = app, RequestGate(signing_secret), ThrottledLog(log)

        async def slack_events(request: web.Request) -> web.Response:
            started, seen = time.monotonic(), Seen()
            try:
                seen.response = await _answer(request, seen)
                return seen.response
            finally:  # a handler that raised is counted as the 500 aiohttp answers
                metrics.observe(seen.surface, seen.response.status, time.monotonic() - started)

        async def _answer(request: web.Request, seen: Seen) -> web.Response:
            try:
                async with asyncio.timeout(body_timeout):
                    body = await request.read()
            except TimeoutError:
                refusals.warning("refused a request from %s: body too slow", request.remote)
                slow = web.json_response({"error": "body too slow"}, status=408)
                slow.force_close()  # the rest of that body is not worth waiting for
                return slow
            admitted = gate.admit(body, request.headers, query=request.query_string)
            if isinstance(admitted, Rejected):
                refusals.warning("refused a request from %s: %s", request.remote, admitted.reason)
                return web.json_response({"error": admitted.reason}, status=admitted.status)
            seen.surface = surface_of(admitted.body)
            return await to_aiohttp_response(await bolt.async_dispatch(admitted))

        web_app.router.add_post(EVENTS_PATH, slack_events)
    return web_app


REFRESH_SECONDS = 30.0
"""How often the postings folder is checked for added, changed or removed files."""


class _CurrentIndex:
    """The index `Answers` reads: the live index's current one; none until it has loaded."""

    def __init__(self) -> None:
        self.live: LiveIndex | None = None

    def __call__(self) -> SearchIndex:
        if self.live is None:
            raise IndexNotReady("the postings index is still loading")
        return self.live.current


async def follow_postings(
    live: LiveIndex, health: Health, stop: asyncio.Event, *, every: float = REFRESH_SECONDS
) -> None:
    """Until `stop`: check the folder every `every` seconds; rebuild in a worker thread and swap.

    Questions asked during a rebuild are answered from the old index.
    """
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every)
            return
        try:
            if await asyncio.to_thread(live.refresh_if_changed):
                health.loaded(live.summary.loaded)
        except Exception:  # a failed rebuild keeps the old index; try again next round
            log.exception("refreshing the postings index failed; keeping the current one")


def serve(settings: Settings) -> int:
    """Run until SIGTERM or Ctrl-C; 0 after a clean shutdown."""
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(run(settings))
    return 0


async def run(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    digest_grace: float = DIGEST_GRACE,
) -> int:
    """The server's lifetime; setting `stop` (SIGTERM and SIGINT do) shuts it down gracefully.

    The store at `settings.database` is opened first; the digest scheduler starts once the
    index is loaded, with `clock` as its time. Both are closed on shutdown. Shutting down,
    `/readyz` turns 503 and no digest is claimed any more; those being sent get `digest_grace`
    seconds to finish, answers in flight `SHUTDOWN_GRACE`.

    :raises StoreError: the database cannot be used (the message names its path); nothing has
        been started.
    """
    stop = stop or asyncio.Event()
    before = asyncio.all_tasks()
    current, health = _CurrentIndex(), Health()
    async with Store.open(settings.database) as store:
        health.database_problem = lambda: store.write_problem
        health.database_ping = store.ping

        async def refresh() -> None:  # a job ad posted in a source channel answers at once
            live = current.live
            if live is not None and await asyncio.to_thread(live.refresh_if_changed):
                health.loaded(live.summary.loaded)

        app = create_app(
            settings,
            answers=Answers(current, clock=clock, max_age_days=settings.max_age_days),
            store=store,
            ads=channel_ads(settings, on_written=refresh),
        )
        app_token = settings.slack_app_token
        secret = settings.slack_signing_secret
        metrics = Metrics(health)
        web_app = make_web_app(
            app if app_token is None else None,
            health,
            signing_secret=secret.get_secret_value() if secret else None,
            metrics=metrics,
        )
        listening = _listening(web_app, settings.port, required=app_token is None)
        async with _on_signals(stop), listening:
            live = await unless_stopped(
                functools.partial(
                    LiveIndex,
                    settings.postings_dir,
                    cache_dir=settings.cache_dir,
                    include_archived=settings.show_archived,
                ),
                stop,
            )
            if live is None:
                log.info("shutting down before the index was ready")
                return 0
            current.live = live
            health.loaded(live.summary.loaded)
            log.info("index ready: %d postings", live.summary.loaded)
            follower = asyncio.create_task(follow_postings(live, health, stop))
            scheduler = Scheduler(
                store=store,
                client=app.client,
                index=current,
                channel=channel_target(settings),
                tz_lookup=SlackTimezones(app.client),
                default_timezone=settings.timezone,
                clock=clock,
                max_age_days=settings.max_age_days,
                on_outcome=metrics.digest,
            )
            digests = asyncio.create_task(_send_digests(scheduler, stop))

            async def ingested(sources: dict[str, dict[str, Any]], report: PassReport) -> None:
                health.sources = sources
                metrics.ingest(report)
                await refresh()  # new files answer now

            ingest = start_background(settings, stop, after_pass=ingested, client=app.client)
            try:
                if app_token is None:
                    await stop.wait()
                else:
                    async with _socket_mode(app, app_token.get_secret_value(), health):
                        await stop.wait()
                log.info("shutting down")
            finally:  # also when Socket Mode fails: the background tasks end before the store
                stop.set()
                health.stopping = True
                await asyncio.gather(follower, *([ingest] if ingest else []))
                await _finish_digests(digests, digest_grace)
        await _drain(asyncio.all_tasks() - before, SHUTDOWN_GRACE)
    return 0


async def unless_stopped(build: Callable[[], T], stop: asyncio.Event) -> T | None:
    """`build()` in a daemon thread, or None as soon as `stop` is set first.

    An index build over a large folder takes minutes and cannot be interrupted; a service must
    stop within seconds, so the thread is left to end with the process (the index cache is
    written to a temporary file and renamed, so nothing half-written is ever read)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def report(outcome: Callable[[], None]) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits any more
            loop.call_soon_threadsafe(lambda: None if done.done() else outcome())

    def work() -> None:
        try:
            result = build()
        except BaseException as exc:  # handed to the awaiting task
            report(functools.partial(done.set_exception, exc))
        else:
            report(functools.partial(done.set_result, result))

    threading.Thread(target=work, name="jobbot-index-build", daemon=True).start()
    stopped = asyncio.ensure_future(stop.wait())
    either: set[asyncio.Future[Any]] = {done, stopped}
    try:
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    if done.done():
        return done.result()
    done.cancel()
    return None


async def _send_digests(scheduler: Scheduler, stop: asyncio.Event) -> None:
    """The scheduler until `stop`; if it ever dies, the reason is logged and serving goes on."""
    try:
        await scheduler.run_forever(stop)
    except Exception:
        log.exception("the digest scheduler stopped; digests are off until a restart")


async def _finish_digests(task: asyncio.Task[None], grace: float) -> None:
    """Wait up to `grace` seconds for the digests in flight; then cancel them, which hands each
    unfinished run back (`Scheduler._send`) before the store closes."""
    done, _ = await asyncio.wait({task}, timeout=grace)
    if done:
        return
    log.warning("digests still being sent after %.0f s: handing them back", grace)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


@contextlib.asynccontextmanager
async def _on_signals(stop: asyncio.Event) -> AsyncIterator[None]:
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for sig in signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    try:
        yield
    finally:
        for sig in signals:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)


@contextlib.asynccontextmanager
async def _listening(web_app: web.Application, port: int, *, required: bool) -> AsyncIterator[None]:
    """Serve `web_app` on `port` within the connection `Limits`; stop accepting (in-flight
    requests finish) on exit.

    In Socket Mode the port only carries the health check, so failing to bind is logged, not fatal.
    """
    async with contextlib.AsyncExitStack() as stack:
        try:
            await stack.enter_async_context(
                listening(web_app, port=port, shutdown_timeout=SHUTDOWN_GRACE)
            )
            log.info("listening on port %d", port)
        except OSError as exc:
            if required:
                raise
            log.warning("health check not served on port %d: %s", port, exc)
        yield


@contextlib.asynccontextmanager
async def _socket_mode(app: AsyncApp, app_token: str, health: Health) -> AsyncIterator[None]:
    """Connecting (with backoff, in the background) and then connected over Socket Mode, with
    the watchdog running, until the block exits; leaving it stops any attempt at once."""
    client = PatientSocketModeClient(
        app_token=app_token, logger=app.logger, web_client=app.client, ping_interval=10
    )

    async def handle(client: AsyncBaseSocketModeClient, request: SocketModeRequest) -> None:
        # what bolt's AsyncSocketModeHandler.handle does: dispatch, then ack with the response
        start = time.time()
        response = await run_async_bolt_app(app, request)
        await send_async_response(client, request, response, start)

    client.socket_mode_request_listeners.append(handle)
    health.socket_connected = client.is_connected
    log.info("connecting to Slack over Socket Mode")
    connecting = asyncio.create_task(client.connect())
    watchdog = asyncio.create_task(Watchdog(client).run())
    try:
        yield
    finally:
        connecting.cancel()
        watchdog.cancel()
        await client.close()  # type: ignore[no-untyped-call]


async def _drain(tasks: set[asyncio.Task[Any]], timeout: float) -> None:
    """Let answers still being sent (bolt runs listeners as background tasks) finish."""
    tasks.discard(asyncio.current_task())
    if tasks:
        await asyncio.wait(tasks, timeout=timeout)
