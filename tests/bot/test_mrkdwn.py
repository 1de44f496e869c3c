"""Escaping and safe links: nothing from data can ping, link or break a message."""

from __future__ import annotations

import pytest

from bot.mrkdwn import escape, link, plain, safe_url, truncate


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("a & b", "a &amp; b"),
        ("<!channel>", "&lt;!channel&gt;"),
        ("<!here|here>", "&lt;!here|here&gt;"),
        ("<@U123>", "&lt;@U123&gt;"),
        ("<!subteam^S1>", "&lt;!subteam^S1&gt;"),
        ("<https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
        ("&amp;", "&amp;amp;"),
        ("*bold* _it_ `code`", "*bold* _it_ `code`"),
    ],
)
def test_escape_neutralises_every_special_token(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped
    assert "<" not in escape(raw) and ">" not in escape(raw)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,hi",
        "ftp://example.com/x",
        "//example.com/no-scheme",
        "https://example.com/a|b",
        "https://example.com/<script>",
        "https://exa mple.com",
        "",
        None,
        "https://" + "a" * 3001,
    ],
)
def test_unsafe_urls_are_never_linked(url: str | None) -> None:
    assert safe_url(url) is None
    assert not link(url, "label").startswith("<")


def test_a_safe_link_keeps_the_label_clean() -> None:
    rendered = link("https://jobs.example/1?a=1&b=2", "SRE | <b>Berlin</b> & co")
    assert rendered.startswith("<https://jobs.example/1?a=1&b=2|")
    label = rendered.split("|", 1)[1][:-1]
    assert "|" not in label and "<" not in label and ">" not in label
    assert "&amp;" in label


@pytest.mark.parametrize("limit", [1, 5, 10, 150])
def test_truncate_respects_the_limit_and_marks_the_cut(limit: int) -> None:
    text = "word " * 100
    cut = truncate(text, limit)
    assert len(cut) <= limit
    assert cut.endswith("…")


def test_truncate_leaves_short_text_alone() -> None:
    assert truncate("short", 10) == "short"


def test_plain_undoes_escaping_and_flattens_links() -> None:
    assert plain("<https://a.example|Job> &amp; &lt;tag&gt;") == "Job (https://a.example) & <tag>"
