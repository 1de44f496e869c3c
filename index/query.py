"""Query understanding: "remote SRE jobs with Terraform in Berlin posted this week" → `Query`.

The parser peels off what it recognises — workplace (remote / hybrid / on-site), `in <place>`,
`at <company>`, job type, seniority, recency, `#tag`, `-exclude`, `"exact phrase"` — and drops
filler ("jobs", "looking for", "any"). What is left becomes the search terms. Everything it
understood is kept on the `Query`, so the bot can say what it searched for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, NamedTuple

from index.places import MAX_PLACE_WORDS, MULTI_WORD_STARTS, folded_place
from index.salary import PayAsk, parse_pay_ask
from index.text import (
    BoundedCache,
    clean_text,
    expand_synonyms,
    fold,
    split_chinese,
    tokenize,
)

__all__ = ["MAX_QUERY_CHARS", "Query", "Workplace", "parse_query"]

Workplace = Literal["remote", "hybrid", "onsite"]
MAX_QUERY_CHARS = 500  # longer questions are cut: nobody types more, and it bounds the work

SENIORITY: dict[str, str] = {
    "intern": "intern", "junior": "junior", "jr": "junior", "entry": "junior",
    "graduate": "junior", "grad": "junior", "mid": "mid", "intermediate": "mid",
    "senior": "senior", "sr": "senior", "staff": "staff", "principal": "principal",
    "lead": "lead", "head": "head", "director": "director", "vp": "director",
    # other languages (folded: "Sênior", "júnior" are "senior", "junior" already)
    "pleno": "mid", "praktikant": "intern", "praktikantin": "intern", "stagiaire": "intern",
    "pasante": "intern", "practicante": "intern", "estagiario": "intern", "estagiaria": "intern",
    "高级": "senior", "资深": "senior", "中级": "mid", "初级": "junior", "实习": "intern",
    "实习生": "intern",
}  # fmt: skip
JOB_TYPES: dict[str, str] = {
    "full-time": "full-time", "fulltime": "full-time", "permanent": "full-time",
    "part-time": "part-time", "parttime": "part-time", "contract": "contract",
    "contractor": "contract", "contracting": "contract", "temporary": "contract",
    "internship": "internship", "internships": "internship", "freelance": "freelance",
    "freelancer": "freelance", "freelancing": "freelance",
}  # fmt: skip
NEGATIONS = frozenset(
    {"no", "not", "without", "excluding", "except", "sans", "ohne", "kein", "keine", "keinen"}
    | {"sin", "sem", "不要", "不含", "排除", "除了"}
)
"""A word after one of these is left out ("backend no crypto", "sre without on-call"), like
`-crypto`; "no remote", "not remote" and "non-remote" ask for on-site work."""
NEWEST_WORDS = frozenset({"newest", "latest", "recent", "freshest", "newer", "recently"})
"""A question with one of these wants the newest matches first ("most recent" too)."""
REMOTE_WORDS = frozenset(
    "remote remotely wfh anywhere distributed remoto remota remotamente teletrabajo teletravail "  # noqa: SIM905
    "homeoffice 远程 遠程 远端 远程办公 居家办公".split()
)
ONSITE_WORDS = frozenset("onsite on-site in-office office-based in-person".split())  # noqa: SIM905
FILLER = frozenset(
    """
    job jobs role roles position positions opening openings vacancy vacancies opportunity
    opportunities gig gigs posting postings listing listings career careers hiring hire work
    any some all find show me give list search looking look seeking want need i im i'm a an the
    for with using and or of please posted new that which who are is there
    something anything near around within based anyone anybody someone somebody ideally
    preferably currently
    stelle stellen stellenangebot stellenangebote jobangebot jobangebote suche gesucht
    offre offres emploi emplois d'emploi poste postes cherche recherche
    empleo empleos trabajo trabajos oferta ofertas vacante vacantes puesto puestos busco
    vaga vagas emprego empregos oportunidade oportunidades trabalho procuro
    职位 招聘 诚聘 岗位 工作 找 寻找 求职
    """.split()  # noqa: SIM905
)
_STOP_AFTER_PLACE = frozenset(
    "posted this last past since today yesterday at with using remote hybrid onsite on-site "  # noqa: SIM905
    "for and or job jobs role roles full-time part-time contract internship freelance".split()
)
# "distributed" means a remote team, except before these ("distributed systems engineer").
_DISTRIBUTED_TOPICS = frozenset(
    {"system", "systems", "computing", "database", "databases", "storage", "tracing", "ledger",
     "ledgers", "training"}
)  # fmt: skip
# Lower-case words inside a place name ("Rio de Janeiro", "Frankfurt am Main").
_PLACE_LINKS = frozenset({"de", "del", "da", "do", "dos", "das", "di", "am", "an", "der", "sur"})
# Capitalised words after "in" that name a skill, not a place ("developer in Python").
_SKILLS = frozenset(
    {"c", "r", "go", "golang", "rust", "python", "java", "javascript", "typescript", "ruby",
     "rails", "scala", "kotlin", "swift", "elixir", "erlang", "haskell", "clojure", "php", "perl",
     "dart", "flutter", "julia", "matlab", "sql", "react", "angular", "vue", "django", "flask",
     "spring", "node", "kubernetes", "docker", "terraform", "aws", "azure", "gcp", "linux",
     "solidity", "web3", "crypto", "fintech", "ai", "ml", "devops", "sre", "security", "sales",
     "marketing", "design", "finance", "healthcare"}
)  # fmt: skip
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "ten": 10, "fourteen": 14, "thirty": 30, "a": 1}  # fmt: skip
_PHRASE = re.compile(r"\"([^\"]+)\"|“([^”]+)”")
_WORD = re.compile(r"[^\s,;!?()\[\]{}]+")


@dataclass(frozen=True, slots=True)
class Query:
    """A question, understood: search terms plus the filters and boosts it asked for."""

    text: str
    terms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    workplace: Workplace | None = None
    location: str | None = None
    company: str | None = None
    job_type: str | None = None
    seniority: str | None = None
    since: date | None = None
    recency: str | None = None
    sort: Literal["relevance", "newest"] = "relevance"
    pay: PayAsk | None = None
    """The least pay asked for ("over 150k"): a filter, never search words."""
    corrected: tuple[tuple[str, str], ...] = ()
    """Typed words jobbot read as others: (typed, read as), e.g. ("pyhton", "python")."""
    maybe: tuple[str, ...] = ()
    """Words the question may have meant, when a typo's reading was not clear ("did you mean")."""

    @property
    def remote(self) -> bool | None:
        """True for remote, False for on-site, None when the question did not say."""
        if self.workplace is None or self.workplace == "hybrid":
            return None
        return self.workplace == "remote"

    @property
    def is_empty(self) -> bool:
        """Nothing to search for, filter on or rank by ("senior" and "newest" alone still
        rank)."""
        return not (
            self.terms
            or self.phrases
            or self.tags
            or self.has_filters
            or self.seniority
            or self.sort == "newest"
        )

    @property
    def has_filters(self) -> bool:
        return any(
            v is not None
            for v in (
                self.workplace,
                self.location,
                self.company,
                self.job_type,
                self.since,
                self.pay,
            )
        )

    def understood(self) -> dict[str, Any]:
        """The JSON shape of the CLI contract's `understood` object (docs/architecture.md)."""
        return {
            "terms": list(self.terms),
            "related": list(self.related),
            "phrases": list(self.phrases),
            "excluded": list(self.excluded),
            "tags": list(self.tags),
            "remote": self.remote,
            "workplace": self.workplace,
            "location": self.location,
            "company": self.company,
            "job_type": self.job_type,
            "seniority": self.seniority,
            "since": self.since.isoformat() if self.since else None,
            "sort": self.sort,
            "corrected": dict(self.corrected),
            "salary_min": self.pay.min_annual if self.pay else None,
            "salary_max": self.pay.max_annual if self.pay else None,
            "currency": self.pay.currency if self.pay else None,
        }


def parse_query(text: str, *, today: date | None = None) -> Query:
    """Understand a plain-words question. Never raises: odd input gives an empty `Query`."""
    today = today or datetime.now().date()
    text = " ".join(clean_text(text)[:MAX_QUERY_CHARS].split())
    pay, rest_text = parse_pay_ask(text)  # pay figures are a filter, never search words
    if '"' in rest_text or "“" in rest_text:
        phrases = tuple(
            fold(a or b).strip() for a, b in _PHRASE.findall(rest_text) if (a or b).strip()
        )
        rest = _PHRASE.sub(" ", rest_text)
    else:  # most questions quote nothing
        phrases, rest = (), rest_text
    words = _WORD.findall(rest)
    if not rest.isascii():  # Chinese is written without spaces: "远程后端" is two words
        words = [part for word in words for part in split_chinese(word)]
    # Each word is folded once, and its look-ups are remembered per folded word: most words are
    # plain terms, and one dictionary hit says so.
    folds = list(map(str.lower if rest.isascii() else _FOLDED.__getitem__, words))
    info = list(map(_INFO.__getitem__, folds))
    found: dict[str, Any] = {}
    kept: list[str] = []
    excluded: list[str] = []
    tags: list[str] = []
    n = len(words)
    i = 0
    while i < n:
        special, _, place, _, filler = info[i]
        if special or (i + 1 < n and info[i + 1].blank):
            used = _take(words, folds, info, i, found, today)
        elif place is not None and (len(words[i]) > 2 or words[i].isupper()):
            # `_take` would find only this one-word place: no filter word, no longer place.
            found["location"] = place
            used = 1
        else:
            used = 0
        if used:
            i += used
            continue
        word = words[i]
        negated = _negation(folds, i)
        if negated is not None:
            target, used = negated
            if target.strip(".,") in REMOTE_WORDS:
                found["workplace"] = "onsite"
            else:
                excluded.extend(tokenize(target, query=True))
            i += used
            continue
        if word.startswith("#") and len(word) > 1:
            tags.extend(tokenize(word[1:], query=True) or [fold(word[1:])])
        elif word.startswith("-") and len(word) > 1 and not word[1:].isdigit():
            excluded.extend(tokenize(word[1:], query=True))
        elif not filler:
            kept.append(word)
        i += 1
    terms = tuple(dict.fromkeys(tokenize(" ".join(kept), query=True)))
    return Query(
        text=text,
        terms=terms,
        related=tuple(expand_synonyms(list(terms))),
        phrases=phrases,
        excluded=tuple(dict.fromkeys(excluded)),
        tags=tuple(dict.fromkeys(tags)),
        pay=pay,
        **found,
    )


def _negation(folds: list[str], i: int) -> tuple[str, int] | None:
    """(the negated word, words used) when folds[i] negates what follows: "no crypto",
    "without on-call", "non-remote"; None otherwise."""
    word = folds[i].strip(".,:")
    if word in NEGATIONS and i + 1 < len(folds):
        return folds[i + 1], 2
    if word.startswith("non-") and len(word) > 4:
        return word[4:], 1
    return None


# The first word of every filter `_take` recognises, as `_take` strips it ("in", "this", …).
_FILTER_WORDS = frozenset(
    {*REMOTE_WORDS, *ONSITE_WORDS, *JOB_TYPES, *SENIORITY, *(f"{w}-level" for w in SENIORITY)}
    | NEWEST_WORDS
    | {"most"}
    | {"work", "hybrid", "on", "in", "full", "part", "intern", "entry", "mid", "at", "near"}
    | {"around", "today", "yesterday", "this", "past", "last", "since"}
)


class _Info(NamedTuple):
    """What a folded word can be, looked up once per distinct word."""

    special: bool  # may start a filter or a place of several words: ask `_take`
    multi: bool  # may start a place of several words ("new" of "new york")
    place: str | None  # the place this word alone names
    blank: bool  # nothing but dots and commas: it vanishes at the edge of a place name
    filler: bool  # dropped when it is not part of a filter


def _info(folded: str) -> _Info:
    lead = folded.lstrip(" .,")
    # A place of several words starts with one of its first words, unless a word that vanishes
    # on stripping ("..." or a fold with a space in it) is involved: `_take` handles those.
    multi = lead in MULTI_WORD_STARTS or not lead or " " in folded
    # `_take` strips ".:" from the word, `_recency` ".," (a fold may hold a comma: "，" → ",").
    filter_word = folded.strip(".:") in _FILTER_WORDS or folded.strip(".,") in _FILTER_WORDS
    return _Info(
        special=multi or filter_word,
        multi=multi,
        place=None if folded == "go" else folded_place(folded),
        blank=not folded.strip(" .,"),
        filler=folded.strip(".") in FILLER,
    )


_FOLDED = BoundedCache(fold, 50_000)  # non-ASCII word → fold(word)
_INFO = BoundedCache(_info, 50_000)  # folded word → _Info


def _take(
    words: list[str],
    folds: list[str],
    info: list[_Info],
    i: int,
    found: dict[str, Any],
    today: date,
) -> int:
    """Recognise a filter starting at words[i]; record it in `found`, return words consumed.

    `folds[k]` is `fold(words[k])`, `info[k]` what it can be.
    """
    w = folds[i].strip(".:")
    nxt = folds[i + 1].strip(".") if i + 1 < len(words) else ""
    two = f"{w} {nxt}"
    if w in REMOTE_WORDS and not (w == "distributed" and nxt in _DISTRIBUTED_TOPICS):
        found["workplace"] = "remote"
        return 1
    if two == "work from" and i + 2 < len(words) and folds[i + 2] == "home":
        found["workplace"] = "remote"
        return 3
    if w == "hybrid":
        found["workplace"] = "hybrid"
        return 1
    if w in NEWEST_WORDS:
        found["sort"] = "newest"
        return 1
    if two == "most recent":
        found["sort"] = "newest"
        return 2
    if w in ONSITE_WORDS or two in {"on site", "in office", "in person"}:
        found["workplace"] = "onsite"
        return 1 if w in ONSITE_WORDS else 2
    # "smart contract(s)" is a blockchain topic, not a contract job.
    smart = i > 0 and folds[i - 1] == "smart" and w.startswith("contract")
    # "intern(ship)" is the intern level: few postings state the internship job type (23 of the
    # 12,102 the corpus had), most only say "Intern" in the title, which the level tier reads.
    if w == "intern" or JOB_TYPES.get(w) == "internship":
        found["seniority"] = "intern"
        return 1
    if (w in JOB_TYPES and not smart) or two in {"full time", "part time"}:
        found["job_type"] = JOB_TYPES.get(w) or JOB_TYPES[two.replace(" ", "-")]
        return 1 if w in JOB_TYPES else 2
    if w in {"entry", "mid"} and nxt in {"level", "-level"}:
        found["seniority"] = SENIORITY[w]
        return 2
    if w.removesuffix("-level") in SENIORITY:
        found["seniority"] = SENIORITY[w.removesuffix("-level")]
        return 1
    used = _recency(folds, i, found, today)
    if used:
        return used
    if w == "in" and nxt:
        return _place(words, folds, info, i + 1, found)
    if w == "at" and nxt and nxt not in {"least", "most", "home"}:
        return _company(words, folds, i + 1, found)
    if w in {"near", "around"} and nxt:
        return _place(words, folds, info, i + 1, found, loose=False)
    place = _known_place(words, folds, info, i)
    if place:
        found["location"] = place[0]
        return place[1]
    return 0


def _known_place(
    words: list[str], folds: list[str], info: list[_Info], i: int, *, short_ok: bool = False
) -> tuple[str, int] | None:
    """A gazetteer place at words[i] ("berlin sre"), longest match first.

    `short_ok`: the word follows "in", so two-letter aliases count in lower case too ("in uk").
    """
    # Several words name a place only from a first word of one, or with a vanishing word after
    # it ("Berlin ."); otherwise only words[i] alone can.
    longer = info[i].multi or (i + 1 < len(words) and info[i + 1].blank)
    for size in range(MAX_PLACE_WORDS if longer else 1, 0, -1):
        if i + size > len(words):
            continue
        chunk = " ".join(words[i : i + size])
        # Folding goes word by word (never across a space), so the folds join to fold(chunk).
        folded = " ".join(folds[i : i + size])
        place = folded_place(folded)
        # Two-letter aliases ("la", "us", "ny") only count in capitals or after "in".
        short = len(chunk) > 2 or chunk.isupper() or short_ok
        if place and short and folded not in {"go"}:
            return place, size
    return None


def _place(
    words: list[str],
    folds: list[str],
    info: list[_Info],
    start: int,
    found: dict[str, Any],
    *,
    loose: bool = True,
) -> int:
    """`in <place>`: a known place, or capitalised words that are not tech terms."""
    known = _known_place(words, folds, info, start, short_ok=True)
    if known:
        found["location"] = known[0]
        return 1 + known[1]
    if not loose:
        return 0
    taken: list[str] = []
    for word in words[start : start + MAX_PLACE_WORDS]:
        name = word.strip(".,")
        folded = fold(name)
        if folded in _STOP_AFTER_PLACE or (folded in FILLER and not (taken or name == "New")):
            break
        # A place is capitalised words ("Porto Alegre"), maybe linked by "de"/"am"; a lower-case
        # word after it is the next search term ("in Springfield kubernetes").
        if not (name[:1].isupper() or (taken and folded in _PLACE_LINKS)):
            break
        taken.append(name)
    while taken and fold(taken[-1]) in _PLACE_LINKS:
        taken.pop()
    # "in python", "in go", "in fintech": lower-case words after "in" are topics, not places,
    # and so are capitalised skills ("in Python", "in Go", "in C").
    if not taken or not taken[0].isalpha() or fold(taken[0]) in _SKILLS:
        return 0
    found["location"] = " ".join(taken)
    return 1 + len(taken)


def _company(words: list[str], folds: list[str], start: int, found: dict[str, Any]) -> int:
    taken: list[str] = []
    for word, folded in zip(words[start : start + 3], folds[start : start + 3], strict=True):
        folded = folded.strip(".,")
        if folded in _STOP_AFTER_PLACE or folded in FILLER or folded == "in":
            break
        taken.append(word.strip(".,"))
    if not taken:
        return 0
    found["company"] = " ".join(taken)
    return 1 + len(taken)


def _recency(folds: list[str], i: int, found: dict[str, Any], today: date) -> int:
    w = [x.strip(".,") for x in folds[i : i + 4]]
    first = w[0]
    second = w[1] if len(w) > 1 else ""
    if first == "today":
        return _since(found, today, "today", 1)
    if first == "yesterday":
        return _since(found, today - timedelta(days=1), "since yesterday", 1)
    if first in {"this", "past", "last"} and second in {"week", "month", "year", "fortnight"}:
        days = {"week": 7, "fortnight": 14, "month": 30, "year": 365}[second]
        return _since(found, today - timedelta(days=days), f"{first} {second}", 2)
    if first in {"last", "past"} and len(w) >= 3:
        count = _number(second)
        unit = w[2].rstrip("s")
        if count is not None and unit in {"day", "week", "month", "hour"}:
            days = max(1, count * {"day": 1, "week": 7, "month": 30, "hour": 0}[unit] or 1)
            return _since(found, today - timedelta(days=days), f"last {count} {w[2]}", 3)
    if first == "since" and second:
        parsed = _date(second, today)
        if parsed:
            return _since(found, parsed, f"since {parsed.isoformat()}", 2)
    return 0


def _since(found: dict[str, Any], since: date, label: str, used: int) -> int:
    found["since"] = since
    found["recency"] = label
    return used


def _number(word: str) -> int | None:
    if word.isdigit():
        return min(int(word), 3650)
    return _NUMBER_WORDS.get(word)


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]  # fmt: skip


def _date(word: str, today: date) -> date | None:
    """ISO date, today/yesterday, weekday name (the last one before today) or a month name or
    abbreviation of at least three letters (its first day)."""
    try:
        return date.fromisoformat(word)
    except ValueError:
        pass
    if word in {"today", "yesterday"}:  # "since yesterday"
        return today - timedelta(days=1 if word == "yesterday" else 0)
    if word in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS.index(word)) % 7 or 7
        return today - timedelta(days=back)
    # A prefix of a month's name, not any word that starts like one ("since marketing").
    month = next((i for i, m in enumerate(_MONTHS, 1) if len(word) >= 3 and m.startswith(word)), 0)
    if month:
        year = today.year if month <= today.month else today.year - 1
        return date(year, month, 1)
    return None
