"""bot/bench/independent.py: the independent set's specs and its grading rules, on synthetic raw
postings written here (the grader reads raw front matter, never jobbot's fields)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.bench import independent as ind
from bot.bench.independent import Question, grade, question_from_spec
from bot.bench.rawposting import RawPosting

MS_2026_05_10 = 1778400000000  # 2026-05-10 UTC
MS_2025_01_10 = 1736500000000  # 2025-01-10 UTC


def raw(title: str, body: str = "", **front: Any) -> RawPosting:
    return RawPosting("src/" + title.lower().replace(" ", "-"), {"title": title, **front}, body)


def spec(**fields: Any) -> Question:
    return question_from_spec({"id": "q", "class": "seniority", "text": "q", **fields})


ML = ["machine learning", "ml", "mle"]
WITH = ["engineer", "developer", "mle"]


# ---------------------------------------------------------------------------- seniority


STAFF_ML = spec(role=ML, role_with=WITH, related=["data scientist"], level="staff")
JUNIOR_FE = spec(role=["front.?end"], related=["full.?stack"], level="junior")


@pytest.mark.parametrize(
    ("posting", "expected"),
    [
        (raw("Staff Machine Learning Engineer"), 2),
        (raw("Senior/Staff ML Engineer"), 2),
        (raw("Senior ML Engineer"), 1),  # the same band, not the asked level
        (raw("ML Engineer"), 1),  # no level word
        (raw("Junior ML Engineer"), 0),  # only the other band
        (raw("Staff Data Scientist"), 1),  # a related role
        (raw("Staff Machine Learning Researcher"), 0),  # the field without an engineering word
        (raw("Staff Product Manager", "We do machine learning."), 0),
    ],
)
def test_a_seniority_question_needs_the_role_and_the_level_in_the_title(
    posting: RawPosting, expected: int
) -> None:
    assert grade(posting, STAFF_ML) == expected


def test_a_junior_question_drops_upper_band_titles() -> None:
    assert grade(raw("Junior Frontend Developer"), JUNIOR_FE) == 2
    assert grade(raw("Entry-level Front-End Engineer"), JUNIOR_FE) == 2
    assert grade(raw("Frontend Intern"), JUNIOR_FE) == 1  # early band, another level
    assert grade(raw("Senior Frontend Developer"), JUNIOR_FE) == 0
    assert grade(raw("Frontend Developer"), JUNIOR_FE) == 1


# ---------------------------------------------------------------------------- freshness


SOFT = spec(role=["python"], posted_after=date(2026, 4, 1), freshness="soft", level=None)
HARD = spec(role=["python"], posted_after=date(2026, 5, 1), freshness="hard", level=None)


def test_soft_freshness_caps_old_and_undated_postings_at_one() -> None:
    assert grade(raw("Python Developer", timestamp=MS_2026_05_10), SOFT) == 2
    assert grade(raw("Python Developer", timestamp=MS_2025_01_10), SOFT) == 1
    assert grade(raw("Python Developer"), SOFT) == 1  # undated: never 2
    assert grade(raw("Python Developer", timestamp=1783000000000), SOFT) == 1  # after TODAY
    assert grade(raw("Go Developer", timestamp=MS_2026_05_10), SOFT) == 0


def test_hard_freshness_is_zero_outside_the_window() -> None:
    assert grade(raw("Python Developer", timestamp=MS_2026_05_10), HARD) == 2
    assert grade(raw("Python Developer", timestamp=MS_2025_01_10), HARD) == 0
    assert grade(raw("Python Developer", timestamp="2026-05-02"), HARD) == 2
    assert grade(raw("Python Developer"), HARD) == 0


# ---------------------------------------------------------------------------- salary


def test_salary_needs_a_stated_pay_that_meets_the_ask() -> None:
    over = spec(role=["sre"], related=["devops"], pay={"min": 150000}, level=None)
    assert grade(raw("SRE", "Pay: $140k - $180k"), over) == 2
    assert grade(raw("SRE | Remote | €160k"), over) == 2  # no currency asked: any, face value
    assert grade(raw("SRE", "Pay: $120k - $140k"), over) == 0
    assert grade(raw("SRE", "Competitive salary"), over) == 0
    assert grade(raw("SRE", "$200/hr"), over) == 0
    assert grade(raw("DevOps Engineer", "$190k"), over) == 1
    euro = spec(role=["data engineer"], pay={"min": 80000, "currency": "EUR"}, level=None)
    assert grade(raw("Data Engineer", "€85.000 - €105.000"), euro) == 2
    assert grade(raw("Data Engineer", "$120k"), euro) == 0
    band = spec(
        role=["back.?end"], pay={"min": 120000, "max": 160000, "currency": "USD"}, level=None
    )
    assert grade(raw("Backend Engineer", "$150k-$220k"), band) == 2
    assert grade(raw("Backend Engineer", "$170k-$220k"), band) == 0
    assert ind.pay_ok(raw("x", "$150k"), band) and not ind.pay_ok(raw("x", "$150k"), SOFT)


# ---------------------------------------------------------------------------- negation


def test_a_posting_mentioning_the_negated_thing_is_zero() -> None:
    no_crypto = spec(role=["back.?end"], exclude=["crypto(?:currency)?", "web3"], level=None)
    assert grade(raw("Backend Engineer", "Payments for shops."), no_crypto) == 2
    assert grade(raw("Backend Engineer", "A cryptocurrency exchange."), no_crypto) == 0
    assert grade(raw("Backend Engineer", "Crypto."), no_crypto) == 0
    assert grade(raw("Backend Engineer", hashtags="#web3"), no_crypto) == 0
    assert grade(raw("Backend Engineer", "We use cryptography."), no_crypto) == 2
    onsite = spec(role=["data engineer"], remote=False, level=None)
    assert grade(raw("Data Engineer", location="Berlin"), onsite) == 2
    assert grade(raw("Data Engineer", location="Remote (EU)"), onsite) == 0
    assert grade(raw("Data Engineer", location="Berlin, no remote"), onsite) == 2


# ---------------------------------------------------------------------------- company vs role


FIGMA = spec(role=["product designer"], related=["designer"], company=["figma"], level=None)


@pytest.mark.parametrize(
    ("posting", "expected"),
    [
        (raw("Product Designer", companyName="Figma"), 2),  # the role at the company
        (raw("Product Designer", "You live in Figma.", companyName="Acme"), 2),  # as a skill
        (raw("Product Designer", companyName="Acme"), 1),  # the role alone
        (raw("Graphic Designer", companyName="Figma"), 1),  # a related role at the company
        (raw("Desktop Engineering Manager", companyName="Figma"), 0),  # the company alone
        (raw("Backend Engineer", "We use Figma.", companyName="Acme"), 0),
    ],
)
def test_company_questions_need_the_role_in_the_title(posting: RawPosting, expected: int) -> None:
    assert grade(posting, FIGMA) == expected


# ---------------------------------------------------------------------------- other rules


def test_remote_place_and_company_profiles() -> None:
    remote = spec(role=["developer"], remote=True, level=None)
    assert grade(raw("Developer", location="Remote"), remote) == 2
    assert grade(raw("Developer", location="NYC"), remote) == 0
    berlin = spec(role=["developer"], place=["berlin"], level=None)
    assert grade(raw("Developer", location="Berlin, Germany"), berlin) == 2
    assert grade(raw("Developer", "Acme | Berlin | onsite\n"), berlin) == 2  # the header line
    assert grade(raw("Developer", "Acme\n\nWe visit Berlin."), berlin) == 0
    profile = raw("Developer", location="Remote", jobType="company-profile")
    assert grade(profile, remote) == 0


def test_skills_decide_between_two_and_one() -> None:
    q = spec(role=["back.?end"], related=["full.?stack"], skills=["python"], level=None)
    assert grade(raw("Backend Engineer", "Python and Go"), q) == 2
    assert grade(raw("Backend Engineer", "Go"), q) == 1
    assert grade(raw("Full-Stack Engineer", hashtags="#python"), q) == 1
    assert grade(raw("Full-Stack Engineer"), q) == 0
    assert grade(raw("Designer", "Python"), q) == 0


def test_facts_record_what_the_grader_read() -> None:
    q = spec(role=["x"], level="senior", pay={"min": 100000}, posted_after=date(2026, 1, 1))
    posting = raw("Senior Staff X", "$120k", timestamp=MS_2026_05_10)
    assert ind.facts(posting, q) == {
        "levels": ["senior", "staff"],
        "pay": True,
        "date": "2026-05-10",
    }
    assert ind.facts(posting, spec(role=["x"])) == {}


# ---------------------------------------------------------------------------- the specs


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"skils": ["x"]}, "unknown keys"),
        ({"class": "vibes"}, "class"),
        ({"level": "wizard"}, "level"),
        ({"lang": "xx"}, "lang"),
        ({"role": ["(unclosed"]}, "bad pattern"),
        ({"same_as": "other", "role": ["x"]}, "same_as"),
        ({"pay": {"min": "a lot"}}, "pay"),
        ({"pay": {"min": 1, "currency": "XYZ"}}, "currency"),
        ({"pay": {"min": 1, "per": "month"}}, "pay"),
        ({"freshness": "stale"}, "freshness"),
        ({"remote": "yes"}, "remote"),
        ({"posted_after": "last week"}, "posted_after"),
    ],
)
def test_a_bad_spec_is_refused(fields: dict[str, Any], message: str) -> None:
    base: dict[str, Any] = {"id": "q", "class": "typos", "text": "q"}
    with pytest.raises(ValueError, match=message):
        ind.question_from_spec({**base, **fields})


def _write(tmp_path: Path, questions: list[dict[str, Any]]) -> Path:
    import yaml

    path = tmp_path / "questions.yml"
    path.write_text(yaml.safe_dump({"questions": questions}), encoding="utf-8")
    return path


def test_a_twin_takes_its_twins_spec_and_must_be_english(tmp_path: Path) -> None:
    en = {"id": "en", "class": "languages", "text": "data engineer", "role": ["data engineer"]}
    de = {"id": "de", "class": "languages", "lang": "de", "text": "x", "same_as": "en"}
    questions = ind.load_questions(_write(tmp_path, [en, de]))
    assert questions[1].role == ("data engineer",) and questions[1].same_as == "en"
    with pytest.raises(ValueError, match="same_as"):
        ind.load_questions(_write(tmp_path, [de]))
    with pytest.raises(ValueError, match="English twin"):
        ind.load_questions(_write(tmp_path, [{**de, "same_as": None, "role": ["x"]}]))
    with pytest.raises(ValueError, match="role"):
        ind.load_questions(_write(tmp_path, [{**en, "role": None}]))
    with pytest.raises(ValueError, match="needs its rule"):
        ind.load_questions(_write(tmp_path, [{**en, "class": "salary"}]))
    with pytest.raises(ValueError, match="twice"):
        ind.load_questions(_write(tmp_path, [en, en]))
    with pytest.raises(ValueError, match="too few"):
        ind.check_minimums(questions)


# ---------------------------------------------------------------------------- the set itself


QUESTIONS = ind.load_questions()


def test_every_class_has_its_minimum_and_every_language_three() -> None:
    ind.check_minimums(QUESTIONS)
    counts = ind.class_counts(QUESTIONS)
    assert all(counts[c] >= ind.MINIMUM[c] for c in ind.CLASSES)
    assert all(counts[lang] >= 3 for lang in ind.LANGUAGES)
    assert 60 <= len(QUESTIONS) <= 90
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)


def test_every_twin_exists_and_shares_the_spec() -> None:
    by_id = {q.id: q for q in QUESTIONS}
    typos = [q for q in QUESTIONS if q.cls == "typos" and q.same_as]
    translations = [q for q in QUESTIONS if q.lang != "en"]
    assert len(typos) >= 8 and len(translations) >= 15
    for q in typos + translations:
        twin = by_id[q.same_as or ""]
        assert twin.lang == "en" and twin.same_as is None and twin.text != q.text
        assert (q.role, q.related, q.skills, q.remote, q.place) == (
            twin.role,
            twin.related,
            twin.skills,
            twin.remote,
            twin.place,
        )
    assert all(by_id[q.same_as or ""].cls == "typos" for q in typos)
    assert Counter(q.lang for q in translations) == dict.fromkeys(ind.LANGUAGES, 3)


def test_every_class_carries_its_rule() -> None:
    for q in QUESTIONS:
        assert q.role, q.id
        if q.cls == "seniority":
            assert q.level, q.id
        if q.cls == "freshness":
            assert isinstance(q.posted_after, date) and q.freshness in ("soft", "hard"), q.id
        if q.cls == "salary":
            assert q.pay is not None, q.id
        if q.cls == "negation":
            assert q.exclude or q.remote is False, q.id
        if q.cls == "company":
            assert q.company, q.id


def test_a_twin_is_graded_like_its_twin() -> None:
    by_id = {q.id: q for q in QUESTIONS}
    posting = raw("Senior Python-Entwickler", "Django", location="Remote")
    assert grade(posting, by_id["typo-pyhton-developer"]) == 2
    assert grade(posting, by_id["fr-developpeur-python"]) == 2
    assert grade(posting, by_id["typo-python-developer"]) == 2
    chinese = raw("远程后端工程师", location="远程")
    assert (
        grade(chinese, by_id["zh-remote-backend"])
        == 2
        == grade(chinese, by_id["en-remote-backend"])
    )
