"""What every judged set shares: the ranking metrics and the judgments file.

- nDCG@k: graded gains (0/1/2), discount 1/log2(rank + 1), the ideal ranking built from every
  judged posting of the question; unjudged hits count as 0.
- P@k: the share of the first k places holding a relevant (grade >= 1) posting; a short list is
  not rewarded (divided by k).
- judgments.jsonl: one JSON object a line, `{"q": question id, "doc": posting id, "grade": 0|1|2}`
  and optional facts the grader read (kept for a reader, ignored here).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["K", "ndcg_at", "precision_at", "read_judgments", "write_judgments"]

K = 10  # the page that is scored


def _dcg(grades: Sequence[int]) -> float:
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(grades, 1))


def ndcg_at(ranked: Sequence[int], judged: Iterable[int], k: int = K) -> float:
    """nDCG@k of a ranking's grades against the ideal order of every judged grade (0 if none)."""
    ideal = _dcg(sorted(judged, reverse=True)[:k])
    return _dcg(list(ranked)[:k]) / ideal if ideal > 0 else 0.0


def precision_at(ranked: Sequence[int], k: int = K) -> float:
    """Share of the first k places holding a relevant (grade >= 1) posting; empty places miss."""
    return sum(1 for g in list(ranked)[:k] if g >= 1) / k


def read_judgments(path: Path | str) -> dict[str, dict[str, int]]:
    """question id → posting id → grade, from a JSON-lines file (a missing file: empty).

    :raises ValueError: a line that is not a judgment.
    """
    path = Path(path)
    out: dict[str, dict[str, int]] = {}
    if not path.is_file():
        return out
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        g = row.get("grade")
        if g not in (0, 1, 2) or not isinstance(row.get("q"), str):
            raise ValueError(f"{path}:{n}: expected {{'q': str, 'doc': str, 'grade': 0|1|2}}")
        out.setdefault(row["q"], {})[str(row["doc"])] = int(g)
    return out


def write_judgments(path: Path | str, rows: Iterable[Mapping[str, Any]]) -> None:
    """One JSON object a line, in the order given (so the same judgments give the same file)."""
    lines = [json.dumps(dict(row), ensure_ascii=False) for row in rows]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
