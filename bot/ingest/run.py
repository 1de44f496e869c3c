"""One ingest pass: every source fetched (concurrently, within the fetcher's limits), parsed and
written (in worker threads: parsing and HTML conversion are CPU work), in the sources file's
order so the first source that lists a job is the one that posts it.

Each source is isolated: a failure (unreachable, 404, a broken payload, a full disk) is that
source's error in the report, its previous files stay as they were, and the others go on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.ingest import ashby, greenhouse, lever
from bot.ingest.config import Source, SourcesFile
from bot.ingest.feeds import parse_feed
from bot.ingest.fetch import Fetched, Fetcher, FetchError, open_fetcher
from bot.ingest.files import Existing, Planned, claims, plan, scan, write_atomic
from bot.ingest.records import Parsed, PayloadError, decode_json
from bot.ingest.state import SourceState, load_state, save_state

__all__ = ["BoardUrls", "ChannelReader", "PassReport", "SourceReport", "run_pass"]

log = logging.getLogger(__name__)

ChannelReader = Callable[[Source], Awaitable[Parsed]]
"""Reads a `slack:` source's channel (bot.ingest.channel): its job ads as records."""

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class BoardUrls:
    """Each public API's base URL (settings: JOBBOT_GREENHOUSE_URL, _LEVER_URL, _ASHBY_URL)."""

    greenhouse: str = greenhouse.DEFAULT_URL
    lever: str = lever.DEFAULT_URL
    ashby: str = ashby.DEFAULT_URL

    def url(self, source: Source) -> str:
        if source.kind == "greenhouse":
            return greenhouse.board_url(self.greenhouse, source.value)
        if source.kind == "lever":
            return lever.board_url(self.lever, source.value)
        if source.kind == "ashby":
            return ashby.board_url(self.ashby, source.value)
        return source.value


@dataclass(slots=True)
class SourceReport:
    """What a pass did for one source. `error` is set when the source could not be read at all;
    `problems` names each job that was skipped (they count in `errors`)."""

    name: str
    fetched: int = 0
    new: int = 0
    changed: int = 0
    closed: int = 0
    errors: int = 0
    seconds: float = 0.0
    error: str | None = None
    not_modified: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass(frozen=True, slots=True)
class PassReport:
    """Every selected source's report, in the sources file's order."""

    sources: tuple[SourceReport, ...]
    dry_run: bool = False

    @property
    def all_failed(self) -> bool:
        """Every source failed (the only case `jobbot ingest` exits non-zero)."""
        return bool(self.sources) and all(s.failed for s in self.sources)


def _parse(source: Source, body: bytes) -> Parsed:
    """A fetched body → records, by the source's kind (pure, CPU-bound).

    :raises PayloadError: the body is not what the kind's API documents.
    """
    if source.kind == "feed":
        return parse_feed(body, source=source.name, url=source.value)
    payload = decode_json(body)
    if source.kind == "greenhouse":
        return greenhouse.parse(payload, source=source.name, board=source.value)
    if source.kind == "lever":
        return lever.parse(payload, source=source.name, site=source.value)
    return ashby.parse(payload, source=source.name, name=source.value)


@dataclass(frozen=True, slots=True)
class _Outcome:
    parsed: Parsed | None  # None: not modified since the last pass
    fetched: Fetched | None
    seconds: float


async def _read(
    source: Source,
    *,
    fetcher: Fetcher,
    urls: BoardUrls,
    state: SourceState,
    channel: ChannelReader | None,
) -> _Outcome:
    started = time.perf_counter()
    if source.kind == "slack":
        if channel is None:
            raise FetchError("reading a Slack channel needs SLACK_BOT_TOKEN")
        parsed = await channel(source)
        return _Outcome(parsed, None, time.perf_counter() - started)
    accept = _FEED_ACCEPT if source.kind == "feed" else "application/json"
    fetched = await fetcher.get(
        urls.url(source), etag=state.etag, last_modified=state.last_modified, accept=accept
    )
    if fetched.body is None:
        return _Outcome(None, fetched, time.perf_counter() - started)
    parsed = await asyncio.to_thread(_parse, source, fetched.body)
    return _Outcome(parsed, fetched, time.perf_counter() - started)


def _apply(root: Path, planned: Planned, report: SourceReport, *, dry_run: bool) -> None:
    """Write the planned files (blocking: a worker thread); a file that cannot be written is
    that source's error and the rest are still written."""
    for write in planned.writes:
        if not dry_run:
            try:
                write_atomic(root, write.path, write.text)
            except OSError as exc:
                report.errors += 1
                report.problems.append(f"{write.path}: not written: {exc}")
                continue
        setattr(report, write.reason, getattr(report, write.reason) + 1)


async def run_pass(
    config: SourcesFile,
    *,
    root: Path,
    urls: BoardUrls | None = None,
    only: Iterable[Source] | None = None,
    dry_run: bool = False,
    channel: ChannelReader | None = None,
    on_report: Callable[[SourceReport], None] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    backoff: float = 1.0,
) -> PassReport:
    """Read the selected sources (all by default) and bring `root`'s posting files up to date.

    `on_report` hears each source's report as soon as it is done (progress). With `dry_run`
    nothing is written, not even the remembered state.
    """
    urls = urls or BoardUrls()
    selected = tuple(only) if only is not None else config.sources
    states = await asyncio.to_thread(load_state, root)
    existing = await asyncio.to_thread(scan, root) if root.is_dir() else {}
    claimed = claims(existing)
    reports: list[SourceReport] = []
    async with open_fetcher(
        timeout=config.timeout,
        max_bytes=config.max_bytes,
        concurrency=config.concurrency,
        backoff=backoff,
    ) as fetcher:
        tasks = [
            asyncio.create_task(
                _read(
                    s,
                    fetcher=fetcher,
                    urls=urls,
                    state=states.get(s.name, SourceState()),
                    channel=channel,
                )
            )
            for s in selected
        ]
        try:
            for source, task in zip(selected, tasks, strict=True):
                report = SourceReport(source.name)
                state = states.get(source.name, SourceState())
                at = clock().isoformat(timespec="seconds")
                try:
                    outcome = await task
                    started = time.perf_counter()
                    claimed = await asyncio.to_thread(
                        _process, root, source, outcome, existing.get(source.name, {}),
                        claimed, report, dry_run,
                    )  # fmt: skip
                except (FetchError, PayloadError) as exc:
                    report.error = str(exc)
                    states[source.name] = state.failed(at=at, error=report.error)
                    log.warning("ingest %s failed: %s", source.name, exc)
                except Exception as exc:  # a bug in one source's code must not stop the others
                    report.error = f"unexpected error: {exc!r}"
                    states[source.name] = state.failed(at=at, error=report.error)
                    log.exception("ingest %s failed", source.name)
                else:
                    report.seconds = outcome.seconds + time.perf_counter() - started
                    fetched = outcome.fetched
                    states[source.name] = state.succeeded(
                        at=at,
                        postings=report.fetched if outcome.parsed else state.postings,
                        etag=fetched.etag if fetched else None,
                        modified=fetched.last_modified if fetched else None,
                    )
                    if outcome.parsed is None:
                        report.fetched = state.postings
                reports.append(report)
                if on_report is not None:
                    on_report(report)
        finally:
            for task in tasks:
                task.cancel()
    if not dry_run and selected:
        try:
            await asyncio.to_thread(save_state, root, states)
        except OSError as exc:
            log.warning("could not save the ingest state in %s: %s", root, exc)
    return PassReport(tuple(reports), dry_run)


def _process(
    root: Path,
    source: Source,
    outcome: _Outcome,
    existing: Mapping[str, Existing],
    claimed: dict[str, str],
    report: SourceReport,
    dry_run: bool,
) -> dict[str, str]:
    """Plan and write one source's files; the dedupe claims after it."""
    parsed = outcome.parsed
    if parsed is None:
        report.not_modified = True
        return claimed
    report.fetched = len(parsed.records)
    report.errors += len(parsed.rejected)
    report.problems.extend(r.reason for r in parsed.rejected)
    for item in parsed.rejected:
        log.warning("ingest %s: skipped %s", source.name, item.reason)
    keep = [r.source_id for r in parsed.rejected if r.source_id]
    planned = plan(parsed.records, existing, source=source.name, keep=keep, claimed=claimed)
    for duplicate in planned.duplicates:
        log.info("ingest %s: %s", source.name, duplicate)
    _apply(root, planned, report, dry_run=dry_run)
    return dict(planned.claimed)
