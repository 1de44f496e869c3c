"""bot/bench/independent_bench.py: pooling, scores and the report of the independent set — on the
bundled seeds end to end, on hand-made reports for the numbers, and on the real judgments when
the shared corpus is here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.bench import independent as ind
from bot.bench import independent_bench as ib
from bot.bench.engines import ENGINES
from bot.bench.independent_bench import IndependentReport, QuestionResult, Scores
from bot.bench.metrics import read_judgments
from bot.bench.rawposting import read_raw
from tests.support.paths import CORPUS, SEEDS


def _questions(tmp_path: Path) -> Path:
    specs: list[dict[str, Any]] = [
        {"id": "sre", "class": "typos", "text": "remote sre terraform", "role": ["sre",
         "site reliability"], "related": ["devops"], "skills": ["terraform"], "remote": True},
        {"id": "sre-typo", "class": "typos", "text": "remote sre terrafrom", "same_as": "sre"},
        {"id": "senior", "class": "seniority", "text": "senior engineer", "role": ["engineer"],
         "level": "senior"},
        {"id": "pay", "class": "salary", "text": "engineer 100k", "role": ["engineer"],
         "pay": {"min": 100000}},
        {"id": "de", "class": "languages", "lang": "de", "text": "SRE Homeoffice",
         "same_as": "sre"},
    ]  # fmt: skip
    path = tmp_path / "questions.yml"
    path.write_text(yaml.safe_dump({"questions": specs}, allow_unicode=True), encoding="utf-8")
    return path


def test_pooling_shares_one_pool_per_twin_group_and_is_deterministic(tmp_path: Path) -> None:
    questions = _questions(tmp_path)
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    counts = ib.pool_and_judge(SEEDS, questions_path=questions, judgments_path=first)
    ib.pool_and_judge(SEEDS, questions_path=questions, judgments_path=second)
    assert first.read_bytes() == second.read_bytes()
    judged = read_judgments(first)
    assert judged["sre"] == judged["sre-typo"] == judged["de"]  # one pool, one spec
    assert counts["questions"] == 5 and sum(counts[g] for g in "012") == sum(
        len(v) for v in judged.values()
    )
    text = first.read_text(encoding="utf-8")
    assert '"levels": [' in text and '"pay": ' in text

    report = ib.run_independent_bench(SEEDS, questions_path=questions, judgments_path=first)
    assert {r.question.id for r in report.results} == {"sre", "sre-typo", "senior", "pay", "de"}
    assert all(set(r.scores) == set(ENGINES) for r in report.results)
    assert report.judgments == sum(len(v) for v in judged.values())
    assert all(r.scores[e].unjudged == 0 for r in report.results for e in ENGINES)
    out = ib.format_independent(report)
    assert "typo twins" in out and "remote sre terrafrom" in out and "SRE Homeoffice" in out


def _report(**ndcgs: tuple[float, float, float]) -> IndependentReport:
    questions = {q.id: q for q in ind.load_questions()}
    results = []
    for qid, (j, b, f) in ndcgs.items():
        q = questions[qid]
        level = 4 if q.level else None
        paid = 0 if qid == "sal-data-engineer-80k-eur" else 9  # nothing to find: none shown meet it
        scores = {
            "jobbot": Scores(j, j, at_level=level, pay_ok=paid if q.pay else 0, hits=10),
            "bm25s": Scores(b, b, at_level=2 if level else None, pay_ok=3 if q.pay else 0, hits=10),
            "fts5": Scores(f, f, at_level=1 if level else None, pay_ok=0, hits=10, unjudged=2),
        }
        results.append(QuestionResult(q, scores, answerable=qid != "sal-data-engineer-80k-eur"))
    return IndependentReport(postings=3, judgments=9, results=tuple(results), verbose=True)


def test_the_numbers_and_the_targets_of_a_hand_made_report() -> None:
    report = _report(
        **{
            "typo-python-developer": (0.9, 0.5, 0.4),
            "typo-pyhton-developer": (0.88, 0.1, 0.0),
            "fr-developpeur-python": (0.5, 0.2, 0.1),
            "sen-staff-ml": (0.6, 0.6, 0.3),
            "sal-sre-150k": (0.7, 0.5, 0.2),
            "sal-data-engineer-80k-eur": (0.0, 0.0, 0.0),
        }
    )
    assert report.mean("jobbot", "ndcg") == pytest.approx((0.9 + 0.88 + 0.5 + 0.6 + 0.7) / 5)
    assert report.mean("bm25s", "p5", "typos") == pytest.approx(0.3)
    assert report.mean("jobbot", "ndcg", "negation") is None
    assert report.seniority_precision("jobbot") == pytest.approx(0.8)
    assert report.seniority_questions() == 1
    assert report.salary_precision("jobbot") == pytest.approx(9 / 20)
    assert report.salary_precision("fts5") == 0.0
    assert report.salary_precision("jobbot", answerable_only=True) == pytest.approx(9 / 10)
    typo, twin = report.twins("typos")[0]
    assert (typo.question.id, twin.question.id) == (
        "typo-pyhton-developer",
        "typo-python-developer",
    )
    met = {name.split(" ")[0]: ok for name, _, ok in ib.targets(report)}
    assert met == {"nDCG@10": True, "P@5": False, "seniority": False, "salary-filter": False,
                   "typos": True, "translations": False}  # fmt: skip
    text = ib.format_independent(report)
    assert "MISS" in text and "PASS" in text
    assert "nothing to find (left out of nDCG@10 and P@5): sal-data-engineer-80k-eur" in text
    assert "unjudged hits in the top 10: jobbot 0, bm25s 0, fts5 12" in text
    assert "pyhton developer" in text and "jobbot -0.020 ok" in text
    assert "jobbot -0.400 MISS" in text  # the translation
    assert "seniority      1" in text and "4/5 2/5 1/5" in text and "9/10 3/10 0/10" in text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_the_judgments_cover_every_question_and_match_the_rules() -> None:
    questions = ind.load_questions()
    judged = read_judgments(ib.JUDGMENTS_FILE)
    assert {q.id for q in questions} == set(judged)
    for q in questions:
        assert set(judged[q.id].values()) <= {0, 1, 2}, q.id
        if q.same_as:
            assert judged[q.id] == judged[q.same_as], q.id  # twins share a pool and a spec
    sample = [(q, doc, g) for q in questions[::9] for doc, g in sorted(judged[q.id].items())[:5]]
    for q, doc, g in sample:  # the file is what the rules give today
        assert ind.grade(read_raw(CORPUS, doc), q) == g, (q.id, doc)


def test_twin_rows_line_up_with_chinese_text() -> None:
    assert ib._pad("远程 后端", 8) == "远程 后 "
    assert ib._pad("python", 8) == "python  "
    assert len(ib._pad("a" * 40, 31)) == 31
