"""Follow-up questions: "only remote", "in Berlin instead", "more senior", "over 150k",
"cheaper than that", "without crypto", "show older ones" change a conversation's previous
question instead of starting over.

Pure: `refine` edits the previous question's text (so the answer can say what the question now
is, in words a person can read and retype) and checks each edit with `parse_query`, the same
reading the search uses. `Conversations` remembers the last question of each thread, bounded.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from index import LEVELS, Query, parse_query, title_level

__all__ = ["MAX_THREADS", "Conversations", "Refined", "refine"]

MAX_THREADS = 10_000
"""Threads whose last question is remembered (the oldest are forgotten first)."""


@dataclass(frozen=True, slots=True)
class Refined:
    """The question a follow-up made (`question`) and what it changed, in words (`change`)."""

    question: str
    change: str


_FILLER = r"(?:\s+(?:ones|jobs|roles|postings|only|please|too|as well|instead))*"
_LEAD = r"(?:(?:and|but|ok|okay|now|what about|how about|show me|show|just|only)\s+)*"

_WORKPLACE = re.compile(
    rf"^{_LEAD}(?P<where>fully remote|remote|hybrid|on-?site|in[- ]office){_FILLER}$"
)
_WORKPLACE_WORDS = re.compile(
    r"\b(?:fully\s+)?(?:remote(?:ly)?|hybrid|on-?site|in[- ]office|non-remote|wfh)\b", re.I
)
_PLACE = re.compile(rf"^{_LEAD}(?:(?:in|near|around|based in)\s+)?(?P<place>.+?)\s+instead$")
_IN_PLACE = re.compile(rf"^{_LEAD}(?:in|near|around|based in)\s+(?P<place>.+?){_FILLER}$")
_PLACE_WORDS = r"\b(?:in|near|around|based in)\s+"
_SENIORITY = re.compile(
    rf"^{_LEAD}(?P<way>more|less)\s+(?P<level>senior|junior)(?:\s+(?:level|than that))?{_FILLER}$"
)
_CHEAPER = re.compile(rf"^{_LEAD}(?:cheaper|lower paid|less pay)(?:\s+than that)?{_FILLER}$")
_PAY_WORDS = re.compile(
    r"(?:\b(?:over|above|at least|more than|min(?:imum)?|from|under|below|less than|up to|"
    r"max(?:imum)?|paying|pays|salary|between)\s+)?[$€£¥]?\s?\d[\d,.]*\s?[kK]?"
    r"(?:\s?(?:-|–|to|and)\s?[$€£¥]?\d[\d,.]*\s?[kK]?)?"
    r"(?:\s?(?:usd|eur|gbp|chf|dollars|euros|a year|per year|/year|/yr|annually))*",
    re.I,
)
_WITHOUT = re.compile(
    rf"^{_LEAD}(?:without|no|not|except|excluding|exclude|minus|skip)\s+(?P<what>.+?){_FILLER}$"
)
_OLDER = re.compile(
    rf"^{_LEAD}(?:(?:include|also|the)\s+)*(?:older|old|any date|all dates|any age){_FILLER}$"
)
_NEWER = re.compile(rf"^{_LEAD}(?:newer|newest|latest|recent|new)(?:\s+first)?{_FILLER}$")
_NEWEST_WORDS = re.compile(r"\b(?:newest|latest|most recent)(?:\s+first)?\b", re.I)


def refine(previous: str, text: str, *, today: date) -> Refined | None:
    """The previous question changed as the follow-up `text` asks, or None when `text` is not a
    follow-up (then it is a question of its own)."""
    said = " ".join(text.lower().strip(" .!?").split())
    if not said or not previous.strip():
        return None
    before = parse_query(previous, today=today)
    for attempt in (_workplace, _place, _seniority, _pay, _without, _older, _newer):
        refined = attempt(previous, said, before, today)
        if refined is not None:
            return Refined(" ".join(refined.question.split()), refined.change)
    return None


def _workplace(previous: str, said: str, before: Query, today: date) -> Refined | None:
    match = _WORKPLACE.match(said)
    if match is None:
        return None
    where = match.group("where").replace("fully ", "")
    return Refined(f"{where} {_WORKPLACE_WORDS.sub(' ', previous)}", f"only {where}")


def _place(previous: str, said: str, before: Query, today: date) -> Refined | None:
    match = _PLACE.match(said) or _IN_PLACE.match(said)
    if match is None:
        return None
    place = match.group("place")
    if parse_query(f"jobs in {place}", today=today).location is None:
        return None
    rest = _without_place(previous, before, today)
    change = f"in {place.title()}" + (" instead" if before.location else "")
    return Refined(f"{rest} in {place.title()}", change)


def _without_place(previous: str, before: Query, today: date) -> str:
    """`previous` without the place it named: the shortest "in …" phrase whose removal leaves
    no place, else the place's own words."""
    if before.location is None:
        return previous
    for match in re.finditer(_PLACE_WORDS + r"((?:\S+\s*){1,3})", previous, re.I):
        words = match.group(1).split()
        for n in range(1, len(words) + 1):
            phrase = match.group(0)[: match.start(1) - match.start()] + " ".join(words[:n])
            rest = previous.replace(phrase, " ", 1)
            if parse_query(rest, today=today).location is None:
                return rest
    own = re.compile(r"\b" + re.escape(before.location) + r"\b", re.I)
    return own.sub(" ", previous)


def _seniority(previous: str, said: str, before: Query, today: date) -> Refined | None:
    match = _SENIORITY.match(said)
    if match is None:
        return None
    up = (match.group("way") == "more") == (match.group("level") == "senior")
    current = before.seniority
    if current is None or current not in LEVELS:
        level = "senior" if up else "junior"
    else:
        step = LEVELS.index(current) + (1 if up else -1)
        level = LEVELS[max(0, min(len(LEVELS) - 1, step))]
    rest = " ".join(w for w in previous.split() if title_level(w) is None)
    return Refined(f"{level} {rest}", "more senior" if up else "more junior")


def _pay(previous: str, said: str, before: Query, today: date) -> Refined | None:
    if _CHEAPER.match(said):
        if before.pay is None or not before.pay.min_annual:
            return None
        ask = f"under {before.pay.min_annual // 1000}k"
    else:
        asked = parse_query(said, today=today)
        if asked.pay is None or asked.terms or asked.location or asked.workplace:
            return None
        ask = said
    rest = _PAY_WORDS.sub(" ", previous) if before.pay is not None else previous
    return Refined(f"{rest} {ask}", ask)


def _without(previous: str, said: str, before: Query, today: date) -> Refined | None:
    match = _WITHOUT.match(said)
    if match is None:
        return None
    what = match.group("what")
    question = f"{previous} without {what}"
    if not parse_query(question, today=today).excluded:
        return None
    return Refined(question, f"without {what}")


def _older(previous: str, said: str, before: Query, today: date) -> Refined | None:
    if not _OLDER.match(said):
        return None
    rest = _NEWEST_WORDS.sub(" ", previous)
    if before.recency:
        rest = re.sub(r"(?:\bposted\s+)?" + re.escape(before.recency), " ", rest, flags=re.I)
    return Refined(rest, "older ones too")


def _newer(previous: str, said: str, before: Query, today: date) -> Refined | None:
    if not _NEWER.match(said):
        return None
    return Refined(f"newest {_NEWEST_WORDS.sub(' ', previous)}", "newest first")


class Conversations:
    """The last question asked in each thread (a DM, a mention's thread, an assistant thread),
    so that a follow-up can refine it; at most `limit` threads, the least recent forgotten."""

    def __init__(self, limit: int = MAX_THREADS) -> None:
        self._limit = limit
        self._last: OrderedDict[tuple[str, str], str] = OrderedDict()

    def last(self, thread: tuple[str, str]) -> str | None:
        return self._last.get(thread)

    def remember(self, thread: tuple[str, str], question: str) -> None:
        self._last[thread] = question
        self._last.move_to_end(thread)
        while len(self._last) > self._limit:
            self._last.popitem(last=False)
