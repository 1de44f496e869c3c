"""The sources file (`sources.yml`): which boards, feeds and channels fill the postings folder,
and how often `jobbot serve` reads them.

    sources:
      - greenhouse: stripe          # board token
      - lever: netflix              # site name
      - ashby: linear               # job board name
      - feed: https://example.com/jobs.rss
      - slack: C0123456789
    every: 60m

Parsed once with pydantic; a malformed file raises `SourcesError` naming the file and the entry,
so a typo stops `jobbot ingest` with a message instead of silently reading nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = [
    "KINDS",
    "Kind",
    "Source",
    "SourcesError",
    "SourcesFile",
    "load_sources",
    "parse_duration",
    "parse_sources",
]

Kind = Literal["greenhouse", "lever", "ashby", "feed", "slack"]
KINDS: tuple[Kind, ...] = get_args(Kind)

MAX_SOURCES_BYTES = 1_000_000

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
"""A board token, Lever site or Ashby board name: what the boards put in their URLs."""
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{6,}$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class SourcesError(ValueError):
    """The sources file cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of the sources file: a kind and what names it on that kind's service."""

    kind: Kind
    value: str

    @property
    def name(self) -> str:
        """How reports, `--source` and the posting files' `source` key name it:
        "greenhouse:stripe", "feed:https://…", "slack:C012…"."""
        return f"{self.kind}:{self.value}"


def parse_duration(value: object) -> float:
    """Seconds from "60m", "90s", "2h", "1d" or a bare number of seconds.

    :raises ValueError: not a positive duration.
    """
    if isinstance(value, bool):
        raise ValueError("must be a duration such as 60m, 90s or 2h")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError("must be a duration such as 60m, 90s or 2h")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2) or "s"]
    if seconds <= 0:
        raise ValueError("must be longer than 0")
    return seconds


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[dict[str, Any]] = Field(default_factory=list)
    every: float = 3600.0
    timeout: float = 30.0
    concurrency: int = Field(default=4, ge=1, le=64)
    max_bytes: int = Field(default=16_000_000, ge=1_000)

    @field_validator("every", "timeout", mode="before")
    @classmethod
    def _duration(cls, value: object) -> float:
        return parse_duration(value)


@dataclass(frozen=True, slots=True)
class SourcesFile:
    """The parsed sources file: the sources in the file's order and the pass options."""

    sources: tuple[Source, ...]
    every: float = 3600.0
    """Seconds between two passes of `jobbot serve`."""
    timeout: float = 30.0
    """Seconds one request may take, connection to last byte."""
    concurrency: int = 4
    """Requests in flight at once, over all sources."""
    max_bytes: int = 16_000_000
    """The largest response body read; a larger one is that source's error."""
    path: Path | None = None

    def named(self, name: str) -> tuple[Source, ...]:
        """The sources `--source NAME` means: the full name ("lever:netflix"), the value alone
        ("netflix") or a whole kind ("lever")."""
        return tuple(s for s in self.sources if name in (s.name, s.value, s.kind))


def _source(entry: dict[str, Any], n: int) -> Source:
    if len(entry) != 1:
        raise ValueError(f"sources[{n}]: one 'kind: name' pair per entry, got {sorted(entry)}")
    [(kind, raw)] = entry.items()
    if kind not in KINDS:
        raise ValueError(f"sources[{n}]: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if not isinstance(raw, str | int) or isinstance(raw, bool) or not str(raw).strip():
        raise ValueError(f"sources[{n}]: {kind} needs a name, got {raw!r}")
    value = str(raw).strip()
    if kind == "feed":
        parsed = urlparse(value)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ValueError(f"sources[{n}]: feed must be an http(s) URL, got {value!r}")
    elif kind == "slack":
        if not _CHANNEL.match(value):
            raise ValueError(f"sources[{n}]: slack needs a channel ID like C0123456789")
    elif not _NAME.match(value):
        raise ValueError(f"sources[{n}]: {value!r} is not a {kind} board name")
    return Source(kind, value)


def parse_sources(text: str, *, path: Path | None = None) -> SourcesFile:
    """The sources file's text → `SourcesFile` (pure).

    :raises SourcesError: not YAML, unknown keys or kinds, a bad name or duration, a source
        listed twice.
    """
    where = str(path) if path else "sources file"
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesError(f"{where}: not valid YAML: {exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SourcesError(f"{where}: must be a mapping with a 'sources' list")
    try:
        model = _File.model_validate(raw)
        sources = [_source(entry, n) for n, entry in enumerate(model.sources)]
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
        raise SourcesError(f"{where}: " + "; ".join(problems)) from None
    except ValueError as exc:
        raise SourcesError(f"{where}: {exc}") from None
    names = [s.name for s in sources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SourcesError(f"{where}: listed twice: {', '.join(twice)}")
    return SourcesFile(
        tuple(sources),
        every=model.every,
        timeout=model.timeout,
        concurrency=model.concurrency,
        max_bytes=model.max_bytes,
        path=path,
    )


def load_sources(path: Path, *, required: bool) -> SourcesFile | None:
    """The sources file at `path`; None when it does not exist and is not `required` (no file
    means no ingestion).

    :raises SourcesError: it is required and missing, unreadable, too big or malformed.
    """
    try:
        if path.stat().st_size > MAX_SOURCES_BYTES:
            raise SourcesError(f"{path}: larger than {MAX_SOURCES_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if required:
            raise SourcesError(f"{path}: no such file (JOBBOT_SOURCES)") from None
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot be read: {exc}") from None
    return parse_sources(text, path=path)
