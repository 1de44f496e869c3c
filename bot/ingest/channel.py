"""The workspace's own jobs channel (a `slack:` source): messages that look like job ads become
postings, read with `conversations.history` (scope `channels:history`) each pass, and as they are
posted through the same `is_ad_message` and `record_of` (bot.ingest.ads).

Three shapes count as a job ad (`parse_ad`, pure): the Hacker News "Who is hiring" header line
("Company | Role | Location | Remote | URL"), a `[HIRING]` tag ("[HIRING] Role at Company
(Location)"), and the labelled template jobs channels ask for ("Company: …", "Position: …",
"Type: …", "Location: …", "Salary: …" and a link). Anything else is ignored. The author and the
message's permalink are kept in the posting. An edited message is read as it is now; a deleted
one (or one older than the last `MAX_MESSAGES`) is gone from the history, so its posting is
archived like a job that left its board.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.ingest.config import Source
from bot.ingest.fetch import FetchError
from bot.ingest.records import (
    JobRecord,
    Parsed,
    clean,
    job_type,
    safe_url,
    summary_of,
    with_workplace,
)

__all__ = [
    "MAX_MESSAGES",
    "Ad",
    "HistoryReader",
    "is_ad_message",
    "parse_ad",
    "permalink_of",
    "plain_text",
    "record_of",
]

log = logging.getLogger(__name__)

MAX_MESSAGES = 1000
"""The newest messages of the channel read per pass."""

_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<[@#!][^>]*>")
_URL = re.compile(r"https?://[^\s<>|)\]]+")
_HIRING = re.compile(r"^\s*[\[(]\s*hiring\s*[\])]\s*[:\-–—]?\s*", re.IGNORECASE)
_LABEL = re.compile(
    r"^\s*[*_]*(company|position|role|title|type|location|salary|compensation|remote)[*_]*\s*:"
    r"[*_]*\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ROLE_WORDS = re.compile(
    r"\b(?:engineer|developer|designer|manager|scientist|analyst|architect|lead|head|director|"
    r"intern|sre|devops|consultant|writer|recruiter|specialist|administrator|researcher|"
    r"programmer|marketer|officer|coordinator|representative|product|engineering)s?\b",
    re.IGNORECASE,
)
_REMOTE = re.compile(r"\b(?:remote|wfh|work from home|anywhere|distributed)\b", re.IGNORECASE)
_WORKPLACE_ONLY = re.compile(
    r"^\s*(?:remote|onsite|on-site|hybrid|full[- ]?time|part[- ]?time|contract|intern(?:ship)?|"
    r"visa|no visa|remote ok|remote \(.*\)|\$.*|€.*|£.*|\d+k.*)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Ad:
    """What a job-ad message says."""

    title: str
    company: str
    location: str = ""
    remote: bool = False
    url: str = ""
    job_type: str | None = None
    salary: str = ""


def plain_text(text: str) -> tuple[str, list[str]]:
    """Slack mrkdwn → plain text (links as their labels, mentions dropped) and its http(s) URLs
    in order."""
    urls: list[str] = []

    def link(match: re.Match[str]) -> str:
        url = safe_url(match.group(1))
        if url:
            urls.append(url)
        return match.group(2) or match.group(1)

    text = _SPECIAL.sub("", _LINK.sub(link, text))
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for bare in _URL.findall(text):
        url = safe_url(bare)
        if url and url not in urls:
            urls.append(url)
    return text, urls


def _header(line: str, urls: list[str]) -> Ad | None:
    fields = [clean(f) for f in re.split(r"\s+\|\s+", line) if clean(f)]
    if len(fields) < 3:
        return None
    company, rest = fields[0], fields[1:]
    rest = [f for f in rest if not _URL.fullmatch(f) and not f.startswith(("http://", "https://"))]
    role = next((f for f in rest if _ROLE_WORDS.search(f)), None)
    if role is None:
        return None
    others = [f for f in rest if f != role]
    location = next((f for f in others if not _WORKPLACE_ONLY.match(f)), "")
    remote = any(_REMOTE.search(f) for f in others)
    kind = next((job_type(f) for f in others if job_type(f)), None)
    return Ad(role, company, location, remote, urls[0] if urls else "", kind)


def _hiring(line: str, urls: list[str]) -> Ad | None:
    rest = _URL.sub("", _HIRING.sub("", line, count=1)).strip(" -–—|:")
    location = ""
    paren = re.search(r"\(([^)]+)\)\s*$", rest)
    if paren:
        location, rest = clean(paren.group(1)), rest[: paren.start()].strip()
    at = re.match(r"(.+?)\s+(?:at|@)\s+(.+)$", rest, re.IGNORECASE)
    if at:
        title, company = clean(at.group(1)), clean(at.group(2))
    else:
        parts = [clean(p) for p in re.split(r"\s+[-–—|]\s+", rest) if clean(p)]
        if len(parts) < 2:
            return None
        company, title = parts[0], parts[1]
        if not location and len(parts) > 2:
            location = parts[2]
    if not title or not company:
        return None
    remote = bool(_REMOTE.search(location) or _REMOTE.search(title))
    return Ad(title, company, location, remote, urls[0] if urls else "")


def _labelled(text: str, urls: list[str]) -> Ad | None:
    fields: dict[str, str] = {}
    for name, value in _LABEL.findall(text):
        fields.setdefault(name.lower(), clean(_URL.sub("", value).strip(" *_")))
    title = fields.get("position") or fields.get("role") or fields.get("title")
    company = fields.get("company")
    if not title or not company or not urls:
        return None
    location = fields.get("location", "")
    remote = bool(_REMOTE.search(location) or _REMOTE.search(fields.get("remote", "")))
    remote = remote or fields.get("remote", "").lower() in {"yes", "true"}
    kind = job_type(fields.get("type", ""))
    salary = fields.get("salary") or fields.get("compensation") or ""
    return Ad(title, company, location, remote, urls[0], kind, salary)


def parse_ad(text: str) -> Ad | None:
    """A message's text (Slack mrkdwn) → the job ad it is, or None for any other message."""
    plain, urls = plain_text(text)
    unlinked, _ = plain_text(_LINK.sub("", text))  # a link's label is no part of the header
    first = next((line.strip(" *_") for line in unlinked.splitlines() if line.strip()), "")
    if _HIRING.match(first):
        return _hiring(first, urls)
    if first.count(" | ") >= 2:
        ad = _header(first, urls)
        if ad is not None:
            return ad
    return _labelled(plain, urls)


def is_ad_message(message: Mapping[str, Any]) -> bool:
    """A person's top-level message (or a thread reply also sent to the channel) that reads as
    a job ad; bot messages, joins and other subtypes, and thread replies are not."""
    subtype = message.get("subtype")
    if subtype not in (None, "thread_broadcast") or message.get("bot_id"):
        return False
    thread = message.get("thread_ts")
    if subtype is None and thread is not None and thread != message.get("ts"):
        return False
    return parse_ad(str(message.get("text", ""))) is not None


async def permalink_of(client: AsyncWebClient, channel: str, ts: str) -> str:
    """The message's permalink ("" when Slack gives none that is an http(s) URL).

    :raises SlackApiError: Slack refused.
    """
    link = await client.chat_getPermalink(channel=channel, message_ts=ts)
    return safe_url(link.get("permalink"))


def record_of(message: Mapping[str, Any], *, source: Source, permalink: str) -> JobRecord | None:
    """A channel message → its posting, when it is a job ad (pure)."""
    text = message.get("text")
    ts = message.get("ts")
    if not isinstance(text, str) or not isinstance(ts, str):
        return None
    ad = parse_ad(text)
    if ad is None:
        return None
    body, _ = plain_text(text)
    try:
        posted: datetime | None = datetime.fromtimestamp(float(ts), tz=UTC)
    except (ValueError, OverflowError):
        posted = None
    extra = {"author": str(message.get("user", "")), "permalink": permalink}
    if ad.salary:
        extra["salary"] = ad.salary
    return JobRecord(
        source=source.name,
        source_id=ts,
        title=ad.title,
        company=ad.company,
        location=with_workplace(ad.location, "remote" if ad.remote else None),
        url=ad.url or permalink,
        apply_url=ad.url,
        posted=posted,
        job_type=ad.job_type,
        summary=summary_of(body.strip()),
        body=body.strip(),
        extra={k: v for k, v in extra.items() if v},
    )


class HistoryReader:
    """Reads a channel's newest messages with the bot token; job ads → records."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def __call__(self, source: Source) -> Parsed:
        """:raises FetchError: Slack refused (not in the channel, a bad token, rate limits)."""
        records: list[JobRecord] = []
        cursor: str | None = None
        read = 0
        try:
            while read < MAX_MESSAGES:
                page = await self.client.conversations_history(
                    channel=source.value, limit=200, cursor=cursor
                )
                messages = page.get("messages") or []
                read += len(messages)
                for message in messages:
                    if not is_ad_message(message):
                        continue
                    link = await permalink_of(self.client, source.value, message["ts"])
                    record = record_of(message, source=source, permalink=link)
                    if record is not None:
                        records.append(record)
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
                if not page.get("has_more") or not cursor:
                    break
        except SlackApiError as exc:
            raise FetchError(f"Slack: {exc.response.get('error', exc)}") from None
        return Parsed(tuple(records))
