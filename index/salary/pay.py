"""The values: `Pay` (what a posting pays) and `PayAsk` (what a question asks), per year.

The exchange table here is rough and only used for sanity bounds and to compare a question in
one currency with a posting in another; it is not a price feed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ANNUAL_FACTOR",
    "DOLLAR_LIKE",
    "MAX_ANNUAL_USD",
    "MIN_ANNUAL_USD",
    "MIN_YEARLY_DOLLAR_LIKE",
    "MONTHLY_CUSTOM",
    "PER_USD",
    "YEAR_FROM_USD",
    "Pay",
    "PayAsk",
    "Period",
]

Period = Literal["year", "month", "week", "day", "hour"]

ANNUAL_FACTOR: Mapping[str, int] = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
"""How many of each period make a year (a full-time year: 52 weeks, 260 days, 2080 hours)."""

# Units of each currency per US dollar, roughly (2025). Only for sanity bounds and cross-currency
# comparison of a question with a posting; an error of 20% changes neither much.
PER_USD: Mapping[str, float] = {
    "USD": 1, "EUR": 0.92, "GBP": 0.79, "CHF": 0.88, "CAD": 1.37, "AUD": 1.52, "NZD": 1.66,
    "SGD": 1.34, "HKD": 7.8, "JPY": 150, "CNY": 7.2, "INR": 84, "KRW": 1380, "TWD": 32,
    "SEK": 10.5, "NOK": 10.7, "DKK": 6.9, "ISK": 138, "PLN": 4.0, "CZK": 23, "HUF": 365,
    "RON": 4.6, "BGN": 1.8, "BRL": 5.5, "MXN": 18, "ARS": 950, "CLP": 940, "COP": 4100,
    "PEN": 3.7, "ZAR": 18, "NGN": 1550, "KES": 129, "EGP": 49, "AED": 3.67, "SAR": 3.75,
    "QAR": 3.64, "ILS": 3.7, "TRY": 34, "RUB": 92, "UAH": 41, "THB": 35, "VND": 25_000,
    "IDR": 16_000, "MYR": 4.5, "PHP": 57, "PKR": 280, "BDT": 120, "LKR": 300,
}  # fmt: skip
# A unit within a factor 2 of the dollar: a bare "150k" in a question means about the same money
# in each of these, so it is compared with their figures as they are.
DOLLAR_LIKE = frozenset({"USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SGD"})
# Where small figures with no stated period are monthly by custom (Chinese, Polish, Brazilian …
# ads quote a month's pay); elsewhere such a figure is left alone.
MONTHLY_CUSTOM = frozenset(
    {"CNY", "HKD", "TWD", "SGD", "MYR", "PHP", "THB", "IDR", "VND", "PLN", "CZK", "HUF", "RON",
     "BGN", "BRL", "ARS", "CLP", "COP", "PEN", "MXN", "UAH", "RUB", "TRY", "KRW", "JPY", "INR",
     "EGP", "NGN", "KES", "PKR", "BDT", "LKR"}
)  # fmt: skip
# A salary's annual value in US dollars lies within these (bounds, not a guess at pay levels:
# under the floor it is a perk or a price, over the ceiling funding or revenue).
MIN_ANNUAL_USD = 3_000
MAX_ANNUAL_USD = 2_500_000
# A figure stated per year in a dollar-like unit is at least this: "$3,200 a year" is an FSA limit
# or a learning budget, not a salary (rupee or yuan salaries can be lower in dollars).
MIN_YEARLY_DOLLAR_LIKE = 10_000
# With no stated period, an annual figure is at least this (in US dollars); a smaller one is a
# month's pay where that is the custom, and otherwise unclear.
YEAR_FROM_USD = 15_000


@dataclass(frozen=True, slots=True)
class Pay:
    """Pay as the posting states it: a range (or one end of one) in a currency per period.

    `min` and `max` are whole units of `currency` per `period`; at least one is set and
    `min <= max` when both are. `annual_min` / `annual_max` give the same range per year, which is
    what filters compare.
    """

    min: int | None
    max: int | None
    currency: str
    period: Period = "year"

    def __post_init__(self) -> None:
        if self.min is None and self.max is None:
            raise ValueError("a Pay needs a minimum or a maximum")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"minimum {self.min} is over maximum {self.max}")
        if self.period not in ANNUAL_FACTOR:
            raise ValueError(f"unknown period: {self.period!r}")

    @property
    def annual_min(self) -> int | None:
        """The minimum per year (a month ×12, a week ×52, a day ×260, an hour ×2080)."""
        return None if self.min is None else self.min * ANNUAL_FACTOR[self.period]

    @property
    def annual_max(self) -> int | None:
        """The maximum per year, like `annual_min`."""
        return None if self.max is None else self.max * ANNUAL_FACTOR[self.period]


@dataclass(frozen=True, slots=True)
class PayAsk:
    """What a question asks to be paid, per year.

    `min_annual` is the least acceptable annual pay (0 when the question only gave a ceiling,
    "under 100k"), `max_annual` a ceiling or None. `currency` is None when the question named
    none ("over 150k"); then see `accepts`.
    """

    min_annual: int
    currency: str | None = None
    max_annual: int | None = None

    def accepts(self, pay: Pay) -> bool:
        """Whether a posting's pay meets the ask: its top (the maximum, or the minimum when it
        states only that) reaches `min_annual`, and its bottom is at most `max_annual`.

        Currencies: a question that names one ("over $140k", "at least €80k") asks for pay in
        that currency — a market, not an amount to convert — so only postings paying in it can
        meet it. A question without a currency is read in the posting's own currency when that
        is a dollar-like unit (USD, EUR, GBP, CHF, CAD, AUD, NZD, SGD: "150k" means about as much
        in each), and as US dollars through the rough exchange table otherwise (so "over 150k"
        is not met by ¥150,000).
        """
        top = pay.annual_max if pay.annual_max is not None else pay.annual_min
        bottom = pay.annual_min if pay.annual_min is not None else pay.annual_max
        assert top is not None and bottom is not None  # a Pay has one of them
        if self.currency is not None and self.currency != pay.currency:
            return False
        asked = self.currency or ("" if pay.currency in DOLLAR_LIKE else "USD")
        if asked and asked != pay.currency:
            rate = PER_USD.get(pay.currency), PER_USD.get(asked)
            if rate[0] is None or rate[1] is None:
                return False  # an unknown currency cannot be compared
            top = round(top / rate[0] * rate[1])
            bottom = round(bottom / rate[0] * rate[1])
        return top >= self.min_annual and (self.max_annual is None or bottom <= self.max_annual)

    def bounds_in(self, currency: str) -> tuple[float, float | None] | None:
        """(least top, greatest bottom or None) in `currency`'s own annual figures: what a
        posting paid in that currency must reach for `accepts` — so an index can test every
        posting of one currency at once. None: that currency cannot be compared."""
        if self.currency is not None and self.currency != currency:
            return None
        asked = self.currency or ("" if currency in DOLLAR_LIKE else "USD")
        factor = 1.0
        if asked and asked != currency:
            rate = PER_USD.get(currency), PER_USD.get(asked)
            if rate[0] is None or rate[1] is None:
                return None
            factor = rate[0] / rate[1]
        if factor == 1.0:
            return float(self.min_annual), None if self.max_annual is None else self.max_annual
        # `accepts` rounds the converted figure to whole units: the bounds round alike.
        least = (self.min_annual - 0.5) * factor
        ceiling = None if self.max_annual is None else (self.max_annual + 0.5) * factor - 1e-9
        return least, ceiling
