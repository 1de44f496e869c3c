"""Posting files: a `JobRecord` in the seed's schema, at `{kind}/{company}/{slug}-{id}.md`.

`render` and `plan` are pure: what a file says, and which files a source's fresh records add,
change or close given what is on disk. `scan` reads what earlier passes wrote (the files that
carry `source` and `sourceId`), `write_atomic` writes one file through a hidden temporary file
renamed into place, so the live index never reads half a posting and a killed pass leaves at
most a hidden leftover (removed by the next `scan`). A file whose text would not change is not
touched: its mtime stays, and so does the saved index's fingerprint.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.ingest.config import KINDS
from bot.ingest.records import JobRecord, slug

__all__ = [
    "LEFTOVER_SECONDS",
    "Existing",
    "Planned",
    "Write",
    "archive_text",
    "claims",
    "dedupe_keys",
    "front_matter",
    "plan",
    "posting_path",
    "removed_text",
    "render",
    "scan",
    "write_atomic",
]

log = logging.getLogger(__name__)

_TMP = ".ingest-tmp-"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_SCANNED_BYTES = 1_000_000
LEFTOVER_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class Existing:
    """A posting file an earlier pass wrote: where it is, what it says, whether it is closed."""

    path: str
    """Relative to the postings folder, `/`-separated."""
    text: str
    source: str
    source_id: str
    archived: bool
    keys: tuple[str, ...] = ()
    author: str = ""
    """Who posted it (a channel's job ad: a Slack user id)."""
    removed: bool = False
    """Removed by hand (`removedBy`): it stays archived whatever its source says later."""


@dataclass(frozen=True, slots=True)
class Write:
    """One file to (re)write, and why."""

    path: str
    text: str
    reason: Literal["new", "changed", "closed"]


@dataclass(frozen=True, slots=True)
class Planned:
    """What a source's records mean for the folder: the writes, and how many were unchanged or
    already posted by another source."""

    writes: tuple[Write, ...] = ()
    unchanged: int = 0
    duplicates: tuple[str, ...] = ()
    claimed: Mapping[str, str] = field(default_factory=dict)
    """Dedupe key → source name, after this source (feed the next source's `plan`)."""

    def count(self, reason: str) -> int:
        return sum(1 for w in self.writes if w.reason == reason)


def posting_path(record: JobRecord) -> str:
    """`{kind}/{company}/{title}-{id}.md`: readable, and unique per job (the id is in it)."""
    sid = record.source_id.lower()
    if not _ID.match(sid):
        sid = hashlib.sha256(record.source_id.encode()).hexdigest()[:16]
    return f"{record.kind}/{slug(record.company, default='company')}/{slug(record.title)}-{sid}.md"


def render(record: JobRecord) -> str:
    """The posting file's text: YAML front matter in the seed's schema, then the body."""
    meta: dict[str, Any] = {"title": record.title, "companyName": record.company}
    if record.location:
        meta["location"] = record.location
    if record.url:
        meta["url"] = record.url
    if record.apply_url:
        meta["applyUrl"] = record.apply_url
    if record.posted is not None:
        meta["timestamp"] = int(record.posted.timestamp() * 1000)
    if record.job_type:
        meta["jobType"] = record.job_type
    if record.tags:
        meta["hashtags"] = ",".join(f"#{slug(t, limit=40)}" for t in record.tags)
    if record.summary:
        meta["summary"] = record.summary
    if record.pay is not None:
        pay = record.pay
        meta["salary"] = {
            k: v
            for k, v in (("min", pay.min), ("max", pay.max), ("currency", pay.currency),
                         ("period", pay.period))
            if v is not None
        }  # fmt: skip
    meta.update(record.extra)
    meta["source"] = record.source
    meta["sourceId"] = record.source_id
    front = yaml.safe_dump(
        meta, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False
    )
    body = record.body.strip()
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def archive_text(text: str) -> str:
    """The same file marked `archived: true` (the job left its source)."""
    match = _FRONT.match(text)
    if match is None:
        return text
    front = match.group(1)
    return f"---\n{front}\narchived: true\n---\n{text[match.end() :]}"


def removed_text(text: str, *, by: str) -> str:
    """The same file archived for good: `archived: true` and `removedBy: {by}` (someone took
    the job ad down; a later pass must not bring it back)."""
    match = _FRONT.match(text)
    if match is None:
        return text
    kept = [
        line
        for line in match.group(1).split("\n")
        if not line.startswith(("archived:", "removedBy:"))
    ]
    by_line = yaml.safe_dump({"removedBy": by}, allow_unicode=True, width=1_000_000).strip()
    return "---\n" + "\n".join([*kept, "archived: true", by_line]) + f"\n---\n{text[match.end() :]}"


def front_matter(text: str) -> dict[str, Any]:
    """A posting file's front matter as a mapping ({} when it has none or it is not YAML)."""
    match = _FRONT.match(text)
    if match is None:
        return {}
    try:
        meta = yaml.load(match.group(1), Loader=_LOADER)
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def dedupe_keys(title: str, company: str, location: str, url: str) -> tuple[str, ...]:
    """What makes two sources' jobs the same job: its URL, or its title at a company in a place."""
    keys = []
    if url:
        keys.append("url " + url.split("#", 1)[0].rstrip("/").casefold())
    if title and company:
        keys.append(f"job {_fold(title)}|{_fold(company)}|{_fold(location)}")
    return tuple(keys)


def _record_keys(record: JobRecord) -> tuple[str, ...]:
    return dedupe_keys(record.title, record.company, record.location, record.url)


def plan(
    records: Iterable[JobRecord],
    existing: Mapping[str, Existing],
    *,
    source: str,
    keep: Iterable[str] = (),
    claimed: Mapping[str, str] | None = None,
) -> Planned:
    """The writes that bring one source's files up to date with its `records` (pure).

    `existing` maps source id → this source's file; `keep` are ids the payload had but could
    not read (their files stay as they are); `claimed` maps dedupe keys to the source that
    already posted that job (another source's job is not written twice).
    A job that is gone from the records is closed (`archived: true`), once.
    """
    taken = dict(claimed or {})
    writes: list[Write] = []
    unchanged = 0
    duplicates: list[str] = []
    seen: set[str] = set(keep)
    for record in records:
        if record.source_id in seen:
            continue  # a payload that lists a job twice: the first copy counts
        seen.add(record.source_id)
        keys = _record_keys(record)
        old = existing.get(record.source_id)
        if old is not None and old.removed:
            unchanged += 1  # taken down by hand: it stays archived
            continue
        if old is None:
            owner = next((taken[k] for k in keys if taken.get(k, source) != source), None)
            if owner is not None:
                duplicates.append(f"{record.source_id}: already posted by {owner}")
                continue
        for key in keys:
            taken.setdefault(key, source)
        text = render(record)
        if old is None:
            writes.append(Write(posting_path(record), text, "new"))
        elif old.text != text:
            writes.append(Write(old.path, text, "changed"))
        else:
            unchanged += 1
    for sid, old in sorted(existing.items()):
        if sid not in seen and not old.archived:
            writes.append(Write(old.path, archive_text(old.text), "closed"))
    return Planned(tuple(writes), unchanged, tuple(duplicates), taken)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCANNED = frozenset(
    {"title", "companyName", "location", "url", "source", "sourceId", "archived", "author",
     "removedBy"}
)  # fmt: skip


def _scanned_fields(front: str) -> dict[str, Any] | None:
    """The keys `scan` needs from front matter. `render` writes one top-level `key: value` line
    per field, so those lines are read alone (a whole YAML parse per file made a 10,000-file
    scan cost seconds); anything else — a file edited by hand — gets the full parse."""
    found: dict[str, Any] = {}
    try:
        for line in front.split("\n"):
            key, sep, raw = line.partition(": ")
            if not sep or key not in _SCANNED or line[:1].isspace():
                continue
            if raw[:1] in {"'", '"'}:
                found[key] = yaml.load(raw, Loader=_LOADER)
            else:
                found[key] = raw if key != "archived" else raw == "true"
        if "source" in found and "sourceId" in found:
            return found
        meta = yaml.load(front, Loader=_LOADER)
    except yaml.YAMLError:
        return None
    return meta if isinstance(meta, dict) else None


def _read_existing(root: Path, path: Path) -> Existing | None:
    try:
        if path.stat().st_size > MAX_SCANNED_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _FRONT.match(text)
    if match is None:
        return None
    meta = _scanned_fields(match.group(1))
    if meta is None:
        return None
    source, sid = meta.get("source"), meta.get("sourceId")
    if not isinstance(source, str) or not isinstance(sid, str | int) or isinstance(sid, bool):
        return None  # not written by ingest: a hand-made posting is never touched

    def field_(name: str) -> str:
        value = meta.get(name)
        return value if isinstance(value, str) else ""

    return Existing(
        path=path.relative_to(root).as_posix(),
        text=text,
        source=source,
        source_id=str(sid),
        archived=meta.get("archived") is True or str(meta.get("archived")).lower() == "true",
        keys=dedupe_keys(field_("title"), field_("companyName"), field_("location"), field_("url")),
        author=field_("author"),
        removed=bool(meta.get("removedBy")),
    )


def _remove_leftover(path: Path) -> None:
    """A temporary file old enough that no pass still writes it (a pass writes each file in
    well under a second; another process's pass may be writing the young ones)."""
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > LEFTOVER_SECONDS:
            path.unlink()
            log.warning("removed %s, left by a pass that did not finish", path)


def claims(existing: Mapping[str, Mapping[str, Existing]]) -> dict[str, str]:
    """Dedupe key → the source whose open posting has it (what `plan` takes as `claimed`)."""
    return {
        key: source
        for source, files in existing.items()
        for item in files.values()
        if not item.archived
        for key in item.keys
    }


def scan(root: Path, *, kinds: Iterable[str] = KINDS) -> dict[str, dict[str, Existing]]:
    """Every file earlier passes wrote under `root`'s source folders (of `kinds`): source → id
    → file.

    Hidden leftovers of a pass that was killed mid-write are removed on the way.
    Blocking file I/O: run it in a worker thread.
    """
    found: dict[str, dict[str, Existing]] = {}
    for kind in kinds:
        folder = root / kind
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(_TMP):
                    _remove_leftover(path)
                    continue
                if name.startswith(".") or not name.endswith(".md") or path.is_symlink():
                    continue
                existing = _read_existing(root, path)
                if existing is not None:
                    found.setdefault(existing.source, {})[existing.source_id] = existing
    return found


def write_atomic(root: Path, rel: str, text: str) -> None:
    """Write `root/rel` whole or not at all: a hidden temporary file beside it, renamed over
    the old one. Readers and a killed process see the old file or the new one, never half; the
    file is not fsynced (that guards against power loss only, and cost 4 ms a file: a 10,000-job
    pass would spend 40 s on it).

    :raises OSError: the disk is full or read-only (the old file, if any, is intact).
    """
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_TMP, dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
