"""index/spelling.py: typos read as the common word one edit away, and only then."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import pytest

from index import Posting, SearchIndex, parse_query
from index.search import _query_tokens
from index.spelling import correct, edits
from index.text import tokenize

COUNTS = {"python": 900, "kubernetes": 300, "java": 400, "lava": 300, "go": 500, "pyhon": 1}


def frequency(word: str) -> int:
    return COUNTS.get(word, 0)


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("pyhton", "python"),  # two neighbours swapped
        ("pythn", "python"),  # a letter dropped
        ("pythonn", "python"),  # a letter added
        ("pythom", "python"),  # a letter changed
        ("kubernets", "kubernetes"),
        ("pyhon", "python"),  # in one posting (someone's typo), 900 times rarer than python
    ],
)
def test_a_rare_word_one_edit_from_a_common_one_is_read_as_it(typed: str, word: str) -> None:
    assert correct(typed, frequency).word == word


@pytest.mark.parametrize("typed", ["python", "go", "zzqxv", "ja", "qqq"])
def test_common_words_short_words_and_far_words_are_left_alone(typed: str) -> None:
    assert correct(typed, frequency).word is None


def test_two_candidates_as_likely_are_offered_not_chosen() -> None:
    found = correct("xava", frequency)
    assert found.word is None and set(found.maybe) == {"java", "lava"}


def test_edits_are_one_damerau_step() -> None:
    near = edits("ab")
    assert {"a", "b", "ba", "abc", "xab", "ac"} <= near and "ab" not in near and "cd" not in near


def test_a_search_with_a_typo_finds_what_the_right_spelling_finds_and_says_so() -> None:
    postings = [
        Posting(id=f"p{i}", title=f"Python Developer {i}", company=f"c{i}", body="python django",
                posted=datetime(2026, 11, 1, tzinfo=UTC))
        for i in range(5)
    ] + [Posting(id="j", title="Java Developer", company="j", body="java spring")]  # fmt: skip
    index = SearchIndex.build(postings)

    typo = index.search(parse_query("pyhton developer"), limit=10)
    right = index.search(parse_query("python developer"), limit=10)

    assert [h.posting.id for h in typo.hits] == [h.posting.id for h in right.hits]
    assert typo.total == right.total == 5
    assert typo.query.corrected == (("pyhton", "python"),)
    assert typo.query.understood()["corrected"] == {"pyhton": "python"}
    # The word's neighbours are remembered: asked again, in another question, the same reading.
    again = index.search(parse_query("pyhton django"), limit=10)
    assert again.query.corrected == (("pyhton", "python"),) and again.total == 5


def _known_edits(word: str, *, known: list[str]) -> list[str]:
    return [w for w in edits(word) if w in known]


def test_the_shortcuts_change_no_correction() -> None:
    known_words = [w for w in COUNTS if COUNTS[w] >= 3]
    for typed in ["pyhton", "pythn", "kubernets", "xava", "pyhon", "zzqxv", "python"]:
        plain = correct(typed, frequency)
        assert (
            correct(
                typed, frequency, most=1000, known=lambda ws: [w for w in ws if w in known_words]
            )
            == plain
        )
        neighbours = functools.partial(_known_edits, known=known_words)
        assert correct(typed, frequency, neighbours=neighbours) == plain
    # No word is in more postings than `most`: a rare word's edits are not even tried.
    assert correct("pyhton", frequency, most=2).word is None
    assert correct("pyhton", frequency, most=900).word == "python"


def _postings() -> list[Posting]:
    words = ["python", "kubernetes", "developer", "engineer", "go", "golang", "react", "nodes"]
    return [
        Posting(id=f"p{i}", title=f"{words[i % 8].title()} Developer {i}", company=f"c{i % 5}",
                body=f"{words[i % 8]} {words[(i * 3) % 8]} go services",
                posted=datetime(2026, 11, 1, tzinfo=UTC))
        for i in range(60)
    ]  # fmt: skip


def test_the_batch_look_up_keeps_every_edit_that_reads_as_an_indexed_word() -> None:
    index = SearchIndex.build(_postings())
    for typed in ["pyhton", "kubernets", "developr", "goo", "gos", "reacts", "nodse", "engineers"]:
        candidates = sorted(edits(typed))
        kept = set(index._indexed_words(candidates))
        indexed = {
            w
            for w in candidates
            if len(tokens := tokenize(w, query=True)) == 1 and tokens[0] in index.vocabulary
        }
        assert indexed <= kept, (typed, indexed - kept)
        assert indexed, typed  # each of these is one edit from an indexed word


def test_one_word_tokens_are_what_the_analyzer_gives() -> None:
    for word in ["python", "go", "goo", "kubernets", "developers", "nodejs", "k8s", "sre", "abc1"]:
        for w in edits(word) | {word}:
            assert list(_query_tokens(w)) == tokenize(w, query=True), w


def test_postings_touched_follow_the_question_s_words() -> None:
    postings = [
        Posting(id=f"p{i}", title=f"Role {i}", company=f"c{i}",
                body="zebrafish lab" if i % 20 == 0 else ("common words" if i % 2 else "other"),
                posted=datetime(2026, 11, 1, tzinfo=UTC))
        for i in range(100)
    ]  # fmt: skip
    index = SearchIndex.build(postings)

    assert index.postings_touched(parse_query("zebrafish")) == 5  # rare: its postings only
    assert index.postings_touched(parse_query("zebrafsh")) == 5  # read as the word it misspells
    assert (
        index.postings_touched(parse_query("common")) == 100
    )  # half of them: every posting walked
    assert index.postings_touched(parse_query("remote")) == 100  # no words: every posting competes


def test_a_typo_is_judged_with_the_other_words_in_a_large_index() -> None:
    # 400 postings: "data" and "day" are short columns (counted row by row, not by bitmap);
    # "day" is the more common word, but only "data" goes with "scientist".
    def body(i: int) -> str:
        if i < 4:
            return "data scientist team"
        return "day shift" if i < 12 else "warehouse"

    postings = [
        Posting(id=f"p{i}", title=f"Role {i}", company=f"c{i}", body=body(i),
                posted=datetime(2026, 11, 1, tzinfo=UTC))
        for i in range(400)
    ]  # fmt: skip
    postings += [Posting(id=f"s{i}", title="Scientist", company="s", body="lab") for i in range(3)]
    index = SearchIndex.build(postings)

    found = index.search(parse_query("dat scientist"), limit=10)
    assert found.query.corrected == (("dat", "data"),)
    assert {h.posting.id for h in found.hits} >= {"p0", "p1", "p2", "p3"}
