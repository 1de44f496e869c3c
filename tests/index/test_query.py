"""index/query.py: a plain-words question understood as terms, filters and boosts."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from typing import Any

import pytest

from index import query as query_module
from index.query import MAX_QUERY_CHARS, Query, parse_query

TODAY = date(2026, 11, 28)  # a Saturday


def ask(text: str, *, today: date = TODAY) -> Query:
    return parse_query(text, today=today)


def picked(q: Query, expected: dict[str, Any]) -> dict[str, Any]:
    return {name: getattr(q, name) for name in expected}


# Each case: question, the Query fields it must produce (others are not checked here), and an id
# that reads as the behaviour.
CASES: list[tuple[str, dict[str, Any], str]] = [
    # workplace
    ("remote SRE jobs", {"workplace": "remote", "terms": ("sre",)}, "remote-word-sets-remote"),
    ("REMOTE python", {"workplace": "remote", "terms": ("python",)}, "remote-in-capitals"),
    ("work from home designer", {"workplace": "remote", "terms": ("designer",)}, "work-from-home"),
    ("wfh support", {"workplace": "remote"}, "wfh-is-remote"),
    ("python 远程", {"workplace": "remote", "terms": ("python",)}, "chinese-remote"),
    ("distributed team engineer", {"workplace": "remote"}, "distributed-team-is-remote"),
    (
        "distributed systems engineer",
        {"workplace": None, "terms": ("distributed", "system", "engineer")},
        "distributed-systems-is-a-topic",
    ),
    ("on-site java", {"workplace": "onsite", "terms": ("java",)}, "on-site-hyphen"),
    ("onsite java", {"workplace": "onsite"}, "onsite-one-word"),
    ("on site java", {"workplace": "onsite", "terms": ("java",)}, "on-site-two-words"),
    ("in office java", {"workplace": "onsite", "location": None}, "in-office-is-not-a-place"),
    ("hybrid data engineer", {"workplace": "hybrid"}, "hybrid-word"),
    # places
    ("python in Berlin", {"location": "Berlin", "terms": ("python",)}, "in-known-city"),
    ("jobs in NYC", {"location": "New York", "terms": ()}, "in-nyc-alias"),
    ("backend in São Paulo", {"location": "Sao Paulo"}, "in-accented-city"),
    ("in new york", {"location": "New York"}, "in-lowercase-two-word-city"),
    ("devops in the UK", {"location": "United Kingdom"}, "in-the-country"),
    ("python jobs in uk", {"location": "United Kingdom"}, "in-short-alias-lowercase"),
    ("anything in U.S.", {"location": "United States"}, "in-dotted-us"),
    ("sre berlin", {"location": "Berlin", "terms": ("sre",)}, "known-place-without-in"),
    ("US jobs", {"location": "United States"}, "short-alias-in-capitals"),
    ("us and them", {"location": None}, "short-alias-lowercase-without-in-is-a-word"),
    ("devops in Springfield", {"location": "Springfield"}, "in-unknown-capitalised-place"),
    ("jobs in Rio de Janeiro", {"location": "Rio de Janeiro"}, "in-place-with-link-word"),
    ("in New Haven", {"location": "New Haven"}, "in-place-starting-with-new"),
    (
        "sre in Springfield kubernetes",
        {"location": "Springfield", "terms": ("sre", "kubernetes")},
        "lowercase-word-after-place-stays-a-term",
    ),
    ("developer in python", {"location": None, "terms": ("developer", "python")}, "in-python"),
    ("backend in Go", {"location": None, "terms": ("backend", "go")}, "in-capitalised-skill"),
    ("embedded in C", {"location": None, "terms": ("embedded", "c")}, "in-c-is-a-language"),
    ("in fintech", {"location": None, "terms": ("fintech",)}, "in-lowercase-topic"),
    ("jobs near London", {"location": "London"}, "near-known-place"),
    ("new york sre", {"location": "New York", "terms": ("sre",)}, "two-word-place-without-in"),
    ("sre Berlin ．", {"location": "Berlin", "terms": ("sre",)}, "place-before-vanishing-word"),
    ("python ｉｎ Ｂｅｒｌｉｎ", {"location": "Berlin"}, "fullwidth-in-place"),
    ("python today，", {"since": TODAY, "terms": ("python",)}, "fullwidth-comma-after-filter"),
    # company
    ("engineer at Stripe", {"company": "Stripe", "terms": ("engineer",)}, "at-company"),
    ("at Acme Corp in Berlin", {"company": "Acme Corp", "location": "Berlin"}, "at-two-words"),
    ("at Stripe remote", {"company": "Stripe", "workplace": "remote"}, "company-stops-at-filter"),
    ("python at least 3 years", {"company": None}, "at-least-is-not-a-company"),
    ("at most two days in office", {"company": None}, "at-most-is-not-a-company"),
    ("work at home", {"company": None}, "at-home-is-not-a-company"),
    # job type
    ("full-time rust", {"job_type": "full-time", "terms": ("rust",)}, "full-time-hyphen"),
    ("full time rust", {"job_type": "full-time", "terms": ("rust",)}, "full-time-two-words"),
    ("part-time writer", {"job_type": "part-time"}, "part-time-hyphen"),
    ("part time writer", {"job_type": "part-time", "terms": ("writer",)}, "part-time-two-words"),
    ("contract react", {"job_type": "contract", "terms": ("react",)}, "contract"),
    ("contractor", {"job_type": "contract"}, "contractor"),
    # "intern(ship)" is the level, read from titles: few postings state the job type
    ("internship", {"job_type": None, "seniority": "intern"}, "internship"),
    ("software internships", {"seniority": "intern", "terms": ("software",)}, "internships"),
    ("freelance designer", {"job_type": "freelance"}, "freelance"),
    ("intern", {"job_type": None, "seniority": "intern"}, "intern-is-the-level"),
    # seniority
    ("junior python", {"seniority": "junior", "terms": ("python",)}, "junior"),
    ("entry level python", {"seniority": "junior", "terms": ("python",)}, "entry-level"),
    ("entry-level python", {"seniority": "junior"}, "entry-level-hyphen"),
    ("senior go", {"seniority": "senior", "terms": ("go",)}, "senior"),
    ("sr dev", {"seniority": "senior"}, "sr-abbreviation"),
    ("staff engineer", {"seniority": "staff", "terms": ("engineer",)}, "staff"),
    ("principal engineer", {"seniority": "principal"}, "principal"),
    ("mid-level", {"seniority": "mid"}, "mid-level"),
    ("lead engineer", {"seniority": "lead", "terms": ("engineer",)}, "lead"),
    ("head of design", {"seniority": "head", "terms": ("design",)}, "head-of"),
    ("director of product", {"seniority": "director", "terms": ("product",)}, "director"),
    # recency
    ("python today", {"since": TODAY, "recency": "today"}, "today"),
    ("yesterday", {"since": date(2026, 11, 27)}, "yesterday"),
    ("this week", {"since": date(2026, 11, 21), "recency": "this week"}, "this-week"),
    ("last week", {"since": date(2026, 11, 21)}, "last-week"),
    ("this month", {"since": date(2026, 10, 29)}, "this-month"),
    ("python last 14 days", {"since": date(2026, 11, 14), "terms": ("python",)}, "last-n-days"),
    ("past 2 weeks", {"since": date(2026, 11, 14)}, "past-n-weeks"),
    ("past two weeks", {"since": date(2026, 11, 14)}, "number-word"),
    ("last 24 hours", {"since": date(2026, 11, 27)}, "hours-round-up-to-a-day"),
    ("last 3 months", {"since": date(2026, 8, 30)}, "last-n-months"),
    ("since 2026-11-01", {"since": date(2026, 11, 1)}, "since-iso-date"),
    ("since monday", {"since": date(2026, 11, 23)}, "since-weekday"),
    ("since saturday", {"since": date(2026, 11, 21)}, "since-today-s-weekday-is-a-week-ago"),
    ("since nov", {"since": date(2026, 11, 1)}, "since-this-month"),
    ("since december", {"since": date(2025, 12, 1)}, "since-a-later-month-is-last-year"),
    ("since yesterday", {"since": date(2026, 11, 27), "terms": ()}, "since-yesterday"),
    ("since marketing", {"since": None, "terms": ("since", "marketing")}, "since-non-date"),
    ("since 2026-13-45", {"since": None}, "since-impossible-date"),
    ("posted this week", {"since": date(2026, 11, 21), "terms": ()}, "posted-is-filler"),
    # tags, exclusions, phrases
    ("python #aws", {"tags": ("aws",), "terms": ("python",)}, "hash-tag"),
    ("#k8s", {"tags": ("kubernetes",), "terms": ()}, "hash-tag-is-canonical"),
    ("#C++ #c++", {"tags": ("c++",)}, "hash-tags-deduplicated"),
    ("python -java", {"excluded": ("java",), "terms": ("python",)}, "minus-excludes"),
    ("c# -.net", {"excluded": (".net",), "terms": ("c#",)}, "minus-tech-token"),
    ("-10 degrees", {"excluded": (), "terms": ("10", "degree")}, "minus-number-is-not-exclusion"),
    ("python -", {"excluded": (), "terms": ("python",)}, "lone-minus-ignored"),
    (
        '"machine learning" engineer',
        {"phrases": ("machine learning",), "terms": ("engineer",)},
        "quoted-phrase",
    ),
    ("“Data Platform” lead", {"phrases": ("data platform",)}, "curly-quoted-phrase-folded"),
    ('"python', {"phrases": (), "terms": ("python",)}, "unmatched-quote"),
    ('""', {"phrases": (), "terms": ()}, "empty-quotes"),
    # other languages: remote and level words reach the filters, filler is dropped
    ("Entwickler remote", {"workplace": "remote", "terms": ("developer",)}, "de-remote"),
    (
        "Homeoffice Softwareentwickler",
        {"workplace": "remote", "terms": ("software", "developer")},
        "de-homeoffice",
    ),
    ("télétravail développeur", {"workplace": "remote", "terms": ("developer",)}, "fr-remote"),
    ("desarrollador remoto", {"workplace": "remote", "terms": ("developer",)}, "es-remote"),
    ("desenvolvedora remota", {"workplace": "remote", "terms": ("developer",)}, "pt-remote"),
    (
        "远程 后端 工程师",
        {"workplace": "remote", "terms": ("backend", "engineer")},
        "zh-remote-backend-engineer",
    ),
    ("远程办公 产品经理", {"workplace": "remote", "terms": ("pm",)}, "zh-remote-office"),
    (
        "远程后端",
        {"workplace": "remote", "terms": ("backend",)},
        "zh-without-spaces-is-segmented",
    ),
    ("高级 后端", {"seniority": "senior", "terms": ("backend",)}, "zh-senior"),
    ("资深 运维", {"seniority": "senior", "terms": ("devops",)}, "zh-senior-zishen"),
    ("中级 测试", {"seniority": "mid", "terms": ("qa",)}, "zh-mid"),
    ("初级 前端", {"seniority": "junior", "terms": ("frontend",)}, "zh-junior"),
    ("实习 区块链", {"seniority": "intern", "terms": ("blockchain",)}, "zh-intern"),
    ("Praktikant Python", {"seniority": "intern", "terms": ("python",)}, "de-intern"),
    ("stagiaire développeur", {"seniority": "intern", "terms": ("developer",)}, "fr-intern"),
    ("Sénior desarrollador", {"seniority": "senior", "terms": ("developer",)}, "es-senior"),
    ("desenvolvedor pleno", {"seniority": "mid", "terms": ("developer",)}, "pt-pleno-is-mid"),
    ("Stellen als Entwickler", {"terms": ("developer",)}, "de-filler"),
    ("offre d'emploi développeur", {"terms": ("developer",)}, "fr-filler"),
    ("empleo desarrollador", {"terms": ("developer",)}, "es-filler"),
    ("vagas desenvolvedor", {"terms": ("developer",)}, "pt-filler"),
    ("职位 招聘 前端", {"terms": ("frontend",)}, "zh-filler"),
    (
        "científico de datos",
        {"terms": ("data-scientist",)},
        "es-phrase-keeps-its-stop-word",
    ),
    # filler and edge input
    ("looking for any jobs please", {"terms": ()}, "filler-only"),
    ("show me some python roles", {"terms": ("python",)}, "filler-dropped-around-terms"),
    ("", {"terms": (), "text": ""}, "empty-question"),
    ("   \t\n ", {"terms": (), "text": ""}, "whitespace-only"),
    ("python\x00\x07 dev\x1b", {"terms": ("python", "dev")}, "control-characters-removed"),
    ("Py\u200bthon", {"terms": ("python",)}, "zero-width-removed"),
    ("python, remote; berlin!", {"workplace": "remote", "location": "Berlin"}, "punctuation"),
]


@pytest.mark.parametrize(
    ("question", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES]
)
def test_question_is_understood(question: str, expected: dict[str, Any]) -> None:
    assert picked(ask(question), expected) == expected


def test_table_has_enough_cases_and_unique_ids() -> None:
    ids = [c[2] for c in CASES]
    assert len(ids) >= 30
    assert len(ids) == len(set(ids))


def test_remote_phrase_sets_remote_filter() -> None:
    q = ask("remote SRE jobs with Terraform in Berlin this week")
    assert q.remote is True
    assert q.location == "Berlin"
    assert q.since == date(2026, 11, 21)
    assert q.terms == ("sre", "terraform")
    assert q.has_filters


def test_onsite_sets_remote_false_and_hybrid_leaves_it_open() -> None:
    assert ask("onsite python").remote is False
    assert ask("hybrid python").remote is None
    assert ask("python").remote is None


def test_seniority_is_a_boost_not_a_filter() -> None:
    q = ask("senior python")
    assert q.seniority == "senior"
    assert not q.has_filters
    assert q.understood()["seniority"] == "senior"


def test_each_filter_counts_as_a_filter() -> None:
    for question in ("remote", "in Berlin", "at Stripe", "contract", "today"):
        assert ask(question).has_filters, question


def test_related_terms_come_from_synonyms_and_exclude_the_terms() -> None:
    q = ask("sre")
    assert "devops" in q.related
    assert "sre" not in q.related


def test_terms_are_unique_and_in_question_order() -> None:
    assert ask("python django python flask").terms == ("python", "django", "flask")


def test_empty_question_gives_an_empty_query() -> None:
    for text in ("", "   ", "\t\n", "please", "jobs"):
        q = ask(text)
        assert q.is_empty, text
        assert not q.has_filters
        assert q.remote is None


def test_question_with_only_a_filter_is_not_empty() -> None:
    assert not ask("remote").is_empty
    assert not ask("#python").is_empty
    assert not ask('"data platform"').is_empty


def test_seniority_alone_is_a_question_to_rank_by() -> None:
    q = ask("senior")
    assert q.seniority == "senior" and not q.terms and not q.is_empty


def test_long_question_is_cut_to_max_query_chars() -> None:
    q = ask("remote python " * 358)  # 5,012 characters
    assert len(q.text) <= MAX_QUERY_CHARS
    assert q.workplace == "remote"
    assert q.terms[0] == "python"


def test_long_question_of_one_word_is_cut_without_error() -> None:
    q = ask("x" * 5_000)
    assert len(q.text) == MAX_QUERY_CHARS
    assert q.terms == ("x" * MAX_QUERY_CHARS,)


def test_words_after_the_limit_are_ignored() -> None:
    q = ask("a " * (MAX_QUERY_CHARS // 2) + "remote kubernetes")
    assert q.workplace is None
    assert "kubernetes" not in q.terms


def test_question_text_is_cleaned_and_single_spaced() -> None:
    q = ask("  remote\u00a0\u00a0python\r\n\x07jobs  ")
    assert q.text == "remote python jobs"


@pytest.mark.parametrize(
    "text",
    [
        "\x00" * 100,
        "#",
        "-",
        "---",
        '"',
        "“",
        "in",
        "at",
        "since",
        "last",
        "past 9999999999999999999999 days",
        "in in in in",
        "at at at",
        "\U0001f680 rocket",
        "🚀" * 600,
        "Разработчик Python в Москве",
        "(remote) [berlin] {python}",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    q = ask(text)
    assert isinstance(q, Query)
    assert len(q.text) <= MAX_QUERY_CHARS


def test_huge_day_count_is_capped() -> None:
    q = ask("past 99999 days")
    assert q.since == TODAY - timedelta(days=3650)


def test_today_defaults_to_the_current_date() -> None:
    q = parse_query("python today")
    assert q.since is not None
    assert abs((q.since - date.today()).days) <= 1


def test_since_weekday_depends_on_the_injected_today() -> None:
    monday = date(2026, 11, 30)
    assert ask("since monday", today=monday).since == date(2026, 11, 23)
    assert ask("since sunday", today=monday).since == date(2026, 11, 29)


def test_understood_has_the_json_shape_of_the_cli_contract() -> None:
    understood = ask(
        "senior remote python in Berlin at Acme since 2026-11-01 #aws -java"
    ).understood()
    assert understood == {
        "terms": ["python"],
        "related": [],
        "phrases": [],
        "excluded": ["java"],
        "tags": ["aws"],
        "remote": True,
        "workplace": "remote",
        "location": "Berlin",
        "company": "Acme",
        "job_type": None,
        "seniority": "senior",
        "since": "2026-11-01",
        "sort": "relevance",
        "corrected": {},
        "salary_min": None,
        "salary_max": None,
        "currency": None,
    }
    asked = ask("python over €90k a year").understood()
    assert (asked["salary_min"], asked["salary_max"], asked["currency"]) == (90_000, None, "EUR")


def test_query_is_frozen_and_keeps_every_field_typed() -> None:
    q = ask("remote python")
    with pytest.raises(AttributeError):
        q.terms = ()  # type: ignore[misc]
    names = {f.name for f in fields(Query)}
    assert {"text", "terms", "workplace", "location", "since", "seniority"} <= names


def test_public_names_are_declared() -> None:
    assert set(query_module.__all__) == {"MAX_QUERY_CHARS", "Query", "Workplace", "parse_query"}


@pytest.mark.parametrize(
    ("text", "excluded", "workplace"),
    [
        ("backend engineer no crypto", ("crypto",), None),
        ("python developer not web3", ("web3",), None),
        ("frontend developer without agencies", ("agency",), None),
        ("non-remote data engineer", (), "onsite"),
        ("not remote python", (), "onsite"),
        ("ingeniero sin crypto", ("crypto",), None),
        ("sre without on-call", ("oncall",), None),  # the duty, not the word "call"
        ("backend ohne krypto", ("krypto",), None),
        ("keine crypto backend", ("crypto",), None),
        ("不要区块链 后端", ("blockchain",), None),
    ],
)
def test_negation_in_prose_leaves_the_word_out_instead_of_searching_for_it(
    text: str, excluded: tuple[str, ...], workplace: str | None
) -> None:
    """Before: "… no crypto" added crypto to the search words."""
    query = ask(text)
    assert query.excluded == excluded and query.workplace == workplace
    assert not set(excluded) & set(query.terms)


@pytest.mark.parametrize(
    ("text", "terms", "workplace", "seniority"),
    [
        ("远程后端", ("backend",), "remote", None),  # no spaces: the segmenter finds the words
        ("高级后端工程师", ("backend", "engineer"), None, "senior"),
        ("招聘远程前端", ("frontend",), "remote", None),
        ("python开发", ("python", "developer"), None, None),
    ],
)
def test_chinese_written_without_spaces_is_read_word_by_word(
    text: str, terms: tuple[str, ...], workplace: str | None, seniority: str | None
) -> None:
    query = ask(text)
    assert (query.terms, query.workplace, query.seniority) == (terms, workplace, seniority)


@pytest.mark.parametrize(
    "text", ["newest python jobs", "latest remote devops", "most recent data engineer"]
)
def test_asking_for_the_newest_sorts_by_date(text: str) -> None:
    query = ask(text)
    assert query.sort == "newest" and query.terms


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("sales engineer", ("sales-engineer",)),  # one role, not "sales" or "engineer"
        ("solutions engineer", ("sales-engineer",)),
        ("ingénieur données", ("data-engineer",)),  # as typed, without the "de"
        ("ingénieur data", ("data-engineer",)),
        ("ingeniero datos", ("data-engineer",)),
        ("cientista dados", ("data-scientist",)),
        ("Backend-Entwickler mit Python", ("backend", "developer", "python")),
        ("développeur full stack en télétravail", ("developer", "fullstack")),
        ("desarrollador backend con el equipo", ("developer", "backend", "equipo")),
    ],
)
def test_translated_questions_keep_only_their_job_words(
    question: str, terms: tuple[str, ...]
) -> None:
    """Before: "mit", "en" were required search words and "ingénieur données" two loose ones."""
    assert parse_query(question, today=TODAY).terms == terms
