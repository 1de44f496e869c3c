"""The relevance benchmark's parts: the grading rules, the metrics, the spec and the judgments.

The benchmark itself (both engines on the real corpus) is not a test: `jobbot bench relevance`.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pytest

from bot.bench import relevance as br
from bot.bench.relevance import (
    EngineScores,
    Question,
    QuestionResult,
    RelevanceReport,
    format_report,
    grade,
    ndcg_at,
    precision_at,
    question_from_spec,
)
from index import Posting
from tests.support.paths import CORPUS

REMOTE_PYTHON_BACKEND = question_from_spec(
    {
        "id": "remote-python-backend",
        "text": "remote python backend engineer",
        "role": [["back.?end", "server.side"], "python (?:engineer|developer)"],
        "related": ["full.?stack", "software engineer"],
        "skills": ["python"],
        "remote": True,
    }
)
KUBERNETES = question_from_spec(
    {
        "id": "kubernetes",
        "text": "kubernetes",
        "related": ["devops", "sre", "platform"],
        "skills": ["kubernetes|k8s"],
    }
)
RUST = question_from_spec(
    {
        "id": "rust",
        "text": "rust engineer",
        "role": ["rust"],
        "related": ["software engineer"],
        "skills": ["rust"],
        "skills_required": True,
    }
)


def posting(title: str, **fields: Any) -> Posting:
    return Posting(id=title.lower().replace(" ", "-"), title=title, **fields)


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        (posting("Senior Backend Engineer", remote=True, body="We write Python."), 2),
        (posting("Python Developer", remote=True), 2),
        (posting("Backend Engineers", remote=True, tags=("python",)), 2),
        (posting("Senior Backend Engineer", remote=False, body="We write Python."), 0),
        (posting("Backend Engineer", remote=True, body="We write Go."), 1),
        (posting("Full-Stack Engineer", remote=True, tags=("python", "react")), 1),
        (posting("Full-Stack Engineer", remote=True, body="We write Go."), 0),
        (posting("Product Manager", remote=True, body="Python helps."), 0),
        (posting("Back-end engineer", remote=True, summary="Django and Python"), 2),
    ],
    ids=[
        "role-in-title-skill-in-body",
        "skill-is-in-the-title",
        "plural-role-skill-in-tags",
        "not-remote-is-zero",
        "role-without-the-skill",
        "related-role-with-the-skill",
        "related-role-without-the-skill",
        "unrelated-title-skill-in-body",
        "hyphenated-role-skill-in-summary",
    ],
)
def test_grade_for_a_role_with_a_skill_and_remote(post: Posting, expected: int) -> None:
    assert grade(post, REMOTE_PYTHON_BACKEND) == expected


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        (posting("Kubernetes Engineer"), 2),
        (posting("Backend Engineer", tags=("go", "k8s")), 2),
        (posting("DevOps Engineer", body="We run Kubernetes."), 2),
        (posting("Backend Engineer", body="We run Kubernetes."), 1),
        (posting("Backend Engineer", body="We run Nomad."), 0),
    ],
    ids=["title", "tags", "related-title-body", "body-only", "absent"],
)
def test_grade_for_a_single_word_question(post: Posting, expected: int) -> None:
    assert grade(post, KUBERNETES) == expected


def test_a_required_skill_missing_leaves_the_role_at_zero() -> None:
    assert grade(posting("Rust Engineer"), RUST) == 2
    assert grade(posting("Senior Software Engineer", body="Rust and C"), RUST) == 1
    assert grade(posting("Senior Software Engineer", body="Go only"), RUST) == 0


def test_skills_and_roles_match_whole_words_only() -> None:
    java = question_from_spec(
        {"id": "java", "text": "java developer", "role": ["java"], "skills": ["java"]}
    )
    assert grade(posting("JavaScript Developer", body="javascript"), java) == 0
    assert grade(posting("Java/Kotlin Developer"), java) == 2


def test_place_and_company_constraints_read_the_posting_fields() -> None:
    berlin = question_from_spec(
        {"id": "b", "text": "designer in Berlin", "role": ["designer"], "location": ["berlin"]}
    )
    assert grade(posting("Designer", location="Berlin, Germany"), berlin) == 2
    assert grade(posting("Designer", location="Remote", body="Berlin office"), berlin) == 0
    stripe = question_from_spec({"id": "s", "text": "jobs at Stripe", "company": ["stripe"]})
    assert grade(posting("Anything", company="Stripe"), stripe) == 2
    assert grade(posting("Anything", company="Acme", body="Stripe payments"), stripe) == 0
    assert br.satisfies_constraints(posting("x", company="Stripe"), stripe)


def test_a_title_of_the_opposite_seniority_is_capped_at_one() -> None:
    senior = question_from_spec(
        {"id": "s", "text": "senior react", "role": ["react"], "seniority": "senior"}
    )
    assert grade(posting("Senior React Developer"), senior) == 2
    assert grade(posting("React Developer"), senior) == 2
    assert grade(posting("Junior React Developer"), senior) == 1


def test_ndcg_and_precision_on_a_hand_computed_example() -> None:
    ranked = [2, 0, 1]  # the engine's top 3; the rest of its page is empty
    judged = [2, 2, 1, 0, 0]  # every judgment of the question
    dcg = 2 / math.log2(2) + 0 + 1 / math.log2(4)  # 2.5
    ideal = 2 / math.log2(2) + 2 / math.log2(3) + 1 / math.log2(4)  # 3.7619
    assert ndcg_at(ranked, judged) == pytest.approx(dcg / ideal)
    assert ndcg_at(ranked, judged) == pytest.approx(0.66457, abs=1e-5)
    assert ndcg_at([2, 2, 1], judged) == pytest.approx(1.0)
    assert precision_at(ranked) == pytest.approx(0.2)
    assert precision_at([1] * 12) == pytest.approx(1.0)


def test_ndcg_counts_only_the_first_k_and_is_zero_without_relevant_judgments() -> None:
    assert ndcg_at([0] * 10 + [2], [2]) == 0.0
    assert ndcg_at([2], [0, 0]) == 0.0
    assert ndcg_at([], []) == 0.0


def test_a_spec_with_an_unknown_key_or_a_bad_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        question_from_spec({"id": "x", "text": "x", "skils": ["python"]})
    with pytest.raises(ValueError, match="bad"):
        question_from_spec({"id": "x", "text": "x", "role": ["(unclosed"]})
    with pytest.raises(ValueError, match="seniority"):
        question_from_spec({"id": "x", "text": "x", "seniority": "wizard"})


def test_the_judged_questions_are_many_varied_and_valid() -> None:
    questions = br.load_questions()
    assert len(questions) >= 40
    assert len({q.id for q in questions}) == len(questions)
    assert sum(q.constrained for q in questions) >= 10
    assert sum(len(q.text.split()) == 1 for q in questions) >= 3  # single words
    assert sum(len(q.text.split()) >= 6 for q in questions) >= 3  # plain sentences
    assert all(q.role or q.skills or q.company for q in questions)


def test_the_report_names_each_flagged_question_and_its_reason() -> None:
    def scores(ndcg: float) -> dict[str, EngineScores]:
        return {"jobbot": EngineScores(ndcg, 0.5), "bm25s": EngineScores(ndcg + 0.3, 0.6)}

    explained = Question("explained", "x", note="bm25s reads the body")
    silent = Question("silent", "y")
    report = RelevanceReport(
        postings=3,
        judgments=6,
        results=(QuestionResult(explained, scores(0.5)), QuestionResult(silent, scores(0.4))),
        totals={"jobbot": EngineScores(0.45, 0.5), "bm25s": EngineScores(0.75, 0.6)},
        timings=dict.fromkeys(
            ("load_s", "jobbot_build_s", "bm25s_build_s", "jobbot_query_ms", "bm25s_query_ms"),
            0.0,
        ),
        verbose=True,
    )
    text = format_report(report)
    assert "explained: jobbot 0.500 vs bm25s 0.800 — bm25s reads the body" in text
    assert "silent: jobbot 0.400 vs bm25s 0.700 — NO WRITTEN REASON" in text
    assert "(1 without a written reason)" in text
    assert report.unexplained == (report.results[1],)
    assert not report.targets_met and text.endswith("targets MISSED")


def test_main_says_when_the_postings_folder_is_missing(tmp_path: Path) -> None:
    out = io.StringIO()
    assert br.main(["--postings", str(tmp_path / "nowhere")], out=out) == 2
    assert "not found" in out.getvalue()


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_judgments_cover_every_question_with_grades_zero_one_or_two() -> None:
    questions = br.load_questions()
    judgments = br.load_judgments()
    assert {q.id for q in questions} <= set(judgments)
    for question in questions:
        grades = judgments[question.id].values()
        assert grades and set(grades) <= {0, 1, 2}, question.id


# ------------------------------------------------------------------ three engines, two sets


def _three(ndcg: float, unjudged: int = 0) -> dict[str, EngineScores]:
    return {
        "jobbot": EngineScores(ndcg, 0.5),
        "bm25s": EngineScores(ndcg - 0.1, 0.4),
        "fts5": EngineScores(ndcg - 0.2, 0.3, unjudged=unjudged),
    }


def _old_report() -> RelevanceReport:
    q = Question("remote-x", "remote x", remote=True)
    return RelevanceReport(
        postings=3,
        judgments=6,
        results=(QuestionResult(q, _three(0.6, unjudged=4)),),
        totals=_three(0.6, unjudged=4),
        timings={"load_s": 0.0},
        verbose=True,
    )


def test_the_first_sets_report_shows_fts5_beside_jobbot_and_bm25s() -> None:
    text = format_report(_old_report())
    assert "jobbot   bm25s    fts5   ratio" in text
    assert "   0.600   0.500   0.400" in text
    assert "fts5 4 (scored 0; fts5 is not pooled on this set; regenerate with --judge)" in text
    assert "nDCG j      b      f" in text and "remote-x" in text


def test_both_sets_side_by_side() -> None:
    from bot.bench import independent as ind
    from bot.bench.independent_bench import IndependentReport, Scores
    from bot.bench.independent_bench import QuestionResult as NewResult

    q = next(q for q in ind.load_questions() if q.cls == "salary")
    scores = {e: Scores(0.5, 0.6, pay_ok=5, hits=10) for e in ("jobbot", "bm25s", "fts5")}
    new = IndependentReport(3, 4, (NewResult(q, scores, answerable=True),))
    text = br.format_side_by_side(_old_report(), new)
    assert "old set: 1 questions" in text and "independent set: 1 questions" in text
    assert "salary precision" in text and "0.500" in text
    assert "1.20x" in text and "1.00x" in text
    assert "targets" in text and "PASS" in text


def test_main_knows_the_sets(tmp_path: Path) -> None:
    out = io.StringIO()
    assert br.main(["--set", "independent", "--postings", str(tmp_path / "no")], out=out) == 2
    with pytest.raises(SystemExit):
        br.main(["--set", "third"], out=io.StringIO())
