"""The pay values: annual figures per period, the checks on a range, and what an ask accepts."""

from __future__ import annotations

from typing import Any

import pytest

from index.salary import (
    ANNUAL_FACTOR,
    Pay,
    PayAsk,
)

USD, EUR, GBP, CNY, INR = "USD", "EUR", "GBP", "CNY", "INR"

# --- Pay --------------------------------------------------------------------------------------


def test_pay_gives_annual_figures_for_every_period() -> None:
    assert Pay(5_000, 6_000, EUR, "month").annual_min == 60_000
    assert Pay(5_000, 6_000, EUR, "month").annual_max == 72_000
    assert Pay(60, None, USD, "hour").annual_min == 60 * 2080
    assert Pay(None, 400, EUR, "day").annual_max == 400 * 260
    assert Pay(750, 750, USD, "week").annual_min == 750 * 52
    assert Pay(None, 100_000, USD).annual_min is None
    assert ANNUAL_FACTOR == {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}


@pytest.mark.parametrize(
    ("low", "high", "period"), [(None, None, "year"), (200, 100, "year"), (1, 2, "fortnight")]
)
def test_pay_refuses_an_empty_or_inverted_range_or_an_unknown_period(
    low: int | None, high: int | None, period: Any
) -> None:
    with pytest.raises(ValueError):
        Pay(low, high, USD, period)


@pytest.mark.parametrize(
    ("ask", "pay", "accepted"),
    [
        (PayAsk(150_000), Pay(120_000, 160_000, USD), True),  # the top of the range reaches it
        (PayAsk(150_000), Pay(100_000, 140_000, USD), False),
        (PayAsk(150_000), Pay(150_000, None, USD), True),
        (PayAsk(160_000), Pay(150_000, None, USD), False),
        (PayAsk(150_000), Pay(140_000, 160_000, EUR), True),  # no currency: dollar-like as is
        (PayAsk(150_000), Pay(15_000_000, 20_000_000, "JPY"), False),  # … others via dollars
        (PayAsk(150_000), Pay(25_000_000, 30_000_000, "JPY"), True),
        (PayAsk(80_000, EUR), Pay(100_000, 110_000, USD), False),  # € asks for pay in euros
        (PayAsk(80_000, EUR), Pay(90_000, 95_000, EUR), True),
        (PayAsk(120_000, USD, 160_000), Pay(150_000, 170_000, USD), True),  # overlaps the range
        (PayAsk(120_000, USD, 160_000), Pay(197_000, 213_000, USD), False),  # starts above it
        (PayAsk(120_000, USD, 160_000), Pay(100_000, 119_000, USD), False),  # never reaches it
        (PayAsk(120_000), Pay(60, 80, USD, "hour"), True),  # $166k a year at the top
        (PayAsk(240_000, CNY), Pay(20_000, 30_000, CNY, "month"), True),
        (PayAsk(0, None, 100_000), Pay(80_000, 120_000, USD), True),
        (PayAsk(0, None, 100_000), Pay(120_000, 150_000, USD), False),
        (PayAsk(100_000, USD), Pay(100_000, 120_000, "XYZ"), False),  # unknown: not comparable
    ],
)
def test_an_ask_accepts_pay_that_reaches_it(ask: PayAsk, pay: Pay, accepted: bool) -> None:
    assert ask.accepts(pay) is accepted
