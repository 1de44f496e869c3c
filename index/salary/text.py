"""Reading pay from a posting's text: scan for figures near a currency mark, then judge each
by the words around it (a pay word, a period, a funding or perk word), for precision: when
unsure it says nothing, because a wrong salary on a card is worse than none.
"""

from __future__ import annotations

import re

from index.salary.amounts import (
    BARE,
    CJK,
    CODE,
    HUGE_UNITS,
    INDIAN_UNITS,
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
from index.salary.pay import (
    ANNUAL_FACTOR,
    DOLLAR_LIKE,
    MAX_ANNUAL_USD,
    MIN_ANNUAL_USD,
    MIN_YEARLY_DOLLAR_LIKE,
    MONTHLY_CUSTOM,
    PER_USD,
    YEAR_FROM_USD,
    Pay,
    Period,
)

__all__ = ["PERIOD_AFTER", "bounded_pay", "first_pay", "pay_from_text", "unstated_period"]


def _amount(n: int, *, bare: str) -> str:
    """One amount: a sign or code, or none (then `bare` must hold), a figure, a unit, a sign or
    code after it, a "+"."""
    return (
        rf"(?:(?P<pre{n}>{PRE})[ \t]?|{bare})(?P<num{n}>{NUM})(?:[ \t]?(?P<mul{n}>{MULT}))?"
        rf"(?P<post{n}>{POST})?(?P<plus{n}>\+)?"
    )


# A period between the ends of a range ("$121,500/yr - $199,500/yr", "US$52/hour to US$75").
_INNER_PERIOD = r"(?P<per1>[ \t]?/[ \t]?(?i:yr|year|hr|hour|h|mo|month|annum|day|week|wk)\b)?"
# Markdown emphasis around the separator ("**$111,000/year** to **$185,000/year**").
_EMPHASIS = r"(?:\*\*|__|\*|_)?"


_MONEY = re.compile(
    rf"(?<![A-Za-z0-9]){_amount(1, bare=BARE)}"
    rf"(?:{_INNER_PERIOD}{_EMPHASIS}(?P<sep>{SEP}){_EMPHASIS}{_amount(2, bare='')})?"
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
_PRE_END = re.compile(rf"(?:{PRE})[ \t]?\Z")
_PRE_LAST = frozenset("$＄€£¥￥₹₨₩₪₱₦₺₴₽.")  # the last character of a sign (or a letter)

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
    rf"(?:{CODE}|\(?(?:gross|brutto|brut|bruto|brutos|bruta|net|netto|neto|base|ote|fixe|fixed"
    r"|salary|before tax|pre-tax|税前|薪资?)\)?)"
)
PERIOD_AFTER = re.compile(
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
            pay = first_pay(text, header=header)
            if pay is not None:
                return pay
    return None


def first_pay(text: str, *, header: bool, trusted: bool = False) -> Pay | None:
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
        low = high = first[0] * MULTIPLIERS.get(first[1], 1)
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
    cjk = CJK.search(window) is not None
    currency = currency_of(markers, unit, window, cjk)
    if currency is None:
        if not (cjk and unit in {"k", "", "万", "w", "千"} and _CJK_PAY.search(window)):
            return None
        # "底薪20-30k": a Chinese ad's bare figures are yuan, unless its own phrase says they are
        # dollars or USDT ("5-10 K/月 U"); a later "以USDT结算" (paid out in USDT) does not.
        per = PERIOD_AFTER.match(text, end)
        after_text = text[per.end() if per else end :][:60]
        currency = "USD" if _PAID_IN_DOLLARS.search(after_text[: _cut(after_text)]) else "CNY"
    if (
        (unit == "w" and not cjk)  # "40w" means 万 only in Chinese text
        or (unit in HUGE_UNITS and currency not in MILLIONS_OK)  # "$20M": funding, not pay
        or (unit in INDIAN_UNITS and currency != "INR")
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
        period = unstated_period(low, high, currency, cjk, trusted)
        if period is None:
            return None
    if not (
        trusted or stated or header or _pay_like(text, m, ends is not None, unit, before, after)
    ):
        return None
    return bounded_pay(lo_value, hi_value, currency, period)


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


def bounded_pay(low: float | None, high: float | None, currency: str, period: Period) -> Pay | None:
    """A Pay from figures, or None when they fall outside the currency's sane annual bounds."""
    rate = PER_USD.get(currency)
    lo = round(low) if low is not None else None
    hi = round(high) if high is not None else None
    if rate is None or (lo is None and hi is None):
        return None
    factor = ANNUAL_FACTOR[period]
    floor = MIN_ANNUAL_USD
    if period == "year" and currency in DOLLAR_LIKE:
        floor = MIN_YEARLY_DOLLAR_LIKE
    for value in (lo, hi):
        if value is not None and not floor <= value * factor / rate <= MAX_ANNUAL_USD:
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
    value, unit = figure_value(num), unit_of(mul)
    if unit == "k" and value >= 1000:
        return value, ""
    return value, unit


def _range(first: tuple[float, str], second: tuple[float, str]) -> tuple[float, float, str] | None:
    """Both ends of a range, in units: a unit on one end carries to the other ("$120-150k",
    "2-4万", "₹40–60L", "150k-200"); None when the ends make no range ("$100k - 5")."""
    (a, a_unit), (b, b_unit) = first, second
    if a_unit and b_unit and a_unit != b_unit:
        low, high = a * MULTIPLIERS[a_unit], b * MULTIPLIERS[b_unit]
        unit = ""
    else:
        unit = a_unit or b_unit
        mult = MULTIPLIERS.get(unit, 1)
        low = a * mult if a_unit or a < 1000 else a
        high = b * mult if b_unit or b < 1000 else b  # "$90k-$110,000"
        if not unit and a < 1000 <= a * 1000 <= b:
            low = a * 1000  # "$154-190,000"
    if low <= 0 or low > high:
        return None
    return low, high, unit


def _period(text: str, end: int, before: str, unit: str) -> Period | None:
    """The period stated right after the amount ("/yr", "per annum", "brutto/Monat", "/月") or
    just before it ("annual salary of", "月薪"); LPA is per year by name."""
    if unit == "lpa":
        return "year"
    after = PERIOD_AFTER.match(text, end)
    if after is not None:
        for name in _PERIODS:
            if after.group(name) or after.group(f"{name}2"):
                return name
        return "year"  # "p.a."
    found: Period | None = None
    for hit in _PERIOD_BEFORE.finditer(before):
        found = next(name for name in _PERIODS if hit.group(name))
    return found


def unstated_period(
    low: float, high: float, currency: str, cjk: bool, trusted: bool
) -> Period | None:
    """The period of an amount that states none: a year when the figure is a plausible year's
    pay, a month where monthly figures are the custom (or in Chinese text), else unknown. In a
    Chinese ad a dollar range that starts below a year's pay is monthly ("5000-15000 USD")."""
    rate = PER_USD.get(currency)
    if rate is None:
        return None
    usd = high / rate
    if cjk and currency in DOLLAR_LIKE and low / rate < YEAR_FROM_USD:
        return "month" if usd * 12 >= MIN_ANNUAL_USD else None
    if usd >= YEAR_FROM_USD:
        return "year"
    if currency in MONTHLY_CUSTOM or cjk:
        return "month" if usd * 12 >= MIN_ANNUAL_USD else None
    if trusted:  # a front-matter figure: its key says it is pay, its size says per what
        return "month" if usd >= 500 else "hour" if usd >= 3 else None
    return None
