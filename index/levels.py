"""Seniority levels: which words name each level in a title, and a posting's level.

A question that asks for a level ("staff ml engineer", "junior frontend", "head of design")
ranks the postings whose title names that level first (`index.search`); a title naming the
opposite side (a junior title for a senior question, and the reverse) ranks lower still. The
same word lists say which level a posting is at, for its card and the JSON output.
"""

from __future__ import annotations

from collections.abc import Mapping

from index.text import tokenize

__all__ = [
    "JUNIOR_SIDE",
    "LEVELS",
    "LOOSE_TITLE_WORDS",
    "SENIOR_SIDE",
    "TITLE_WORDS",
    "title_level",
]

TITLE_WORDS: Mapping[str, tuple[str, ...]] = {
    "intern": ("intern", "internship", "trainee", "apprentice", "praktikant", "stagiaire"),
    "junior": ("junior", "jr", "entry", "graduate", "grad", "associate"),
    "mid": ("mid", "intermediate"),
    "senior": ("senior", "sr"),
    "staff": ("staff",),
    "principal": ("principal", "distinguished"),
    "lead": ("lead", "leader"),
    "head": ("head",),
    "director": ("director", "vp"),
}
"""Per level, the title tokens that name it (as the tokenizer folds them)."""
LOOSE_TITLE_WORDS: Mapping[str, tuple[str, ...]] = {"junior": ("associate",)}
"""The words of TITLE_WORDS that name a level less surely ("Associate" is often entry level,
but not always): their titles follow those with the level's plain words."""
LEVELS: tuple[str, ...] = tuple(TITLE_WORDS)
"""Every level, from the least to the most senior."""
SENIOR_SIDE = frozenset({"senior", "staff", "principal", "lead", "head", "director"})
JUNIOR_SIDE = frozenset({"intern", "junior"})

_LEVEL_OF_WORD = {word: level for level, words in TITLE_WORDS.items() for word in words}


def title_level(title: str) -> str | None:
    """The level a title names first ("Senior Staff Engineer" → senior), or None."""
    for token in tokenize(title):
        level = _LEVEL_OF_WORD.get(token)
        if level is not None:
            return level
    return None
