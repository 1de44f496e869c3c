"""Pay: what a posting pays (from its front matter or its text) and what a question asks for.

Postings state pay in a hundred ways — "$120-150k/year", "€85.000 – €105.000", "CHF 120'000",
"₹25 LPA", "月薪 2-4万", "20k-40k RMB/月" — and mention many amounts that are not pay at all:
funding ("raised $20M"), revenue, budgets and stipends, "401k", headcounts. The reader here is
tuned for precision: an amount counts only with a currency (or a unit that implies one: lakh, 万),
inside sane bounds for that currency, and with something that says it is pay (a pay word before
it, a stated period, a range of full figures, a header line) and nothing that says it is not
(a funding or perk word in the same clause). When unsure it says nothing: a wrong salary on a
card is worse than none.

Questions go through `parse_pay_ask`, which takes the pay request out of the question so its
figures never become search words ("python over 150k" searches "python").

Currencies are ISO codes. The exchange table below is rough and only used for sanity bounds and to
compare a question in one currency with a posting in another; it is not a price feed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "ANNUAL_FACTOR",
    "Pay",
    "PayAsk",
    "Period",
    "ask_label",
    "label",
    "parse_pay_ask",
    "pay_from_fields",
    "pay_from_text",
]

Period = Literal["year", "month", "week", "day", "hour"]

ANNUAL_FACTOR: Mapping[str, int] = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
"""How many of each period make a year (a full-time year: 52 weeks, 260 days, 2080 hours)."""

# Units of each currency per US dollar, roughly (2025). Only for sanity bounds and cross-currency
# comparison of a question with a posting; an error of 20% changes neither much.
_PER_USD: Mapping[str, float] = {
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
_DOLLAR_LIKE = frozenset({"USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SGD"})
# Where small figures with no stated period are monthly by custom (Chinese, Polish, Brazilian …
# ads quote a month's pay); elsewhere such a figure is left alone.
_MONTHLY_CUSTOM = frozenset(
    {"CNY", "HKD", "TWD", "SGD", "MYR", "PHP", "THB", "IDR", "VND", "PLN", "CZK", "HUF", "RON",
     "BGN", "BRL", "ARS", "CLP", "COP", "PEN", "MXN", "UAH", "RUB", "TRY", "KRW", "JPY", "INR",
     "EGP", "NGN", "KES", "PKR", "BDT", "LKR"}
)  # fmt: skip
# A salary's annual value in US dollars lies within these (bounds, not a guess at pay levels:
# under the floor it is a perk or a price, over the ceiling funding or revenue).
_MIN_ANNUAL_USD = 3_000
_MAX_ANNUAL_USD = 2_500_000
# A figure stated per year in a dollar-like unit is at least this: "$3,200 a year" is an FSA limit
# or a learning budget, not a salary (rupee or yuan salaries can be lower in dollars).
_MIN_YEARLY_DOLLAR_LIKE = 10_000
# With no stated period, an annual figure is at least this (in US dollars); a smaller one is a
# month's pay where that is the custom, and otherwise unclear.
_YEAR_FROM_USD = 15_000
_MAX_FIELD_CHARS = 300  # a front-matter pay string longer than this is prose, not a figure


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
        asked = self.currency or ("" if pay.currency in _DOLLAR_LIKE else "USD")
        if asked and asked != pay.currency:
            rate = _PER_USD.get(pay.currency), _PER_USD.get(asked)
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
        asked = self.currency or ("" if currency in _DOLLAR_LIKE else "USD")
        factor = 1.0
        if asked and asked != currency:
            rate = _PER_USD.get(currency), _PER_USD.get(asked)
            if rate[0] is None or rate[1] is None:
                return None
            factor = rate[0] / rate[1]
        if factor == 1.0:
            return float(self.min_annual), None if self.max_annual is None else self.max_annual
        # `accepts` rounds the converted figure to whole units: the bounds round alike.
        least = (self.min_annual - 0.5) * factor
        ceiling = None if self.max_annual is None else (self.max_annual + 0.5) * factor - 1e-9
        return least, ceiling


# ---------------------------------------------------------------------------------------------
# Currencies: the signs and codes an amount can carry, and what each stands for.

# ISO codes read as currencies in capitals; these few also in lower case ("100k usd", "chf/annum").
# "PHP" is far more often the language ("PHP 8.1") than the peso: only "₱" is read.
_CODES = sorted(set(_PER_USD) - {"PHP"} | {"RMB", "USDT", "USDC"}, key=lambda c: (-len(c), c))
_LOWER_CODES = ("usdt", "usd", "eur", "gbp", "chf", "cad", "aud", "sgd", "hkd", "inr", "rmb", "cny")
_SIGN_CODES: Mapping[str, str] = {
    "us$": "USD", "usd$": "USD", "ca$": "CAD", "c$": "CAD", "cad$": "CAD", "au$": "AUD",
    "a$": "AUD", "aud$": "AUD", "nz$": "NZD", "nzd$": "NZD", "s$": "SGD", "sg$": "SGD",
    "sgd$": "SGD", "hk$": "HKD", "hkd$": "HKD", "r$": "BRL", "mx$": "MXN", "nt$": "TWD",
    "€": "EUR", "£": "GBP", "₹": "INR", "₨": "INR", "rs": "INR", "rs.": "INR", "₩": "KRW",
    "₪": "ILS", "₱": "PHP", "₦": "NGN", "₺": "TRY", "₴": "UAH", "₽": "RUB", "rm": "MYR",
    "zł": "PLN", "zl": "PLN", "kč": "CZK", "ft": "HUF", "lei": "RON", "fr.": "CHF", "円": "JPY",
    "元": "CNY", "人民币": "CNY", "块": "CNY", "美元": "USD", "美金": "USD", "欧元": "EUR",
    "港币": "HKD", "港元": "HKD", "u": "USD", "rmb": "CNY", "usdt": "USD", "usdc": "USD",
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "rupees": "INR", "yuan": "CNY", "franc": "CHF", "francs": "CHF",
}  # fmt: skip
# Signs that name a family, not one currency: "$" is USD unless a code says CAD; "¥" is CNY in
# Chinese text and JPY otherwise; "kr" needs a code to say which crowns.
_DOLLARS = frozenset(
    {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP", "BRL"}
)  # "$" is written for all of these (and "R$327,000-$385,000" is reais at both ends)
_FAMILY: Mapping[str, frozenset[str]] = {
    "$": _DOLLARS, "＄": _DOLLARS, "dollar": _DOLLARS, "dollars": _DOLLARS,
    "¥": frozenset({"JPY", "CNY"}), "￥": frozenset({"JPY", "CNY"}),
    "kr": frozenset({"SEK", "NOK", "DKK", "ISK"}), "kr.": frozenset({"SEK", "NOK", "DKK", "ISK"}),
}  # fmt: skip

_CODE = rf"(?:{'|'.join(_CODES)}|(?i:{'|'.join(_LOWER_CODES)}))(?![A-Za-z])"
_POST_CODE = rf"(?:{_CODE}|PHP(?![A-Za-z]))"  # "115,000 PHP/Month" is pesos, "PHP 8" is not
_SIGN = (
    r"(?:(?i:usd|us|cad|ca|c|aud|au|a|nzd|nz|sgd|sg|s|hkd|hk|r|mx|nt)\$|\$|＄|€|£|¥|￥|₹|₨|₩|₪|₱|₦|₺"
    r"|₴|₽|(?i:rs)\.?(?![A-Za-z])|RM(?![A-Za-z])|(?i:fr)\.)"
)
_PRE = rf"(?:{_CODE}[ \t]?{_SIGN}?|{_SIGN})"
_POST_WORDS = r"(?i:euros?|dollars?|pounds?(?: sterling)?|rupees|yuan|francs?)(?![a-z])"
_POST = (
    rf"(?:[ \t]?\({_POST_CODE}\)"  # "$110,000-$150,000(AUD)"
    rf"|[ \t]?/?[ \t]?(?:{_POST_CODE}|€|zł|(?i:zl|kr|ft|lei)(?![A-Za-z])\.?|Kč|円|元"
    rf"|人民币|美元|美金|欧元|港币|港元|块|{_POST_WORDS})"
    r"|(?<=[\dkK万])[ \t]?[Uu](?![A-Za-z]))"  # "3000U", "5-10 K U" (USDT)
)
# 1,234,567 / 1.234.567 / 120'000 / 120 000 (maybe with decimals after), or digits with decimals.
_NUM = r"\d{1,3}(?:[,.'’\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
_MULT = (
    r"(?:[kK](?![a-z])|MM(?![A-Za-z])|mm(?![a-z])|[mM](?![A-Za-z])|mn(?![a-z])|bn(?![a-z])"
    r"|B(?![A-Za-z])"
    r"|万|萬|千|[wW](?![A-Za-z])|(?i:lakhs?|lacs?|lpa|crores?|cr)(?![a-z])|L(?![A-Za-z])"
    r"|(?i:thousand|million|billion)(?![a-z]))"
)
_SEP = (
    r"(?:[ \t]*(?:[-–—−~～〜－]+|\\-|至|到)[ \t]*"
    r"|[ \t]+(?:to|bis|à|a|até|e|et|und|and|y)[ \t]+)"
)


def _amount(n: int, *, bare: str) -> str:
    """One amount: a sign or code, or none (then `bare` must hold), a figure, a unit, a sign or
    code after it, a "+"."""
    return (
        rf"(?:(?P<pre{n}>{_PRE})[ \t]?|{bare})(?P<num{n}>{_NUM})(?:[ \t]?(?P<mul{n}>{_MULT}))?"
        rf"(?P<post{n}>{_POST})?(?P<plus{n}>\+)?"
    )


# A period between the ends of a range ("$121,500/yr - $199,500/yr", "US$52/hour to US$75").
_INNER_PERIOD = r"(?P<per1>[ \t]?/[ \t]?(?i:yr|year|hr|hour|h|mo|month|annum|day|week|wk)\b)?"
# Markdown emphasis around the separator ("**$111,000/year** to **$185,000/year**").
_EMPHASIS = r"(?:\*\*|__|\*|_)?"


# The look-behinds keep figures inside words and versions out ("web3", "c++20", "v2.1", "9:00",
# "2026-11-01"); after a sign or code any character may come before ("Salary:$120k"), and a
# colon only blocks after a digit ("薪资:5000" is pay, "9:00" is not).
_BARE = r"(?<![.,+#/\-])(?<!\d:)"
_MONEY = re.compile(
    rf"(?<![A-Za-z0-9]){_amount(1, bare=_BARE)}"
    rf"(?:{_INNER_PERIOD}{_EMPHASIS}(?P<sep>{_SEP}){_EMPHASIS}{_amount(2, bare='')})?"
)
# Scanning: every run of digits is a candidate, and the few with a currency sign, code or unit
# close by are read in full. (A pattern that starts with "\d" is scanned at C speed; the full
# pattern, with its optional sign or code first, is far too slow to try at every character.)
_RUN = re.compile(r"[0-9]+")
_NEAR = re.compile(
    r"[$＄€£¥￥₹₨₩₪₱₦₺₴₽円元块万萬薪]|[0-9][ \t]?[kKwWLuU](?![a-z])|[A-Z][A-Z]|lakh|lac|lpa|crore"
    r"|usd|eur|gbp|chf|cad|aud|rmb|cny|inr|sgd|hkd|zł|zl|kr|Kč|Ft|lei|Rs|rs\.|thousand|dollar"
    r"|pound|rupee|yuan|franc|Eur|Dollar|Pound|Rupee|Yuan|Franc|Lakh|Crore|Thousand"
)
_NEAR_BEFORE = 8  # the window around a run where a sign, code or unit marks it
_NEAR_AFTER = 20
_LOOK_AHEAD = 90  # how far after a run its amount may end ("… - $234,567.00 USD")
_GROUPING = frozenset(",.'’ \u00a0\u202f")
# A sign or code that ends where a figure starts ("USD $", "CA$", "€ ").
_PRE_END = re.compile(rf"(?:{_PRE})[ \t]?\Z")
_PRE_LAST = frozenset("$＄€£¥￥₹₨₩₪₱₦₺₴₽.")  # the last character of a sign (or a letter)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]|円|収")  # Japanese, not Chinese ("年収" is 年收 in Chinese)

_MULTIPLIERS: Mapping[str, int] = {
    "k": 1_000, "thousand": 1_000, "千": 1_000, "m": 1_000_000, "mn": 1_000_000,
    "million": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000,
    "万": 10_000, "w": 10_000, "lakh": 100_000, "lpa": 100_000, "l": 100_000, "crore": 10_000_000,
}  # fmt: skip
_UNIT_NAMES: Mapping[str, str] = {
    "mm": "m", "萬": "万", "lakhs": "lakh", "lac": "lakh", "lacs": "lakh", "crores": "crore",
    "cr": "crore", "lpa": "lpa",
}  # fmt: skip
_INDIAN_UNITS = frozenset({"lakh", "lpa", "l", "crore"})
_HUGE_UNITS = frozenset({"m", "mn", "million", "b", "bn", "billion"})
# Currencies whose salaries run to millions of units, so "5M" can be a salary in them.
_MILLIONS_OK = frozenset({"JPY", "KRW", "INR", "IDR", "VND", "HUF", "CLP", "COP", "NGN", "ISK"})

# ---------------------------------------------------------------------------------------------
# Context: the words around an amount that say it is pay, per what, or that it is not pay.

_PERIODS: tuple[Period, ...] = ("year", "month", "week", "day", "hour")
# Period words that may stand alone after an amount ("$5,000 monthly", "60-100K RMB月薪") …
_UNIT_ALONE = (
    r"(?P<year>annual(?:ly)?|yearly|jährlich|annuel(?:le)?|anuale?s?|anuais|年(?![终底假会度]))"
    r"|(?P<month>monthly|monatlich|mensuel(?:le)?|mensual(?:es)?|mensal|月(?![底度]))"
    r"|(?P<week>weekly)|(?P<day>daily)|(?P<hour>hourly)"
)
# … and those that need "/", "per", "a" … before them ("/yr", "per annum", "par an", "/j").
_UNIT_AFTER_ARTICLE = (
    r"(?P<year2>years?|yrs?|y|annum|jahr|année|an|años?|ano|年)"
    r"|(?P<month2>months?|mo|mth|mon|monat|mois|mes|mês|月|m)"
    r"|(?P<week2>weeks?|wk|woche|semaine|semana|周)"
    r"|(?P<day2>days?|d|j|jour|tag|día|dia|天|日)"
    r"|(?P<hour2>hours?|hr|hrs|h|stunde|std\.?|heure|hora|小时|时)"
)
_ARTICLE = r"(?:/|\bper\b|\ba\b|\ban\b|\bpro\b|\bpar\b|\bpor\b|\bal\b|\bau\b|\bje\b|\beach\b|每)"
_QUALIFIER = (
    rf"(?:{_CODE}|\(?(?:gross|brutto|brut|bruto|brutos|bruta|net|netto|neto|base|ote|fixe|fixed"
    r"|salary|before tax|pre-tax|税前|薪资?)\)?)"
)
_PERIOD_AFTER = re.compile(
    rf"[ \t]*(?:{_QUALIFIER}[ \t,]*){{0,3}}"
    rf"(?:(?:{_UNIT_ALONE})|{_ARTICLE}[ \t]*(?:{_UNIT_AFTER_ARTICLE}))(?![A-Za-z])"
    r"|[ \t]*(?:p\.?\s?a\.?|pa)(?![A-Za-z])",
    re.IGNORECASE,
)
_PERIOD_BEFORE = re.compile(
    r"(?P<year>annual|annually|yearly|per year|per annum|a year|年薪|年收入?|年収|年俸|jahresgehalt"
    r"|annuel(?:le)?|anual)"
    r"|(?P<month>monthly|per month|a month|月薪|月收入|月給|月给|monatsgehalt|mensuel|mensual"
    r"|mensal)"
    r"|(?P<hour>hourly|per hour|an hour|时薪|時給|stundenlohn|stundensatz)"
    r"|(?P<day>daily|day rate|per day|日薪|日給|tjm|tagessatz)"
    r"|(?P<week>weekly|per week|周薪)",
    re.IGNORECASE,
)
# Pay words: one of these shortly before (or just after) an amount says it is pay.
_PAY_WORDS = re.compile(
    r"\b(?:salary|salaries|pay|paid|pays|payrate|compensation|comp|remuneration|base|ote|wages?"
    r"|rate|rates|earn|earnings|income|range|band|package|tc|gross|salário|salario|sueldo"
    r"|remuneração|remuneración|rémunération|salaire|brut|gehalt|vergütung|brutto|jahresgehalt"
    r"|stipendio|retribuzione|ral|wynagrodzenie|pensja|lön|lønn|løn|palkka|salaris|loon|cdi"
    r"|offer|offering)\b"
    r"|薪|待遇|工资|報酬|給与|年収|月給|💰|💵",
    re.IGNORECASE,
)
# Words that make an amount something else: funding, revenue, perks, prices. The nearer of these
# and a pay word before an amount decides; one just after it (in the same phrase) always rejects.
_NOT_PAY = re.compile(
    r"\b(?:rais(?:e|ed|es|ing)|funding|funded|fund|funds|series|seed|pre-seed|valuation|valued"
    r"|revenues?|arr|mrr|gmv|invest(?:ed|ors?|ment|ments)?|backed|capital|venture|round"
    r"|grants?|prize|prizes|bount(?:y|ies)|awards?|market cap|assets|aum|volume|transactions"
    r"|processed|worth|budgets?|stipends?|allowances?|credits?|reimburs\w*|vouchers?|discounts?"
    r"|price|pricing|costs?|fees?|spend|spent|saved|savings|donat\w*|match|matching"
    r"|loans?|deposits?|sales|profits?|profitable|turnover|umsatz|chiffre|bonus"
    r"|bonuses|signing|sign-on|referral|relocation|learning|education|wellness|wellbeing"
    r"|gym|lunch|meals?|food|coworking|internet|phone|laptop|equipment|setup|hardware|training"
    r"|conferences?|books|coaching|courses|tuition|home office|insurance|401\(?k\)?|hsa|fsa"
    r"|per user|per seat|card|gift|payments?|flows?|billion|millions?|deal|deals|acquired"
    r"|acquisition|ipo|in equity|equity grant)\b"
    r"|融资|估值|投资|营收|交易量|市值|美元的|亿|奖金|补贴|报销",
    re.IGNORECASE,
)
# … and these only just after it ("$5 per user", "$10k users"): before it they are job titles
# ("Customer Success Engineer $45K - $75K").
_NOT_PAY_AFTER = re.compile(
    r"\b(?:users?|customers?|clients?|members?|tokens?|contracts?|per month per|grants?"
    r"|health ?care|dependent care|childcare|medical)\b",
    re.IGNORECASE,
)
# A figure about pay in general, not this job's ("their median income is $34,142").
_STATISTIC = re.compile(r"\b(?:median|average|avg|mean)\b", re.IGNORECASE)
# … unless the clause says it is this job's ("the average base salary for this role is").
_THIS_JOB = re.compile(r"\b(?:this|the) (?:role|position|job|opening)\b", re.IGNORECASE)
_MAX_BEFORE = re.compile(
    r"(?:\bup[ -]?to|\bupto|\bmax(?:imum)?\.?|\bbis zu|\bjusqu['’]?à|\bhasta|\baté|\bfino a"
    r"|最高|不超过|上限)\W{0,4}$",
    re.IGNORECASE,
)
_MIN_BEFORE = re.compile(
    r"(?:\bfrom|\bstarting(?: at| from)?|\bstarts at|\bat least|\bmin(?:imum)?\.?|\bab"
    r"|\bà partir de|\ba partir de|\bdesde|\bdès|\bmindestens|\bau moins|\bno less than"
    r"|\bentry salary of|最低|起薪|不低于)\W{0,4}$",
    re.IGNORECASE,
)
_MIN_AFTER = re.compile(
    r"[ \t]*(?:(?:USD|EUR|GBP|CHF|CAD|base|salary|[/每]\s*[^\s,，。]{1,6}?|per \w+|a year)[ \t]*)?"
    r"(?:minimum|min\b|or more|and up\b|and above|以上|起)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r".*(?:[.!?;|•·]\s|\n|。|；)", re.DOTALL)
_AFTER_END = re.compile(
    r"[\n;|+(•·。；,，]|\.\s|\s(?:plus|and|or|und|et|as well as|with|including)\s|[$€£¥₹]"
    r"|(?<=[\u4e00-\u9fff])\s|\*\d"
)
_CJK_PAY = re.compile(r"薪|待遇|工资|月|年|base", re.IGNORECASE)
_PAID_IN_DOLLARS = re.compile(r"USDT|USDC|USD|美金|美元|(?<![A-Za-z])U(?![A-Za-z])")


def pay_from_text(title: str, summary: str, body: str) -> Pay | None:
    """The pay a posting's text states: the first convincing statement in the title, then the
    summary, then the body; None when there is none, or when it is unclear."""
    for text, header in ((title, True), (summary, False), (body, False)):
        if text:
            pay = _first_pay(text, header=header)
            if pay is not None:
                return pay
    return None


def _first_pay(text: str, *, header: bool, trusted: bool = False) -> Pay | None:
    """The first amount in `text` that `_judge` accepts."""
    done = 0  # the text before this is read
    for run in _RUN.finditer(text):
        start, end = run.span()
        if start < done or not _NEAR.search(text, max(0, start - _NEAR_BEFORE), end + _NEAR_AFTER):
            continue
        start = _figure_start(text, start)
        found = _MONEY.match(text, _sign_start(text, start), end + _LOOK_AHEAD)
        if found is None:
            continue
        done = found.end()
        pay = _judge(text, found, header=header, trusted=trusted)
        if pay is not None:
            return pay
    return None


def _figure_start(text: str, start: int) -> int:
    """Where the figure a digit run belongs to starts ("000" of "120,000" → "120")."""
    while start >= 2 and text[start - 1] in _GROUPING and text[start - 2].isdigit():
        start -= 2
        while start > 0 and text[start - 1].isdigit():
            start -= 1
    return start


def _sign_start(text: str, start: int) -> int:
    """Where the sign or code before a figure starts, or the figure's start when none does."""
    last = start - 1
    if last > 0 and text[last] in " \t":
        last -= 1
    if last < 0 or not (text[last] in _PRE_LAST or "A" <= text[last].upper() <= "Z"):
        return start
    found = _PRE_END.search(text, max(0, start - 8), start)
    return found.start() if found else start


def _judge(text: str, m: re.Match[str], *, header: bool, trusted: bool) -> Pay | None:
    """The Pay one amount (or range) stands for, or None when it is not convincingly pay.

    `header`: the amount is in a title, where "| $150k |" needs no pay word. `trusted`: the text
    is a front-matter pay field, so it is pay by its key.
    """
    groups = m.groupdict()
    if not any(groups[name] for name in _MARKED):
        return None  # a bare figure (the common case: decided before any other work)
    start, end = m.span()
    first = _side(groups["num1"], groups["mul1"])
    ends = None
    if groups["num2"] is not None:
        ends = _range(first, _side(groups["num2"], groups["mul2"]))
    if ends is None:  # one amount ("$100k - 5 years": only the first counts)
        low = high = first[0] * _MULTIPLIERS.get(first[1], 1)
        unit = first[1]
        markers: tuple[str | None, ...] = (groups["pre1"], groups["post1"])
        plus = bool(groups["plus1"])
        if groups["num2"] is not None:
            end = max(m.end(name) for name in ("num1", "mul1", "post1", "plus1"))
    else:
        low, high, unit = ends
        markers = (groups["pre1"], groups["post1"], groups["pre2"], groups["post2"])
        plus = False
    if low <= 0:
        return None
    window = text[max(0, start - 100) : end + 60]
    cjk = _CJK.search(window) is not None
    currency = _currency(markers, unit, window, cjk)
    if currency is None:
        if not (cjk and unit in {"k", "", "万", "w", "千"} and _CJK_PAY.search(window)):
            return None
        # "底薪20-30k": a Chinese ad's bare figures are yuan, unless its own phrase says they are
        # dollars or USDT ("5-10 K/月 U"); a later "以USDT结算" (paid out in USDT) does not.
        per = _PERIOD_AFTER.match(text, end)
        after_text = text[per.end() if per else end :][:60]
        currency = "USD" if _PAID_IN_DOLLARS.search(after_text[: _cut(after_text)]) else "CNY"
    if (
        (unit == "w" and not cjk)  # "40w" means 万 only in Chinese text
        or (unit in _HUGE_UNITS and currency not in _MILLIONS_OK)  # "$20M": funding, not pay
        or (unit in _INDIAN_UNITS and currency != "INR")
    ):
        return None
    before = text[max(0, start - 100) : start]
    after_text = text[end : end + 60]
    after = after_text[: _cut(after_text)]
    if not trusted and _not_pay(_clause(before), after):
        return None
    period = _period(text, end, before[-30:], unit)
    if period is None and ends is not None and groups["per1"]:
        period = _period(text, m.start("per1"), "", unit)  # "$50/hr - $70"
    lo_value: float | None = low
    hi_value: float | None = high
    if ends is None:
        if _MAX_BEFORE.search(before[-25:]):
            lo_value = None
        elif plus or _MIN_BEFORE.search(before[-25:]) or _MIN_AFTER.match(after_text):
            hi_value = None
    stated = period is not None
    if period is None:
        period = _unstated_period(low, high, currency, cjk, trusted)
        if period is None:
            return None
    if not (
        trusted or stated or header or _pay_like(text, m, ends is not None, unit, before, after)
    ):
        return None
    return _pay(lo_value, hi_value, currency, period)


def _pay_like(
    text: str, m: re.Match[str], is_range: bool, unit: str, before: str, after: str
) -> bool:
    """Whether an amount that states no period reads as pay (its size gave the period): a pay
    word near it, a line of "|" fields (a "Who is hiring" header: "Acme | Remote | $150k"), a
    range with "k" or in full figures ("$120,000 - $150,000"), or a single "$150k" with no other
    word in its clause that could make it something else."""
    if _PAY_WORDS.search(before) or _PAY_WORDS.search(after[:25]):
        return True
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    if text.count("|", line_start, line_end if line_end >= 0 else len(text)) >= 2:
        return True
    if unit not in {"", "k"}:
        return False
    return is_range or (unit == "k" and not _NOT_PAY.search(_clause(before)))


_MARKED = ("pre1", "post1", "mul1", "pre2", "post2", "mul2")


def _not_pay(clause: str, after: str) -> bool:
    """Whether the words around an amount say it is not pay: a funding, perk or price word just
    after it, a statistic word before it, or a not-pay word nearer before it than any pay word."""
    if _NOT_PAY.search(after[:30]) or _NOT_PAY_AFTER.search(after[:30]):
        return True
    if _STATISTIC.search(clause) and not _THIS_JOB.search(clause):
        return True
    clause = clause[-40:]
    last_bad = max((hit.end() for hit in _NOT_PAY.finditer(clause)), default=-1)
    if last_bad < 0:
        return False
    last_good = max((hit.end() for hit in _PAY_WORDS.finditer(clause)), default=-1)
    return last_bad > last_good


def _pay(low: float | None, high: float | None, currency: str, period: Period) -> Pay | None:
    """A Pay from figures, or None when they fall outside the currency's sane annual bounds."""
    rate = _PER_USD.get(currency)
    lo = round(low) if low is not None else None
    hi = round(high) if high is not None else None
    if rate is None or (lo is None and hi is None):
        return None
    factor = ANNUAL_FACTOR[period]
    floor = _MIN_ANNUAL_USD
    if period == "year" and currency in _DOLLAR_LIKE:
        floor = _MIN_YEARLY_DOLLAR_LIKE
    for value in (lo, hi):
        if value is not None and not floor <= value * factor / rate <= _MAX_ANNUAL_USD:
            return None
    return Pay(lo, hi, currency, period)


def _clause(before: str) -> str:
    """The part of `before` in the amount's own clause (after the last sentence or line end)."""
    found = _CLAUSE_END.match(before)
    return before[found.end() :] if found else before


def _cut(after: str) -> int:
    """Where the phrase after an amount ends (the next amount, "+", "and", a comma …)."""
    found = _AFTER_END.search(after)
    return found.start() if found else len(after)


def _side(num: str, mul: str | None) -> tuple[float, str]:
    """A figure and its unit; a "k" after a figure written out in thousands is a slip of the
    pen ("$94,000k-$152,375k" means $94,000), and is dropped."""
    value, unit = _number(num), _unit(mul)
    if unit == "k" and value >= 1000:
        return value, ""
    return value, unit


def _unit(mul: str | None) -> str:
    """The `_MULTIPLIERS` key of a unit as written ("K" → "k", "Lakhs" → "lakh", "L" → "l")."""
    if not mul:
        return ""
    if mul == "L":
        return "l"
    lowered = mul.lower()
    return _UNIT_NAMES.get(lowered, lowered)


def _number(text: str) -> float:
    """A figure with any digit grouping: "1,234,567", "85.000", "120'000", "25 000", "9.999,99",
    "2.5", "1,5" — a separator followed by exactly three digits groups them, else it is the
    decimal point."""
    digits = re.sub(r"[\s'’\u00a0\u202f]", "", text)
    if "," not in digits and "." not in digits:
        return float(digits)
    parts = re.split(r"[.,]", digits)
    if len(parts[-1]) != 3:  # "9.999,99", "2.5": the last part is the decimals
        return float(f"{''.join(parts[:-1])}.{parts[-1]}")
    return float("".join(parts))


def _range(first: tuple[float, str], second: tuple[float, str]) -> tuple[float, float, str] | None:
    """Both ends of a range, in units: a unit on one end carries to the other ("$120-150k",
    "2-4万", "₹40–60L", "150k-200"); None when the ends make no range ("$100k - 5")."""
    (a, a_unit), (b, b_unit) = first, second
    if a_unit and b_unit and a_unit != b_unit:
        low, high = a * _MULTIPLIERS[a_unit], b * _MULTIPLIERS[b_unit]
        unit = ""
    else:
        unit = a_unit or b_unit
        mult = _MULTIPLIERS.get(unit, 1)
        low = a * mult if a_unit or a < 1000 else a
        high = b * mult if b_unit or b < 1000 else b  # "$90k-$110,000"
        if not unit and a < 1000 <= a * 1000 <= b:
            low = a * 1000  # "$154-190,000"
    if low <= 0 or low > high:
        return None
    return low, high, unit


def _currency(markers: tuple[str | None, ...], unit: str, window: str, cjk: bool) -> str | None:
    """The ISO code the amount's signs and codes name; None when they name none or disagree."""
    codes: set[str] = set()
    generic: set[str] = set()
    for marker in markers:
        for part in _MARKER_PARTS.findall(marker or ""):
            key = part.lower()
            if key in _FAMILY:
                generic.add(key)
            elif key in _SIGN_CODES:
                codes.add(_SIGN_CODES[key])
            elif part.upper() in _PER_USD:
                codes.add(part.upper())
    if len(codes) > 1:
        return None  # "$150,000 CAD - $180,000 USD": which?
    if codes:
        code = next(iter(codes))
        return code if all(code in _FAMILY[sign] for sign in generic) else None  # "£100 USD"
    if len(generic) == 1:
        sign = next(iter(generic))
        if _FAMILY[sign] is _DOLLARS and _PESOS.search(window):
            return None  # "Gross Annual Pesos Base Salary: $780,000": which pesos?
        if sign in {"¥", "￥"}:
            return "CNY" if cjk and not _KANA.search(window) else "JPY"
        return "USD" if _FAMILY[sign] is _DOLLARS else None  # "kr" alone: which crowns?
    if not generic:
        if unit in _INDIAN_UNITS:
            return "INR"  # "12 LPA", "20 lakhs"
        if unit in {"万", "w"} and cjk:
            return "JPY" if _KANA.search(window) else "CNY"
    return None


_PESOS = re.compile(r"\bpesos?\b", re.IGNORECASE)
# A marker's parts: a word with a "$" ("US$"), a word maybe with a dot ("Rs.", "kr."), a sign.
_MARKER_PARTS = re.compile(r"[^\W\d_]+\$|[^\W\d_]+\.?|[^\w\s]")


def _period(text: str, end: int, before: str, unit: str) -> Period | None:
    """The period stated right after the amount ("/yr", "per annum", "brutto/Monat", "/月") or
    just before it ("annual salary of", "月薪"); LPA is per year by name."""
    if unit == "lpa":
        return "year"
    after = _PERIOD_AFTER.match(text, end)
    if after is not None:
        for name in _PERIODS:
            if after.group(name) or after.group(f"{name}2"):
                return name
        return "year"  # "p.a."
    found: Period | None = None
    for hit in _PERIOD_BEFORE.finditer(before):
        found = next(name for name in _PERIODS if hit.group(name))
    return found


def _unstated_period(
    low: float, high: float, currency: str, cjk: bool, trusted: bool
) -> Period | None:
    """The period of an amount that states none: a year when the figure is a plausible year's
    pay, a month where monthly figures are the custom (or in Chinese text), else unknown. In a
    Chinese ad a dollar range that starts below a year's pay is monthly ("5000-15000 USD")."""
    rate = _PER_USD.get(currency)
    if rate is None:
        return None
    usd = high / rate
    if cjk and currency in _DOLLAR_LIKE and low / rate < _YEAR_FROM_USD:
        return "month" if usd * 12 >= _MIN_ANNUAL_USD else None
    if usd >= _YEAR_FROM_USD:
        return "year"
    if currency in _MONTHLY_CUSTOM or cjk:
        return "month" if usd * 12 >= _MIN_ANNUAL_USD else None
    if trusted:  # a front-matter figure: its key says it is pay, its size says per what
        return "month" if usd >= 500 else "hour" if usd >= 3 else None
    return None


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
    tagged = text if _first_pay(text, header=True, trusted=True) else f"{sign} {text}"
    pay = _first_pay(tagged, header=True, trusted=True)
    if pay is None:
        return None
    if period is not None and period != pay.period and not _PERIOD_AFTER.search(text):
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
            rf"\s*[^\d\s]{{0,4}}\s?({_NUM})\s?({_MULT})?\s*[A-Za-z]{{0,4}}\s*", value
        )
        if not found:
            return None
        return _number(found.group(1)) * _MULTIPLIERS.get(_unit(found.group(2)), 1)
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
    period = period or _unstated_period(top, top, currency, False, True)
    if period is None:
        return None
    return _pay(low, high, currency, period)


def _currency_field(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.upper() in _PER_USD or text.upper() in {"RMB", "USDT", "USDC"}:
        return _SIGN_CODES.get(text.lower(), text.upper())
    if text.lower() in _SIGN_CODES:
        return _SIGN_CODES[text.lower()]
    return "USD" if text in {"$", "＄"} else None


def _period_field(value: Any) -> Period | None:
    if not isinstance(value, str):
        return None
    return _PERIOD_NAMES.get(_key(value).removeprefix("per"))


# ---------------------------------------------------------------------------------------------
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
    rf"(?<![A-Za-z0-9_])(?:(?P<pre>{_PRE})[ \t]?|{_BARE})(?P<num>{_NUM})"
    rf"(?:[ \t]?(?P<mul>{_MULT}))?(?P<post>{_POST})?"
    rf"(?:{_SEP}(?:{_PRE}[ \t]?)?(?P<num2>{_NUM})(?:[ \t]?(?P<mul2>{_MULT}))?(?:{_POST})?)?"
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
    unit = _unit(m.group("mul"))
    if ranged and not unit and m.group("mul2"):
        unit = _unit(m.group("mul2"))  # "120-160k": the unit of the top carries to the bottom
    cn = m.group("cn")
    cjk = bool(cn) or _CJK.search(text) is not None
    currency = _currency((m.group("pre"), m.group("post")), unit, text, cjk)
    if currency is None and cjk and (cn or unit in {"万", "w"}):
        currency = "CNY"
    pay_word = bool(m.group("tail") or cn or re.search(_ASK_PAY_WORD, m.group("lead"), re.I))
    if (
        (unit in _HUGE_UNITS and currency not in _MILLIONS_OK)
        or (unit == "w" and not cjk)
        or not (currency or unit or pay_word)  # "over 100 people", "top 10"
    ):
        return None
    value = _number(m.group("num"))
    value *= _MULTIPLIERS.get(unit, 1)
    period = _ASK_PERIODS.get((m.group("per") or "").lower(), "year")
    if cn:
        period = "month" if cn.startswith("月") else "hour" if cn.startswith("时") else "year"
    if unit == "lpa":
        period = "year"
    annual = round(value * ANNUAL_FACTOR[period])
    usd = annual / _PER_USD.get(currency, 1) if currency else annual
    if annual < _MIN_ASK or usd > _MAX_ANNUAL_USD:
        return None
    if m.group("maxw") and m.group("num2") is None:
        return PayAsk(0, currency, annual)
    if ranged:  # "$120k-$160k": postings whose pay reaches 120k and starts at most at 160k
        top_unit = _unit(m.group("mul2")) or unit
        top = round(
            _number(m.group("num2")) * _MULTIPLIERS.get(top_unit, 1) * ANNUAL_FACTOR[period]
        )
        if top > annual:
            return PayAsk(annual, currency, top)
    return PayAsk(annual, currency)


# ---------------------------------------------------------------------------------------------
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
