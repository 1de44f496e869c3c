"""bot/bench/metrics.py: nDCG@k, P@k and the judgments file every judged set shares."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bot.bench.metrics import ndcg_at, precision_at, read_judgments, write_judgments


def test_ndcg_on_a_hand_computed_example() -> None:
    dcg = 2 + 1 / math.log2(4)
    ideal = 2 + 2 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at([2, 0, 1], [2, 2, 1, 0]) == pytest.approx(dcg / ideal)
    assert ndcg_at([], [2]) == 0.0 and ndcg_at([2], [0]) == 0.0
    assert ndcg_at([0, 2], [2], k=1) == 0.0


def test_precision_counts_grades_of_one_and_up_and_empty_places_miss() -> None:
    assert precision_at([2, 1, 0], 5) == pytest.approx(0.4)
    assert precision_at([1] * 7, 5) == 1.0


def test_judgments_round_trip_in_order_and_refuse_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    rows = [
        {"q": "a", "doc": "x/1", "grade": 2, "levels": ["senior"]},
        {"q": "a", "doc": "x/2", "grade": 0},
        {"q": "b", "doc": "远程", "grade": 1},
    ]
    write_judgments(path, rows)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == '{"q": "a", "doc": "x/1", "grade": 2, "levels": ["senior"]}'
    assert "远程" in text and text.endswith("\n")
    assert read_judgments(path) == {"a": {"x/1": 2, "x/2": 0}, "b": {"远程": 1}}
    assert read_judgments(tmp_path / "missing.jsonl") == {}
    path.write_text('{"q": "a", "doc": "x", "grade": 3}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="expected"):
        read_judgments(path)
