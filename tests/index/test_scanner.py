"""The chunk scanner gives exactly the plain tokenizer's tokens, mapped to columns, in its order —
on tricky text, on random text, and with its caches full."""

from __future__ import annotations

import random

import pytest

from index.scanner import ColumnScanner
from index.text import tokenize
from tests.index.test_build import TRICKY


def scanned(scanner: ColumnScanner, text: str, *, query: bool = False) -> list[int]:
    return scanner.columns(text, query=query)


def expected(vocab: dict[str, int], text: str, *, query: bool = False) -> list[int]:
    return [vocab.setdefault(t, len(vocab)) for t in tokenize(text, query=query)]


class Vocab(dict[str, int]):
    def __missing__(self, term: str) -> int:
        self[term] = len(self)
        return self[term]


@pytest.mark.parametrize("query", [False, True], ids=["posting", "query"])
def test_the_chunk_scanner_gives_tokenize_s_tokens_in_its_order(query: bool) -> None:
    vocab, reference = Vocab(), dict[str, int]()
    scanner = ColumnScanner(vocab.__getitem__)
    for _ in range(2):  # the second time every chunk is cached
        for text in TRICKY:
            assert scanned(scanner, text, query=query) == expected(reference, text, query=query)
    assert list(vocab) == list(reference)  # new terms arrive in tokenize's order


def test_the_chunk_scanner_matches_tokenize_on_random_text() -> None:
    rng = random.Random(5)
    words = [w for text in TRICKY for w in text.split()] + [
        "data", "science", "engineer", "machine", "learning", "site", "reliability", "Go", "C",
        "R", "c++", "node.js", "\u2028", "´", "’", "-", "/", ".", ",", "(", "e\u0301", "中文",
    ]  # fmt: skip
    glue = [" ", "  ", "\n", "\t", "", ",", "-", "/", ".", "\u00a0", "’"]
    vocab, reference = Vocab(), dict[str, int]()
    scanner = ColumnScanner(vocab.__getitem__)
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 12)))
        assert scanned(scanner, text) == expected(reference, text), text


def test_the_scanner_stays_exact_when_its_caches_are_full() -> None:
    vocab, reference = Vocab(), dict[str, int]()
    scanner = ColumnScanner(vocab.__getitem__, limit=8)  # caches stop growing, then `scan` all
    for text in TRICKY * 2:
        assert scanned(scanner, text) == expected(reference, text)
