"""bot/ingest/html.py: descriptions become markdown with nothing executable or tracking."""

from __future__ import annotations

import pytest

from bot.ingest.html import html_to_markdown, strip_tracking


def test_structure_becomes_markdown() -> None:
    html = "<h2>About</h2><p>We <b>build</b> it.</p><ul><li>Python</li><li>Go &amp; Rust</li></ul>"
    assert html_to_markdown(html) == "## About\n\nWe **build** it.\n\n- Python\n- Go & Rust"


def test_scripts_styles_images_frames_and_forms_are_dropped() -> None:
    html = (
        "<p>Hi<script>steal()</script><style>.x{}</style><noscript>x</noscript>"
        '<img src="https://t.example/p.gif" alt="pixel"><iframe src="https://e.example"></iframe>'
        '<form><input name="q"><button>Go</button></form><svg><text>s</text></svg></p>'
    )
    assert html_to_markdown(html) == "Hi"


def test_links_keep_only_http_targets_without_tracking() -> None:
    html = (
        '<a href="https://a.example/job?utm_source=x&amp;gclid=1&amp;id=9">job</a> '
        '<a href="javascript:alert(1)">js</a> <a href="https://bit.ly/abc">short</a> '
        '<a href="mailto:hr@a.example">mail</a> <a href="https://a.example/#apply">apply</a>'
    )
    assert html_to_markdown(html) == (
        "[job](https://a.example/job?id=9) js short mail [apply](https://a.example/#apply)"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://a.example/x?utm_medium=e&id=1", "https://a.example/x?id=1"),
     ("https://ad.doubleclick.net/click", ""), ("https://a.example/x", "https://a.example/x"),
     ("ftp://a.example/x", "")],
)  # fmt: skip
def test_strip_tracking(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


def test_broken_markup_and_plain_text_never_raise() -> None:
    assert html_to_markdown("<p><b>unclosed <i>tags") == "**unclosed *tags***"
    assert html_to_markdown("just text") == "just text"
    assert len(html_to_markdown("<p>" + "x" * 3_000_000 + "</p>")) == 200_000
