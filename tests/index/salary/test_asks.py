"""Pay asks in questions: the forms read, and the figures that stay search words."""

from __future__ import annotations

import pytest

from index.salary import (
    PayAsk,
    parse_pay_ask,
)

USD, EUR, GBP, CNY, INR = "USD", "EUR", "GBP", "CNY", "INR"

# --- questions --------------------------------------------------------------------------------

ASK_CASES: list[tuple[str, PayAsk, str]] = [
    ("remote python over 150k", PayAsk(150_000), "remote python"),
    ("150k+ rust jobs", PayAsk(150_000), "rust jobs"),
    ("at least €80k in Berlin", PayAsk(80_000, EUR), "in Berlin"),
    ("$120k-$160k data engineer", PayAsk(120_000, USD, 160_000), "data engineer"),
    ("salary > 100000 sre", PayAsk(100_000), "sre"),
    ("golang paying 200k", PayAsk(200_000), "golang"),
    ("more than 90k go", PayAsk(90_000), "go"),
    ("min 100k backend", PayAsk(100_000), "backend"),
    ("100k or more frontend", PayAsk(100_000), "frontend"),
    ("above $130,000 remote", PayAsk(130_000, USD), "remote"),
    ("≥ 120k ml", PayAsk(120_000), "ml"),
    ("ab 80k Berlin", PayAsk(80_000), "Berlin"),
    ("plus de 60k Paris", PayAsk(60_000), "Paris"),
    ("más de 50k Madrid", PayAsk(50_000), "Madrid"),
    ("mais de 10k Lisboa", PayAsk(10_000), "Lisboa"),
    ("月薪2万以上 远程", PayAsk(240_000, CNY), "远程"),
    ("年薪50万 后端", PayAsk(500_000, CNY), "后端"),
    ("python 150k", PayAsk(150_000), "python"),
    ("under 100k junior", PayAsk(0, None, 100_000), "junior"),
    ("contract over $60/hr", PayAsk(60 * 2080, USD), "contract"),
    ("₹25 LPA java", PayAsk(2_500_000, INR), "java"),
    ("sre jobs with salary over 150k", PayAsk(150_000), "sre jobs"),
    ("between 120k and 160k", PayAsk(120_000, None, 160_000), ""),
    ("remote jobs that pay at least $150k a year", PayAsk(150_000, USD), "remote jobs"),
    ("€70k+ in Amsterdam", PayAsk(70_000, EUR), "in Amsterdam"),
    ("devops £90k", PayAsk(90_000, GBP), "devops"),
    ("monthly 5k+ remote", PayAsk(5_000), "monthly remote"),
    ("over 5k a month remote", PayAsk(60_000), "remote"),
    ("backend engineer 120k-160k", PayAsk(120_000, None, 160_000), "backend engineer"),
    ("120-160k platform", PayAsk(120_000, None, 160_000), "platform"),  # the top's "k" counts
    ("sre 5-10k/month", PayAsk(60_000, None, 120_000), "sre"),
]

NOT_ASKS = [
    "top 10 companies hiring",
    "startup with a team of 5",
    "401k match",
    "c++20 developer",
    "python 3 jobs",
    "posted in the last 14 days",
    "since 2026-11-01",
    "standup at 9:00",
    "web3 jobs",
    "10k users scale",
    "100K+ customers",
    "over 5 years experience",
    "series b 20m startup",
    "50% remote",
    "10x engineer",
    "salary top 10",
    "remote rust",
    "10k-20k users",
    "python 3-5 years",
    "3-5 yoe",
]


@pytest.mark.parametrize(("text", "ask", "rest"), ASK_CASES, ids=[c[0] for c in ASK_CASES])
def test_a_pay_request_is_taken_out_of_the_question(text: str, ask: PayAsk, rest: str) -> None:
    assert parse_pay_ask(text) == (ask, rest)


@pytest.mark.parametrize("text", NOT_ASKS)
def test_numbers_that_are_not_pay_stay_in_the_question(text: str) -> None:
    assert parse_pay_ask(text) == (None, text)
