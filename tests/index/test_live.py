"""Live refresh: added, changed, removed and broken files are picked up by one explicit call."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index import parse_query
from index.live import LiveIndex

POSTING = '---\ntitle: "{title}"\nlocation: "Berlin"\n---\n{body}\n'


def write(folder: Path, name: str, title: str, body: str = "Body text.") -> Path:
    path = folder / name
    path.write_text(POSTING.format(title=title, body=body), encoding="utf-8")
    return path


def bump(path: Path) -> None:
    """Give a rewritten file a new mtime even on coarse-grained file systems (no sleeping)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def titles(live: LiveIndex, question: str) -> list[str]:
    return [h.posting.title for h in live.current.search(parse_query(question)).hits]


@pytest.fixture
def live(tmp_path: Path) -> LiveIndex:
    folder = tmp_path / "postings"
    folder.mkdir()
    write(folder, "rust.md", "Rust Engineer")
    return LiveIndex(folder, cache_dir=tmp_path / "cache")


def test_nothing_changed_keeps_the_same_index(live: LiveIndex) -> None:
    before = live.current
    assert live.refresh_if_changed() is False
    assert live.current is before


def test_an_added_posting_is_found_after_a_refresh(live: LiveIndex) -> None:
    old = live.current
    write(live.root, "elixir.md", "Elixir Engineer")
    assert titles(live, "elixir") == []
    assert live.refresh_if_changed() is True
    assert titles(live, "elixir") == ["Elixir Engineer"]
    # a search that holds the old index still answers from it
    assert [h.posting.title for h in old.search(parse_query("elixir")).hits] == []


def test_a_changed_posting_is_reindexed(live: LiveIndex) -> None:
    path = write(live.root, "rust.md", "Zig Engineer")
    bump(path)
    assert live.refresh_if_changed() is True
    assert titles(live, "zig") == ["Zig Engineer"] and titles(live, "rust") == []


def test_a_removed_posting_disappears(live: LiveIndex) -> None:
    (live.root / "rust.md").unlink()
    assert live.refresh_if_changed() is True
    assert titles(live, "rust") == [] and live.summary.loaded == 0


def test_a_broken_new_file_is_reported_and_skipped(live: LiveIndex) -> None:
    (live.root / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    write(live.root, "kotlin.md", "Kotlin Engineer")
    assert live.refresh_if_changed() is True
    assert titles(live, "kotlin") == ["Kotlin Engineer"]
    assert titles(live, "rust") == ["Rust Engineer"]
    (skipped,) = live.summary.skipped
    assert skipped.path.name == "broken.md" and skipped.reason.startswith("invalid YAML")


def test_a_restart_after_a_change_loads_the_new_saved_index(
    live: LiveIndex, tmp_path: Path
) -> None:
    write(live.root, "scala.md", "Scala Engineer")
    live.refresh_if_changed()
    restarted = LiveIndex(live.root, cache_dir=tmp_path / "cache")
    assert restarted.key == live.key
    assert titles(restarted, "scala") == ["Scala Engineer"]
