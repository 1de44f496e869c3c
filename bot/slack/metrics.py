"""What `GET /metrics` exposes, in Prometheus' text format (prometheus-client): Slack requests by
surface and outcome, how long each took to be answered, the index's size and age, the digests
this process sent (or failed, or will retry) and what each ingest pass found per source.

One `Metrics` per server, on its own registry (never the library's global one), so tests and
several apps in one process count separately.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.digests.scheduler import RunOutcome
from bot.ingest.run import PassReport
from bot.slack.health import Health

__all__ = ["CONTENT_TYPE", "DIGEST_OUTCOMES", "INGEST_RESULTS", "Metrics", "surface_of"]

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
"""Seconds; 3 s is Slack's limit for an acknowledgement."""
DIGEST_OUTCOMES = {"sent": "sent", "quiet": "quiet", "retry": "retried", "failed": "failed"}
"""A run's outcome (`RunOutcome.status`) → its label; "skipped" (another process sent it) is
not this process's digest and is not counted."""
INGEST_RESULTS = ("fetched", "new", "changed", "closed", "errors")
"""A source's counts in an ingest pass (`SourceReport`): the `result` labels of its postings."""


def surface_of(body: Mapping[str, Any]) -> str:
    """Which Slack surface a verified request came from: command, event, action, view, other."""
    if "command" in body:
        return "command"
    kind = body.get("type")
    if kind == "event_callback":
        return "event"
    if kind in {"block_actions", "interactive_message", "shortcut", "message_action"}:
        return "action"
    if kind in {"view_submission", "view_closed"}:
        return "view"
    return "other"


def outcome_of(status: int) -> str:
    """ "ok" (2xx/3xx), "refused" (4xx: unverified or unreadable), "error" (5xx)."""
    return "ok" if status < 400 else "refused" if status < 500 else "error"


class Metrics:
    """The server's counters; `render` is the `/metrics` body."""

    def __init__(self, health: Health) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "jobbot_requests",
            "Slack requests by surface and outcome",
            ["surface", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "jobbot_request_seconds",
            "Seconds from a Slack request's arrival to its HTTP answer (the ack)",
            ["surface"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        postings = Gauge(
            "jobbot_index_postings", "Postings in the loaded index", registry=self.registry
        )
        postings.set_function(lambda: float(health.postings or 0))
        age = Gauge(
            "jobbot_index_age_seconds",
            "Seconds since the index was loaded (0 while loading)",
            registry=self.registry,
        )
        age.set_function(
            lambda: 0.0 if health.loaded_at is None else health.clock() - health.loaded_at
        )

        self.digests = Counter(
            "jobbot_digests",
            "Digest runs by outcome: sent, quiet (nothing new), retried (will be), failed",
            ["outcome"],
            registry=self.registry,
        )
        self.ingested = Counter(
            "jobbot_ingest_postings",
            "Postings an ingest pass fetched, wrote as new or changed, closed, or could not read",
            ["source", "result"],
            registry=self.registry,
        )
        self.ingest_failures = Counter(
            "jobbot_ingest_failures",
            "Ingest passes in which a source could not be read at all",
            ["source"],
            registry=self.registry,
        )

    def observe(self, surface: str, status: int, seconds: float) -> None:
        self.requests.labels(surface, outcome_of(status)).inc()
        self.latency.labels(surface).observe(seconds)

    def digest(self, outcome: RunOutcome) -> None:
        """Count one digest run of this process's scheduler."""
        label = DIGEST_OUTCOMES.get(outcome.status)
        if label is not None:
            self.digests.labels(label).inc()

    def ingest(self, report: PassReport) -> None:
        """Add one ingest pass's counts, per source."""
        for source in report.sources:
            for result in INGEST_RESULTS:
                self.ingested.labels(source.name, result).inc(getattr(source, result))
            if source.failed:
                self.ingest_failures.labels(source.name).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
