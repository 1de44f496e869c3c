"""The independent grader's own reading of a posting file: nothing from `index`.

The independent judged set (bot/bench/judged/independent/RULES.md) grades postings from their
raw front matter and text, read here: the front matter is split and parsed with PyYAML, text is
folded by `fold`, and the facts the rules need are read by small parsers of this module's own —
remote (`is_remote`), level words in the title (`title_levels`), stated pay (`stated_pay`) and
the posting date (`posted_on`). None of jobbot's derived fields (remote, location, company,
tags, dates, seniority, salary) and none of its tokenizing is used, so jobbot is not graded by
its own reading of a posting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "CURRENCIES",
    "LEVELS",
    "TODAY",
    "Pay",
    "RawPosting",
    "alternatives",
    "fold",
    "is_remote",
    "matches",
    "parse_raw",
    "posted_on",
    "read_raw",
    "stated_pay",
    "title_levels",
]

TODAY = date(2026, 6, 1)
"""The grader's fixed today: freshness windows end here, and a later date counts as no date."""

# ---------------------------------------------------------------------------- folding

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_MOJIBAKE = re.compile(r"\u00c2(?=[\u00a0 ])")  # "Â " before a (non-breaking) space: Glassdoor


def fold(text: str) -> str:
    """Lower-case, accent-free, NFKC text without invisible characters ("Développeur" → ...)."""
    text = _MOJIBAKE.sub("", _INVISIBLE.sub("", text))
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


@lru_cache(maxsize=8192)
def alternatives(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for patterns matched as whole words: no letter or digit may touch either end,
    and a plural "s" may follow. Patterns are written for folded text."""
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![a-z0-9])(?:{body})s?(?![a-z0-9])")


def matches(patterns: tuple[str, ...], text: str) -> bool:
    pattern = alternatives(patterns)
    return pattern is not None and pattern.search(text) is not None


# ---------------------------------------------------------------------------- the raw file

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _string(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_string(v) for v in value)
    return str(value)


@dataclass(frozen=True, slots=True)
class RawPosting:
    """A posting as its file says it: the front matter mapping and the body, plus folded views.

    `title`, `head` (title + hashtags), `text` (head + summary + body), `where` (location + title
    + the body's first line) and `company` (companyName, else the body's first line) are folded.
    """

    id: str
    front: Mapping[str, Any]
    body: str = ""
    title: str = field(init=False)
    head: str = field(init=False)
    text: str = field(init=False)
    where: str = field(init=False)
    company: str = field(init=False)

    def __post_init__(self) -> None:
        get = self.front.get
        first = next((line for line in self.body.splitlines() if line.strip()), "")[:300]
        title = fold(_string(get("title")))
        head = f"{title}\n{fold(_string(get('hashtags')))}"
        fields = {
            "title": title,
            "head": head,
            "text": f"{head}\n{fold(_string(get('summary')))}\n{fold(self.body)}",
            "where": f"{fold(_string(get('location')))}\n{title}\n{fold(first)}",
            "company": fold(_string(get("companyName")) or first),
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    @property
    def raw_text(self) -> str:
        """Title, summary and body as written (unfolded): what `stated_pay` reads."""
        get = self.front.get
        return f"{_string(get('title'))}\n{_string(get('summary'))}\n{self.body}"

    @property
    def job_type(self) -> str:
        return fold(_string(self.front.get("jobType"))).strip()


def parse_raw(text: str, posting_id: str) -> RawPosting:
    """Split a file's text into front matter and body: a leading `---` line, then YAML up to the
    first closing `---` / `...` line at which the YAML parses as a mapping (a `---` inside a
    quoted value is skipped that way). No front matter: an empty mapping and the whole text."""
    text = _INVISIBLE.sub("", text[:8]) + text[8:]  # a BOM or zero-width mark before the fence
    first = text.split("\n", 1)
    if len(first) < 2 or first[0].strip() != "---":
        return RawPosting(posting_id, {}, text)
    rest = first[1]
    for fence in _FENCE.finditer(rest):
        try:
            front = yaml.load(rest[: fence.start()], Loader=_LOADER)  # a safe loader
        except yaml.YAMLError:
            continue
        if isinstance(front, dict):
            return RawPosting(posting_id, front, rest[fence.end() :].lstrip("\r\n"))
    return RawPosting(posting_id, {}, text)


def read_raw(root: Path | str, posting_id: str) -> RawPosting:
    """The posting `posting_id` (its path under `root` without `.md`) read from its file."""
    path = Path(root) / f"{posting_id}.md"
    return parse_raw(path.read_text(encoding="utf-8", errors="replace"), posting_id)


# ---------------------------------------------------------------------------- remote

_NOT_REMOTE = re.compile(
    r"(?<![a-z0-9])(?:no|not|non|not a|sin|kein|keine|nicht)[ -]?(?:remote|remoto|home.?office)"
    r"(?![a-z0-9])|remote\s?:\s?no(?![a-z])|remote (?:is )?not (?:available|possible|an option)"
    r"|(?:on.?site|in.?office|in.?person) only|不支持远程|不(?:能|可)?远程|非远程"
)
_REMOTE = re.compile(
    r"(?<![a-z0-9])(?:remote|remotely|anywhere|work from home|wfh|telework|teletrabajo|"
    r"teletravail|home.?office|remoto|remota|remotamente|distributed team|fully distributed)"
    r"(?![a-z0-9])|远程|遠程|远端|居家办公|在家办公|リモート"
)


def is_remote(posting: RawPosting) -> bool:
    """Remote when the location, the title or the body's first line says so (after removing
    negated phrases such as "no remote" or "onsite only")."""
    return _REMOTE.search(_NOT_REMOTE.sub(" ", posting.where)) is not None


# ---------------------------------------------------------------------------- levels

LEVELS: Mapping[str, tuple[str, ...]] = {
    "intern": ("intern", "internship", "co.?op", "werkstudent(?:in)?", "praktikant(?:in)?",
               "praktikum", "stagiaire", "becari[oa]", "pasante", "estagi(?:o|ari[oa])",
               "trainee", "实习生?"),
    "junior": ("junior", "jr\\.?", "entry.?level", "new grad(?:uate)?", "graduate",
               "early.?career", "初级"),
    "senior": ("senior", "sr\\.?", "snr", "高级", "资深"),
    "staff": ("staff",),
    "principal": ("principal",),
    "lead": ("lead", "leader", "tech lead", "team lead", "负责人", "主管"),
    "head": ("head",),
    "director": ("director", "directeur", "directora", "diretor[a]?", "总监"),
    "vp": ("vp", "vice president", "svp", "evp"),
}  # fmt: skip
EARLY = frozenset({"intern", "junior"})
"""The early band; every other level is the upper band (see `level_grade` in RULES.md)."""


def title_levels(title: str) -> frozenset[str]:
    """The levels whose words the (folded) title names: "Senior/Staff Engineer" → both."""
    return frozenset(level for level, words in LEVELS.items() if matches(words, title))


# ---------------------------------------------------------------------------- pay

CURRENCIES = ("USD", "EUR", "GBP", "CHF", "CAD", "AUD")
_SYMBOL = r"(?:(?:us|ca|c|au|a)?\$|€|£)"
_CODE = r"usd|eur|gbp|chf|cad|aud"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d\d?)?|\d{1,3}(?:\.\d{3})+|\d+(?:\.\d+)?"


def _side(name: str) -> str:
    """One figure of a pay: an optional code and symbol, the number, an optional "k"."""
    return (
        rf"(?:(?P<{name}code>{_CODE})\s?)?(?P<{name}sym>{_SYMBOL})?\s?"
        rf"(?P<{name}n>{_NUMBER})(?!\d)(?![.,]\d)(?P<{name}k>\s?k(?![a-z]))?"
        r"(?:\s?/\s?(?:yr|year)(?![a-z])|\s(?:per|a) year(?![a-z]))?"
    )


_MONEY = re.compile(
    r"(?<![a-z0-9$€£])"
    + _side("lo")
    + r"(?:\s?(?:-|–|—|~|to|bis|a|ate)\s?"
    + _side("hi")
    + rf")?(?:\s?(?P<post>{_CODE}|[$€£])(?![a-z0-9]))?"
)
_LARGE = re.compile(r"\s?(?:m|mm|mn|million|millions|b|bn|billion)(?![a-z])")
_PERIOD = re.compile(
    r"\s?(?:[a-z]{2,4}\.?\s?)?(?:/\s?|per\s|an?\s|each\s)?(?:hr|hour|hours|h|hourly|day|daily|week|wk|weekly|month|"
    r"mo|mth|monthly|mes|mois|monat)(?![a-z])|\s?/?\s?(?:月|每月)"
)
_PERIOD_BEFORE = re.compile(
    r"(?:hourly|monthly|daily|weekly|per hour|per month|day rate|月薪|每月|/月)[^\n]{0,30}$"
)
_OTHER_DOLLAR_BEFORE = re.compile(
    r"(?<![a-z])(?:ar|ars|uy|uru|mx|mxn|cop|clp|nz|nzd|hk|hkd|sg|sgd|r|rs|nt|twd)\s?$"
)  # "uy $112k" or "r$ 10.000": the "$" of another currency
_NOT_PAY_BEFORE = re.compile(
    r"(?:rais|fund|revenue|(?<![a-z])arr(?![a-z])|valuation|invest|seed|series [a-e]|budget|"
    r"bonus|grant|prize|stipend|credit|backed|spend)[^\n+|;]{0,40}$"
)
_NOT_PAY_AFTER = re.compile(
    r"^[^\n+,|;()]{0,20}?(?<![a-z])(?:arr|mrr|revenue|funding|seed|series|valuation|budget|bonus|"
    r"signing|grant|stipend|credits?|in sales|gmv|raised|users)(?![a-z])"
)
_CURRENCY_OF = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP",
                "gbp": "GBP", "chf": "CHF", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
                "a$": "AUD", "au$": "AUD", "aud": "AUD"}  # fmt: skip
PAY_FLOOR, PAY_CEILING = 20_000, 1_000_000  # a plausible yearly pay, in any of CURRENCIES


@dataclass(frozen=True, slots=True)
class Pay:
    """One stated yearly pay: a range (low == high for a single figure) in one currency."""

    low: int
    high: int
    currency: str


def _amount(number: str, k: str | None) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        value = float(number.replace(",", ""))
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number):
        value = float(number.replace(".", ""))
    else:
        value = float(number)
    return value * 1000 if k else value


def _currency(match: re.Match[str]) -> str | None:
    """The first marker other than a bare "$" decides ("$105,000 CAD" is CAD); else "$" is USD."""
    markers = [match.group(g) for g in ("locode", "losym", "hicode", "hisym", "post")]
    markers = [m for m in markers if m]
    for marker in markers:
        if marker != "$":
            return _CURRENCY_OF[marker]
    return "USD" if markers else None


def _bare_dollar(match: re.Match[str]) -> bool:
    markers = [match.group(g) for g in ("locode", "losym", "hicode", "hisym", "post")]
    return [m for m in markers if m][:1] == ["$"]


def stated_pay(text: str) -> tuple[Pay, ...]:
    """Every yearly pay the text states, by the conservative rules of RULES.md ("Pay")."""
    folded = fold(text)
    found: list[Pay] = []
    for match in _MONEY.finditer(folded):
        currency = _currency(match)
        if currency is None:
            continue  # a figure without a currency is not read as pay
        after = folded[match.end() : match.end() + 30]
        before = folded[max(0, match.start() - 45) : match.start()]
        if _LARGE.match(after) or _PERIOD.match(after) or _PERIOD_BEFORE.search(before):
            continue
        if _NOT_PAY_BEFORE.search(before) or _NOT_PAY_AFTER.search(after):
            continue
        if currency == "USD" and _bare_dollar(match) and _OTHER_DOLLAR_BEFORE.search(before):
            continue
        low = _amount(match.group("lon"), match.group("lok"))
        high = low
        if match.group("hin"):
            high = _amount(match.group("hin"), match.group("hik"))
            if match.group("hik") and not match.group("lok") and low < 1000:
                low *= 1000  # "$150-200k"
            if match.group("lok") and not match.group("hik") and high < 1000:
                high *= 1000  # "$150k-200"
            low, high = min(low, high), max(low, high)
        if not PAY_FLOOR <= high <= PAY_CEILING:
            continue
        if low < PAY_FLOOR:
            low = high
        found.append(Pay(int(low), int(high), currency))
    return tuple(found)


def pay_meets(
    pays: Iterable[Pay], *, minimum: int, maximum: int | None = None, currency: str | None = None
) -> bool:
    """Some stated pay reaches `minimum` (its high end) and, with a `maximum`, starts at or
    below it; in `currency` when one is asked, else in any of CURRENCIES at face value."""
    return any(
        (currency is None or pay.currency == currency)
        and pay.high >= minimum
        and (maximum is None or pay.low <= maximum)
        for pay in pays
    )


# ---------------------------------------------------------------------------- dates


def posted_on(posting: RawPosting, today: date = TODAY) -> date | None:
    """The raw `timestamp` as a UTC date: a number in milliseconds (from 1e11) or seconds, a
    string of digits, an ISO date or date-time; None when missing, unreadable, before 1990 or
    after `today`."""
    value = posting.front.get("timestamp")
    day: date | None = None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) >= 1e11 else value
        try:
            day = datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, datetime):
        day = (value.astimezone(UTC) if value.tzinfo else value).date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        day = (parsed.astimezone(UTC) if parsed.tzinfo else parsed).date()
    if day is None or day.year < 1990 or day > today:
        return None
    return day
