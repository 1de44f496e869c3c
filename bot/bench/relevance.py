"""The relevance benchmark: jobbot next to bm25s on judged questions (nDCG@10, P@10, filters).

`jobbot bench relevance [-v]` (or `python -m bot.bench_relevance [-v]`) loads the postings once,
builds both engines on the same postings, asks every question of `bot/bench/judged/questions.yml`
and scores each engine's top 10 against `bot/bench/judged/judgments.jsonl`:

- nDCG@10: graded gains (0/1/2), discount 1/log2(rank + 1), the ideal ranking built from every
  judged posting of the question; unjudged hits count as 0.
- P@10: the share of the top 10 with grade >= 1 (a short list is not rewarded: divided by 10).
- filter precision: over the questions with a remote / place / company constraint, the share of
  the top-10 hits whose own fields satisfy it (`posting.remote`, location, company text).

jobbot's ranking is what its cards show: the hits, or the suggestions when a filter left nothing.

`--judge` regenerates the judgments by pooling the top 20 of both engines for every question and
grading each pooled posting with `grade`: explicit rules over the posting's fields, written down in
`bot/bench/judged/RULES.md`, so judgments can be regenerated after a ranking change without
hand-work. bm25s is a dev dependency, not a runtime one: it is imported inside the functions.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import yaml

from index import Posting, SearchIndex, load_postings, parse_query

__all__ = [
    "DEFAULT_POSTINGS",
    "JUDGMENTS_FILE",
    "QUESTIONS_FILE",
    "EngineScores",
    "Question",
    "QuestionResult",
    "RelevanceReport",
    "format_report",
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

RELEVANCE_DIR = Path(__file__).resolve().parent / "judged"
QUESTIONS_FILE = RELEVANCE_DIR / "questions.yml"
JUDGMENTS_FILE = RELEVANCE_DIR / "judgments.jsonl"
DEFAULT_POSTINGS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "postings"
"""The shared corpus beside the repository (`../shared/corpus/postings`)."""

K = 10  # the page that is scored
POOL_DEPTH = 20  # how deep each engine's ranking is pooled for judging
TODAY = date(2026, 6, 1)  # fixed, so "this week" questions and the numbers are reproducible
TARGET_RATIO = 1.15  # jobbot's mean nDCG@10 at least this times bm25s's
TARGET_FILTER_PRECISION = 0.98
MAX_DEFICIT = 0.2  # a question where jobbot trails bm25s by more needs a written reason
ENGINES = ("jobbot", "bm25s")
_SPEC_KEYS = frozenset(
    {"id", "text", "role", "related", "skills", "skills_required", "remote", "location",
     "company", "seniority", "note"}
)  # fmt: skip
_LEVEL_WORDS = {
    # The asked level → title words naming the opposite level (they cap the grade at 1).
    "senior": r"junior|jr|entry.level|intern|internship|graduate|new grad|associate",
    "junior": r"senior|sr|staff|principal|lead|head|director|manager|architect|vp",
}
_COMBINING = re.compile(r"[\u0300-\u036f]")


# ---------------------------------------------------------------------------- questions


@dataclass(frozen=True, slots=True)
class Question:
    """A judged question and the rule spec its postings are graded by (see RULES.md)."""

    id: str
    text: str
    role: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    skills_required: bool = False
    remote: bool | None = None
    location: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    seniority: str | None = None
    note: str = ""

    @property
    def constrained(self) -> bool:
        """Asks for remote, a place or a company: counted by filter precision."""
        return bool(self.remote is not None or self.location or self.company)

    @property
    def constraints(self) -> str:
        """A short label of the constraints ("remote+place"), empty when there are none."""
        parts = [
            name
            for name, on in (
                ("remote", self.remote is not None),
                ("place", bool(self.location)),
                ("company", bool(self.company)),
            )
            if on
        ]
        return "+".join(parts)


def _flatten(value: object) -> tuple[str, ...]:
    """Patterns from a YAML value: a string, or lists of strings nested by anchors."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(p for item in value for p in _flatten(item))
    raise ValueError(f"expected a pattern or a list of patterns, got {value!r}")


def question_from_spec(spec: Mapping[str, Any]) -> Question:
    """A `Question` from one entry of questions.yml; patterns are checked to compile.

    :raises ValueError: a missing id/text, an unknown key, a bad seniority or a bad regex.
    """
    qid = str(spec.get("id") or "").strip()
    text = str(spec.get("text") or "").strip()
    if not qid or not text:
        raise ValueError(f"a question needs an id and a text: {dict(spec)!r}")
    unknown = sorted(set(spec) - _SPEC_KEYS)
    if unknown:
        raise ValueError(f"question {qid}: unknown keys {unknown}")
    seniority = spec.get("seniority")
    if seniority is not None and seniority not in _LEVEL_WORDS:
        raise ValueError(f"question {qid}: seniority must be one of {sorted(_LEVEL_WORDS)}")
    remote = spec.get("remote")
    question = Question(
        id=qid,
        text=text,
        role=_flatten(spec.get("role")),
        related=_flatten(spec.get("related")),
        skills=_flatten(spec.get("skills")),
        skills_required=bool(spec.get("skills_required", False)),
        remote=None if remote is None else bool(remote),
        location=_flatten(spec.get("location")),
        company=_flatten(spec.get("company")),
        seniority=seniority,
        note=str(spec.get("note") or "").strip(),
    )
    for patterns in (question.role, question.related, question.location, question.company):
        try:
            _pattern(patterns)
        except re.error as exc:
            raise ValueError(f"question {qid}: bad pattern in {patterns!r}: {exc}") from None
    for skill in question.skills:
        try:
            _pattern((skill,))
        except re.error as exc:
            raise ValueError(f"question {qid}: bad skill pattern {skill!r}: {exc}") from None
    return question


def load_questions(path: Path | str = QUESTIONS_FILE) -> list[Question]:
    """The judged questions, in file order.

    :raises ValueError: a malformed file, a bad spec or a repeated id.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise ValueError(f"{path}: expected a mapping with a 'questions' list")
    questions = [question_from_spec(spec) for spec in data["questions"]]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise ValueError(f"{path}: question id {q.id!r} appears twice")
        seen.add(q.id)
    return questions


# ---------------------------------------------------------------------------- grading


def _fold(text: str) -> str:
    """Case- and accent-folded text (the grader's own, independent of the engines' tokenizer)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    return unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFKD", text)))


@lru_cache(maxsize=4096)
def _pattern(alternatives: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for alternatives matched as whole words (no letter or digit touching an end).

    A plural "s" may follow any alternative ("Sales Engineers", "PMs", "DevRels").
    """
    if not alternatives:
        return None
    body = "|".join(f"(?:{a})" for a in alternatives)
    return re.compile(rf"(?<![a-z0-9])(?:{body})s?(?![a-z0-9])")


def _matches(alternatives: tuple[str, ...], text: str) -> bool:
    pattern = _pattern(alternatives)
    return pattern is not None and pattern.search(text) is not None


def satisfies_constraints(posting: Posting, question: Question) -> bool:
    """Remote, place and company constraints, read from the posting's own fields only."""
    if question.remote is not None and posting.remote != question.remote:
        return False
    if question.location and not _matches(question.location, _fold(posting.location)):
        return False
    return not (question.company and not _matches(question.company, _fold(posting.company)))


def grade(posting: Posting, question: Question) -> int:
    """0, 1 or 2 by the written rules of bot/bench/judged/RULES.md (pure: same input, same grade).

    Constraints first (a broken one is 0). With a role: 2 = the title names the role and every
    skill is in title/tags/body; 1 = the role without the skills (unless `skills_required`, when
    at least one skill must be there), or a related role with every skill. Without a role: 2 =
    every skill in title/tags, or a related title with the skills in the body; 1 = the skills only
    in the body. A title naming the opposite seniority caps the grade at 1.
    """
    if not satisfies_constraints(posting, question):
        return 0
    title = _fold(posting.title)
    head = "\n".join([title, *(_fold(t) for t in posting.tags)])
    text = "\n".join([head, _fold(posting.summary), _fold(posting.body)])
    found = [_matches((skill,), text) for skill in question.skills]
    skills_all = all(found)
    skills_any = any(found)
    skills_head = all(_matches((skill,), head) for skill in question.skills)
    related = _matches(question.related, title)
    if question.role:
        role = _matches(question.role, title)
        if role and skills_all:
            result = 2
        elif (role and (not question.skills_required or skills_any)) or (related and skills_all):
            result = 1
        else:
            result = 0
    elif skills_head or (related and skills_all):
        result = 2
    else:
        result = 1 if skills_all else 0
    if result == 2 and question.seniority and _matches((_LEVEL_WORDS[question.seniority],), title):
        result = 1
    return result


# ---------------------------------------------------------------------------- metrics


def _dcg(grades: Sequence[int]) -> float:
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(grades, 1))


def ndcg_at(ranked: Sequence[int], judged: Iterable[int], k: int = K) -> float:
    """nDCG@k of a ranking's grades against the ideal order of every judged grade (0 if none)."""
    ideal = _dcg(sorted(judged, reverse=True)[:k])
    return _dcg(list(ranked)[:k]) / ideal if ideal > 0 else 0.0


def precision_at(ranked: Sequence[int], k: int = K) -> float:
    """Share of the first k places holding a relevant (grade >= 1) posting; empty places miss."""
    return sum(1 for g in list(ranked)[:k] if g >= 1) / k


# ---------------------------------------------------------------------------- engines


@dataclass
class _Engines:
    """Both engines over the same postings, built once per process and folder."""

    root: Path
    postings: tuple[Posting, ...]
    load_seconds: float
    by_id: dict[str, Posting] = field(default_factory=dict)
    jobbot: SearchIndex | None = None
    bm25: Any = None
    bm25_build_seconds: float = 0.0

    def jobbot_index(self) -> SearchIndex:
        if self.jobbot is None:
            self.jobbot = SearchIndex.build(self.postings, root=str(self.root))
        return self.jobbot

    def bm25s_retriever(self) -> Any:
        if self.bm25 is None:
            import bm25s  # a dev dependency: only the benchmark needs it

            started = time.perf_counter()
            tokens = bm25s.tokenize(
                [_bm25_text(p) for p in self.postings], stopwords="en", show_progress=False
            )
            retriever = bm25s.BM25()
            retriever.index(tokens, show_progress=False)
            self.bm25 = retriever
            self.bm25_build_seconds = time.perf_counter() - started
        return self.bm25

    def ranking(self, engine: str, question: Question, k: int) -> list[Posting]:
        if engine == "jobbot":
            result = self.jobbot_index().search(parse_query(question.text, today=TODAY), limit=k)
            # What the cards show: when a filter leaves nothing, the closest matches without it.
            # Hits carry compact records without bodies; grade the full posting.
            return [self.by_id[hit.posting.id] for hit in result.hits or result.suggestions]
        if engine == "bm25s":
            return self._bm25s_ranking(question.text, k)
        raise ValueError(f"unknown engine {engine!r}")

    def _bm25s_ranking(self, text: str, k: int) -> list[Posting]:
        import bm25s

        retriever = self.bm25s_retriever()
        tokens = bm25s.tokenize(text, stopwords="en", return_ids=False, show_progress=False)
        known = [t for t in tokens[0] if t in retriever.vocab_dict] if tokens else []
        if not known:
            return []
        docs, scores = retriever.retrieve(
            [known], k=min(k, len(self.postings)), show_progress=False
        )
        return [
            self.postings[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if float(s) > 0
        ]


def _bm25_text(posting: Posting) -> str:
    """What bm25s indexes: the same fields jobbot reads (title, tags, company, location, body)."""
    return "\n".join(
        [posting.title, " ".join(posting.tags), posting.company, posting.location, posting.body]
    )


_ENGINES: dict[Path, _Engines] = {}


def _engines(postings_dir: Path | str) -> _Engines:
    root = Path(postings_dir).resolve()
    engines = _ENGINES.get(root)
    if engines is None:
        started = time.perf_counter()
        report = load_postings(root)
        postings = report.postings
        engines = _Engines(
            root, postings, time.perf_counter() - started, {p.id: p for p in postings}
        )
        _ENGINES[root] = engines
    return engines


# ---------------------------------------------------------------------------- judging


def load_judgments(path: Path | str = JUDGMENTS_FILE) -> dict[str, dict[str, int]]:
    """question id → posting id → grade, from the JSON-lines file (missing file: empty)."""
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


def pool_and_judge(
    postings_dir: Path | str = DEFAULT_POSTINGS,
    *,
    questions_path: Path | str = QUESTIONS_FILE,
    judgments_path: Path | str = JUDGMENTS_FILE,
    depth: int = POOL_DEPTH,
) -> dict[str, int]:
    """Regenerate the judgments: grade the union of both engines' top `depth` for each question.

    Returns how many judgments each grade got ({"0": n, "1": n, "2": n, "questions": n}).
    """
    questions = load_questions(questions_path)
    engines = _engines(postings_dir)
    lines: list[str] = []
    counts = {"0": 0, "1": 0, "2": 0, "questions": len(questions)}
    for question in questions:
        pooled: dict[str, Posting] = {}
        for engine in ENGINES:
            for posting in engines.ranking(engine, question, depth):
                pooled.setdefault(posting.id, posting)
        for doc in sorted(pooled):
            g = grade(pooled[doc], question)
            counts[str(g)] += 1
            lines.append(json.dumps({"q": question.id, "doc": doc, "grade": g}, ensure_ascii=False))
    Path(judgments_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


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
) -> RelevanceReport:
    """Both engines, the same postings and questions, one run; engines are built once a process.

    :raises FileNotFoundError: the postings folder does not exist.
    """
    questions = load_questions(questions_path)
    judgments = load_judgments(judgments_path)
    engines = _engines(postings_dir)
    jobbot_build = engines.jobbot_index().build_seconds
    engines.bm25s_retriever()
    results: list[QuestionResult] = []
    spent = dict.fromkeys(ENGINES, 0.0)
    for question in questions:
        judged = judgments.get(question.id, {})
        scores: dict[str, EngineScores] = {}
        for engine in ENGINES:
            t0 = time.perf_counter()
            ranked = engines.ranking(engine, question, K)
            spent[engine] += time.perf_counter() - t0
            scores[engine] = _score(ranked, question, judged)
        results.append(QuestionResult(question, scores))
    n = max(1, len(questions))
    return RelevanceReport(
        postings=len(engines.postings),
        judgments=sum(len(v) for v in judgments.values()),
        results=tuple(results),
        totals={engine: _totals(results, engine) for engine in ENGINES},
        timings={
            "load_s": engines.load_seconds,
            "jobbot_build_s": jobbot_build,
            "bm25s_build_s": engines.bm25_build_seconds,
            "jobbot_query_ms": spent["jobbot"] * 1000 / n,
            "bm25s_query_ms": spent["bm25s"] * 1000 / n,
        },
        verbose=verbose,
    )


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:.3f}"


def format_report(report: RelevanceReport) -> str:
    """The benchmark as text: totals side by side, targets, flagged questions; rows with -v."""
    j, b = report.totals["jobbot"], report.totals["bm25s"]
    constrained = sum(1 for r in report.results if r.question.constrained)
    t = report.timings
    ok = "ok" if report.ratio >= TARGET_RATIO else "MISSED"
    precision = j.filter_precision
    fp_ok = "ok" if precision is None or precision >= TARGET_FILTER_PRECISION else "MISSED"
    p_ratio = f"{j.p10 / b.p10:.2f}x" if b.p10 > 0 else "   -"
    lines = [
        f"Relevance: {len(report.results)} questions, {report.postings:,} postings, "
        f"{report.judgments:,} judgments (top {POOL_DEPTH} of each engine pooled)",
        f"load {t['load_s']:.1f}s, build jobbot {t['jobbot_build_s']:.1f}s / "
        f"bm25s {t['bm25s_build_s']:.1f}s, query jobbot {t['jobbot_query_ms']:.1f} ms / "
        f"bm25s {t['bm25s_query_ms']:.1f} ms",
        "",
        f"{'':<18}{'jobbot':>8}{'bm25s':>8}{'ratio':>8}   target",
        f"{'nDCG@10':<18}{j.ndcg:>8.3f}{b.ndcg:>8.3f}{report.ratio:>7.2f}x   "
        f">= {TARGET_RATIO:.2f}x  {ok}",
        f"{'P@10':<18}{j.p10:>8.3f}{b.p10:>8.3f}{p_ratio:>8}",
        f"{'filter precision':<18}{_pct(precision):>8}{_pct(b.filter_precision):>8}{'':>8}   "
        f">= {TARGET_FILTER_PRECISION:.2f}   {fp_ok}",
        f"  ({constrained} questions with a remote/place/company constraint; "
        f"{j.filter_hits} jobbot hits, {b.filter_hits} bm25s hits)",
    ]
    if j.unjudged or b.unjudged:
        lines.append(
            f"  unjudged hits in the top {K}: jobbot {j.unjudged}, bm25s {b.unjudged} "
            "(scored 0; regenerate with --judge)"
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
        lines += [
            "",
            f"{'question':<32}{'filter':<15}{'nDCG j':>7}{'b':>7}{'P@10 j':>8}{'b':>6}"
            f"{'fp j':>7}{'b':>7}",
        ]
        for r in report.results:
            sj, sb = r.scores["jobbot"], r.scores["bm25s"]
            mark = "  !" if r.flagged else ("  +" if r.deficit < -MAX_DEFICIT else "")
            lines.append(
                f"{r.question.id[:31]:<32}{r.question.constraints or '-':<15}"
                f"{sj.ndcg:>7.3f}{sb.ndcg:>7.3f}{sj.p10:>8.2f}{sb.p10:>6.2f}"
                f"{_pct(sj.filter_precision):>7}{_pct(sb.filter_precision):>7}{mark}"
            )
        lines.append("  (! jobbot trails bm25s by more than 0.2; + jobbot leads by more than 0.2)")
    lines += ["", "targets met" if report.targets_met else "targets MISSED"]
    return "\n".join(lines)


def _show(postings_dir: Path, question_id: str, out: TextIO) -> None:
    """Both engines' top 20 for one question with grades: for reading titles against the rules."""
    question = next((q for q in load_questions() if q.id == question_id), None)
    if question is None:
        raise ValueError(f"no question with id {question_id!r}")
    engines = _engines(postings_dir)
    out.write(f"{question.id}: {question.text}\n")
    for engine in ENGINES:
        out.write(f"-- {engine}\n")
        for n, p in enumerate(engines.ranking(engine, question, POOL_DEPTH), 1):
            where = "remote" if p.remote else "onsite"
            out.write(
                f"{n:>3} [{grade(p, question)}] {p.title[:70]} | {p.company[:24]} | "
                f"{p.location[:30]} | {where} | {p.id}\n"
            )


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """`python -m bot.bench_relevance [-v] [--judge] [--show ID] [--postings DIR] [--strict]`."""
    parser = argparse.ArgumentParser(prog="jobbot bench relevance", description=__doc__)
    parser.add_argument("--postings", type=Path, default=DEFAULT_POSTINGS)
    parser.add_argument("-v", "--verbose", action="store_true", help="one row per question")
    parser.add_argument("--judge", action="store_true", help="regenerate judgments.jsonl first")
    parser.add_argument("--show", metavar="ID", help="print both engines' top 20 for a question")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    stream = out if out is not None else sys.stdout
    if not args.postings.is_dir():
        stream.write(f"postings folder not found: {args.postings}\n")
        return 2
    if args.show:
        _show(args.postings, args.show, stream)
        return 0
    if args.judge:
        counts = pool_and_judge(args.postings)
        stream.write(
            f"judged {counts['questions']} questions: grade 2: {counts['2']}, "
            f"grade 1: {counts['1']}, grade 0: {counts['0']} → {JUDGMENTS_FILE}\n\n"
        )
    report = run_relevance_bench(args.postings, verbose=args.verbose)
    stream.write(format_report(report) + "\n")
    return 1 if args.strict and not report.targets_met else 0


if __name__ == "__main__":
    raise SystemExit(main())
