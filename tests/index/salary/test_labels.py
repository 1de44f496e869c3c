"""Pay as cards and answers show it."""

from __future__ import annotations

import pytest

from index.salary import (
    Pay,
    PayAsk,
    ask_label,
    label,
)

USD, EUR, GBP, CNY, INR = "USD", "EUR", "GBP", "CNY", "INR"

# --- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay", "text"),
    [
        (Pay(120_000, 150_000, USD), "$120k–150k a year"),
        (Pay(85_000, 105_000, EUR), "€85k–105k a year"),
        (Pay(60, 60, USD, "hour"), "$60 an hour"),
        (Pay(150_000, None, USD), "≥ $150k a year"),
        (Pay(None, 70_000, EUR), "up to €70k a year"),
        (Pay(2_500_000, 2_500_000, INR), "₹25L a year"),
        (Pay(20_000, 40_000, CNY, "month"), "CN¥20k–40k a month"),
        (Pay(120_000, 120_000, "CHF"), "CHF 120k a year"),
        (Pay(5_000, 6_000, USD, "month"), "$5,000–6,000 a month"),
        (Pay(37_500, 45_000, GBP), "£37.5k–45k a year"),
        (Pay(8_000_000, 12_000_000, "JPY"), "¥8M–12M a year"),
        (Pay(320, 450, EUR, "day"), "€320–450 a day"),
    ],
)
def test_a_label_is_one_short_line(pay: Pay, text: str) -> None:
    assert label(pay) == text


@pytest.mark.parametrize(
    ("ask", "text"),
    [
        (PayAsk(150_000), "≥ 150k a year"),
        (PayAsk(80_000, EUR), "≥ €80k a year"),
        (PayAsk(0, None, 90_000), "up to 90k a year"),
        (PayAsk(100_000, USD, 150_000), "$100k–150k a year"),
        (PayAsk(2_500_000, INR), "≥ ₹25L a year"),
        (PayAsk(100_000, "CHF"), "≥ CHF 100k a year"),
    ],
)
def test_an_ask_label_says_what_was_asked(ask: PayAsk, text: str) -> None:
    assert ask_label(ask) == text
