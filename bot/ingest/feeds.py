"""Job feeds: RSS 2.0 and Atom through feedparser, JSON Feed (1.0 and 1.1) by its spec.

An entry's id is its `guid` / `id` (else its link), hashed into the file name. The company is
the entry's author, else the "Company: Role" prefix job feeds put in titles, else the feed's
title; the description (feedparser has already sanitized it) becomes markdown like the boards'.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import feedparser

from bot.ingest.html import html_to_markdown
from bot.ingest.records import (
    JobRecord,
    Parsed,
    PayloadError,
    Rejected,
    as_list,
    iso_time,
    objects,
    safe_url,
    summary_of,
    text_field,
)

__all__ = ["entry_id", "parse_feed"]

_JSON_FEED = "https://jsonfeed.org/version/"


def entry_id(raw: str) -> str:
    """A short, stable, file-name-safe id for an entry's guid or link."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _company_and_title(title: str, author: str, fallback: str) -> tuple[str, str]:
    if author:
        return author, title
    head, sep, rest = title.partition(": ")
    if sep and rest.strip() and 0 < len(head) <= 60:
        return head.strip(), rest.strip()
    return fallback, title


def _record(
    *, source: str, raw_id: str, title: str, author: str, fallback: str, url: str,
    posted: datetime | None, html: str, tags: list[str],
) -> JobRecord:  # fmt: skip
    company, title = _company_and_title(title, author, fallback)
    body = html_to_markdown(html) if html else ""
    return JobRecord(
        source=source,
        source_id=entry_id(raw_id),
        title=title,
        company=company,
        url=url,
        apply_url=url,
        posted=posted,
        tags=tuple(t for t in tags if t),
        summary=summary_of(body),
        body=body,
        extra={"feedId": raw_id},
    )


def _json_feed(doc: dict[str, Any], *, source: str, fallback: str) -> Parsed:
    items = doc.get("items")
    if not isinstance(items, list):
        raise PayloadError("JSON Feed without an 'items' list")
    fallback = text_field(doc.get("title")) or fallback
    records: list[JobRecord] = []
    rejected: list[Rejected] = []
    for n, item in objects(items, "items", rejected):
        raw_id = text_field(item.get("id"), limit=2000) or safe_url(item.get("url"))
        if not raw_id:
            rejected.append(Rejected(f"items[{n}]: no id"))
            continue
        title = text_field(item.get("title"))
        if not title:
            rejected.append(Rejected(f"items[{n}]: no title", entry_id(raw_id)))
            continue
        authors = [a for a in as_list(item.get("authors")) if isinstance(a, dict)]
        author = item.get("author")
        if not authors and isinstance(author, dict):
            authors = [author]  # JSON Feed 1.0
        html = item.get("content_html")
        text = item.get("content_text")
        content = html if isinstance(html, str) else _escape(text) if isinstance(text, str) else ""
        records.append(
            _record(
                source=source,
                raw_id=raw_id,
                title=title,
                author=text_field(authors[0].get("name")) if authors else "",
                fallback=fallback,
                url=safe_url(item.get("url")),
                posted=iso_time(item.get("date_published")) or iso_time(item.get("date_modified")),
                html=content or text_field(item.get("summary"), limit=5000),
                tags=[text_field(t) for t in as_list(item.get("tags"))],
            )
        )
    return Parsed(tuple(records), tuple(rejected))


def _escape(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"<p>{p}</p>" for p in escaped.split("\n\n"))


def _struct_time(value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def parse_feed(body: bytes, *, source: str, url: str) -> Parsed:
    """An RSS 2.0, Atom or JSON Feed document → records (pure; feedparser reads no network
    when given bytes).

    :raises PayloadError: neither a feed nor a JSON Feed.
    """
    host = urlparse(url).hostname or "feed"
    head = body[:200].lstrip()
    if head.startswith(b"{"):
        try:
            doc = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise PayloadError(f"not a JSON Feed: {exc}") from None
        if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(_JSON_FEED):
            raise PayloadError("JSON without a JSON Feed 'version'")
        return _json_feed(doc, source=source, fallback=host)
    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise PayloadError(f"not an RSS or Atom feed{f': {problem}' if problem else ''}")
    fallback = text_field(parsed.feed.get("title")) or host
    records, rejected = [], []
    for n, entry in enumerate(parsed.entries):
        link = safe_url(entry.get("link"))
        raw_id = text_field(entry.get("id"), limit=2000) or link
        if not raw_id:
            rejected.append(Rejected(f"entry {n}: no id or link"))
            continue
        title = text_field(entry.get("title"))
        if not title:
            rejected.append(Rejected(f"entry {n}: no title", entry_id(raw_id)))
            continue
        contents = [c for c in entry.get("content", []) if c.get("value")]
        html = contents[0]["value"] if contents else entry.get("summary", "")
        records.append(
            _record(
                source=source,
                raw_id=raw_id,
                title=title,
                author=text_field(entry.get("author")),
                fallback=fallback,
                url=link,
                posted=_struct_time(entry.get("published_parsed"))
                or _struct_time(entry.get("updated_parsed")),
                html=html if isinstance(html, str) else "",
                tags=[text_field(t.get("term")) for t in entry.get("tags", [])],
            )
        )
    return Parsed(tuple(records), tuple(rejected))
