"""Typos: a word the postings (almost) never use, one edit away from a word they use a lot, is
read as that word — "pyhton" as "python", "kubernets" as "kubernetes", "terrafrom" as
"terraform" — and the answer says so. One edit: a letter dropped, added, changed, or two
neighbours swapped (Damerau). When two words are about as likely, nothing is changed and both
are offered ("did you mean …").

Only the index's own vocabulary is consulted, and only for words it lacks or barely has, so a
question without typos costs one look-up per word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["MIN_LENGTH", "Correction", "correct", "edits"]

MIN_LENGTH = 3
"""Shorter words are left alone ("go", "js", "ml" are words, not typos)."""
RARE = 10
"""A word in at most this many postings may be a typo (someone else's typo, in a posting)."""
CLEAR_WIN = 3.0
"""The best candidate is taken when it is this many times as common as the next one."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True, slots=True)
class Correction:
    """What became of one typed word: `word` (None when left alone) and the runner-ups
    offered instead when unsure (`maybe`)."""

    typed: str
    word: str | None
    maybe: tuple[str, ...] = ()


def edits(word: str) -> set[str]:
    """Every string one edit away from `word` (over ASCII letters and digits and the word's own
    letters)."""
    letters = set(_LETTERS) | set(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def correct(
    word: str,
    frequency: Callable[[str], int],
    *,
    most: int | None = None,
    known: Callable[[list[str]], list[str]] | None = None,
    neighbours: Callable[[str], Sequence[str]] | None = None,
) -> Correction:
    """`word` as the postings most likely spell it, given `frequency` (how many postings hold
    a term; 0 for none). Two optional shortcuts, each exact: `most`, a count no word's frequency
    is above (the postings holding the question's other words) — when even that is short of
    what a correction needs, the edits are not tried; `known`, keeping those of a list of words
    that may be in 3 postings or more (one batch look-up) — only those are asked `frequency`;
    `neighbours`, the same for one word at once (`known` of its `edits`, which a caller may
    remember per word: they do not depend on the question).

    A word is corrected when it is rare (at most `RARE` postings) and a word one edit away is
    in at least 3 postings and in 30 times as many as the typed one (100 times for 3-letter
    words), and clearly more common than any other candidate; otherwise it is left alone, with
    the close common candidates offered in `maybe`.
    """
    seen = frequency(word)
    if len(word) < MIN_LENGTH or seen > RARE or not word.isalnum():
        return Correction(word, None)
    need = max(3, (100 if len(word) == 3 else 30) * seen)
    if most is not None and most < need:
        return Correction(word, None)
    if neighbours is not None:
        candidates = list(neighbours(word))
    else:
        candidates = list(edits(word))
        if known is not None:
            candidates = known(candidates)
    common = sorted(
        ((f, w) for w in candidates if (f := frequency(w)) >= need), key=lambda fw: (-fw[0], fw[1])
    )
    if not common:
        return Correction(word, None)
    best_f, best = common[0]
    runner_up = common[1][0] if len(common) > 1 else 0
    if best_f >= CLEAR_WIN * runner_up:
        return Correction(word, best)
    return Correction(word, None, tuple(w for _, w in common[:3]))
