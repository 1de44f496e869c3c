"""The first judged set of the relevance benchmark: rules over jobbot's own parsed fields.

Its questions (`bot/bench/judged/questions.yml`) are graded by `grade`, explicit rules over the
posting's fields written down in `bot/bench/judged/RULES.md` (`posting.remote`, location and
company text: jobbot's own reading, which the independent set avoids). `pool_and_judge` grades
the top 20 of jobbot and bm25s (`POOL`) for every question. FTS5 is scored on this set by the
benchmark (`bot.bench.relevance`) but not pooled, so the judgments, the numbers of jobbot and
bm25s and this set's targets stay what they were.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.bench.engines import engines_for
from bot.bench.metrics import read_judgments, write_judgments
from index import Posting

__all__ = [
    "DEFAULT_POSTINGS",
    "JUDGMENTS_FILE",
    "POOL",
    "QUESTIONS_FILE",
    "TODAY",
    "Question",
    "grade",
    "load_judgments",
    "load_questions",
    "pool_and_judge",
    "question_from_spec",
    "satisfies_constraints",
]

RELEVANCE_DIR = Path(__file__).resolve().parent / "judged"
QUESTIONS_FILE = RELEVANCE_DIR / "questions.yml"
JUDGMENTS_FILE = RELEVANCE_DIR / "judgments.jsonl"
DEFAULT_POSTINGS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "postings"
"""The shared corpus beside the repository (`../shared/corpus/postings`)."""

POOL_DEPTH = 20  # how deep each engine's ranking is pooled for judging
TODAY = date(2026, 6, 1)  # fixed, so "this week" questions and the numbers are reproducible
POOL = ("jobbot", "bm25s")  # the engines pooled for this set's judgments
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


# ---------------------------------------------------------------------------- judging


def load_judgments(path: Path | str = JUDGMENTS_FILE) -> dict[str, dict[str, int]]:
    """question id → posting id → grade, from the JSON-lines file (missing file: empty)."""
    return read_judgments(path)


def pool_and_judge(
    postings_dir: Path | str = DEFAULT_POSTINGS,
    *,
    questions_path: Path | str = QUESTIONS_FILE,
    judgments_path: Path | str = JUDGMENTS_FILE,
    depth: int = POOL_DEPTH,
) -> dict[str, int]:
    """Regenerate the judgments: grade the union of the `POOL` engines' top `depth` for each
    question.

    Returns how many judgments each grade got ({"0": n, "1": n, "2": n, "questions": n}).
    """
    questions = load_questions(questions_path)
    engines = engines_for(postings_dir)
    rows: list[dict[str, Any]] = []
    counts = {"0": 0, "1": 0, "2": 0, "questions": len(questions)}
    for question in questions:
        pooled: dict[str, Posting] = {}
        for engine in POOL:
            for posting in engines.ranking(engine, question.text, depth, today=TODAY):
                pooled.setdefault(posting.id, posting)
        for doc in sorted(pooled):
            g = grade(pooled[doc], question)
            counts[str(g)] += 1
            rows.append({"q": question.id, "doc": doc, "grade": g})
    write_judgments(judgments_path, rows)
    return counts
