"""index/spelling.py: typos read as the common word one edit away, and only then."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from index import Posting, SearchIndex, parse_query
from index.spelling import correct, edits

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
