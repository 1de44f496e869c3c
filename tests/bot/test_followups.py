"""bot/followups.py: a follow-up changes the previous question, checked with the reading the
search itself uses (`parse_query`); anything else is a question of its own."""

from __future__ import annotations

from datetime import date

import pytest

from bot.followups import Conversations, refine
from index import parse_query

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("previous", "follow_up", "question", "change"),
    [
        ("remote SRE jobs with Terraform in London", "in Berlin instead",
         "remote SRE jobs with Terraform in Berlin", "in Berlin instead"),
        ("python jobs in NYC", "Berlin instead", "python jobs in Berlin", "in Berlin instead"),
        ("python jobs", "in Berlin", "python jobs in Berlin", "in Berlin"),
        ("python developer", "only remote", "remote python developer", "only remote"),
        ("remote python developer", "hybrid only", "hybrid python developer", "only hybrid"),
        ("senior python engineer", "more senior", "staff python engineer", "more senior"),
        ("python engineer", "more senior", "senior python engineer", "more senior"),
        ("senior python engineer", "more junior", "mid python engineer", "more junior"),
        ("staff backend engineer over 150k", "cheaper than that",
         "staff backend engineer under 150k", "under 150k"),
        ("python jobs", "over 150k", "python jobs over 150k", "over 150k"),
        ("python jobs over 100k", "Over 150k!", "python jobs over 150k", "over 150k"),
        ("python jobs", "without crypto", "python jobs without crypto", "without crypto"),
        ("newest python jobs posted this week", "show older ones", "python jobs",
         "older ones too"),
        ("python jobs", "newer ones", "newest python jobs", "newest first"),
    ],
)  # fmt: skip
def test_a_follow_up_changes_the_previous_question(
    previous: str, follow_up: str, question: str, change: str
) -> None:
    refined = refine(previous, follow_up, today=TODAY)

    assert refined is not None
    assert (refined.question, refined.change) == (question, change)


def test_the_refined_question_reads_as_the_change_asks() -> None:
    steps = ["only remote", "in Berlin instead", "more senior", "over 150k", "without crypto"]
    question = "python engineer in London"
    for step in steps:
        refined = refine(question, step, today=TODAY)
        assert refined is not None, step
        question = refined.question

    query = parse_query(question, today=TODAY)
    assert query.terms == ("python", "engineer") and query.workplace == "remote"
    assert query.location == "Berlin" and query.seniority == "senior"
    assert query.pay is not None and query.pay.min_annual == 150_000
    assert query.excluded == ("crypto",)


@pytest.mark.parametrize(
    "text", ["react developer in berlin", "data scientist", "saved", "cheaper than that", ""]
)
def test_a_question_of_its_own_is_no_follow_up(text: str) -> None:
    """ "cheaper than that" needs a pay the previous question asked for."""
    assert refine("python jobs", text, today=TODAY) is None


def test_conversations_forget_the_least_recent_thread_first() -> None:
    threads = Conversations(limit=2)
    threads.remember(("D1", ""), "a")
    threads.remember(("C1", "1.1"), "b")
    threads.remember(("D1", ""), "a2")
    threads.remember(("C2", "2.2"), "c")

    assert threads.last(("D1", "")) == "a2" and threads.last(("C2", "2.2")) == "c"
    assert threads.last(("C1", "1.1")) is None
