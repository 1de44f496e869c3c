"""The one tokenizer shared by indexing and querying: cleaning, folding, scanning, phrases.

Postings and questions go through the same `tokenize`, so a term a user types lands on the same
column the posting's text produced. The rules are tuned for job ads: tech tokens stay whole
(`c++`, `c#`, `.net`, `node.js`, `ci/cd`), spelling variants fold to one canonical token
(`k8s` → `kubernetes`, `golang` → `go`, "site reliability engineer" → `sre`), case and accents
fold, and words of other languages count as the English they mean ("Entwickler", "développeur",
"开发" → `developer`). Chinese is segmented into words with jieba (its dictionary plus the
vocabulary's own Chinese words, loaded on the first Chinese text a process sees); Japanese kana
and Korean become character bigrams instead of vanishing. The word tables behind these rules
(stop words, spellings, translations, phrases, synonyms) live in `index.vocabulary`; this module
is the code that applies them, with its caches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from typing import TypeVar

from index.segment import HAN_PARTS, KANA_HANGUL, bigrams, cut, is_han
from index.vocabulary import (
    CANONICAL,
    KEEP_S,
    PHRASES,
    QUERY_SYNONYMS,
    STOP_WORDS,
    TRANSLATIONS,
    WHOLE_TOKENS,
)

__all__ = [
    "CJK",
    "LETTER_OR_FOLDS",
    "PHRASE_RE",
    "TOKEN",
    "TOKEN_ASCII",
    "BoundedCache",
    "cjk_tokens",
    "clean_text",
    "expand_synonyms",
    "fold",
    "languages_in",
    "phrase_key",
    "query_words_tokens",
    "scan",
    "split_chinese",
    "tokenize",
    "tokens_of",
    "word_tokens",
]

# Characters that are invisible but break matching: zero-width space/joiners, word joiner, BOM,
# soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad" + "".join(
    map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
)
_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

_CJK_RANGES = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
CJK = re.compile(rf"[{_CJK_RANGES}]+")
# Letters and digits of any script ("łódź", "москва" must not vanish) except CJK, which has no
# spaces between words: Chinese is segmented into words, kana and hangul become bigrams.
_LETTER = rf"[^\W_{_CJK_RANGES}]"
# Tech tokens that must survive whole; tried before the generic word pattern.
# One cheap pattern: a run of letters/digits, optionally joined by "-", "." or "/" and ending in
# "+"/"#" ("c++", "c#", "node.js", "ci/cd", ".net"). Joined words that are not known tech tokens
# are split again in `_word_tokens` (cached), which is much faster than a regex alternation.
_TECH = rf"\.?{_LETTER}+(?:[-./]{_LETTER}+)*[+#]*"
TOKEN = re.compile(_TECH)
TOKEN_ASCII = re.compile(r"\.?[a-z0-9]+(?:[-./][a-z0-9]+)*[+#]*")  # same, 2× faster on ASCII

# Any character `clean_text` would change: most text has none, and one search says so.
_DIRTY = re.compile("[" + "".join(f"\\u{ord(ch):04x}" for ch in "\r" + _INVISIBLE + _SPACES) + "]")


def clean_text(text: str) -> str:
    """Remove what breaks matching and display: BOM, zero-width and control characters, odd spaces.

    Keeps line breaks (CRLF folded to LF) so markdown bodies stay readable.
    """
    if _DIRTY.search(text) is None:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # str.replace per character present beats a regex or str.translate on long bodies.
    for ch in _INVISIBLE:
        if ch in text:
            text = text.replace(ch, "")
    if text.isascii():
        return text
    # "Â" before a no-break space is UTF-8 read as Latin-1 (Glassdoor exports): drop both.
    if "Â\u00a0" in text:
        text = text.replace("Â\u00a0", " ")
    for ch in _SPACES:
        if ch in text:
            text = text.replace(ch, " ")
    return text


def _inert_characters() -> list[str]:
    """The non-ASCII characters that fold to themselves wherever they stand: no decomposition,
    not a combining mark nor cased, and (in these blocks) never the second half of a
    composition. Unicode normalization has a boundary before every such character and before
    every ASCII one, so text made of only these folds character by character: it is just
    `str.lower`. Curly quotes, bullets, dashes, emoji and CJK ideographs are why most postings
    are not ASCII; they do not cost a full normalization."""
    blocks = ((0x80, 0x250), (0x2000, 0x2C00), (0x3000, 0x3040), (0x4E00, 0xA000))
    return [
        ch
        for low, high in (*blocks, (0x1F000, 0x1FB00))
        for ch in map(chr, range(low, high))
        if unicodedata.decomposition(ch) == ""
        and unicodedata.combining(ch) == 0
        and not _COMBINING.match(ch)
        and ch.lower() == ch
        and ch.casefold() == ch
        and unicodedata.normalize("NFKC", ch) == ch
    ]


def _class_ranges(chars: list[str]) -> str:
    """Sorted characters as regex class ranges."""
    ranges: list[list[int]] = []
    for cp in map(ord, chars):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)


_INERT = _inert_characters()
# A character that makes `fold` do more than lower-case.
_FOLDS = re.compile(f"[^\\x00-\\x7f{_class_ranges(_INERT)}]")
# A character that makes `fold` do more than lower-case, or that is part of a word (inert
# letters: CJK, Arabic, …): text without one tokenizes like its ASCII characters alone.
_INERT_SYMBOLS = _class_ranges([ch for ch in _INERT if not ch.isalnum()])
LETTER_OR_FOLDS = re.compile(f"[^\\x00-\\x7f{_INERT_SYMBOLS}]")


def fold(text: str) -> str:
    """Fold case, width and accents (`Zürich` → `zurich`, `ＳＲＥ` → `sre`); CJK is unchanged.

    Expects text already passed through `clean_text` (fold keeps lengths aligned for ASCII).
    """
    if text.isascii() or _FOLDS.search(text) is None:
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", stripped)


@lru_cache(maxsize=200_000)
def _singular(word: str) -> str:
    if len(word) <= 3 or word in KEEP_S or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


def _phrase_regex() -> re.Pattern[str]:
    """Every phrase in one regex, grouped by first character, then by first word, so most
    positions fail on one character and the rest try only the first words that start there
    (the same alternatives in the same order, so the same matches; with one alternative per
    first word, the phrases of other languages made it scan ASCII text ~40% slower); plurals
    allowed. The word boundary before a match is checked in `phrase_key` (a leading
    look-behind would make the regex engine try every alternative at every position)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in PHRASES:
        by_first.setdefault(words[0], []).append(words[1:])

    def plural(w: str) -> str:
        return "(?:s|es)?" if w.isalpha() and len(w) > 2 else ""

    def word(w: str) -> str:
        return re.escape(w) + plural(w)

    by_char: dict[str, list[str]] = {}
    for first, rests in sorted(by_first.items()):
        tails = "|".join(
            r"\s+".join(word(w) for w in rest) for rest in sorted(rests, key=len, reverse=True)
        )
        rest_of_first = re.escape(first[1:]) + plural(first)
        by_char.setdefault(first[0], []).append(rf"{rest_of_first}\s+(?:{tails})")
    groups = [f"{re.escape(char)}(?:{'|'.join(rests)})" for char, rests in by_char.items()]
    return re.compile("(?:" + "|".join(groups) + r")(?![a-z0-9])")


PHRASE_RE = _phrase_regex()
_GO = re.compile(r"Go(?![a-zA-Z'\-])")
# A lone "C" or "R": the letter first (so the scan skips to it), then a look at the one before.
_C_OR_R = re.compile(r"[CR](?<![\w.+#\-][CR])(?![\w+#\-']|\.\w)")


def _languages(text: str, words: list[str]) -> list[str]:
    """Go, C and R as languages in posting text, where they read like one.

    "Go" counts after a lower-case word or list punctuation ("services in Go", "Python, Go",
    "(Go)", "Go/Rust") but not opening a sentence ("Go to our site"); "C" and "R" count in a
    list of languages ("C, C++", "R/Python", "Python or R"). Literal-first regexes plus a look at
    the two characters before keep this cheap; the words list says when to look at all.
    """
    return languages_in(text, c_or_r="c" in words or "r" in words)


def languages_in(text: str, *, c_or_r: bool) -> list[str]:
    """`_languages`, told whether the words include a bare "c" or "r"."""
    found: list[str] = []
    if "Go" in text:
        for match in _GO.finditer(text):
            before = text[max(0, match.start() - 2) : match.start()]
            after = text[match.end() : match.end() + 1]
            if (
                after == "/"
                or (before[-1:] in ",(/")
                or (
                    len(before) == 2
                    and before[1] == " "
                    and (before[0].islower() or before[0] in ",(/")
                )
            ):
                found.append("go")
    if c_or_r or "C/" in text or "/C" in text or "R/" in text or "/R" in text:
        for match in _C_OR_R.finditer(text):
            before = text[max(0, match.start() - 5) : match.start()]
            after = text[match.end() : match.end() + 1]
            if after in {",", "/", ")"} or before.rstrip().endswith((",", "/", "(", " and", " or")):
                found.append(match.group().lower())
    return found


def phrase_key(match: re.Match[str], text: str) -> str:
    """The phrase token for a match, or "" when the match starts inside a word."""
    start = match.start()
    if start and (text[start - 1].isalnum()):
        return ""
    raw = re.split(r"\s+", match.group())
    found = PHRASES.get(tuple(_singular(w) for w in raw)) or PHRASES.get(tuple(raw))
    if found is None:  # a plural that _singular does not undo ("processes")
        found = PHRASES.get(tuple(w.rstrip("s") for w in raw), "")
    return found


_JOINERS = re.compile(r"[-./]")


# A translated word's tokens, on each side: what its English gives (filled at the end of the
# module, once `tokenize` exists). Both hold the same words; only phrases differ.
_TRANSLATED: dict[str, tuple[str, ...]] = {}
_QUERY_TRANSLATED: dict[str, tuple[str, ...]] = {}


def tokens_of(word: str, query: bool = False) -> tuple[str, ...]:
    """Tokens for one folded word (`_word_tokens` caches it: most words repeat); `query`: in a
    question (a translated phrase gives just its token)."""
    translated = (_QUERY_TRANSLATED if query else _TRANSLATED).get(word)
    if translated is not None:
        return translated
    canonical = CANONICAL.get(word)
    if canonical is not None:
        return (canonical,)
    if not word.isalnum():  # it holds a "-", ".", "/", "+" or "#"
        if word in WHOLE_TOKENS or (
            word.endswith(".js") and word.count(".") == 1 and word[0] != "."
        ):
            return (word,)
        cached = _query_word_tokens if query else _word_tokens
        if word[-1] in "+#":
            return cached(word.rstrip("+#"))
        if word[0] == "." or _JOINERS.search(word):
            # "cloud-native" should match "cloud", "python/go" both; only known compounds stay
            # whole.
            parts = _JOINERS.split(word)
            return tuple(t for part in parts if part and part != "go" for t in cached(part))
    if word in STOP_WORDS or word == "go" or (len(word) == 1 and word.isascii()):
        return ()
    singular = _singular(word) if len(word) > 3 and word.isalpha() else word
    if singular != word:
        translated = (_QUERY_TRANSLATED if query else _TRANSLATED).get(singular)
        if translated is not None:  # "développeurs"
            return translated
    return (CANONICAL.get(singular, singular),)


def _query_tokens_of(word: str) -> tuple[str, ...]:
    return tokens_of(word, query=True)


_word_tokens = lru_cache(maxsize=500_000)(tokens_of)
_query_word_tokens = lru_cache(maxsize=100_000)(_query_tokens_of)


_V = TypeVar("_V")


class BoundedCache(dict[str, _V]):
    """`compute(key)` remembered, up to `limit` entries (random words must not grow it forever).

    A miss goes through `__missing__`, so `map(cache.__getitem__, keys)` stays in C for hits.
    """

    def __init__(self, compute: Callable[[str], _V], limit: int) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: str) -> _V:
        value = self.compute(key)
        if len(self) < self.limit:
            self[key] = value
        return value


_WORDS = BoundedCache(_word_tokens, 1_000_000)
_QUERY_WORDS = BoundedCache(_query_word_tokens, 100_000)

# --- Chinese, Japanese, Korean ------------------------------------------------------------------


@lru_cache(maxsize=50_000)
def _run_tokens(run: str, query: bool) -> tuple[str, ...]:
    """Tokens for one run of CJK characters: Chinese words through the word tables (stop words,
    translations), other characters as bigrams."""
    if KANA_HANGUL.search(run):  # Japanese or Korean
        return tuple(bigrams(run))
    words = _QUERY_WORDS if query else _WORDS
    out: list[str] = []
    for part in HAN_PARTS.findall(run):
        if is_han(part):
            chinese = cut(part, subwords=not query, translated=_TRANSLATED)
            out.extend(chain.from_iterable(map(words.__getitem__, chinese)))
        else:
            out.extend(bigrams(part))
    return tuple(out)


def split_chinese(word: str) -> list[str]:
    """A space-free word cut where Chinese words end, as written ("远程后端" → "远程", "后端";
    "python开发" → "python", "开发"), so a question's words can be read one by one; any other
    word comes back whole."""
    if not CJK.search(word):
        return [word]
    out: list[str] = []
    pos = 0
    for m in CJK.finditer(word):
        if m.start() > pos:
            out.append(word[pos : m.start()])
        run = m.group()
        if KANA_HANGUL.search(run):
            out.append(run)
        else:
            for part in HAN_PARTS.findall(run):
                out.extend(cut(part) if is_han(part) else [part])
        pos = m.end()
    if pos < len(word):
        out.append(word[pos:])
    return out


def cjk_tokens(folded: str, *, query: bool = False) -> list[str]:
    """The tokens of the CJK runs in folded text, in order."""
    return [token for run in CJK.findall(folded) for token in _run_tokens(run, query)]


def scan(text: str, *, query: bool = False) -> tuple[list[str], list[str]]:
    """The two halves of `tokenize`: folded words (map each through `word_tokens`) and the
    tokens that need context (phrases, languages, CJK words and bigrams). The index builder uses
    this to map words straight to column ids with its own cache."""
    text = clean_text(text)
    folded = fold(text)
    ascii_only = folded.isascii()
    phrases = [key for m in PHRASE_RE.finditer(folded) if (key := phrase_key(m, folded))]
    if query and phrases:
        folded = PHRASE_RE.sub(" ", folded)
    words = (TOKEN_ASCII if ascii_only else TOKEN).findall(folded)
    extra = [w for w in words if w in {"go", "c", "r"}] if query else _languages(text, words)
    extra.extend(phrases)
    if not ascii_only:
        extra.extend(cjk_tokens(folded, query=query))
    return words, extra


def word_tokens(word: str, *, query: bool = False) -> tuple[str, ...]:
    """Tokens for one folded word from `scan` (cached)."""
    return (_QUERY_WORDS if query else _WORDS)[word]


def query_words_tokens(words: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """`word_tokens(word, query=True)` of many folded words, the cached look-ups kept in C."""
    return map(_QUERY_WORDS.__getitem__, words)


def tokenize(text: str, *, query: bool = False) -> list[str]:
    """Split text into canonical tokens.

    Regexes do the scanning and a per-word cache does the mapping, so a 20k-character body costs
    about a millisecond. Multi-word phrases ("site reliability engineer") add one token ("sre");
    posting text keeps the phrase's words as well, so "data" still finds "Data Engineer", while a
    question's phrase stays one precise term. `query=True` reads a bare "go", "c" or "r" as the
    language (nobody types the verb into a job search); in posting text "Go" counts as the
    language only where it reads like one ("in Go", "Python, Go", "Go/Rust").
    """
    words, extra = scan(text, query=query)
    out = list(chain.from_iterable(map((_QUERY_WORDS if query else _WORDS).__getitem__, words)))
    out.extend(extra)
    return out


def expand_synonyms(tokens: list[str]) -> list[str]:
    """Related tokens for a query's tokens, excluding the tokens themselves, in a stable order."""
    seen = set(tokens)
    out: list[str] = []
    for token in tokens:
        for related in QUERY_SYNONYMS.get(token, ()):
            if related not in seen:
                seen.add(related)
                out.append(related)
    return out


def _translations() -> None:
    """Fill `_TRANSLATED` and `_QUERY_TRANSLATED` from `TRANSLATIONS`: each word's tokens are its
    English's, on each side. (The English holds no translated word, so no cache has seen one.)"""
    for word, english in TRANSLATIONS.items():
        _TRANSLATED[word] = tuple(tokenize(english))
        _QUERY_TRANSLATED[word] = tuple(tokenize(english, query=True))


_translations()
