"""index/levels.py: the level a title names, and that a question's level holds in the ranking."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from index import Posting, SearchIndex, parse_query, title_level


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Senior Backend Engineer", "senior"),
        ("Sr. Data Scientist", "senior"),
        ("Staff ML Engineer", "staff"),
        ("Principal Engineer, Payments", "principal"),
        ("Junior Frontend Developer", "junior"),
        ("Entry-Level Data Analyst", "junior"),
        ("New Grad Software Engineer", "junior"),
        ("Software Engineering Intern", "intern"),
        ("Mid-level Python Developer", "mid"),
        ("Tech Lead, Platform", "lead"),
        ("Head of Design", "head"),
        ("Director of Product", "director"),
        ("VP Engineering", "director"),
        ("Backend Engineer", None),
        ("Senior Staff Engineer", "senior"),  # the first level the title names
    ],
)
def test_a_title_names_its_level(title: str, level: str | None) -> None:
    assert title_level(title) == level


def _posting(i: int, title: str, body: str) -> Posting:
    return Posting(
        id=f"p{i}", title=title, company=f"c{i}", body=body,
        posted=datetime(2026, 11, 1, tzinfo=UTC),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("question", "level"),
    [
        ("staff ml engineer", "staff"),
        ("junior ml engineer", "junior"),
        ("lead ml engineer", "lead"),
    ],
)
def test_the_asked_level_comes_first_even_against_better_text(question: str, level: str) -> None:
    """Before: "staff ml engineer" said "staff first" and showed Senior, Senior, … staff 7th."""
    strong = "ml machine learning models ml pipelines ml training ml serving " * 3
    postings = [
        _posting(1, "Senior ML Engineer", strong),
        _posting(2, "ML Engineer", strong),
        _posting(3, "Principal ML Engineer", strong),
        _posting(4, "Staff Engineer, ML", "ml"),
        _posting(5, "Junior Engineer (ML)", "ml"),
        _posting(6, "Lead Engineer, ML platform", "ml"),
    ]
    index = SearchIndex.build(postings, today=date(2026, 12, 1))

    hits = index.search(parse_query(question), limit=6).hits

    assert title_level(hits[0].posting.title) == level
    assert {h.posting.id for h in hits} == {p.id for p in postings}  # the others follow
