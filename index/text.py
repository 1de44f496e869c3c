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

import logging
import os
import re
import threading
import unicodedata
import warnings
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from typing import Protocol, TypeVar

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
    "BoundedCache",
    "ColumnScanner",
    "clean_text",
    "expand_synonyms",
    "fold",
    "query_words_tokens",
    "segmenter_words",
    "split_chinese",
    "tokenize",
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
_CJK = re.compile(rf"[{_CJK_RANGES}]+")
# Letters and digits of any script ("łódź", "москва" must not vanish) except CJK, which has no
# spaces between words: Chinese is segmented into words, kana and hangul become bigrams.
_LETTER = rf"[^\W_{_CJK_RANGES}]"
# Tech tokens that must survive whole; tried before the generic word pattern.
# One cheap pattern: a run of letters/digits, optionally joined by "-", "." or "/" and ending in
# "+"/"#" ("c++", "c#", "node.js", "ci/cd", ".net"). Joined words that are not known tech tokens
# are split again in `_word_tokens` (cached), which is much faster than a regex alternation.
_TECH = rf"\.?{_LETTER}+(?:[-./]{_LETTER}+)*[+#]*"
_TOKEN = re.compile(_TECH)
_TOKEN_ASCII = re.compile(r"\.?[a-z0-9]+(?:[-./][a-z0-9]+)*[+#]*")  # same, 2× faster on ASCII

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
_LETTER_OR_FOLDS = re.compile(f"[^\\x00-\\x7f{_INERT_SYMBOLS}]")


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
    allowed. The word boundary before a match is checked in `_phrase_key` (a leading
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


_PHRASE_RE = _phrase_regex()
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
    return _languages_in(text, c_or_r="c" in words or "r" in words)


def _languages_in(text: str, *, c_or_r: bool) -> list[str]:
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


def _phrase_key(match: re.Match[str], text: str) -> str:
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


def _tokens_of(word: str, query: bool = False) -> tuple[str, ...]:
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
    return _tokens_of(word, query=True)


_word_tokens = lru_cache(maxsize=500_000)(_tokens_of)
_query_word_tokens = lru_cache(maxsize=100_000)(_query_tokens_of)


class _WordCache(dict[str, tuple[str, ...]]):
    """word → tokens, filled on first sight; `map(cache.__getitem__, words)` stays in C."""

    def __init__(self, tokens: Callable[[str], tuple[str, ...]], limit: int) -> None:
        super().__init__()
        self._tokens = tokens
        self._limit = limit

    def __missing__(self, word: str) -> tuple[str, ...]:
        tokens = self._tokens(word)
        if len(self) < self._limit:  # bounded: perturbed or random words must not grow forever
            self[word] = tokens
        return tokens


_WORDS = _WordCache(_word_tokens, 1_000_000)
_QUERY_WORDS = _WordCache(_query_word_tokens, 100_000)


# --- Chinese, Japanese, Korean ------------------------------------------------------------------

# The ideographs jieba's dictionary and segmenter cover; other CJK characters (kana, hangul, rare
# ideographs) become character bigrams.
_HAN = "\u4e00-\u9fd5"
_HAN_PARTS = re.compile(f"[{_HAN}]+|[^{_HAN}]+")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
# How Chinese is cut. Both sides: jieba's precise mode, without its HMM (which guesses words the
# dictionary lacks, differently in a short question and in a long posting; plain dictionary
# words and single characters agree). Postings also get the dictionary words inside a longer
# word, as jieba's search mode does ("交易系统" is also "交易", "系统"), so a question's shorter
# word still meets the posting; questions keep the precise words, so "Searched for" shows the
# words the user typed (the way phrases work: postings keep the words, a question the token).
_HMM = False


class _Segmenter(Protocol):
    """The part of `jieba.Tokenizer` the tokenizer uses."""

    def lcut(self, sentence: str, cut_all: bool = ..., HMM: bool = ...) -> list[str]: ...

    def add_word(self, word: str, freq: int | None = ..., tag: str | None = ...) -> None: ...

    FREQ: dict[str, int]


_segmenter: _Segmenter | None = None
_segmenter_lock = threading.Lock()


def segmenter_words() -> list[str]:
    """The vocabulary's Chinese words, which the segmenter keeps whole (jieba's dictionary lacks
    many job words: "后端", "区块链", "运维"), in a stable order."""
    han = re.compile(f"[{_HAN}]+")
    return sorted(w for w in (*TRANSLATIONS, *STOP_WORDS, *CANONICAL) if han.fullmatch(w))


def _load_segmenter() -> _Segmenter:
    """A jieba tokenizer of its own (jieba's global one stays untouched), with its dictionary
    read straight from the package: jieba's own loading would log to stderr and keep a cache
    file in the shared temporary folder. About 0.7 s and 60 MB, once per process."""
    with warnings.catch_warnings():  # jieba imports pkg_resources, deprecated in setuptools
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    with open(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME), "rb") as f:
        segmenter.FREQ, segmenter.total = segmenter.gen_pfdict(f)
    segmenter.initialized = True
    for word in segmenter_words():
        segmenter.add_word(word)
    loaded: _Segmenter = segmenter
    return loaded


def _segment() -> _Segmenter:
    """The process's segmenter, loaded on first use (threads wait for the one load)."""
    global _segmenter
    found = _segmenter
    if found is None:
        with _segmenter_lock:
            if _segmenter is None:
                _segmenter = _load_segmenter()
            found = _segmenter
    return found


def _after_fork() -> None:
    global _segmenter_lock
    _segmenter_lock = threading.Lock()  # a fork while another thread loaded must not deadlock


os.register_at_fork(after_in_child=_after_fork)


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _with_subwords(segmenter: _Segmenter, words: list[str]) -> list[str]:
    """`words` with, before each longer word, the dictionary words of two and three characters
    inside it (jieba's search mode), but no stop words, and inside a translated word no
    translated ones: "区块链" is also "区块", "数据库" also `data`, while "软件工程师" is not
    `software` and `engineer` twice."""
    out: list[str] = []
    known = segmenter.FREQ
    for word in words:
        if len(word) > 2:
            translated = word in _TRANSLATED
            for size in (2, 3) if len(word) > 3 else (2,):
                for i in range(len(word) - size + 1):
                    part = word[i : i + size]
                    if (
                        known.get(part)
                        and part not in STOP_WORDS
                        and not (translated and part in _TRANSLATED)
                    ):
                        out.append(part)
        out.append(word)
    return out


@lru_cache(maxsize=50_000)
def _run_tokens(run: str, query: bool) -> tuple[str, ...]:
    """Tokens for one run of CJK characters: Chinese words through the word tables (stop words,
    translations), other characters as bigrams."""
    if _KANA_HANGUL.search(run):  # Japanese or Korean
        return tuple(_bigrams(run))
    words = _QUERY_WORDS if query else _WORDS
    segmenter = _segment()
    out: list[str] = []
    for part in _HAN_PARTS.findall(run):
        if "\u4e00" <= part[0] <= "\u9fd5":
            cut = segmenter.lcut(part, HMM=_HMM)
            if not query:
                cut = _with_subwords(segmenter, cut)
            out.extend(chain.from_iterable(map(words.__getitem__, cut)))
        else:
            out.extend(_bigrams(part))
    return tuple(out)


def split_chinese(word: str) -> list[str]:
    """A space-free word cut where Chinese words end, as written ("远程后端" → "远程", "后端";
    "python开发" → "python", "开发"), so a question's words can be read one by one; any other
    word comes back whole."""
    if not _CJK.search(word):
        return [word]
    out: list[str] = []
    pos = 0
    for m in _CJK.finditer(word):
        if m.start() > pos:
            out.append(word[pos : m.start()])
        run = m.group()
        if _KANA_HANGUL.search(run):
            out.append(run)
        else:
            for part in _HAN_PARTS.findall(run):
                chinese = "\u4e00" <= part[0] <= "\u9fd5"
                out.extend(_segment().lcut(part, HMM=_HMM) if chinese else [part])
        pos = m.end()
    if pos < len(word):
        out.append(word[pos:])
    return out


def _cjk_tokens(folded: str, *, query: bool = False) -> list[str]:
    """The tokens of the CJK runs in folded text, in order."""
    return [token for run in _CJK.findall(folded) for token in _run_tokens(run, query)]


def scan(text: str, *, query: bool = False) -> tuple[list[str], list[str]]:
    """The two halves of `tokenize`: folded words (map each through `word_tokens`) and the
    tokens that need context (phrases, languages, CJK words and bigrams). The index builder uses
    this to map words straight to column ids with its own cache."""
    text = clean_text(text)
    folded = fold(text)
    ascii_only = folded.isascii()
    phrases = [key for m in _PHRASE_RE.finditer(folded) if (key := _phrase_key(m, folded))]
    if query and phrases:
        folded = _PHRASE_RE.sub(" ", folded)
    words = (_TOKEN_ASCII if ascii_only else _TOKEN).findall(folded)
    extra = [w for w in words if w in {"go", "c", "r"}] if query else _languages(text, words)
    extra.extend(phrases)
    if not ascii_only:
        extra.extend(_cjk_tokens(folded, query=query))
    return words, extra


def word_tokens(word: str, *, query: bool = False) -> tuple[str, ...]:
    """Tokens for one folded word from `scan` (cached)."""
    return (_QUERY_WORDS if query else _WORDS)[word]


def query_words_tokens(words: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """`word_tokens(word, query=True)` of many folded words, the cached look-ups kept in C."""
    return map(_QUERY_WORDS.__getitem__, words)


def _first_word_forms() -> dict[str, tuple[str, ...]]:
    """The spellings `_PHRASE_RE` accepts for a phrase's first word, keyed by their last four
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
    """Exactly `_PHRASE_RE.finditer(folded)`'s phrase tokens, trying the regex only where one
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
        match = _PHRASE_RE.match(folded, start)
        if match is not None:
            end = match.end()
            if key := _phrase_key(match, folded):
                out.append(key)
    return out


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
        elif _LETTER_OR_FOLDS.search(text) is None:  # folding only lower-cases it
            folded = text.lower()
            pieces = folded.encode("ascii", "replace").translate(_SPLIT_AT_BYTES).decode().split()
        else:  # letters beyond ASCII, accents, compatibility forms: chunks as they are
            pieces = text.split()
        chunks.extend(map(self._chunks.__getitem__, pieces))
        present = self._special.intersection(pieces)
        c_or_r = bool(present) and not self._language.isdisjoint(present)
        if c_or_r or "Go" in text or "C/" in text or "/C" in text or "R/" in text or "/R" in text:
            columns.extend(map(self._column, _languages_in(text, c_or_r=c_or_r)))
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
        return tuple(map(self._column, _tokens_of(word)))

    def _query_word_tokens(self, word: str) -> tuple[int, ...]:
        return tuple(map(self._column, _tokens_of(word, query=True)))

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
            ids = tuple(map(self._column, _tokens_of(folded))) if found is None else found
            if folded[-_FORM_KEY:] in _FIRST_FORMS or folded in _LANGUAGE_WORDS:
                return self._special_word(chunk, folded, ids)
            return ids[0] if len(ids) == 1 else self._group(ids)
        word = folded.lstrip(_LEFT_EDGE).rstrip(_RIGHT_EDGE) if plain else ""
        if word.isalnum():  # one word between punctuation that cannot join a token
            ids = self._words[word]
            language = word in _LANGUAGE_WORDS
        else:
            words = (_TOKEN_ASCII if folded.isascii() else _TOKEN).findall(folded)
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
        if not plain and _CJK.search(folded):
            self._cjk[chunk] = tuple(_cjk_tokens(folded))
            special = True
        if special:
            self._special.add(chunk)
            if len(self._special) > self._limit:
                self._exact = True
        return ids[0] if len(ids) == 1 else self._group(ids)


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
