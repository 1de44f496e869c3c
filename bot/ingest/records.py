"""What every source kind turns its payload into: `JobRecord`s, plus the jobs it had to skip.

The source parsers (greenhouse, lever, ashby, feeds, channel) are pure functions from a decoded
payload to a `Parsed`; a payload whose shape is wrong as a whole raises `PayloadError`, one bad
job becomes a `Rejected` with its reason and the others go on. The small helpers here keep every
kind's output equally clean: text without control characters, http(s) URLs only, dates in UTC.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

__all__ = [
    "JobRecord",
    "Parsed",
    "PayloadError",
    "Rejected",
    "StatedPay",
    "as_list",
    "board_company",
    "clean",
    "decode_json",
    "epoch_ms",
    "iso_time",
    "job_type",
    "objects",
    "safe_url",
    "slug",
    "summary_of",
    "text_field",
    "with_workplace",
]

MAX_FIELD = 500
"""Longest title, company or location kept (a longer one is cut, never refused)."""
MAX_BODY = 200_000
"""Longest description kept, in characters (the index reads files up to 1 MB)."""


class PayloadError(ValueError):
    """A payload that is not what its API documents (not JSON, wrong types, not a list of
    jobs); the message says what was wrong, and the source keeps its previous postings."""


@dataclass(frozen=True, slots=True)
class StatedPay:
    """Pay as the source states it: figures, ISO currency, "year" | "month" | "week" | "day" |
    "hour" (what `index.salary.pay_from_fields` reads from front matter)."""

    min: int | None
    max: int | None
    currency: str
    period: str


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job as a source states it, cleaned: the posting file's content before it is written.

    `source` is the sources-file name ("greenhouse:stripe"), `source_id` the id the source gives
    the job (unique within the source); together they say which file is this job's.
    """

    source: str
    source_id: str
    title: str
    company: str
    location: str = ""
    url: str = ""
    apply_url: str = ""
    posted: datetime | None = None
    job_type: str | None = None
    tags: tuple[str, ...] = ()
    summary: str = ""
    body: str = ""
    pay: StatedPay | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
    """More front matter, written as given (an author, a permalink)."""

    @property
    def kind(self) -> str:
        return self.source.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class Rejected:
    """A job of a payload that could not become a posting. `source_id` is set when the job
    had one (its previous file is then kept, not archived)."""

    reason: str
    source_id: str | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """A payload's jobs and the ones skipped, with reasons."""

    records: tuple[JobRecord, ...]
    rejected: tuple[Rejected, ...] = ()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def objects(
    items: list[Any], where: str, rejected: list[Rejected]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """A payload list's entries that are objects, with their places; any other entry is
    rejected, named by its place ("jobs[3]: not an object")."""
    for n, item in enumerate(items):
        if isinstance(item, dict):
            yield n, item
        else:
            rejected.append(Rejected(f"{where}[{n}]: not an object"))


def clean(value: str, *, limit: int = MAX_FIELD) -> str:
    """One line of text: control and zero-width characters out, runs of space folded, cut at
    `limit` characters."""
    text = _SPACES.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", value))).strip()
    return text[:limit].rstrip()


def text_field(value: object, *, limit: int = MAX_FIELD) -> str:
    """A string field of a payload, cleaned; "" for anything that is not a string or number."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return clean(str(value), limit=limit)
    return clean(value, limit=limit) if isinstance(value, str) else ""


def as_list(value: object) -> list[Any]:
    """A payload field that should be a list: the list, else empty."""
    return value if isinstance(value, list) else []


def safe_url(value: object) -> str:
    """An http(s) URL from the payload, else "" (no javascript:, data: or relative links)."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if len(url) > 2000 or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return ""
    parsed = urlparse(url)
    return url if parsed.scheme in {"http", "https"} and parsed.netloc else ""


def slug(text: str, *, limit: int = 60, default: str = "job") -> str:
    """A file-name-safe slug: ASCII letters and digits joined by '-', at most `limit` long."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return out or default


def iso_time(value: object) -> datetime | None:
    """An ISO 8601 timestamp ("2026-11-30T10:00:00-05:00", "…Z") in UTC; None if unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def epoch_ms(value: object) -> datetime | None:
    """Milliseconds since the epoch (Lever's `createdAt`) in UTC; None if not a sane number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not 0 < value < 32_503_680_000_000:  # before the year 3000
        return None
    return datetime.fromtimestamp(value / 1000, tz=UTC)


_JOB_TYPES = {
    "fulltime": "full-time",
    "parttime": "part-time",
    "intern": "internship",
    "internship": "internship",
    "contract": "contract",
    "contractor": "contract",
    "temporary": "contract",
    "temp": "contract",
    "freelance": "freelance",
    "permanent": "full-time",
}


def job_type(value: object) -> str | None:
    """ "Full-time", "FullTime", "full_time", "Intern" … → the seed's job types; None if unknown."""
    key = re.sub(r"[^a-z]", "", text_field(value).lower())
    return _JOB_TYPES.get(key)


def with_workplace(location: str, workplace: str | None) -> str:
    """The location, saying "Remote" or "Hybrid" when the source states it and the location does
    not already (the index reads the workplace from the location first)."""
    if workplace not in {"remote", "hybrid"}:
        return location
    word = workplace.capitalize()
    if workplace in location.lower():
        return location
    return f"{location} ({word})" if location else word


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_#>`]|^\s*[-+]\s|\\(?=[^\w\s])", re.MULTILINE)


def summary_of(body: str, *, limit: int = 300) -> str:
    """The first paragraph of a markdown body as plain text, cut at a word near `limit`."""
    for paragraph in body.split("\n\n"):
        unlinked = _LINK.sub(r"\1", paragraph)
        text = clean(_MARKS.sub("", unlinked), limit=10_000)
        if len(text) >= 20:
            if len(text) <= limit:
                return text
            return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


def decode_json(body: bytes) -> Any:
    """A response body as JSON.

    :raises PayloadError: invalid UTF-8, HTML (a login page, an error page) or not JSON.
    """
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadError(f"not UTF-8 (byte {exc.start})") from None
    head = text.lstrip()[:100].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<")):
        raise PayloadError("HTML or XML where JSON was expected")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise PayloadError(f"not JSON: {exc}") from None


def board_company(name: str) -> str:
    """A company name from a board name, when the payload names none: "netflix" → "Netflix",
    "acme-labs" → "Acme Labs" (a name with capitals or digits is kept as it is)."""
    if re.fullmatch(r"[a-z]+(?:[-_][a-z]+)*", name):
        return " ".join(part.capitalize() for part in re.split(r"[-_]", name))
    return name
