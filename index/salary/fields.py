"""Reading pay from front matter: the many key spellings boards and scrapers use, schema.org's
`baseSalary` shape, and pay strings read by the text reader with the key as the pay word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from index.salary.amounts import MULT, MULTIPLIERS, NUM, SIGN_CODES, figure_value, unit_of
from index.salary.pay import PER_USD, Pay, Period
from index.salary.text import PERIOD_AFTER, bounded_pay, first_pay, unstated_period

__all__ = ["pay_from_fields"]

_MAX_FIELD_CHARS = 300  # a front-matter pay string longer than this is prose, not a figure

# ---------------------------------------------------------------------------------------------
# Front matter.


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


# Key spellings, folded (lower case, letters only: "salary_min" → "salarymin"), in the order
# they are tried.
_WHOLE_KEYS = (
    "salary", "compensation", "pay", "basesalary", "salaryrange", "payrange", "estimatedsalary",
    "remuneration", "wage",
)  # fmt: skip
_MIN_KEYS = (
    "salarymin", "minsalary", "salaryfrom", "salarylow", "salaryminimum", "compensationmin",
    "mincompensation", "paymin", "minpay",
)  # fmt: skip
_MAX_KEYS = (
    "salarymax", "maxsalary", "salaryto", "salaryhigh", "salarymaximum", "compensationmax",
    "maxcompensation", "paymax", "maxpay",
)  # fmt: skip
_CURRENCY_KEYS = (
    "salarycurrency", "compensationcurrency", "paycurrency", "salarycurrencycode", "currency",
)  # fmt: skip
_PERIOD_KEYS = (
    "salaryperiod", "salaryunit", "salaryinterval", "payperiod", "compensationperiod", "period",
    "unittext", "unit", "interval",
)  # fmt: skip
_PERIOD_NAMES: Mapping[str, Period] = {
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "annum": "year",
    "yr": "year", "y": "year", "month": "month", "monthly": "month", "mo": "month",
    "week": "week", "weekly": "week", "wk": "week", "day": "day", "daily": "day", "d": "day",
    "hour": "hour", "hourly": "hour", "hr": "hour", "h": "hour",
}  # fmt: skip


def pay_from_fields(meta: Mapping[str, Any]) -> Pay | None:
    """The pay a posting's front matter states, or None.

    Reads `salary` / `compensation` / `pay` / `baseSalary` (a string like "$120k-150k", a number,
    a `[min, max]` list, or a mapping with min/max/currency/period — schema.org's
    `{currency, value: {minValue, maxValue, unitText}}` too) and the flat
    `salaryMin` / `salaryMax` / `salaryCurrency` / `salaryPeriod` keys, in camelCase or
    snake_case. A figure without a currency is in US dollars ("$" alone is USD too), one in a
    currency this module does not know gives None; a figure without a period is per year when
    it is a year's pay in size, else per month or hour. The keys win over a pay statement in the
    text (the caller tries `pay_from_fields` first). The corpus has none of these keys today.
    """
    flat: dict[str, Any] = {}
    for name, value in meta.items():
        if isinstance(name, str):
            flat.setdefault(_key(name), value)
    named = _first(flat, _CURRENCY_KEYS)
    currency = _currency_field(named)
    if named is not None and currency is None:
        return None  # a currency we do not know: no figure can be checked or compared
    period = _period_field(_first(flat, _PERIOD_KEYS))
    low = _figure(_first(flat, _MIN_KEYS))
    high = _figure(_first(flat, _MAX_KEYS))
    if low is not None or high is not None:
        return _field_pay(low, high, currency, period)
    for name in _WHOLE_KEYS:
        if name in flat and flat[name] is not None:
            pay = _whole_field(flat[name], currency, period)
            if pay is not None:
                return pay
    return None


def _first(flat: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = flat.get(name)
        if value is not None and value != "":
            return value
    return None


def _whole_field(value: Any, currency: str | None, period: Period | None) -> Pay | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _field_pay(_figure(value), _figure(value), currency, period)
    if isinstance(value, list | tuple):
        figures = [_figure(v) for v in value]
        if len(figures) in {1, 2} and all(f is not None for f in figures):
            return _field_pay(figures[0], figures[-1], currency, period)
        return None
    if isinstance(value, Mapping):
        inner = {_key(str(k)): v for k, v in value.items()}
        currency = _currency_field(_first(inner, _CURRENCY_KEYS)) or currency
        period = _period_field(_first(inner, _PERIOD_KEYS)) or period
        nested = inner.get("value")
        if isinstance(nested, Mapping):  # schema.org MonetaryAmount → QuantitativeValue
            return _whole_field(nested, currency, period)
        low = _figure(_first(inner, ("min", "minvalue", "from", "low", *_MIN_KEYS)))
        high = _figure(_first(inner, ("max", "maxvalue", "to", "high", *_MAX_KEYS)))
        if low is None and high is None:
            single = _figure(_first(inner, ("value", "amount")))
            low = high = single
        return _field_pay(low, high, currency, period)
    if isinstance(value, str):
        return _text_field(value, currency, period)
    return None


def _text_field(text: str, currency: str | None, period: Period | None) -> Pay | None:
    """A pay string from front matter: the text reader, with the key standing in for the pay
    word, the currency key (or USD) for a missing currency, the period key for a missing one."""
    text = " ".join(text.split())[:_MAX_FIELD_CHARS]
    if not re.search(r"\d", text):
        return None  # "Competitive", "DOE"
    sign = _SIGN_FOR.get(currency or "USD", currency)
    tagged = text if first_pay(text, header=True, trusted=True) else f"{sign} {text}"
    pay = first_pay(tagged, header=True, trusted=True)
    if pay is None:
        return None
    if period is not None and period != pay.period and not PERIOD_AFTER.search(text):
        return Pay(pay.min, pay.max, pay.currency, period)
    return pay


_SIGN_FOR: Mapping[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹"}


def _figure(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) and number > 0 else None
    if isinstance(value, str):
        found = re.fullmatch(
            rf"\s*[^\d\s]{{0,4}}\s?({NUM})\s?({MULT})?\s*[A-Za-z]{{0,4}}\s*", value
        )
        if not found:
            return None
        return figure_value(found.group(1)) * MULTIPLIERS.get(unit_of(found.group(2)), 1)
    return None


def _field_pay(
    low: float | None, high: float | None, currency: str | None, period: Period | None
) -> Pay | None:
    currency = currency or "USD"
    if low is not None and high is not None and low > high:
        low, high = high, low
    top = high if high is not None else low
    if top is None:
        return None
    period = period or unstated_period(top, top, currency, False, True)
    if period is None:
        return None
    return bounded_pay(low, high, currency, period)


def _currency_field(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.upper() in PER_USD or text.upper() in {"RMB", "USDT", "USDC"}:
        return SIGN_CODES.get(text.lower(), text.upper())
    if text.lower() in SIGN_CODES:
        return SIGN_CODES[text.lower()]
    return "USD" if text in {"$", "＄"} else None


def _period_field(value: Any) -> Period | None:
    if not isinstance(value, str):
        return None
    return _PERIOD_NAMES.get(_key(value).removeprefix("per"))
