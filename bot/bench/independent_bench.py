"""The benchmark on the independent judged set: pooling, every engine's scores, the report.

`pool_and_judge` grades the union of the top 20 of jobbot, bm25s and FTS5 for every question —
one pool per twin group, so a typo or a translation and its English twin are measured against
the same ideal — with `bot.bench.independent.grade` over the raw files. `run_independent_bench`
scores each engine's top 10: nDCG@10, P@5, seniority precision@5, salary-filter precision and
the twin deltas, and `format_independent` prints them with the set's targets (PASS / MISS,
never enforced). The rules and metrics are in bot/bench/judged/independent/RULES.md.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.bench.engines import ENGINES, engines_for
from bot.bench.independent import (
    CLASSES,
    INDEPENDENT_DIR,
    QUESTIONS_FILE,
    Question,
    facts,
    grade,
    load_questions,
    pay_ok,
)
from bot.bench.metrics import K, ndcg_at, precision_at, read_judgments, write_judgments
from bot.bench.rawposting import TODAY, RawPosting, read_raw, title_levels
from index import Posting

__all__ = [
    "JUDGMENTS_FILE",
    "IndependentReport",
    "QuestionResult",
    "Scores",
    "format_independent",
    "pool_and_judge",
    "run_independent_bench",
    "targets",
]

JUDGMENTS_FILE = INDEPENDENT_DIR / "judgments.jsonl"
POOL_DEPTH = 20
P_AT = 5  # P@5 and seniority precision@5
MIN_AT_LEVEL = 5  # judged postings at the asked level for a question to count in seniority P@5
TARGET_RATIO = 1.30
TARGET_P5 = 0.90
TARGET_SENIORITY = 0.9
TARGET_SALARY = 1.0
TYPO_GAP = 0.05
LANGUAGE_GAP = 0.15


def _reader(root: Path) -> Callable[[str], RawPosting]:
    cache: dict[str, RawPosting] = {}

    def raw(doc: str) -> RawPosting:
        if doc not in cache:
            cache[doc] = read_raw(root, doc)
        return cache[doc]

    return raw


def pool_and_judge(
    postings_dir: Path | str,
    *,
    questions_path: Path | str = QUESTIONS_FILE,
    judgments_path: Path | str = JUDGMENTS_FILE,
    depth: int = POOL_DEPTH,
) -> dict[str, int]:
    """Regenerate the judgments (same postings and questions: the same file).

    Returns how many judgments each grade got ({"0": n, "1": n, "2": n, "questions": n}).
    """
    questions = load_questions(questions_path)
    engines = engines_for(postings_dir)
    raw = _reader(engines.root)
    pools: dict[str, set[str]] = {}
    for q in questions:  # a twin group's pool: every member's top `depth` of every engine
        pool = pools.setdefault(q.same_as or q.id, set())
        for engine in ENGINES:
            pool.update(p.id for p in engines.ranking(engine, q.text, depth, today=TODAY))
    rows: list[dict[str, Any]] = []
    counts = {"0": 0, "1": 0, "2": 0, "questions": len(questions)}
    for q in questions:
        for doc in sorted(pools[q.same_as or q.id]):
            posting = raw(doc)
            g = grade(posting, q)
            counts[str(g)] += 1
            rows.append({"q": q.id, "doc": doc, "grade": g, **facts(posting, q)})
    write_judgments(judgments_path, rows)
    return counts


# ---------------------------------------------------------------------------- scores


@dataclass(frozen=True, slots=True)
class Scores:
    """One engine's numbers for one question."""

    ndcg: float
    p5: float
    at_level: int | None = None  # of the first P_AT places, at the asked level (counted only)
    pay_ok: int = 0  # top-10 hits whose stated pay meets the ask (salary questions)
    hits: int = 0  # top-10 hits shown
    unjudged: int = 0


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: Question
    scores: Mapping[str, Scores]
    answerable: bool  # some judged posting has grade >= 1

    def ndcg(self, engine: str) -> float:
        return self.scores[engine].ndcg


@dataclass(frozen=True, slots=True)
class IndependentReport:
    postings: int
    judgments: int
    results: tuple[QuestionResult, ...]
    engines: tuple[str, ...] = ENGINES
    query_ms: Mapping[str, float] | None = None
    verbose: bool = False

    def of(self, question_id: str) -> QuestionResult:
        return next(r for r in self.results if r.question.id == question_id)

    def mean(self, engine: str, metric: str, cls: str | None = None) -> float | None:
        """Mean nDCG@10 or P@5 over the answerable questions (of one class)."""
        values = [
            getattr(r.scores[engine], metric)
            for r in self.results
            if r.answerable and (cls is None or r.question.cls == cls)
        ]
        return sum(values) / len(values) if values else None

    def seniority_precision(self, engine: str) -> float | None:
        counted = [r.scores[engine].at_level for r in self.results]
        places = [n for n in counted if n is not None]
        return sum(places) / (P_AT * len(places)) if places else None

    def seniority_questions(self) -> int:
        return sum(1 for r in self.results if r.scores[self.engines[0]].at_level is not None)

    def salary_precision(self, engine: str, *, answerable_only: bool = False) -> float | None:
        """The target's measure (RULES.md: every salary question counts); `answerable_only`
        leaves out those with nothing to find, an aside the report prints under it."""
        salary = [
            r.scores[engine]
            for r in self.results
            if r.question.pay is not None and (r.answerable or not answerable_only)
        ]
        hits = sum(s.hits for s in salary)
        return sum(s.pay_ok for s in salary) / hits if hits else None

    def twins(self, cls: str) -> list[tuple[QuestionResult, QuestionResult]]:
        """(question, its twin) for every misspelt question (typos) or translation (languages)."""
        return [
            (r, self.of(r.question.same_as))
            for r in self.results
            if r.question.cls == cls and r.question.same_as
        ]


def _score(
    ranked: Sequence[Posting],
    question: Question,
    judged: Mapping[str, int],
    raw: Callable[[str], RawPosting],
    level_counted: bool,
) -> Scores:
    top = list(ranked)[:K]
    grades = [judged.get(p.id, 0) for p in top]
    at_level = None
    if level_counted:
        at_level = sum(1 for p in top[:P_AT] if question.level in title_levels(raw(p.id).title))
    return Scores(
        ndcg=ndcg_at(grades, judged.values()),
        p5=precision_at(grades, P_AT),
        at_level=at_level,
        pay_ok=sum(1 for p in top if pay_ok(raw(p.id), question)) if question.pay else 0,
        hits=len(top),
        unjudged=sum(1 for p in top if p.id not in judged),
    )


def run_independent_bench(
    postings_dir: Path | str,
    *,
    verbose: bool = False,
    questions_path: Path | str = QUESTIONS_FILE,
    judgments_path: Path | str = JUDGMENTS_FILE,
) -> IndependentReport:
    """Every engine on every question of the set, scored against the judgments.

    :raises FileNotFoundError: the postings folder does not exist.
    """
    questions = load_questions(questions_path)
    judgments = read_judgments(judgments_path)
    engines = engines_for(postings_dir)
    raw = _reader(engines.root)
    for engine in ENGINES:
        engines.build(engine)
    spent = dict.fromkeys(ENGINES, 0.0)
    results = []
    for q in questions:
        judged = judgments.get(q.id, {})
        level_counted = q.level is not None and (
            sum(1 for doc in judged if q.level in title_levels(raw(doc).title)) >= MIN_AT_LEVEL
        )
        scores = {}
        for engine in ENGINES:
            started = time.perf_counter()
            ranked = engines.ranking(engine, q.text, K, today=TODAY)
            spent[engine] += time.perf_counter() - started
            scores[engine] = _score(ranked, q, judged, raw, level_counted)
        results.append(QuestionResult(q, scores, any(g >= 1 for g in judged.values())))
    n = max(1, len(questions))
    return IndependentReport(
        postings=len(engines.postings),
        judgments=sum(len(v) for v in judgments.values()),
        results=tuple(results),
        query_ms={e: spent[e] * 1000 / n for e in ENGINES},
        verbose=verbose,
    )


# ---------------------------------------------------------------------------- the report


def targets(report: IndependentReport) -> list[tuple[str, str, bool]]:
    """(name, jobbot's value against the target, met) for each of the set's targets."""
    ndcg_j, ndcg_b = report.mean("jobbot", "ndcg") or 0.0, report.mean("bm25s", "ndcg") or 0.0
    ratio = ndcg_j / ndcg_b if ndcg_b > 0 else float("inf")
    p5 = report.mean("jobbot", "p5") or 0.0
    seniority = report.seniority_precision("jobbot")
    salary = report.salary_precision("jobbot")
    typos = report.twins("typos")
    languages = report.twins("languages")
    typos_ok = sum(1 for q, t in typos if abs(q.ndcg("jobbot") - t.ndcg("jobbot")) <= TYPO_GAP)
    lang_ok = sum(
        1 for q, t in languages if abs(q.ndcg("jobbot") - t.ndcg("jobbot")) <= LANGUAGE_GAP
    )
    return [
        (f"nDCG@10 >= {TARGET_RATIO:.2f} x bm25s", f"{ratio:.2f}x", ratio >= TARGET_RATIO),
        (f"P@5 >= {TARGET_P5:.2f}", f"{p5:.3f}", p5 >= TARGET_P5),
        (
            f"seniority precision@5 >= {TARGET_SENIORITY:.2f}",
            _num(seniority),
            seniority is None or seniority >= TARGET_SENIORITY,
        ),
        (
            f"salary-filter precision = {TARGET_SALARY:.2f}",
            _num(salary),
            salary is None or salary >= TARGET_SALARY - 1e-9,
        ),
        (
            f"typos within {TYPO_GAP} of their twin",
            f"{typos_ok}/{len(typos)}",
            typos_ok == len(typos),
        ),
        (
            f"translations within {LANGUAGE_GAP} of their twin",
            f"{lang_ok}/{len(languages)}",
            lang_ok == len(languages),
        ),
    ]


def _pad(text: str, width: int) -> str:
    """`text` cut and padded to `width` columns, a wide (CJK) character taking two."""
    out, used = "", 0
    for char in text:
        size = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + size > width - 1:
            break
        out, used = out + char, used + size
    return out + " " * (width - used)


def _num(value: float | None) -> str:
    return "    -" if value is None else f"{value:.3f}"


def _cells(values: Sequence[float | None], width: int = 8) -> str:
    return "".join(f"{_num(v):>{width}}" for v in values)


def format_independent(report: IndependentReport) -> str:
    """The set's numbers per engine, its targets, the twin deltas; classes and rows with -v."""
    names = report.engines
    answerable = sum(r.answerable for r in report.results)
    lines = [
        f"Independent set: {len(report.results)} questions ({answerable} with a posting to find), "
        f"{report.postings:,} postings, {report.judgments:,} judgments (top {POOL_DEPTH} of "
        f"{', '.join(names)} pooled; twins share a pool)",
    ]
    if report.query_ms:
        lines.append("query " + " / ".join(f"{e} {report.query_ms[e]:.1f} ms" for e in names))
    lines += [
        "",
        f"{'':<26}" + "".join(f"{e:>8}" for e in names),
        f"{'nDCG@10':<26}" + _cells([report.mean(e, "ndcg") for e in names]),
        f"{'P@5':<26}" + _cells([report.mean(e, "p5") for e in names]),
        f"{'seniority precision@5':<26}"
        + _cells([report.seniority_precision(e) for e in names])
        + f"   ({report.seniority_questions()} questions with >= {MIN_AT_LEVEL} judged at "
        "the level)",
        f"{'salary-filter precision':<26}"
        + _cells([report.salary_precision(e) for e in names])
        + "   (top-10 hits of the salary questions)",
        f"{'  of those with a match':<26}"
        + _cells([report.salary_precision(e, answerable_only=True) for e in names])
        + "   (an aside: the salary questions with something to find)",
    ]
    unjudged = {e: sum(r.scores[e].unjudged for r in report.results) for e in names}
    if any(unjudged.values()):
        lines.append(
            f"  unjudged hits in the top {K}: "
            + ", ".join(f"{e} {n}" for e, n in unjudged.items())
            + " (scored 0; regenerate with --judge --set independent)"
        )
    empty = [r.question.id for r in report.results if not r.answerable]
    if empty:
        lines.append(f"  nothing to find (left out of nDCG@10 and P@5): {', '.join(empty)}")
    lines += ["", "targets (jobbot):"]
    for name, value, met in targets(report):
        lines.append(f"  {name:<40}{value:>8}   {'PASS' if met else 'MISS'}")
    for cls, gap, title in (
        ("typos", TYPO_GAP, "typo twins"),
        ("languages", LANGUAGE_GAP, "language twins"),
    ):
        lines += ["", f"{title}: nDCG@10 of the question / of its twin, per engine"]
        for q, t in report.twins(cls):
            cells = "".join(f"  {q.ndcg(e):.3f}/{t.ndcg(e):.3f}" for e in names)
            delta = q.ndcg("jobbot") - t.ndcg("jobbot")
            mark = "ok" if abs(delta) <= gap else "MISS"
            lines.append(
                f"  {_pad(q.question.text, 31)}{t.question.id[:26]:<27}{cells}"
                f"  jobbot {delta:+.3f} {mark}"
            )
    if report.verbose:
        lines += _verbose(report)
    return "\n".join(lines)


def _verbose(report: IndependentReport) -> list[str]:
    names = report.engines
    head = "".join(f"{e[:6]:>7}" for e in names)
    lines = ["", f"{'class':<12}{'n':>4}   nDCG@10{head}   P@5{head}"]
    for cls in CLASSES:
        n = sum(1 for r in report.results if r.question.cls == cls)
        lines.append(
            f"{cls:<12}{n:>4}          "
            + _cells([report.mean(e, "ndcg", cls) for e in names], 7)
            + "      "
            + _cells([report.mean(e, "p5", cls) for e in names], 7)
        )
    lines += ["", f"{'question':<34}{'class':<11}nDCG@10{head}   P@5{head}   lvl@5 / pay"]
    for r in report.results:
        s = [r.scores[e] for e in names]
        extra = ""
        if r.question.level is not None:
            extra = " ".join("-" if x.at_level is None else f"{x.at_level}/{P_AT}" for x in s)
        elif r.question.pay is not None:
            extra = " ".join(f"{x.pay_ok}/{x.hits}" for x in s)
        lines.append(
            f"{r.question.id[:33]:<34}{r.question.cls:<11}       "
            + _cells([x.ndcg for x in s], 7)
            + "      "
            + _cells([x.p5 for x in s], 7)
            + f"   {extra}"
            + ("" if r.answerable else "   (nothing to find)")
        )
    return lines
