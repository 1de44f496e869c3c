"""bot/bench/engines.py: the three engines of the relevance benchmark on the bundled seeds, and
the FTS5 table and query shared with the speed bench."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from bot.bench import engines as be
from index import Posting
from tests.support.paths import SEEDS

TODAY = date(2026, 6, 1)


def test_the_match_expression_quotes_every_word_and_ors_them() -> None:
    assert be.fts5_match("Remote SRE, terraform!") == '"remote" OR "sre" OR "terraform"'
    assert be.fts5_match('c++ "AND" NOT (x') == '"c" OR "and" OR "not" OR "x"'
    assert be.fts5_match("远程 后端") == '"远程" OR "后端"'
    assert be.fts5_match("?! --") is None


def test_fts5_ranks_by_bm25_over_the_five_columns() -> None:
    postings = [
        Posting(id="a", title="Gardener", body="plants"),
        Posting(id="b", title="Kubernetes Engineer", tags=("kubernetes",), body="kubernetes"),
        Posting(id="c", title="Engineer", location="Berlin", body="we run kubernetes"),
    ]
    db = sqlite3.connect(":memory:")
    be.fts5_create(db, postings)
    assert be.fts5_search(db, "kubernetes", 10) == [2, 3]
    assert be.fts5_search(db, "berlin OR NEAR(", 10) == [3]  # FTS syntax is quoted away
    assert be.fts5_search(db, "", 10) == []
    assert be.fts5_search(db, "kubernetes", 1) == [2]


@pytest.fixture(scope="module")
def engines() -> be.Engines:
    return be.engines_for(SEEDS)


@pytest.mark.parametrize("engine", be.ENGINES)
def test_every_engine_ranks_the_seeds(engines: be.Engines, engine: str) -> None:
    ranked = engines.ranking(engine, "remote SRE terraform", 5, today=TODAY)
    assert 0 < len(ranked) <= 5
    assert all(isinstance(p, Posting) and p.body for p in ranked)  # full postings, with bodies
    assert len({p.id for p in ranked}) == len(ranked)
    assert ranked == engines.ranking(engine, "remote SRE terraform", 5, today=TODAY)
    assert engines.build_seconds[engine] >= 0


def test_engines_are_loaded_once_per_folder_and_refuse_an_unknown_engine(
    engines: be.Engines,
) -> None:
    assert be.engines_for(SEEDS) is engines
    assert engines.by_id[engines.postings[0].id] is engines.postings[0]
    assert engines.ranking("bm25s", "zzzzqqq", 5, today=TODAY) == []
    with pytest.raises(ValueError, match="unknown engine"):
        engines.ranking("grep", "x", 5, today=TODAY)
    assert "Site Reliability" in be.indexed_text(
        Posting(id="x", title="Site Reliability", tags=("sre",))
    )
