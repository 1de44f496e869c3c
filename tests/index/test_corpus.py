"""The whole real corpus (../shared/corpus): every class of answer the answers issue named, on
real postings — seniority, freshness, honest counts and fallbacks, typos, salary, negation, other
languages, clean data, company against role.

Each check reads the posting's own words (title, tags, body, location) rather than jobbot's
verdict where it can, so a test fails when the answer is wrong, not only when jobbot changes its
mind. Skipped where the corpus is absent (a user's fresh clone has no ../shared).
"""

from __future__ import annotations

from datetime import date

import pytest

from index import Hit, SearchIndex, SearchResult, parse_query
from index.text import fold
from tests.support.paths import CORPUS

TODAY = date(2026, 11, 28)


def _ask(index: SearchIndex, question: str, limit: int = 5) -> SearchResult:
    return index.search(parse_query(question, today=TODAY), limit=limit)


def _text(hit: Hit) -> str:
    """The posting's whole file, folded: what it says, not what jobbot made of it."""
    return fold((CORPUS / hit.posting.path).read_text(encoding="utf-8", errors="replace"))


def test_remote_sre_with_terraform_finds_remote_sre_postings_naming_terraform(
    corpus_index: SearchIndex,
) -> None:
    result = _ask(corpus_index, "remote SRE jobs with Terraform")
    assert len(result.hits) == 5
    for hit in result.hits:
        p = hit.posting
        assert p.remote, p.id
        assert "terraform" in _text(hit), p.id
        assert any(
            w in fold(p.title)
            for w in ("sre", "reliability", "devops", "infrastructure", "platform")
        ), p.id


# --- seniority ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "level_words"),
    [
        ("staff ml engineer", ("staff",)),
        ("principal backend engineer", ("principal",)),
        ("senior python developer", ("senior", "sr.", "sr ")),
        ("lead product designer", ("lead",)),
    ],
)
def test_the_first_page_is_at_the_asked_level(
    corpus_index: SearchIndex, question: str, level_words: tuple[str, ...]
) -> None:
    """Before: "staff ml engineer" said "staff first" and showed Senior, Senior, Founding…"""
    result = _ask(corpus_index, question)
    assert len(result.hits) == 5
    for hit in result.hits:
        assert any(w in fold(hit.posting.title) + " " for w in level_words), hit.posting.title


def test_a_level_alone_counts_the_postings_at_that_level(corpus_index: SearchIndex) -> None:
    """Before: "senior" matched all 12,102 postings."""
    result = _ask(corpus_index, "senior", limit=10)
    assert 0 < result.total < len(corpus_index) / 2
    for hit in result.hits:
        title = fold(hit.posting.title)
        assert any(w in title for w in ("senior", "sr.", "高级", "资深")), hit.posting.title


# --- freshness ------------------------------------------------------------------------------


def test_a_question_without_words_lists_dated_postings_newest_first(
    corpus_index: SearchIndex,
) -> None:
    """Before: `remote` put five undated, zero-score postings (company profiles) first."""
    days = [h.posting.posted_date for h in _ask(corpus_index, "remote", limit=20).hits]
    assert None not in days
    assert days == sorted(days, reverse=True)  # type: ignore[type-var]


def test_newest_sorts_the_real_matches_by_date(corpus_index: SearchIndex) -> None:
    result = _ask(corpus_index, "newest python jobs", limit=10)
    assert result.query.sort == "newest"
    days = [h.posting.posted_date for h in result.hits]
    assert None not in days and days == sorted(days, reverse=True)  # type: ignore[type-var]
    for hit in result.hits[:5]:  # Python jobs, not every ad that names Python once
        assert "python" in fold(f"{hit.posting.title} {' '.join(hit.posting.tags)}"), hit.posting


def test_the_age_prior_keeps_three_year_old_ads_off_the_top(corpus_index: SearchIndex) -> None:
    """Before: the top hits for `remote SRE jobs with Terraform` were three years old."""
    days = [
        h.posting.posted_date for h in _ask(corpus_index, "remote SRE jobs with Terraform").hits
    ]
    assert all(d is not None and (TODAY - d).days < 2 * 365 for d in days[:3]), days


# --- honest counts and fallbacks ------------------------------------------------------------


def test_one_emptying_filter_is_dropped_and_the_others_hold(corpus_index: SearchIndex) -> None:
    """Before: the fallback dropped every filter (a Hyderabad internship for Toronto)."""
    result = _ask(corpus_index, "product manager in Toronto posted this week")
    assert result.relaxed == ("since",) and result.hits
    for hit in result.hits:
        assert "toronto" in fold(hit.posting.location), hit.posting.location


def test_counts_are_of_postings_that_hold_the_question_s_words(corpus_index: SearchIndex) -> None:
    """Before: `pyhton developer` → "8522 matching postings" (any shared word)."""
    typo = _ask(corpus_index, "pyhton developer")
    right = _ask(corpus_index, "python developer")
    assert typo.total == right.total < len(corpus_index) / 2
    assert [h.posting.id for h in typo.hits] == [h.posting.id for h in right.hits]


# --- typos ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("pyhton", "python"), ("kubernets", "kubernetes"), ("terrafrom", "terraform")],
)
def test_a_typo_is_read_as_the_word_the_postings_use(
    corpus_index: SearchIndex, typed: str, meant: str
) -> None:
    result = _ask(corpus_index, f"{typed} engineer")
    assert (typed, meant) in result.query.corrected
    assert result.hits and all(meant in _text(h) for h in result.hits)


# --- salary ---------------------------------------------------------------------------------


def test_a_pay_ask_keeps_only_postings_whose_stated_pay_meets_it(
    corpus_index: SearchIndex,
) -> None:
    """Before: `python remote over 150k` searched the word "150k"."""
    result = _ask(corpus_index, "python remote over 150k", limit=10)
    ask = result.query.pay
    assert ask is not None and "150k" not in result.query.terms
    assert len(result.hits) == 10 and result.no_pay > 0 and not result.relaxed
    for hit in result.hits:
        assert hit.posting.pay is not None and ask.accepts(hit.posting.pay), hit.posting.id
        assert hit.posting.remote and "python" in _text(hit), hit.posting.id


def test_a_pay_range_in_dollars_keeps_dollar_pay_that_overlaps_it(
    corpus_index: SearchIndex,
) -> None:
    result = _ask(corpus_index, "backend $120k-$160k", limit=10)
    assert result.hits and not result.relaxed
    for hit in result.hits:
        pay = hit.posting.pay
        assert pay is not None and pay.currency == "USD", hit.posting.id
        assert (pay.annual_max or pay.annual_min or 0) >= 120_000, pay
        assert (pay.annual_min or pay.annual_max or 0) <= 160_000, pay


# --- negation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "left_out"),
    [("backend engineer no crypto", "crypto"), ("python developer not web3", "web3")],
)
def test_a_negation_in_prose_leaves_those_postings_out(
    corpus_index: SearchIndex, question: str, left_out: str
) -> None:
    """Before: "… no crypto" added `crypto` to the search words."""
    result = _ask(corpus_index, question, limit=10)
    assert left_out in result.query.excluded and left_out not in result.query.terms
    assert len(result.hits) == 10
    assert all(left_out not in _text(h) for h in result.hits)


# --- languages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("développeur python", "python developer"),
        ("ingeniero de datos", "data engineer"),
        ("desenvolvedor frontend remoto", "remote frontend developer"),
    ],
)
def test_a_translated_question_finds_what_its_english_twin_finds(
    corpus_index: SearchIndex, question: str, english: str
) -> None:
    """Before: `développeur` found nothing although developer postings exist."""
    translated = {h.posting.id for h in _ask(corpus_index, question, limit=10).hits}
    twin = {h.posting.id for h in _ask(corpus_index, english, limit=10).hits}
    assert len(twin) == 10 and len(translated & twin) >= 7


def test_a_chinese_question_is_searched_as_words(corpus_index: SearchIndex) -> None:
    """Before: "Searched for 远程, 程软, 软件, 件工, 工程, 程师" (character pairs)."""
    result = _ask(corpus_index, "远程软件工程师")
    assert result.query.workplace == "remote"
    assert set(result.query.terms) == {"software", "engineer"}
    assert len(result.hits) == 5 and all(h.posting.remote for h in result.hits)


def test_a_german_title_is_found_for_an_english_question(corpus_index: SearchIndex) -> None:
    hits = _ask(corpus_index, "Entwickler", limit=10).hits
    assert len(hits) == 10
    assert all("developer" in fold(h.posting.title) or "entwickler" in fold(h.posting.title)
               for h in hits)  # fmt: skip


# --- clean data -----------------------------------------------------------------------------


def test_missing_values_are_never_shown_and_profiles_are_no_jobs(
    corpus_index: SearchIndex,
) -> None:
    """Before: company "None", a tag `null`, company-profile pages listed as jobs."""
    junk = {"none", "null", "n/a", "na", "unknown", "nan", "undefined"}
    for posting in corpus_index.postings:
        assert fold(posting.company) not in junk, posting.id
        assert not junk & {fold(t) for t in posting.tags}, posting.id
        assert fold(posting.job_type or "") not in {"company-profile", "company profile"}


# --- company against role -------------------------------------------------------------------


def test_a_company_named_as_a_plain_word_never_outweighs_the_role(
    corpus_index: SearchIndex,
) -> None:
    """Before: `product designer figma` put an engineering manager at Figma first."""
    for hit in _ask(corpus_index, "product designer figma", limit=3).hits:
        assert "design" in fold(hit.posting.title), hit.posting.title
