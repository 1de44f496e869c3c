"""Pay as a card and an answer show it: short, in the posting's own currency and period."""

from __future__ import annotations

from collections.abc import Mapping

from index.salary.pay import Pay, PayAsk

__all__ = ["ask_label", "label"]

# Cards.

_LABEL_SIGNS: Mapping[str, str] = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "INR": "₹", "CAD": "CA$",
    "AUD": "A$", "NZD": "NZ$", "SGD": "S$", "HKD": "HK$", "BRL": "R$", "MXN": "MX$",
    "KRW": "₩", "ILS": "₪", "NGN": "₦", "TRY": "₺", "UAH": "₴", "RUB": "₽", "PHP": "₱",
}  # fmt: skip
_PERIOD_LABEL: Mapping[str, str] = {
    "year": "a year", "month": "a month", "week": "a week", "day": "a day", "hour": "an hour"
}  # fmt: skip


def label(pay: Pay) -> str:
    """One short line for a card: "$120k–150k a year", "≥ $150k a year", "up to €70k a year",
    "$60 an hour", "₹25L a year"."""
    sign = _LABEL_SIGNS.get(pay.currency)
    prefix = sign if sign else f"{pay.currency} "
    indian = pay.currency == "INR"
    if pay.min is not None and pay.max is not None:
        low, high = _short(pay.min, indian), _short(pay.max, indian)
        figure = f"{prefix}{low}" if low == high else f"{prefix}{low}–{high}"
    elif pay.min is not None:
        figure = f"≥ {prefix}{_short(pay.min, indian)}"
    else:
        assert pay.max is not None
        figure = f"up to {prefix}{_short(pay.max, indian)}"
    return f"{figure} {_PERIOD_LABEL[pay.period]}"


def ask_label(ask: PayAsk) -> str:
    """What a question asks, for the answer's first line: "≥ 150k a year" (no currency named),
    "≥ €80k a year", "$100k–150k a year", "up to 90k a year"."""
    prefix = "" if ask.currency is None else _LABEL_SIGNS.get(ask.currency) or f"{ask.currency} "
    indian = ask.currency == "INR"
    low = _short(ask.min_annual, indian)
    if ask.max_annual is None:
        return f"≥ {prefix}{low} a year"
    high = _short(ask.max_annual, indian)
    if ask.min_annual == 0:
        return f"up to {prefix}{high} a year"
    return f"{prefix}{low}–{high} a year"


def _short(value: int, indian: bool = False) -> str:
    """120000 → "120k", 37500 → "37.5k", 2500000 → "2.5M" (lakhs for rupees: "25L"), small
    figures with thousands commas."""
    if indian and value >= 100_000:
        return f"{_trim(value / 100_000)}L"
    if value >= 1_000_000:
        return f"{_trim(value / 1_000_000)}M"
    if value >= 10_000:
        return f"{_trim(value / 1_000)}k"
    return f"{value:,}"


def _trim(number: float) -> str:
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text
