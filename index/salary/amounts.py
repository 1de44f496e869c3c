"""The grammar of an amount, shared by postings and questions: currency signs and codes,
figures in any digit grouping, units ("k", 万, lakh), and what currency a sign names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from index.salary.pay import PER_USD

# Currencies: the signs and codes an amount can carry, and what each stands for.

# ISO codes read as currencies in capitals; these few also in lower case ("100k usd", "chf/annum").
# "PHP" is far more often the language ("PHP 8.1") than the peso: only "₱" is read.
_CODES = sorted(set(PER_USD) - {"PHP"} | {"RMB", "USDT", "USDC"}, key=lambda c: (-len(c), c))
_LOWER_CODES = ("usdt", "usd", "eur", "gbp", "chf", "cad", "aud", "sgd", "hkd", "inr", "rmb", "cny")
SIGN_CODES: Mapping[str, str] = {
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

CODE = rf"(?:{'|'.join(_CODES)}|(?i:{'|'.join(_LOWER_CODES)}))(?![A-Za-z])"
_POST_CODE = rf"(?:{CODE}|PHP(?![A-Za-z]))"  # "115,000 PHP/Month" is pesos, "PHP 8" is not
_SIGN = (
    r"(?:(?i:usd|us|cad|ca|c|aud|au|a|nzd|nz|sgd|sg|s|hkd|hk|r|mx|nt)\$|\$|＄|€|£|¥|￥|₹|₨|₩|₪|₱|₦|₺"
    r"|₴|₽|(?i:rs)\.?(?![A-Za-z])|RM(?![A-Za-z])|(?i:fr)\.)"
)
PRE = rf"(?:{CODE}[ \t]?{_SIGN}?|{_SIGN})"
_POST_WORDS = r"(?i:euros?|dollars?|pounds?(?: sterling)?|rupees|yuan|francs?)(?![a-z])"
POST = (
    rf"(?:[ \t]?\({_POST_CODE}\)"  # "$110,000-$150,000(AUD)"
    rf"|[ \t]?/?[ \t]?(?:{_POST_CODE}|€|zł|(?i:zl|kr|ft|lei)(?![A-Za-z])\.?|Kč|円|元"
    rf"|人民币|美元|美金|欧元|港币|港元|块|{_POST_WORDS})"
    r"|(?<=[\dkK万])[ \t]?[Uu](?![A-Za-z]))"  # "3000U", "5-10 K U" (USDT)
)
# 1,234,567 / 1.234.567 / 120'000 / 120 000 (maybe with decimals after), or digits with decimals.
NUM = r"\d{1,3}(?:[,.'’\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
MULT = (
    r"(?:[kK](?![a-z])|MM(?![A-Za-z])|mm(?![a-z])|[mM](?![A-Za-z])|mn(?![a-z])|bn(?![a-z])"
    r"|B(?![A-Za-z])"
    r"|万|萬|千|[wW](?![A-Za-z])|(?i:lakhs?|lacs?|lpa|crores?|cr)(?![a-z])|L(?![A-Za-z])"
    r"|(?i:thousand|million|billion)(?![a-z]))"
)
SEP = (
    r"(?:[ \t]*(?:[-–—−~～〜－]+|\\-|至|到)[ \t]*"
    r"|[ \t]+(?:to|bis|à|a|até|e|et|und|and|y)[ \t]+)"
)


# The look-behinds keep figures inside words and versions out ("web3", "c++20", "v2.1", "9:00",
# "2026-11-01"); after a sign or code any character may come before ("Salary:$120k"), and a
# colon only blocks after a digit ("薪资:5000" is pay, "9:00" is not).
BARE = r"(?<![.,+#/\-])(?<!\d:)"

CJK = re.compile(r"[\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]|円|収")  # Japanese, not Chinese ("年収" is 年收 in Chinese)

MULTIPLIERS: Mapping[str, int] = {
    "k": 1_000, "thousand": 1_000, "千": 1_000, "m": 1_000_000, "mn": 1_000_000,
    "million": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000,
    "万": 10_000, "w": 10_000, "lakh": 100_000, "lpa": 100_000, "l": 100_000, "crore": 10_000_000,
}  # fmt: skip
_UNIT_NAMES: Mapping[str, str] = {
    "mm": "m", "萬": "万", "lakhs": "lakh", "lac": "lakh", "lacs": "lakh", "crores": "crore",
    "cr": "crore", "lpa": "lpa",
}  # fmt: skip
INDIAN_UNITS = frozenset({"lakh", "lpa", "l", "crore"})
HUGE_UNITS = frozenset({"m", "mn", "million", "b", "bn", "billion"})
# Currencies whose salaries run to millions of units, so "5M" can be a salary in them.
MILLIONS_OK = frozenset({"JPY", "KRW", "INR", "IDR", "VND", "HUF", "CLP", "COP", "NGN", "ISK"})


def unit_of(mul: str | None) -> str:
    """The `MULTIPLIERS` key of a unit as written ("K" → "k", "Lakhs" → "lakh", "L" → "l")."""
    if not mul:
        return ""
    if mul == "L":
        return "l"
    lowered = mul.lower()
    return _UNIT_NAMES.get(lowered, lowered)


def figure_value(text: str) -> float:
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


def currency_of(markers: tuple[str | None, ...], unit: str, window: str, cjk: bool) -> str | None:
    """The ISO code the amount's signs and codes name; None when they name none or disagree."""
    codes: set[str] = set()
    generic: set[str] = set()
    for marker in markers:
        for part in _MARKER_PARTS.findall(marker or ""):
            key = part.lower()
            if key in _FAMILY:
                generic.add(key)
            elif key in SIGN_CODES:
                codes.add(SIGN_CODES[key])
            elif part.upper() in PER_USD:
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
            return "CNY" if cjk and not KANA.search(window) else "JPY"
        return "USD" if _FAMILY[sign] is _DOLLARS else None  # "kr" alone: which crowns?
    if not generic:
        if unit in INDIAN_UNITS:
            return "INR"  # "12 LPA", "20 lakhs"
        if unit in {"万", "w"} and cjk:
            return "JPY" if KANA.search(window) else "CNY"
    return None


_PESOS = re.compile(r"\bpesos?\b", re.IGNORECASE)
# A marker's parts: a word with a "$" ("US$"), a word maybe with a dot ("Rs.", "kr."), a sign.
_MARKER_PARTS = re.compile(r"[^\W\d_]+\$|[^\W\d_]+\.?|[^\w\s]")
