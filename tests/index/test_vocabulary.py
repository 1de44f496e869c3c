"""index/vocabulary.py: the tokenizer's word tables, checked entry by entry.

Each test states a rule from the module's docstring and runs every entry through the real
tokenizer, so a new entry that breaks the rule (or a tokenizer change that stops honouring a
table) fails here with the entry's name.
"""

from __future__ import annotations

import re

import pytest

from index import segment, vocabulary
from index.text import fold, tokenize
from index.vocabulary import (
    CANONICAL,
    KEEP_S,
    PHRASES,
    QUERY_SYNONYMS,
    ROLE_NOUNS,
    STOP_WORDS,
    TRANSLATIONS,
    WHOLE_TOKENS,
)

_HAN = re.compile(r"[\u4e00-\u9fd5]+")


def tokenize_query(text: str) -> list[str]:
    return tokenize(text, query=True)


def test_public_names_are_declared() -> None:
    assert set(vocabulary.__all__) == {
        "CANONICAL",
        "KEEP_S",
        "PHRASES",
        "QUERY_SYNONYMS",
        "ROLE_NOUNS",
        "STOP_WORDS",
        "TRANSLATIONS",
        "WHOLE_TOKENS",
    }


# --- ROLE_NOUNS -----------------------------------------------------------------------------


@pytest.mark.parametrize("noun", sorted(ROLE_NOUNS))
def test_every_role_noun_is_a_token_as_written_and_in_the_plural(noun: str) -> None:
    """Search meets them as columns: a role noun the tokenizer changes would never match.
    Phrase tokens ("data-scientist") are written as words; short words keep their "s"."""
    written = noun.replace("-", " ")
    assert noun in tokenize(written) and tokenize_query(written) == [noun]
    if len(noun) > 3:
        assert tokenize_query(written + "s") == [noun]


@pytest.mark.parametrize(
    ("foreign", "noun"),
    [("Entwickler", "developer"), ("développeur", "developer"), ("diseñador", "designer")],
)
def test_other_languages_job_words_become_role_nouns(foreign: str, noun: str) -> None:
    assert noun in ROLE_NOUNS
    assert tokenize_query(foreign) == [noun]


# --- STOP_WORDS -----------------------------------------------------------------------------


@pytest.mark.parametrize("word", sorted(STOP_WORDS))
def test_every_stop_word_is_dropped(word: str) -> None:
    assert tokenize(word) == []
    assert tokenize(word.upper()) == []


@pytest.mark.parametrize("word", ["front", "back", "full", "part", "system", "go"])
def test_words_that_matter_in_job_ads_are_not_stop_words(word: str) -> None:
    assert word not in STOP_WORDS


@pytest.mark.parametrize("word", sorted(w for w in STOP_WORDS if _HAN.fullmatch(w)))
def test_chinese_stop_words_are_segmenter_words(word: str) -> None:
    """Whole, or "我们" would come out as "我" + "们" and half of it would stay."""
    assert word in segment.segmenter_words()


def test_no_token_the_other_tables_produce_is_a_stop_word() -> None:
    produced = {*CANONICAL.values(), *PHRASES.values(), *QUERY_SYNONYMS}
    produced.update(t for english in TRANSLATIONS.values() for t in tokenize(english))
    produced.update(token for related in QUERY_SYNONYMS.values() for token in related)
    assert produced & STOP_WORDS == set()


# --- CANONICAL ------------------------------------------------------------------------------


@pytest.mark.parametrize(("spelling", "canonical"), sorted(CANONICAL.items()))
def test_every_spelling_gives_its_canonical_token(spelling: str, canonical: str) -> None:
    assert tokenize(spelling) == [canonical]
    assert tokenize_query(spelling) == [canonical]
    assert tokenize(spelling.upper()) == [canonical]


@pytest.mark.parametrize("canonical", sorted(set(CANONICAL.values())))
def test_canonical_tokens_are_fixed_points(canonical: str) -> None:
    """Every canonical token tokenizes to itself, so postings and queries meet on one column.

    (A bare "go" in posting text is the verb unless its context says language: test_text.py.)
    """
    assert tokenize_query(canonical) == [canonical]
    if canonical != "go":
        assert tokenize(canonical) == [canonical]


# --- TRANSLATIONS ---------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "english"), sorted(TRANSLATIONS.items()))
def test_every_translation_gives_its_english_tokens_on_each_side(word: str, english: str) -> None:
    assert tokenize_query(word) == tokenize_query(english)
    if _HAN.fullmatch(word):
        # A posting also keeps the untranslated Chinese words inside ("区块" of "区块链").
        inside = [t for t in tokenize(word) if _HAN.fullmatch(t)]
        assert [t for t in tokenize(word) if t not in inside] == tokenize(english)
        assert all(t in word and t not in TRANSLATIONS for t in inside)
    else:
        assert tokenize(word) == tokenize(english)
        assert tokenize(word.upper()) == tokenize(english)  # German nouns come capitalised
        assert tokenize(word.capitalize()) == tokenize(english)


@pytest.mark.parametrize(("word", "english"), sorted(TRANSLATIONS.items()))
def test_translations_are_folded_words_with_english_of_other_words(word: str, english: str) -> None:
    assert fold(word) == word
    assert word not in CANONICAL and word not in STOP_WORDS
    if _HAN.fullmatch(word):
        assert word in segment.segmenter_words()  # jieba keeps it whole
    else:
        assert word.isascii() and word.isalpha()
    assert tokenize_query(english), english
    assert not set(english.split()) & set(TRANSLATIONS), "the English holds a translated word"


@pytest.mark.parametrize("word", sorted(w for w in TRANSLATIONS if _HAN.fullmatch(w)))
def test_chinese_translations_stay_one_word_in_a_sentence(word: str) -> None:
    """Between other words of an ad the segmenter still cuts the word out whole."""
    sentence = f"我们招聘{word}，欢迎加入"
    assert set(tokenize_query(word)) <= set(tokenize_query(sentence))


# --- PHRASES --------------------------------------------------------------------------------


@pytest.mark.parametrize(("words", "token"), sorted(PHRASES.items()))
def test_every_phrase_folds_to_its_token(words: tuple[str, ...], token: str) -> None:
    phrase = " ".join(words)
    assert tokenize_query(phrase) == [token]
    assert tokenize_query(phrase.title()) == [token]
    assert sorted(tokenize_query(f"senior {phrase} berlin")) == sorted(["senior", token, "berlin"])
    # Posting text keeps the phrase's (non-stop) words as well as its token.
    words_alone = [t for word in words for t in tokenize(word)]
    assert sorted(tokenize(phrase)) == sorted([token, *words_alone])


@pytest.mark.parametrize(
    ("words", "token"), sorted((w, t) for w, t in PHRASES.items() if not w[-1].endswith("s"))
)
def test_a_phrase_in_the_plural_folds_too(words: tuple[str, ...], token: str) -> None:
    assert tokenize_query(" ".join(words) + "s") == [token]


@pytest.mark.parametrize("words", sorted(PHRASES))
def test_phrase_words_are_folded_single_words(words: tuple[str, ...]) -> None:
    assert len(words) >= 2
    for word in words:
        assert fold(word) == word
        assert word.split() == [word]
    assert len(words[0]) >= 4  # `index.text` finds phrase starts by their last four characters


# --- QUERY_SYNONYMS -------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "related"), sorted(QUERY_SYNONYMS.items()))
def test_synonym_table_uses_canonical_tokens(key: str, related: tuple[str, ...]) -> None:
    """Keys and values must be what `tokenize` produces, or they never meet a posting column.

    Hyphenated tokens ("data-scientist") come from phrases, so they are checked as phrases.
    """
    for token in (key, *related):
        produced = (tokenize_query(token), tokenize_query(token.replace("-", " ")))
        assert [token] in produced, token


@pytest.mark.parametrize(("key", "related"), sorted(QUERY_SYNONYMS.items()))
def test_synonyms_are_other_tokens_listed_once(key: str, related: tuple[str, ...]) -> None:
    assert related
    assert key not in related
    assert len(set(related)) == len(related)


# --- KEEP_S ---------------------------------------------------------------------------------


@pytest.mark.parametrize("word", sorted(KEEP_S))
def test_keep_s_words_are_lower_case_ascii_words_ending_in_s(word: str) -> None:
    assert word.isascii() and word.isalpha() and word.islower()
    assert word.endswith("s")


@pytest.mark.parametrize("word", sorted(w for w in KEEP_S if w not in STOP_WORDS))
def test_keep_s_words_keep_their_s(word: str) -> None:
    expected = [CANONICAL.get(word, word)]
    assert tokenize(word) == expected
    assert tokenize_query(word) == expected
    assert tokenize(word.capitalize()) == expected


# --- WHOLE_TOKENS ---------------------------------------------------------------------------


@pytest.mark.parametrize("token", sorted(WHOLE_TOKENS))
def test_whole_tokens_stay_one_token(token: str) -> None:
    expected = [CANONICAL.get(token, token)]  # "ux/ui" is spelled "ui/ux"
    assert tokenize(token) == expected
    assert tokenize_query(token) == expected
    assert tokenize(token.upper()) == expected
    assert tokenize(f"We use {token}, daily.") == ["use", *expected, "daily"]


@pytest.mark.parametrize("token", sorted(WHOLE_TOKENS))
def test_whole_tokens_hold_a_character_that_would_split_them(token: str) -> None:
    """An entry without "+", "#", "." or "/" would stay whole anyway: it belongs elsewhere."""
    assert any(ch in token for ch in "+#./")
