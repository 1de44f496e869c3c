"""One cache directory shared by several processes: one builds, the others wait and load it;
a builder killed while it holds the lock blocks nobody."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index import cache
from index.live import open_index
from tests.support.paths import ROOT

POSTING = '---\ntitle: "{title}"\nlocation: "Remote"\ntimestamp: 1790000000000\n---\n{body}\n'

OPEN = """
import json, logging, sys
from pathlib import Path
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
from index import parse_query
from index.live import open_index
index, summary, key = open_index(Path(sys.argv[1]), cache_dir=Path(sys.argv[2]),
                                 include_archived=False)
hits = index.search(parse_query("engineer")).hits
print(json.dumps({"loaded": summary.loaded, "key": key, "hits": [h.posting.id for h in hits]}))
"""

HOLD = """
import sys, time
from pathlib import Path
from index import cache
with cache.build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(600)
"""


@pytest.fixture
def postings(tmp_path: Path) -> Path:
    folder = tmp_path / "postings"
    folder.mkdir()
    for name, title, body in [
        ("sre.md", "Site Reliability Engineer", "Terraform and AWS."),
        ("backend.md", "Backend Engineer", "Go services."),
        ("designer.md", "Product Designer", "Figma."),
    ]:
        (folder / name).write_text(POSTING.format(title=title, body=body), encoding="utf-8")
    return folder


def start(script: str, *args: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], stream: str, text: str) -> None:
    """Read the process's `stream` until a line containing `text` (fails if it exits first)."""
    pipe = getattr(process, stream)
    seen = []
    while line := pipe.readline():
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"the process ended without saying {text!r}: {''.join(seen)}")


def index_folders(cache_dir: Path) -> list[str]:
    return sorted(p.name for p in cache_dir.iterdir() if p.is_dir())


def test_processes_started_together_build_once_and_all_load_the_same_index(
    postings: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    # Held here until all three are waiting for it, so they really do contend.
    with cache.build_lock(cache_dir) as held:
        assert held
        processes = [start(OPEN, postings, cache_dir) for _ in range(3)]
        for process in processes:
            wait_for_line(process, "stderr", "which is building the index")
    results = [process.communicate(timeout=120) for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], [err for _, err in results]
    logs = [err for _, err in results]
    assert sum("building the index" in log for log in logs) == 1, logs
    assert sum("loaded the index another process saved: 3 postings" in log for log in logs) == 2
    answers = [json.loads(out) for out, _ in results]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["loaded"] == 3 and len(answers[0]["hits"]) == 2
    (folder,) = index_folders(cache_dir)  # one saved index, no temporary folder left
    assert folder.startswith("index-v")


def test_a_builder_killed_while_holding_the_lock_does_not_block_the_next(
    postings: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    holder = start(HOLD, cache_dir)
    try:
        wait_for_line(holder, "stdout", "held")
        assert (cache_dir / cache.LOCK_NAME).read_text() == str(holder.pid)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.communicate()
    assert holder.returncode == -signal.SIGKILL
    nxt = start(OPEN, postings, cache_dir)
    out, err = nxt.communicate(timeout=120)
    assert nxt.returncode == 0, err
    assert "building the index" in err and "waiting for process" not in err
    assert json.loads(out)["loaded"] == 3
    assert [name for name in index_folders(cache_dir)] == [
        f"index-v{cache.FORMAT_VERSION}-{json.loads(out)['key'][:32]}"
    ]


def test_a_holder_that_never_finishes_costs_the_saved_index_not_the_start(
    postings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(cache, "LOCK_TIMEOUT", 0.2)
    with cache.build_lock(cache_dir):  # a live holder (another open file: flock conflicts)
        index, summary, _ = open_index(postings, cache_dir=cache_dir, include_archived=False)
    assert summary.loaded == 3 and len(index) == 3
    assert index_folders(cache_dir) == []  # built in memory; the holder is the one that saves


def test_the_lock_is_free_again_after_the_block(tmp_path: Path) -> None:
    with cache.build_lock(tmp_path) as first:
        assert first
    with cache.build_lock(tmp_path, timeout=0) as second:
        assert second
    assert (tmp_path / cache.LOCK_NAME).read_text() == ""
