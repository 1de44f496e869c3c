"""Safe mrkdwn: every string from a posting or a user passes through here before Slack sees it.

Slack treats only `&`, `<` and `>` specially; mentions (`<!channel>`, `<@U…>`) and links exist only
as `<…>` tokens, so escaping those three characters is enough to stop pings and injected links.
Links are built only for http(s) URLs, with the label kept free of `|`, `<` and `>`.
"""

from __future__ import annotations

from urllib.parse import urlparse

__all__ = ["ELLIPSIS", "escape", "link", "plain", "safe_url", "truncate"]

ELLIPSIS = "…"
MAX_URL = 3000


def escape(text: str) -> str:
    """Escape `&`, `<`, `>` (in that order, so nothing is escaped twice)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str) -> str:
    """Undo `escape` and flatten `<url|label>` links to "label (url)" — for terminals and logs."""
    out: list[str] = []
    rest = text
    while "<" in rest and ">" in rest.split("<", 1)[1]:
        before, tail = rest.split("<", 1)
        inner, rest = tail.split(">", 1)
        out.append(before)
        url, _, label = inner.partition("|")
        out.append(f"{label} ({url})" if label else url)
    out.append(rest)
    return "".join(out).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL Slack can link safely, else None."""
    if not url:
        return None
    url = url.strip()
    if len(url) > MAX_URL or any(c in url for c in "<>|\n\r\t \"'`"):
        return None
    parsed = urlparse(url)
    if parsed.scheme.lower() not in {"http", "https"} or not parsed.netloc:
        return None
    return url


def link(url: str | None, label: str) -> str:
    """`<url|label>` for a safe URL, else the escaped label alone (never a `javascript:` link)."""
    safe = safe_url(url)
    text = escape(" ".join(label.replace("|", "/").split())) or "link"
    return f"<{safe}|{text}>" if safe else text


def truncate(text: str, limit: int) -> str:
    """Cut to at most `limit` characters, ending with "…" when cut (on a word when it can)."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + ELLIPSIS
