"""bot/ingest/state.py: what a pass remembers, written atomically, read forgivingly."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.state import STATE_FILE, SourceState, load_state, save_state


def test_state_round_trips(tmp_path: Path) -> None:
    state = SourceState().succeeded(at="2026-12-03T10:00:00+00:00", postings=3, etag='"e"',
                                    modified=None).failed(at="2026-12-03T11:00:00+00:00",
                                                          error="HTTP 500")  # fmt: skip
    save_state(tmp_path, {"lever:a": state})
    assert load_state(tmp_path) == {"lever:a": state}
    assert [p.name for p in tmp_path.iterdir()] == [STATE_FILE]


def test_a_broken_state_file_is_forgotten_not_fatal(tmp_path: Path) -> None:
    assert load_state(tmp_path) == {}
    (tmp_path / STATE_FILE).write_text("{not json")
    assert load_state(tmp_path) == {}
    (tmp_path / STATE_FILE).write_text('{"lever:a": {"postings": 2, "unknown": 1}, "b": 5}')
    assert load_state(tmp_path) == {"lever:a": SourceState(postings=2)}
