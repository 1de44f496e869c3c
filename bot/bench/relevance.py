"""`jobbot bench relevance`: jobbot, bm25s and SQLite FTS5 on two judged sets, side by side.

`jobbot bench relevance [-v] [--set old|independent|both]` (or `python -m bot.cli bench
relevance`) loads the postings once, builds the three engines on the same postings
(`bot.bench.engines`) and scores each engine's top 10 on:

- the first set (`bot.bench.old_set`: bot/bench/judged/questions.yml, graded by rules over
  jobbot's parsed fields, pooled from jobbot and bm25s): nDCG@10, P@10 and filter precision,
  with its targets (jobbot >= 1.15 x bm25s in nDCG@10, filter precision >= 0.98, every question
  where jobbot trails bm25s by more than 0.2 explained);
- the independent set (`bot.bench.independent` and `bot.bench.independent_bench`:
  bot/bench/judged/independent/, graded from the raw files, pooled from all three engines):
  nDCG@10, P@5, seniority precision@5, salary-filter precision and the typo / language twin
  deltas, with its targets printed PASS / MISS.

jobbot's ranking is what its cards show: the hits, or the suggestions when a filter left nothing.
`--judge` regenerates the judgments of the chosen set(s) first; `--show ID` prints every
engine's top 20 for one question with grades; `--strict` exits 1 when the first set's targets
are missed (the independent set's targets are reported, not enforced). bm25s is a dev
dependency, not a runtime one: it is imported inside the functions.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.bench import independent, independent_bench
from bot.bench.engines import ENGINES, engines_for
from bot.bench.metrics import K, ndcg_at, precision_at
from bot.bench.old_set import (
    DEFAULT_POSTINGS,
    JUDGMENTS_FILE,
    POOL,
    POOL_DEPTH,
    QUESTIONS_FILE,
    TODAY,
    Question,
    grade,
    load_judgments,
    load_questions,
    pool_and_judge,
    question_from_spec,
    satisfies_constraints,
)
from bot.bench.rawposting import is_remote, posted_on, read_raw, stated_pay, title_levels
from index import Posting

__all__ = [
    "DEFAULT_POSTINGS",
    "JUDGMENTS_FILE",
    "QUESTIONS_FILE",
    "EngineScores",
    "Question",
    "QuestionResult",
    "RelevanceReport",
    "format_report",
    "format_side_by_side",
    "grade",
    "load_judgments",
    "load_questions",
    "main",
    "ndcg_at",
    "pool_and_judge",
    "precision_at",
    "question_from_spec",
    "run_relevance_bench",
    "satisfies_constraints",
]

TARGET_RATIO = 1.15  # jobbot's mean nDCG@10 at least this times bm25s's
TARGET_FILTER_PRECISION = 0.98
MAX_DEFICIT = 0.2  # a question where jobbot trails bm25s by more needs a written reason
SETS = ("old", "independent", "both")


# ---------------------------------------------------------------------------- the benchmark


@dataclass(frozen=True, slots=True)
class EngineScores:
    """One engine's numbers, for one question or averaged over all of them."""

    ndcg: float
    p10: float
    filter_ok: int = 0  # top-10 hits satisfying the question's constraints
    filter_hits: int = 0  # top-10 hits of constrained questions
    unjudged: int = 0  # top-10 hits with no judgment (stale judgments: rerun --judge)

    @property
    def filter_precision(self) -> float | None:
        return self.filter_ok / self.filter_hits if self.filter_hits else None


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: Question
    scores: Mapping[str, EngineScores]

    @property
    def deficit(self) -> float:
        """How far jobbot's nDCG@10 trails bm25s's (negative when jobbot leads)."""
        return self.scores["bm25s"].ndcg - self.scores["jobbot"].ndcg

    @property
    def flagged(self) -> bool:
        return self.deficit > MAX_DEFICIT + 1e-9


@dataclass(frozen=True, slots=True)
class RelevanceReport:
    postings: int
    judgments: int
    results: tuple[QuestionResult, ...]
    totals: Mapping[str, EngineScores]
    timings: Mapping[str, float]
    verbose: bool = False

    @property
    def ratio(self) -> float:
        base = self.totals["bm25s"].ndcg
        return self.totals["jobbot"].ndcg / base if base > 0 else math.inf

    @property
    def flagged(self) -> tuple[QuestionResult, ...]:
        return tuple(r for r in self.results if r.flagged)

    @property
    def unexplained(self) -> tuple[QuestionResult, ...]:
        return tuple(r for r in self.flagged if not r.question.note)

    @property
    def targets_met(self) -> bool:
        precision = self.totals["jobbot"].filter_precision
        return (
            self.ratio >= TARGET_RATIO
            and (precision is None or precision >= TARGET_FILTER_PRECISION)
            and not self.unexplained
        )


def _score(
    ranked: Sequence[Posting], question: Question, judged: Mapping[str, int]
) -> EngineScores:
    top = list(ranked)[:K]
    grades = [judged.get(p.id, 0) for p in top]
    ok = sum(1 for p in top if satisfies_constraints(p, question)) if question.constrained else 0
    return EngineScores(
        ndcg=ndcg_at(grades, judged.values()),
        p10=precision_at(grades),
        filter_ok=ok,
        filter_hits=len(top) if question.constrained else 0,
        unjudged=sum(1 for p in top if p.id not in judged),
    )


def _totals(results: Sequence[QuestionResult], engine: str) -> EngineScores:
    scores = [r.scores[engine] for r in results]
    n = max(1, len(scores))
    return EngineScores(
        ndcg=sum(s.ndcg for s in scores) / n,
        p10=sum(s.p10 for s in scores) / n,
        filter_ok=sum(s.filter_ok for s in scores),
        filter_hits=sum(s.filter_hits for s in scores),
        unjudged=sum(s.unjudged for s in scores),
    )


def run_relevance_bench(
    postings_dir: Path | str = DEFAULT_POSTINGS,
    *,
    verbose: bool = False,
    questions_path: Path | str = QUESTIONS_FILE,
    judgments_path: Path | str = JUDGMENTS_FILE,
    engines: Sequence[str] = ENGINES,
) -> RelevanceReport:
    """Every engine, the same postings and questions, one run; engines are built once a process.

    :raises FileNotFoundError: the postings folder does not exist.
    """
    questions = load_questions(questions_path)
    judgments = load_judgments(judgments_path)
    built = engines_for(postings_dir)
    for engine in engines:
        built.build(engine)
    results: list[QuestionResult] = []
    spent = dict.fromkeys(engines, 0.0)
    for question in questions:
        judged = judgments.get(question.id, {})
        scores: dict[str, EngineScores] = {}
        for engine in engines:
            t0 = time.perf_counter()
            ranked = built.ranking(engine, question.text, K, today=TODAY)
            spent[engine] += time.perf_counter() - t0
            scores[engine] = _score(ranked, question, judged)
        results.append(QuestionResult(question, scores))
    n = max(1, len(questions))
    timings = {"load_s": built.load_seconds}
    for engine in engines:
        timings[f"{engine}_build_s"] = built.build_seconds.get(engine, 0.0)
        timings[f"{engine}_query_ms"] = spent[engine] * 1000 / n
    return RelevanceReport(
        postings=len(built.postings),
        judgments=sum(len(v) for v in judgments.values()),
        results=tuple(results),
        totals={engine: _totals(results, engine) for engine in engines},
        timings=timings,
        verbose=verbose,
    )


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:.3f}"


def _engines_of(report: RelevanceReport) -> list[str]:
    return [e for e in ENGINES if e in report.totals]


def format_report(report: RelevanceReport) -> str:
    """The benchmark as text: totals side by side, targets, flagged questions; rows with -v."""
    j, b = report.totals["jobbot"], report.totals["bm25s"]
    names = _engines_of(report)
    others = [report.totals[e] for e in names if e not in ("jobbot", "bm25s")]
    extra = "".join(f"{e:>8}" for e in names if e not in ("jobbot", "bm25s"))
    constrained = sum(1 for r in report.results if r.question.constrained)
    t = report.timings
    ok = "ok" if report.ratio >= TARGET_RATIO else "MISSED"
    precision = j.filter_precision
    fp_ok = "ok" if precision is None or precision >= TARGET_FILTER_PRECISION else "MISSED"
    p_ratio = f"{j.p10 / b.p10:.2f}x" if b.p10 > 0 else "   -"
    builds = " / ".join(f"{e} {t.get(f'{e}_build_s', 0.0):.1f}s" for e in names)
    queries = " / ".join(f"{e} {t.get(f'{e}_query_ms', 0.0):.1f} ms" for e in names)
    lines = [
        f"Relevance: {len(report.results)} questions, {report.postings:,} postings, "
        f"{report.judgments:,} judgments (top {POOL_DEPTH} of {' and '.join(POOL)} pooled)",
        f"load {t['load_s']:.1f}s, build {builds}, query {queries}",
        "",
        f"{'':<18}{'jobbot':>8}{'bm25s':>8}{extra}{'ratio':>8}   target",
        f"{'nDCG@10':<18}{j.ndcg:>8.3f}{b.ndcg:>8.3f}"
        + "".join(f"{o.ndcg:>8.3f}" for o in others)
        + f"{report.ratio:>7.2f}x   >= {TARGET_RATIO:.2f}x  {ok}",
        f"{'P@10':<18}{j.p10:>8.3f}{b.p10:>8.3f}"
        + "".join(f"{o.p10:>8.3f}" for o in others)
        + f"{p_ratio:>8}",
        f"{'filter precision':<18}{_pct(precision):>8}{_pct(b.filter_precision):>8}"
        + "".join(f"{_pct(o.filter_precision):>8}" for o in others)
        + f"{'':>8}   >= {TARGET_FILTER_PRECISION:.2f}   {fp_ok}",
        f"  ({constrained} questions with a remote/place/company constraint; "
        + ", ".join(f"{report.totals[e].filter_hits} {e} hits" for e in names)
        + ")",
    ]
    unjudged = {e: report.totals[e].unjudged for e in names}
    if any(unjudged.values()):
        lines.append(
            f"  unjudged hits in the top {K}: "
            + ", ".join(f"{e} {n}" for e, n in unjudged.items())
            + " (scored 0; "
            + ("fts5 is not pooled on this set; " if "fts5" in unjudged else "")
            + "regenerate with --judge)"
        )
    flagged = report.flagged
    lines += [
        "",
        f"questions where jobbot trails bm25s by more than {MAX_DEFICIT}: {len(flagged)} "
        f"({len(report.unexplained)} without a written reason)",
    ]
    for r in flagged:
        reason = r.question.note or "NO WRITTEN REASON"
        lines.append(
            f"  {r.question.id}: jobbot {r.scores['jobbot'].ndcg:.3f} vs "
            f"bm25s {r.scores['bm25s'].ndcg:.3f} — {reason}"
        )
    if report.verbose:
        lines += ["", _row_header(names)]
        for r in report.results:
            mark = "  !" if r.flagged else ("  +" if r.deficit < -MAX_DEFICIT else "")
            lines.append(_row(r, names) + mark)
        lines.append("  (! jobbot trails bm25s by more than 0.2; + jobbot leads by more than 0.2)")
    lines += ["", "targets met" if report.targets_met else "targets MISSED"]
    return "\n".join(lines)


_INITIAL = {"jobbot": "j", "bm25s": "b", "fts5": "f"}


def _row_header(names: Sequence[str]) -> str:
    cells = [f"{'question':<32}{'filter':<15}"]
    for metric, width in (("nDCG", 7), ("P@10", 6), ("fp", 7)):
        cells += [f"{metric + ' ' + _INITIAL[names[0]]:>{width + 1}}"]
        cells += [f"{_INITIAL[e]:>{width}}" for e in names[1:]]
    return "".join(cells)


def _row(r: QuestionResult, names: Sequence[str]) -> str:
    s = [r.scores[e] for e in names]
    return (
        f"{r.question.id[:31]:<32}{r.question.constraints or '-':<15}"
        + f"{s[0].ndcg:>8.3f}"
        + "".join(f"{x.ndcg:>7.3f}" for x in s[1:])
        + f"{s[0].p10:>7.2f}"
        + "".join(f"{x.p10:>6.2f}" for x in s[1:])
        + f"{_pct(s[0].filter_precision):>8}"
        + "".join(f"{_pct(x.filter_precision):>7}" for x in s[1:])
    )


# ---------------------------------------------------------------------------- both sets


def format_side_by_side(old: RelevanceReport, new: independent_bench.IndependentReport) -> str:
    """The headline numbers of both sets, every engine side by side."""
    names = [e for e in ENGINES if e in old.totals]
    new_names = list(new.engines)

    def cells(values: Sequence[float | None]) -> str:
        return "".join(f"{'-' if v is None else f'{v:.3f}':>8}" for v in values)

    met = sum(ok for _, _, ok in independent_bench.targets(new))
    base = new.mean("bm25s", "ndcg") or 0.0
    ratio = (new.mean("jobbot", "ndcg") or 0.0) / base if base > 0 else math.inf
    width = 8 * len(names) + 4
    lines = [
        f"{'':<28}{'old set: ' + str(len(old.results)) + ' questions':<{width}}"
        f"independent set: {len(new.results)} questions",
        f"{'':<28}"
        + "".join(f"{e:>8}" for e in names)
        + "    "
        + "".join(f"{e:>8}" for e in new_names),
        f"{'nDCG@10':<28}"
        + cells([old.totals[e].ndcg for e in names])
        + "    "
        + cells([new.mean(e, "ndcg") for e in new_names]),
        f"{'P@10 (old) / P@5 (indep.)':<28}"
        + cells([old.totals[e].p10 for e in names])
        + "    "
        + cells([new.mean(e, "p5") for e in new_names]),
        f"{'filter / salary precision':<28}"
        + cells([old.totals[e].filter_precision for e in names])
        + "    "
        + cells([new.salary_precision(e) for e in new_names]),
        f"{'seniority precision@5':<28}{'':<{width}}"
        + cells([new.seniority_precision(e) for e in new_names]),
        f"{'jobbot / bm25s nDCG@10':<28}{f'{old.ratio:.2f}x':>8}{'':<{width - 8}}"
        f"{f'{ratio:.2f}x':>8}",
        f"{'targets':<28}{'met' if old.targets_met else 'MISSED':>8}{'':<{width - 8}}"
        f"{f'{met}/{len(independent_bench.targets(new))} PASS':>8}",
    ]
    return "\n".join(lines)


def _show(postings_dir: Path, question_id: str, out: TextIO) -> None:
    """Every engine's top 20 for one question with grades: for reading titles against the rules."""
    old = next((q for q in load_questions() if q.id == question_id), None)
    new = next((q for q in independent.load_questions() if q.id == question_id), None)
    text = old.text if old is not None else new.text if new is not None else None
    if text is None:
        raise ValueError(f"no question with id {question_id!r}")
    engines = engines_for(postings_dir)
    out.write(f"{question_id}: {text}\n")
    for engine in ENGINES:
        out.write(f"-- {engine}\n")
        for n, p in enumerate(engines.ranking(engine, text, POOL_DEPTH, today=TODAY), 1):
            if old is not None:
                where = "remote" if p.remote else "onsite"
                out.write(
                    f"{n:>3} [{grade(p, old)}] {p.title[:70]} | {p.company[:24]} | "
                    f"{p.location[:30]} | {where} | {p.id}\n"
                )
                continue
            assert new is not None
            raw = read_raw(engines.root, p.id)
            pays = ",".join(f"{x.high // 1000}k {x.currency}" for x in stated_pay(raw.raw_text))
            out.write(
                f"{n:>3} [{independent.grade(raw, new)}] {raw.title[:60]} | "
                f"{'remote' if is_remote(raw) else 'onsite'} | "
                f"{','.join(sorted(title_levels(raw.title))) or '-'} | {posted_on(raw) or '-'} | "
                f"{pays[:30] or '-'} | {p.id}\n"
            )


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """`jobbot bench relevance [-v] [--set S] [--judge] [--show ID] [--postings DIR] [--strict]`."""
    parser = argparse.ArgumentParser(prog="jobbot bench relevance", description=__doc__)
    parser.add_argument("--postings", type=Path, default=DEFAULT_POSTINGS)
    parser.add_argument("-v", "--verbose", action="store_true", help="per class and question")
    parser.add_argument("--set", choices=SETS, default="both", help="which judged set(s)")
    parser.add_argument("--judge", action="store_true", help="regenerate the judgments first")
    parser.add_argument("--show", metavar="ID", help="print every engine's top 20 for a question")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when the first set's targets are missed"
    )
    args = parser.parse_args(argv)
    stream = out if out is not None else sys.stdout
    if not args.postings.is_dir():
        stream.write(f"postings folder not found: {args.postings}\n")
        return 2
    if args.show:
        _show(args.postings, args.show, stream)
        return 0
    old_on, new_on = args.set in ("old", "both"), args.set in ("independent", "both")
    if args.judge:
        for on, judge, path, name in (
            (old_on, pool_and_judge, JUDGMENTS_FILE, "old set"),
            (new_on, independent_bench.pool_and_judge, independent_bench.JUDGMENTS_FILE,
             "independent set"),
        ):  # fmt: skip
            if on:
                counts = judge(args.postings)
                stream.write(
                    f"judged the {name}, {counts['questions']} questions: grade 2: {counts['2']}, "
                    f"grade 1: {counts['1']}, grade 0: {counts['0']} → {path}\n"
                )
        stream.write("\n")
    old = run_relevance_bench(args.postings, verbose=args.verbose) if old_on else None
    new = (
        independent_bench.run_independent_bench(args.postings, verbose=args.verbose)
        if new_on
        else None
    )
    if old is not None and new is not None:
        stream.write(format_side_by_side(old, new) + "\n\n== the old set ==\n")
    if old is not None:
        stream.write(format_report(old) + "\n")
    if new is not None:
        stream.write(("\n== the independent set ==\n" if old else "") + "\n")
        stream.write(independent_bench.format_independent(new) + "\n")
    return 1 if args.strict and old is not None and not old.targets_met else 0


if __name__ == "__main__":
    raise SystemExit(main())
