"""The term table: column ↔ term, by hash, without a dict."""

from __future__ import annotations

import zlib

import pytest

from index.terms import TermTable


def test_every_term_maps_to_its_column_and_back() -> None:
    terms = ["python", "c++", "node.js", "zürich", "東京", "", "k8s"]
    table = TermTable.from_terms(terms)
    assert len(table) == len(terms) and list(table) == terms
    for column, term in enumerate(terms):
        assert table.get(term) == column == table.column(term)
        assert table[column] == term and term in table
    assert table[-1] == "k8s"
    assert table.find(["k8s", "nope", "python", "k8s"]) == {"k8s": 6, "python": 0}


def test_unknown_terms_are_absent_not_guessed() -> None:
    table = TermTable.from_terms(["python", "go"])
    assert table.get("pyth") is None and "rust" not in table
    assert 3 not in table  # type: ignore[comparison-overlap]  # not a str: never a term
    with pytest.raises(KeyError):
        table.column("rust")
    with pytest.raises(IndexError):
        table[2]


def test_terms_with_the_same_crc32_are_told_apart() -> None:
    assert zlib.crc32(b"plumless") == zlib.crc32(b"buckeroo")  # a known collision
    table = TermTable.from_terms(["buckeroo", "x", "plumless"])
    assert table.get("plumless") == 2 and table.get("buckeroo") == 0


def test_an_empty_table_finds_nothing() -> None:
    table = TermTable.from_terms([])
    assert len(table) == 0 and table.get("x") is None and list(table) == []


def test_remembered_lookups_stay_right_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("index.terms._MEMO", 3)
    terms = [f"t{i}" for i in range(20)]
    table = TermTable.from_terms(terms)
    for _ in range(2):
        for column, term in enumerate(terms):
            assert table.get(term) == column and table.get(term + "x") is None
    assert len(table._memo) <= 3
