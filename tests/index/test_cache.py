"""The saved index: a hit loads without refitting; a miss, damage or a new version rebuilds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import cache, parse_query
from index.cache import CacheError
from index.live import open_index

POSTING = '---\ntitle: "{title}"\nlocation: "Remote"\ntimestamp: 1790000000000\n---\n{body}\n'


def write(folder: Path, name: str, title: str, body: str = "Python and Kubernetes.") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POSTING.format(title=title, body=body), encoding="utf-8")
    return path


@pytest.fixture
def postings(tmp_path: Path) -> Path:
    folder = tmp_path / "postings"
    write(folder, "a.md", "Site Reliability Engineer", "Terraform and AWS, remote.")
    write(folder, "team/b.md", "Backend Engineer", "Go services.")
    (folder / "broken.md").write_text("---\ntitle: [oops\n---\n")
    return folder


def titles(index: object, question: str) -> list[str]:
    result = index.search(parse_query(question))  # type: ignore[attr-defined]
    return [h.posting.title for h in result.hits]


def test_second_open_loads_the_saved_index_instead_of_refitting(
    postings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    first, summary, key = open_index(postings, cache_dir=cache_dir, include_archived=False)
    assert summary.loaded == 2 and [s.path.name for s in summary.skipped] == ["broken.md"]

    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("refitted although nothing changed")

    monkeypatch.setattr("index.search.fit", no_fit)
    second, again, same_key = open_index(postings, cache_dir=cache_dir, include_archived=False)
    assert same_key == key
    assert again == summary
    assert (
        titles(second, "terraform") == titles(first, "terraform") == ["Site Reliability Engineer"]
    )
    assert second.get("team/b") == first.get("team/b")


def test_a_changed_folder_misses_the_cache(postings: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _, _, key = open_index(postings, cache_dir=cache_dir, include_archived=False)
    write(postings, "c.md", "Data Engineer")
    assert cache.fingerprint(postings, include_archived=False) != key
    with pytest.raises(CacheError):
        cache.load(cache_dir, key=cache.fingerprint(postings, include_archived=False))
    index, summary, _ = open_index(postings, cache_dir=cache_dir, include_archived=False)
    assert summary.loaded == 3 and titles(index, "data engineer") == ["Data Engineer"]


def test_options_are_part_of_the_key(postings: Path) -> None:
    assert cache.fingerprint(postings, include_archived=False) != cache.fingerprint(
        postings, include_archived=True
    )


def saved_folder(cache_dir: Path) -> Path:
    (folder,) = [p for p in cache_dir.iterdir() if p.name.startswith("index-v")]
    return folder


@pytest.mark.parametrize(
    "damage",
    ["truncate", "flip_byte", "drop_file", "other_version", "garbage_manifest", "bad_lists"],
)
def test_a_damaged_saved_index_is_rebuilt_never_trusted(
    postings: Path, tmp_path: Path, damage: str
) -> None:
    cache_dir = tmp_path / "cache"
    _, _, key = open_index(postings, cache_dir=cache_dir, include_archived=False)
    folder = saved_folder(cache_dir)
    target = folder / "matrix_data.npy"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:-8])
    elif damage == "flip_byte":
        raw = bytearray(target.read_bytes())
        raw[-1] ^= 0xFF
        target.write_bytes(bytes(raw))
    elif damage == "drop_file":
        target.unlink()
    elif damage == "other_version":
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["format"] = cache.FORMAT_VERSION - 1
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif damage == "garbage_manifest":
        (folder / "manifest.json").write_text("{not json")
    elif damage == "bad_lists":
        (folder / "lists.json").write_text("[]")
    with pytest.raises(CacheError):
        cache.load(cache_dir, key=key)
    index, summary, _ = open_index(postings, cache_dir=cache_dir, include_archived=False)
    assert summary.loaded == 2
    assert titles(index, "terraform") == ["Site Reliability Engineer"]
    cache.load(cache_dir, key=key)  # the rebuild saved a good copy again


def test_a_format_version_change_ignores_old_saved_indexes(
    postings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    open_index(postings, cache_dir=cache_dir, include_archived=False)
    monkeypatch.setattr(cache, "FORMAT_VERSION", cache.FORMAT_VERSION + 1)
    key = cache.fingerprint(postings, include_archived=False)
    with pytest.raises(CacheError):
        cache.load(cache_dir, key=key)
    _, summary, _ = open_index(postings, cache_dir=cache_dir, include_archived=False)
    assert summary.loaded == 2


def test_an_unwritable_cache_directory_still_answers(postings: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    index, summary, _ = open_index(postings, cache_dir=blocker / "cache", include_archived=False)
    assert summary.loaded == 2 and titles(index, "backend") == ["Backend Engineer"]
