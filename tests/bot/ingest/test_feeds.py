"""bot/ingest/feeds.py: RSS 2.0, Atom and JSON Feed documents → records (no network)."""

from __future__ import annotations

import json

import pytest

from bot.ingest.feeds import entry_id, parse_feed
from bot.ingest.records import PayloadError

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Remote Jobs Weekly</title><link>https://jobs.example</link>
<item><title>Kestrel: Staff Data Engineer</title><link>https://jobs.example/k?utm_source=rss</link>
<guid isPermaLink="false">kestrel-1</guid>
<pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate>
<category>data</category>
<description>&lt;p&gt;Spark pipelines.&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</description>
</item>
<item><title></title><guid>empty-title</guid></item>
<item><title>No id or link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Acme Careers</title>
<id>urn:acme</id><updated>2026-11-30T10:00:00Z</updated>
<entry><title>Platform Engineer</title><id>urn:acme:job:7</id>
<link href="https://acme.example/jobs/7"/><updated>2026-11-29T08:00:00Z</updated>
<author><name>Acme Corp</name></author>
<content type="html">&lt;p&gt;Kubernetes &lt;b&gt;everywhere&lt;/b&gt;.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items_become_records_with_the_company_from_the_title() -> None:
    parsed = parse_feed(RSS, source="feed:x", url="https://jobs.example/rss")
    [record] = parsed.records
    assert (record.company, record.title) == ("Kestrel", "Staff Data Engineer")
    assert record.source_id == entry_id("kestrel-1") and record.tags == ("data",)
    assert record.body == "Spark pipelines." and record.url.startswith("https://jobs.example/k")
    assert record.posted is not None and record.posted.isoformat() == "2026-11-30T10:00:00+00:00"
    assert [r.reason for r in parsed.rejected] == ["entry 1: no title", "entry 2: no id or link"]
    assert parsed.rejected[0].source_id == entry_id("empty-title")


def test_atom_entries_use_the_author_as_company() -> None:
    [record] = parse_feed(ATOM, source="feed:x", url="https://acme.example/atom").records
    assert (record.company, record.title) == ("Acme Corp", "Platform Engineer")
    assert (
        record.body == "Kubernetes **everywhere**." and record.url == "https://acme.example/jobs/7"
    )


def test_json_feed_items() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1", "title": "Board",
        "items": [
            {"id": "1", "url": "https://b.example/1", "title": "Go Developer",
             "content_text": "Write Go.\n\nShip often.", "date_published": "2026-11-28T12:00:00Z",
             "authors": [{"name": "Gopher Inc"}], "tags": ["go"]},
            {"id": "2", "title": "Rust Developer", "content_html": "<p>Rust.</p>"},
            {"title": "No id"}, "junk",
        ],
    }  # fmt: skip
    parsed = parse_feed(json.dumps(doc).encode(), source="feed:j", url="https://b.example/f.json")
    first, second = parsed.records
    assert (first.company, first.body, first.tags) == (
        "Gopher Inc",
        "Write Go.\n\nShip often.",
        ("go",),
    )
    assert second.company == "Board" and second.body == "Rust."
    assert [r.reason for r in parsed.rejected] == ["items[2]: no id", "items[3]: not an object"]


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
     (b'{"items": []}', "JSON without a JSON Feed 'version'"),
     (b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', "without an 'items' list"),
     (b"{broken", "not a JSON Feed")],
)  # fmt: skip
def test_what_is_not_a_feed_is_refused(body: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        parse_feed(body, source="feed:x", url="https://x.example/f")
