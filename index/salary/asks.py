"""Reading what a question asks to be paid, and taking it out of the question so its figures
never become search words ("python over 150k" searches "python").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from index.salary.amounts import (
    BARE,
    CJK,
    HUGE_UNITS,
    MILLIONS_OK,
    MULT,
    MULTIPLIERS,
    NUM,
    POST,
    PRE,
    SEP,
    currency_of,
    figure_value,
    unit_of,
)
from index.salary.pay import ANNUAL_FACTOR, MAX_ANNUAL_USD, PER_USD, PayAsk, Period

__all__ = ["parse_pay_ask"]

# Questions.

_WORD_START = r"(?<![^\W\d_])"  # not inside a word (letters of any script count, digits not)
_ASK_PAY_WORD = (
    r"(?:salary|salaries|pay|paying|pays|paid|compensation|comp|base|wage|wages|earning|earn"
    r"|making|make|ote|tc|total comp|gehalt|salaire|salario|sueldo|salário)"
)
_ASK_LEAD_PAY = (
    rf"(?:{_WORD_START}(?:with a |with |a |that |which )?{_ASK_PAY_WORD}"
    r"(?:[ \t]+(?:of|at|from|is|range|around))?[ \t]*:?[ \t]*)"
)
_ASK_MIN_WORDS = (
    r"(?:over|above|more than|greater than|at least|min|minimum|from|starting at|no less than"
    r"|north of|upwards of|ab|über|mehr als|mindestens|plus de|au moins|à partir de|a partir de"
    r"|más de|mas de|al menos|mínimo|desde|mais de|acima de|pelo menos|between)(?![^\W\d_])"
    r"|>=|≥|>|超过|至少|不低于"
)
_ASK_MAX_WORDS = (
    r"(?:under|below|less than|up to|upto|at most|max|maximum|no more than|unter|bis zu"
    r"|moins de|menos de|até)(?![^\W\d_])|<=|≤|<|不超过|最多"
)
_ASK = re.compile(
    rf"(?P<lead>{_ASK_LEAD_PAY}?(?:{_WORD_START}(?:(?P<minw>{_ASK_MIN_WORDS})"
    rf"|(?P<maxw>{_ASK_MAX_WORDS}))[ \t]*)?{_ASK_LEAD_PAY}?)"
    r"(?P<cn>月薪|年薪|时薪|月收入|年收入)?[ \t]*"
    rf"(?<![A-Za-z0-9_])(?:(?P<pre>{PRE})[ \t]?|{BARE})(?P<num>{NUM})"
    rf"(?:[ \t]?(?P<mul>{MULT}))?(?P<post>{POST})?"
    rf"(?:{SEP}(?:{PRE}[ \t]?)?(?P<num2>{NUM})(?:[ \t]?(?P<mul2>{MULT}))?(?:{POST})?)?"
    r"(?P<trail>[ \t]*(?:\+|or more|and up|and above|or above|or higher|minimum|min(?![A-Za-z])"
    r"|以上|起|及以上))?"
    r"(?:[ \t]*(?:(?:/|per |a |an |each )[ \t]*)?(?P<per>year|yr|annum|annual(?:ly)?|yearly"
    r"|month|mo|monthly|hour|hr|h|hourly|day|daily|week|weekly|年|月|小时)(?![A-Za-z]))?"
    rf"(?P<tail>[ \t]+{_ASK_PAY_WORD}(?![A-Za-z]))?",
    re.IGNORECASE,
)
# What a figure in a question counts when it is not pay, even with a "k" ("10k users").
_ASK_NOT_PAY = re.compile(
    r"[ \t]*\+?[ \t]*(?:users?|customers?|clients?|stars?|employees?|people|persons|devs?"
    r"|developers?|engineers?|members?|followers?|downloads?|requests?|rps|qps|tps|lines?|loc"
    r"|views?|visitors?|subscribers?|installs?|sessions?|transactions?|records?|rows?|events?"
    r"|nodes?|servers?|companies|startups?|jobs?|postings?|words?|miles?|km|tokens?|calls?"
    r"|messages?|orders?|units?|items?|repos?|commits?|points?|hours? of|days? of|years? of|yoe"
    r"|match|plan|contribution|funding|in funding|arr|mrr|valuation|raised|%|x\b|/\d|:\d|-\d)",
    re.IGNORECASE,
)
_RETIREMENT = re.compile(r"40[13][ \t]?\(?[kb]\)?(?![A-Za-z])", re.IGNORECASE)
_ASK_PERIODS: Mapping[str, Period] = {
    "月": "month", "month": "month", "mo": "month", "monthly": "month", "hour": "hour",
    "hr": "hour", "h": "hour", "hourly": "hour", "小时": "hour", "day": "day", "daily": "day",
    "week": "week", "weekly": "week",
}  # fmt: skip
_MIN_ASK = 1_000  # an annual figure under this is no salary ask ("over $5")


def parse_pay_ask(text: str) -> tuple[PayAsk | None, str]:
    """The pay a question asks for, and the question without it.

    Reads "over 150k", "150k+", "at least €80k", "$120k-$160k" (pay reaching 120k that starts
    at 160k at most),
    "salary > 100000", "paying 200k", "above $130,000", "≥ 120k", "$60/hr", "ab 80k",
    "plus de 60k", "más de 50k", "mais de 10k", "月薪2万以上", "年薪50万", a bare "150k", and a
    ceiling ("under 100k"). A figure counts only with a currency, a unit ("k", 万, lakh) or a pay
    word, so "top 10", "team of 5", "401k", "python 3", "last 14 days", "10k users" stay search
    words. The first request is taken; the text comes back without it (and its comparison and
    pay words), spaces collapsed, so its figures never become search terms.
    """
    if not any(ch.isdigit() for ch in text):
        return None, text
    for m in _ASK.finditer(text):
        ask = _ask(text, m)
        if ask is not None:
            return ask, " ".join(f"{text[: m.start()]} {text[m.end() :]}".split())
    return None, text


def _ask(text: str, m: re.Match[str]) -> PayAsk | None:
    """The PayAsk one match stands for, or None when its figure is not about pay."""
    if _RETIREMENT.match(text, m.start("num")):
        return None  # "401k" is a retirement plan
    figure_end = max(m.end("num"), m.end("mul"), m.end("post"))
    ranged = m.group("num2") is not None  # "120k-160k": the "-160k" is the range's top
    if (not ranged and _ASK_NOT_PAY.match(text, figure_end)) or (
        m.end() > figure_end and _ASK_NOT_PAY.match(text, m.end())
    ):
        return None
    unit = unit_of(m.group("mul"))
    if ranged and not unit and m.group("mul2"):
        unit = unit_of(m.group("mul2"))  # "120-160k": the unit of the top carries to the bottom
    cn = m.group("cn")
    cjk = bool(cn) or CJK.search(text) is not None
    currency = currency_of((m.group("pre"), m.group("post")), unit, text, cjk)
    if currency is None and cjk and (cn or unit in {"万", "w"}):
        currency = "CNY"
    pay_word = bool(m.group("tail") or cn or re.search(_ASK_PAY_WORD, m.group("lead"), re.I))
    if (
        (unit in HUGE_UNITS and currency not in MILLIONS_OK)
        or (unit == "w" and not cjk)
        or not (currency or unit or pay_word)  # "over 100 people", "top 10"
    ):
        return None
    value = figure_value(m.group("num"))
    value *= MULTIPLIERS.get(unit, 1)
    period = _ASK_PERIODS.get((m.group("per") or "").lower(), "year")
    if cn:
        period = "month" if cn.startswith("月") else "hour" if cn.startswith("时") else "year"
    if unit == "lpa":
        period = "year"
    annual = round(value * ANNUAL_FACTOR[period])
    usd = annual / PER_USD.get(currency, 1) if currency else annual
    if annual < _MIN_ASK or usd > MAX_ANNUAL_USD:
        return None
    if m.group("maxw") and m.group("num2") is None:
        return PayAsk(0, currency, annual)
    if ranged:  # "$120k-$160k": postings whose pay reaches 120k and starts at most at 160k
        top_unit = unit_of(m.group("mul2")) or unit
        top = round(
            figure_value(m.group("num2")) * MULTIPLIERS.get(top_unit, 1) * ANNUAL_FACTOR[period]
        )
        if top > annual:
            return PayAsk(annual, currency, top)
    return PayAsk(annual, currency)
