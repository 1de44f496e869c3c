"""Live refresh: added, changed, removed and broken files are picked up by one explicit call."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index import cache, parse_query
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


# -- a cache volume that is full, or holds what a killed process left ---------------------------


def test_a_full_cache_volume_still_starts_without_a_saved_index(tmp_path: Path) -> None:
    """Before: the build spooled into the full cache folder and the start crashed with ENOSPC."""
    from index.live import open_index
    from tests.support.volumes import fill, small_volume

    folder = tmp_path / "postings"
    folder.mkdir()
    for n in range(30):
        write(folder, f"p{n}.md", f"Rust Engineer {n}", body="Rust and Tokio. " * 200)
    with small_volume(tmp_path / "cache", size="1m") as cache_dir:
        fill(cache_dir)
        index, summary, _ = open_index(folder, cache_dir=cache_dir, include_archived=False)
        left = sorted(p.name for p in cache_dir.iterdir() if p.name != cache.LOCK_NAME)

    assert summary.loaded == 30 and index.search(parse_query("rust")).total == 30
    assert left == ["filler"]  # the failed save removed what it had written


def test_a_save_that_fails_leaves_nothing_behind_and_the_next_start_builds(
    tmp_path: Path,
) -> None:
    from index.live import open_index
    from tests.support.volumes import small_volume

    folder = tmp_path / "postings"
    folder.mkdir()
    for n in range(40):
        write(folder, f"p{n}.md", f"Go Engineer {n}", body=f"Go and gRPC {n}. " * 300)
    with small_volume(tmp_path / "cache", size="64k") as cache_dir:
        first = open_index(folder, cache_dir=cache_dir, include_archived=False)
        after_first = [p for p in cache_dir.iterdir() if p.name != cache.LOCK_NAME]
        second = open_index(folder, cache_dir=cache_dir, include_archived=False)

    assert first[1].loaded == second[1].loaded == 40
    assert after_first == []


def test_temporary_folders_of_dead_processes_are_removed_and_live_ones_kept(
    tmp_path: Path,
) -> None:
    from index.cache import LEFTOVER_GRACE, clean_leftovers

    cache_dir = tmp_path / "cache"
    dead = cache_dir / ".tmp-999999999-index-v5-abc"
    mine = cache_dir / f".tmp-{os.getpid()}-index-v5-def"
    fresh = cache_dir / ".tmp-999999998-index-v5-ghi"
    for tmp in (dead, mine, fresh):
        tmp.mkdir(parents=True)
        (tmp / "matrix_data.npy").write_bytes(b"x" * 100)
    old = fresh.stat().st_mtime - LEFTOVER_GRACE - 1
    os.utime(dead, (old, old))
    os.utime(mine, (old, old))

    removed = clean_leftovers(cache_dir)

    assert removed == [dead]
    assert not dead.exists() and mine.exists() and fresh.exists()
