"""bot/bench/rawposting.py: the independent grader's own reading of a file — front matter,
folding, remote, title levels, pay and dates — on small texts written here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from bot.bench import rawposting as rp
from bot.bench.rawposting import Pay, RawPosting, fold, is_remote, posted_on, stated_pay


def raw(title: str = "Engineer", body: str = "", **front: Any) -> RawPosting:
    return RawPosting("x/y", {"title": title, **front}, body)


# ---------------------------------------------------------------------------- reading


def test_fold_lowers_strips_accents_and_invisible_characters() -> None:
    assert fold("Développeur\u200b Ingénieur") == "developpeur ingenieur"
    assert fold("ÜBER straße") == "uber strasse"
    assert fold("Data\u00a0Scientist") == "data scientist"
    assert fold("Salary\u00c2\u00a0$100k") == "salary $100k"
    assert fold("远程 后端") == "远程 后端"


def test_patterns_match_whole_words_and_plurals() -> None:
    assert rp.matches(("engineer",), "backend engineers wanted")
    assert not rp.matches(("java",), "javascript developer")
    assert rp.matches(("后端",), "远程后端工程师")  # no spaces in Chinese: inside a run
    assert not rp.matches((), "anything")


def test_front_matter_is_split_at_the_first_fence_where_the_yaml_parses() -> None:
    text = (
        "\ufeff---\n"
        'title: "A --- title"\n'
        "timestamp: 1724925665000\n"
        "---\n"
        "Body line one\n---\nmore body\n"
    )
    posting = rp.parse_raw(text, "src/a")
    assert posting.front["title"] == "A --- title"
    assert posting.front["timestamp"] == 1724925665000
    assert posting.body.startswith("Body line one\n---\nmore")


def test_a_file_without_front_matter_is_all_body() -> None:
    posting = rp.parse_raw("just text\n", "a")
    assert posting.front == {} and posting.body == "just text\n"
    assert rp.parse_raw("---\n: [unclosed\n", "b").front == {}
    assert rp.parse_raw("---\n- a list\n---\nbody\n", "c").front == {}


def test_read_raw_reads_the_file_of_an_id(tmp_path: Any) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.md").write_text("---\ntitle: Hi\n---\nbody\n", encoding="utf-8")
    assert rp.read_raw(tmp_path, "src/a").title == "hi"


def test_the_views_are_folded_and_company_falls_back_to_the_first_line() -> None:
    posting = raw(
        "Senior Développeur",
        "\nAcme | Berlin | Remote\n\nWe use Python.",
        hashtags="#python,#django",
        location="Berlin",
        summary="Great job",
    )
    assert posting.title == "senior developpeur"
    assert "#python" in posting.head
    assert "we use python." in posting.text and "great job" in posting.text
    assert posting.where.splitlines() == ["berlin", "senior developpeur", "acme | berlin | remote"]
    assert posting.company == "acme | berlin | remote"
    assert raw(companyName="Stripe, Inc.").company == "stripe, inc."


# ---------------------------------------------------------------------------- remote


@pytest.mark.parametrize(
    ("posting", "expected"),
    [
        (raw(location="Remote (US only)"), True),
        (raw(location="NYC or REMOTE (US and EU)"), True),
        (raw(location="Remote-first, with SF office"), True),
        (raw(location="远程"), True),
        (raw(location="Berlin, Homeoffice möglich"), True),
        (raw(location="Madrid (teletrabajo)"), True),
        (raw(location="Paris, télétravail partiel"), True),
        (raw("Backend Engineer (Remote)"), True),
        (raw(body="Acme | Backend | REMOTE | Full-time\n\nmore"), True),
        (raw(location="Berlin"), False),
        (raw(location="Berlin", body="Acme | Berlin\n\nWe are remote friendly."), False),
        (raw(location="Hybrid (NYC)"), False),
        (raw(location="SF, no remote"), False),
        (raw(location="London; onsite only"), False),
        (raw(location="Remote: No"), False),
        (raw(location="Remove US/Canada"), False),
        (raw(location="上海，不支持远程"), False),
    ],
)
def test_remote_is_read_from_location_title_and_first_line(
    posting: RawPosting, expected: bool
) -> None:
    assert is_remote(posting) is expected


# ---------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("title", "levels"),
    [
        ("Senior/Staff Software Engineer", {"senior", "staff"}),
        ("Sr. Backend Engineer", {"senior"}),
        ("Software Engineer Intern", {"intern"}),
        ("Internal Tools Engineer", set()),
        ("Entry-Level Data Analyst", {"junior"}),
        ("New Grad Software Engineer", {"junior"}),
        ("Jr Developer", {"junior"}),
        ("Head of Engineering", {"head"}),
        ("Director of Product", {"director"}),
        ("VP, Engineering", {"vp"}),
        ("Tech Lead", {"lead"}),
        ("Principal Engineer", {"principal"}),
        ("高级后端工程师", {"senior"}),
        ("Backend Engineer", set()),
    ],
)
def test_title_levels(title: str, levels: set[str]) -> None:
    assert rp.title_levels(fold(title)) == levels


# ---------------------------------------------------------------------------- pay


@pytest.mark.parametrize(
    ("text", "pays"),
    [
        ("Full-time | $160k - $240k USD + bonus", [(160_000, 240_000, "USD")]),
        ("Senior PM — $72k–96k annual", [(72_000, 96_000, "USD")]),
        ("Compensation: €70k–€120k depending", [(70_000, 120_000, "EUR")]),
        ("$105,000 - $125,000 CAD + 1% equity", [(105_000, 125_000, "CAD")]),
        ("CAD $162,000~$180,000", [(162_000, 180_000, "CAD")]),
        ("USD $190,800~$267,100", [(190_800, 267_100, "USD")]),
        ("On Site | $277—$397k", [(277_000, 397_000, "USD")]),
        ("$150-200k", [(150_000, 200_000, "USD")]),
        ("€45.000 - € 70.000 per year", [(45_000, 70_000, "EUR")]),
        ("`💰 $174,000/yr - $235,000/yr`", [(174_000, 235_000, "USD")]),
        ("£70,000 - £90,000", [(70_000, 90_000, "GBP")]),
        ("80k€ brut", [(80_000, 80_000, "EUR")]),
        ("$150,000.00 per year", [(150_000, 150_000, "USD")]),
        ("up to $220K USD", [(220_000, 220_000, "USD")]),
        ("CHF 120000", [(120_000, 120_000, "CHF")]),
        ("A$ 130k", [(130_000, 130_000, "AUD")]),
        ("$0 - $200,000", [(200_000, 200_000, "USD")]),
    ],
)
def test_stated_pay_reads_yearly_pay_with_a_currency(
    text: str, pays: list[tuple[int, int, str]]
) -> None:
    assert stated_pay(text) == tuple(Pay(*p) for p in pays)


@pytest.mark.parametrize(
    "text",
    [
        "Salary 150000",  # no currency
        "150k-200k",
        "$4K–6K USD/mo",  # monthly
        "$80/hr",
        "$150k an hour",
        "monthly salary $30,000",
        "20k-40k usd 月薪",
        "raised $70M Series B",
        "$2.5 billion valuation",
        "We can likely raise ~€250k fairly quickly",
        "(€10k–€200k ARR)",
        "$50k in AWS credits",
        "$25,000 relocation bonus",
        "S$120,000 - S$150,000",  # other dollars
        "R$ 10.000 a 15.000",
        "uy $112k uru/mo.",
        "PLN 181 000 - 271 000",
        "💰 $0",
        "USD $1~$1",
        "$5,000,000",
        "4000-6000usdt",
    ],
)
def test_stated_pay_refuses_what_is_not_yearly_pay(text: str) -> None:
    assert stated_pay(text) == ()


def test_pay_meets_an_ask_by_its_high_end_a_range_by_overlap_and_the_currency() -> None:
    pays = (Pay(120_000, 150_000, "USD"),)
    assert rp.pay_meets(pays, minimum=150_000)
    assert not rp.pay_meets(pays, minimum=150_001)
    assert rp.pay_meets(pays, minimum=100_000, maximum=130_000)
    assert not rp.pay_meets(pays, minimum=160_000, maximum=200_000)
    assert not rp.pay_meets(pays, minimum=100_000, maximum=110_000)
    assert not rp.pay_meets(pays, minimum=80_000, currency="EUR")
    assert rp.pay_meets((Pay(90_000, 90_000, "EUR"), *pays), minimum=80_000, currency="EUR")
    assert not rp.pay_meets((), minimum=1)


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1777661157000, date(2026, 5, 1)),  # milliseconds
        (1777661157, date(2026, 5, 1)),  # seconds
        ("1777661157000", date(2026, 5, 1)),
        ("2026-05-03", date(2026, 5, 3)),
        ("2026-05-03T23:30:00-02:00", date(2026, 5, 4)),
        ("2026-05-03T10:00:00Z", date(2026, 5, 3)),
        (date(2026, 2, 1), date(2026, 2, 1)),
        (datetime(2026, 2, 1, 12), date(2026, 2, 1)),
        (1783000000000, None),  # 2026-07: after TODAY
        (100, None),  # 1970
        ("soon", None),
        (None, None),
        (True, None),
    ],
)
def test_posted_on_reads_the_raw_timestamp(value: object, expected: date | None) -> None:
    front = {} if value is None else {"timestamp": value}
    assert posted_on(RawPosting("x", front)) == expected


def test_today_is_the_stated_day() -> None:
    assert date(2026, 6, 1) == rp.TODAY
