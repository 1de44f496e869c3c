"""Posting text → column ids at build speed: `ColumnScanner` gives exactly `tokenize`'s tokens,
mapped to columns, with a cache per whitespace-separated chunk, so a chunk seen before costs one
dictionary look-up instead of folding, regex scans and word mapping (see the class for why this
is exact). Questions never come here: they go through `index.text.tokenize`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from itertools import chain

from index.text import (
    CJK,
    LETTER_OR_FOLDS,
    PHRASE_RE,
    TOKEN,
    TOKEN_ASCII,
    BoundedCache,
    cjk_tokens,
    clean_text,
    fold,
    languages_in,
    phrase_key,
    scan,
    tokens_of,
)
from index.vocabulary import PHRASES

__all__ = ["ColumnScanner"]


def _first_word_forms() -> dict[str, tuple[str, ...]]:
    """The spellings `PHRASE_RE` accepts for a phrase's first word, keyed by their last four
    characters (every first word has at least four)."""
    forms: set[str] = set()
    for words in PHRASES:
        first = words[0]
        forms.add(first)
        if first.isalpha() and len(first) > 2:
            forms.update((first + "s", first + "es"))
    by_end: dict[str, list[str]] = {}
    for form in sorted(forms):
        if len(form) < _FORM_KEY:
            raise ValueError(f"phrase word too short for the candidate index: {form!r}")
        by_end.setdefault(form[-_FORM_KEY:], []).append(form)
    return {end: tuple(group) for end, group in by_end.items()}


_FORM_KEY = 4
_FIRST_FORMS = _first_word_forms()
_SPACE = re.compile(r"\s")
_WHITESPACE = frozenset(ch for ch in map(chr, range(0x3001)) if ch.isspace())
_LANGUAGE_WORDS = frozenset({"c", "r"})
_SHORT = 200  # characters: texts this short are remembered whole
# ASCII characters no token contains: text splits at them into the same tokens.
_SPLIT_AT = {ord(ch): " " for ch in map(chr, range(128)) if not re.match(r"[\w.\-/+#\s]", ch)}
_SPLIT_AT[ord("_")] = " "
_SPLIT_AT_BYTES = bytes(ord(_SPLIT_AT.get(i, chr(i))) if i < 128 else 32 for i in range(256))
# ASCII punctuation around an ASCII word that tokenizes to just that word: anything but a "."
# right before it (".net") or a "+"/"#" right after it ("c++", "c#").
_PUNCTUATION = "".join(ch for ch in map(chr, range(128)) if not ch.isalnum())
_LEFT_EDGE = _PUNCTUATION.replace(".", "")
_RIGHT_EDGE = _PUNCTUATION.replace("+", "").replace("#", "")


def _phrase_forms(folded: str, *, plain: bool) -> tuple[str, ...]:
    """The first-word spellings that end a folded chunk, or a whitespace-separated part of it
    (`plain`: the chunk was ASCII, so it has none): where a phrase could start."""
    if plain:
        found = _FIRST_FORMS.get(folded[-_FORM_KEY:])
        return () if found is None else tuple(f for f in found if folded.endswith(f))
    ends = [m.start() for m in _SPACE.finditer(folded)]
    ends.append(len(folded))
    return tuple(
        form
        for end in ends
        for form in _FIRST_FORMS.get(folded[max(0, end - _FORM_KEY) : end], ())
        if folded.endswith(form, 0, end)
    )


def _phrases(folded: str, forms: set[str]) -> list[str]:
    """Exactly `PHRASE_RE.finditer(folded)`'s phrase tokens, trying the regex only where one
    of `forms` is followed by whitespace (any match starts at such a place)."""
    candidates: list[int] = []
    for form in forms:
        at = folded.find(form)
        while at >= 0:
            after = at + len(form)
            if after < len(folded) and folded[after] in _WHITESPACE:
                candidates.append(at)
            at = folded.find(form, at + 1)
    out: list[str] = []
    end = 0
    for start in sorted(candidates):
        if start < end:  # inside the previous match, where finditer never looks
            continue
        match = PHRASE_RE.match(folded, start)
        if match is not None:
            end = match.end()
            if key := phrase_key(match, folded):
                out.append(key)
    return out


class ColumnScanner:
    """Posting text → column ids: `tokenize(text)` mapped through `column`, computed per chunk
    of the text with a cache, so a chunk seen before costs one dictionary look-up instead of
    folding, regex scans and word mapping.

    A chunk is a whitespace-separated piece of the text. When the text has no letter beyond
    ASCII and nothing that folds to more than its lower case (curly quotes, bullets and dashes
    are fine), it is lower-cased and also split at every character no token contains, so that
    "Python," and "(python" are the one chunk "python".

    This is exact, not an approximation. Folding never joins characters across whitespace (nor
    across any ASCII character: Unicode normalization has a boundary before each), and the
    token regex never looks past a character it cannot match, so a text's words are its chunks'
    words in order. The tokens that need context come from the chunks too: a phrase's first
    word ends a chunk (or a whitespace-separated part of a folded chunk), so only the spellings
    of first words that the text's chunks end with are looked for, and the phrase regex runs
    only where one is followed by whitespace; chunks with a bare "c" or "r" word, or with CJK
    characters, are remembered (with their CJK tokens: a run of CJK characters never crosses
    whitespace, and is segmented on its own). New terms reach `column` in `tokenize`'s order
    (words, then languages, phrases and CJK tokens), so a vocabulary filled through it grows as
    it would from `tokenize`.

    `add` reports a chunk's words as one *chunk value*: the column id when the chunk has exactly
    one token (most do), else `-1 - g` for group `g`, whose column ids are
    `group_columns[group_starts[g]:group_starts[g + 1]]` (no tokens, or several).

    Tags (`query=True`) go through `scan` whole, cached per text: they are few and repeat.
    Caches stop growing at `limit` entries; past that many special chunks, everything goes
    through `scan`.
    """

    def __init__(self, column: Callable[[str], int], *, limit: int = 1_000_000) -> None:
        self._column = column
        self._limit = limit
        self._words = BoundedCache(self._word_tokens, limit)  # folded word → its tokens' ids
        self._query_words = BoundedCache(self._query_word_tokens, limit // 10)  # in tags
        self._chunks = BoundedCache(self._learn, limit)  # chunk → chunk value
        self._queries = BoundedCache(self._query, limit // 10)  # tags text → column ids
        self._short: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}  # text → both
        self._groups: dict[tuple[int, ...], int] = {}
        self.group_starts: array[int] = array("q", [0])
        self.group_columns: array[int] = array("i")
        self._special: set[str] = set()  # chunks in any of the three below
        self._phrase: dict[str, tuple[str, ...]] = {}  # chunk → first-word spellings it ends
        self._language: set[str] = set()  # chunks with a bare "c" or "r" word
        self._cjk: dict[str, tuple[str, ...]] = {}  # chunk → its CJK tokens
        self._exact = False  # too many special chunks to remember: `scan` everything

    def add(self, text: str, chunks: list[int], columns: list[int], *, query: bool = False) -> None:
        """Append `text`'s tokens: its chunks' values to `chunks`, the column ids of the tokens
        that need context (and of all tokens when `query`) to `columns`. Together they hold
        `tokenize(text, query=query)` mapped through `column`."""
        if query:
            columns.extend(self._queries[text])
            return
        if self._exact:
            columns.extend(self._scanned(text, query=False))
            return
        if len(text) > _SHORT:
            self._add(text, chunks, columns)
            return
        # Titles, companies, places repeat, and bring no new term the second time: remember
        # short texts whole.
        known = self._short.get(text)
        if known is None:
            start = len(chunks), len(columns)
            self._add(text, chunks, columns)
            if len(self._short) < self._limit // 4:
                self._short[text] = (tuple(chunks[start[0] :]), tuple(columns[start[1] :]))
        else:
            chunks.extend(known[0])
            columns.extend(known[1])

    def _add(self, text: str, chunks: list[int], columns: list[int]) -> None:
        text = clean_text(text)
        folded: str | None = None
        if text.isascii():
            folded = text.lower()
            pieces = folded.translate(_SPLIT_AT).split()
        elif LETTER_OR_FOLDS.search(text) is None:  # folding only lower-cases it
            folded = text.lower()
            pieces = folded.encode("ascii", "replace").translate(_SPLIT_AT_BYTES).decode().split()
        else:  # letters beyond ASCII, accents, compatibility forms: chunks as they are
            pieces = text.split()
        chunks.extend(map(self._chunks.__getitem__, pieces))
        present = self._special.intersection(pieces)
        c_or_r = bool(present) and not self._language.isdisjoint(present)
        if c_or_r or "Go" in text or "C/" in text or "/C" in text or "R/" in text or "/R" in text:
            columns.extend(map(self._column, languages_in(text, c_or_r=c_or_r)))
        if not present:
            return
        if not self._phrase.keys().isdisjoint(present):
            forms = set[str]().union(*(self._phrase.get(c, ()) for c in present))
            columns.extend(map(self._column, _phrases(folded or fold(text), forms)))
        if not self._cjk.keys().isdisjoint(present):
            cjk = self._cjk
            grams = (cjk[c] for c in pieces if c in present and c in cjk)
            columns.extend(map(self._column, chain.from_iterable(grams)))

    def columns(self, text: str, *, query: bool = False) -> list[int]:
        """`tokenize(text, query=query)` mapped through `column` (as a multiset: in order
        within words and within the other tokens)."""
        chunks: list[int] = []
        columns: list[int] = []
        self.add(text, chunks, columns, query=query)
        return [*chain.from_iterable(map(self.chunk_columns, chunks)), *columns]

    def chunk_columns(self, value: int) -> tuple[int, ...]:
        """The column ids a chunk value stands for."""
        if value >= 0:
            return (value,)
        group = -1 - value
        return tuple(self.group_columns[self.group_starts[group] : self.group_starts[group + 1]])

    def _group(self, ids: tuple[int, ...]) -> int:
        """The chunk value of several (or no) column ids: a group of them."""
        group = self._groups.get(ids)
        if group is None:
            group = self._groups[ids] = len(self._groups)
            self.group_columns.extend(ids)
            self.group_starts.append(len(self.group_columns))
        return -1 - group

    def _scanned(self, text: str, *, query: bool) -> list[int]:
        words, extra = scan(text, query=query)
        cache = self._query_words if query else self._words
        out = list(chain.from_iterable(map(cache.__getitem__, words)))
        out.extend(map(self._column, extra))
        return out

    def _query(self, text: str) -> tuple[int, ...]:
        return tuple(self._scanned(text, query=True))

    def _word_tokens(self, word: str) -> tuple[int, ...]:
        return tuple(map(self._column, tokens_of(word)))

    def _query_word_tokens(self, word: str) -> tuple[int, ...]:
        return tuple(map(self._column, tokens_of(word, query=True)))

    def _special_word(self, chunk: str, word: str, ids: tuple[int, ...]) -> int:
        """`_learn`'s end for a one-word chunk that may start a phrase or be "c" or "r"."""
        forms = _phrase_forms(word, plain=True)
        if forms:
            self._phrase[chunk] = forms
        if word in _LANGUAGE_WORDS:
            self._language.add(chunk)
        if forms or word in _LANGUAGE_WORDS:
            self._special.add(chunk)
            if len(self._special) > self._limit:
                self._exact = True
        return ids[0] if len(ids) == 1 else self._group(ids)

    def _learn(self, chunk: str) -> int:
        """A chunk's value, remembering whether it can start a phrase, holds a bare "c" or "r",
        or has CJK characters."""
        plain = chunk.isascii()  # then folding only lower-cases it
        folded = chunk.lower() if plain else fold(chunk)
        if plain and folded.isalnum():  # one word (most chunks): the chunk cache is its cache
            found = self._words.get(folded)
            ids = tuple(map(self._column, tokens_of(folded))) if found is None else found
            if folded[-_FORM_KEY:] in _FIRST_FORMS or folded in _LANGUAGE_WORDS:
                return self._special_word(chunk, folded, ids)
            return ids[0] if len(ids) == 1 else self._group(ids)
        word = folded.lstrip(_LEFT_EDGE).rstrip(_RIGHT_EDGE) if plain else ""
        if word.isalnum():  # one word between punctuation that cannot join a token
            ids = self._words[word]
            language = word in _LANGUAGE_WORDS
        else:
            words = (TOKEN_ASCII if folded.isascii() else TOKEN).findall(folded)
            ids = tuple(chain.from_iterable(map(self._words.__getitem__, words)))
            language = not _LANGUAGE_WORDS.isdisjoint(words)
        special = language
        if not plain or folded[-_FORM_KEY:] in _FIRST_FORMS:
            forms = _phrase_forms(folded, plain=plain)
            if forms:
                self._phrase[chunk] = forms
                special = True
        if language:
            self._language.add(chunk)
        if not plain and CJK.search(folded):
            self._cjk[chunk] = tuple(cjk_tokens(folded))
            special = True
        if special:
            self._special.add(chunk)
            if len(self._special) > self._limit:
                self._exact = True
        return ids[0] if len(ids) == 1 else self._group(ids)
