"""bot/ingest/config.py: the sources file, parsed or refused with a message naming the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.config import Source, SourcesError, load_sources, parse_duration, parse_sources

ISSUE_EXAMPLE = """
sources:
  - greenhouse: stripe          # board token
  - lever: netflix              # site name
  - ashby: linear               # job board name
  - feed: https://example.com/jobs.rss   # RSS 2.0, Atom or JSON Feed
  - slack: C0123456789          # a channel where people post job ads
every: 60m
"""


def test_the_issue_example_parses_in_order() -> None:
    config = parse_sources(ISSUE_EXAMPLE)
    assert [s.name for s in config.sources] == [
        "greenhouse:stripe", "lever:netflix", "ashby:linear",
        "feed:https://example.com/jobs.rss", "slack:C0123456789",
    ]  # fmt: skip
    assert config.every == 3600 and config.timeout == 30 and config.concurrency == 4


@pytest.mark.parametrize(
    ("value", "seconds"), [("60m", 3600), ("90s", 90), ("2h", 7200), ("1d", 86400), (45, 45)]
)
def test_durations(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources:\n  - workday: acme\n", "unknown kind 'workday'"),
        ("sources:\n  - lever: ''\n", "lever needs a name"),
        ("sources:\n  - lever: ../etc\n", "'../etc' is not a lever board name"),
        ("sources:\n  - feed: ftp://x/y\n", "feed must be an http(s) URL"),
        ("sources:\n  - slack: general\n", "slack needs a channel ID"),
        ("sources:\n  - lever: a\n    ashby: b\n", "one 'kind: name' pair per entry"),
        ("sources:\n  - lever: a\n  - lever: a\n", "listed twice: lever:a"),
        ("every: soon\n", "every: must be a duration"),
        ("every: 0m\n", "every: must be longer than 0"),
        ("sourcs: []\n", "sourcs: Extra inputs are not permitted"),
        ("- lever: a\n", "must be a mapping"),
        ("sources: [\n", "not valid YAML"),
    ],
)
def test_a_bad_file_is_refused_naming_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(
        SourcesError, match="sources file: .*" + message.replace("(", r"\(").replace(")", r"\)")
    ):
        parse_sources(text)


def test_no_file_means_no_ingestion_unless_it_was_named(tmp_path: Path) -> None:
    assert load_sources(tmp_path / "sources.yml", required=False) is None
    with pytest.raises(SourcesError, match="no such file"):
        load_sources(tmp_path / "sources.yml", required=True)
    (tmp_path / "sources.yml").write_bytes(b"sources:\n  - lever: caf\xe9\n")
    with pytest.raises(SourcesError, match="cannot be read"):
        load_sources(tmp_path / "sources.yml", required=False)


def test_named_matches_a_full_name_a_value_or_a_kind() -> None:
    config = parse_sources(ISSUE_EXAMPLE)
    assert config.named("lever") == (Source("lever", "netflix"),)
    assert config.named("linear") == (Source("ashby", "linear"),)
    assert config.named("greenhouse:stripe") == (Source("greenhouse", "stripe"),)
    assert config.named("nothing") == ()
