"""bot/bench/old_set.py: the first judged set's pooling (its rules are tested through
`bot.bench.relevance` in test_relevance.py, whose names it re-exports)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.bench import old_set
from bot.bench.metrics import read_judgments
from tests.support.paths import SEEDS


def test_the_first_set_is_pooled_from_jobbot_and_bm25s_only() -> None:
    assert old_set.POOL == ("jobbot", "bm25s")
    assert old_set.TODAY.isoformat() == "2026-06-01"


def test_pool_and_judge_is_deterministic(tmp_path: Path) -> None:
    questions = tmp_path / "q.yml"
    questions.write_text(
        yaml.safe_dump(
            {
                "questions": [
                    {"id": "sre", "text": "remote sre terraform", "role": ["sre"],
                     "skills": ["terraform"], "remote": True},
                    {"id": "py", "text": "python developer", "role": ["python"]},
                ]
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    counts = old_set.pool_and_judge(SEEDS, questions_path=questions, judgments_path=first)
    old_set.pool_and_judge(SEEDS, questions_path=questions, judgments_path=second)
    assert first.read_bytes() == second.read_bytes()
    judged = read_judgments(first)
    assert set(judged) == {"sre", "py"}
    assert counts["questions"] == 2
    assert sum(counts[g] for g in "012") == sum(len(v) for v in judged.values())
    assert old_set.load_judgments(first) == judged
