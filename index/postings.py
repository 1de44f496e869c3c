"""Postings: markdown files with YAML front matter → typed `Posting`s and a `LoadReport`.

Liberal in what it reads (hashtags as "#a,#b" or a list, timestamps in ms, s or ISO, "true"/"false"
strings, unknown keys kept, BOM/CRLF/zero-width characters cleaned, `---` inside quoted values),
strict in what it reports: every file it skips is listed with its path and the reason, and one bad
file never stops the load.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from index.salary import Pay
from index.text import clean_text, fold

__all__ = [
    "MAX_FILE_BYTES",
    "MISSING",
    "NOT_JOBS",
    "LoadReport",
    "Posting",
    "PostingError",
    "PostingStream",
    "Skipped",
    "iter_posting_files",
    "load_postings",
    "parse_posting",
    "reason_counts",
]

MAX_FILE_BYTES = 1_000_000
SUFFIXES = (".md", ".markdown", ".txt")


class PostingError(ValueError):
    """A file that cannot become a posting; the message is the reason shown to the operator."""


@dataclass(frozen=True, slots=True)
class Posting:
    """One job posting, cleaned and with its derived fields (remote, hybrid, tags, posted)."""

    id: str
    title: str
    company: str = ""
    location: str = ""
    url: str = ""
    apply_url: str = ""
    posted: datetime | None = None
    tags: tuple[str, ...] = ()
    job_type: str | None = None
    remote: bool = False
    hybrid: bool = False
    archived: bool = False
    summary: str = ""
    body: str = ""
    company_website: str = ""
    logo_url: str = ""
    path: str = ""  # relative to the postings folder, with its suffix: where the body lives
    pay: Pay | None = None
    """What it pays, when it says (read at indexing time: `index.build.pay_of`)."""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def posted_date(self) -> date | None:
        return self.posted.date() if self.posted else None

    @property
    def workplace(self) -> str:
        """One of "remote", "hybrid" or "onsite" — what a card badge and the filters use."""
        if self.hybrid:
            return "hybrid"
        return "remote" if self.remote else "onsite"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not loaded, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load produced: the postings, the skipped files with reasons, how many were
    archived and how many were company profiles (not job ads)."""

    postings: tuple[Posting, ...]
    skipped: tuple[Skipped, ...] = ()
    archived: int = 0
    profiles: int = 0

    @property
    def reasons(self) -> dict[str, int]:
        return reason_counts(self.skipped)


def reason_counts(skipped: Iterable[Skipped]) -> dict[str, int]:
    """Skipped files counted by reason kind (the text before the first colon), most first."""
    counts: dict[str, int] = {}
    for item in skipped:
        kind = item.reason.split(":", 1)[0]
        counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# Front matter: a leading "---" line, then YAML up to the next line that is exactly "---" (or
# "..."). YAML can hold "---" inside a quoted scalar on a line of its own only in a multi-line
# string, so we try each closing candidate in turn until the YAML parses.
_YAML = YAMLHandler()  # python-frontmatter's loader (libyaml's C parser when present)
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_JOB_TYPES: Mapping[str, str] = {
    "full-time": "full-time",
    "fulltime": "full-time",
    "full time": "full-time",
    "permanent": "full-time",
    "part-time": "part-time",
    "parttime": "part-time",
    "part time": "part-time",
    "contract": "contract",
    "contractor": "contract",
    "temporary": "contract",
    "internship": "internship",
    "intern": "internship",
    "freelance": "freelance",
    "freelancer": "freelance",
}
_REMOTE_WORDS = re.compile(
    # "distributed systems" is a topic, not a workplace: only a distributed team/company counts.
    r"\b(?:remote|remotely|anywhere|work from home|wfh|fully remote|remote-first|"
    r"distributed(?![\s-]+(?:systems?|computing|databases?|storage|tracing|ledgers?|training)\b)|"
    r"remoto|remota|teletrabajo|télétravail|teletravail|homeoffice|home office)\b"
    r"|远程|遠程|远端|リモート"
)
_REMOTE_TYPO = re.compile(r"^\s*remove\b")  # "Remove US/Canada" is a typo for Remote
_NOT_REMOTE = re.compile(
    r"\b(?:no remote|not remote|non-remote|not a remote|remote not available|on-?site only|"
    r"in-office only|no remote work)\b"
)
_STRONG_REMOTE = re.compile(
    r"\b(?:fully remote|100% remote|remote-first|remote first|work from anywhere|"
    r"remote-friendly|remote friendly|remote ok|remote is ok|remote possible)\b|完全远程|全远程"
)
_HYBRID_WORDS = re.compile(r"\b(?:hybrid|híbrido|hibrido|hybride)\b|混合办公")
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", "", "none", "null"}


def iter_posting_files(root: Path) -> Iterator[Path]:
    """Every candidate posting file under `root`, in a stable (sorted) order; hidden files skipped.

    Symlinks and other non-regular entries are yielded too, so the loader can report them.
    """
    for dirpath, dirnames, filenames in os.walk(root):
        # A folder named like a posting ("x.md") is a candidate too (reported, not walked into).
        candidates = [d for d in dirnames if _is_candidate(d)]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in candidates)
        for name in sorted([*filenames, *candidates]):
            if _is_candidate(name):
                yield Path(dirpath) / name


def _is_candidate(name: str) -> bool:
    lowered = name.lower()
    return not name.startswith(".") and lowered.endswith(SUFFIXES) and lowered != "readme.md"


def posting_id(root: Path, path: Path) -> str:
    """The stable id: path relative to the postings folder, `/`-separated, without the suffix."""
    rel = path.relative_to(root).as_posix()
    for suffix in SUFFIXES:
        if rel.lower().endswith(suffix):
            return rel[: -len(suffix)]
    return rel


class PostingStream:
    """Postings read one file at a time, for a single pass (the index builder's input).

    Unlike `load_postings`, it never holds more than one posting, so a million postings cost no
    more memory than one; after the pass, `skipped` and `archived` say what was left out.

    :raises FileNotFoundError: (on creation) `root` is not a directory.
    """

    def __init__(
        self,
        root: Path | str,
        *,
        include_archived: bool = False,
        paths: Iterable[Path] | None = None,
    ) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise FileNotFoundError(f"postings folder not found: {self.root}")
        self.include_archived = include_archived
        self.paths = paths
        self.skipped: list[Skipped] = []
        self.archived = 0
        self.profiles = 0
        self.loaded = 0

    def __iter__(self) -> Iterator[Posting]:
        for path in self.paths if self.paths is not None else iter_posting_files(self.root):
            try:
                posting = read_posting(self.root, path)
            except PostingError as exc:
                self.skipped.append(Skipped(path, str(exc)))
                continue
            if posting.archived and not self.include_archived:
                self.archived += 1
                continue
            if posting.job_type in NOT_JOBS:  # a company's page, not an ad: never an answer
                self.profiles += 1
                continue
            self.loaded += 1
            yield posting


def load_postings(
    root: Path | str, *, include_archived: bool = False, paths: Iterable[Path] | None = None
) -> LoadReport:
    """Load every posting under `root`; never raises for a bad file, only for a missing folder.

    Archived postings are counted but left out unless `include_archived`.

    :raises FileNotFoundError: `root` is not a directory.
    """
    stream = PostingStream(root, include_archived=include_archived, paths=paths)
    postings = tuple(stream)
    return LoadReport(postings, tuple(stream.skipped), stream.archived, stream.profiles)


def read_posting(root: Path, path: Path) -> Posting:
    """Read and parse one file.

    :raises PostingError: not a regular file, unreadable, empty, over 1 MB, not UTF-8, or
        unparseable.
    """
    if path.is_symlink() or not path.is_file():
        raise PostingError("not a regular file")
    try:
        size = path.stat().st_size
        if size == 0:
            raise PostingError("empty file")
        if size > MAX_FILE_BYTES:
            raise PostingError(f"too large: {size} bytes (limit {MAX_FILE_BYTES})")
        raw = path.read_bytes()
    except OSError as exc:  # permissions, a file removed mid-load, an I/O error
        raise PostingError(f"unreadable: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PostingError(f"not UTF-8: byte {exc.start}") from None
    return parse_posting(text, id=posting_id(root, path), path=path.relative_to(root).as_posix())


def parse_posting(text: str, *, id: str, path: str = "") -> Posting:
    """Parse a posting's text (front matter + markdown body).

    :raises PostingError: empty, no front matter, invalid YAML, or no usable title.
    """
    text = clean_text(text).lstrip("\ufeff")
    if not text.strip():
        raise PostingError("empty file")
    meta, body = _split_front_matter(text)
    title = _clean_title(_string(meta.get("title")))
    if not title:
        raise PostingError("no usable title")
    location = _string(meta.get("location"))
    summary = _string(meta.get("summary")) or _string(meta.get("summaryBackup"))
    body = body.strip("\n")
    remote, hybrid = _workplace(title, location, body)
    known = {
        "title", "location", "companyName", "company", "url", "applyUrl", "timestamp", "date",
        "hashtags", "tags", "jobType", "companyWebsite", "summary", "logoUrl", "archived",
    }  # fmt: skip
    return Posting(
        id=id,
        title=title,
        company=_string(meta.get("companyName")) or _string(meta.get("company")),
        location=location,
        url=_string(meta.get("url")),
        apply_url=_string(meta.get("applyUrl")),
        posted=parse_timestamp(meta.get("timestamp", meta.get("date"))),
        tags=parse_tags(meta.get("hashtags", meta.get("tags"))),
        job_type=parse_job_type(meta.get("jobType")),
        remote=remote,
        hybrid=hybrid,
        archived=parse_bool(meta.get("archived")),
        summary=summary,
        body=body,
        company_website=_string(meta.get("companyWebsite")),
        logo_url=_string(meta.get("logoUrl")),
        path=path,
        extra={k: v for k, v in meta.items() if k not in known},
    )


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]")  # `*name`, where YAML reads an alias


def _refuse_aliases(front: str) -> None:
    """YAML aliases (`&a` … `*a`) can make a few hundred bytes stand for billions of values, and
    posting front matter never needs them: a file that uses one is refused, in linear time."""
    if "&" not in front or not _ALIAS.search(front):
        return  # the common case, decided without parsing
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(front, Loader=loader)):
            raise PostingError("invalid YAML: aliases (*name) are not allowed in front matter")
    except yaml.YAMLError:
        return  # not YAML at all: the loader says why


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    lines = text.split("\n", 1)
    if lines[0].strip() != "---":
        raise PostingError("no front matter: the file must start with a '---' line")
    rest = lines[1] if len(lines) > 1 else ""
    last_error: str | None = None
    for fence in _FENCE.finditer(rest):
        candidate = rest[: fence.start()]
        _refuse_aliases(candidate)
        try:
            meta = _YAML.load(candidate)
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date like 2024-13-45
            last_error = _yaml_reason(exc)
            continue
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            raise PostingError("invalid YAML: front matter is not a mapping")
        return {str(k): v for k, v in meta.items()}, rest[fence.end() :]
    if last_error:
        raise PostingError(f"invalid YAML: {last_error}")
    raise PostingError("no front matter: no closing '---' line")


def _yaml_reason(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
    return f"{problem} (line {mark.line + 2})" if mark is not None else str(problem)


MISSING = frozenset(
    {"none", "null", "nil", "n/a", "na", "unknown", "undefined", "-", "--", "tbd", "not specified",
     "not available", "nan"}
)  # fmt: skip
"""What sources write for "no value": read as missing, never shown (a company "None")."""
NOT_JOBS = frozenset({"company-profile", "company profile", "profile"})
"""Job types that mark a page about a company, not a job ad: counted, never indexed."""


def _string(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, list):
        return ", ".join(s for s in (_string(v) for v in value if v is not None) if s)
    text = " ".join(str(value).split())
    return "" if text.lower() in MISSING else text


_CLOSED_PREFIX = re.compile(
    r"^\s*(?:\((?:closed|filled|expired)\)|\[(?:closed|expired)\])\s*", re.I
)


def _clean_title(title: str) -> str:
    title = _CLOSED_PREFIX.sub("", title).strip()
    if not any(ch.isalnum() for ch in title) or fold(title) in {"n/a", "na", "none", "null", "tbd"}:
        return ""
    return title


def parse_tags(value: object) -> tuple[str, ...]:
    """Tags from "#a,#b", "a b", or a YAML list; lowercased, without '#', unique, in order."""
    if value is None:
        return ()
    items: Iterable[object] = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        for part in re.split(r"[,\s]+", _string(item)):
            tag = part.strip().lstrip("#").strip().lower()
            if tag and tag not in out and tag not in MISSING:
                out.append(tag)
    return tuple(out)


def parse_timestamp(value: object) -> datetime | None:
    """A UTC datetime from ms or s since the epoch, an ISO string, or a YAML date; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
            return parse_timestamp(float(text))
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return _utc(parsed)
    if isinstance(value, int | float):
        try:
            seconds = float(value)
        except OverflowError:  # an int with hundreds of digits
            return None
        if seconds > 1e11:  # milliseconds (1e11 s would be the year 5138)
            seconds /= 1000
        if not 0 < seconds < 4e9:
            return None
        return datetime.fromtimestamp(seconds, tz=UTC)
    return None


def _utc(value: datetime) -> datetime | None:
    """The same instant in UTC (naive means UTC); None when that falls outside datetime's range."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
        return None


def parse_bool(value: object) -> bool:
    """YAML booleans and their string spellings; anything unknown counts as False."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return False


def parse_job_type(value: object) -> str | None:
    """Normalised employment type (full-time, part-time, contract, internship, freelance)."""
    text = fold(_string(value))
    if not text:
        return None
    for key, canonical in _JOB_TYPES.items():
        if key in text:
            return canonical
    return text


def _workplace(title: str, location: str, body: str) -> tuple[bool, bool]:
    """(remote, hybrid) from the location first, then the title, then the body's signals."""
    loc = fold(location)
    head = fold(title)
    if _REMOTE_TYPO.match(loc):
        loc = "remote" + loc[len("remove") :]
    hybrid = bool(_HYBRID_WORDS.search(loc) or _HYBRID_WORDS.search(head))
    remote = bool(_REMOTE_WORDS.search(loc) or _REMOTE_WORDS.search(head))
    if _NOT_REMOTE.search(loc) or _NOT_REMOTE.search(head):
        return False, hybrid
    text = fold(body[:4000])
    if not remote and not _NOT_REMOTE.search(text):
        remote = bool(_STRONG_REMOTE.search(text) or (not loc and _REMOTE_WORDS.search(text)))
    if not hybrid and not remote and "hybrid" in text:
        hybrid = bool(re.search(r"\bhybrid (?:role|position|work|model|setup|schedule)\b", text))
    return remote, hybrid
