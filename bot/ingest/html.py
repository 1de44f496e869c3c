"""A job description's HTML → the markdown body of a posting file.

BeautifulSoup parses (lenient with broken markup), the parts no reader should get are removed
— scripts, styles, images, frames, forms, tracking pixels and links to click trackers — and
markdownify writes the rest as markdown. Links keep only http(s) targets, without tracking
parameters (`utm_*`, `gclid`, …). Pure and CPU-bound: callers run it off the event loop.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from bot.ingest.records import MAX_BODY, safe_url

__all__ = ["MAX_HTML", "html_to_markdown", "strip_tracking"]

MAX_HTML = 1_000_000
"""HTML beyond this many characters is not read (no description is that long)."""

_DROP = frozenset((
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "img", "picture", "video", "audio", "source", "track", "canvas", "map",
    "form", "input", "button", "select", "textarea", "template", "head", "meta", "link", "base",
))  # fmt: skip
_TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|gclid|gclsrc|dclid|fbclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|yclid|"
    r"igshid|trk|trkCampaign|ref_src|__s|vero_id|oly_enc_id|oly_anon_id|wickedid)$",
    re.IGNORECASE,
)
_TRACKER_HOSTS = (
    "doubleclick.net", "google-analytics.com", "googletagmanager.com", "list-manage.com",
    "click.linksynergy.com", "sendgrid.net", "mandrillapp.com", "hubspotlinks.com",
    "mailchimp.com", "mcusercontent.com", "pixel.wp.com", "bit.ly", "t.co", "lnkd.in",
)  # fmt: skip
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def strip_tracking(url: str) -> str:
    """`url` without tracking query parameters; "" when it is not http(s) or points at a click
    tracker or link shortener (whose target cannot be checked)."""
    url = safe_url(url)
    if not url:
        return ""
    parts = urlparse(url)
    host = (parts.hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in _TRACKER_HOSTS):
        return ""
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not _TRACKING_PARAMS.match(k)]
    if len(kept) == len(query):
        return url
    return urlunparse(parts._replace(query=urlencode(kept)))


_CONVERTER = MarkdownConverter(heading_style="ATX", bullets="-", escape_underscores=False)


def html_to_markdown(html: str) -> str:
    """Markdown for a description's HTML, with nothing executable, no images and no tracking.

    Never raises on bad markup; text without tags comes back as it was (whitespace tidied).
    """
    soup = BeautifulSoup(html[:MAX_HTML], "html.parser")
    for tag in soup.find_all(True):  # one walk over the tree
        if not isinstance(tag, Tag) or tag.decomposed:
            continue  # inside a part already dropped
        if tag.name in _DROP:
            tag.decompose()
        elif tag.name == "a":
            href = tag.get("href")
            target = strip_tracking(href) if isinstance(href, str) else ""
            if target:
                tag.attrs = {"href": target}
            else:
                tag.unwrap()
        else:
            tag.attrs = {}  # styles, event handlers, data-* attributes: nothing a reader sees
    markdown = _CONVERTER.convert_soup(soup)
    markdown = _TRAILING.sub("", markdown)
    markdown = _BLANK_LINES.sub("\n\n", markdown).strip()
    return markdown[:MAX_BODY]
