"""The independent judged set: its questions, their rule specs and the grading rules.

Every question of bot/bench/judged/independent/questions.yml carries a class (seniority,
freshness, salary, typos, negation, languages, company) and a rule spec; `grade` applies the
rules of bot/bench/judged/independent/RULES.md to a posting read raw by `bot.bench.rawposting`
(never jobbot's parsed fields). A typo or a translation names its twin with `same_as` and is
graded by the twin's spec, so both twins are judged by the same rules over the same pool.
The benchmark that pools and scores the engines on this set is `bot.bench.independent_bench`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.bench.rawposting import (
    CURRENCIES,
    EARLY,
    LEVELS,
    RawPosting,
    alternatives,
    is_remote,
    matches,
    pay_meets,
    posted_on,
    stated_pay,
    title_levels,
)

__all__ = [
    "CLASSES",
    "INDEPENDENT_DIR",
    "LANGUAGES",
    "MINIMUM",
    "QUESTIONS_FILE",
    "PayAsk",
    "Question",
    "check_minimums",
    "class_counts",
    "facts",
    "grade",
    "load_questions",
    "pay_ok",
    "question_from_spec",
]

INDEPENDENT_DIR = Path(__file__).resolve().parent / "judged" / "independent"
QUESTIONS_FILE = INDEPENDENT_DIR / "questions.yml"
CLASSES = ("seniority", "freshness", "salary", "typos", "negation", "languages", "company")
MINIMUM: Mapping[str, int] = {
    # The least number of questions per class (typos: misspelt questions; languages: questions
    # not in English, at least 3 in each of LANGUAGES).
    "seniority": 10,
    "freshness": 6,
    "salary": 8,
    "typos": 8,
    "negation": 6,
    "languages": 15,
    "company": 5,
}
LANGUAGES = ("de", "fr", "es", "pt", "zh")
_RULE_KEYS = frozenset(
    {"role", "role_with", "related", "skills", "level", "remote", "place", "company", "pay",
     "posted_after", "freshness", "exclude"}
)  # fmt: skip
_KEYS = _RULE_KEYS | {"id", "class", "text", "lang", "same_as", "note"}


@dataclass(frozen=True, slots=True)
class PayAsk:
    """The pay a salary question asks: at least `minimum` (and, for a range, at most `maximum`
    at its low end), in `currency` or, when None, any of CURRENCIES at face value."""

    minimum: int
    maximum: int | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """An independent question: its text, class and twin, and the rule spec it is graded by."""

    id: str
    cls: str
    text: str
    lang: str = "en"
    same_as: str | None = None  # the twin whose spec this question uses (typos, languages)
    role: tuple[str, ...] = ()
    role_with: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    level: str | None = None
    remote: bool | None = None
    place: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    pay: PayAsk | None = None
    posted_after: date | None = None
    freshness: str = "soft"
    exclude: tuple[str, ...] = ()
    note: str = ""


def _patterns(value: object, qid: str, key: str) -> tuple[str, ...]:
    """Patterns from a YAML value (a string or lists nested by anchors), each checked to compile."""
    if value is None:
        return ()
    if isinstance(value, str):
        try:
            alternatives((value,))
        except re.error as exc:
            raise ValueError(f"question {qid}: bad pattern in {key}: {value!r}: {exc}") from None
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(p for item in value for p in _patterns(item, qid, key))
    raise ValueError(f"question {qid}: {key} must be a pattern or a list, not {value!r}")


def _pay(value: object, qid: str) -> PayAsk | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("min"), int):
        raise ValueError(f"question {qid}: pay must be {{min: int, max: int?, currency: str?}}")
    unknown = sorted(set(value) - {"min", "max", "currency"})
    maximum, currency = value.get("max"), value.get("currency")
    if unknown or (maximum is not None and not isinstance(maximum, int)):
        raise ValueError(f"question {qid}: bad pay {value!r}")
    if currency is not None and currency not in CURRENCIES:
        raise ValueError(f"question {qid}: pay currency must be one of {CURRENCIES}")
    return PayAsk(value["min"], maximum, currency)


def question_from_spec(spec: Mapping[str, Any]) -> Question:
    """A `Question` from one entry of questions.yml (its `same_as` is resolved by the loader).

    :raises ValueError: a missing id/text/class, an unknown key or value, a bad pattern.
    """
    qid = str(spec.get("id") or "").strip()
    text = str(spec.get("text") or "").strip()
    cls = str(spec.get("class") or "")
    if not qid or not text:
        raise ValueError(f"a question needs an id and a text: {dict(spec)!r}")
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        raise ValueError(f"question {qid}: unknown keys {unknown}")
    if cls not in CLASSES:
        raise ValueError(f"question {qid}: class must be one of {CLASSES}")
    lang = str(spec.get("lang") or "en")
    if lang not in ("en", *LANGUAGES):
        raise ValueError(f"question {qid}: lang must be en or one of {LANGUAGES}")
    same_as = spec.get("same_as")
    if same_as is not None and set(spec) & _RULE_KEYS:
        raise ValueError(f"question {qid}: a question with same_as takes its twin's rules")
    level = spec.get("level")
    if level is not None and level not in LEVELS:
        raise ValueError(f"question {qid}: level must be one of {sorted(LEVELS)}")
    remote = spec.get("remote")
    if remote is not None and not isinstance(remote, bool):
        raise ValueError(f"question {qid}: remote must be true or false")
    posted_after = spec.get("posted_after")
    if posted_after is not None and not isinstance(posted_after, date):
        raise ValueError(f"question {qid}: posted_after must be a date (YYYY-MM-DD)")
    freshness = str(spec.get("freshness") or "soft")
    if freshness not in ("soft", "hard"):
        raise ValueError(f"question {qid}: freshness must be soft or hard")
    return Question(
        id=qid,
        cls=cls,
        text=text,
        lang=lang,
        same_as=None if same_as is None else str(same_as),
        role=_patterns(spec.get("role"), qid, "role"),
        role_with=_patterns(spec.get("role_with"), qid, "role_with"),
        related=_patterns(spec.get("related"), qid, "related"),
        skills=_patterns(spec.get("skills"), qid, "skills"),
        level=level,
        remote=remote,
        place=_patterns(spec.get("place"), qid, "place"),
        company=_patterns(spec.get("company"), qid, "company"),
        pay=_pay(spec.get("pay"), qid),
        posted_after=posted_after,
        freshness=freshness,
        exclude=_patterns(spec.get("exclude"), qid, "exclude"),
        note=str(spec.get("note") or "").strip(),
    )


def _check_class(q: Question) -> None:
    """Each class carries the rule it is about (a twin is checked through its resolved spec)."""
    needs = {
        "seniority": q.level is not None,
        "freshness": q.posted_after is not None,
        "salary": q.pay is not None,
        "negation": bool(q.exclude) or q.remote is False,
        "company": bool(q.company),
    }
    if not needs.get(q.cls, True):
        raise ValueError(f"question {q.id}: a {q.cls} question needs its rule in the spec")
    if not q.role:
        raise ValueError(f"question {q.id}: every question names a role")
    if q.cls == "languages" and q.lang != "en" and q.same_as is None:
        raise ValueError(f"question {q.id}: a question not in English needs its English twin")
    if q.cls == "typos" and q.lang != "en":
        raise ValueError(f"question {q.id}: typo questions are in English")


def load_questions(path: Path | str = QUESTIONS_FILE) -> list[Question]:
    """The questions in file order, each twin resolved to its twin's rule spec.

    :raises ValueError: a malformed file, a bad spec, a repeated id, a missing or chained twin.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise ValueError(f"{path}: expected a mapping with a 'questions' list")
    parsed = [question_from_spec(spec) for spec in data["questions"]]
    by_id: dict[str, Question] = {}
    for q in parsed:
        if q.id in by_id:
            raise ValueError(f"{path}: question id {q.id!r} appears twice")
        by_id[q.id] = q
    resolved = []
    for q in parsed:
        if q.same_as is not None:
            twin = by_id.get(q.same_as)
            if twin is None or twin.same_as is not None or twin.lang != "en":
                raise ValueError(f"question {q.id}: same_as must name an English question")
            if q.cls == "typos" and twin.cls != "typos":
                raise ValueError(f"question {q.id}: a typo's twin is a typos question")
            rules = {key: getattr(twin, key) for key in _RULE_KEYS}
            q = replace(q, **rules)
        _check_class(q)
        resolved.append(q)
    return resolved


def class_counts(questions: list[Question]) -> dict[str, int]:
    """Questions per class as MINIMUM counts them (typos: the misspelt ones; languages: the ones
    not in English), and per language (`de`, `fr`…)."""
    counts = Counter(
        q.cls
        for q in questions
        if (q.cls != "typos" or q.same_as) and (q.cls != "languages" or q.lang != "en")
    )
    counts.update(q.lang for q in questions if q.lang != "en")
    return {name: counts[name] for name in (*CLASSES, *LANGUAGES)}


def check_minimums(questions: list[Question]) -> None:
    """:raises ValueError: a class below MINIMUM, or a language with fewer than 3 questions."""
    counts = class_counts(questions)
    short = {c: counts[c] for c in CLASSES if counts[c] < MINIMUM[c]}
    short |= {lang: counts[lang] for lang in LANGUAGES if counts[lang] < 3}
    if short:
        raise ValueError(f"too few questions: {short}")


# ---------------------------------------------------------------------------- grading


def pay_ok(posting: RawPosting, question: Question) -> bool:
    """The posting states a pay that meets the question's ask (False without an ask)."""
    ask = question.pay
    if ask is None:
        return False
    return pay_meets(
        stated_pay(posting.raw_text),
        minimum=ask.minimum,
        maximum=ask.maximum,
        currency=ask.currency,
    )


def _fresh(posting: RawPosting, question: Question) -> bool:
    day = posted_on(posting)
    return question.posted_after is not None and day is not None and day >= question.posted_after


def _level_cap(posting: RawPosting, question: Question, result: int) -> int:
    """2 only at the asked level; no level word or one of the same band: 1; only the other
    band's words: 0 (a "senior" title for "junior frontend")."""
    if question.level is None or result == 0:
        return result
    levels = title_levels(posting.title)
    if question.level in levels:
        return result
    band = EARLY if question.level in EARLY else frozenset(LEVELS) - EARLY
    return 0 if levels and not levels & band else 1


def grade(posting: RawPosting, question: Question) -> int:
    """0, 1 or 2 by bot/bench/judged/independent/RULES.md (pure: same input, same grade)."""
    if posting.job_type == "company-profile":
        return 0  # a company profile is not a job ad
    if question.exclude and matches(question.exclude, posting.text):
        return 0
    if question.remote is not None and is_remote(posting) != question.remote:
        return 0
    if question.place and not matches(question.place, posting.where):
        return 0
    if question.pay is not None and not pay_ok(posting, question):
        return 0
    fresh = _fresh(posting, question)
    if question.posted_after is not None and question.freshness == "hard" and not fresh:
        return 0
    title = posting.title
    role = matches(question.role, title) and (
        not question.role_with or matches(question.role_with, title)
    )
    related = matches(question.related, title)
    if question.company:
        named = matches(question.company, posting.company) or matches(
            question.company, posting.text
        )
        result = 2 if role and named else 1 if role or (related and named) else 0
    else:
        skills = all(matches((skill,), posting.text) for skill in question.skills)
        result = (2 if skills else 1) if role else (1 if related and skills else 0)
    result = _level_cap(posting, question, result)
    if question.posted_after is not None and not fresh:
        result = min(result, 1)
    return result


def facts(posting: RawPosting, question: Question) -> dict[str, Any]:
    """What the grader read besides the grade, kept in judgments.jsonl for a reader: the title's
    levels (seniority), whether the pay meets the ask (salary), the date (freshness)."""
    out: dict[str, Any] = {}
    if question.level is not None:
        out["levels"] = sorted(title_levels(posting.title))
    if question.pay is not None:
        out["pay"] = pay_ok(posting, question)
    if question.posted_after is not None:
        day = posted_on(posting)
        out["date"] = day.isoformat() if day else None
    return out
