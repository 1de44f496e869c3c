"""Chinese word segmentation (jieba) and the character bigrams of Japanese and Korean.

Chinese has no spaces, so a question's "远程后端" must be cut into "远程", "后端" the same way a
posting's text is. jieba's dictionary, plus the vocabulary's own Chinese words (it lacks many
job words), decides where words end; the tokenizer (`index.text`) then maps each word through
the word tables. Loaded once per process, on the first Chinese text it sees.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import warnings
from collections.abc import Container
from typing import Protocol

from index.vocabulary import CANONICAL, STOP_WORDS, TRANSLATIONS

__all__ = ["HAN_PARTS", "KANA_HANGUL", "bigrams", "cut", "is_han", "segmenter_words"]

# The ideographs jieba's dictionary and segmenter cover; other CJK characters (kana, hangul, rare
# ideographs) become character bigrams.
_HAN = "\u4e00-\u9fd5"
HAN_PARTS = re.compile(f"[{_HAN}]+|[^{_HAN}]+")
KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
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


def bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _with_subwords(
    segmenter: _Segmenter, words: list[str], translated: Container[str]
) -> list[str]:
    """`words` with, before each longer word, the dictionary words of two and three characters
    inside it (jieba's search mode), but no stop words, and inside a translated word no
    translated ones: "区块链" is also "区块", "数据库" also `data`, while "软件工程师" is not
    `software` and `engineer` twice."""
    out: list[str] = []
    known = segmenter.FREQ
    for word in words:
        if len(word) > 2:
            inside_translated = word in translated
            for size in (2, 3) if len(word) > 3 else (2,):
                for i in range(len(word) - size + 1):
                    part = word[i : i + size]
                    if (
                        known.get(part)
                        and part not in STOP_WORDS
                        and not (inside_translated and part in translated)
                    ):
                        out.append(part)
        out.append(word)
    return out


def is_han(part: str) -> bool:
    """Whether a part of `HAN_PARTS` is Chinese ideographs (else other CJK characters)."""
    return "\u4e00" <= part[0] <= "\u9fd5"


def cut(part: str, *, subwords: bool = False, translated: Container[str] = ()) -> list[str]:
    """Chinese words of a run of ideographs (`is_han`), in precise mode; `subwords` (postings)
    adds the dictionary words inside longer words as jieba's search mode does, except inside a
    word of `translated` (whose English already says it)."""
    segmenter = _segment()
    words = segmenter.lcut(part, HMM=_HMM)
    return _with_subwords(segmenter, words, translated) if subwords else words
