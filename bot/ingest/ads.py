"""A `slack:` source channel's job ads as they happen (`message.channels` / `message.groups`),
between two passes: a new ad is a posting at once, an edit updates it, a deletion archives it,
and the poster (or a workspace admin) may take it down.

One code path with the pass: a message becomes a record through `channel.record_of`, and the
record a file through `files.plan` and `files.write_atomic`, so the next pass finds the same
file unchanged. A posting taken down by hand carries `removedBy` and stays archived, whatever
the channel's history says later. Writes are serialized (a post and its unfurl edit arrive
together); the blocking file work runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bot.ingest.channel import is_ad_message, record_of
from bot.ingest.config import Source
from bot.ingest.files import (
    Existing,
    archive_text,
    claims,
    front_matter,
    plan,
    removed_text,
    scan,
    write_atomic,
)
from bot.ingest.records import JobRecord

__all__ = ["AdRef", "ChannelAds", "Outcome", "Removal"]

log = logging.getLogger(__name__)

What = Literal["new", "changed", "closed", "unchanged", "ignored", "duplicate", "removed", "failed"]


@dataclass(frozen=True, slots=True)
class AdRef:
    """Which message a posting came from: what the Remove button carries."""

    channel: str
    ts: str

    def encode(self) -> str:
        return f"{self.channel}:{self.ts}"

    @classmethod
    def decode(cls, value: str) -> AdRef:
        """:raises ValueError: not a value `encode` made."""
        channel, sep, ts = value.partition(":")
        if not sep or not channel or not ts:
            raise ValueError(f"not a job ad reference: {value!r}")
        return cls(channel, ts)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one message did to the postings folder. `posting_id` names the file (the index's
    id); `record` is the posting as written ("new", "changed", "unchanged")."""

    what: What
    posting_id: str | None = None
    record: JobRecord | None = None


@dataclass(frozen=True, slots=True)
class Removal:
    """A Remove click: "removed", "refused" (neither the poster nor an admin), or "gone" (no
    such posting, or already taken down)."""

    what: Literal["removed", "refused", "gone"]
    title: str = ""
    company: str = ""


def _posting_id(path: str) -> str:
    return path.removesuffix(".md")


class ChannelAds:
    """The `slack:` sources' channels, listened to; `on_written` hears every change to the
    folder (the server refreshes its live index there)."""

    def __init__(
        self,
        sources: Iterable[Source],
        *,
        root: Path,
        on_written: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._sources = {s.value: s for s in sources if s.kind == "slack"}
        self.root = root
        self.on_written = on_written
        self._lock = asyncio.Lock()

    def watches(self, channel: object) -> bool:
        """Whether `channel` is one of the sources file's `slack:` channels."""
        return isinstance(channel, str) and channel in self._sources

    async def message(
        self,
        message: Mapping[str, Any],
        *,
        channel: str,
        edited: bool,
        permalink: Callable[[], Awaitable[str]],
    ) -> Outcome:
        """A new (or, with `edited`, changed) message in a watched channel. A message that is
        no job ad is ignored; an edit that makes a job ad into none archives its posting."""
        source = self._sources[channel]
        ts = message.get("ts")
        if not isinstance(ts, str):
            return Outcome("ignored")
        record: JobRecord | None = None
        if is_ad_message(message):
            record = record_of(message, source=source, permalink=await permalink())
        if record is None and not edited:
            return Outcome("ignored")  # the channel's chatter: no file is read
        return await self._locked(lambda: self._apply(source, ts, record))

    async def deleted(self, *, channel: str, ts: str) -> Outcome:
        """A message of a watched channel was deleted: its posting is archived."""
        return await self._locked(lambda: self._apply(self._sources[channel], ts, None))

    async def remove(
        self, ref: AdRef, *, user: str, is_admin: Callable[[], Awaitable[bool]]
    ) -> Removal:
        """Take a posting down for good, when `user` posted the ad or is a workspace admin."""
        source = self._sources.get(ref.channel)
        if source is None:
            return Removal("gone")
        async with self._lock:
            old = await asyncio.to_thread(self._find, source, ref.ts)
            if old is None or old.removed:
                return Removal("gone")
            meta = front_matter(old.text)
            title, company = str(meta.get("title", "")), str(meta.get("companyName", ""))
            if user != old.author and not await is_admin():
                return Removal("refused", title, company)
            text = removed_text(old.text, by=user)
            await asyncio.to_thread(write_atomic, self.root, old.path, text)
        log.info("%s removed %s", user, old.path)
        await self._written()
        return Removal("removed", title, company)

    async def _locked(self, work: Callable[[], Outcome]) -> Outcome:
        async with self._lock:
            try:
                outcome = await asyncio.to_thread(work)
            except OSError as exc:  # a full or read-only disk: the next pass tries again
                log.warning("could not write a job ad's posting in %s: %s", self.root, exc)
                return Outcome("failed")
        if outcome.what in {"new", "changed", "closed"}:
            log.info("job ad %s: %s", outcome.what, outcome.posting_id)
            await self._written()
        return outcome

    async def _written(self) -> None:
        if self.on_written is not None:
            try:
                await self.on_written()
            except Exception:  # the file is written; the folder check picks it up later
                log.exception("after writing a job ad's posting")

    def _find(self, source: Source, ts: str) -> Existing | None:
        return scan(self.root, kinds=("slack",)).get(source.name, {}).get(ts)

    def _apply(self, source: Source, ts: str, record: JobRecord | None) -> Outcome:
        """Bring the message's one file up to date, as a pass would (blocking)."""
        existing = scan(self.root) if record is not None else scan(self.root, kinds=("slack",))
        old = existing.get(source.name, {}).get(ts)
        if old is not None and old.removed:
            return Outcome("removed", _posting_id(old.path))
        if record is None:
            if old is None or old.archived:
                return Outcome("ignored")
            write_atomic(self.root, old.path, archive_text(old.text))
            return Outcome("closed", _posting_id(old.path))
        mine = {ts: old} if old is not None else {}
        planned = plan([record], mine, source=source.name, claimed=claims(existing))
        if planned.duplicates:
            return Outcome("duplicate")
        if not planned.writes:
            return Outcome("unchanged", _posting_id(old.path) if old else None, record)
        [write] = planned.writes
        write_atomic(self.root, write.path, write.text)
        return Outcome(write.reason, _posting_id(write.path), record)
