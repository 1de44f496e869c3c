"""Search: ranking on the seeds, filters that never leak, ties, paging, and a brute-force oracle."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from index import Hit, Pay, Posting, Query, SearchIndex, load_postings, parse_query
from index.places import place_pattern
from index.table import PostingTable
from index.text import fold

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TODAY = date(2026, 11, 28)
SKETCH = "000_8087e78698fd4dbe"


@pytest.fixture(scope="module")
def seeds() -> SearchIndex:
    return SearchIndex.build(load_postings(SEEDS, include_archived=True).postings, root=str(SEEDS))


def ask(index: SearchIndex, question: str, **kwargs: object) -> list[str]:
    result = index.search(parse_query(question, today=TODAY), **kwargs)  # type: ignore[arg-type]
    return [h.posting.id for h in result.hits]


def test_sketch_is_the_first_hit_for_remote_sre_with_terraform(seeds: SearchIndex) -> None:
    result = seeds.search(parse_query("remote SRE jobs with Terraform", today=TODAY))
    assert result.hits[0].posting.id == SKETCH
    assert {"sre", "terraform"} <= set(result.hits[0].matched)


def test_hits_name_the_query_terms_they_matched(seeds: SearchIndex) -> None:
    result = seeds.search(parse_query("kubernetes go", today=TODAY), limit=10)
    assert result.hits
    for hit in result.hits:
        assert set(hit.matched) & {"kubernetes", "go"}


FILTERED = [
    "remote jobs",
    "remote engineer",
    "hybrid designer",
    "on-site sales",
    "engineer in Europe",
    "jobs in Berlin",
    "manager in Canada",
    "contract roles",
    "part-time",
    "jobs posted this week",
    "engineer last 30 days",
    "remote python full-time last 90 days",
]


@pytest.mark.parametrize("question", FILTERED)
def test_a_filter_never_leaks_into_any_page(seeds: SearchIndex, question: str) -> None:
    query = parse_query(question, today=TODAY)
    assert query.has_filters
    result = seeds.search(query, limit=len(seeds))
    assert result.total == len(result.hits)
    for hit in result.hits:
        p = hit.posting
        if query.workplace == "remote":
            assert p.remote, p.id
        if query.workplace == "hybrid":
            assert p.hybrid, p.id
        if query.workplace == "onsite":
            assert not p.remote and not p.hybrid, p.id
        if query.location:
            assert place_pattern(query.location).search(fold(p.location)), p.id
        if query.job_type:
            assert p.job_type == query.job_type, p.id
        if query.since:
            assert p.posted is not None and p.posted.date() >= query.since, p.id


def test_remote_query_returns_only_remote_postings_among_many(seeds: SearchIndex) -> None:
    result = seeds.search(parse_query("remote", today=TODAY), limit=100)
    assert result.total == sum(p.remote for p in seeds.postings)
    assert all(h.posting.remote for h in result.hits)


def test_an_emptying_filter_is_the_only_one_relaxed(seeds: SearchIndex) -> None:
    """Before: the fallback dropped every filter (a Hyderabad internship before the Toronto
    product manager). Now only the filter that emptied the answer goes; the others hold."""
    result = seeds.search(parse_query("remote data engineer in Tokyo", today=TODAY), limit=20)
    assert result.emptied_by == "location" and result.relaxed == ("location",)
    assert result.hits and result.total == len(result.hits)
    assert all(h.posting.remote for h in result.hits)  # remote still holds
    assert all("data" in fold(h.posting.title + " " + h.posting.summary) for h in result.hits)


def test_words_nobody_uses_give_nothing_and_are_reported(seeds: SearchIndex) -> None:
    result = seeds.search(parse_query("zzqxv", today=TODAY))
    assert result.total == 0 and result.hits == ()
    assert result.unknown_terms == ("zzqxv",) and result.relaxed == ()  # nothing to relax


def test_a_count_counts_postings_that_hold_the_distinguishing_words(seeds: SearchIndex) -> None:
    """Before: "N matching" counted any posting sharing one generic word ("developer")."""
    both = seeds.search(parse_query("kubernetes terraform", today=TODAY), limit=100)
    generic = seeds.search(parse_query("terraform engineer", today=TODAY), limit=100)
    bodies = {
        p.id: fold(seeds._body(p) + " " + p.title + " " + " ".join(p.tags)) for p in seeds.postings
    }

    assert both.total == len(both.hits) > 0
    assert all("kubernetes" in bodies[h.posting.id] and "terraform" in bodies[h.posting.id]
               for h in both.hits)  # fmt: skip
    assert generic.total == sum("terraform" in text for text in bodies.values())


def test_a_word_no_posting_has_relaxes_the_words_and_says_so(seeds: SearchIndex) -> None:
    result = seeds.search(parse_query("zzqxv kubernetes", today=TODAY), limit=50)
    assert result.relaxed == ("words",) and result.unknown_terms == ("zzqxv",)
    assert result.hits and all("kubernetes" in h.matched for h in result.hits)


def test_excluded_words_remove_postings(seeds: SearchIndex) -> None:
    with_kotlin = ask(seeds, "android", limit=50)
    without = ask(seeds, "android -kotlin", limit=50)
    assert without and len(without) < len(with_kotlin)
    for posting_id in without:
        posting = seeds.get(posting_id)
        assert posting is not None
        assert "kotlin" not in fold(posting.body + posting.title + " ".join(posting.tags))


def test_exact_phrase_must_appear_as_written(seeds: SearchIndex) -> None:
    hits = ask(seeds, '"design systems"', limit=50)
    assert hits
    for posting_id in hits:
        posting = seeds.get(posting_id)
        assert posting is not None
        text = " ".join(fold(f"{posting.title} {posting.summary} {posting.body}").split())
        assert "design systems" in text


def test_hidden_postings_never_appear(seeds: SearchIndex) -> None:
    first = ask(seeds, "remote SRE jobs with Terraform")
    again = ask(seeds, "remote SRE jobs with Terraform", hidden={SKETCH})
    assert SKETCH in first and SKETCH not in again


def test_pages_do_not_overlap_and_follow_the_ranking(seeds: SearchIndex) -> None:
    everything = ask(seeds, "engineer", limit=15)
    pages = [ask(seeds, "engineer", limit=5, offset=o) for o in (0, 5, 10)]
    assert [i for page in pages for i in page] == everything


def test_seniority_ranks_matching_titles_first(seeds: SearchIndex) -> None:
    hits = ask(seeds, "junior", limit=5)
    for posting_id in hits:
        posting = seeds.get(posting_id)
        assert posting is not None and "junior" in posting.title.lower()


def test_more_like_this_finds_the_same_kind_of_job(seeds: SearchIndex) -> None:
    hits = seeds.more_like_this(SKETCH, limit=5)
    ids = [h.posting.id for h in hits]
    assert SKETCH not in ids
    titles = " ".join(h.posting.title.lower() for h in hits[:3])
    assert "reliability" in titles or "devops" in titles or "platform" in titles


def test_more_like_this_of_an_unknown_id_raises_key_error(seeds: SearchIndex) -> None:
    with pytest.raises(KeyError):
        seeds.more_like_this("no/such/posting")


def _posting(i: int, body: str, *, days_ago: int = 0, title: str | None = None) -> Posting:
    posted = datetime(2026, 11, 1, tzinfo=UTC) - timedelta(days=days_ago)
    return Posting(id=f"p{i:03d}", title=title or f"Role {i}", body=body, posted=posted)


def test_ties_go_to_the_newer_posting_then_the_id() -> None:
    postings = [
        _posting(3, "kafka streaming", days_ago=5, title="Engineer"),
        _posting(1, "kafka streaming", days_ago=5, title="Engineer "),
        _posting(2, "kafka streaming", days_ago=1, title="Engineer  "),
        _posting(4, "nothing relevant", days_ago=0, title="Other"),
    ]
    # Distinct titles by whitespace only would fold together: give each its own company.
    postings = [
        Posting(id=p.id, title=p.title.strip(), company=p.id, body=p.body, posted=p.posted)
        for p in postings
    ]
    index = SearchIndex.build(postings, today=date(2040, 1, 1))  # every prior at the floor
    result = index.search(parse_query("kafka", today=TODAY), limit=3)
    assert [h.posting.id for h in result.hits] == ["p002", "p001", "p003"]
    assert len({round(h.score, 6) for h in result.hits}) == 1


def test_a_fresher_posting_wins_over_an_equal_older_one_and_undated_come_last() -> None:
    """Before: undated postings ranked as the newest, and age never counted."""
    postings = [
        Posting(id="old", title="Kafka Engineer", company="a", body="kafka",
                posted=datetime(2023, 1, 1, tzinfo=UTC)),
        Posting(id="undated", title="Kafka Engineer", company="b", body="kafka", posted=None),
        Posting(id="fresh", title="Kafka Engineer", company="c", body="kafka",
                posted=datetime(2026, 11, 20, tzinfo=UTC)),
    ]  # fmt: skip
    index = SearchIndex.build(postings, today=date(2026, 12, 1))
    ranked = [h.posting.id for h in index.search(parse_query("kafka"), limit=3).hits]
    assert ranked == ["fresh", "old", "undated"]


def test_a_newest_question_lists_the_real_matches_before_passing_mentions() -> None:
    """Before: "newest python jobs" listed every posting naming Python once, newest first."""
    filler = " ".join(f"word{i}" for i in range(60))
    postings = [
        Posting(id="mention", title="Security Lead", company="a", body=f"{filler} python",
                posted=datetime(2026, 11, 30, tzinfo=UTC)),
        Posting(id="older", title="Python Developer", company="b", body="python django",
                posted=datetime(2026, 10, 1, tzinfo=UTC)),
        Posting(id="newer", title="Python Engineer", company="c", body="python fastapi",
                posted=datetime(2026, 11, 10, tzinfo=UTC)),
        Posting(id="undated", title="Python Developer", company="d", body="python", posted=None),
    ]  # fmt: skip
    index = SearchIndex.build(postings, today=date(2026, 12, 1))
    result = index.search(parse_query("newest python jobs", today=date(2026, 12, 1)), limit=4)
    assert result.query.sort == "newest" and result.total == 4
    assert [h.posting.id for h in result.hits] == ["newer", "older", "mention", "undated"]


def test_a_question_that_is_only_a_level_counts_the_postings_at_that_level() -> None:
    """Before: "senior" counted (and could list) every posting."""
    titles = ["Senior Python Engineer", "Sr. Designer", "Junior Analyst", "Data Engineer",
              "Staff Engineer"]  # fmt: skip
    postings = [
        Posting(id=f"p{i}", title=t, company=f"c{i}", body="work",
                posted=datetime(2026, 11, i + 1, tzinfo=UTC))
        for i, t in enumerate(titles)
    ]  # fmt: skip
    index = SearchIndex.build(postings, today=date(2026, 12, 1))
    senior = index.search(parse_query("senior", today=date(2026, 12, 1)), limit=5)
    assert senior.total == 2 and [h.posting.id for h in senior.hits] == ["p1", "p0"]
    assert not senior.relaxed
    # No posting at the level: the level is only a preference, nothing is said to be dropped.
    principal = index.search(parse_query("principal", today=date(2026, 12, 1)), limit=5)
    assert principal.query.seniority == "principal"
    assert principal.total == 5 and not principal.relaxed


def test_reposted_copies_fold_into_one_card() -> None:
    postings = [
        Posting(id="a", title="Rust Engineer", company="Acme", body="rust tokio", posted=None),
        Posting(id="b", title="Rust Engineer", company="ACME", body="rust tokio async"),
        Posting(id="c", title="Rust Developer", company="Other", body="rust"),
    ]
    index = SearchIndex.build(postings)
    hits = index.search(parse_query("rust", today=TODAY)).hits
    ids = [h.posting.id for h in hits]
    assert len(ids) == 2 and "c" in ids
    folded = next(h for h in hits if h.posting.id in {"a", "b"})
    assert [p.id for p in folded.copies] == [({"a", "b"} - {folded.posting.id}).pop()]
    assert next(h for h in hits if h.posting.id == "c").copies == ()


def test_a_hit_reads_its_posting_once_and_only_when_asked(
    seeds: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    original = PostingTable.__getitem__

    def counting(self: PostingTable, i: int) -> Posting:
        reads.append(i)
        return original(self, i)

    monkeypatch.setattr(PostingTable, "__getitem__", counting)
    result = seeds.search(parse_query("remote SRE jobs", today=TODAY), limit=3)
    assert len(result.hits) == 3 and reads == []
    first = result.hits[0]
    assert first.posting is first.posting
    assert len(reads) == 1
    assert first == Hit(seeds.postings[reads[0]], first.score, first.matched)
    with pytest.raises(ValueError, match="posting or a row"):
        Hit(None, 1.0)


def test_matched_terms_are_found_for_the_whole_page_on_first_use(
    seeds: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = seeds._matched

    def counting(rows: np.ndarray, query: Query) -> list[tuple[str, ...]]:
        calls.append(len(rows))
        return original(rows, query)

    monkeypatch.setattr(seeds, "_matched", counting)
    result = seeds.search(parse_query("kubernetes go", today=TODAY), limit=4)
    assert len(result.hits) == 4 and calls == []
    assert all("kubernetes" in h.matched or "go" in h.matched for h in result.hits)
    assert calls == [4]


# --- pay ----------------------------------------------------------------------------------------

_PAYS = [
    None,
    Pay(120_000, 160_000, "USD"),
    Pay(100_000, 140_000, "USD"),
    Pay(150_000, None, "USD"),
    Pay(None, 90_000, "EUR"),
    Pay(140_000, 160_000, "EUR"),
    Pay(15_000_000, 20_000_000, "JPY"),
    Pay(25_000_000, 30_000_000, "JPY"),
    Pay(60, 80, "USD", "hour"),
    Pay(20_000, 30_000, "CNY", "month"),
    Pay(2_500_000, 3_000_000, "INR"),
    Pay(70_000, 75_000, "GBP"),
    Pay(100_000, 120_000, "XYZ"),
    Pay(5_000, 6_000, "USD", "month"),
    Pay(110_000, 130_000, "GBP"),
    Pay(210_000, 250_000, "USD"),
]


@pytest.fixture(scope="module")
def paid() -> SearchIndex:
    postings = [
        Posting(id=f"pay{i:02d}", title=f"Kafka Engineer {i}", company=f"c{i}", body="kafka",
                pay=pay, posted=datetime(2026, 11, 1, tzinfo=UTC))
        for i, pay in enumerate(_PAYS * 3)
    ]  # fmt: skip
    return SearchIndex.build(postings, today=TODAY)


@pytest.mark.parametrize(
    "question",
    ["kafka over 150k", "kafka at least €80k", "kafka under 100k", "kafka $120k-$160k",
     "kafka 月薪2万以上", "kafka ₹25 LPA", "kafka over $60/hr", "kafka over 100k gbp",
     "kafka over 50k", "kafka more than 200000 usd"],
)  # fmt: skip
def test_the_salary_filter_keeps_exactly_the_pay_the_ask_accepts(
    paid: SearchIndex, question: str
) -> None:
    """The index compares a whole currency's postings at once; `PayAsk.accepts` is the rule."""
    query = parse_query(question, today=TODAY)
    assert query.pay is not None and query.terms == ("kafka",)
    result = paid.search(query, limit=100)
    expected = {f"pay{i:02d}" for i, pay in enumerate(_PAYS * 3) if pay and query.pay.accepts(pay)}
    assert expected and not result.relaxed
    assert {h.posting.id for h in result.hits} == expected and result.total == len(expected)
    assert result.no_pay == 3  # the postings that state no pay, left out and counted


def test_pay_nobody_offers_relaxes_only_the_salary_filter(paid: SearchIndex) -> None:
    result = paid.search(parse_query("kafka over 150k in Tokyo", today=TODAY), limit=50)
    ask = result.query.pay
    assert result.relaxed == ("location",) and ask is not None  # the pay still holds
    assert result.hits and all(h.posting.pay and ask.accepts(h.posting.pay) for h in result.hits)
    result = paid.search(parse_query("kafka over 900k", today=TODAY))
    assert result.relaxed == ("salary",) and result.hits and result.no_pay == 0


def test_a_hit_carries_the_pay_its_posting_states(paid: SearchIndex) -> None:
    hits = paid.search(parse_query("kafka over 25000000 jpy", today=TODAY), limit=10).hits
    assert hits and all(h.posting.pay == _PAYS[int(h.posting.id[3:]) % len(_PAYS)] for h in hits)
    assert Pay(25_000_000, 30_000_000, "JPY") in {h.posting.pay for h in hits}


def test_a_loose_level_word_follows_the_plain_ones() -> None:
    """ "Associate" is often entry level, not always: "Junior …" titles lead, then "Associate …",
    then the other matches; a page past the first tier carries on across the tiers."""
    titles = ["Associate Data Analyst", "Data Analyst", "Junior Data Analyst", "Jr. Data Analyst"]
    postings = [
        Posting(id=f"p{i}", title=t, company=f"c{i}", body="data analyst sql " * (4 - i),
                posted=datetime(2026, 11, 20, tzinfo=UTC))
        for i, t in enumerate(titles)
    ]  # fmt: skip
    index = SearchIndex.build(postings, today=date(2026, 12, 1))
    query = parse_query("entry level data analyst", today=date(2026, 12, 1))
    ranked = [h.posting.id for h in index.search(query, limit=4).hits]
    assert ranked[:2] in (["p2", "p3"], ["p3", "p2"]) and ranked[2:] == ["p0", "p1"]
    assert [h.posting.id for h in index.search(query, limit=2, offset=2).hits] == ["p0", "p1"]
    assert [h.posting.id for h in index.search(query, limit=2, offset=1).hits] == [*ranked[1:3]]


def test_a_role_noun_is_met_by_titles_and_tags_not_by_a_mention() -> None:
    """Before: `designer` counted an Android engineer's ad that mentions "our designers"."""
    postings = [
        Posting(id="android", title="Android Engineer", company="a",
                body="You will pair with our designers and product managers."),
        Posting(id="product", title="Product Designer", company="b", body="figma prototypes"),
        Posting(id="tagged", title="UX Lead", company="c", tags=("designer",), body="research"),
        Posting(id="other", title="Data Analyst", company="d", body="sql dashboards"),
    ]  # fmt: skip
    index = SearchIndex.build(postings, today=date(2026, 12, 1))
    result = index.search(parse_query("designer", today=date(2026, 12, 1)), limit=10)
    assert result.total == 2 and not result.relaxed
    assert {h.posting.id for h in result.hits} == {"product", "tagged"}
    # A specific word still counts anywhere: "designers" in the body meets `designers pair`.
    mention = index.search(parse_query("pair", today=date(2026, 12, 1)), limit=10)
    assert [h.posting.id for h in mention.hits] == ["android"]


def test_a_filter_that_empties_a_role_keeps_the_role(seeds: SearchIndex) -> None:
    """The issue's example: `designer since 2026-11-01` on the seeds showed one "match", an
    Android engineer; now no designer is that recent, the date is dropped and said so, and
    the answer is every designer, with nothing else counted."""
    designers = [p.id for p in seeds.postings if "designer" in fold(p.title)]
    result = seeds.search(parse_query("designer since 2026-11-01", today=TODAY), limit=20)
    assert result.relaxed == ("since",)
    assert sorted(h.posting.id for h in result.hits) == sorted(designers)
    assert result.total == len(designers) > 1


def test_newest_alone_lists_every_posting_newest_first(seeds: SearchIndex) -> None:
    """Before: `newest` alone was an empty question and got the help text."""
    query = parse_query("newest", today=TODAY)
    assert not query.is_empty and query.sort == "newest"
    result = seeds.search(query, limit=10)
    dates = [h.posting.posted.date() for h in result.hits if h.posting.posted]
    assert len(dates) == 10 and dates == sorted(dates, reverse=True)  # by day, then score
    assert result.total == len(seeds)


def test_a_generic_role_next_to_other_words_must_be_the_role_of_the_title() -> None:
    """Before: `software engineer` counted (and ranked first) a technical writer's ad that
    mentions software engineers; a title naming the question's own word still counts."""
    postings = [
        Posting(id="writer", title="Technical Writer", company="a",
                body="Document APIs for our software engineers. Software, software."),
        Posting(id="engineer", title="Software Engineer", company="b", body="python services"),
        Posting(id="developer", title="Backend Developer", company="c", body="software in go"),
        Posting(id="devops", title="DevOps Lead", company="d", body="aws terraform"),
        Posting(id="manager", title="Product Manager", company="e", body="devops tooling"),
    ]  # fmt: skip
    index = SearchIndex.build(postings, today=date(2026, 12, 1))
    software = index.search(parse_query("software engineer", today=date(2026, 12, 1)), limit=9)
    assert {h.posting.id for h in software.hits} == {"engineer", "developer"}
    assert software.total == 2
    devops = index.search(parse_query("devops engineer", today=date(2026, 12, 1)), limit=9)
    assert [h.posting.id for h in devops.hits] == ["devops"] and devops.total == 1
